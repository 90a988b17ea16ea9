"""One FilterSet per list. Sections, sectors and groups are filtered by their codes, so a
filtered list has a readable, stable address (``?section=C&sector=2``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhaoshang.reference.choices import RegionKind, Sector
from zhaoshang.reference.models import (
    IndustryDivision,
    IndustrySection,
    Region,
    RegionGroup,
    StrategicField,
)


def _search(queryset, fields, value):
    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__icontains": value})
    return queryset.filter(q)


class DivisionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    section = django_filters.ModelChoiceFilter(
        label=_("Industry section"),
        queryset=IndustrySection.objects.all(),
        to_field_name="code",
    )
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)

    class Meta:
        model = IndustryDivision
        fields = ["q", "section", "sector"]

    def search(self, queryset, name, value):
        return _search(queryset, ["code", "name", "section__name"], value)


class StrategicFieldFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = StrategicField
        fields = ["q"]

    def search(self, queryset, name, value):
        return _search(queryset, ["code", "name"], value)


class RegionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RegionKind.choices)
    group = django_filters.ModelChoiceFilter(
        label=_("Region group"),
        field_name="groups",
        queryset=RegionGroup.objects.order_by("position", "name"),
        to_field_name="code",
    )

    class Meta:
        model = Region
        fields = ["q", "kind", "group"]

    def search(self, queryset, name, value):
        return _search(queryset, ["code", "name", "short_name"], value)


class RegionGroupFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    region = django_filters.ModelChoiceFilter(
        label=_("Contains region"),
        field_name="regions",
        queryset=Region.objects.order_by("position", "code"),
        to_field_name="code",
    )

    class Meta:
        model = RegionGroup
        fields = ["q", "region"]

    def search(self, queryset, name, value):
        return _search(queryset, ["code", "name", "description"], value)
