"""Writes to approval procedures (MEC-2): drawing up a project's list and the steps approving
departments record on it (受理 → 补正 → 重新提交 → 办结).

The clock runs in working days from the day after acceptance, stops while the procedure is
returned for more material, and runs again from the day after the material is resubmitted.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.notifications import notify
from zhaoshang.core.permissions import can, has_action
from zhaoshang.core.roles import MECHANISM_MANAGE, PROCEDURE_HANDLE, PROJECT_VIEW
from zhaoshang.mechanisms import people
from zhaoshang.mechanisms.choices import ProcedureStatus, ProcedureStep
from zhaoshang.mechanisms.models import ProcedureEvent, ProcedureType, ProjectProcedure
from zhaoshang.reference import workdays

# Which step may follow which status.
ALLOWED = {
    ProcedureStep.ACCEPT: {ProcedureStatus.WAITING},
    ProcedureStep.RETURN: {ProcedureStatus.ACCEPTED},
    ProcedureStep.RESUBMIT: {ProcedureStatus.RETURNED},
    ProcedureStep.DONE: {ProcedureStatus.ACCEPTED},
}
FIELDS = ("status", "accepted_on", "running_since", "used_days", "due_date", "done_on")


def _snapshot(procedure):
    return audit.snapshot(procedure, (*FIELDS, "document_number"))


def _link(procedure):
    return reverse("mechanisms:procedure_detail", args=[procedure.public_id])


def used_days(procedure, today, cal=None):
    """Working days the procedure has taken so far (stopped stretches excluded)."""
    used = procedure.used_days
    if procedure.running_since is not None:
        used += workdays.workdays_between(procedure.running_since, today, cal)
    return used


def remaining_days(procedure, today, cal=None):
    """Working days left of the time limit; negative when overdue; None when not running."""
    if procedure.status == ProcedureStatus.DONE:
        return None
    if procedure.running_since is None:
        return None
    return procedure.time_limit_days - used_days(procedure, today, cal)


def _due(procedure):
    left = max(procedure.time_limit_days - procedure.used_days, 0)
    return workdays.add_workdays(procedure.running_since, left)


def _applicable_types(project):
    return [
        t
        for t in ProcedureType.objects.filter(is_active=True).select_related("department")
        if t.applies_to(project.sector)
    ]


@transaction.atomic
def procedures_draw_up(*, actor, project, on=None):
    """Give the project the catalogue's procedures that apply to it; those already on its list
    stay as they are. Called when the project's review passes; the bureau may call it again
    after changing the catalogue. Returns the procedures added."""
    existing = set(project.procedures.values_list("type_id", flat=True))
    start = (project.procedures.aggregate(m=Max("position"))["m"] or 0) + 1
    added = []
    for index, kind in enumerate(_applicable_types(project)):
        if kind.pk in existing:
            continue
        procedure = ProjectProcedure(
            project=project,
            type=kind,
            department=kind.department,
            time_limit_days=kind.time_limit_days,
            mandatory=kind.mandatory,
            position=start + index,
        )
        procedure.full_clean()
        procedure.save()
        added.append(procedure)
    if added:
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=project,
            after={"procedures": [p.type.name for p in added]},
            message="approval procedures drawn up",
        )
        by_department = {}
        for procedure in added:
            by_department.setdefault(procedure.department_id, []).append(procedure.type.name)
        for department_id, names in by_department.items():
            notify(
                users=people.department_people([department_id]),
                title=_("New approval procedures for %(project)s: %(names)s")
                % {"project": project.name, "names": "、".join(names)},
                link=reverse("mechanisms:procedure_list") + "?status=waiting",
            )
    return added


@transaction.atomic
def procedures_draw_up_by_bureau(*, actor, project):
    if not has_action(actor, MECHANISM_MANAGE) or not can(actor, PROJECT_VIEW, project):
        raise PermissionDenied(_("Only the investment bureau draws up procedure lists."))
    return procedures_draw_up(actor=actor, project=project)


@transaction.atomic
def procedure_record(*, actor, procedure, step, on=None, note="", document_number=""):
    """Record a step; refused steps name what is wrong. ``on`` defaults to today and may not be
    in the future nor before the previous step."""
    procedure = ProjectProcedure.objects.select_for_update().get(pk=procedure.pk)
    if not can(actor, PROCEDURE_HANDLE, procedure):
        raise PermissionDenied(_("Only the handling department records steps on a procedure."))
    today = timezone.localdate()
    on = on or today
    if step not in ALLOWED:
        raise ValidationError({"step": _("Unknown step.")})
    if procedure.status not in ALLOWED[step]:
        raise ValidationError(
            {
                "step": _("A procedure that is “%(status)s” cannot be marked “%(step)s”.")
                % {"status": procedure.get_status_display(), "step": ProcedureStep(step).label}
            }
        )
    if on > today:
        raise ValidationError({"on": _("The date cannot be in the future.")})
    last = procedure.events.order_by("-on", "-pk").values_list("on", flat=True).first()
    if last and on < last:
        raise ValidationError(
            {"on": _("The date cannot be before the previous step (%(date)s).") % {"date": last}}
        )
    document_number = (document_number or "").strip()
    note = (note or "").strip()
    before = _snapshot(procedure)
    if step == ProcedureStep.ACCEPT:
        procedure.status = ProcedureStatus.ACCEPTED
        procedure.accepted_on = on
        procedure.running_since = on
        procedure.due_date = _due(procedure)
    elif step == ProcedureStep.RETURN:
        if not note:
            raise ValidationError({"note": _("Say what material is missing.")})
        procedure.used_days += workdays.workdays_between(procedure.running_since, on)
        procedure.running_since = None
        procedure.due_date = None
        procedure.status = ProcedureStatus.RETURNED
    elif step == ProcedureStep.RESUBMIT:
        procedure.running_since = on
        procedure.status = ProcedureStatus.ACCEPTED
        procedure.due_date = _due(procedure)
    else:
        if not document_number:
            raise ValidationError({"document_number": _("Give the approval's document number.")})
        procedure.used_days += workdays.workdays_between(procedure.running_since, on)
        procedure.running_since = None
        procedure.status = ProcedureStatus.DONE
        procedure.done_on = on
        procedure.document_number = document_number
    procedure.full_clean()
    procedure.save()
    ProcedureEvent.objects.create(
        procedure=procedure,
        step=step,
        on=on,
        note=(note or document_number)[:300],
        actor=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=procedure,
        before=before,
        after=_snapshot(procedure),
        message=str(ProcedureStep(step).label),
    )
    if step in (ProcedureStep.RETURN, ProcedureStep.DONE):
        values = {
            "procedure": procedure.type.name,
            "project": procedure.project.name,
            "step": ProcedureStep(step).label,
        }
        notify(
            users=people.project_team(procedure.project),
            title=_("%(procedure)s of %(project)s: %(step)s") % values,
            body=note or document_number,
            link=_link(procedure),
        )
    return procedure


def recompute_due_dates(first):
    """Calendar listener: a running procedure whose clock may cross ``first`` gets its due date
    reckoned again on the changed calendar."""
    running = ProjectProcedure.objects.filter(
        running_since__isnull=False, due_date__gte=first
    ).select_for_update()
    for procedure in running:
        due = _due(procedure)
        if due != procedure.due_date:
            procedure.due_date = due
            procedure.save(update_fields=["due_date"])
