"""County-wide reference data: industries (GB/T 4754-2017), sectors, strategic emerging fields
and source regions (PRJ-1, TGT-1).

None of it is unit-scoped: every unit classifies its projects against the same lists, and only
the investment bureau maintains them, through ``services``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.reference.choices import RegionKind, Sector

_PROVINCE_CODE = RegexValidator(r"^[0-9]{2}$", _("A province code is two digits (GB/T 2260)."))
_COUNTRY_CODE = RegexValidator(
    r"^[A-Z]{2}$", _("A country code is two capital letters (ISO 3166-1 alpha-2).")
)


class IndustrySection(models.Model):
    """A section (门类) of GB/T 4754-2017, A to T."""

    code = models.CharField(
        _("code"),
        max_length=1,
        unique=True,
        validators=[RegexValidator(r"^[A-T]$", _("A section code is one letter from A to T."))],
    )
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("industry section")
        verbose_name_plural = _("industry sections")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class IndustryDivision(models.Model):
    """A division (大类) of GB/T 4754-2017, 01 to 97, with the sector it counts in.

    ``sector`` is derived from the codes by ``sectors.sector_for`` and stored so that lists and
    statistics can filter and group on it in SQL.
    """

    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{2}$", _("A division code is two digits."))],
    )
    name = models.CharField(_("name"), max_length=60)
    section = models.ForeignKey(
        IndustrySection,
        verbose_name=_("industry section"),
        on_delete=models.PROTECT,
        related_name="divisions",
    )
    sector = models.PositiveSmallIntegerField(
        _("sector"), choices=Sector.choices, editable=False, db_index=True
    )

    class Meta:
        verbose_name = _("industry division")
        verbose_name_plural = _("industry divisions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sector__in=Sector.values), name="division_sector_valid"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class StrategicField(models.Model):
    """One of the nine fields of 《战略性新兴产业分类(2018)》."""

    code = models.CharField(
        _("code"),
        max_length=1,
        unique=True,
        validators=[RegexValidator(r"^[1-9]$", _("A field code is one digit from 1 to 9."))],
    )
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("strategic emerging field")
        verbose_name_plural = _("strategic emerging fields")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Region(models.Model):
    """Where an investor comes from: a province-level division of China or a foreign country.

    The code is the GB/T 2260 province code or the ISO 3166-1 alpha-2 country code, so that
    imported ledgers and statistics can be matched without guessing at names.
    """

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=RegionKind.choices)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("source region")
        verbose_name_plural = _("source regions")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    def clean(self):
        super().clean()
        validator = _PROVINCE_CODE if self.kind == RegionKind.PROVINCE else _COUNTRY_CODE
        try:
            validator(self.code or "")
        except ValidationError as exc:
            raise ValidationError({"code": exc.messages}) from None


class RegionGroup(models.Model):
    """A named set of source regions the county targets (京津冀, 长三角, 珠三角…) (TGT-1).

    A region may sit in several groups: 广东 is in 珠三角 and could be in a 华南 group too.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), related_name="groups", blank=True
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region group")
        verbose_name_plural = _("region groups")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


# The working-day calendar lives in its own module; importing it here registers its models.
from zhaoshang.reference.models_calendar import CalendarDay, CalendarYear  # noqa: E402, F401
