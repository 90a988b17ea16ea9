"""The dashboard's register sections: each number and the project list its link opens agree."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.assessment.conftest import move
from zhaoshang.projects.choices import FlagStatus
from zhaoshang.projects.models import Platform, Project, RepeatFlag
from zhaoshang.reference.models import RegionGroup
from zhaoshang.reports import dashboard

URL = "/reports/dashboard/"


def listed(client, url):
    """How many projects the project list shows for ``url``."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["table"].paginator.count


@pytest.fixture
def register(make_project, cast, units, ref):
    """Projects of zone1 and town1 at several stages, sectors and fields."""
    park = Platform.objects.create(code="park", name="高新产业园", unit=units["zone1"])
    staff_a, staff_b = cast["unit_a_staff"], cast["unit_b_staff"]
    on = dt.date(2025, 3, 1)
    p = {
        "a1": make_project(actor=staff_a, unit=units["zone1"], platform=park),
        "a2": move(make_project(actor=staff_a, unit=units["zone1"]), on, "signed"),
        "a3": move(
            make_project(
                actor=staff_a,
                unit=units["zone1"],
                total_investment=Decimal("80000"),
                strategic_field=ref.field("1"),
                platform=park,
            ),
            on,
            "landed",
        ),
        "a4": move(make_project(actor=staff_a, unit=units["zone1"]), on, "producing"),
        "b1": move(
            make_project(
                actor=staff_b,
                unit=units["town1"],
                industry=ref.division("70"),
                origin_region=ref.region("13"),
            ),
            on,
            "started",
        ),
        "b2": make_project(actor=staff_b, unit=units["town1"], industry=ref.division("01")),
    }
    long_ago = timezone.now() - dt.timedelta(days=200)
    Project.objects.filter(pk=p["a2"].pk).update(
        stage_entered_at=long_ago, next_action_date=dt.date(2020, 1, 1)
    )
    Project.objects.filter(pk=p["b2"].pk).update(suspected_repeat=True)
    RepeatFlag.objects.create(project=p["b2"], earlier=p["a1"], status=FlagStatus.OPEN)
    return p


def test_funnel_counts_projects_per_stage_with_conversion_between_stages(cast, register):
    bars = dashboard.funnel(dashboard.projects_for(cast["bureau_admin"]))
    counts = {bar.label: bar.count for bar in bars}
    assert counts == {
        "洽谈": 2,
        "签约": 1,
        "审批": 0,
        "落地": 1,
        "开工": 1,
        "投产": 1,
        "暂缓": 0,
        "终止": 0,
    }
    first, second = bars[0], bars[1]
    assert first.extra["reached"] == 6 and first.extra["conversion"] is None
    # 4 of the 6 projects reached 签约 or later.
    assert second.extra["reached"] == 4 and second.extra["conversion"] == "66.7"


def test_every_register_link_lists_the_projects_it_counts(cast, register, client_for):
    user = cast["bureau_admin"]
    client = client_for(user)
    overview = dashboard.register_overview(user)
    bars = [
        *overview["funnel"],
        *overview["industry"],
        *overview["sector"]["bars"],
        *overview["strategic"],
        *overview["region_group"],
        *overview["platform"],
    ]
    assert bars
    for bar in bars:
        assert listed(client, bar.url) == bar.count, bar.label
    for stage in overview["ageing"]["stages"]:
        assert listed(client, stage["stalled_url"]) == stage["stalled"]
        assert listed(client, stage["url"].replace("&o=stage_entered_at", "")) == sum(
            stage["buckets"]
        )
        for url, count in zip(stage["bucket_urls"], stage["buckets"], strict=True):
            assert listed(client, url) == count, url
    alerts = overview["alerts"]
    assert listed(client, alerts["stalled_url"]) == alerts["stalled"] == 1
    assert listed(client, alerts["repeats_url"]) == alerts["repeats"] == 1
    major = overview["major"]
    assert listed(client, major["url"]) == major["count"] == 1


