"""Writes to the organisation. Views, commands and later the API call these, nothing else.

Each service checks the actor's right itself, so no caller can forget it, and writes its own
audit row in the same transaction.
"""

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.permissions import forget_scope, grantable_roles, unit_in_scope
from zhaoshang.core.roles import (
    MEMBERSHIP_MANAGE,
    ROLES,
    UNIT_MANAGE,
    USER_MANAGE,
    USER_VIEW,
)
from zhaoshang.orgs.models import Membership, PasswordHistory, Unit, User

UNIT_FIELDS = ("code", "name", "short_name", "kind", "parent", "position", "phone", "is_active")
USER_FIELDS = ("username", "full_name", "unit", "title", "phone", "email", "is_active")


def _require_unit_scope(actor, action, unit, message):
    if not unit_in_scope(actor, action, unit):
        raise PermissionDenied(message)


def _set_path(unit):
    parent = unit.parent
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0
    unit.sort_key = f"{parent.sort_key if parent else '/'}{unit.position:05d}.{unit.pk:09d}/"


@transaction.atomic
def unit_create(*, actor, **fields):
    parent = fields.get("parent")
    if parent is None:
        raise ValidationError({"parent": _("A unit must belong to a parent unit.")})
    _require_unit_scope(actor, UNIT_MANAGE, parent, _("You may not add units there."))
    unit = Unit(**fields)
    unit.path = unit.sort_key = "/pending/"
    unit.full_clean()
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path", "depth", "sort_key"])
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=unit, after=audit.snapshot(unit, UNIT_FIELDS)
    )
    return unit


@transaction.atomic
def unit_update(*, actor, unit, **fields):
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require_unit_scope(actor, UNIT_MANAGE, unit, _("You may not change this unit."))
    before = audit.snapshot(unit, UNIT_FIELDS)
    for name, value in fields.items():
        setattr(unit, name, value)
    moved = "parent" in fields and unit.path != _expected_path(unit)
    reordered = "position" in fields and int(fields["position"]) != before["position"]
    if moved:
        if unit.parent is None:
            raise ValidationError({"parent": _("A unit must belong to a parent unit.")})
        if unit.parent.path.startswith(unit.path):
            raise ValidationError({"parent": _("A unit cannot be moved under itself.")})
        # A move may not carry the unit out of what the actor administers.
        _require_unit_scope(actor, UNIT_MANAGE, unit.parent, _("You may not move the unit there."))
    unit.full_clean()
    unit.save()
    if moved or reordered:
        _move_subtree(unit)
    after = audit.snapshot(unit, UNIT_FIELDS)
    if after != before:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=unit, before=before, after=after)
    return unit


def _expected_path(unit):
    return f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"


def _move_subtree(unit):
    old_path, old_key = unit.path, unit.sort_key
    _set_path(unit)
    unit.save(update_fields=["path", "depth", "sort_key"])
    for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
        child.path = unit.path + child.path[len(old_path) :]
        child.sort_key = unit.sort_key + child.sort_key[len(old_key) :]
        child.depth = child.path.count("/") - 2
        child.save(update_fields=["path", "depth", "sort_key"])


def _remember_password(user):
    PasswordHistory.objects.create(user=user, password=user.password)


@transaction.atomic
def user_create(*, actor, password, must_change_password=True, **fields):
    """``must_change_password`` is True for every real account: the administrator chose the
    first password, so only the user may know the next one."""
    _require_unit_scope(actor, USER_MANAGE, fields.get("unit"), _("You may not add users there."))
    user = User(**fields)
    user.must_change_password = must_change_password
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean()
    user.save()
    _remember_password(user)
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=user, after=audit.snapshot(user, USER_FIELDS)
    )
    return user


@transaction.atomic
def user_update(*, actor, user, **fields):
    user = User.objects.select_for_update().get(pk=user.pk)
    _require_unit_scope(actor, USER_MANAGE, user.unit, _("You may not change this account."))
    if "unit" in fields:
        _require_unit_scope(
            actor, USER_MANAGE, fields["unit"], _("You may not move the account there.")
        )
    if actor.pk == user.pk and fields.get("is_active") is False:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    before = audit.snapshot(user, USER_FIELDS)
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    after = audit.snapshot(user, USER_FIELDS)
    if after != before:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=user, before=before, after=after)
    return user


