from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionRule(models.TextChoices):
    """How the leading group's decision follows from the departments' opinions (MEC-1)."""

    ANY_AGAINST_BLOCKS = "rule", _("By rule: passed unless a department disagrees")
    CHAIR = "chair", _("By the chair, after all opinions are in")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Awaiting opinions")
    PASSED = "passed", _("Passed")
    REJECTED = "rejected", _("Not passed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Verdict(models.TextChoices):
    PENDING = "pending", _("Awaiting opinion")
    AGREE = "agree", _("Agree")
    CONDITIONAL = "conditional", _("Agree with conditions")
    DISAGREE = "disagree", _("Disagree")


class ProcedureStatus(models.TextChoices):
    WAITING = "waiting", _("Not yet accepted")
    ACCEPTED = "accepted", _("Accepted, in progress")
    RETURNED = "returned", _("Returned for more material")
    DONE = "done", _("Done")


class ProcedureStep(models.TextChoices):
    """What an approval officer records on a procedure; 补正 stops the clock until resubmitted."""

    ACCEPT = "accept", _("Accepted")
    RETURN = "return", _("Return for more material")
    RESUBMIT = "resubmit", _("Material resubmitted")
    DONE = "done", _("Done")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class Topic(models.TextChoices):
    """What a 一事一议 agenda item asks the meeting to decide (MEC-3)."""

    INCENTIVE = "incentive", _("Special incentive")
    LAND_PRICE = "land_price", _("Land price")
    INFRASTRUCTURE = "infrastructure", _("Supporting infrastructure")
    FINANCE = "finance", _("Financing support")
    OTHER = "other", _("Other matter")


class Decision(models.TextChoices):
    PENDING = "pending", _("Not yet decided")
    APPROVED = "approved", _("Approved")
    CONDITIONAL = "conditional", _("Approved with conditions")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")


class Stance(models.TextChoices):
    SUPPORT = "support", _("Supports")
    CONDITIONAL = "conditional", _("Supports with conditions")
    OPPOSE = "oppose", _("Opposes")
    ABSTAIN = "abstain", _("Abstains")


class ItemStatus(models.TextChoices):
    """A follow-up task or a problem: open until its owner closes it."""

    OPEN = "open", _("Outstanding")
    DONE = "done", _("Settled")


class ProblemCategory(models.TextChoices):
    LAND = "land", _("Land")
    POWER = "power", _("Power supply")
    WATER = "water", _("Water supply")
    ROAD = "road", _("Roads and access")
    PERMITS = "permits", _("Permits")
    FINANCING = "financing", _("Financing")
    LABOUR = "labour", _("Labour")
    OTHER = "other", _("Other")
