"""The organisation: the unit tree under the county, user accounts and role memberships."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import RestrictedQuerySet
from zhaoshang.core.roles import ROLE_CHOICES, ROLES
from zhaoshang.orgs.choices import UnitKind


class Unit(models.Model):
    """A work unit in the county's tree (ORG-1).

    ``path`` is the materialised chain of primary keys (``/1/7/``) so that a subtree is one
    indexed prefix match; services keep it in step when a unit moves.
    """

    unit_scope = None

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("tree path"), max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    # Orders the tree depth-first by (position, id) at each level; kept by the services.
    sort_key = models.CharField(_("tree order"), max_length=255, db_index=True, editable=False)
    position = models.PositiveIntegerField(_("order"), default=0)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_key"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class ScopedUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    """Django's user manager plus ``restrict(user, action)``."""


class User(AbstractUser):
    """A person who logs in. Their home unit decides who administers the account."""

    unit_scope = "unit"

    first_name = None
    last_name = None
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    title = models.CharField(_("post"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    must_change_password = models.BooleanField(_("must change password"), default=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    objects = ScopedUserManager()

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name or self.username


class Membership(models.Model):
    """A role held by a user within a unit's subtree (ORG-3)."""

    unit_scope = "unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=ROLE_CHOICES)
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["unit__path", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.role_label}"

    @property
    def role_label(self):
        return ROLES[self.role].label


class PasswordHistory(models.Model):
    """Hashes of a user's recent passwords, so that none of the last five is reused."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        verbose_name = _("password history entry")
        verbose_name_plural = _("password history")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user_id}@{self.created_at:%Y-%m-%d}"
