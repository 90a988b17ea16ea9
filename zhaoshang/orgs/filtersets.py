import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.filters import YesNoFilter
from zhaoshang.core.roles import ROLE_CHOICES
from zhaoshang.orgs.choices import UnitKind
from zhaoshang.orgs.models import Membership, Unit, User


def _search(fields):
    def method(queryset, name, value):
        q = Q()
        for field in fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)

    return method


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices)
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = Unit
        fields = ["q", "kind", "is_active"]

    def search(self, queryset, name, value):
        return _search(["name", "short_name", "code"])(queryset, name, value)


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=Unit.objects.none())
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "unit", "is_active"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.filters["unit"].queryset = units

    def search(self, queryset, name, value):
        return _search(["username", "full_name", "phone", "title"])(queryset, name, value)


class MembershipFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=ROLE_CHOICES)
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=Unit.objects.none())

    class Meta:
        model = Membership
        fields = ["q", "role", "unit"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.filters["unit"].queryset = units

    def search(self, queryset, name, value):
        return _search(["user__username", "user__full_name", "unit__name"])(queryset, name, value)
