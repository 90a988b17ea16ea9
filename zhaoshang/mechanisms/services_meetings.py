"""Writes to 一事一议 decision meetings (MEC-3): the bureau prepares the meeting and records
its decisions and the attendees' positions; owners close their follow-up tasks."""

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
from zhaoshang.core.roles import MECHANISM_MANAGE, PROJECT_VIEW
from zhaoshang.mechanisms import people
from zhaoshang.mechanisms.choices import Decision, ItemStatus, MeetingStatus
from zhaoshang.mechanisms.models import AgendaItem, AgendaStance, FollowUpTask, Meeting
from zhaoshang.mechanisms.permissions import may_close
from zhaoshang.mechanisms.services_review import check_material

MEETING_FIELDS = ("title", "number", "held_on", "place", "chair", "others_present")
ITEM_FIELDS = ("topic", "proposal", "decision", "conditions")


def _require_manage(actor):
    if not has_action(actor, MECHANISM_MANAGE):
        raise PermissionDenied(_("Only the investment bureau keeps decision meetings."))


def _meeting_snapshot(meeting):
    data = audit.snapshot(meeting, (*MEETING_FIELDS, "status"))
    if meeting.pk:
        data["attendees"] = sorted(str(u) for u in meeting.attendees.all())
    return data


@transaction.atomic
def meeting_save(*, actor, meeting=None, attendees=None, **fields):
    """Create a meeting (``meeting`` None) or change one; ``attendees`` replaces the list."""
    _require_manage(actor)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    creating = meeting is None
    if creating:
        meeting = Meeting(created_by=actor)
        before = None
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        before = _meeting_snapshot(meeting)
    for name, value in fields.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    meeting.full_clean()
    meeting.save()
    if attendees is not None:
        meeting.attendees.set(attendees)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=meeting,
        before=before,
        after=_meeting_snapshot(meeting),
    )
    return meeting


@transaction.atomic
def meeting_mark_held(*, actor, meeting):
    """Close the meeting once every item has its decision; the minutes can then be issued."""
    _require_manage(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("The meeting is already recorded as held."))
    items = list(meeting.items.select_related("project"))
    if not items:
        raise ValidationError(_("The meeting has no agenda items."))
    undecided = [i.project.name for i in items if i.decision == Decision.PENDING]
    if undecided:
        raise ValidationError(
            _("Record the decision on every item first; still open: %(names)s.")
            % {"names": "、".join(undecided)}
        )
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=meeting, after={"status": "held"})
    notify(
        users=list(meeting.attendees.all()) + [meeting.chair],
        title=_("Minutes of %(title)s are ready") % {"title": meeting.title},
        link=reverse("mechanisms:meeting_detail", args=[meeting.public_id]),
    )
    return meeting


def _require_open(meeting):
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("The meeting is recorded as held; its items no longer change."))


@transaction.atomic
def item_save(*, actor, meeting, item=None, project=None, material=None, **fields):
    """Add an agenda item for a major project, or change one (its decision too)."""
    _require_manage(actor)
    _require_open(meeting)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    creating = item is None
    if creating:
        if project is None or not can(actor, PROJECT_VIEW, project):
            raise ValidationError({"project": _("Choose a project you may see.")})
        if not project.is_major:
            raise ValidationError(
                {
                    "project": _("一事一议 is for major projects; %(name)s is not one.")
                    % {"name": project.name}
                }
            )
        last = meeting.items.aggregate(m=Max("position"))["m"] or 0
        item = AgendaItem(meeting=meeting, project=project, position=last + 1)
        before = None
    else:
        item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
        before = audit.snapshot(item, ITEM_FIELDS)
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    if item.decision in (Decision.CONDITIONAL, Decision.REJECTED) and not item.conditions:
        raise ValidationError(
            {"conditions": _("State the conditions or the reasons of this decision.")}
        )
    check_material(material)
    if material is not None:
        item.material = material
        item.material_name = material.name[:200]
    item.full_clean(exclude=["material"])
    item.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=item,
        before=before,
        after=audit.snapshot(item, ITEM_FIELDS),
    )
    return item


@transaction.atomic
def stance_set(*, actor, item, attendee, stance, remark=""):
    """Record an attendee's position on an item; only people at the meeting have one."""
    _require_manage(actor)
    meeting = item.meeting
    _require_open(meeting)
    present = meeting.chair_id == attendee.pk or meeting.attendees.filter(pk=attendee.pk).exists()
    if not present:
        raise ValidationError({"attendee": _("Only the chair and attendees take a position.")})
    row, created = AgendaStance.objects.update_or_create(
        item=item, attendee=attendee, defaults={"stance": stance, "remark": remark.strip()}
    )
    row.full_clean()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=item,
        after={"attendee": str(attendee), "stance": stance, "remark": remark},
    )
    return row


@transaction.atomic
def task_add(*, actor, item, description, owner_unit, deadline, owner=None):
    _require_manage(actor)
    if item.decision in (Decision.PENDING, Decision.REJECTED):
        raise ValidationError(_("Follow-up tasks belong to an approved or deferred item."))
    if owner is not None and not owner.memberships.filter(unit=owner_unit).exists():
        raise ValidationError({"owner": _("The person responsible must work in the owner unit.")})
    task = FollowUpTask(
        item=item,
        description=(description or "").strip(),
        owner_unit=owner_unit,
        owner=owner,
        deadline=deadline,
    )
    task.full_clean()
    task.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=task,
        after=audit.snapshot(task, ("description", "owner_unit", "owner", "deadline")),
    )
    notify(
        users=[owner] if owner else people.unit_people([owner_unit.pk]),
        title=_("Task from %(meeting)s: %(task)s, by %(deadline)s")
        % {"meeting": item.meeting.title, "task": task.description, "deadline": deadline},
        link=reverse("mechanisms:task_list"),
    )
    return task


@transaction.atomic
def task_done(*, actor, task, result):
    task = FollowUpTask.objects.select_for_update().get(pk=task.pk)
    if not may_close(actor, task.owner_unit, task.owner_id):
        raise PermissionDenied(_("Only the owner unit or the bureau closes this task."))
    if task.status == ItemStatus.DONE:
        raise ValidationError(_("The task is already done."))
    if not (result or "").strip():
        raise ValidationError({"result": _("Say what was done.")})
    task.status = ItemStatus.DONE
    task.done_on = timezone.localdate()
    task.result = result.strip()
    task.save(update_fields=["status", "done_on", "result"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=task, after={"status": "done", "result": result}
    )
    return task
