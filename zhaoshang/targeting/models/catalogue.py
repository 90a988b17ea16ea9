"""The promotion catalogue (招商项目册): projects the county packages around weak links."""

import uuid
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet
from zhaoshang.targeting.choices import CatalogueStatus


class CatalogueItem(models.Model):
    """A packaged project offered to investors on trips and at fairs."""

    unit_scope = COUNTY_WIDE

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("project name"), max_length=120, unique=True)
    link = models.ForeignKey(
        "targeting.ChainLink",
        verbose_name=_("chain link"),
        on_delete=models.PROTECT,
        related_name="catalogue_items",
    )
    platform = models.ForeignKey(
        "projects.Platform",
        verbose_name=_("carrier platform"),
        on_delete=models.PROTECT,
        related_name="catalogue_items",
    )
    site = models.ForeignKey(
        "targeting.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="catalogue_items",
    )
    investment = models.DecimalField(
        _("estimated investment (10k yuan)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    content = models.TextField(_("what will be built"))
    market = models.TextField(_("market prospects"), blank=True)
    conditions = models.TextField(_("local conditions"), blank=True)
    incentives = models.TextField(_("incentives"), blank=True)
    contact_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("contact unit"),
        on_delete=models.PROTECT,
        related_name="catalogue_items",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CatalogueStatus.choices,
        default=CatalogueStatus.DRAFT,
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalogue project")
        verbose_name_plural = _("catalogue projects")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name
