"""The investor database (客商库, TGT-4): an enterprise's profile, its contacts and merges."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet
from zhaoshang.targeting.choices import InvestorSize


def mask_phone(value):
    """138****1234: enough to tell two numbers apart, not enough to call."""
    value = value or ""
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 7 else "****" if value else ""


def mask_id_number(value):
    """An ID number keeps its first and last few characters only."""
    value = value or ""
    return f"{value[:4]}**********{value[-4:]}" if len(value) >= 8 else "****" if value else ""


class Investor(models.Model):
    """An enterprise the county courts, with the unit that keeps the relationship.

    The enterprise itself (name, credit code, region, industry) stays in the project register;
    this row adds what targeting needs and puts the investor in a unit's scope.
    """

    unit_scope = "unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    enterprise = models.OneToOneField(
        "projects.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="investor",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("relationship owner unit"),
        on_delete=models.PROTECT,
        related_name="investors",
    )
    size = models.CharField(
        _("size"), max_length=10, choices=InvestorSize.choices, default=InvestorSize.MEDIUM
    )
    tags = models.CharField(
        _("tags"),
        max_length=200,
        blank=True,
        help_text=_("Separate tags with commas."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("investor")
        verbose_name_plural = _("investors")
        ordering = ["enterprise__name", "pk"]

    def __str__(self):
        return self.enterprise.name

    @property
    def tag_list(self):
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]


class Contact(models.Model):
    """A person at an investor. Phone and ID numbers are personal data (DESIGN section 4)."""

    unit_scope = "investor__unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    investor = models.ForeignKey(
        Investor, verbose_name=_("investor"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=40)
    title = models.CharField(_("position"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["investor", "pk"]

    def __str__(self):
        return self.name

    @property
    def phone_masked(self):
        return mask_phone(self.phone)

    @property
    def id_number_masked(self):
        return mask_id_number(self.id_number)


class EnterpriseMerge(models.Model):
    """What remains of a duplicate enterprise after it was merged into the survivor."""

    unit_scope = COUNTY_WIDE

    survivor = models.ForeignKey(
        "projects.Enterprise",
        verbose_name=_("surviving enterprise"),
        on_delete=models.CASCADE,
        related_name="merges",
    )
    merged_public_id = models.UUIDField(_("public id of the merged enterprise"))
    merged_name = models.CharField(_("name of the merged enterprise"), max_length=120)
    merged_credit_code = models.CharField(
        _("credit code of the merged enterprise"), max_length=18, blank=True
    )
    moved = models.JSONField(_("what moved"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise merge")
        verbose_name_plural = _("enterprise merges")
        ordering = ["-merged_at", "-pk"]

    def __str__(self):
        return f"{self.merged_name} → {self.survivor}"
