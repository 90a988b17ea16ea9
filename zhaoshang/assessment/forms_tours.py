"""Tour forms. Choice lists are cut to what the user may see; the services check again.

The marking form leaves the range checks to the service, so that the page and the API refuse
a mark with the same sentence.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.choices import TourMethod, TourMode, YearStatus
from zhaoshang.assessment.models import AssessmentYear, Tour, TourCriterion, TourJudge
from zhaoshang.assessment.selectors_tours import projects_to_put_forward, unit_choices
from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import ASSESSMENT_MANAGE, TOUR_SCORE, USER_VIEW, roles_with
from zhaoshang.orgs.models import User


class TourForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Tour
        fields = ["year", "quarter", "name", "held_on", "method", "mode"]
        fields += ["place_first", "place_step"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "name": _("Leave empty for the usual name, e.g. “2026 fourth quarter …”."),
            "place_first": _("Votes for places only: what first place is worth."),
            "place_step": _("Votes for places only: each further place is worth this much less."),
        }

    def __init__(self, *args, user, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        if self.instance.pk:
            del self.fields["year"]
        else:
            self.fields["year"].queryset = restrict(user, ASSESSMENT_MANAGE, AssessmentYear).filter(
                status=YearStatus.OPEN
            )


class CriterionForm(forms.ModelForm):
    class Meta:
        model = TourCriterion
        fields = ["name", "weight", "max_score"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "weight": forms.NumberInput(
                attrs={"class": "form-control form-control-sm", "step": "0.01", "min": "0"}
            ),
            "max_score": forms.NumberInput(
                attrs={"class": "form-control form-control-sm", "step": "0.01", "min": "1"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Empty rows are left out; a row with a name needs its numbers.
        for name in ("weight", "max_score"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        if data.get("name") and data.get("weight") is None:
            self.add_error("weight", _("Give the criterion's weight."))
        return data


CriterionFormSet = forms.modelformset_factory(
    TourCriterion, form=CriterionForm, extra=2, can_delete=True
)


def criteria_rows(formset):
    """What the service needs from the formset: the named rows that were not deleted."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if data and data.get("name") and not data.get("DELETE"):
            rows.append(
                {"name": data["name"], "weight": data["weight"], "max_score": data["max_score"]}
            )
    return rows


class JudgeForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = TourJudge
        fields = ["user", "weight"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            restrict(user, USER_VIEW, User)
            .filter(
                is_active=True,
                memberships__role__in=roles_with(TOUR_SCORE),
                memberships__unit__is_active=True,
            )
            .distinct()
            .order_by("username")
        )


class ProjectEntryForm(StyledMixin, forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None)

    def __init__(self, *args, user, tour, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["project"]
        field.queryset = projects_to_put_forward(user, tour)
        field.label_from_instance = lambda p: f"{p.unit.display_name} · {p.name} · {p.stage.name}"


class UnitEntryForm(StyledMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)

    def __init__(self, *args, user, tour, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(user, tour).order_by("sort_key")


def entry_form(data=None, *, user, tour):
    kind = UnitEntryForm if tour.mode == TourMode.PER_UNIT else ProjectEntryForm
    return kind(data, user=user, tour=tour, prefix="entry")


class MarkForm(forms.Form):
    """One entry, one judge: a mark per criterion, or a place when the tour votes."""

    def __init__(self, *args, tour, criteria, entry_count, taken=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        if tour.method == TourMethod.PLACE_VOTES:
            taken = taken or {}
            choices = [("", _("Choose a place"))]
            for place in range(1, entry_count + 1):
                label = _("Place %(n)s") % {"n": place}
                if place in taken:
                    label = _("%(place)s (given to %(entry)s)") % {
                        "place": label,
                        "entry": taken[place],
                    }
                choices.append((str(place), label))
            self.fields["place"] = forms.ChoiceField(
                label=_("Place"),
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
            )
            return
        for criterion in criteria:
            maximum = f"{criterion.max_score.normalize():f}"
            self.fields[f"criterion_{criterion.pk}"] = forms.CharField(
                label=criterion.name,
                required=False,
                help_text=_("out of %(max)s · weight %(weight)s%%")
                % {"max": maximum, "weight": f"{criterion.weight.normalize():f}"},
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control form-control-lg",
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "data-max": maximum,
                    }
                ),
            )

    def scores(self):
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}
