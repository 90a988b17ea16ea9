"""Build a county (or city, or province) of generated data in an empty, migrated database.

Consistency is kept three ways:

1. What is small and carries rules of its own (the root, the administrators, the bureau, the
   county leaders, assessment years, groups and methods) goes through the services.
2. What is large is written in bulk but built forward in time as the services would build it:
   a project reaches a stage only with the fields, team and files that stage requires; a month's
   snapshot is computed by the rules of ``month_figures``; audit events are chained with the
   same hash function.
3. ``zhaoshang.scale.verify`` then reads the written rows back through the application's own
   rules (stage requirements, ``month_figures``, the audit chain) and fails loudly.

Everything runs in one transaction: an interrupted run leaves the database as it was.
"""

import random
import time as clock
from contextlib import contextmanager
from datetime import datetime, time
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import translation

from zhaoshang.assessment import services_scores
from zhaoshang.assessment.models import (
    GroupMember,
    MonthlyReport,
    MonthlySnapshot,
    StalledReason,
    Target,
    Tour,
    TourCriterion,
    TourEntry,
    TourJudge,
    TourMark,
)
from zhaoshang.core.models import AuditEvent
from zhaoshang.orgs.models import Membership, Unit, User
from zhaoshang.projects.models import CreditShare, Enterprise, Evidence, Project, Transition
from zhaoshang.scale import assessment, audit_trail, history, org
from zhaoshang.scale.bulk import loading, reset_sequences
from zhaoshang.scale.sizes import HISTORY_START

BULK_MODELS = [
    Unit,
    User,
    Membership,
    GroupMember,
    Target,
    Enterprise,
    Project,
    CreditShare,
    Evidence,
    Transition,
    Transition.evidence.through,
    MonthlySnapshot,
    MonthlyReport,
    StalledReason,
    Tour,
    TourCriterion,
    TourJudge,
    TourEntry,
    TourMark,
    AuditEvent,
]


class NotEmpty(Exception):
    """The database already holds a county."""


@contextmanager
def frozen_now(moment):
    """The services stamp rows and audit events with ``timezone.now()``; set-up happens at the
    start of the generated history so that the audit trail stays in time order."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def generate(*, scale, seed, as_of, password, publish=True, log=print):
    if Unit.objects.exists():
        raise NotEmpty
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(HISTORY_START, time(8, 0), tzinfo=tz)
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    counts = {}
    began = clock.monotonic()

    def step(label, started):
        log(f"  {label:<28} {clock.monotonic() - started:8.1f} s")
        return clock.monotonic()

    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        t = clock.monotonic()
        with frozen_now(start):
            people = org.setup_people(password, f"{scale.name}规模测试县")
            years = assessment.setup_years(people, as_of)
        t = step("accounts, years, methods", t)
        with loading(BULK_MODELS):
            counts["units"] = org.bulk_units(people, scale, rng, start) + 2
            counts["users"] = org.bulk_people(people, password, rng, start)
            t = step("units and people", t)
            counts["targets"] = assessment.members_and_targets(people, years, start)
            t = step("groups and targets", t)
            ctx = history.Context(people, rng, as_of)
            history.generate_projects(ctx, scale.projects, HISTORY_START, as_of)
            counts["projects"] = ctx.tables["project"].written
            counts["transitions"] = ctx.tables["transition"].written
            counts["evidence"] = ctx.tables["evidence"].written
            t = step("projects and histories", t)
            counts["snapshots"], counts["reports"] = assessment.reports(ctx, years, as_of)
            t = step("snapshots and reports", t)
            counts["tour marks"] = assessment.tours(ctx, years, as_of)
            t = step("tours", t)
            counts["audit events"] = audit_trail.write(ctx.events)
            t = step("audit trail", t)
        t = step("indexes", t)
        if connection.vendor == "postgresql":
            reset_sequences(BULK_MODELS)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        t = step("sequences and statistics", t)
        _evidence_files()
        if publish:
            with frozen_now(ctx.end):
                _publish(people, years)
            t = step("first year's ranking", t)
    counts["events"] = counts["transitions"] + AuditEvent.objects.count()
    log(f"  {'total':<28} {clock.monotonic() - began:8.1f} s")
    return counts


def _evidence_files():
    """The files generated evidence points at: a few bytes each, written once."""
    for path, _name in history.EVIDENCE_FILES.values():
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(b"%PDF-1.4\n% generated\n" + b" " * 2000))


def _publish(people, years):
    """The first year's whole-year ranking, as the bureau would publish it in January."""
    year, _groups = years[0]
    services_scores.ranking_publish(
        actor=people.people["scale_bureau"], year=year, through_month=12
    )
