"""Forms for years, groups and a unit's targets. Choices are cut to what the user may see;
the services check again."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.choices import TargetMetric
from zhaoshang.assessment.models import AssessmentYear, UnitGroup
from zhaoshang.assessment.models.years import (
    AMOUNT_METRICS,
    MILESTONE_MONTHS,
    QUARTER_MONTHS,
    YEAR_MONTH,
)
from zhaoshang.assessment.services_years import shown
from zhaoshang.core.forms import StyledMixin, style
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import ASSESSMENT_MANAGE
from zhaoshang.orgs.models import Unit


class YearCreateForm(StyledMixin, forms.ModelForm):
    copy_groups = forms.BooleanField(
        label=_("Copy the groups and their units from the previous year"), required=False
    )

    class Meta:
        model = AssessmentYear
        fields = ["year", "name", "report_due_day"]
        help_texts = {"name": _("Left empty, the name is made from the year.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["year"].initial = timezone.localdate().year
        self.fields["copy_groups"].initial = AssessmentYear.objects.exists()

    def validate_unique(self):
        """The service answers a duplicate year with its own message."""


class YearEditForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = AssessmentYear
        fields = ["name", "status", "report_due_day"]


class GroupForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = UnitGroup
        fields = ["code", "name"]
        help_texts = {
            "code": _("Letters, digits and hyphens, e.g. towns; used in files and addresses."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True

    def validate_unique(self):
        """Names and codes are unique within a year; the service says so in its words."""


class AssignForm(forms.Form):
    """Units to put in a group; offered are the units the user manages, below the county."""

    group = forms.ModelChoiceField(
        label=_("Group"), queryset=UnitGroup.objects.none(), to_field_name="code"
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, year, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = year.groups.order_by("position", "pk")
        self.fields["units"].queryset = restrict(user, ASSESSMENT_MANAGE, Unit).filter(
            is_active=True, parent__isnull=False
        )
        style(self)


SCHEDULES = [
    ("none", _("No milestones")),
    ("quarterly", _("Quarterly (end of March, June, September)")),
    ("monthly", _("Monthly")),
]
SCHEDULE_MONTHS = {"none": (), "quarterly": QUARTER_MONTHS, "monthly": MILESTONE_MONTHS}


def schedule_of(months):
    """The schedule that shows every milestone set: quarterly when only quarter ends are."""
    milestones = {m for m in months if m != YEAR_MONTH}
    if not milestones:
        return "none"
    return "quarterly" if milestones <= set(QUARTER_MONTHS) else "monthly"


def _initial(value):
    """12, not 12.00: as the value is written, so a count reads as a count."""
    return None if value is None else shown(value)


class TargetsForm(forms.Form):
    """A unit's targets: per metric, the year target, a schedule and the milestones.

    Field names are ``<metric>_year``, ``<metric>_schedule`` and ``<metric>_m<month>``; the
    milestones of months outside the chosen schedule are ignored (the page hides them)."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.metrics = []
        for metric in TargetMetric:
            months = plan.get(metric.value, {})
            step = Decimal("0.01") if metric.value in AMOUNT_METRICS else Decimal("1")
            number = {"min": "0", "step": str(step), "inputmode": "decimal"}
            self.fields[f"{metric.value}_year"] = forms.DecimalField(
                label=metric.label,
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=_initial(months.get(YEAR_MONTH)),
                widget=forms.NumberInput(attrs=number),
            )
            self.fields[f"{metric.value}_schedule"] = forms.ChoiceField(
                label=_("Milestones"),
                choices=SCHEDULES,
                initial=schedule_of(months),
                widget=forms.Select(attrs={"data-schedule": metric.value}),
            )
            for month in MILESTONE_MONTHS:
                self.fields[f"{metric.value}_m{month}"] = forms.DecimalField(
                    label=gettext("End of month %(month)d") % {"month": month},
                    required=False,
                    min_value=0,
                    max_digits=14,
                    decimal_places=2,
                    initial=_initial(months.get(month)),
                    widget=forms.NumberInput(attrs=number),
                )
            self.metrics.append(metric)
        style(self)

    def metric_rows(self):
        """(metric, year field, schedule field, milestone fields) for the template."""
        return [
            (
                metric,
                self[f"{metric.value}_year"],
                self[f"{metric.value}_schedule"],
                [self[f"{metric.value}_m{month}"] for month in MILESTONE_MONTHS],
            )
            for metric in self.metrics
        ]

    def plan(self):
        """``{metric: {month: value}}`` for every metric, as ``targets_save`` takes it."""
        data = self.cleaned_data
        plan = {}
        for metric in self.metrics:
            months = {}
            if data.get(f"{metric.value}_year") is not None:
                months[YEAR_MONTH] = data[f"{metric.value}_year"]
            for month in SCHEDULE_MONTHS[data[f"{metric.value}_schedule"]]:
                value = data.get(f"{metric.value}_m{month}")
                if value is not None:
                    months[month] = value
            plan[metric.value] = months
        return plan


class ProgressFilterForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Through month"), coerce=int)
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=UnitGroup.objects.none(), to_field_name="code", required=False
    )

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [
            (m, gettext("January to the end of month %(month)s") % {"month": m})
            for m in range(1, 13)
        ]
        self.fields["group"].queryset = year.groups.order_by("position", "pk")
        self.fields["group"].empty_label = _("All groups")
        style(self, compact=True)
