"""One FilterSet serves the project list page, its export and the API (DESIGN section 2)."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.filters import OrderingFilter, YesNoFilter
from zhaoshang.orgs.models import Unit
from zhaoshang.projects.models import Platform, Project, Stage
from zhaoshang.projects.selectors import stalled_q
from zhaoshang.reference.choices import Sector
from zhaoshang.reference.models import IndustryDivision, Region, RegionGroup, StrategicField

_DATE = forms.DateInput(attrs={"type": "date"})


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = django_filters.ModelChoiceFilter(
        label=_("Claiming unit"), queryset=Unit.objects.none(), method="in_unit"
    )
    stage = django_filters.ModelChoiceFilter(
        label=_("Stage"), queryset=Stage.objects.all(), field_name="stage"
    )
    industry = django_filters.ModelChoiceFilter(
        label=_("Industry"), queryset=IndustryDivision.objects.all()
    )
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    strategic_field = django_filters.ModelChoiceFilter(
        label=_("Strategic emerging field"), queryset=StrategicField.objects.all()
    )
    strategic = YesNoFilter(label=_("Any strategic emerging field"), method="is_strategic")
    region_group = django_filters.ModelChoiceFilter(
        label=_("Region group"),
        queryset=RegionGroup.objects.all(),
        field_name="origin_region__groups",
    )
    origin_region = django_filters.ModelChoiceFilter(
        label=_("Origin region"), queryset=Region.objects.all()
    )
    platform = django_filters.ModelChoiceFilter(
        label=_("Carrier platform"), queryset=Platform.objects.all()
    )
    is_major = YesNoFilter(label=_("Major project"))
    stalled = YesNoFilter(label=_("Stalled"), method="is_stalled")
    suspected_repeat = YesNoFilter(label=_("Suspected repeat"))
    verified = YesNoFilter(label=_("Verified"), method="is_verified")
    investment_min = django_filters.NumberFilter(
        label=_("Investment from (10k yuan)"), field_name="total_investment", lookup_expr="gte"
    )
    investment_max = django_filters.NumberFilter(
        label=_("Investment up to (10k yuan)"), field_name="total_investment", lookup_expr="lte"
    )
    registered_from = django_filters.DateFilter(
        label=_("Registered from"), field_name="created_at", lookup_expr="date__gte", widget=_DATE
    )
    registered_to = django_filters.DateFilter(
        label=_("Registered to"), field_name="created_at", lookup_expr="date__lte", widget=_DATE
    )
    signed_from = django_filters.DateFilter(
        label=_("Signed from"), field_name="signing_date", lookup_expr="gte", widget=_DATE
    )
    signed_to = django_filters.DateFilter(
        label=_("Signed to"), field_name="signing_date", lookup_expr="lte", widget=_DATE
    )
    days_in_stage_min = django_filters.NumberFilter(
        label=_("In this stage for at least (days)"), method="in_stage_at_least", min_value=0
    )
    days_in_stage_max = django_filters.NumberFilter(
        label=_("In this stage for less than (days)"), method="in_stage_less_than", min_value=1
    )
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("created_at", "created_at"),
            ("total_investment", "total_investment"),
            ("funds_in_place", "funds_in_place"),
            ("stage__position", "stage"),
            ("stage_entered_at", "stage_entered_at"),
            ("next_action_date", "next_action_date"),
            ("code", "code"),
        ),
        field_labels={
            "created_at": _("Registered"),
            "total_investment": _("Total investment"),
            "funds_in_place": _("Funds in place"),
            "stage__position": _("Stage"),
            "stage_entered_at": _("In stage since"),
            "next_action_date": _("Next action date"),
            "code": _("Code"),
        },
    )

    class Meta:
        model = Project
        fields = ["q", "unit", "stage"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.filters["unit"].queryset = units

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(investor_name__icontains=value)
            | Q(code__iexact=value)
            | Q(site__icontains=value)
        )

    def in_unit(self, queryset, name, unit):
        """A unit's projects include those of the units below it."""
        return queryset.filter(unit__path__startswith=unit.path)

    def is_stalled(self, queryset, name, value):
        return queryset.filter(stalled_q()) if value == "1" else queryset.exclude(stalled_q())

    # Days in the current stage count from now, as the dashboard's ageing buckets do, so a
    # bucket's link lists exactly the projects it counts.
    def in_stage_at_least(self, queryset, name, value):
        return queryset.filter(stage_entered_at__lte=timezone.now() - timedelta(days=int(value)))

    def in_stage_less_than(self, queryset, name, value):
        return queryset.filter(stage_entered_at__gt=timezone.now() - timedelta(days=int(value)))

    def is_verified(self, queryset, name, value):
        return queryset.filter(verified_at__isnull=value != "1")

    def is_strategic(self, queryset, name, value):
        return queryset.filter(strategic_field__isnull=value != "1")