def test_breakdowns_show_sector_share_platform_and_region_groups(cast, register):
    overview = dashboard.register_overview(cast["bureau_admin"])
    sector = overview["sector"]
    assert [bar.count for bar in sector["bars"]] == [1, 4, 1]
    assert sector["secondary_share"] == Decimal("66.7")
    assert [(bar.label, bar.count) for bar in overview["platform"]] == [("高新产业园", 2)]
    groups = {bar.label: bar.count for bar in overview["region_group"]}
    hebei = RegionGroup.objects.filter(regions__code="13").values_list("name", flat=True)
    for name in hebei:
        assert groups[name] >= 1
    *fields, outside = overview["strategic"]
    assert [bar.count for bar in fields] == [1]
    assert outside.count == 5 and outside.url.endswith("strategic=0")


def test_ageing_puts_open_projects_in_day_buckets_and_counts_stalled(cast, register):
    ageing = dashboard.ageing(dashboard.projects_for(cast["bureau_admin"]))
    by_stage = {row["stage"]: row for row in ageing["stages"]}
    assert "投产" not in by_stage
    assert by_stage["签约"]["buckets"] == [0, 0, 0, 1]
    assert by_stage["签约"]["stalled"] == 1
    assert by_stage["洽谈"]["buckets"] == [2, 0, 0, 0]


def test_a_unit_sees_only_its_own_projects(cast, register, units):
    overview = dashboard.register_overview(cast["unit_b_staff"])
    assert sum(bar.count for bar in overview["funnel"]) == 2
    assert overview["alerts"]["stalled"] == 0
    assert overview["alerts"]["repeats"] == 1
    assert overview["major"]["count"] == 0


def test_county_user_may_narrow_the_register_to_one_unit(cast, register, units, client_for):
    client = client_for(cast["bureau_admin"])
    response = client.get(URL, {"unit": units["town1"].pk})
    assert response.status_code == 200
    funnel = response.context["overview"]["funnel"]
    assert sum(bar.count for bar in funnel) == 2
    assert all(f"unit={units['town1'].pk}" in bar.url for bar in funnel)
    for bar in funnel:
        assert listed(client, bar.url) == bar.count


def test_a_unit_cannot_pick_another_units_register(cast, register, units, client_for):
    response = client_for(cast["unit_b_staff"]).get(URL, {"unit": units["zone1"].pk})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert sum(bar.count for bar in response.context["overview"]["funnel"]) == 2


@pytest.mark.parametrize("role", ["leader", "bureau_admin", "assessor", "unit_a_staff"])
def test_dashboard_opens_for_each_role_that_views_assessment(role, cast, register, client_for):
    response = client_for(cast[role]).get(URL)
    assert response.status_code == 200
    assert b'id="dashboard-data"' in response.content


def test_dashboard_is_forbidden_without_the_assessment_view(cast, client_for):
    assert client_for(cast["approval_officer"]).get(URL).status_code == 403
    assert client_for(None).get(URL).status_code == 302


def test_register_queries_do_not_grow_with_projects(cast, register, make_project, units):
    user = cast["bureau_admin"]
    dashboard.register_overview(user)  # the user's memberships are read once and cached
    with CaptureQueriesContext(connection) as few:
        dashboard.register_overview(user)
    for _n in range(6):
        move(
            make_project(actor=cast["unit_a_staff"], unit=units["zone1"]),
            dt.date(2025, 4, 1),
            "started",
        )
    with CaptureQueriesContext(connection) as more:
        dashboard.register_overview(user)
    assert len(more) == len(few)


def test_overdue_opinions_procedures_and_problems_show_for_those_who_follow_them(
    cast, register, client_for
):
    body = client_for(cast["leader"]).get(URL).content.decode()
    for alert, page in (
        ("alert-opinions", "/mechanisms/reviews/?overdue=1"),
        ("alert-procedures", "/mechanisms/procedures/?overdue=1"),
        ("alert-problems", "/mechanisms/problems/?overdue=1"),
    ):
        assert f'href="{page}" id="{alert}"' in body, alert
    assessor = client_for(cast["assessor"]).get(URL).content.decode()
    assert "alert-procedures" not in assessor and "alert-stalled" in assessor
