"""One FilterSet for the policy library: the search page, the API and saved searches."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.policies.choices import PolicyLevel, PolicyStatus
from zhaoshang.policies.models import Policy, PolicyCategory


class PolicyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search words"),
        method="_words",
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 标准厂房 租金"), "type": "search"}),
    )
    level = django_filters.ChoiceFilter(choices=PolicyLevel.choices, label=_("level"))
    category = django_filters.ModelChoiceFilter(
        field_name="categories",
        to_field_name="code",
        queryset=PolicyCategory.objects.all(),
        label=_("category"),
    )
    status = django_filters.ChoiceFilter(choices=PolicyStatus.choices, label=_("status"))
    issuer = django_filters.CharFilter(lookup_expr="icontains", label=_("issuer"))
    issued_after = django_filters.DateFilter(
        field_name="issued_on",
        lookup_expr="gte",
        label=_("issued from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    issued_before = django_filters.DateFilter(
        field_name="issued_on",
        lookup_expr="lte",
        label=_("issued until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Policy
        fields = ["q", "level", "category", "status", "issuer", "issued_after", "issued_before"]

    def _words(self, queryset, name, value):
        # Ranked by the full-text index in ``search``, not by a WHERE clause here.
        return queryset
