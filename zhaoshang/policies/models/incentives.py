"""County incentives as structured rules (POL-3): conditions on a project and a benefit,
each tied to the policy document and clause that grant it."""

import uuid
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet
from zhaoshang.policies.choices import BenefitKind, ConditionKind
from zhaoshang.policies.models.library import Policy, PolicyArticle
from zhaoshang.projects.choices import ProjectType
from zhaoshang.reference.choices import Sector

MONEY = {"max_digits": 14, "decimal_places": 2}
_VALUE_LABELS = {
    ConditionKind.SECTOR: {str(value): label for value, label in Sector.choices},
    ConditionKind.PROJECT_TYPE: dict(ProjectType.choices),
}
_NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class IncentiveRule(models.Model):
    """One incentive term. The benefit's parameters are read according to ``benefit_kind``
    (see ``zhaoshang.policies.matching``); unused parameters stay empty."""

    unit_scope = COUNTY_WIDE

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True)
    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="rules", verbose_name=_("policy")
    )
    article = models.ForeignKey(
        PolicyArticle,
        verbose_name=_("clause cited"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rules",
    )
    summary = models.CharField(_("summary"), max_length=300)
    benefit_kind = models.CharField(_("benefit"), max_length=20, choices=BenefitKind.choices)
    amount = models.DecimalField(
        _("amount (10k yuan)"), null=True, blank=True, validators=_NON_NEGATIVE, **MONEY
    )
    rate = models.DecimalField(
        _("rate (%)"),
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        validators=_NON_NEGATIVE,
    )
    threshold = models.DecimalField(
        _("threshold (10k yuan)"), null=True, blank=True, validators=_NON_NEGATIVE, **MONEY
    )
    cap = models.DecimalField(
        _("cap (10k yuan)"), null=True, blank=True, validators=_NON_NEGATIVE, **MONEY
    )
    years = models.PositiveSmallIntegerField(_("years"), null=True, blank=True)
    unit_price = models.DecimalField(
        _("unit price"),
        null=True,
        blank=True,
        validators=_NON_NEGATIVE,
        help_text=_("Discount per mu (10k yuan), or rent per square metre and month (yuan)."),
        **MONEY,
    )
    max_area = models.DecimalField(
        _("largest area (m²)"), null=True, blank=True, validators=_NON_NEGATIVE, **MONEY
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("incentive rule")
        verbose_name_plural = _("incentive rules")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class IncentiveCondition(models.Model):
    """One condition of a rule; a rule applies when all its conditions hold. ``value`` holds
    codes separated by commas (industries, fields, platforms…) or one amount."""

    unit_scope = COUNTY_WIDE

    rule = models.ForeignKey(
        IncentiveRule,
        on_delete=models.CASCADE,
        related_name="conditions",
        verbose_name=_("incentive rule"),
    )
    kind = models.CharField(_("condition"), max_length=20, choices=ConditionKind.choices)
    value = models.CharField(_("value"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("incentive condition")
        verbose_name_plural = _("incentive conditions")
        ordering = ["rule", "position", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.shown_value}".strip()

    @property
    def shown_value(self):
        """The value as people read it: sectors and project types by name, the rest as
        written (codes the rule form explains)."""
        labels = _VALUE_LABELS.get(self.kind)
        if not labels:
            return self.value
        codes = [c.strip() for c in self.value.replace("，", ",").split(",") if c.strip()]
        return "、".join(str(labels.get(code, code)) for code in codes)
