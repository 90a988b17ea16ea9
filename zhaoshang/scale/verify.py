"""Read generated rows back through the application's own rules and list what breaks them.

At small and county scale every project and every month is checked; above that a fixed,
seeded sample, so that a province can be checked in minutes.
"""

import hashlib
import random
from datetime import UTC, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Sum

from zhaoshang.assessment.models import MonthlyReport, MonthlySnapshot
from zhaoshang.assessment.snapshots import digest, month_figures, stalled_codes
from zhaoshang.core import audit
from zhaoshang.projects import requirements
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import CreditShare, Project, Stage, Transition

FULL_CHECK_UP_TO = 10_000


def _sample(ids, size, seed):
    ids = list(ids)
    if len(ids) <= size:
        return ids
    return sorted(random.Random(seed).sample(ids, size))  # noqa: S311 - a fixed sample


def check(*, sample=FULL_CHECK_UP_TO, seed=1):
    from zhaoshang.scale.generate import BULK_MODELS

    problems = _orphans(BULK_MODELS)
    problems += _shares()
    problems += _chains()
    problems += _gates(sample, seed)
    problems += _snapshots(sample, seed)
    checked, broken = audit.verify()
    if broken:
        problems.append(f"audit chain: {broken}")
    return problems


def _shares():
    wrong = (
        CreditShare.objects.values("project")
        .annotate(total=Sum("percent"))
        .exclude(total=100)
        .count()
    )
    return [f"{wrong} projects whose credit shares do not sum to 100 %"] if wrong else []


def _chains():
    """Each step starts where the one before ended and the last ends in the project's stage."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT COUNT(*) FROM (
                SELECT t.from_stage_id AS came_from,
                       LAG(t.to_stage_id) OVER (PARTITION BY t.project_id ORDER BY t.at, t.id)
                           AS previous
                FROM projects_transition t
            ) steps
            WHERE came_from IS DISTINCT FROM previous
            """
            if connection.vendor == "postgresql"
            else """
            SELECT COUNT(*) FROM (
                SELECT t.from_stage_id AS came_from,
                       LAG(t.to_stage_id) OVER (PARTITION BY t.project_id ORDER BY t.at, t.id)
                           AS previous
                FROM projects_transition t
            ) steps
            WHERE came_from IS NOT previous
            """
        )
        broken_steps = cursor.fetchone()[0]
        cursor.execute(
            """
            SELECT COUNT(*) FROM projects_project p
            WHERE p.stage_id <> (
                SELECT t.to_stage_id FROM projects_transition t WHERE t.project_id = p.id
                ORDER BY t.at DESC, t.id DESC LIMIT 1
            )
            """
        )
        wrong_stage = cursor.fetchone()[0]
    problems = []
    if broken_steps:
        problems.append(f"{broken_steps} transitions that do not start where the last ended")
    if wrong_stage:
        problems.append(f"{wrong_stage} projects whose stage is not where their history ends")
    return problems


def _gates(sample, seed):
    """Every stage a project has passed through would let it in again."""
    stages = list(
        Stage.objects.filter(kind=StageKind.PIPELINE)
        .prefetch_related("requirements")
        .order_by("position")
    )
    ids = _sample(Project.objects.order_by("pk").values_list("pk", flat=True), sample, seed)
    problems = []
    for start in range(0, len(ids), 500):
        batch = Project.objects.filter(pk__in=ids[start : start + 500]).select_related(
            "stage", "resume_stage", "enterprise"
        )
        for project in batch:
            current = project.stage if project.stage.is_pipeline else project.resume_stage
            facts = requirements.facts_for(project)
            for stage in stages:
                if current is None or stage.position > current.position:
                    break
                for requirement in stage.requirements.all():
                    rule = requirements.RULES.get(requirement.rule)
                    if rule is not None and not rule.check(project, facts):
                        problems.append(f"{project.code} in {stage.name} lacks {rule.label}")
    return problems


def _snapshots(sample, seed):
    """A month's frozen figures are what ``month_figures`` computes from the rows; a submitted
    report gives a reason for each stalled project."""
    ids = _sample(MonthlySnapshot.objects.order_by("pk").values_list("pk", flat=True), sample, seed)
    problems = []
    for start in range(0, len(ids), 200):
        snapshots = MonthlySnapshot.objects.filter(pk__in=ids[start : start + 200]).select_related(
            "unit", "year"
        )
        for snapshot in snapshots:
            figures = month_figures(unit=snapshot.unit, year=snapshot.year, month=snapshot.month)
            if digest(figures) != snapshot.digest or digest(snapshot.figures) != snapshot.digest:
                problems.append(f"snapshot {snapshot} differs from month_figures")
                continue
            report = MonthlyReport.objects.filter(snapshot=snapshot).first()
            if report is not None:
                reasons = set(report.stalled_reasons.values_list("project__code", flat=True))
                if reasons != set(stalled_codes(figures)):
                    problems.append(f"report {report} has reasons for other projects than stalled")
    return problems


def fingerprint():
    """A digest of the business rows (projects, their steps, the frozen months), the same on
    SQLite and PostgreSQL for the same scale and seed: it shows that generation is repeatable."""
    hasher = hashlib.sha256()
    rows = [
        Project.objects.order_by("code").values_list(
            "code",
            "name",
            "unit__code",
            "stage__code",
            "total_investment",
            "funds_in_place",
            "created_at",
            "signing_date",
            "verified_at",
        ),
        Transition.objects.order_by("project__code", "at", "pk").values_list(
            "project__code", "to_stage__code", "at"
        ),
        MonthlySnapshot.objects.order_by("year__year", "unit__code", "month").values_list(
            "unit__code", "month", "digest"
        ),
    ]
    for query in rows:
        for row in query.iterator(chunk_size=5000):
            hasher.update(repr(tuple(_plain(value) for value in row)).encode())
    return hasher.hexdigest()


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return value


def _orphans(models):
    """Foreign keys that point at no row (bulk loading may skip the database's own checks)."""
    problems = []
    with connection.cursor() as cursor:
        for model in models:
            for field in model._meta.concrete_fields:
                if not field.is_relation or not field.db_constraint:
                    continue
                target = field.related_model._meta
                table, column = model._meta.db_table, field.column
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} t LEFT JOIN {target.db_table} r "  # noqa: S608
                    f"ON r.{target.pk.column} = t.{column} "
                    f"WHERE t.{column} IS NOT NULL AND r.{target.pk.column} IS NULL"
                )
                missing = cursor.fetchone()[0]
                if missing:
                    problems.append(f"{missing} rows of {table}.{column} point at nothing")
    return problems
