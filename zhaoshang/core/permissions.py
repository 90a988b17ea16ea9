"""The permission layer: ``restrict(user, action)`` and ``can(user, action, obj)``.

Every unit-scoped model names the path from itself to its ``Unit`` in ``unit_scope`` (or
``COUNTY_WIDE``); a user may act on an object when one of their memberships grants the action
on that unit or on one of its ancestors. Out of scope is answered with 404 (the object's
existence is not disclosed), in scope without the action with 403.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from zhaoshang.core.roles import ROLES, roles_with

_CACHE_ATTR = "_zs_scope_paths"

# ``unit_scope`` of county-wide objects (an assessment year, a method, a tour): anyone who
# holds the action on some unit may act on them; the action itself is what is restricted.
COUNTY_WIDE = "*"


def _memberships(user):
    """The user's (role, unit path) pairs, read once per request and cached on the user."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        Membership = apps.get_model("orgs", "Membership")
        cached = list(
            Membership.objects.filter(user=user, unit__is_active=True).values_list(
                "role", "unit__path"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_scope(user):
    """Drop the cached memberships after a role change in the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def scope_paths(user, action):
    """Unit paths whose subtrees the user may perform ``action`` in."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    allowed = set(roles_with(action))
    paths = sorted({path for role, path in _memberships(user) if role in allowed})
    # A path inside another path adds nothing; dropping it keeps the SQL short.
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


def has_action(user, action):
    """Whether the user may perform ``action`` anywhere at all (navigation, menus)."""
    return bool(scope_paths(user, action))


def user_roles(user):
    return sorted({role for role, _path in _memberships(user)}) if user.is_authenticated else []


def _unit_q(paths, prefix):
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action):
        paths = scope_paths(user, action)
        if not paths:
            return self.none()
        scope = self.model.unit_scope
        if scope == COUNTY_WIDE:
            return self.all()
        if scope is None:
            return self.filter(_unit_q(paths, ""))
        Unit = apps.get_model("orgs", "Unit")
        return self.filter(**{f"{scope}__in": Unit.objects.filter(_unit_q(paths, "")).values("pk")})


def restrict(user, action, model_or_queryset):
    """``restrict(user, action, Project)`` → the objects the user may perform ``action`` on."""
    qs = model_or_queryset
    if isinstance(qs, type) and issubclass(qs, models.Model):
        qs = qs.objects.all()
    return qs.restrict(user, action)


def can(user, action, obj):
    """Derived from ``restrict`` so the two can never disagree."""
    return type(obj).objects.restrict(user, action).filter(pk=obj.pk).exists()


def unit_in_scope(user, action, unit):
    return unit is not None and any(unit.path.startswith(p) for p in scope_paths(user, action))


def require(user, action, obj):
    """Raise PermissionDenied unless ``can(user, action, obj)``; services call this."""
    if not can(user, action, obj):
        raise PermissionDenied(action)


def get_scoped_or_404(user, view_action, queryset, **lookup):
    """Fetch an object the user may see, or 404 whether it is missing or out of scope."""
    qs = restrict(user, view_action, queryset)
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404 from None


def require_or_403(user, action, obj):
    if not can(user, action, obj):
        raise PermissionDenied


def grantable_roles(user, unit):
    """Roles the user may assign at ``unit``: never wider than what they hold over it."""
    codes = set()
    for role, path in _memberships(user):
        if unit.path.startswith(path):
            codes |= ROLES[role].grants
    return codes
