"""The demo's monthly reports: a full past year with a few late reports and exactly one missing
one; a current year with its latest ended month left open for 经开区."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from zhaoshang.assessment.choices import ReportStatus
from zhaoshang.assessment.demo_dispatch import demo_through_month, load_demo_reports
from zhaoshang.assessment.models import (
    AssessmentYear,
    GroupMember,
    MonthlyReport,
    MonthlySnapshot,
    ReportReminder,
    StalledReason,
    UnitGroup,
)
from zhaoshang.assessment.selectors_dispatch import report_tallies
from zhaoshang.projects import services as project_services

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d):
    return datetime.datetime(y, m, d, 10, tzinfo=TZ)


@pytest.fixture
def projects(make_project, cast, units, ref):
    """A few projects across member units, some moving during 2025."""
    made = []
    for n, code in enumerate(("zone1", "zone2", "town1", "town3", "fgw", "zone1")):
        made.append(
            make_project(actor=cast["bureau_admin"], unit=units[code], at=at(2024, 11, n + 1))
        )
    project_services.project_advance_stage(
        actor=cast["bureau_admin"],
        project=made[0],
        to_stage=ref.stage("paused"),
        reason="等待",
        resume_date=datetime.date(2025, 8, 1),
        at=at(2025, 4, 10),
    )
    made.append(make_project(actor=cast["bureau_admin"], unit=units["town1"], at=at(2025, 6, 3)))
    return made


def _content():
    return list(
        MonthlyReport.objects.order_by("unit__code", "month").values_list(
            "unit__code", "month", "is_late", "submitted_at", "work_done", "problems", "next_plan"
        )
    )


def test_a_past_year_is_filed_with_some_late_and_one_missing(projects, year2025, units):
    today = datetime.date(2026, 3, 1)
    filed = load_demo_reports(year=year2025, through_month=12, today=today)
    members = GroupMember.objects.filter(year=year2025).count()
    assert filed == members * 12 - 1 == MonthlyReport.objects.count()
    assert not MonthlyReport.objects.exclude(status=ReportStatus.SUBMITTED).exists()
    tallies = report_tallies(year=year2025, through_month=12, as_of=today)
    missing = [(u, m) for u, t in tallies.items() for m in t["missing_months"]]
    assert len(missing) == 1
    unit_id, month = missing[0]
    assert unit_id in {units[f"town{i}"].pk for i in range(1, 5)}
    reminder = ReportReminder.objects.get()
    assert (reminder.unit_id, reminder.month) == (unit_id, month)
    late = sum(t["late"] for t in tallies.values())
    assert 0.03 <= late / filed <= 0.15
    # Every report says something, every stalled project has its reason, no two narratives alike.
    assert not MonthlyReport.objects.filter(work_done="").exists()
    assert not StalledReason.objects.filter(reason="").exists()
    assert StalledReason.objects.exists()
    works = [row[4] for row in _content()]
    assert len(set(works)) > len(works) * 0.9
    # Submitted after the month's end; the figures come from month-end snapshots.
    for report in MonthlyReport.objects.select_related("snapshot"):
        first_day = datetime.date(2025 + report.month // 12, report.month % 12 + 1, 1)
        assert report.submitted_at.astimezone(TZ).date() >= first_day
        assert report.snapshot.month == report.month
    assert MonthlySnapshot.objects.filter(revision__gt=1).count() == 0


def test_the_demo_is_deterministic_and_runs_once(projects, year2025):
    today = datetime.date(2026, 3, 1)
    load_demo_reports(year=year2025, through_month=12, today=today)
    first = _content()
    assert load_demo_reports(year=year2025, through_month=12, today=today) == 0
    MonthlyReport.objects.all().delete()
    MonthlySnapshot.objects.all().delete()
    ReportReminder.objects.all().delete()
    load_demo_reports(year=year2025, through_month=12, today=today)
    assert _content() == first


def test_the_current_year_leaves_the_latest_ended_month_open_for_zone1_and_town1(projects, units):
    today = datetime.date(2026, 11, 26)
    year = AssessmentYear.objects.create(year=2026, name="2026年度")
    for position, codes in enumerate((("zone1", "zone2"), ("town1", "town2", "town3"))):
        group = UnitGroup.objects.create(year=year, code=f"g{position}", name=f"组{position}")
        for code in codes:
            GroupMember.objects.create(year=year, group=group, unit=units[code])
    through = demo_through_month(year=year, today=today)
    assert through == 9
    load_demo_reports(year=year, through_month=through, today=today)
    assert MonthlyReport.objects.filter(month__lte=9).count() == 5 * 9
    october = MonthlyReport.objects.filter(month=10)
    assert not october.filter(unit__code__in=["zone1", "town1"]).exists()
    assert all(r.submitted_at.astimezone(TZ).date() < today for r in october)
    assert not MonthlyReport.objects.filter(month__gte=11).exists()
    assert not ReportReminder.objects.exists()


@pytest.mark.parametrize(
    "year,today,months",
    [
        # In January last December is the month left open.
        (2025, datetime.date(2026, 1, 3), 11),
        (2025, datetime.date(2026, 2, 1), 12),
        (2026, datetime.date(2026, 1, 3), 0),
        (2026, datetime.date(2026, 2, 1), 0),
        (2026, datetime.date(2026, 3, 1), 1),
        (2026, datetime.date(2026, 12, 31), 10),
    ],
)
def test_demo_through_month(year, today, months):
    assert demo_through_month(year=AssessmentYear(year=year), today=today) == months
