"""The bureau's integrity pages (PRJ-6): suspected repeats side by side, spot checks through the
page, the verification queue; who may see them; query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhaoshang.core.models import AuditEvent
from zhaoshang.core.roles import BUREAU_ADMIN
from zhaoshang.orgs.models import Membership, User
from zhaoshang.projects import integrity
from zhaoshang.projects.choices import FlagStatus
from zhaoshang.projects.models import Project, RepeatFlag, SpotCheck, SpotCheckItem, Stage

pytestmark = pytest.mark.django_db

HUB = "/projects/integrity/"
FLAGS = "/projects/integrity/flags/"
SPOT = "/projects/integrity/spot-checks/"
QUEUE = "/projects/integrity/verification/"


def _flagged_pair(make_project, **later):
    earlier = make_project(
        investor_name="河北沧澜钢铁集团有限公司", name="沧澜钢铁技改项目", site="经开区纬三路东段"
    )
    fields = {"investor_name": "沧澜钢铁集团（有限）公司", "name": "年产30万吨精品钢项目"}
    fields.update(later)
    project = make_project(**fields)
    return earlier, project, RepeatFlag.objects.get(project=project, earlier=earlier)


def _landed(make_project, count, **fields):
    landed = Stage.objects.get(code="landed")
    projects = [
        make_project(investor_name=f"落地投资方{i}号", name=f"落地项目{i}号", **fields)
        for i in range(count)
    ]
    # Walking every gate is tested elsewhere; here only the stage matters.
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(
        stage=landed, stage_entered_at=timezone.now()
    )
    return projects


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _scoped_integrity_holder(unit):
    """A bureau role held on one zone only: integrity rights inside that zone's subtree."""
    user = User.objects.create_user(
        username="zone_inspector", password="x", full_name="钱检查", must_change_password=False
    )
    Membership.objects.create(user=user, unit=unit, role=BUREAU_ADMIN)
    return user


# --- suspected repeats -------------------------------------------------------------------------


def test_flag_page_shows_both_projects_side_by_side(make_project, cast, client_for):
    earlier, project, flag = _flagged_pair(make_project, site="经开区纬三路东段")
    body = client_for(cast["bureau_admin"]).get(f"{FLAGS}{flag.pk}/").content.decode()
    for p in (earlier, project):
        assert p.code in body and p.name in body and p.investor_name in body
    comparison = body.split('id="comparison"')[1].split("</section>")[0]
    rows = {
        chunk.split('"')[0]: chunk.split(">")[0] for chunk in comparison.split('data-row="')[1:]
    }
    assert "list-group-item-warning" in comparison.split('data-row="investor"')[0][-80:]
    assert "list-group-item-warning" in comparison.split('data-row="site"')[0][-80:]
    assert "list-group-item-warning" not in comparison.split('data-row="industry"')[0][-80:]
    assert {"credit_code", "unit", "stage", "investment", "evidence", "transitions"} <= set(rows)
    assert str(integrity.REASONS["investor"]) in body and str(integrity.REASONS["site"]) in body
    assert 'id="resolve"' in body


def test_the_detail_page_links_to_the_flag(make_project, cast, client_for):
    _earlier, project, flag = _flagged_pair(make_project)
    body = client_for(cast["bureau_admin"]).get(f"/projects/{project.code}/").content.decode()
    assert f"{FLAGS}{flag.pk}/" in body


