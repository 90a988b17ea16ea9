"""Writes to the review settings, the leading group and the procedure catalogue (bureau)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import MECHANISM_MANAGE
from zhaoshang.mechanisms.models import LeadingGroupMember, MechanismSettings, ProcedureType

SETTINGS_FIELDS = ("opinion_days", "decision_rule", "review_since")
TYPE_FIELDS = (
    "code",
    "name",
    "department",
    "time_limit_days",
    "mandatory",
    "for_primary",
    "for_secondary",
    "for_tertiary",
    "position",
    "is_active",
)


def _require_manage(actor):
    if not has_action(actor, MECHANISM_MANAGE):
        raise PermissionDenied(_("Only the investment bureau configures the mechanisms."))


@transaction.atomic
def settings_update(*, actor, departments, **fields):
    """Set the opinion time limit, the decision rule and the group's member departments (in
    order). A department taken off the group keeps the opinions it already gave."""
    _require_manage(actor)
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    row = MechanismSettings.objects.select_for_update().get_or_create(pk=1)[0]
    before = audit.snapshot(row, SETTINGS_FIELDS)
    before["departments"] = [
        str(m.department) for m in LeadingGroupMember.objects.filter(is_active=True)
    ]
    for name, value in fields.items():
        setattr(row, name, value)
    if row.review_since is None and departments:
        row.review_since = timezone.localdate()
    row.full_clean()
    row.save()
    wanted = {unit.pk: index for index, unit in enumerate(departments, start=1)}
    LeadingGroupMember.objects.exclude(department__in=wanted).update(is_active=False)
    for unit in departments:
        LeadingGroupMember.objects.update_or_create(
            department=unit, defaults={"position": wanted[unit.pk], "is_active": True}
        )
    after = audit.snapshot(row, SETTINGS_FIELDS)
    after["departments"] = [str(u) for u in departments]
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=row, before=before, after=after)
    return row


@transaction.atomic
def procedure_type_save(*, actor, procedure_type=None, **fields):
    _require_manage(actor)
    unknown = set(fields) - set(TYPE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    creating = procedure_type is None
    if creating:
        procedure_type = ProcedureType()
        before = None
    else:
        procedure_type = ProcedureType.objects.select_for_update().get(pk=procedure_type.pk)
        before = audit.snapshot(procedure_type, TYPE_FIELDS)
        if "code" in fields and fields["code"] != procedure_type.code:
            raise ValidationError({"code": _("A code cannot change once created.")})
    for name, value in fields.items():
        setattr(procedure_type, name, value.strip() if isinstance(value, str) else value)
    procedure_type.full_clean()
    procedure_type.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=procedure_type,
        before=before,
        after=audit.snapshot(procedure_type, TYPE_FIELDS),
    )
    return procedure_type
