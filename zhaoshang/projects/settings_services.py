"""Writes to the pipeline settings (PRJ-2/3/4): stages, drop reasons, carrier platforms and the
county's numbers. Only the bureau (REFERENCE_MANAGE) changes them.

Each service checks the right itself and writes one audit row with before/after in its own
transaction. Codes are never changed once created: projects, imports and the integrity checks
refer to them. A change that alters what is derived from it (the major-project flag, stage
deadlines) recomputes the derived values in the same transaction.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import REFERENCE_MANAGE
from zhaoshang.projects.models import (
    CountySettings,
    DropReason,
    Platform,
    Project,
    Stage,
    StageRequirement,
)
from zhaoshang.projects.requirements import RULES
from zhaoshang.projects.services import _deadline

# The integrity checks drop a repeated project with one of these; they must stay selectable.
PROTECTED_REASONS = frozenset({"merged", "repeat"})
DEADLINE_BATCH = 1000
CENTS = Decimal("0.01")

STAGE_FIELDS = ("code", "name", "max_dwell_days")
STAGE_EDITABLE = frozenset({"name", "max_dwell_days", "rules"})
REASON_FIELDS = ("code", "name", "position", "is_active")
REASON_EDITABLE = frozenset({"name", "position", "is_active"})
PLATFORM_FIELDS = ("code", "name", "unit", "position")
PLATFORM_EDITABLE = frozenset({"name", "unit", "position"})
COUNTY_FIELDS = ("major_project_threshold", "local_region")


def _require_manage(actor):
    if not has_action(actor, REFERENCE_MANAGE):
        raise PermissionDenied(_("You may not change the pipeline settings."))


def _only(fields, allowed):
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )


def _clean_text(value):
    return value.strip() if isinstance(value, str) else value


def _record(actor, obj, before, after, creating=False):
    if after != before:
        audit.record(
            actor=actor,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=obj,
            before=before,
            after=after,
        )


# Stages ------------------------------------------------------------------------------------


def _stage_snapshot(stage):
    data = audit.snapshot(stage, STAGE_FIELDS)
    data["rules"] = list(stage.requirements.order_by("position").values_list("rule", flat=True))
    return data


def _set_rules(stage, rules):
    unknown = set(rules) - set(RULES)
    if unknown:
        raise ValidationError(
            {"rules": _("Unknown requirement: %(r)s") % {"r": ", ".join(unknown)}}
        )
    if rules and not stage.is_pipeline:
        raise ValidationError({"rules": _("Only a pipeline stage has requirements.")})
    wanted = set(rules)
    stage.requirements.exclude(rule__in=wanted).delete()
    existing = set(stage.requirements.values_list("rule", flat=True))
    # Rules keep the order of the rule list, so messages name what is missing in a fixed order.
    order = {code: index for index, code in enumerate(RULES, start=1)}
    StageRequirement.objects.bulk_create(
        StageRequirement(stage=stage, rule=rule, position=order[rule])
        for rule in sorted(wanted - existing, key=order.get)
    )


def recompute_stage_deadlines(stage):
    """Give every project now in ``stage`` the deadline the stage's dwell limit implies.
    The local date of entry plus the limit is awkward to express in SQL on both databases,
    so it is computed here and written in batches; returns how many projects changed."""
    projects = Project.objects.filter(stage=stage)
    if _deadline(stage, timezone.now()) is None:
        # No limit, a side state or the final stage: no project in it has a deadline.
        return projects.exclude(stage_deadline=None).update(stage_deadline=None)
    changed, last = 0, 0
    while True:
        rows = list(
            projects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "stage_entered_at", "stage_deadline")[:DEADLINE_BATCH]
        )
        if not rows:
            return changed
        last = rows[-1][0]
        stale = [
            Project(pk=pk, stage_deadline=new)
            for pk, entered, old in rows
            if (new := _deadline(stage, entered)) != old
        ]
        Project.objects.bulk_update(stale, ["stage_deadline"])
        changed += len(stale)


@transaction.atomic
def stage_update(*, actor, stage, **fields):
    """Rename a stage, change its dwell limit or the rules a project must meet to enter it.
    ``rules`` is the complete list of rule codes from ``requirements.RULES``."""
    _require_manage(actor)
    _only(fields, STAGE_EDITABLE)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    before = _stage_snapshot(stage)
    if "name" in fields:
        stage.name = _clean_text(fields["name"])
    if "max_dwell_days" in fields:
        days = fields["max_dwell_days"]
        if days is not None and (not stage.is_pipeline or stage.is_final):
            raise ValidationError(
                {"max_dwell_days": _("Only an open pipeline stage has a maximum dwell time.")}
            )
        stage.max_dwell_days = days
    stage.full_clean()
    stage.save(update_fields=["name", "max_dwell_days"])
    if "rules" in fields:
        _set_rules(stage, list(fields["rules"]))
    after = _stage_snapshot(stage)
    if after["max_dwell_days"] != before["max_dwell_days"]:
        recompute_stage_deadlines(stage)
    _record(actor, stage, before, after)
    return stage


# Drop reasons ------------------------------------------------------------------------------


def _next_position(model):
    return (model.objects.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def drop_reason_create(*, actor, code, name, position=None):
    _require_manage(actor)
    reason = DropReason(
        code=_clean_text(code),
        name=_clean_text(name),
        position=_next_position(DropReason) if position is None else position,
    )
    reason.full_clean()
    reason.save()
    _record(actor, reason, None, audit.snapshot(reason, REASON_FIELDS), creating=True)
    return reason


@transaction.atomic
def drop_reason_update(*, actor, reason, **fields):
    """Rename, reorder or (de)activate a reason. A deactivated reason stays on the projects
    dropped with it but is no longer offered."""
    _require_manage(actor)
    _only(fields, REASON_EDITABLE)
    reason = DropReason.objects.select_for_update().get(pk=reason.pk)
    if fields.get("is_active") is False and reason.code in PROTECTED_REASONS:
        raise ValidationError(
            {
                "is_active": _(
                    "This reason is used when the bureau resolves a suspected repeat; it stays "
                    "active."
                )
            }
        )
    before = audit.snapshot(reason, REASON_FIELDS)
    for name, value in fields.items():
        setattr(reason, name, _clean_text(value))
    reason.full_clean()
    reason.save(update_fields=sorted(fields))
    _record(actor, reason, before, audit.snapshot(reason, REASON_FIELDS))
    return reason


# Carrier platforms -------------------------------------------------------------------------


@transaction.atomic
def platform_create(*, actor, code, name, unit=None, position=None):
    _require_manage(actor)
    platform = Platform(
        code=_clean_text(code),
        name=_clean_text(name),
        unit=unit,
        position=_next_position(Platform) if position is None else position,
    )
    platform.full_clean()
    platform.save()
    _record(actor, platform, None, audit.snapshot(platform, PLATFORM_FIELDS), creating=True)
    return platform


@transaction.atomic
def platform_update(*, actor, platform, **fields):
    _require_manage(actor)
    _only(fields, PLATFORM_EDITABLE)
    platform = Platform.objects.select_for_update().get(pk=platform.pk)
    before = audit.snapshot(platform, PLATFORM_FIELDS)
    for name, value in fields.items():
        setattr(platform, name, _clean_text(value))
    platform.full_clean()
    platform.save(update_fields=sorted(fields))
    _record(actor, platform, before, audit.snapshot(platform, PLATFORM_FIELDS))
    return platform


# County settings ---------------------------------------------------------------------------


def recompute_major_flags(threshold):
    """Every project's major flag against ``threshold``, in one UPDATE."""
    return Project.objects.update(
        is_major=Case(When(total_investment__gte=threshold, then=Value(True)), default=Value(False))
    )


@transaction.atomic
def county_settings_update(*, actor, **fields):
    _require_manage(actor)
    _only(fields, frozenset(COUNTY_FIELDS))
    row = CountySettings.objects.select_for_update().get(pk=CountySettings.current().pk)
    before = audit.snapshot(row, COUNTY_FIELDS)
    threshold = row.major_project_threshold
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    # Stored with two places; the same amount typed as 50000 must not read as a change.
    row.major_project_threshold = row.major_project_threshold.quantize(CENTS)
    row.save(update_fields=sorted(fields))
    if row.major_project_threshold != threshold:
        recompute_major_flags(row.major_project_threshold)
    after = audit.snapshot(row, COUNTY_FIELDS)
    _record(actor, row, before, after)
    return row
