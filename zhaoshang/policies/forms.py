"""Policy library forms. Choice lists come from what the user may read; the services check
again and their refusals come back onto the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import POLICY_VIEW
from zhaoshang.policies.choices import ConditionKind, PolicyStatus
from zhaoshang.policies.models import (
    IncentiveRule,
    Policy,
    PolicyArticle,
    PolicyCategory,
    SavedSearch,
)
from zhaoshang.policies.texts import DOCX_MAX_BYTES
from zhaoshang.projects.choices import ProjectType
from zhaoshang.projects.models import Platform
from zhaoshang.reference.models import IndustryDivision, StrategicField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PolicyForm(StyledMixin, forms.ModelForm):
    key_headings = forms.CharField(
        label=_("Key clauses"),
        required=False,
        help_text=_(
            "Clauses printed in handbooks, e.g. 第三条、第五条; empty prints the whole text."
        ),
    )

    class Meta:
        model = Policy
        fields = [
            "title",
            "level",
            "issuer",
            "doc_number",
            "issued_on",
            "effective_on",
            "expires_on",
            "categories",
            "industries",
            "strategic_fields",
            "regions",
            "source",
            "full_text",
        ]
        widgets = {
            "issued_on": DATE,
            "effective_on": DATE,
            "expires_on": DATE,
            "categories": forms.CheckboxSelectMultiple,
            "industries": forms.SelectMultiple(attrs={"size": 6}),
            "strategic_fields": forms.CheckboxSelectMultiple,
            "full_text": forms.Textarea(attrs={"rows": 16}),
        }
        help_texts = {
            "full_text": _(
                "Paste the text as published: articles starting with 第一条 or 一、 are "
                "found and searched one by one."
            )
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = restrict(user, POLICY_VIEW, PolicyCategory)
        self.fields["industries"].queryset = IndustryDivision.objects.order_by("code")
        self.fields["strategic_fields"].queryset = StrategicField.objects.order_by("code")
        for name in ("categories", "strategic_fields"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        if self.instance.pk and not self.is_bound:
            keys = self.instance.articles.filter(is_key=True).values_list("heading", flat=True)
            self.initial["key_headings"] = "、".join(keys)

    def clean_key_headings(self):
        text = self.cleaned_data["key_headings"] or ""
        for mark in "，,；; ":
            text = text.replace(mark, "、")
        return [part for part in text.split("、") if part]


class ImportForm(StyledMixin, forms.Form):
    """A document's text pasted, or a DOCX uploaded: read, then shown in the policy form."""

    text = forms.CharField(
        label=_("Document text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paste the whole document, its title and number included."),
    )
    document = forms.FileField(
        label=_("Or a Word document (.docx)"),
        required=False,
        help_text=_("At most %(mb)s MB.") % {"mb": DOCX_MAX_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("document"):
            raise forms.ValidationError(_("Paste the text or choose a .docx file."))
        return data


class ReplaceForm(StyledMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("What the newer document did"),
        choices=[
            (PolicyStatus.AMENDED, _("amended this policy")),
            (PolicyStatus.REPEALED, _("repealed this policy")),
        ],
    )
    replaced_by = forms.ModelChoiceField(label=_("Newer document"), queryset=Policy.objects.none())

    def __init__(self, *args, user, policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaced_by"].queryset = (
            restrict(user, POLICY_VIEW, Policy)
            .exclude(pk=policy.pk)
            .filter(issued_on__gte=policy.issued_on)
            .order_by("-issued_on")
        )


class AttachmentForm(StyledMixin, forms.Form):
    file = forms.FileField(label=_("File"))


class RuleForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = IncentiveRule
        fields = [
            "name",
            "policy",
            "article",
            "summary",
            "benefit_kind",
            "amount",
            "rate",
            "threshold",
            "cap",
            "years",
            "unit_price",
            "max_area",
            "position",
            "is_active",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        policies = restrict(user, POLICY_VIEW, Policy).order_by("-issued_on")
        self.fields["policy"].queryset = policies
        self.fields["article"].queryset = (
            restrict(user, POLICY_VIEW, PolicyArticle)
            .filter(policy__in=policies)
            .exclude(heading="")
            .select_related("policy")
        )
        self.fields["article"].label_from_instance = lambda a: f"{a.policy.title} {a.heading}"


class ConditionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("condition"),
        choices=[("", "—"), *ConditionKind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    value = forms.CharField(
        label=_("value"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


ConditionFormSet = forms.formset_factory(ConditionForm, extra=3)


def condition_rows(formset):
    return [
        (form.cleaned_data["kind"], form.cleaned_data.get("value", ""))
        for form in formset.forms
        if form.cleaned_data.get("kind")
    ]


class LookupForm(StyledMixin, forms.Form):
    """What a staff member asks an investor across the table; everything is optional."""

    industry = forms.ModelChoiceField(
        label=_("Industry"), queryset=IndustryDivision.objects.order_by("code"), required=False
    )
    strategic_field = forms.ModelChoiceField(
        label=_("Strategic emerging field"),
        queryset=StrategicField.objects.order_by("code"),
        required=False,
    )
    total_investment = forms.DecimalField(
        label=_("Total investment (10k yuan)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    funds_in_place = forms.DecimalField(
        label=_("Funds in place (10k yuan)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    platform = forms.ModelChoiceField(
        label=_("Carrier platform"),
        queryset=Platform.objects.order_by("position"),
        required=False,
        to_field_name="code",
    )
    project_type = forms.ChoiceField(
        label=_("Project type"), choices=[("", "—"), *ProjectType.choices], required=False
    )
    land_area_mu = forms.DecimalField(
        label=_("Land need (mu)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    employment = forms.IntegerField(
        label=_("Planned employment (people)"), min_value=0, required=False
    )
    floor_area = forms.DecimalField(
        label=_("Factory floor area wanted (m²)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    annual_tax = forms.DecimalField(
        label=_("Expected annual taxes, county share (10k yuan)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField | forms.IntegerField):
                field.widget.attrs["inputmode"] = "decimal"


class HandbookForm(StyledMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    compiler = forms.CharField(label=_("Compiled by (office)"), max_length=100)
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=PolicyCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    saved_search = forms.ModelChoiceField(
        label=_("Only the policies of a saved search"),
        queryset=SavedSearch.objects.none(),
        required=False,
    )
    policies = forms.ModelMultipleChoiceField(
        queryset=Policy.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.MultipleHiddenInput,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = restrict(user, POLICY_VIEW, PolicyCategory)
        self.fields["saved_search"].queryset = restrict(user, POLICY_VIEW, SavedSearch)
        self.fields["policies"].queryset = restrict(user, POLICY_VIEW, Policy)
        self.fields["categories"].widget.attrs["class"] = "form-check-input"


class SaveSearchForm(StyledMixin, forms.Form):
    name = forms.CharField(label=_("Name of the saved search"), max_length=80)
    query = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)
