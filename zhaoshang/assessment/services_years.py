"""Writes to assessment years, their unit groups and the units' targets (ASM-1).

The pages, the target import and the API all call these. Years and groups are county-wide and
need ``ASSESSMENT_MANAGE`` somewhere; a unit's membership and targets need it over the unit.
Every change is audited with its before and after; a closed year refuses changes to its groups
and targets until it is reopened.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zhaoshang.assessment.choices import TargetMetric
from zhaoshang.assessment.models import AssessmentYear, GroupMember, Target, UnitGroup
from zhaoshang.assessment.models.years import AMOUNT_METRICS, YEAR_MONTH
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import has_action, unit_in_scope
from zhaoshang.core.roles import ASSESSMENT_MANAGE

YEAR_FIELDS = ("year", "name", "status", "report_due_day")
GROUP_FIELDS = ("code", "name", "position")
MAX_TARGET = Decimal("1000000000000")  # what the column holds (14 digits, 2 decimals)


def _require_manage(actor):
    if not has_action(actor, ASSESSMENT_MANAGE):
        raise PermissionDenied(_("You may not run the assessment."))


def _require_unit(actor, unit):
    if not unit_in_scope(actor, ASSESSMENT_MANAGE, unit):
        raise PermissionDenied(
            _("You may not change the assessment of %(unit)s.") % {"unit": unit.name}
        )


def _require_open(year):
    if not year.is_open:
        raise ValidationError(
            _("%(year)s is closed. Reopen it before changing its groups or targets.")
            % {"year": year.name},
            code="year_closed",
        )


def _lock_year(year):
    """The year row serialises changes to its groups (positions, names, memberships)."""
    return AssessmentYear.objects.select_for_update().get(pk=year.pk)


def default_year_name(number):
    return _("%(year)s investment promotion assessment") % {"year": number}


def shown(value):
    """A quantity as a person writes it: 12, 3.5, 1200.25 (no trailing zeros)."""
    if value is None:
        return "—"
    value = Decimal(value)
    if value == value.to_integral():
        return f"{value.quantize(Decimal('1'))}"
    return f"{value.normalize()}"


# --- years -------------------------------------------------------------------------------


@transaction.atomic
def year_create(*, actor, year, name="", report_due_day=5, copy_groups=False):
    """A new assessment year; ``copy_groups`` copies the groups and their member units from
    the latest earlier year, so a year's set-up starts from last year's."""
    _require_manage(actor)
    if AssessmentYear.objects.filter(year=year).exists():
        raise ValidationError(
            {"year": _("The assessment year %(year)s already exists.") % {"year": year}},
            code="duplicate",
        )
    previous = None
    if copy_groups:
        previous = AssessmentYear.objects.filter(year__lt=year).order_by("-year").first()
        if previous is None:
            raise ValidationError(
                {"copy_groups": _("There is no earlier year to copy the groups from.")},
                code="nothing_to_copy",
            )
    created = AssessmentYear(
        year=year, name=name or default_year_name(year), report_due_day=report_due_day
    )
    created.full_clean()
    created.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=created,
        after=audit.snapshot(created, YEAR_FIELDS),
    )
    if previous is not None:
        _copy_groups(actor, previous, created)
    return created


def _copy_groups(actor, source, target):
    members = {}
    for member in GroupMember.objects.filter(year=source, unit__is_active=True).select_related(
        "unit"
    ):
        members.setdefault(member.group_id, []).append(member.unit)
    copied = {}
    for group in source.groups.order_by("position", "pk"):
        new = UnitGroup.objects.create(
            year=target, code=group.code, name=group.name, position=group.position
        )
        units = members.get(group.pk, [])
        GroupMember.objects.bulk_create(
            [GroupMember(year=target, group=new, unit=unit) for unit in units]
        )
        copied[new.name] = [unit.name for unit in units]
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=target,
        after={"groups_copied_from": source.year, "groups": copied},
        message=f"groups copied from {source.year}",
    )


@transaction.atomic
def year_update(*, actor, year, **fields):
    """Name, status (open/closed) and the report due day; the year number stays."""
    _require_manage(actor)
    unknown = set(fields) - {"name", "status", "report_due_day"}
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    year = _lock_year(year)
    before = audit.snapshot(year, YEAR_FIELDS)
    for name, value in fields.items():
        setattr(year, name, value)
    year.full_clean()
    after = audit.snapshot(year, YEAR_FIELDS)
    if after != before:
        year.save(update_fields=list(fields))
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=year, before=before, after=after)
    return year


# --- groups ------------------------------------------------------------------------------


def _check_group_unique(year, code, name, exclude=None):
    others = UnitGroup.objects.filter(year=year).exclude(pk=exclude)
    errors = {}
    if others.filter(code=code).exists():
        errors["code"] = _("%(year)s already has a group with the code %(code)s.") % {
            "year": year.name,
            "code": code,
        }
    if others.filter(name=name).exists():
        errors["name"] = _("%(year)s already has a group called %(name)s.") % {
            "year": year.name,
            "name": name,
        }
    if errors:
        raise ValidationError(errors, code="duplicate")


@transaction.atomic
def group_create(*, actor, year, code, name):
    _require_manage(actor)
    year = _lock_year(year)
    _require_open(year)
    _check_group_unique(year, code, name)
    last = year.groups.aggregate(m=Max("position"))["m"] or 0
    group = UnitGroup(year=year, code=code, name=name, position=last + 1)
    group.full_clean()
    group.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=group,
        after={"year": year.year, **audit.snapshot(group, GROUP_FIELDS)},
    )
    return group


@transaction.atomic
def group_update(*, actor, group, name):
    """Rename a group; its code, used in addresses and files, stays."""
    _require_manage(actor)
    year = _lock_year(group.year)
    _require_open(year)
    group = UnitGroup.objects.get(pk=group.pk)
    _check_group_unique(year, group.code, name, exclude=group.pk)
    before = audit.snapshot(group, GROUP_FIELDS)
    group.name = name
    group.full_clean()
    if audit.snapshot(group, GROUP_FIELDS) != before:
        group.save(update_fields=["name"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=group,
            before=before,
            after=audit.snapshot(group, GROUP_FIELDS),
        )
    return group


@transaction.atomic
def group_move(*, actor, group, offset):
    """Move a group one place up (``offset=-1``) or down (``+1``) in the year's order."""
    _require_manage(actor)
    if offset not in (-1, 1):
        raise ValidationError(_("A group moves one place at a time."))
    year = _lock_year(group.year)
    _require_open(year)
    groups = list(year.groups.order_by("position", "pk"))
    index = next(i for i, g in enumerate(groups) if g.pk == group.pk)
    other = index + offset
    if not 0 <= other < len(groups):
        return groups[index]
    groups[index], groups[other] = groups[other], groups[index]
    before = [g.name for g in sorted(groups, key=lambda g: (g.position, g.pk))]
    for position, item in enumerate(groups, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=groups[other],
        before={"order": before},
        after={"order": [g.name for g in groups]},
    )
    return groups[other]


