"""Reads of the reference data.

The lists are county-wide, not unit-scoped, so there is nothing to ``restrict``: who may read
them at all is decided once, by ``can_view``.
"""

from django.db.models import Count, Max, Min, Prefetch

from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import PROJECT_VIEW, REFERENCE_MANAGE
from zhaoshang.reference.choices import RegionKind, Sector
from zhaoshang.reference.data import OTHER_COUNTRY_CODE
from zhaoshang.reference.models import (
    IndustryDivision,
    IndustrySection,
    Region,
    RegionGroup,
    StrategicField,
)

POSITION_STEP = 10


def can_view(user):
    """Anyone who works with projects classifies them against these lists."""
    return has_action(user, PROJECT_VIEW) or has_action(user, REFERENCE_MANAGE)


def can_manage(user):
    return has_action(user, REFERENCE_MANAGE)


# Aggregating querysets below name their order: Django drops Meta.ordering from GROUP BY queries.


def section_list():
    return IndustrySection.objects.annotate(
        division_count=Count("divisions"),
        first_division=Min("divisions__code"),
        last_division=Max("divisions__code"),
    ).order_by("code")


def division_list():
    return IndustryDivision.objects.select_related("section")


def strategic_field_list():
    return StrategicField.objects.all()


def _ordered_groups():
    return RegionGroup.objects.order_by("position", "name")


def _ordered_regions():
    return Region.objects.order_by("position", "code")


def region_list():
    return Region.objects.prefetch_related(Prefetch("groups", queryset=_ordered_groups()))


def region_group_list():
    return (
        _ordered_groups()
        .annotate(region_count=Count("regions"))
        .prefetch_related(Prefetch("regions", queryset=_ordered_regions()))
    )


def regions_in_group(group):
    """The group's member regions, in list order."""
    return _ordered_regions().filter(groups=group)


def groups_of(region):
    """Every group the region belongs to; a region may be in several."""
    return _ordered_groups().filter(regions=region)


def next_region_position(kind):
    """A new region goes after the others of its kind but before the catch-all "other"."""
    last = (
        Region.objects.filter(kind=kind)
        .exclude(code=OTHER_COUNTRY_CODE)
        .aggregate(m=Max("position"))["m"]
    )
    return (last or 0) + POSITION_STEP


def next_group_position():
    return (RegionGroup.objects.aggregate(m=Max("position"))["m"] or 0) + POSITION_STEP


def counts():
    """Figures for the index page, in a handful of aggregate queries."""
    per_sector = dict(
        IndustryDivision.objects.values_list("sector").annotate(n=Count("pk")).order_by()
    )
    kinds = dict(Region.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    return {
        "sections": IndustrySection.objects.count(),
        "divisions": sum(per_sector.values()),
        "sectors": [
            {"value": sector.value, "label": sector.label, "count": per_sector.get(sector, 0)}
            for sector in Sector
        ],
        "strategic_fields": StrategicField.objects.count(),
        "provinces": kinds.get(RegionKind.PROVINCE, 0),
        "countries": kinds.get(RegionKind.COUNTRY, 0),
        "groups": RegionGroup.objects.count(),
    }
