"""Approval procedures (MEC-2): the clock in working days, 补正 stopping it, what officers may
record, and the departments' ranking (中梗阻)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.mechanisms import selectors, services_procedures
from zhaoshang.mechanisms.choices import ProcedureStatus, ProcedureStep
from zhaoshang.mechanisms.models import ProcedureEvent, ProjectProcedure
from zhaoshang.reference import services_calendar

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def procedures(make_project, group, catalogue, pass_review):
    project = make_project()
    pass_review(project, on=D(2025, 9, 1))
    return {p.type.code: p for p in ProjectProcedure.objects.filter(project=project)}


def _step(officers, procedure, step, on, **extra):
    return services_procedures.procedure_record(
        actor=officers[procedure.department.code], procedure=procedure, step=step, on=on, **extra
    )


def test_the_clock_counts_working_days_from_the_day_after_acceptance(procedures, officers):
    # 立项备案, 5 working days, accepted Friday 26 Sep 2025 before National Day.
    p = _step(officers, procedures["lxba"], ProcedureStep.ACCEPT, D(2025, 9, 26))
    assert p.due_date == D(2025, 10, 10)
    assert services_procedures.used_days(p, D(2025, 10, 8)) == 3
    assert services_procedures.remaining_days(p, D(2025, 10, 8)) == 2
    assert services_procedures.remaining_days(p, D(2025, 10, 13)) == -2


def test_returning_for_material_stops_the_clock_until_resubmitted(procedures, officers):
    p = _step(officers, procedures["lxba"], ProcedureStep.ACCEPT, D(2025, 9, 26))
    p = _step(officers, p, ProcedureStep.RETURN, D(2025, 9, 30), note="缺少用地红线图")
    # 28, 29, 30 September used; nothing runs during the holiday or while material is awaited.
    assert p.status == ProcedureStatus.RETURNED and p.used_days == 3 and p.due_date is None
    assert services_procedures.remaining_days(p, D(2025, 10, 20)) is None
    p = _step(officers, p, ProcedureStep.RESUBMIT, D(2025, 10, 10))
    # Two days left: Saturday 11 October (make-up) and Monday 13 October.
    assert p.due_date == D(2025, 10, 13)
    number = "沧发改备〔2025〕8号"
    p = _step(officers, p, ProcedureStep.DONE, D(2025, 10, 13), document_number=number)
    assert p.status == ProcedureStatus.DONE and p.used_days == 5
    assert list(p.events.values_list("step", flat=True)) == ["accept", "return", "resubmit", "done"]


def test_refused_steps_name_what_is_wrong(procedures, officers):
    p = procedures["lxba"]
    with pytest.raises(ValidationError) as excinfo:
        _step(officers, p, ProcedureStep.DONE, D(2025, 9, 26), document_number="1号")
    assert "step" in excinfo.value.message_dict
    p = _step(officers, p, ProcedureStep.ACCEPT, D(2025, 9, 26))
    with pytest.raises(ValidationError) as excinfo:
        _step(officers, p, ProcedureStep.DONE, D(2025, 9, 29))
    assert "document_number" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        _step(officers, p, ProcedureStep.RETURN, D(2025, 9, 20), note="材料")
    assert "on" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        _step(officers, p, ProcedureStep.RETURN, D(2099, 1, 1), note="材料")


def test_only_the_handling_department_records_steps(procedures, officers, audit_count):
    p = procedures["hp"]
    before = (audit_count(), ProcedureEvent.objects.count())
    with pytest.raises(PermissionDenied):
        services_procedures.procedure_record(
            actor=officers["fgw"], procedure=p, step=ProcedureStep.ACCEPT
        )
    p.refresh_from_db()
    assert p.status == ProcedureStatus.WAITING
    assert (audit_count(), ProcedureEvent.objects.count()) == before


def test_an_officer_sees_their_departments_procedures_and_the_unit_its_projects(
    procedures, officers, cast
):
    seen = set(selectors.procedure_list(officers["sthj"]).values_list("type__code", flat=True))
    assert seen == {"hp"}
    assert set(selectors.procedure_list(officers["zjj"]).values_list("type__code", flat=True)) == {
        "xf"
    }
    assert selectors.procedure_list(cast["unit_a_staff"]).count() == 4
    assert selectors.procedure_list(cast["unit_b_staff"]).count() == 0


def test_a_calendar_change_moves_running_due_dates(procedures, officers, cast):
    p = _step(officers, procedures["lxba"], ProcedureStep.ACCEPT, D(2025, 9, 26))
    assert p.due_date == D(2025, 10, 10)
    services_calendar.calendar_set_day(
        actor=cast["bureau_admin"], date=D(2025, 10, 10), is_workday=False, name="调整"
    )
    p.refresh_from_db()
    assert p.due_date == D(2025, 10, 11)


def test_the_ranking_puts_the_slowest_department_first(
    make_project, group, catalogue, pass_review, officers, cast
):
    for n in range(2):
        project = make_project()
        pass_review(project, on=D(2025, 11, 3))
        rows = {p.type.code: p for p in ProjectProcedure.objects.filter(project=project)}
        # 发改局 finishes in 2 working days; 生态环境分局 takes 25 of its 20.
        _step(officers, rows["lxba"], ProcedureStep.ACCEPT, D(2025, 11, 3))
        _step(officers, rows["lxba"], ProcedureStep.DONE, D(2025, 11, 5), document_number="1号")
        _step(officers, rows["hp"], ProcedureStep.ACCEPT, D(2025, 11, 3))
        _step(officers, rows["hp"], ProcedureStep.DONE, D(2025, 12, 8), document_number="2号")
    ranking = selectors.department_ranking(cast["leader"], D(2026, 1, 5))
    assert [r.department.code for r in ranking] == ["sthj", "fgw"]
    sthj, fgw = ranking
    assert (sthj.done, sthj.overdue, str(sthj.average_days)) == (2, 2, "25.0")
    assert (fgw.done, fgw.overdue, str(fgw.average_days)) == (2, 0, "2.0")
