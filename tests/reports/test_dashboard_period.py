"""The dashboard's period sections show the bulletin's numbers (``figures.period_figures``)."""

import datetime as dt
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests.assessment import conftest as assessment_fixtures
from tests.assessment.conftest import move
from zhaoshang.assessment.models import GroupMember
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import PROJECT_VIEW
from zhaoshang.orgs.models import Unit
from zhaoshang.projects.filtersets import ProjectFilterSet
from zhaoshang.projects.models import Project
from zhaoshang.reports import dashboard_period
from zhaoshang.reports.figures import period_figures

year2025 = assessment_fixtures.year2025
county = assessment_fixtures.county

URL = "/reports/dashboard/"
TODAY = dt.date(2026, 1, 15)
FIELDS = ("signed", "landed", "started", "producing", "landed_ytd")


def same_row(a, b):
    for name in FIELDS:
        assert getattr(a, name).count == getattr(b, name).count, name
        assert getattr(a, name).total_investment == getattr(b, name).total_investment, name
    for name in ("landed_milestone", "investment_milestone", "start_rate", "rank", "tier"):
        assert getattr(a, name) == getattr(b, name), name
    assert (a.late, a.missing, a.stalled, a.repeats) == (b.late, b.missing, b.stalled, b.repeats)


@pytest.mark.parametrize("role", ["bureau_admin", "leader", "unit_a_staff"])
def test_period_figures_equal_the_bulletins_for_the_same_user_and_months(
    role, cast, county, year2025
):
    user = cast[role]
    period = dashboard_period.period_overview(
        user, year=year2025, first_month=2, last_month=6, today=TODAY
    )
    bulletin = period_figures(user=user, year=year2025, first_month=2, last_month=6, today=TODAY)
    same_row(period["totals"], bulletin.totals)
    assert [r.unit.code for r in period["rows"]] == [r.unit.code for r in bulletin.units]
    for mine, theirs in zip(period["rows"], bulletin.units, strict=True):
        same_row(mine, theirs)
    if role == "unit_a_staff":
        assert [r.unit.code for r in period["rows"]] == ["zone1"]


def test_monthly_trend_equals_one_month_bulletins(cast, county, year2025):
    user = cast["bureau_admin"]
    trend = dashboard_period.landed_trend(user, year=year2025, today=TODAY)
    assert len(trend["current"]) == 12 and trend["previous"] is None
    for month in range(1, 13):
        bulletin = period_figures(
            user=user, year=year2025, first_month=month, last_month=month, today=TODAY
        )
        point = trend["current"][month - 1]
        assert point["count"] == bulletin.totals.landed.count, month
        assert Decimal(point["investment"]) == bulletin.totals.landed.total_investment, month
    assert sum(p["count"] for p in trend["current"]) > 0


def listed(user, url):
    """The codes the project list shows at ``url`` for ``user``."""
    query = QueryDict(urlsplit(url).query)
    filterset = ProjectFilterSet(
        query,
        queryset=restrict(user, PROJECT_VIEW, Project),
        units=restrict(user, PROJECT_VIEW, Unit),
    )
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("code", flat=True))


@pytest.mark.parametrize("role", ["bureau_admin", "unit_a_staff"])
def test_each_target_bar_lists_exactly_the_landed_projects_it_counts(role, cast, county, year2025):
    user = cast[role]
    period = dashboard_period.period_overview(
        user, year=year2025, first_month=1, last_month=6, today=TODAY
    )
    bars = dashboard_period.period_chart_data(period)["targets"]["units"]
    assert len(bars) == len(period["rows"])
    for bar, row in zip(bars, period["rows"], strict=True):
        assert "landed_from=2025-01-01" in bar["url"] and "landed_to=2025-06-30" in bar["url"]
        assert listed(user, bar["url"]) == set(row.landed_ytd.codes), row.unit.code
    assert sum(row.landed_ytd.count for row in period["rows"]) > 0


def test_a_unit_bar_leaves_out_sub_units_assessed_on_their_own(cast, county, year2025, units):
    GroupMember.objects.create(
        year=year2025, group=year2025.groups.get(code="zones"), unit=units["zone1-office"]
    )
    inner = county["P1"]
    Project.objects.filter(pk=inner.pk).update(unit=units["zone1-office"])
    user = cast["bureau_admin"]
    period = dashboard_period.period_overview(
        user, year=year2025, first_month=1, last_month=12, today=TODAY
    )
    bars = dashboard_period.period_chart_data(period)["targets"]["units"]
    by_code = {row.unit.code: (bar, row) for bar, row in zip(bars, period["rows"], strict=True)}
    bar, row = by_code["zone1"]
    assert f"exclude_unit={units['zone1-office'].pk}" in bar["url"]
    assert inner.code not in listed(user, bar["url"])
    assert listed(user, bar["url"]) == set(row.landed_ytd.codes)


def test_each_trend_point_lists_exactly_the_projects_landed_that_month(cast, county, year2025):
    user = cast["bureau_admin"]
    trend = dashboard_period.landed_trend(user, year=year2025, today=TODAY)
    for month, point in enumerate(trend["current"], start=1):
        bulletin = period_figures(
            user=user, year=year2025, first_month=month, last_month=month, today=TODAY
        )
        assert listed(user, point["url"]) == set(bulletin.totals.landed.codes), month


def test_a_county_user_narrowed_to_an_assessed_unit_sees_its_bulletin_row(
    cast, county, year2025, units
):
    user = cast["leader"]
    period = dashboard_period.period_overview(
        user, year=year2025, first_month=1, last_month=6, unit=units["zone1"], today=TODAY
    )
    bulletin = period_figures(user=user, year=year2025, first_month=1, last_month=6, today=TODAY)
    zone1 = next(r for r in bulletin.units if r.unit.code == "zone1")
    assert period["rows"] == [period["totals"]]
    same_row(period["totals"], zone1)


def test_the_page_shows_the_chosen_period_and_its_charts(cast, county, year2025, client_for):
    response = client_for(cast["bureau_admin"]).get(
        URL, {"year": year2025.pk, "first_month": 1, "last_month": 6}
    )
    assert response.status_code == 200
    period = response.context["period"]
    assert period["figures"].first_month == 1 and period["figures"].last_month == 6
    charts = response.context["charts"]
    labels = [u["label"] for u in charts["targets"]["units"]]
    assert labels == [row.unit.display_name for row in period["rows"]]
    assert all(u["url"].startswith("/projects/?unit=") for u in charts["targets"]["units"])
    assert len(charts["trend"]["current"]["points"]) == 12
    assert b'id="chart-targets"' in response.content


def test_months_in_the_wrong_order_are_refused(cast, county, year2025, client_for):
    response = client_for(cast["bureau_admin"]).get(
        URL, {"year": year2025.pk, "first_month": 6, "last_month": 2}
    )
    assert response.status_code == 200
    assert "last_month" in response.context["form"].errors


def test_page_queries_do_not_grow_with_projects(
    cast, county, year2025, client_for, make_project, units
):
    client = client_for(cast["bureau_admin"])
    query = {"year": year2025.pk, "first_month": 1, "last_month": 6}
    client.get(URL, query)
    # Both counts are of a computation, not of figures served from the cache.
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(URL, query)
    for n in range(5):
        move(
            make_project(
                actor=cast["bureau_admin"],
                unit=units["zone2"],
                total_investment=Decimal(1000 + n),
            ),
            dt.date(2025, 5, 5),
        )
    cache.clear()
    with CaptureQueriesContext(connection) as more:
        client.get(URL, query)
    assert len(more) == len(few)
