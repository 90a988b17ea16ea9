from django.db import models
from django.utils.translation import gettext_lazy as _


class YearStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class TargetMetric(models.TextChoices):
    """What a unit may be given a target for (ASM-1); counts are projects, amounts 万元."""

    SIGNED = "signed", _("Projects signed")
    LANDED = "landed", _("Projects landed")
    STARTED = "started", _("Projects started")
    PRODUCING = "producing", _("Projects in production")
    TOTAL_INVESTMENT = "total_investment", _("Total investment (10k yuan)")
    FUNDS_IN_PLACE = "funds_in_place", _("Funds in place (10k yuan)")
    SECONDARY = "secondary", _("Secondary-sector projects")
    STRATEGIC = "strategic", _("Strategic emerging projects")
    MAJOR = "major", _("Major projects")
    FOREIGN_FUNDS = "foreign_funds_usd", _("Foreign capital in place (10k US dollars)")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class TourMethod(models.TextChoices):
    """How a tour turns judges' marks into one result per unit (ASM-3)."""

    WEIGHTED_AVERAGE = "weighted", _("Weighted average of judges")
    TRIMMED_MEAN = "trimmed", _("Average without the highest and lowest mark")
    PLACE_VOTES = "votes", _("Votes for places")


class TourMode(models.TextChoices):
    PER_PROJECT = "project", _("One form per project")
    PER_UNIT = "unit", _("One form per unit")


class TourStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    SCORING = "scoring", _("Scoring open")
    CLOSED = "closed", _("Closed")


class ScoreItemKind(models.TextChoices):
    BONUS = "bonus", _("Bonus")
    DEDUCTION = "deduction", _("Deduction")


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
