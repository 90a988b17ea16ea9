"""Writes to the reference data, for the investment bureau (REFERENCE_MANAGE).

Each service checks the actor's right itself and writes one audit row in its own transaction.
Codes are never changed once created: projects, imports and URLs refer to them.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import REFERENCE_MANAGE
from zhaoshang.reference import selectors
from zhaoshang.reference.models import IndustryDivision, Region, RegionGroup
from zhaoshang.reference.sectors import sector_for

DIVISION_FIELDS = ("code", "name", "section", "sector")
REGION_FIELDS = ("code", "name", "short_name", "kind", "position")
REGION_EDITABLE = frozenset({"name", "short_name", "position"})
GROUP_FIELDS = ("code", "name", "description", "position")
GROUP_EDITABLE = frozenset({"name", "description", "position", "regions"})


def _require_manage(actor):
    if not has_action(actor, REFERENCE_MANAGE):
        raise PermissionDenied(_("You may not change reference data."))


def _only(fields, allowed):
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )


def _division_snapshot(division):
    return audit.snapshot(division, DIVISION_FIELDS)


@transaction.atomic
def division_update(*, actor, division, name):
    """Rename a division. Its sector is recomputed by the 2018 rule, never taken as input."""
    _require_manage(actor)
    division = (
        IndustryDivision.objects.select_for_update().select_related("section").get(pk=division.pk)
    )
    before = _division_snapshot(division)
    division.name = name.strip() if isinstance(name, str) else name
    division.sector = sector_for(division.section.code, division.code)
    division.full_clean()
    division.save(update_fields=["name", "sector"])
    after = _division_snapshot(division)
    if after != before:
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=division, before=before, after=after
        )
    return division


@transaction.atomic
def region_create(*, actor, code, name, kind, short_name="", position=None):
    _require_manage(actor)
    region = Region(
        code=code.strip().upper(),
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        position=selectors.next_region_position(kind) if position is None else position,
    )
    region.full_clean()
    region.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=region,
        after=audit.snapshot(region, REGION_FIELDS),
    )
    return region


@transaction.atomic
def region_update(*, actor, region, **fields):
    """Change a region's names or order; its code and kind identify it and stay."""
    _require_manage(actor)
    _only(fields, REGION_EDITABLE)
    region = Region.objects.select_for_update().get(pk=region.pk)
    before = audit.snapshot(region, REGION_FIELDS)
    for name, value in fields.items():
        setattr(region, name, value.strip() if isinstance(value, str) else value)
    region.full_clean()
    region.save(update_fields=sorted(fields))
    after = audit.snapshot(region, REGION_FIELDS)
    if after != before:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=region, before=before, after=after)
    return region


def _group_snapshot(group):
    data = audit.snapshot(group, GROUP_FIELDS)
    data["regions"] = sorted(group.regions.values_list("code", flat=True))
    return data


@transaction.atomic
def region_group_create(*, actor, code, name, description="", regions=(), position=None):
    _require_manage(actor)
    group = RegionGroup(
        code=code.strip(),
        name=name.strip(),
        description=description.strip(),
        position=selectors.next_group_position() if position is None else position,
    )
    group.full_clean()
    group.save()
    group.regions.set(regions)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=group, after=_group_snapshot(group))
    return group


@transaction.atomic
def region_group_update(*, actor, group, **fields):
    """Rename, describe, reorder or change the members of a group; the code stays."""
    _require_manage(actor)
    _only(fields, GROUP_EDITABLE)
    group = RegionGroup.objects.select_for_update().get(pk=group.pk)
    before = _group_snapshot(group)
    regions = fields.pop("regions", None)
    for name, value in fields.items():
        setattr(group, name, value.strip() if isinstance(value, str) else value)
    group.full_clean()
    if fields:
        group.save(update_fields=sorted(fields))
    if regions is not None:
        group.regions.set(regions)
    after = _group_snapshot(group)
    if after != before:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=group, before=before, after=after)
    return group


@transaction.atomic
def region_group_delete(*, actor, group):
    """Remove a group; its regions stay. Returns what the group was, as in the audit row."""
    _require_manage(actor)
    group = RegionGroup.objects.select_for_update().get(pk=group.pk)
    before = _group_snapshot(group)
    audit.record(actor=actor, action=AuditAction.DELETE, obj=group, before=before)
    group.delete()
    return before
