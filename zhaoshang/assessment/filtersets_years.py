"""Filters of the targets list as the API offers it: by year, unit, indicator, month, group."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.choices import TargetMetric
from zhaoshang.assessment.models import GroupMember, Target


class TargetFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("year"), field_name="year__year")
    unit = django_filters.CharFilter(label=_("unit code"), method="by_unit")
    metric = django_filters.ChoiceFilter(label=_("indicator"), choices=TargetMetric.choices)
    month = django_filters.NumberFilter(label=_("by the end of month"), field_name="month")
    group = django_filters.CharFilter(label=_("group code"), method="in_group")

    class Meta:
        model = Target
        fields = ["year", "unit", "metric", "month", "group"]

    def by_unit(self, queryset, name, value):
        # No code contains a NUL, and PostgreSQL refuses one even in a lookup.
        return queryset.filter(unit__code=value) if "\x00" not in value else queryset.none()

    def in_group(self, queryset, name, value):
        if "\x00" in value:
            return queryset.none()
        member = GroupMember.objects.filter(
            group__code=value, year_id=OuterRef("year_id"), unit_id=OuterRef("unit_id")
        )
        return queryset.filter(Exists(member))
