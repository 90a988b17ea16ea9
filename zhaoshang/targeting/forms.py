"""Targeting forms. Choice lists are cut to what the user may see; the services check again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import INVESTOR_EDIT, INVESTOR_VIEW, USER_VIEW
from zhaoshang.orgs.models import Unit, User
from zhaoshang.projects.models import Enterprise, Platform, Project
from zhaoshang.reference.models import IndustryDivision, Region
from zhaoshang.targeting.choices import InvestorSize, SiteStatus, VisitKind
from zhaoshang.targeting.models import (
    CatalogueItem,
    Chain,
    ChainLink,
    Contact,
    Investor,
    Lead,
    LinkEnterprise,
    Site,
    Trip,
    Visit,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 3})


def _units(user, action=INVESTOR_EDIT):
    return restrict(user, action, Unit).filter(is_active=True).exclude(kind="county")


def _link_choices():
    return ChainLink.objects.select_related("chain").order_by("chain__position", "position", "pk")


class InvestorForm(StyledMixin, forms.Form):
    """The enterprise's register fields and the investor's own, on one page."""

    name = forms.CharField(label=_("Enterprise name"), max_length=120)
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=30, required=False
    )
    region = forms.ModelChoiceField(
        label=_("Source region"), queryset=Region.objects.all(), required=False
    )
    industry = forms.ModelChoiceField(
        label=_("Industry"), queryset=IndustryDivision.objects.all(), required=False
    )
    registered_locally = forms.BooleanField(label=_("Registered in the county"), required=False)
    unit = forms.ModelChoiceField(label=_("Relationship owner unit"), queryset=Unit.objects.none())
    size = forms.ChoiceField(label=_("Size"), choices=InvestorSize.choices)
    tags = forms.CharField(
        label=_("Tags"),
        max_length=200,
        required=False,
        help_text=_("Separate tags with commas."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=_TEXT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user)


class ContactForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "phone", "id_number", "note"]


class TripForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Trip
        fields = ["unit", "title", "region", "city", "start_date", "end_date", "members"]
        fields += ["budget", "expenses", "purpose", "summary"]
        widgets = {
            "start_date": _DATE,
            "end_date": _DATE,
            "purpose": _TEXT,
            "summary": _TEXT,
            "members": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = _units(user)
        self.fields["members"].queryset = restrict(user, USER_VIEW, User).filter(is_active=True)
        self.fields["members"].required = False


class VisitForm(StyledMixin, forms.ModelForm):
    """A visit; the investor is one in the user's scope, or a new one named here."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    new_investor = forms.CharField(
        label=_("Or a new investor"),
        max_length=120,
        required=False,
        help_text=_("The enterprise's name; it is added to the investor database."),
    )

    class Meta:
        model = Visit
        fields = ["kind", "investor", "date", "place", "participants", "summary", "outcome"]
        fields += ["follow_up", "follow_up_date"]
        widgets = {"date": _DATE, "follow_up_date": _DATE, "summary": _TEXT}

    field_order = ["unit", "kind", "investor", "new_investor", "date"]

    def __init__(self, *args, user, trip=None, **kwargs):
        super().__init__(*args, **kwargs)
        investors = restrict(user, INVESTOR_VIEW, Investor).select_related("enterprise")
        self.fields["investor"].queryset = investors.order_by("enterprise__name")
        self.fields["investor"].required = False
        if trip is not None:
            del self.fields["kind"]
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = _units(user)
            self.fields["kind"].choices = [
                c for c in VisitKind.choices if c[0] != VisitKind.OUTBOUND
            ]

    def clean(self):
        data = super().clean()
        if not data.get("investor") and not (data.get("new_investor") or "").strip():
            self.add_error("investor", _("Choose the investor, or name a new one."))
        return data


class LeadFromVisitForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Lead
        fields = ["name", "origin_region", "industry", "link", "total_investment"]
        fields += ["deadline", "next_action", "description"]
        widgets = {"deadline": _DATE, "description": _TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = _link_choices()


class LeadConvertForm(StyledMixin, forms.ModelForm):
    """What the project register needs beyond what the lead already says."""

    class Meta:
        model = Project
        fields = ["name", "investor_name", "origin_region", "industry", "strategic_field"]
        fields += ["total_investment", "platform", "next_action", "next_action_date"]
        fields += ["description"]
        widgets = {"next_action_date": _DATE, "description": _TEXT}


class LeadDropForm(StyledMixin, forms.Form):
    reason = forms.CharField(label=_("Why it is dropped"), max_length=200)


class ChainForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Chain
        fields = ["code", "name", "kind", "strategic_field", "description", "position"]
        widgets = {"description": _TEXT}


class LinkForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = ChainLink
        fields = ["code", "name", "segment", "description", "weak_below", "position"]


class LinkEnterpriseForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = LinkEnterprise
        fields = ["enterprise", "role", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.select_related("region")


class SiteForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Site
        fields = ["code", "platform", "kind", "name", "area_mu", "floor_area_m2", "land_use"]
        fields += ["price", "utilities", "status", "note", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Platform.objects.all()
        self.fields["status"].choices = [
            c for c in SiteStatus.choices if c[0] != SiteStatus.TAKEN or self.instance.project_id
        ]


class CatalogueItemForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = CatalogueItem
        fields = ["name", "link", "platform", "site", "investment", "content", "market"]
        fields += ["conditions", "incentives", "contact_unit", "status", "position"]
        widgets = {n: _TEXT for n in ("content", "market", "conditions", "incentives")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = _link_choices()
        self.fields["site"].queryset = Site.objects.select_related("platform")
        self.fields["contact_unit"].queryset = Unit.objects.filter(is_active=True)


class ProjectLinkForm(StyledMixin, forms.Form):
    link = forms.ModelChoiceField(
        label=_("Chain link"), queryset=ChainLink.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = _link_choices()


class SiteAssignForm(StyledMixin, forms.Form):
    site = forms.ModelChoiceField(label=_("Available site"), queryset=Site.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(
            status=SiteStatus.AVAILABLE
        ).select_related("platform")
