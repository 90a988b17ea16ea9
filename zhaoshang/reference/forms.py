"""Forms for the reference pages. Codes are entered once, on creation, and never edited."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import StyledMixin
from zhaoshang.reference.choices import RegionKind
from zhaoshang.reference.models import IndustryDivision, Region, RegionGroup

REGION_SELECT_SIZE = 12


def _position_optional(form):
    """On creation the service picks the next free position unless one is given."""
    field = form.fields["position"]
    field.required = False
    field.help_text = _("Lists are sorted by this number; leave empty to add at the end.")
    # The model default (0) would otherwise be offered and put the new row first.
    form.initial["position"] = None


class DivisionForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = IndustryDivision
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        division = self.instance
        self.fields["name"].help_text = _(
            "Division %(code)s in section %(section)s. It counts as %(sector)s by the 2018 "
            "sector rule, which is applied automatically."
        ) % {
            "code": division.code,
            "section": division.section,
            "sector": division.get_sector_display(),
        }


class RegionForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "kind", "name", "short_name", "position"]
        help_texts = {
            "code": _(
                "Two digits of GB/T 2260 for a province (e.g. 11), two capital letters of "
                "ISO 3166-1 for a country (e.g. KR). It cannot be changed later."
            ),
            "short_name": _("Used in narrow tables and charts, e.g. 内蒙古 for 内蒙古自治区."),
            "position": _("Lists are sorted by this number."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code and kind identify the region everywhere it is used.
            del self.fields["code"]
            del self.fields["kind"]
        else:
            # Every province-level division is loaded already; what the bureau adds is a country.
            self.fields["kind"].choices = RegionKind.choices
            self.initial["kind"] = self.initial.get("kind") or RegionKind.COUNTRY
            _position_optional(self)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class RegionGroupForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = RegionGroup
        fields = ["name", "code", "description", "regions", "position"]
        widgets = {"regions": forms.SelectMultiple(attrs={"size": REGION_SELECT_SIZE})}
        help_texts = {
            "code": _(
                "Letters, digits and hyphens, e.g. jjj; used in addresses. It cannot be changed "
                "later."
            ),
            "regions": _("Hold Ctrl (or ⌘ on a Mac) to choose several."),
            "position": _("Lists are sorted by this number."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.order_by("position", "code")
        if self.instance.pk:
            del self.fields["code"]
        else:
            _position_optional(self)
