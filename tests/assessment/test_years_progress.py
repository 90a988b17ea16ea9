"""Progress against targets: what is due by the chosen month, the statuses, a unit's own cards,
everyone's table for the bureau and leaders, the filters, the export and the query count."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from zhaoshang.assessment import services_years as services
from zhaoshang.assessment.selectors_years import cell
from zhaoshang.projects.models import Stage, Transition

pytestmark = pytest.mark.django_db

D = Decimal


def test_the_latest_milestone_up_to_the_month_is_due():
    months = {12: D("8"), 3: D("2"), 6: D("4"), 9: D("6")}
    assert (cell("landed", D("3"), months, 5).due, cell("landed", D("3"), months, 5).due_month) == (
        D("2"),
        3,
    )
    assert cell("landed", D("3"), months, 6).status == "behind"
    assert cell("landed", D("4"), months, 6).status == "ahead"
    assert cell("landed", D("8"), months, 6).status == "done"
    assert cell("landed", D("3"), months, 6).percent == D("37.5")


def test_without_a_milestone_the_year_target_is_due_in_proportion():
    due = cell("signed", D("1"), {12: D("10")}, 3)
    assert (due.due, due.due_month, due.status) == (D("2.50"), None, "behind")
    assert cell("signed", D("3"), {12: D("10")}, 3).status == "ahead"


def test_no_target_means_no_status():
    empty = cell("major", D("1"), {}, 6)
    assert (empty.status, empty.percent, empty.target) == ("none", None, None)


def _landed(project, moment):
    for code in ("signed", "approving", "landed"):
        Transition.objects.create(project=project, to_stage=Stage.objects.get(code=code), at=moment)


@pytest.fixture
def progress_data(cast, units, year2025, make_project):
    bureau = cast["bureau_admin"]
    for code in ("zone1", "zone2", "town1"):
        services.targets_save(
            actor=bureau,
            year=year2025,
            unit=units[code],
            plan={"landed": {12: D("4"), 3: D("1"), 6: D("2"), 9: D("3")}},
        )
    moment = timezone.make_aware(datetime.datetime(2025, 2, 10, 10))
    _landed(make_project(unit=units["zone1"]), moment)
    _landed(make_project(unit=units["zone1"]), moment)


def test_unit_staff_see_their_own_progress_as_cards(client_for, cast, progress_data):
    response = client_for(cast["unit_a_staff"]).get("/assessment/years/2025/progress/?month=6")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="progress-cards"' in page and 'id="progress-table"' not in page
    assert "沧澜经济开发区" in page and "城关镇" not in page
    assert 'id="progress-note"' in page
    (row,) = response.context["rows"]
    landed = next(c for c in row.cells if c.metric == "landed")
    assert (landed.value, landed.due, landed.status) == (D("2.00"), D("2"), "ahead")


def test_bureau_sees_every_unit_in_a_table_filterable_by_group(client_for, cast, progress_data):
    client = client_for(cast["bureau_admin"])
    page = client.get("/assessment/years/2025/progress/?month=9").content.decode()
    assert 'id="progress-table"' in page and 'id="progress-town1"' in page
    assert 'data-status="behind"' in page
    towns = client.get("/assessment/years/2025/progress/?month=9&group=towns").content.decode()
    assert 'id="progress-town1"' in towns and 'id="progress-zone1"' not in towns


def test_leaders_see_the_table_too(client_for, cast, progress_data):
    response = client_for(cast["leader"]).get("/assessment/years/2025/progress/")
    assert response.status_code == 200
    assert response.context["month"] == 12  # a past year is shown whole
    assert len(response.context["rows"]) == 10


def test_a_bad_month_falls_back_to_the_default(client_for, cast, progress_data):
    response = client_for(cast["bureau_admin"]).get("/assessment/years/2025/progress/?month=13")
    assert response.status_code == 200 and response.context["month"] == 12


def test_progress_export_has_the_same_figures(client_for, cast, progress_data):
    client = client_for(cast["bureau_admin"])
    response = client.get("/assessment/years/2025/progress/export/?month=6&group=zones")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["zone1", "zone2", "new-district"]
    zone1 = rows[1]
    assert zone1[3:7] == (2, 4, 50, 2)


def test_progress_query_count_does_not_grow_with_units(
    client_for, cast, units, year2025, progress_data
):
    client = client_for(cast["bureau_admin"])
    client.get("/assessment/years/2025/progress/")
    with CaptureQueriesContext(connection) as few:
        client.get("/assessment/years/2025/progress/")
    for code in ("town2", "town3", "fgw", "gxj"):
        services.targets_save(
            actor=cast["bureau_admin"],
            year=year2025,
            unit=units[code],
            plan={"signed": {12: D("3")}},
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/assessment/years/2025/progress/")
    assert len(many) == len(few)


def test_people_without_assessment_rights_get_403(client_for, cast, progress_data):
    assert client_for(cast["cadre"]).get("/assessment/years/2025/progress/").status_code == 403
