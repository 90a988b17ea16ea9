"""Forms for the pipeline settings pages. Codes are typed once, on creation; the services
re-check every value."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import UNIT_VIEW
from zhaoshang.orgs.models import Unit
from zhaoshang.projects.models import CountySettings, DropReason, Platform, Stage
from zhaoshang.projects.requirements import RULE_CHOICES
from zhaoshang.reference.choices import RegionKind
from zhaoshang.reference.models import Region


def _position_optional(form):
    field = form.fields["position"]
    field.required = False
    field.help_text = _("Lists are sorted by this number; leave empty to add at the end.")
    # The model default (0) would otherwise be offered and put the new row first.
    form.initial["position"] = None


class StageForm(StyledMixin, forms.ModelForm):
    """A side state (paused, dropped) and the final stage have no deadline; only pipeline
    stages have requirements. The form offers only what applies to the stage."""

    rules = forms.MultipleChoiceField(
        label=_("Requirements to enter this stage"),
        choices=RULE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A project cannot move into this stage until it has each ticked item."),
    )

    class Meta:
        model = Stage
        fields = ["name", "max_dwell_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stage = self.instance
        self.fields["rules"].widget.attrs["class"] = "form-check-input"
        self.initial["rules"] = [r.rule for r in stage.requirements.all()]
        if not stage.is_pipeline or stage.is_final:
            del self.fields["max_dwell_days"]
        if not stage.is_pipeline:
            del self.fields["rules"]


class DropReasonForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = DropReason
        fields = ["code", "name", "position", "is_active"]
        help_texts = {
            "code": _(
                "Letters, digits and hyphens, e.g. funds; used by imports. It cannot be changed "
                "later."
            ),
            "is_active": _("An inactive reason is no longer offered when a project is dropped."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]
        else:
            del self.fields["is_active"]
            _position_optional(self)


class PlatformForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Platform
        fields = ["code", "name", "unit", "position"]
        help_texts = {
            "code": _(
                "Letters, digits and hyphens, e.g. zone1; used by imports. It cannot be changed "
                "later."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = restrict(user, UNIT_VIEW, Unit).filter(is_active=True)
        if self.instance.pk:
            del self.fields["code"]
        else:
            _position_optional(self)


class CountySettingsForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = CountySettings
        fields = ["major_project_threshold", "local_region"]
        help_texts = {
            "major_project_threshold": _(
                "A project whose total investment reaches this amount is a major project. "
                "Changing it re-marks every project at once."
            ),
            "local_region": _("Investors from here count as local investors."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_region"].queryset = Region.objects.filter(kind=RegionKind.PROVINCE)