@transaction.atomic
def group_delete(*, actor, group):
    """Refused while units are in the group: where they go is the bureau's decision."""
    _require_manage(actor)
    year = _lock_year(group.year)
    _require_open(year)
    count = GroupMember.objects.filter(group=group).count()
    if count:
        raise ValidationError(
            _(
                "%(group)s still has %(n)d units. Move them to another group or take them out "
                "of the assessment first, then delete the group."
            )
            % {"group": group.name, "n": count},
            code="group_not_empty",
        )
    before = {"year": year.year, **audit.snapshot(group, GROUP_FIELDS)}
    audit.record(actor=actor, action=AuditAction.DELETE, obj=group, before=before)
    group.delete()


# --- members -----------------------------------------------------------------------------


@transaction.atomic
def members_assign(*, actor, group, units):
    """Put ``units`` in ``group``. A unit is in one group a year, so a unit already in another
    group of the year moves; each move is audited with the group it left."""
    _require_manage(actor)
    year = _lock_year(group.year)
    _require_open(year)
    for unit in units:
        _require_unit(actor, unit)
        if not unit.is_active or unit.parent_id is None:
            raise ValidationError(
                _("%(unit)s cannot be assessed in a group.") % {"unit": unit.name},
                code="unit_not_assessable",
            )
    existing = {
        m.unit_id: m
        for m in GroupMember.objects.select_for_update(of=("self",))
        .filter(year=year, unit__in=units)
        .select_related("group")
    }
    changed = []
    for unit in units:
        member = existing.get(unit.pk)
        if member is not None and member.group_id == group.pk:
            continue
        if member is None:
            member = GroupMember(year=year, group=group, unit=unit)
            member.full_clean()
            member.save()
            audit.record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=member,
                after={"year": year.year, "unit": unit.name, "group": group.name},
            )
        else:
            left = member.group.name
            member.group = group
            member.full_clean()
            member.save(update_fields=["group"])
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=member,
                before={"year": year.year, "unit": unit.name, "group": left},
                after={"year": year.year, "unit": unit.name, "group": group.name},
            )
        changed.append(member)
    return changed


@transaction.atomic
def member_remove(*, actor, year, unit):
    """Take a unit out of the year's groups; its targets are kept for when it comes back."""
    _require_manage(actor)
    _require_unit(actor, unit)
    year = _lock_year(year)
    _require_open(year)
    member = (
        GroupMember.objects.select_for_update(of=("self",))
        .select_related("group")
        .filter(year=year, unit=unit)
        .first()
    )
    if member is None:
        return
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=member,
        before={"year": year.year, "unit": unit.name, "group": member.group.name},
    )
    member.delete()


