"""One FilterSet per list: the page, its export and the API filter alike (DESIGN section 2)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhaoshang.orgs.models import Unit
from zhaoshang.projects.models import Platform
from zhaoshang.reference.models import RegionGroup
from zhaoshang.targeting.choices import (
    InvestorSize,
    LeadStatus,
    ReferrerKind,
    SiteKind,
    SiteStatus,
    VisitKind,
)


class YearFilter(django_filters.NumberFilter):
    """A whole year in a sane range: a database has no year 0."""

    field_class = forms.IntegerField


def _in_unit(queryset, name, value):
    return queryset.filter(unit__path__startswith=value.path) if value else queryset


class InvestorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.none(), method=_in_unit
    )
    region_group = django_filters.ModelChoiceFilter(
        label=_("Region group"),
        queryset=RegionGroup.objects.all(),
        field_name="enterprise__region__groups",
    )
    size = django_filters.ChoiceFilter(label=_("Size"), choices=InvestorSize.choices)
    tag = django_filters.CharFilter(label=_("Tag"), field_name="tags", lookup_expr="icontains")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units if units is not None else Unit.objects.all()

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(enterprise__name__icontains=value)
            | Q(enterprise__credit_code__iexact=value)
            | Q(contacts__name__icontains=value)
        ).distinct()


class TripFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.none(), method=_in_unit
    )
    region_group = django_filters.ModelChoiceFilter(
        label=_("Region group"), queryset=RegionGroup.objects.all(), field_name="region__groups"
    )
    year = YearFilter(
        label=_("Year"), field_name="start_date__year", min_value=2000, max_value=2100
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units if units is not None else Unit.objects.all()


class VisitFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=VisitKind.choices)
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.none(), method=_in_unit
    )
    q = django_filters.CharFilter(
        label=_("Investor"), field_name="investor__enterprise__name", lookup_expr="icontains"
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units if units is not None else Unit.objects.all()


class LeadFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=LeadStatus.choices)
    referrer_kind = django_filters.ChoiceFilter(
        label=_("Source of the lead"), choices=ReferrerKind.choices
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.none(), method=_in_unit
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units if units is not None else Unit.objects.all()

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(investor_name__icontains=value))


class SiteFilterSet(django_filters.FilterSet):
    platform = django_filters.ModelChoiceFilter(
        label=_("Carrier platform"), queryset=Platform.objects.all()
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SiteKind.choices)
    status = django_filters.ChoiceFilter(label=_("Availability"), choices=SiteStatus.choices)
