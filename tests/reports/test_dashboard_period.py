"""The dashboard's period sections show the bulletin's numbers (``figures.period_figures``)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.assessment import conftest as assessment_fixtures
from tests.assessment.conftest import move
from zhaoshang.reports import dashboard
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
    period = dashboard.period_overview(
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
    trend = dashboard.landed_trend(user, year=year2025, today=TODAY)
    assert len(trend["current"]) == 12 and trend["previous"] is None
    for month in range(1, 13):
        bulletin = period_figures(
            user=user, year=year2025, first_month=month, last_month=month, today=TODAY
        )
        point = trend["current"][month - 1]
        assert point["count"] == bulletin.totals.landed.count, month
        assert Decimal(point["investment"]) == bulletin.totals.landed.total_investment, month
    assert sum(p["count"] for p in trend["current"]) > 0


def test_a_county_user_narrowed_to_an_assessed_unit_sees_its_bulletin_row(
    cast, county, year2025, units
):
    user = cast["leader"]
    period = dashboard.period_overview(
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
    with CaptureQueriesContext(connection) as more:
        client.get(URL, query)
    assert len(more) == len(few)
