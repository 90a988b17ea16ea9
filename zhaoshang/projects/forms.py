"""Project forms. Choice lists are cut to what the user may see; the services re-check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import COUNTY_LEADER, PROJECT_CREATE, PROJECT_EDIT, UNIT_VIEW, USER_VIEW
from zhaoshang.orgs.models import Unit, User
from zhaoshang.projects.choices import EvidenceKind
from zhaoshang.projects.models import DropReason, Enterprise, Project, Stage
from zhaoshang.projects.services import INPUT_FIELDS, REPEAT_REASONS
from zhaoshang.targeting.choices import ReferrerKind
from zhaoshang.targeting.models import Lead

_DATE = {"type": "date"}

PROJECT_FORM_FIELDS = list(INPUT_FIELDS)
DEFAULTED = ("funding_source", "project_type")


class ProjectForm(StyledMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = PROJECT_FORM_FIELDS
        labels = {"description": _("Description"), "next_action": _("Next action")}
        widgets = {
            "next_action_date": forms.DateInput(attrs=_DATE),
            "signing_date": forms.DateInput(attrs=_DATE),
            "start_date": forms.DateInput(attrs=_DATE),
            "production_date": forms.DateInput(attrs=_DATE),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        action = PROJECT_EDIT if self.instance.pk else PROJECT_CREATE
        self.fields["unit"].queryset = restrict(user, action, Unit).filter(is_active=True)
        self.fields["team_unit"].queryset = restrict(user, UNIT_VIEW, Unit).filter(is_active=True)
        self.fields["team_leader"].queryset = User.objects.filter(
            is_active=True, memberships__role=COUNTY_LEADER
        ).distinct()
        people = restrict(user, USER_VIEW, User).filter(is_active=True)
        self.fields["team_manager"].queryset = people
        self.fields["team_assistant"].queryset = people
        self.fields["enterprise"].queryset = Enterprise.objects.order_by("name")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        # Most projects are new, privately funded investment: a form (or a script) that does
        # not say otherwise keeps the model's default rather than failing.
        for name in DEFAULTED:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in DEFAULTED:
            if not cleaned.get(name):
                cleaned[name] = (
                    getattr(self.instance, name)
                    if self.instance.pk
                    else Project._meta.get_field(name).default
                )
        return cleaned


class LeadForm(StyledMixin, forms.ModelForm):
    """What any cadre knows about a lead (ORG-2): it goes to the targeting app's leads, where
    the unit named follows it up by the deadline and turns it into a project."""

    class Meta:
        model = Lead
        fields = [
            "name",
            "investor_name",
            "unit",
            "origin_region",
            "industry",
            "total_investment",
            "referrer_kind",
            "referrer_name",
            "deadline",
            "next_action",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).exclude(kind="county")
        self.fields["deadline"].required = False
        self.fields["deadline"].help_text = _("Empty means 30 days from today.")
        # The form of old still works: a lead that names no source is the cadre's own.
        self.fields["referrer_kind"].required = False

    def clean_referrer_kind(self):
        return self.cleaned_data.get("referrer_kind") or ReferrerKind.CADRE


class TransitionForm(StyledMixin, forms.Form):
    to_stage = forms.ModelChoiceField(
        label=_("To stage"), queryset=Stage.objects.all(), to_field_name="code"
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    resume_date = forms.DateField(
        label=_("Resume date"), required=False, widget=forms.DateInput(attrs=_DATE)
    )
    drop_reason = forms.ModelChoiceField(
        label=_("Drop reason"),
        queryset=DropReason.objects.filter(is_active=True).exclude(code__in=REPEAT_REASONS),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(StyledMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class EnterpriseForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "region", "industry", "registered_locally"]
