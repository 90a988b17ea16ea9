"""The read-only API of years (with groups and members) and targets, scoped like the pages."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhaoshang.assessment import services_years as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(cast, units, year2025):
    for code in ("zone1", "town1"):
        services.targets_save(
            actor=cast["bureau_admin"],
            year=year2025,
            unit=units[code],
            plan={"landed": {12: Decimal("6"), 6: Decimal("2")}},
        )


def test_years_list_their_groups_and_members(client_for, cast, year2025):
    response = client_for(cast["leader"]).get("/api/v1/assessment/years/")
    assert response.status_code == 200
    (year,) = response.json()
    assert year["year"] == 2025 and year["status"] == "open"
    towns = next(g for g in year["groups"] if g["code"] == "towns")
    assert [m["code"] for m in towns["members"]] == ["town1", "town2", "town3", "town4"]


def test_unit_staff_see_only_their_own_membership(client_for, cast, year2025):
    (year,) = client_for(cast["unit_a_staff"]).get("/api/v1/assessment/years/").json()
    members = [m["code"] for g in year["groups"] for m in g["members"]]
    assert members == ["zone1"]


def test_targets_are_listed_and_filtered(client_for, cast, targets):
    client = client_for(cast["bureau_admin"])
    rows = client.get("/api/v1/assessment/targets/?year=2025&unit=town1").json()["results"]
    assert [(r["unit"]["code"], r["metric"], r["month"], r["value"]) for r in rows] == [
        ("town1", "landed", 6, "2.00"),
        ("town1", "landed", 12, "6.00"),
    ]
    grouped = client.get("/api/v1/assessment/targets/?group=zones&month=12").json()["results"]
    assert [r["unit"]["code"] for r in grouped] == ["zone1"]


def test_unit_staff_read_only_their_units_targets(client_for, cast, targets):
    rows = client_for(cast["unit_b_staff"]).get("/api/v1/assessment/targets/").json()["results"]
    assert {r["unit"]["code"] for r in rows} == {"town1"}


def test_targets_cannot_be_written_through_the_api(client_for, cast, targets):
    response = client_for(cast["bureau_admin"]).post(
        "/api/v1/assessment/targets/", {"metric": "landed"}, content_type="application/json"
    )
    assert response.status_code == 405


def test_without_assessment_rights_the_api_is_403(client_for, cast, year2025):
    assert client_for(cast["cadre"]).get("/api/v1/assessment/years/").status_code == 403
    assert client_for(cast["cadre"]).get("/api/v1/assessment/targets/").status_code == 403


def test_target_list_query_count_does_not_grow(client_for, cast, units, year2025, targets):
    client = client_for(cast["bureau_admin"])
    client.get("/api/v1/assessment/targets/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/assessment/targets/")
    for code in ("zone2", "town2", "fgw"):
        services.targets_save(
            actor=cast["bureau_admin"],
            year=year2025,
            unit=units[code],
            plan={"signed": {12: Decimal("3")}},
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/assessment/targets/")
    assert len(many) == len(few)
