"""Writes to a project's problem list (MEC-4). The project team keeps the list; the owner unit
(or the bureau) marks a problem solved."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.notifications import notify
from zhaoshang.core.permissions import can, has_action
from zhaoshang.core.roles import MECHANISM_MANAGE, PROJECT_EDIT
from zhaoshang.mechanisms import people
from zhaoshang.mechanisms.choices import ItemStatus
from zhaoshang.mechanisms.models import Problem
from zhaoshang.mechanisms.permissions import may_close

FIELDS = ("category", "description", "owner_unit", "deadline")


def may_keep_list(user, project):
    return can(user, PROJECT_EDIT, project) or has_action(user, MECHANISM_MANAGE)


def _snapshot(problem):
    return audit.snapshot(problem, (*FIELDS, "status", "resolution"))


def _link(problem):
    return reverse("mechanisms:problem_list") + f"?project={problem.project.code}"


@transaction.atomic
def problem_save(*, actor, project=None, problem=None, on=None, **fields):
    """Add a problem to ``project``'s list, or change an open one."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    creating = problem is None
    if creating:
        problem = Problem(project=project, raised_by=actor, raised_on=on or timezone.localdate())
        before = None
    else:
        problem = Problem.objects.select_for_update().get(pk=problem.pk)
        before = _snapshot(problem)
        if problem.status == ItemStatus.DONE:
            raise ValidationError(_("The problem is resolved; it no longer changes."))
    if not may_keep_list(actor, problem.project):
        raise PermissionDenied(_("Only the project's team keeps its problem list."))
    if problem.project.stage.is_pipeline and problem.project.stage.is_final and creating:
        raise ValidationError(_("The project is in production; its problem list is closed."))
    for name, value in fields.items():
        setattr(problem, name, value.strip() if isinstance(value, str) else value)
    problem.full_clean()
    problem.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=problem,
        before=before,
        after=_snapshot(problem),
    )
    if creating or before.get("owner_unit") != str(problem.owner_unit):
        notify(
            users=people.unit_people([problem.owner_unit_id]),
            title=_("Problem of %(project)s for your unit: %(problem)s, by %(deadline)s")
            % {
                "project": problem.project.name,
                "problem": problem.description,
                "deadline": problem.deadline,
            },
            link=_link(problem),
        )
    return problem


@transaction.atomic
def problem_resolve(*, actor, problem, resolution, on=None):
    problem = Problem.objects.select_for_update().select_related("project").get(pk=problem.pk)
    if not (may_close(actor, problem.owner_unit) or may_keep_list(actor, problem.project)):
        raise PermissionDenied(_("Only the owner unit or the project team resolves a problem."))
    if problem.status == ItemStatus.DONE:
        raise ValidationError(_("The problem is already resolved."))
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Say how the problem was solved.")})
    before = _snapshot(problem)
    problem.status = ItemStatus.DONE
    problem.resolution = resolution.strip()
    problem.resolved_on = on or timezone.localdate()
    problem.save(update_fields=["status", "resolution", "resolved_on"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=problem, before=before, after=_snapshot(problem)
    )
    return problem
