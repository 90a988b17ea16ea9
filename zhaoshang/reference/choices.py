from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.IntegerChoices):
    """The three sectors of 《三次产业划分规定》(2018); see ``sectors.sector_for``."""

    PRIMARY = 1, _("Primary industry")
    SECONDARY = 2, _("Secondary industry")
    TERTIARY = 3, _("Tertiary industry")


class RegionKind(models.TextChoices):
    PROVINCE = "province", _("Province-level division")
    COUNTRY = "country", _("Foreign country or region")
