"""One FilterSet serves the project list page, its export and the API (DESIGN section 2)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.filters import OrderingFilter, YesNoFilter
from zhaoshang.core.forms import QuickSelect
from zhaoshang.orgs.models import Unit
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import Platform, Project, Stage, Transition
from zhaoshang.projects.selectors import stalled_q
from zhaoshang.reference.choices import Sector
from zhaoshang.reference.models import IndustryDivision, Region, RegionGroup, StrategicField

_DATE = forms.DateInput(attrs={"type": "date"})


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = django_filters.ModelChoiceFilter(
        label=_("Claiming unit"),
        queryset=Unit.objects.none(),
        method="in_unit",
        widget=QuickSelect,
    )
    # The dashboard's links name several units (a group's members) and leave out sub-units that
    # are assessed on their own, as the bulletin's rows do; people use the single unit above.
    units = django_filters.ModelMultipleChoiceFilter(
        queryset=Unit.objects.none(), method="in_units", widget=forms.MultipleHiddenInput
    )
    exclude_unit = django_filters.ModelMultipleChoiceFilter(
        queryset=Unit.objects.none(), method="outside_units", widget=forms.MultipleHiddenInput
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
    landed_from = django_filters.DateFilter(
        label=_("Landed from"), method="landed_between", widget=_DATE
    )
    landed_to = django_filters.DateFilter(
        label=_("Landed to"), method="landed_between", widget=_DATE
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
            for name in ("unit", "units", "exclude_unit"):
                if name in self.filters:
                    self.filters[name].queryset = units

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

    def in_units(self, queryset, name, units):
        if not units:
            return queryset
        q = Q(pk__in=[])
        for unit in units:
            q |= Q(unit__path__startswith=unit.path)
        return queryset.filter(q)

    def outside_units(self, queryset, name, units):
        for unit in units:
            queryset = queryset.exclude(unit__path__startswith=unit.path)
        return queryset

    def landed_between(self, queryset, name, value):
        """Projects whose stage reached a landed stage (in pipeline order) by the end of
        ``landed_to`` and had not before ``landed_from``, read from the stage history the way
        month-end snapshots and the bulletin read it."""
        data = self.form.cleaned_data
        start, end = data.get("landed_from"), data.get("landed_to")
        if name == "landed_to" and start:
            return queryset  # applied once, with landed_from
        landed = Stage.objects.filter(kind=StageKind.PIPELINE, landed=True).order_by("position")
        first = landed.values_list("position", flat=True).first()
        if first is None:
            return queryset.none()
        reached = list(
            Stage.objects.filter(kind=StageKind.PIPELINE, position__gte=first).values_list(
                "pk", flat=True
            )
        )
        if end is not None:
            queryset = queryset.annotate(_stage_at_end=_stage_before(end + timedelta(days=1)))
            queryset = queryset.filter(_stage_at_end__in=reached)
        else:
            queryset = queryset.filter(stage__in=reached)
        if start is not None:
            queryset = queryset.annotate(_stage_at_start=_stage_before(start))
            queryset = queryset.filter(
                Q(_stage_at_start__isnull=True) | ~Q(_stage_at_start__in=reached)
            )
        return queryset

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


def _stage_before(day):
    """The stage a project was in when ``day`` began (county time): its newest transition
    before then, ties in time going to the later row."""
    instant = datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return Subquery(
        Transition.objects.filter(project=OuterRef("pk"), at__lt=instant)
        .order_by("-at", "-pk")
        .values("to_stage")[:1]
    )
