"""What the assessment needs to know about each project, read in a fixed number of queries.

A project's facts are taken *as of the period's end* from its transition history: the stage it
was in then, the day it first reached the landed stage, whether it had been verified by then.
Nothing here depends on the method except the stage that counts as landed.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from zhaoshang.projects.choices import FlagStatus, SpotCheckOutcome
from zhaoshang.projects.models import (
    CountySettings,
    CreditShare,
    Project,
    RepeatFlag,
    SpotCheckItem,
    Stage,
    Transition,
)


@dataclass
class ProjectFacts:
    id: int
    code: str
    name: str
    owner_id: int
    total_investment: Decimal
    funds_in_place: Decimal
    foreign_funds_usd: Decimal
    sector: int
    strategic: bool
    major: bool
    local_investor: bool
    government_funded: bool
    project_type: str
    division: str
    section: str
    leader: str
    manager: str
    deadline_at_end: dt.date | None = None
    verified_on: dt.date | None = None
    landed_on: dt.date | None = None
    stage_at_end: Stage | None = None
    reached_positions: set = field(default_factory=set)
    falsified: bool = False
    shares: dict = field(default_factory=dict)


def period_bounds(year, through_month):
    """First day of the year and the last day of ``through_month``."""
    start = dt.date(year, 1, 1)
    end = (
        dt.date(year, 12, 31)
        if through_month == 12
        else dt.date(year, through_month + 1, 1) - dt.timedelta(days=1)
    )
    return start, end


def local_end(day):
    """The end of ``day`` in the county's time zone, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def stages_by_code():
    return {stage.code: stage for stage in Stage.objects.all()}


def load(*, unit_ids, end, landed_stage):
    """Facts for every project credited (fully or partly) to one of ``unit_ids``.

    ``landed_stage`` is a Stage: a project has landed once it reached that stage or a later
    pipeline stage. Five queries whatever the number of projects.
    """
    cutoff = local_end(end)
    zone = timezone.get_current_timezone()
    stages = {stage.pk: stage for stage in Stage.objects.all()}
    settings_row = CountySettings.objects.first()
    local_region_id = settings_row.local_region_id if settings_row else None
    # The scope as a subquery, not a list of ids: at city or province size an IN list of tens of
    # thousands of ids costs more than the rows it fetches.
    scope = Project.objects.filter(
        pk__in=CreditShare.objects.filter(unit_id__in=unit_ids).values("project_id"),
        created_at__lt=cutoff,
    )
    rows = scope.order_by("code").values_list(
        "pk",
        "code",
        "name",
        "unit_id",
        "total_investment",
        "funds_in_place",
        "foreign_funds_usd",
        "sector",
        "strategic_field_id",
        "is_major",
        "origin_region_id",
        "funding_source",
        "project_type",
        "industry__code",
        "industry__section__code",
        "team_leader__full_name",
        "team_manager__full_name",
        "verified_at",
    )
    facts = {}
    for (
        pk,
        code,
        name,
        unit_id,
        total,
        funds,
        foreign,
        sector,
        strategic_id,
        major,
        region_id,
        funding,
        project_type,
        division,
        section,
        leader,
        manager,
        verified_at,
    ) in rows.iterator(chunk_size=5000):
        verified = verified_at.astimezone(zone).date() if verified_at else None
        facts[pk] = ProjectFacts(
            id=pk,
            code=code,
            name=name,
            owner_id=unit_id,
            total_investment=total,
            funds_in_place=funds,
            foreign_funds_usd=foreign,
            sector=sector,
            strategic=strategic_id is not None,
            major=major,
            local_investor=local_region_id is not None and region_id == local_region_id,
            government_funded=funding == "government",
            project_type=project_type,
            division=division,
            section=section,
            leader=leader or "",
            manager=manager or "",
            verified_on=verified if verified and verified <= end else None,
        )
    ids = scope.values("pk")
    for project_id, unit_id, percent in CreditShare.objects.filter(project_id__in=ids).values_list(
        "project_id", "unit_id", "percent"
    ):
        facts[project_id].shares[unit_id] = percent
    transitions = (
        Transition.objects.filter(project_id__in=ids, at__lt=cutoff)
        .order_by("at", "pk")
        .values_list("project_id", "to_stage_id", "at")
    )
    for project_id, stage_id, at in transitions.iterator(chunk_size=10000):
        fact = facts[project_id]
        stage = stages[stage_id]
        fact.stage_at_end = stage
        # The stage deadline as it stood at the period's end (the stored one moves on with the
        # project): entry into the stage held then plus its maximum dwell, as the services set it.
        local = at.astimezone(zone)
        fact.deadline_at_end = (
            (local + dt.timedelta(days=stage.max_dwell_days)).date()
            if stage.max_dwell_days is not None and stage.is_pipeline and not stage.is_final
            else None
        )
        if stage.is_pipeline:
            fact.reached_positions.add(stage.position)
            if fact.landed_on is None and stage.position >= landed_stage.position:
                fact.landed_on = local.date()
    falsified = set(
        RepeatFlag.objects.filter(
            project_id__in=ids, status=FlagStatus.SAME_REJECTED, resolved_at__lt=cutoff
        ).values_list("project_id", flat=True)
    ) | set(
        SpotCheckItem.objects.filter(
            Q(project_id__in=ids),
            outcome=SpotCheckOutcome.DISCREPANCY,
            checked_at__lt=cutoff,
        ).values_list("project_id", flat=True)
    )
    for project_id in falsified:
        facts[project_id].falsified = True
    return facts
