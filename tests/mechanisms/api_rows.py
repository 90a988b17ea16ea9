"""Rows of the mechanisms that the schemathesis run points its path parameters at."""

import datetime as dt

from zhaoshang.mechanisms import (
    services_config,
    services_meetings,
    services_problems,
    services_review,
)
from zhaoshang.mechanisms.choices import Decision, Topic, Verdict
from zhaoshang.projects.models import CountySettings


def mechanisms_rows(cast, units, make_project):
    """A passed review with its procedures, a meeting with a task and a problem; returns the
    path parameters by API prefix."""
    admin = cast["bureau_admin"]
    services_config.settings_update(
        actor=admin, departments=[units["fgw"]], review_since=dt.date(2025, 1, 1)
    )
    services_config.procedure_type_save(
        actor=admin, code="lxba", name="立项备案", department=units["fgw"], time_limit_days=5
    )
    threshold = CountySettings.current().major_project_threshold
    project = make_project(unit=units["zone1"], total_investment=threshold * 2)
    review = services_review.review_submit(actor=admin, project=project, summary="材料")
    services_review.opinion_give(
        actor=cast["approval_officer"], opinion=review.opinions.get(), verdict=Verdict.AGREE
    )
    procedure = project.procedures.get()
    meeting = services_meetings.meeting_save(
        actor=admin, title="一事一议会议", held_on=dt.date(2026, 3, 1), chair=cast["leader"]
    )
    item = services_meetings.item_save(
        actor=admin,
        meeting=meeting,
        project=project,
        topic=Topic.LAND_PRICE,
        proposal="按最低价出让",
        decision=Decision.APPROVED,
    )
    task = services_meetings.task_add(
        actor=admin,
        item=item,
        description="组卷报批",
        owner_unit=units["zone1"],
        deadline=dt.date(2026, 4, 1),
    )
    problem = services_problems.problem_save(
        actor=admin,
        project=project,
        category="land",
        description="征地未完成",
        owner_unit=units["zone1"],
        deadline=dt.date(2026, 4, 1),
    )
    return {
        "/api/v1/mechanisms/reviews/": {"public_id": str(review.public_id)},
        "/api/v1/mechanisms/procedures/": {"public_id": str(procedure.public_id)},
        "/api/v1/mechanisms/meetings/": {"public_id": str(meeting.public_id)},
        "/api/v1/mechanisms/tasks/": {"public_id": str(task.public_id)},
        "/api/v1/mechanisms/problems/": {"public_id": str(problem.public_id)},
    }
