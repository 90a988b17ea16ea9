from django.db import models
from django.utils.translation import gettext_lazy as _


class StageKind(models.TextChoices):
    """Pipeline stages follow each other by position; the other two are side states."""

    PIPELINE = "pipeline", _("Pipeline stage")
    PAUSED = "paused", _("Paused")
    DROPPED = "dropped", _("Dropped")


class EvidenceKind(models.TextChoices):
    CONTRACT = "contract", _("Signed contract")
    BUSINESS_LICENSE = "license", _("Business licence")
    LAND = "land", _("Land or building document")
    FUNDS = "funds", _("Proof of funds in place")
    SITE_PHOTO = "site_photo", _("Site photo")
    PRODUCTION = "production", _("Production proof")
    OTHER = "other", _("Other")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("To be resolved")
    SAME_MERGED = "merged", _("Same project, merged")
    SAME_REJECTED = "rejected", _("Same project, rejected as a repeat")
    DIFFERENT = "different", _("Different project")


class SpotCheckOutcome(models.TextChoices):
    PENDING = "pending", _("Not yet checked")
    CONFIRMED = "confirmed", _("Confirmed on site")
    DISCREPANCY = "discrepancy", _("Discrepancy found")


class FundingSource(models.TextChoices):
    """Assessment methods usually refuse to count government-funded infrastructure (ASM-5)."""

    ENTERPRISE = "enterprise", _("Enterprise or private capital")
    GOVERNMENT = "government", _("Government-funded")


class ProjectType(models.TextChoices):
    """Moving or enlarging an enterprise already in the county is not new investment (ASM-5)."""

    NEW = "new", _("New investment")
    EXPANSION = "expansion", _("In-place expansion of an existing enterprise")
    RELOCATION = "relocation", _("Relocation of an existing enterprise")
