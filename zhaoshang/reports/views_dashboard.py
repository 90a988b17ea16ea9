"""The leaders' dashboard (RPT-2): one page, ECharts fed through ``json_script``."""

from datetime import timedelta

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.assessment.models import AssessmentYear, UnitGroup
from zhaoshang.core.forms import QuickSelect, StyledMixin
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import ASSESSMENT_VIEW, PROJECT_VIEW
from zhaoshang.core.views import require_action
from zhaoshang.mechanisms import selectors as mechanism_selectors
from zhaoshang.orgs.models import Unit
from zhaoshang.reports import dashboard, dashboard_period
from zhaoshang.reports.figures import default_month

MONTHS = [(m, str(m)) for m in range(1, 13)]


class DashboardForm(StyledMixin, forms.Form):
    year = forms.ModelChoiceField(
        label=gettext_lazy("Year"), queryset=AssessmentYear.objects.none(), empty_label=None
    )
    first_month = forms.TypedChoiceField(
        label=gettext_lazy("From month"), choices=MONTHS, coerce=int
    )
    last_month = forms.TypedChoiceField(label=gettext_lazy("To month"), choices=MONTHS, coerce=int)
    group = forms.ModelChoiceField(
        label=gettext_lazy("Group"),
        queryset=UnitGroup.objects.none(),
        required=False,
        empty_label=gettext_lazy("All groups"),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("All my units"),
        widget=QuickSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = AssessmentYear.objects.order_by("-year")
        # Before the first assessment year exists the page still shows the register.
        self.fields["year"].required = self.fields["year"].queryset.exists()
        self.fields["group"].queryset = UnitGroup.objects.select_related("year").order_by(
            "-year__year", "position"
        )
        self.fields["unit"].queryset = restrict(user, PROJECT_VIEW, Unit).order_by("path")

    def clean(self):
        data = super().clean()
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and first > last:
            self.add_error("last_month", _("The last month must not come before the first."))
        group, year = data.get("group"), data.get("year")
        if group is not None and year is not None and group.year_id != year.pk:
            self.add_error("group", _("This group belongs to another year."))
        return data


def _initial(today):
    """January to the newest ended month, in the year that month belongs to."""
    ended = today.replace(day=1) - timedelta(days=1)
    year = (
        AssessmentYear.objects.filter(year__lte=ended.year).order_by("-year").first()
        or AssessmentYear.objects.order_by("year").first()
    )
    if year is None:
        return None
    month = default_month(year, today) if year.year != ended.year else ended.month
    return {"year": year, "first_month": 1, "last_month": month, "group": None, "unit": None}


def dashboard_page(request):
    require_action(request.user, ASSESSMENT_VIEW)
    today = timezone.localdate()
    initial = _initial(today)
    # Whatever the query string leaves out keeps its default, so a link may name the unit only.
    data = {"first_month": 1, "last_month": 12}
    if initial is not None:
        data = {
            "year": initial["year"].pk,
            "first_month": initial["first_month"],
            "last_month": initial["last_month"],
        }
    data.update(request.GET.items())
    form = DashboardForm(data, user=request.user)
    # A wrong choice shows its error above the default period rather than an empty page.
    valid = form.is_valid()
    choice = form.cleaned_data if valid and initial is not None else initial
    unit = form.cleaned_data.get("unit") if valid else None
    overview = dashboard.register_overview(request.user, unit=unit, today=today)
    context = {
        "title": _("Dashboard"),
        "form": form,
        "choice": choice,
        "overview": overview,
        "charts": dashboard.chart_data(overview),
        "mechanism_alerts": mechanism_selectors.alerts(request.user, today),
        "many_units": len(form.fields["unit"].queryset[:2]) > 1,
    }
    if choice is not None:
        period = dashboard_period.period_overview(
            request.user,
            year=choice["year"],
            first_month=choice["first_month"],
            last_month=choice["last_month"],
            group=choice["group"],
            unit=unit,
            today=today,
        )
        context["period"] = period
        context["charts"].update(dashboard_period.period_chart_data(period))
    return render(request, "reports/dashboard.html", context)
