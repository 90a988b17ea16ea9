"""Forms of the monthly dispatch: the report's narrative with one reason field per stalled
project, and the bureau's grid filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.models import MonthlyReport, StalledReason, UnitGroup
from zhaoshang.core.forms import StyledMixin

REASON_PREFIX = "reason-"
_REASON_MAX = StalledReason._meta.get_field("reason").max_length


def _label(name):
    return MonthlyReport._meta.get_field(name).verbose_name


class ReportForm(StyledMixin, forms.Form):
    """Nothing is required here: a draft may be saved half done. Submitting asks the service,
    which names whatever is still missing."""

    work_done = forms.CharField(
        label=_label("work_done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visits received and made, talks, signings, problems solved."),
    )
    problems = forms.CharField(
        label=_label("problems"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_plan = forms.CharField(
        label=_label("next_plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, reasons=(), stage_names=None, **kwargs):
        super().__init__(*args, **kwargs)
        stage_names = stage_names or {}
        self.reason_names = []
        for row in reasons:
            name = f"{REASON_PREFIX}{row['code']}"
            self.fields[name] = forms.CharField(
                label=f"{row['code']} {row['name']}",
                required=False,
                max_length=_REASON_MAX,
                initial=row["reason"],
                help_text=_("At the end of the month: %(stage)s")
                % {"stage": stage_names.get(row["stage"], row["stage"])},
            )
            self.fields[name].widget.attrs.update(
                {"class": "form-control", "placeholder": _("Why no progress this month?")}
            )
            self.reason_names.append(name)

    def mark_missing_reasons(self):
        """Outline the reasons still empty after a refused submission."""
        for name in self.reason_names:
            if not self.fields[name].initial:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def reason_fields(self):
        return [self[name] for name in self.reason_names]

    def narrative_fields(self):
        return [self[name] for name in ("work_done", "problems", "next_plan")]

    def reasons(self):
        """``{project code: reason}`` from the cleaned data."""
        return {
            name[len(REASON_PREFIX) :]: self.cleaned_data.get(name, "")
            for name in self.reason_names
        }


class GroupFilterForm(StyledMixin, forms.Form):
    group = forms.ModelChoiceField(
        label=_("Unit group"),
        queryset=UnitGroup.objects.none(),
        required=False,
        to_field_name="code",
    )

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = UnitGroup.objects.filter(year=year)
        self.fields["group"].empty_label = _("All unit groups")
        self.fields["group"].widget.attrs["data-autosubmit"] = ""
        self.fields["group"].widget.attrs["class"] += " form-select-sm"
