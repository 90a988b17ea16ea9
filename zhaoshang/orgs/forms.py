"""Forms for the organisation pages. Every choice list is cut down to what the user may see."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.permissions import grantable_roles, restrict
from zhaoshang.core.roles import (
    MEMBERSHIP_MANAGE,
    ROLE_CHOICES,
    UNIT_MANAGE,
    USER_MANAGE,
    USER_VIEW,
)
from zhaoshang.orgs.choices import UnitKind
from zhaoshang.orgs.models import Unit, User


class UnitForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "code", "kind", "parent", "position", "phone", "is_active"]
        help_texts = {"code": _("Letters, digits and hyphens; used in addresses and exports.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parents = restrict(user, UNIT_MANAGE, Unit).filter(is_active=True)
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = True
        self.fields["kind"].choices = [("", _("Please choose"))] + [
            c for c in UnitKind.choices if c[0] != UnitKind.COUNTY
        ]


class UserCreateForm(StyledMixin, forms.ModelForm):
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=password_validators_help_text_html,
        strip=False,
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "unit", "title", "phone", "email"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = restrict(user, USER_MANAGE, Unit).filter(is_active=True)
        self.fields["unit"].required = True


class UserUpdateForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "unit", "title", "phone", "email", "is_active"]
        help_texts = {
            "is_active": _(
                "An inactive account cannot log in. Accounts are deactivated, never deleted, "
                "so that their records stay."
            )
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = restrict(user, USER_MANAGE, Unit).filter(is_active=True)
        self.fields["unit"].required = True


class PasswordResetForm(StyledMixin, forms.Form):
    password = forms.CharField(
        label=_("Temporary password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("The user must change it at the next log-in."),
    )


class MembershipForm(StyledMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["user"].queryset = restrict(actor, USER_VIEW, User).filter(is_active=True)
        self.fields["unit"].queryset = restrict(actor, MEMBERSHIP_MANAGE, Unit).filter(
            is_active=True
        )
        # Offer the union over the actor's scope; the exact rule per unit is checked below.
        offered = set()
        for unit in self.fields["unit"].queryset.filter(depth__lte=1)[:50]:
            offered |= grantable_roles(actor, unit)
        self.fields["role"].choices = [("", _("Please choose"))] + [
            c for c in ROLE_CHOICES if c[0] in offered
        ]

    def clean(self):
        data = super().clean()
        unit, role = data.get("unit"), data.get("role")
        if unit and role and role not in grantable_roles(self.actor, unit):
            self.add_error("role", _("You may not assign this role in this unit."))
        return data


class PasswordChangeForm(StyledMixin, forms.Form):
    old_password = forms.CharField(
        label=_("Current password"), widget=forms.PasswordInput, strip=False
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords do not match."))
        return data
