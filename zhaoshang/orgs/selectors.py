"""Reads of the organisation, always starting from ``restrict(user, action)``."""

from django.db.models import Count, Q

from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import MEMBERSHIP_VIEW, UNIT_VIEW, USER_VIEW
from zhaoshang.orgs.models import Membership, Unit, User


def unit_list(user):
    return (
        restrict(user, UNIT_VIEW, Unit)
        .select_related("parent")
        .annotate(
            user_count=Count("users", filter=Q(users__is_active=True), distinct=True),
        )
    )


def user_list(user):
    return restrict(user, USER_VIEW, User).select_related("unit")


def membership_list(user):
    return restrict(user, MEMBERSHIP_VIEW, Membership).select_related("user", "unit", "granted_by")


def unit_team(user, unit):
    """The unit's members and their roles, for anyone who may see the unit's accounts."""
    return (
        restrict(user, USER_VIEW, Membership)
        .filter(unit=unit)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def units_by_kind(user):
    return (
        restrict(user, UNIT_VIEW, Unit)
        .filter(is_active=True, depth=1)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
