"""Forms of the mechanisms pages. Choice lists are cut to what the user may see and use; the
services check again, so a tampered choice is still refused."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import COUNTY_LEADER, PROJECT_VIEW, USER_VIEW
from zhaoshang.mechanisms.choices import ProcedureStep, ReviewStatus, Stance, Verdict
from zhaoshang.mechanisms.models import (
    AgendaItem,
    FollowUpTask,
    MechanismSettings,
    Meeting,
    Problem,
    ProcedureType,
)
from zhaoshang.mechanisms.services_procedures import ALLOWED
from zhaoshang.orgs.choices import UnitKind
from zhaoshang.orgs.models import Unit, User
from zhaoshang.projects.models import Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEPARTMENT_KINDS = (UnitKind.ECONOMIC_DEPT, UnitKind.COUNTY_DEPT)


def departments():
    return Unit.objects.filter(is_active=True, kind__in=DEPARTMENT_KINDS).order_by("path")


def active_units():
    return Unit.objects.filter(is_active=True).exclude(kind=UnitKind.COUNTY).order_by("path")


def people(user):
    return restrict(user, USER_VIEW, User).filter(is_active=True).order_by("username")


class ReviewForm(StyledMixin, forms.Form):
    project = forms.ModelChoiceField(queryset=Project.objects.none(), label=_("Project"))
    summary = forms.CharField(
        label=_("Material summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the leading group is asked to review: investment, land, energy use…"),
    )
    material = forms.FileField(label=_("Material"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        passed = Project.objects.filter(reviews__status=ReviewStatus.PASSED).values("pk")
        self.fields["project"].queryset = (
            restrict(user, PROJECT_VIEW, Project)
            .filter(stage__kind="pipeline", stage__position__lte=2)
            .exclude(pk__in=passed)
            .order_by("-created_at")
        )
        self.fields["project"].to_field_name = "code"


class OpinionForm(StyledMixin, forms.Form):
    verdict = forms.ChoiceField(
        label=_("Opinion"),
        choices=[("", _("Please choose"))]
        + [(v.value, v.label) for v in Verdict if v != Verdict.PENDING],
    )
    text = forms.CharField(
        label=_("Conditions or reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when agreeing with conditions or disagreeing."),
    )


class DecideForm(StyledMixin, forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Passed")), ("0", _("Not passed"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label=_("Decision and conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(StyledMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class StepForm(StyledMixin, forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=ProcedureStep.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("When returning: the material that is missing."),
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        required=False,
        help_text=_("When done: the approval's document number."),
    )

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [
            (s.value, s.label) for s in ProcedureStep if procedure.status in ALLOWED[s]
        ]


class ProcedureTypeForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = ProcedureType
        fields = [
            "code",
            "name",
            "department",
            "time_limit_days",
            "mandatory",
            "for_primary",
            "for_secondary",
            "for_tertiary",
            "position",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()
        if self.instance.pk:
            self.fields["code"].disabled = True


class SettingsForm(StyledMixin, forms.ModelForm):
    departments = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(),
        label=_("Member departments of the leading group"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    class Meta:
        model = MechanismSettings
        fields = ["opinion_days", "decision_rule", "review_since"]
        widgets = {"review_since": DATE}

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = departments()
        self.initial.setdefault("departments", [m.department_id for m in members])


class MeetingForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "number", "held_on", "place", "chair", "attendees", "others_present"]
        widgets = {"held_on": DATE, "attendees": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = people(user)
        self.fields["chair"].queryset = visible.filter(memberships__role=COUNTY_LEADER).distinct()
        self.fields["attendees"].queryset = visible
        self.fields["chair"].to_field_name = "username"
        self.fields["attendees"].to_field_name = "username"


class AgendaItemForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["project", "topic", "proposal", "material", "decision", "conditions"]
        widgets = {
            "proposal": forms.Textarea(attrs={"rows": 4}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["project"]
        else:
            self.fields["project"].queryset = (
                restrict(user, PROJECT_VIEW, Project).filter(is_major=True).order_by("code")
            )
            self.fields["project"].to_field_name = "code"


class StanceForm(StyledMixin, forms.Form):
    attendee = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Attendee"))
    stance = forms.ChoiceField(label=_("Position"), choices=Stance.choices)
    remark = forms.CharField(label=_("Remark"), max_length=300, required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [meeting.chair_id, *meeting.attendees.values_list("pk", flat=True)]
        self.fields["attendee"].queryset = User.objects.filter(pk__in=ids).order_by("username")
        self.fields["attendee"].to_field_name = "username"


class TaskForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = FollowUpTask
        fields = ["description", "owner_unit", "owner", "deadline"]
        widgets = {"deadline": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = active_units()
        self.fields["owner"].queryset = people(user)
        self.fields["owner"].to_field_name = "username"


class ResultForm(StyledMixin, forms.Form):
    result = forms.CharField(label=_("What was done"), max_length=300)


class ProblemForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["category", "description", "owner_unit", "deadline"]
        widgets = {"deadline": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = active_units()
