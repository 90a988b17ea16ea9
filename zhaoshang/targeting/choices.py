"""Choice lists of the targeting app (TGT-1 … TGT-4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Audit event names for what the core list of actions does not cover.
PERSONAL_READ = "personal_read"
MERGE = "merge"


class InvestorSize(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class VisitKind(models.TextChoices):
    OUTBOUND = "outbound", _("Visit on a trip")
    INCOMING = "incoming", _("Investor's visit to the county")
    NEGOTIATION = "negotiation", _("Negotiation")
    CALL = "call", _("Call or message")


class LeadStatus(models.TextChoices):
    NEW = "new", _("Waiting for follow-up")
    FOLLOWING = "following", _("Being followed up")
    CONVERTED = "converted", _("Became a project")
    DROPPED = "dropped", _("Dropped")


class ReferrerKind(models.TextChoices):
    CADRE = "cadre", _("A cadre's own lead")
    INVESTOR = "investor", _("Referred by an investor")
    ENTERPRISE = "enterprise", _("Referred by a local enterprise")


class ChainKind(models.TextChoices):
    LEADING = "leading", _("Leading industry")
    STRATEGIC = "strategic", _("Strategic emerging field")


class Segment(models.TextChoices):
    UPSTREAM = "up", _("Upstream")
    MIDSTREAM = "mid", _("Midstream")
    DOWNSTREAM = "down", _("Downstream")


class LinkRole(models.TextChoices):
    LOCAL = "local", _("Local enterprise")
    TARGET = "target", _("Target enterprise elsewhere")


class SiteKind(models.TextChoices):
    PARCEL = "parcel", _("Land parcel")
    BUILDING = "building", _("Standard factory building")


class SiteStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    RESERVED = "reserved", _("Reserved")
    TAKEN = "taken", _("Taken")


class LandUse(models.TextChoices):
    INDUSTRIAL = "industrial", _("Industrial")
    WAREHOUSE = "warehouse", _("Storage and logistics")
    COMMERCIAL = "commercial", _("Commercial")
    MIXED = "mixed", _("Mixed use")


class CatalogueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
