"""Leads (线索): from any cadre, with the referrer's credit, followed up by a unit by a deadline
and converted to a project that keeps the lead's history."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import RestrictedQuerySet
from zhaoshang.targeting.choices import LeadStatus, ReferrerKind


class Lead(models.Model):
    """A lead waiting for, or under, a unit's follow-up."""

    unit_scope = "unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("project name"), max_length=120)
    investor_name = models.CharField(_("investor"), max_length=120)
    investor = models.ForeignKey(
        "targeting.Investor",
        verbose_name=_("investor in the database"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    origin_region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("origin region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    industry = models.ForeignKey(
        "reference.IndustryDivision",
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    link = models.ForeignKey(
        "targeting.ChainLink",
        verbose_name=_("chain link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    total_investment = models.DecimalField(
        _("estimated investment (10k yuan)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    description = models.TextField(_("description"), blank=True)
    next_action = models.CharField(_("next action"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit to follow it up"),
        on_delete=models.PROTECT,
        related_name="leads",
    )
    deadline = models.DateField(_("follow up by"))
    status = models.CharField(
        _("status"), max_length=10, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    referrer_kind = models.CharField(
        _("source of the lead"),
        max_length=10,
        choices=ReferrerKind.choices,
        default=ReferrerKind.CADRE,
    )
    referrer_enterprise = models.ForeignKey(
        "projects.Enterprise",
        verbose_name=_("referring enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    referrer_name = models.CharField(
        _("referrer"),
        max_length=120,
        blank=True,
        help_text=_("The investor or enterprise that brought the lead, when not the cadre."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"))
    visit = models.ForeignKey(
        "targeting.Visit",
        verbose_name=_("visit it came from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_lead",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    drop_reason = models.CharField(_("why it was dropped"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["unit", "status"], name="lead_unit_status")]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status in (LeadStatus.NEW, LeadStatus.FOLLOWING)