def test_resolving_as_different_needs_a_note(make_project, cast, client_for):
    _earlier, project, flag = _flagged_pair(make_project)
    client = client_for(cast["bureau_admin"])
    audit_before = AuditEvent.objects.count()
    response = client.post(f"{FLAGS}{flag.pk}/", {"status": "different", "note": " "})
    assert response.status_code == 200 and 'id="resolve-errors"' in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN and AuditEvent.objects.count() == audit_before
    response = client.post(
        f"{FLAGS}{flag.pk}/", {"status": "different", "note": "同一投资方的二期新项目"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    project.refresh_from_db()
    assert flag.status == FlagStatus.DIFFERENT and flag.resolved_by == cast["bureau_admin"]
    assert not project.suspected_repeat and project.stage.code == "negotiating"
    body = client.get(f"{FLAGS}{flag.pk}/").content.decode()
    assert 'id="resolution"' in body and "同一投资方的二期新项目" in body
    assert 'id="resolve"' not in body


def test_rejected_through_the_page_drops_the_project_as_a_repeat(make_project, cast, client_for):
    _earlier, project, flag = _flagged_pair(make_project)
    response = client_for(cast["bureau_admin"]).post(
        f"{FLAGS}{flag.pk}/", {"status": "rejected", "note": "2019年已签约项目"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage.code == "dropped" and project.drop_reason.code == "repeat"
    assert RepeatFlag.objects.get(pk=flag.pk).status == FlagStatus.SAME_REJECTED


def test_resolving_twice_is_refused_in_chinese(make_project, cast, client_for):
    _earlier, _project, flag = _flagged_pair(make_project)
    client = client_for(cast["bureau_admin"])
    client.post(f"{FLAGS}{flag.pk}/", {"status": "different", "note": "不同地块"})
    response = client.post(f"{FLAGS}{flag.pk}/", {"status": "rejected"})
    assert response.status_code == 200
    assert RepeatFlag.objects.get(pk=flag.pk).status == FlagStatus.DIFFERENT


def test_unit_staff_gets_403_in_scope_and_404_out_of_scope(make_project, cast, client_for, units):
    _e, _p, mine = _flagged_pair(make_project)
    _e, _p, theirs = _flagged_pair(
        lambda **f: make_project(actor=cast["unit_b_staff"], unit=units["town1"], **f)
    )
    client = client_for(cast["unit_a_staff"])
    for url in (HUB, FLAGS, SPOT):
        assert client.get(url).status_code == 403, url
    assert client.get(f"{FLAGS}{mine.pk}/").status_code == 403
    assert client.get(f"{FLAGS}{theirs.pk}/").status_code == 404
    audit_before = AuditEvent.objects.count()
    assert client.post(f"{FLAGS}{mine.pk}/", {"status": "rejected"}).status_code == 403
    assert RepeatFlag.objects.get(pk=mine.pk).status == FlagStatus.OPEN
    assert AuditEvent.objects.count() == audit_before


def test_scoped_integrity_holder_sees_only_flags_of_their_units(
    make_project, cast, units, client_for
):
    _e, _p, inside = _flagged_pair(make_project)
    _e, outside_project, outside = _flagged_pair(
        lambda **f: make_project(actor=cast["unit_b_staff"], unit=units["town1"], **f),
        investor_name="沧澜钢铁集团（有限）公司",
        name="城关镇精品钢项目",
    )
    client = client_for(_scoped_integrity_holder(units["zone1"]))
    body = client.get(FLAGS).content.decode()
    assert f"{FLAGS}{inside.pk}/" in body and f"{FLAGS}{outside.pk}/" not in body
    assert client.get(f"{FLAGS}{inside.pk}/").status_code == 200
    assert client.get(f"{FLAGS}{outside.pk}/").status_code == 404
    client.post(f"{FLAGS}{outside.pk}/", {"status": "rejected"})
    assert Project.objects.get(pk=outside_project.pk).stage.code == "negotiating"


def test_flag_list_shows_open_flags_unless_asked_for_resolved(make_project, cast, client_for):
    _e, _p, first = _flagged_pair(make_project)
    _e, _p, second = _flagged_pair(
        make_project, investor_name="沧澜钢铁集团公司", name="沧澜钢铁二期项目"
    )
    integrity.flag_resolve(
        actor=cast["bureau_admin"], flag=first, status=FlagStatus.DIFFERENT, note="不同"
    )
    client = client_for(cast["bureau_admin"])
    body = client.get(FLAGS).content.decode()
    assert f"{FLAGS}{second.pk}/" in body and f"{FLAGS}{first.pk}/" not in body
    body = client.get(f"{FLAGS}?state=resolved").content.decode()
    assert f"{FLAGS}{first.pk}/" in body and f"{FLAGS}{second.pk}/" not in body
    body = client.get(f"{FLAGS}?state=").content.decode()
    assert f"{FLAGS}{first.pk}/" in body and f"{FLAGS}{second.pk}/" in body


def test_flag_list_query_count_does_not_grow_with_flags(make_project, cast, client_for):
    client = client_for(cast["bureau_admin"])
    _flagged_pair(make_project)
    client.get(FLAGS)
    few = _queries(client, f"{FLAGS}?state=")
    for n in range(6):
        make_project(investor_name=f"重复投资方{n}号有限公司", name=f"重复项目{n}号甲")
        make_project(investor_name=f"重复投资方{n}号有限公司", name=f"重复项目{n}号乙")
    assert RepeatFlag.objects.count() > 6
    assert _queries(client, f"{FLAGS}?state=") == few


# --- spot checks -------------------------------------------------------------------------------


def test_spot_check_draw_is_reproducible_through_the_page(make_project, cast, client_for):
    _landed(make_project, 9)
    client = client_for(cast["bureau_admin"])
    response = client.post(SPOT, {"title": "一季度抽查", "size": "3", "seed": "20260401"})
    assert response.status_code == 302
    first = SpotCheck.objects.get(title="一季度抽查")
    assert response["Location"] == f"{SPOT}{first.public_id}/"
    assert (first.seed, first.size, first.population) == (20260401, 3, 9)
    body = client.get(response["Location"]).content.decode()
    assert "20260401" in body and 'id="spot-population">9<' in body
    drawn = sorted(first.items.values_list("project__code", flat=True))
    assert all(code in body for code in drawn)
    assert "seed=20260401" in body  # the "draw again" link carries the seed
    client.post(SPOT, {"title": "复核", "size": "3", "seed": "20260401"})
    again = SpotCheck.objects.get(title="复核")
    assert sorted(again.items.values_list("project__code", flat=True)) == drawn


def test_draw_form_is_prefilled_to_repeat_a_draw(cast, client_for):
    body = client_for(cast["bureau_admin"]).get(f"{SPOT}?seed=77&size=4").content.decode()
    assert 'value="77"' in body and 'value="4"' in body


def test_draw_without_landed_projects_is_refused_and_nothing_is_drawn(cast, client_for):
    response = client_for(cast["bureau_admin"]).post(SPOT, {"title": "抽查", "size": "3"})
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    assert not SpotCheck.objects.exists()


def test_spot_check_outcome_is_recorded_through_the_page(make_project, cast, client_for):
    _landed(make_project, 4)
    check = integrity.spot_check_draw(actor=cast["bureau_admin"], title="抽查", size=2, seed=5)
    item = check.items.first()
    url = f"{SPOT}{check.public_id}/"
    client = client_for(cast["bureau_admin"])
    response = client.post(url, {"item": item.pk, "outcome": "discrepancy", "note": ""})
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    assert SpotCheckItem.objects.get(pk=item.pk).outcome == "pending"
    response = client.post(url, {"item": item.pk, "outcome": "discrepancy", "note": "未见厂房"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    assert (item.outcome, item.note, item.checked_by) == (
        "discrepancy",
        "未见厂房",
        cast["bureau_admin"],
    )
    assert "未见厂房" in client.get(url).content.decode()


def test_unit_staff_cannot_see_or_record_spot_checks(make_project, cast, client_for):
    _landed(make_project, 2)
    check = integrity.spot_check_draw(actor=cast["bureau_admin"], title="抽查", size=1, seed=3)
    item = check.items.get()
    client = client_for(cast["unit_a_staff"])
    url = f"{SPOT}{check.public_id}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"item": item.pk, "outcome": "confirmed"}).status_code == 403
    assert client.post(SPOT, {"title": "x", "size": "1"}).status_code == 403
    assert SpotCheckItem.objects.get(pk=item.pk).outcome == "pending"
    assert SpotCheck.objects.count() == 1


def test_spot_check_list_query_count_does_not_grow(make_project, cast, client_for):
    _landed(make_project, 6)
    client = client_for(cast["bureau_admin"])
    integrity.spot_check_draw(actor=cast["bureau_admin"], title="第1次", size=2)
    client.get(SPOT)
    one = _queries(client, SPOT)
    for n in range(5):
        integrity.spot_check_draw(actor=cast["bureau_admin"], title=f"第{n + 2}次", size=3)
    assert _queries(client, SPOT) == one
    check = SpotCheck.objects.first()
    few = _queries(client, f"{SPOT}{check.public_id}/")
    more = integrity.spot_check_draw(actor=cast["bureau_admin"], title="大样本", size=6)
    assert _queries(client, f"{SPOT}{more.public_id}/") == few


# --- verification queue and hub -----------------------------------------------------------------


def test_verification_queue_lists_landed_unverified_projects_in_scope(
    make_project, cast, client_for, units
):
    waiting, verified = _landed(make_project, 2)
    Project.objects.filter(pk=verified.pk).update(
        verified_at=timezone.now(), verified_by=cast["bureau_admin"]
    )
    talking = make_project(investor_name="洽谈中投资方", name="洽谈中项目")
    body = client_for(cast["bureau_admin"]).get(QUEUE).content.decode()
    assert waiting.code in body
    assert verified.code not in body and talking.code not in body
    assert f"/projects/{waiting.code}/" in body
    assert client_for(cast["unit_a_staff"]).get(QUEUE).status_code == 403


def test_verification_queue_query_count_does_not_grow(make_project, cast, client_for):
    client = client_for(cast["bureau_admin"])
    _landed(make_project, 2)
    client.get(QUEUE)
    few = _queries(client, QUEUE)
    _landed(make_project, 10)
    assert _queries(client, QUEUE) == few


def test_hub_counts_and_navigation(make_project, cast, client_for):
    _flagged_pair(make_project)
    _landed(make_project, 3)
    client = client_for(cast["bureau_admin"])
    body = client.get(HUB).content.decode()
    nav = body.split('id="main-nav"')[1].split("</ul>")[0]
    assert HUB in nav and "/projects/settings/" in nav
    for url in (FLAGS, SPOT, QUEUE):
        assert url in body
    staff_nav = client_for(cast["unit_a_staff"]).get("/").content.decode()
    staff_nav = staff_nav.split('id="main-nav"')[1].split("</ul>")[0]
    assert HUB not in staff_nav and "/projects/settings/" not in staff_nav
