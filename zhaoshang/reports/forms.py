"""The bulletin's choice of year, period and group."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.models import AssessmentYear, UnitGroup
from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import ASSESSMENT_VIEW
from zhaoshang.reports.figures import default_month, months_of

PERIODS = [
    ("month", _("One month")),
    ("ytd", _("January to the month")),
    ("quarter", _("The month's quarter")),
    ("year", _("Whole year")),
]


class BulletinForm(StyledMixin, forms.Form):
    year = forms.ModelChoiceField(label=_("Year"), queryset=AssessmentYear.objects.none())
    period = forms.ChoiceField(label=_("Bulletin period"), choices=PERIODS, initial="ytd")
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        choices=[(m, f"{m}月") for m in range(1, 13)],
    )
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=UnitGroup.objects.none(),
        required=False,
        empty_label=_("All groups"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        years = restrict(user, ASSESSMENT_VIEW, AssessmentYear).order_by("-year")
        self.fields["year"].queryset = years
        self.fields["group"].queryset = (
            restrict(user, ASSESSMENT_VIEW, UnitGroup)
            .filter(year__in=years)
            .select_related("year")
            .order_by("-year__year", "position")
        )
        self.fields["group"].label_from_instance = lambda g: f"{g.year.year} · {g.name}"

    def clean(self):
        data = super().clean()
        year, group = data.get("year"), data.get("group")
        if year and group and group.year_id != year.pk:
            self.add_error("group", _("This group belongs to another year."))
        if year and data.get("month") and data.get("period"):
            data["first_month"], data["last_month"] = months_of(data["period"], data["month"])
        return data


def initial_choice(user, today=None):
    """The newest year the user may see, January through its last ended month."""
    today = today or timezone.localdate()
    year = (
        restrict(user, ASSESSMENT_VIEW, AssessmentYear)
        .filter(year__lte=today.year)
        .order_by("-year")
        .first()
    )
    if year is None:
        return None
    month = default_month(year, today)
    return {"year": year.pk, "period": "ytd", "month": month, "group": ""}
