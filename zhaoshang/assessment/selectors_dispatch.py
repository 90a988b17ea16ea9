"""Reads of the monthly dispatch: the calendar, the bureau's grid, tallies for scoring."""

from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.choices import ReportStatus
from zhaoshang.assessment.models import (
    AssessmentYear,
    GroupMember,
    MonthlyReport,
    MonthlySnapshot,
    ReportReminder,
)
from zhaoshang.assessment.snapshots import month_has_ended
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import ASSESSMENT_VIEW

MONTHS = range(1, 13)


class CellStatus(models.TextChoices):
    """Where a unit's report for one month stands, as the bureau's grid shows it."""

    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")
    DRAFT = "draft", _("Draft")
    NOT_DUE = "not_due", _("Not yet due")
    FUTURE = "future", _("Month not over")


def due_date(year, month):
    """A month's report is due on the year's due day of the following month (December's in
    January of the next year)."""
    day = year.report_due_day
    return date(year.year + 1, 1, day) if month == 12 else date(year.year, month + 1, day)


def cell_status(year, month, report, today):
    if report is not None and report.status == ReportStatus.SUBMITTED:
        return CellStatus.LATE if report.is_late else CellStatus.ON_TIME
    if due_date(year, month) < today:
        return CellStatus.MISSING
    if report is not None:
        return CellStatus.DRAFT
    return CellStatus.NOT_DUE if month_has_ended(year.year, month, today) else CellStatus.FUTURE


@dataclass
class Cell:
    month: int
    status: str
    due: date
    report: MonthlyReport | None = None
    reminded_at: object = None

    @property
    def label(self):
        return CellStatus(self.status).label

    @property
    def remindable(self):
        return self.status in (CellStatus.MISSING, CellStatus.NOT_DUE, CellStatus.DRAFT)


@dataclass
class Row:
    member: GroupMember
    cells: list = field(default_factory=list)

    @property
    def unit(self):
        return self.member.unit


def members_for(user, year, group=None):
    """The year's assessed units the user may see, in group and tree order."""
    members = restrict(user, ASSESSMENT_VIEW, GroupMember).filter(year=year)
    if group is not None:
        members = members.filter(group=group)
    return members.select_related("unit", "group").order_by("group__position", "unit__sort_key")


def overview(user, year, today, group=None):
    """One row per visible unit, one cell per month: three queries whatever the size."""
    members = list(members_for(user, year, group))
    unit_ids = [m.unit_id for m in members]
    reports = {
        (r.unit_id, r.month): r
        for r in MonthlyReport.objects.filter(year=year, unit_id__in=unit_ids).select_related(
            "submitted_by"
        )
    }
    reminded = {
        (r["unit_id"], r["month"]): r["last"]
        for r in ReportReminder.objects.filter(year=year, unit_id__in=unit_ids)
        .values("unit_id", "month")
        .annotate(last=Max("sent_at"))
    }
    rows = []
    for member in members:
        row = Row(member)
        for month in MONTHS:
            report = reports.get((member.unit_id, month))
            row.cells.append(
                Cell(
                    month=month,
                    status=cell_status(year, month, report, today),
                    due=due_date(year, month),
                    report=report,
                    reminded_at=reminded.get((member.unit_id, month)),
                )
            )
        rows.append(row)
    return rows


def month_counts(rows):
    """Per month, how many reports stand in each status (the grid's footer)."""
    counts = []
    for index, month in enumerate(MONTHS):
        tally = {status: 0 for status in CellStatus.values}
        for row in rows:
            tally[row.cells[index].status] += 1
        counts.append({"month": month, **tally})
    return counts


def report_for(year, unit, month):
    return (
        MonthlyReport.objects.filter(year=year, unit=unit, month=month)
        .select_related("snapshot", "submitted_by", "unit", "year")
        .first()
    )


def latest_snapshot(year, unit, month):
    return (
        MonthlySnapshot.objects.filter(year=year, unit=unit, month=month)
        .select_related("taken_by")
        .order_by("-revision")
        .first()
    )


def reminders_for(year, unit, month):
    return ReportReminder.objects.filter(year=year, unit=unit, month=month).select_related(
        "sent_by"
    )


def reports_for(user):
    """Reports the user may see, for the API's list."""
    return (
        restrict(user, ASSESSMENT_VIEW, MonthlyReport)
        .select_related("year", "unit", "snapshot", "submitted_by")
        .prefetch_related("stalled_reasons__project")
    )


def report_tallies(*, year, through_month, as_of):
    """For scoring: per assessed unit of ``year`` (an AssessmentYear or a year number), over
    months 1..``through_month``, how many reports were submitted on time or late, and how
    many are missing (not submitted although due before ``as_of``). Two queries.

    Returns ``{unit_id: {"late", "missing", "on_time", "late_months", "missing_months"}}``
    with every member unit present, even one with nothing to count.
    """
    if not isinstance(year, AssessmentYear):
        year = AssessmentYear.objects.get(year=year)
    unit_ids = GroupMember.objects.filter(year=year).values_list("unit_id", flat=True)
    tallies = {
        unit_id: {"late": 0, "missing": 0, "on_time": 0, "late_months": [], "missing_months": []}
        for unit_id in unit_ids
    }
    submitted = {}
    rows = MonthlyReport.objects.filter(
        year=year,
        unit_id__in=list(tallies),
        month__lte=through_month,
        status=ReportStatus.SUBMITTED,
    ).values_list("unit_id", "month", "is_late")
    for unit_id, month, is_late in rows:
        submitted[(unit_id, month)] = is_late
    for unit_id, tally in tallies.items():
        for month in range(1, through_month + 1):
            if (unit_id, month) in submitted:
                key = "late" if submitted[(unit_id, month)] else "on_time"
                tally[key] += 1
                if key == "late":
                    tally["late_months"].append(month)
            elif due_date(year, month) < as_of:
                tally["missing"] += 1
                tally["missing_months"].append(month)
    return tallies
