"""Targets and milestones (时序目标): the rules, the audit, the scope, the grid and the form."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from zhaoshang.assessment import services_years as services
from zhaoshang.assessment.choices import TargetMetric, YearStatus
from zhaoshang.assessment.models import Target
from zhaoshang.core.models import AuditEvent

pytestmark = pytest.mark.django_db

D = Decimal


def _plan(year, unit):
    plan = {}
    for metric, month, value in Target.objects.filter(year=year, unit=unit).values_list(
        "metric", "month", "value"
    ):
        plan.setdefault(metric, {})[month] = value
    return plan


def test_year_target_and_quarterly_milestones_are_saved_and_audited(cast, units, year2025):
    months = {12: D("8"), 3: D("1"), 6: D("3"), 9: D("5")}
    changed = services.targets_save(
        actor=cast["bureau_admin"],
        year=year2025,
        unit=units["zone1"],
        plan={"landed": months, "total_investment": {12: D("120000")}},
    )
    assert changed == 2
    assert _plan(year2025, units["zone1"]) == {
        "landed": months,
        "total_investment": {12: D("120000")},
    }
    events = AuditEvent.objects.filter(object_type="assessment.target")
    assert events.count() == 2
    landed = next(e for e in events if e.after["metric"] == "landed")
    assert landed.after["targets"] == {"3": "1", "6": "3", "9": "5", "12": "8"}
    assert landed.after["unit"] == "沧澜经济开发区"


def test_saving_the_same_targets_again_changes_and_audits_nothing(cast, units, year2025):
    plan = {"signed": {12: D("10"), 6: D("4")}}
    services.targets_save(actor=cast["bureau_admin"], year=year2025, unit=units["town1"], plan=plan)
    count = AuditEvent.objects.count()
    again = services.targets_save(
        actor=cast["bureau_admin"], year=year2025, unit=units["town1"], plan=plan
    )
    assert again == 0
    assert AuditEvent.objects.count() == count


def test_changing_milestones_replaces_them_and_keeps_before_in_the_audit(cast, units, year2025):
    bureau, unit = cast["bureau_admin"], units["town1"]
    services.targets_save(
        actor=bureau, year=year2025, unit=unit, plan={"signed": {12: D("10"), 6: D("4")}}
    )
    services.targets_save(
        actor=bureau,
        year=year2025,
        unit=unit,
        plan={"signed": {12: D("12"), 3: D("2"), 9: D("9")}},
    )
    assert _plan(year2025, unit) == {"signed": {12: D("12"), 3: D("2"), 9: D("9")}}
    event = AuditEvent.objects.filter(object_type="assessment.target").latest("pk")
    assert event.action == "update"
    assert event.before["targets"] == {"6": "4", "12": "10"}
    assert event.after["targets"] == {"3": "2", "9": "9", "12": "12"}


def test_an_empty_plan_removes_a_metrics_targets(cast, units, year2025):
    bureau, unit = cast["bureau_admin"], units["town1"]
    services.targets_save(
        actor=bureau, year=year2025, unit=unit, plan={"major": {12: D("2")}, "signed": {12: D("5")}}
    )
    services.targets_save(actor=bureau, year=year2025, unit=unit, plan={"major": {}})
    assert _plan(year2025, unit) == {"signed": {12: D("5")}}


@pytest.mark.parametrize(
    "months,expected",
    [
        (
            {12: D("8"), 6: D("9")},
            "Projects landed: the milestone for the end of month 6 (9) is larger than the year "
            "target (8).",
        ),
        (
            {12: D("8"), 3: D("4"), 6: D("2")},
            "Projects landed: the milestone for the end of month 6 (2) is smaller than the one "
            "for month 3 (4). Milestones add up from January and cannot decrease.",
        ),
        ({6: D("2")}, "Projects landed: milestones need a year target (month 12)."),
        (
            {12: D("2.5")},
            "Projects landed counts projects; write a whole number instead of 2.5.",
        ),
    ],
)
def test_bad_milestones_are_refused_with_a_clear_message_and_nothing_changes(
    cast, units, year2025, months, expected, audit_count
):
    before = audit_count()
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.targets_save(
            actor=cast["bureau_admin"], year=year2025, unit=units["zone1"], plan={"landed": months}
        )
    assert refused.value.messages == [expected]
    assert not Target.objects.exists()
    assert audit_count() == before


def test_every_reason_is_given_at_once(cast, units, year2025):
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.targets_save(
            actor=cast["bureau_admin"],
            year=year2025,
            unit=units["zone1"],
            plan={"landed": {12: D("8"), 3: D("5"), 6: D("4"), 9: D("9")}},
        )
    larger, smaller = refused.value.messages
    assert "month 9 (9) is larger than the year target (8)" in larger
    assert "month 6 (4) is smaller than the one for month 3 (5)" in smaller


def test_amounts_may_have_decimals(cast, units, year2025):
    services.targets_save(
        actor=cast["bureau_admin"],
        year=year2025,
        unit=units["zone1"],
        plan={"funds_in_place": {12: D("5000.5")}},
    )
    assert Target.objects.get().value == D("5000.50")


def test_unit_staff_cannot_set_their_own_targets(cast, units, year2025, audit_count):
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services.targets_save(
            actor=cast["unit_a_staff"],
            year=year2025,
            unit=units["zone1"],
            plan={"landed": {12: D("1")}},
        )
    assert not Target.objects.exists()
    assert audit_count() == before


def test_a_closed_year_keeps_its_targets(cast, units, year2025):
    services.year_update(actor=cast["bureau_admin"], year=year2025, status=YearStatus.CLOSED)
    with pytest.raises(ValidationError) as refused:
        services.targets_save(
            actor=cast["bureau_admin"],
            year=year2025,
            unit=units["zone1"],
            plan={"landed": {12: D("1")}},
        )
    assert refused.value.code == "year_closed"


# --- pages ---------------------------------------------------------------------------------


def _some_targets(cast, units, year):
    for code in ("zone1", "town1", "fgw"):
        services.targets_save(
            actor=cast["bureau_admin"],
            year=year,
            unit=units[code],
            plan={"landed": {12: D("6"), 6: D("3")}, "total_investment": {12: D("80000")}},
        )


def test_grid_shows_year_targets_of_member_units(client_for, cast, units, year2025):
    _some_targets(cast, units, year2025)
    response = client_for(cast["leader"]).get("/assessment/years/2025/targets/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "80000" in page and 'id="unit-town1"' in page and 'id="unit-town9"' not in page
    # Only the metrics that have targets are columns.
    with translation.override("zh-hans"):
        assert str(TargetMetric.SIGNED.label) not in page
    assert "/targets/units/zone1/" not in page  # a leader cannot edit


def test_grid_filters_by_group(client_for, cast, units, year2025):
    _some_targets(cast, units, year2025)
    page = client_for(cast["bureau_admin"]).get("/assessment/years/2025/targets/?group=towns")
    text = page.content.decode()
    assert 'id="unit-town1"' in text and 'id="unit-zone1"' not in text


def test_unit_staff_see_only_their_units_row(client_for, cast, units, year2025):
    _some_targets(cast, units, year2025)
    page = client_for(cast["unit_a_staff"]).get("/assessment/years/2025/targets/").content.decode()
    assert 'id="unit-zone1"' in page and 'id="unit-town1"' not in page
    assert "/targets/units/zone1/" not in page


def test_grid_query_count_does_not_grow_with_units(client_for, cast, units, year2025):
    client = client_for(cast["bureau_admin"])
    services.targets_save(
        actor=cast["bureau_admin"],
        year=year2025,
        unit=units["zone1"],
        plan={"landed": {12: D("2")}},
    )
    client.get("/assessment/years/2025/targets/")
    with CaptureQueriesContext(connection) as few:
        client.get("/assessment/years/2025/targets/")
    _some_targets(cast, units, year2025)
    with CaptureQueriesContext(connection) as many:
        client.get("/assessment/years/2025/targets/")
    assert len(many) == len(few)


def _form_data(**values):
    data = {f"{m}_schedule": "none" for m in TargetMetric.values}
    data.update(values)
    return data


def test_bureau_saves_a_units_targets_with_quarterly_milestones(client_for, cast, units, year2025):
    client = client_for(cast["bureau_admin"])
    assert client.get("/assessment/years/2025/targets/units/zone1/").status_code == 200
    response = client.post(
        "/assessment/years/2025/targets/units/zone1/",
        _form_data(
            landed_year="8",
            landed_schedule="quarterly",
            landed_m3="2",
            landed_m6="4",
            landed_m9="6",
            # A month outside the chosen schedule is ignored.
            landed_m5="3",
            total_investment_year="150000",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/assessment/years/2025/targets/?group=zones"
    assert _plan(year2025, units["zone1"]) == {
        "landed": {12: D("8"), 3: D("2"), 6: D("4"), 9: D("6")},
        "total_investment": {12: D("150000")},
    }


def test_a_bad_milestone_on_the_form_shows_the_reason_and_saves_nothing(
    client_for, cast, year2025, audit_count
):
    before = audit_count()
    response = client_for(cast["bureau_admin"]).post(
        "/assessment/years/2025/targets/units/zone1/",
        _form_data(landed_year="8", landed_schedule="monthly", landed_m4="9"),
    )
    assert response.status_code == 200
    assert 'id="targets-errors"' in response.content.decode()
    assert not Target.objects.exists()
    assert audit_count() == before


def test_the_form_shows_existing_milestones_under_their_schedule(client_for, cast, units, year2025):
    services.targets_save(
        actor=cast["bureau_admin"],
        year=year2025,
        unit=units["zone1"],
        plan={"landed": {12: D("8"), 3: D("2")}, "signed": {12: D("9"), 5: D("4")}},
    )
    response = client_for(cast["bureau_admin"]).get("/assessment/years/2025/targets/units/zone1/")
    form = response.context["form"]
    assert form["landed_schedule"].initial == "quarterly"
    assert form["signed_schedule"].initial == "monthly"
    assert form["landed_m3"].initial == "2"


def test_unit_staff_get_403_on_their_units_target_form(client_for, cast, year2025):
    response = client_for(cast["unit_a_staff"]).get("/assessment/years/2025/targets/units/zone1/")
    assert response.status_code == 403


def test_unit_staff_get_404_on_another_units_target_form(client_for, cast, year2025):
    response = client_for(cast["unit_a_staff"]).get("/assessment/years/2025/targets/units/town1/")
    assert response.status_code == 404


def test_a_unit_in_no_group_has_no_target_form(client_for, cast, year2025):
    response = client_for(cast["bureau_admin"]).get("/assessment/years/2025/targets/units/town9/")
    assert response.status_code == 404
