"""The stage gates of MEC-1 and MEC-2: no signing before the review passes, no landing before
the mandatory procedures are done; both name what is missing and both can be switched off."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from zhaoshang.mechanisms import services_procedures
from zhaoshang.mechanisms.choices import ProcedureStep
from zhaoshang.mechanisms.models import ProjectProcedure
from zhaoshang.projects import services as project_services
from zhaoshang.projects import settings_services
from zhaoshang.projects.models import Project, StageRequirement

pytestmark = pytest.mark.django_db


def _advance(cast, project, ref, code):
    return project_services.project_advance_stage(
        actor=cast["unit_a_staff"], project=project, to_stage=ref.stage(code)
    )


def _finish(procedure, officers, on):
    officer = officers[procedure.department.code]
    services_procedures.procedure_record(
        actor=officer, procedure=procedure, step=ProcedureStep.ACCEPT, on=on
    )
    services_procedures.procedure_record(
        actor=officer,
        procedure=procedure,
        step=ProcedureStep.DONE,
        on=on,
        document_number="沧审〔2026〕1号",
    )


def test_the_default_stages_carry_both_gates(db):
    assert StageRequirement.objects.filter(stage__code="signed", rule="review_passed").exists()
    assert StageRequirement.objects.filter(stage__code="landed", rule="procedures_done").exists()


def test_signing_is_refused_until_the_review_passes(
    make_project, cast, ref, group, ready_to_sign, pass_review
):
    project = ready_to_sign(make_project())
    with pytest.raises(ValidationError) as excinfo:
        _advance(cast, project, ref, "signed")
    message = " ".join(excinfo.value.messages)
    assert "综合审定" in message and "尚未提请" in message
    assert Project.objects.get(pk=project.pk).stage.code == "negotiating"
    pass_review(project)
    _advance(cast, Project.objects.get(pk=project.pk), ref, "signed")
    assert Project.objects.get(pk=project.pk).stage.code == "signed"


def test_landing_is_refused_naming_the_open_procedures(
    make_project, cast, ref, group, catalogue, ready_to_sign, ready_to_land, pass_review, officers
):
    project = ready_to_sign(make_project())
    pass_review(project)
    _advance(cast, Project.objects.get(pk=project.pk), ref, "signed")
    _advance(cast, Project.objects.get(pk=project.pk), ref, "approving")
    project = ready_to_land(Project.objects.get(pk=project.pk))
    procedures = {p.type.code: p for p in ProjectProcedure.objects.filter(project=project)}
    _finish(procedures["lxba"], officers, dt.date(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        _advance(cast, Project.objects.get(pk=project.pk), ref, "landed")
    message = " ".join(excinfo.value.messages)
    # The optional fire review (消防) is not named; the mandatory open ones are.
    assert "环境影响评价审批" in message and "节能审查" in message
    assert "立项备案" not in message and "消防" not in message
    _finish(procedures["hp"], officers, dt.date(2026, 3, 2))
    _finish(procedures["np"], officers, dt.date(2026, 3, 3))
    _advance(cast, Project.objects.get(pk=project.pk), ref, "landed")
    assert Project.objects.get(pk=project.pk).stage.code == "landed"


def test_a_project_without_its_procedure_list_cannot_land(
    make_project, cast, ref, group, catalogue, ready_to_sign, ready_to_land, pass_review
):
    project = ready_to_sign(make_project())
    pass_review(project)
    ProjectProcedure.objects.filter(project=project).delete()
    _advance(cast, Project.objects.get(pk=project.pk), ref, "signed")
    _advance(cast, Project.objects.get(pk=project.pk), ref, "approving")
    project = ready_to_land(Project.objects.get(pk=project.pk), n=2)
    with pytest.raises(ValidationError) as excinfo:
        _advance(cast, project, ref, "landed")
    assert "审批事项清单" in " ".join(excinfo.value.messages)


def test_projects_signed_before_the_group_took_up_its_work_need_no_review(
    make_project, cast, ref, units, ready_to_sign
):
    from zhaoshang.mechanisms import services_config

    services_config.settings_update(
        actor=cast["bureau_admin"],
        departments=[units["fgw"]],
        review_since=dt.date(2026, 6, 1),
    )
    project = ready_to_sign(make_project())  # signed on 5 March 2026
    _advance(cast, project, ref, "signed")
    assert Project.objects.get(pk=project.pk).stage.code == "signed"


def test_the_bureau_can_switch_the_review_gate_off(make_project, cast, ref, group, ready_to_sign):
    stage = ref.stage("signed")
    rules = list(stage.requirements.values_list("rule", flat=True))
    settings_services.stage_update(
        actor=cast["bureau_admin"], stage=stage, rules=[r for r in rules if r != "review_passed"]
    )
    project = ready_to_sign(make_project())
    _advance(cast, project, ref, "signed")
    assert Project.objects.get(pk=project.pk).stage.code == "signed"


def test_a_signed_project_stays_editable_whatever_happens_to_its_review(
    make_project, cast, ref, group, ready_to_sign, pass_review
):
    project = ready_to_sign(make_project())
    review = pass_review(project)
    _advance(cast, Project.objects.get(pk=project.pk), ref, "signed")
    review.status = "withdrawn"
    review.save(update_fields=["status"])
    project = project_services.project_update(
        actor=cast["unit_a_staff"],
        project=Project.objects.get(pk=project.pk),
        next_action="约谈投资方",
    )
    assert project.next_action == "约谈投资方"
