"""Land parcels and standard factory buildings of the carrier platforms (TGT-3)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet
from zhaoshang.targeting.choices import LandUse, SiteKind, SiteStatus

_POSITIVE = [MinValueValidator(Decimal("0.01"))]
_NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Site(models.Model):
    """A parcel (area in mu) or a building (floor area in m²) a project can take."""

    unit_scope = COUNTY_WIDE

    code = models.SlugField(_("code"), max_length=30, unique=True)
    platform = models.ForeignKey(
        "projects.Platform",
        verbose_name=_("carrier platform"),
        on_delete=models.PROTECT,
        related_name="sites",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SiteKind.choices)
    name = models.CharField(_("name"), max_length=60)
    area_mu = models.DecimalField(
        _("area (mu)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_POSITIVE,
    )
    floor_area_m2 = models.DecimalField(
        _("floor area (m²)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_POSITIVE,
    )
    land_use = models.CharField(
        _("land use"), max_length=12, choices=LandUse.choices, default=LandUse.INDUSTRIAL
    )
    price = models.DecimalField(
        _("price"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_NON_NEGATIVE,
        help_text=_("Parcels: 10k yuan per mu. Buildings: yuan per m² per month."),
    )
    utilities = models.CharField(
        _("utilities"),
        max_length=120,
        blank=True,
        help_text=_(
            "What is connected at the boundary: water, power, gas, roads, telecoms, heating."
        ),
    )
    status = models.CharField(
        _("availability"), max_length=10, choices=SiteStatus.choices, default=SiteStatus.AVAILABLE
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project that took it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sites",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["platform__position", "kind", "position", "pk"]

    def __str__(self):
        return f"{self.platform.name} · {self.name}"

    @property
    def size_label(self):
        if self.kind == SiteKind.PARCEL:
            return _("%(n)s mu") % {"n": self.area_mu}
        return _("%(n)s m²") % {"n": self.floor_area_m2}

    def clean(self):
        super().clean()
        if self.kind == SiteKind.PARCEL and not self.area_mu:
            raise ValidationError({"area_mu": _("A parcel needs its area in mu.")})
        if self.kind == SiteKind.BUILDING and not self.floor_area_m2:
            raise ValidationError({"floor_area_m2": _("A building needs its floor area in m².")})
        if self.status == SiteStatus.TAKEN and not self.project_id:
            raise ValidationError({"status": _("A taken site names the project that took it.")})
        if self.status != SiteStatus.TAKEN and self.project_id:
            raise ValidationError({"status": _("A site a project took is taken.")})
