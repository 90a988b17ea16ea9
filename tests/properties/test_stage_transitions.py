"""Stage transitions: random sequences of advance, skip, pause, resume, reopen and drop
attempts on a project never leave it inconsistent.

After every attempt: a success moved the stage, added one transition from the old stage to
the new, raised the version by exactly one and entered the stage no earlier than the last
transition; a refusal is a ValidationError (or PermissionDenied) with a message and changed
nothing — not the project row, its transitions or the audit log. Across the whole sequence
the transitions chain from_stage → to_stage up to the project's stage, and the side-state
fields (resume stage, pause reason, drop reason) match the state the project is in.

The stage gates are taken away for these runs (stages are data, and a county may set none):
the gates themselves are proved in tests/test_projects_pipeline.py, and without them every
move the order of stages allows can actually happen.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from hypothesis import given
from hypothesis import strategies as st

from tests.properties.support import DB
from zhaoshang.core.models import AuditEvent
from zhaoshang.projects import services
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import DropReason, Project, Stage, StageRequirement, Transition

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


@pytest.fixture
def no_gates(db):
    StageRequirement.objects.all().delete()


def _state(project):
    row = Project.objects.get(pk=project.pk)
    return (
        model_to_dict(row, exclude=["id"]),
        row.updated_at,
        list(Transition.objects.filter(project=project).values_list("pk", flat=True)),
        AuditEvent.objects.count(),
    )


ATTEMPT = st.fixed_dictionaries(
    {
        "stage": st.integers(0, 20),  # an index into all stages, taken modulo their number
        "reason": st.sampled_from(["", "投资方资金链调整", " "]),
        "resume_date": st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31))),
        "drop_reason": st.integers(-1, 20),  # -1: none given
        "hours": st.integers(0, 24 * 400),
    }
)


def _check_side_state(project):
    stage = project.stage
    if stage.kind == StageKind.PAUSED:
        assert project.resume_stage is not None and project.resume_stage.is_pipeline
        assert project.pause_reason and project.resume_date is not None
        assert project.drop_reason is None
    elif stage.kind == StageKind.DROPPED:
        assert project.drop_reason is not None
        assert project.resume_stage is not None and project.resume_stage.is_pipeline
    else:
        assert project.resume_stage is None and project.drop_reason is None
        assert project.pause_reason == "" and project.resume_date is None


def _check_chain(project):
    transitions = list(
        Transition.objects.filter(project=project).order_by("at", "pk").select_related("to_stage")
    )
    assert transitions[0].from_stage_id is None
    for before, after in zip(transitions, transitions[1:], strict=False):
        assert after.from_stage_id == before.to_stage_id
        assert after.at >= before.at
    assert transitions[-1].to_stage_id == project.stage_id
    assert transitions[-1].at == project.stage_entered_at


@DB
@given(attempts=st.lists(ATTEMPT, min_size=1, max_size=14))
def test_random_moves_keep_the_project_consistent(attempts, no_gates, make_project, cast, units):
    staff = cast["unit_a_staff"]
    stages = list(Stage.objects.order_by("position"))
    reasons = list(DropReason.objects.order_by("pk"))
    project = make_project(actor=staff, at=START)
    now = START
    for attempt in attempts:
        before = _state(project)
        row = Project.objects.select_related("stage").get(pk=project.pk)
        to_stage = stages[attempt["stage"] % len(stages)]
        drop = attempt["drop_reason"]
        now += dt.timedelta(hours=attempt["hours"])
        try:
            transition = services.project_advance_stage(
                actor=staff,
                project=project,
                to_stage=to_stage,
                reason=attempt["reason"],
                resume_date=attempt["resume_date"],
                drop_reason=reasons[drop % len(reasons)] if drop >= 0 else None,
                at=now,
            )
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            assert messages and all(messages)
            assert _state(project) == before
            continue
        after = Project.objects.select_related("stage").get(pk=project.pk)
        assert after.stage == to_stage != row.stage
        assert after.version == row.version + 1
        assert after.stage_entered_at == now >= row.stage_entered_at
        assert (transition.from_stage, transition.to_stage) == (row.stage, to_stage)
        assert transition.at == now
        assert AuditEvent.objects.count() == before[3] + 1
        if to_stage.is_pipeline and row.stage.is_pipeline:
            # Forward only, one stage at a time.
            assert to_stage.position > row.stage.position
            assert not Stage.objects.filter(
                kind=StageKind.PIPELINE,
                position__gt=row.stage.position,
                position__lt=to_stage.position,
            ).exists()
        _check_side_state(after)
    final = Project.objects.select_related("stage", "resume_stage").get(pk=project.pk)
    _check_side_state(final)
    _check_chain(final)
    assert final.version == 1 + Transition.objects.filter(project=final).count() - 1
