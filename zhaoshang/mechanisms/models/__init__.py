from zhaoshang.mechanisms.models.config import LeadingGroupMember, MechanismSettings, ProcedureType
from zhaoshang.mechanisms.models.meetings import AgendaItem, AgendaStance, FollowUpTask, Meeting
from zhaoshang.mechanisms.models.problems import Problem
from zhaoshang.mechanisms.models.procedures import ProcedureEvent, ProjectProcedure
from zhaoshang.mechanisms.models.review import Opinion, Review

__all__ = [
    "AgendaItem",
    "AgendaStance",
    "FollowUpTask",
    "LeadingGroupMember",
    "MechanismSettings",
    "Meeting",
    "Opinion",
    "Problem",
    "ProcedureEvent",
    "ProcedureType",
    "ProjectProcedure",
    "Review",
]
