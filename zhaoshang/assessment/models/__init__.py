"""Assessment (ASM-1 … ASM-6); one module per part, re-exported here for Django."""

from zhaoshang.assessment.models.dispatch import (
    MonthlyReport,
    MonthlySnapshot,
    ReportReminder,
    StalledReason,
)
from zhaoshang.assessment.models.methods import Adjustment, Method, Ranking, ScoreItem
from zhaoshang.assessment.models.tours import Tour, TourCriterion, TourEntry, TourJudge, TourMark
from zhaoshang.assessment.models.years import AssessmentYear, GroupMember, Target, UnitGroup

__all__ = [
    "Adjustment",
    "AssessmentYear",
    "GroupMember",
    "Method",
    "MonthlyReport",
    "MonthlySnapshot",
    "Ranking",
    "ReportReminder",
    "ScoreItem",
    "StalledReason",
    "Target",
    "Tour",
    "TourCriterion",
    "TourEntry",
    "TourJudge",
    "TourMark",
    "UnitGroup",
]
