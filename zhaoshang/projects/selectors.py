"""Reads of the project register, always from ``restrict(user, action)``."""

from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone

from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import PROJECT_VIEW
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import Project


def open_q():
    """Projects still being worked on: in the pipeline and not yet in production."""
    return Q(stage__kind=StageKind.PIPELINE, stage__is_final=False)


def stalled_q(today=None):
    """Open and past the stage's dwell limit or past the next-action date (PRJ-4)."""
    today = today or timezone.localdate()
    return open_q() & (Q(stage_deadline__lt=today) | Q(next_action_date__lt=today))


def with_stalled(queryset, today=None):
    return queryset.annotate(
        stalled=Case(
            When(stalled_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def project_list(user, action=PROJECT_VIEW):
    return with_stalled(
        restrict(user, action, Project).select_related(
            "stage", "unit", "industry", "origin_region", "platform", "strategic_field"
        )
    )


def project_detail(user, code):
    return (
        project_list(user)
        .select_related(
            "enterprise",
            "team_leader",
            "team_unit",
            "team_manager",
            "team_assistant",
            "drop_reason",
            "resume_stage",
            "verified_by",
            "reported_by",
        )
        .get(code=code)
    )


def stalled_for(user):
    """A user's stalled projects, oldest deadline first: what to follow up today."""
    return project_list(user).filter(stalled_q()).order_by("stage_deadline", "next_action_date")