@transaction.atomic
def user_reset_password(*, actor, user, password):
    """An administrator sets a temporary password; the user must change it at next log-in."""
    _require_unit_scope(actor, USER_MANAGE, user.unit, _("You may not change this account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _remember_password(user)
    audit.record(
        actor=actor, action=AuditAction.PASSWORD_RESET, category=AuditCategory.SECURITY, obj=user
    )
    return user


@transaction.atomic
def user_change_password(*, actor, old_password, new_password):
    """A user changes their own password (first log-in, expiry, or by choice)."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("The current password is not correct.")})
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _remember_password(user)
    audit.record(
        actor=user, action=AuditAction.PASSWORD_CHANGE, category=AuditCategory.SECURITY, obj=user
    )
    return user


@transaction.atomic
def user_unlock(*, actor, user):
    """Lift a log-in lockout before its 30 minutes have passed."""
    _require_unit_scope(actor, USER_MANAGE, user.unit, _("You may not change this account."))
    cleared = axes_reset(username=user.username)
    audit.record(
        actor=actor,
        action=AuditAction.ACCOUNT_UNLOCK,
        category=AuditCategory.SECURITY,
        obj=user,
        message=f"attempts cleared: {cleared}",
    )
    return cleared


def _membership_after(membership):
    return {
        "user": membership.user.username,
        "unit": membership.unit.name,
        "role": membership.role,
    }


@transaction.atomic
def membership_grant(*, actor, user, unit, role):
    if role not in ROLES:
        raise ValidationError({"role": _("Unknown role.")})
    _require_unit_scope(actor, MEMBERSHIP_MANAGE, unit, _("You may not assign roles there."))
    _require_unit_scope(actor, USER_VIEW, user.unit, _("You may not assign roles to this user."))
    if role not in grantable_roles(actor, unit):
        raise PermissionDenied(_("You may not assign a role wider than your own."))
    membership = Membership(user=user, unit=unit, role=role, granted_by=actor)
    membership.full_clean()
    membership.save()
    forget_scope(user)
    audit.record(
        actor=actor,
        action=AuditAction.ROLE_GRANT,
        category=AuditCategory.SECURITY,
        obj=membership,
        after=_membership_after(membership),
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership):
    _require_unit_scope(
        actor, MEMBERSHIP_MANAGE, membership.unit, _("You may not revoke roles there.")
    )
    if membership.role not in grantable_roles(actor, membership.unit):
        raise PermissionDenied(_("You may not revoke a role wider than your own."))
    if (
        membership.user_id == actor.pk
        and membership.role in ROLES
        and ROLES[membership.role].grants
    ):
        raise ValidationError(_("You cannot revoke your own role-assigning role."))
    before = _membership_after(membership)
    audit.record(
        actor=actor,
        action=AuditAction.ROLE_REVOKE,
        category=AuditCategory.SECURITY,
        obj=membership,
        before=before,
    )
    membership.delete()
    forget_scope(membership.user)
    return before


@transaction.atomic
def bootstrap_county(*, name, code, admins, password, must_change_password=True):
    """Create the county's root unit and its three administrators on an empty system.

    ``admins`` maps each administrative role to ``(username, full name)``. This is the one
    write without an acting user: before it runs there is nobody to act.
    """
    if Unit.objects.exists():
        raise ValidationError(_("The county already exists."))
    county = Unit(name=name, code=code, kind="county", path="/pending/", sort_key="/pending/")
    county.full_clean()
    county.save()
    _set_path(county)
    county.save(update_fields=["path", "depth", "sort_key"])
    audit.record(
        action=AuditAction.CREATE,
        actor_name="system",
        obj=county,
        after=audit.snapshot(county, UNIT_FIELDS),
    )
    created = []
    for role, (username, full_name) in admins.items():
        user = User(
            username=username,
            full_name=full_name,
            unit=county,
            must_change_password=must_change_password,
        )
        validate_password(password, user)
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.full_clean()
        user.save()
        _remember_password(user)
        Membership.objects.create(user=user, unit=county, role=role)
        audit.record(
            action=AuditAction.ROLE_GRANT,
            category=AuditCategory.SECURITY,
            actor_name="system",
            obj=user,
            after={"user": username, "unit": county.name, "role": role},
        )
        created.append(user)
    return county, created
