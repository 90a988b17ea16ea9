"""The method pages, scores on demand, breakdowns, adjustments and publishing, as users see them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessment.methods import load_method, method_text
from zhaoshang.assessment import services_scores as services
from zhaoshang.assessment.choices import AdjustmentStatus
from zhaoshang.assessment.models import Adjustment, Method, Ranking
from zhaoshang.core.models import AuditEvent


@pytest.fixture
def method(year2025, cast, county):
    return services.method_save(
        actor=cast["bureau_admin"], year=year2025, document=load_method("ratio-to-target.yaml")
    )


def test_bureau_enters_a_method_on_the_page_and_a_bad_one_changes_nothing(
    year2025, cast, client_for
):
    client = client_for(cast["bureau_admin"])
    url = reverse("assessment:method_edit", args=[2025])
    bad = method_text("ratio-to-target.yaml").replace("points: 40", "points: 四十")
    bad = bad.replace("target: landed,", "target: nothing,")
    response = client.post(url, {"text": bad, "note": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "indicators[1].scoring.points：必须是数字" in page
    assert "indicators[1].scoring.target" in page
    assert not Method.objects.exists()
    response = client.post(url, {"text": method_text("ratio-to-target.yaml"), "note": "初稿"})
    assert response.status_code == 302
    method = Method.objects.get()
    assert (method.version, method.note) == (1, "初稿")
    page = client.get(reverse("assessment:method", args=[2025])).content.decode()
    assert "本地投资者项目不予认定" in page or "本地投资者" in page
    assert "落地项目个数" in page


def test_the_same_method_again_is_refused_and_an_import_adds_a_version(year2025, cast, client_for):
    client = client_for(cast["bureau_admin"])
    services.method_save(
        actor=cast["bureau_admin"], year=year2025, document=method_text("efficacy.yaml")
    )
    with pytest.raises(ValidationError):
        services.method_save(
            actor=cast["bureau_admin"], year=year2025, document=method_text("efficacy.yaml")
        )
    upload = SimpleUploadedFile(
        "method.json",
        services.schema.dump_json(load_method("bands-and-tours.yaml")).encode(),
        content_type="application/json",
    )
    response = client.post(
        reverse("assessment:method_upload", args=[2025]), {"file": upload, "note": "改为分档"}
    )
    assert response.status_code == 302
    assert list(Method.objects.values_list("version", flat=True).order_by("version")) == [1, 2]
    yaml_file = client.get(reverse("assessment:method_download", args=[2025, "yaml"]))
    assert "示例三" in yaml_file.content.decode()


def test_a_unit_may_read_the_method_but_not_change_it(year2025, cast, client_for, audit_count):
    client = client_for(cast["unit_a_staff"])
    assert client.get(reverse("assessment:method", args=[2025])).status_code == 200
    before = audit_count()
    response = client.post(
        reverse("assessment:method_edit", args=[2025]), {"text": method_text("efficacy.yaml")}
    )
    assert response.status_code == 403
    assert not Method.objects.exists() and audit_count() == before


def test_scores_page_ranks_each_group_and_links_each_unit(method, cast, client_for):
    # No 2025 report was filed in this county: twelve missing reports cost zone1 the 6-point
    # cap, and projects not started in time another 6, so 40 + 33 + 20 − 6 − 6 = 81.
    client = client_for(cast["bureau_admin"])
    response = client.get(reverse("assessment:scores", args=[2025]))
    page = response.content.decode()
    assert "开发区组" in page and "乡镇组" in page
    assert reverse("assessment:breakdown", args=[2025, "zone1"]) in page
    assert "81.00" in page


def test_unit_staff_see_their_own_breakdown_only(method, cast, client_for, county):
    client = client_for(cast["unit_a_staff"])
    assert client.get(reverse("assessment:scores", args=[2025])).status_code == 403
    other = client.get(reverse("assessment:breakdown", args=[2025, "zone2"]))
    assert other.status_code == 404
    page = client.get(reverse("assessment:breakdown", args=[2025, "zone1"])).content.decode()
    assert county["P1"].code in page
    assert "未经招商局核实" in page
    assert "本地投资者" in page
    assert "81.00" in page


def test_scores_page_query_count_does_not_grow_with_projects(
    method, cast, client_for, make_project, units
):
    client = client_for(cast["bureau_admin"])
    url = reverse("assessment:scores", args=[2025])
    client.get(url)  # the session and the stage cache are read once per process
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for _ in range(6):
        make_project(actor=cast["bureau_admin"], unit=units["town2"])
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)


def test_an_adjustment_needs_a_second_person_and_shows_in_the_breakdown(
    method, year2025, cast, units, client_for, audit_count
):
    adjustment = services.adjustment_request(
        actor=cast["bureau_admin"],
        year=year2025,
        unit=units["zone2"],
        points=Decimal("3"),
        reason="承办全县项目观摩现场会",
    )
    with pytest.raises(ValidationError):
        services.adjustment_decide(actor=cast["bureau_admin"], adjustment=adjustment, approve=True)
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services.adjustment_decide(actor=cast["unit_a_head"], adjustment=adjustment, approve=True)
    assert audit_count() == before
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.PENDING
    client = client_for(cast["leader"])
    client.post(
        reverse("assessment:adjustment_decide", args=[2025, adjustment.public_id]),
        {"decision": "approve", "decision_note": ""},
    )
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.APPROVED
    assert AuditEvent.objects.filter(object_id=str(adjustment.public_id)).count() == 2
    page = client.get(reverse("assessment:breakdown", args=[2025, "zone2"])).content.decode()
    assert "承办全县项目观摩现场会" in page
    # 20 + 18 + 7.5, −6 for twelve missing reports (capped), −2 overdue start, +3 adjusted.
    assert "40.50" in page


def test_an_adjustment_without_a_reason_is_refused(method, year2025, cast, units):
    with pytest.raises(ValidationError):
        services.adjustment_request(
            actor=cast["bureau_admin"], year=year2025, unit=units["zone1"], points=1, reason=" "
        )
    assert not Adjustment.objects.exists()


def test_publishing_freezes_the_ranking_and_a_later_difference_is_shown_not_written(
    method, year2025, cast, client_for, county
):
    client = client_for(cast["bureau_admin"])
    response = client.post(reverse("assessment:publish", args=[2025]), {"month": 12, "title": ""})
    ranking = Ranking.objects.get()
    assert response["Location"] == reverse("assessment:ranking", args=[ranking.public_id])
    assert ranking.result["units"]["zone1"]["total"] == "81.00"
    assert ranking.inputs["projects"][county["P1"].code]["verified_on"] == "2025-03-20"
    assert services.ranking_intact(ranking)
    # The bureau later verifies P3 (30000 of investment) — the published ranking must not move.
    county["P3"].verified_at = county["P1"].verified_at
    county["P3"].save(update_fields=["verified_at"])
    page = client.get(
        reverse("assessment:ranking", args=[ranking.public_id]) + "?recheck=1"
    ).content.decode()
    ranking.refresh_from_db()
    assert ranking.result["units"]["zone1"]["total"] == "81.00"
    assert "经开区" in page or "沧澜经济开发区" in page
    changes = services.ranking_recheck(ranking)
    assert [c["unit"] for c in changes] == ["zone1"]
    assert changes[0]["after"]["total"] != "81.00"
    # Tampering with the stored result is detected, even when the digest column is rewritten
    # to match: the digest taken at publication is also in the hash-chained audit trail.
    Ranking.objects.filter(pk=ranking.pk).update(result={**ranking.result, "counted_projects": []})
    ranking.refresh_from_db()
    assert not services.ranking_intact(ranking)
    Ranking.objects.filter(pk=ranking.pk).update(digest=services._digest(ranking))
    ranking.refresh_from_db()
    assert not services.ranking_intact(ranking)


def test_published_ranking_exports_to_excel_and_lists_people_for_promotion(
    method, year2025, cast, client_for, county
):
    from io import BytesIO

    from openpyxl import load_workbook

    county["P1"].team_manager = cast["unit_a_staff"]
    county["P1"].team_leader = cast["leader"]
    county["P1"].save(update_fields=["team_manager", "team_leader"])
    ranking = services.ranking_publish(
        actor=cast["bureau_admin"], year=year2025, through_month=12, as_of=dt.date(2026, 1, 20)
    )
    client = client_for(cast["leader"])
    response = client.get(reverse("assessment:ranking_export", args=[ranking.public_id]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2] == "沧澜经济开发区" and rows[1][1] == 1
    page = client.get(reverse("assessment:promotion", args=[ranking.public_id])).content.decode()
    assert cast["unit_a_staff"].get_full_name() in page
    assert cast["leader"].get_full_name() in page
    assert county["P1"].code in page
    assert county["P3"].code not in page


def test_a_published_breakdown_shows_project_lines_only_to_those_who_see_the_unit(
    method, year2025, cast, client_for, county
):
    ranking = services.ranking_publish(
        actor=cast["bureau_admin"], year=year2025, through_month=12, as_of=dt.date(2026, 1, 20)
    )
    url = reverse("assessment:ranking_unit", args=[ranking.public_id, "zone1"])
    own = client_for(cast["unit_a_staff"]).get(url).content.decode()
    assert county["P1"].code in own and "未经招商局核实" in own and "81.00" in own
    other = client_for(cast["unit_b_staff"]).get(url).content.decode()
    assert "81.00" in other and county["P1"].code not in other


def test_moving_a_published_rankings_period_is_detected(method, year2025, cast):
    ranking = services.ranking_publish(
        actor=cast["bureau_admin"], year=year2025, through_month=12, as_of=dt.date(2026, 1, 20)
    )
    Ranking.objects.filter(pk=ranking.pk).update(through_month=6)
    ranking.refresh_from_db()
    assert not services.ranking_intact(ranking)


def test_the_rankings_api_hides_other_units_project_lines(method, year2025, cast, client_for):
    ranking = services.ranking_publish(
        actor=cast["bureau_admin"], year=year2025, through_month=12, as_of=dt.date(2026, 1, 20)
    )
    url = f"/api/v1/assessment/rankings/{ranking.public_id}/"
    data = client_for(cast["unit_b_staff"]).get(url).json()["result"]
    assert data["units"]["zone1"]["total"] == "81.00"
    assert data["units"]["zone1"]["projects"] is None
    assert data["counted_projects"] == []
    own = client_for(cast["unit_a_staff"]).get(url).json()["result"]
    assert own["units"]["zone1"]["projects"]


def test_only_the_county_may_compare_a_published_ranking_with_today(
    method, year2025, cast, client_for
):
    ranking = services.ranking_publish(
        actor=cast["bureau_admin"], year=year2025, through_month=12, as_of=dt.date(2026, 1, 20)
    )
    url = reverse("assessment:ranking", args=[ranking.public_id]) + "?recheck=1"
    assert 'id="recheck"' not in client_for(cast["unit_a_staff"]).get(url).content.decode()
    assert 'id="recheck"' in client_for(cast["leader"]).get(url).content.decode()


def test_the_home_page_shows_where_the_users_own_units_stand(
    method, year2025, cast, client_for, django_assert_max_num_queries
):
    ranking = services.ranking_publish(
        actor=cast["bureau_admin"], year=year2025, through_month=12, as_of=dt.date(2026, 1, 20)
    )
    row = ranking.result["units"]["zone1"]
    client = client_for(cast["unit_a_staff"])
    with django_assert_max_num_queries(20):
        page = client.get("/").content.decode()
    assert ranking.title in page
    assert f"沧澜经济开发区</span>：组内第 {row['rank']} 名，{row['total']} 分" in page
    leader_page = client_for(cast["leader"]).get("/").content.decode()
    assert ranking.title in leader_page and "沧澜经济开发区</span>：组内" not in leader_page
