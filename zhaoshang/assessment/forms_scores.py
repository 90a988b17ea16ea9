"""Forms for the method, bonus/deduction items, adjustments and publishing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.choices import ScoreItemKind
from zhaoshang.core.forms import StyledMixin

MONTH_CHOICES = [(m, _("January to month %(m)s") % {"m": m}) for m in range(1, 12)] + [
    (12, _("Whole year"))
]
METHOD_FILE_LIMIT = 256 * 1024


class MonthForm(StyledMixin, forms.Form):
    month = forms.TypedChoiceField(label=_("Period"), choices=MONTH_CHOICES, coerce=int, initial=12)


class MethodForm(StyledMixin, forms.Form):
    text = forms.CharField(
        label=_("Method (YAML)"),
        max_length=METHOD_FILE_LIMIT,
        widget=forms.Textarea(
            attrs={"rows": 28, "class": "font-monospace small", "spellcheck": "false"}
        ),
    )
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)


class MethodUploadForm(StyledMixin, forms.Form):
    file = forms.FileField(
        label=_("Method file (YAML or JSON)"),
        help_text=_("At most 256 KB, UTF-8."),
    )
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > METHOD_FILE_LIMIT:
            raise forms.ValidationError(_("The file is larger than 256 KB."))
        name = upload.name.lower()
        if not name.endswith((".yaml", ".yml", ".json")):
            raise forms.ValidationError(_("Choose a .yaml, .yml or .json file."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


class ScoreItemForm(StyledMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ScoreItemKind.choices)
    code = forms.ChoiceField(label=_("Item"))
    occurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    occurrences = forms.IntegerField(label=_("Occurrences"), min_value=1, max_value=100, initial=1)
    note = forms.CharField(label=_("Note"), max_length=300)

    def __init__(self, *args, units, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["code"].choices = codes


class AdjustmentForm(StyledMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    points = forms.DecimalField(
        label=_("Points (+/-)"), max_digits=9, decimal_places=4, min_value=-100, max_value=100
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class DecisionForm(StyledMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    decision_note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PublishForm(StyledMixin, forms.Form):
    month = forms.TypedChoiceField(label=_("Period"), choices=MONTH_CHOICES, coerce=int)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