# --- targets -----------------------------------------------------------------------------


def check_targets(metric, months):
    """Reasons, in the user's language, why ``months`` ({month: value}) cannot be the targets
    of ``metric``: milestones need the year target, may not exceed it and may not decrease
    (they add up from January); counts are whole numbers."""
    return [message for _month, message in target_problems(metric, months)]


def target_problems(metric, months):
    """``check_targets`` with the month each reason is about (None for the whole set), so an
    import can point at the row."""
    label = TargetMetric(metric).label
    errors = []
    for month, value in sorted(months.items()):
        if not 1 <= month <= YEAR_MONTH:
            errors.append(
                (
                    None,
                    _("%(metric)s: there is no month %(month)s.")
                    % {"metric": label, "month": month},
                )
            )
        elif value < 0 or value >= MAX_TARGET:
            errors.append(
                (
                    month,
                    _("%(metric)s: %(value)s is not a possible target.")
                    % {"metric": label, "value": shown(value)},
                )
            )
        elif metric not in AMOUNT_METRICS and value != value.to_integral():
            errors.append(
                (
                    month,
                    _("%(metric)s counts projects; write a whole number instead of %(value)s.")
                    % {"metric": label, "value": shown(value)},
                )
            )
    if errors:
        return errors
    year_value = months.get(YEAR_MONTH)
    milestones = sorted((m, v) for m, v in months.items() if m != YEAR_MONTH)
    if milestones and year_value is None:
        return [
            (None, _("%(metric)s: milestones need a year target (month 12).") % {"metric": label})
        ]
    for month, value in milestones:
        if value > year_value:
            errors.append(
                (
                    month,
                    _(
                        "%(metric)s: the milestone for the end of month %(month)d (%(value)s) is "
                        "larger than the year target (%(target)s)."
                    )
                    % {
                        "metric": label,
                        "month": month,
                        "value": shown(value),
                        "target": shown(year_value),
                    },
                )
            )
    for (earlier, earlier_value), (month, value) in zip(milestones, milestones[1:], strict=False):
        if value < earlier_value:
            errors.append(
                (
                    month,
                    _(
                        "%(metric)s: the milestone for the end of month %(month)d (%(value)s) "
                        "is smaller than the one for month %(earlier)d (%(earlier_value)s). "
                        "Milestones add up from January and cannot decrease."
                    )
                    % {
                        "metric": label,
                        "month": month,
                        "value": shown(value),
                        "earlier": earlier,
                        "earlier_value": shown(earlier_value),
                    },
                )
            )
    return errors


def _as_text(months):
    return {str(month): shown(value) for month, value in sorted(months.items())}


@transaction.atomic
def targets_save(*, actor, year, unit, plan):
    """Set a unit's targets: ``plan`` maps a metric to ``{month: Decimal}`` (month 12 is the
    year's target, earlier months cumulative milestones); an empty dict removes the metric's
    targets. Metrics not in ``plan`` are left as they are. All or nothing: every reason a
    metric is refused is given at once."""
    _require_unit(actor, unit)
    year = AssessmentYear.objects.select_for_update().get(pk=year.pk)
    _require_open(year)
    errors = []
    for metric, months in plan.items():
        if metric not in TargetMetric.values:
            errors.append(_("There is no indicator %(metric)s.") % {"metric": metric})
        else:
            errors.extend(check_targets(metric, months))
    if errors:
        raise ValidationError(errors, code="bad_targets")
    rows = {}
    for row in Target.objects.select_for_update().filter(
        year=year, unit=unit, metric__in=list(plan)
    ):
        rows.setdefault(row.metric, {})[row.month] = row
    changed = 0
    for metric, months in plan.items():
        current = rows.get(metric, {})
        before = _as_text({m: r.value for m, r in current.items()})
        after = _as_text(months)
        if before == after:
            continue
        for month, row in current.items():
            if month not in months:
                row.delete()
        year_row = None
        for month, value in months.items():
            row = current.get(month)
            if row is None:
                row = Target(year=year, unit=unit, metric=metric, month=month, value=value)
            elif row.value == value:
                year_row = row if month == YEAR_MONTH else year_row
                continue
            row.value = value
            row.updated_by = actor
            row.full_clean()
            row.save()
            year_row = row if month == YEAR_MONTH else year_row
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE if current else AuditAction.CREATE,
            obj=year_row or year,
            before={"unit": unit.name, "metric": metric, "targets": before} if current else None,
            after={"unit": unit.name, "metric": metric, "targets": after},
        )
        changed += 1
    return changed
