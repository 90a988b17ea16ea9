"""Monthly dispatch (ASM-2): month-end snapshots, reports, locking, lateness, tallies, reminders."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhaoshang.assessment import services_dispatch as services
from zhaoshang.assessment.choices import ReportStatus
from zhaoshang.assessment.models import (
    GroupMember,
    MonthlyReport,
    MonthlySnapshot,
    ReportReminder,
    StalledReason,
)
from zhaoshang.assessment.selectors_dispatch import due_date, report_tallies
from zhaoshang.assessment.snapshots import month_figures, snapshot_take
from zhaoshang.core.models import AuditEvent, Notification
from zhaoshang.projects import services as project_services

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=10, minute=0):
    return datetime.datetime(y, m, d, hour, minute, tzinfo=TZ)


@pytest.fixture
def pipeline(make_project, cast, units, ref):
    """zone1's projects in early 2025:
    A registered 10 Jan, paused 5 Mar; B registered 3 Feb; C registered 12 Jan, dropped 20 Feb;
    D registered 2 Mar (after February); E of town1 (another unit) in January."""
    staff = cast["unit_a_staff"]
    a = make_project(at=at(2025, 1, 10), total_investment=Decimal("20000.50"))
    b = make_project(at=at(2025, 2, 3), funds_in_place=Decimal("300"))
    c = make_project(at=at(2025, 1, 12))
    d = make_project(at=at(2025, 3, 2))
    e = make_project(actor=cast["unit_b_staff"], unit=units["town1"], at=at(2025, 1, 5))
    project_services.project_advance_stage(
        actor=staff,
        project=c,
        to_stage=ref.stage("dropped"),
        drop_reason=ref.reason("funds"),
        at=at(2025, 2, 20),
    )
    project_services.project_advance_stage(
        actor=staff,
        project=a,
        to_stage=ref.stage("paused"),
        reason="等待审批",
        resume_date=datetime.date(2025, 6, 1),
        at=at(2025, 3, 5),
    )
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def _by_code(figures):
    return {p["code"]: p for p in figures["projects"]}


# --- snapshots --------------------------------------------------------------------------------


def test_month_figures_read_the_stage_at_month_end_from_transitions(pipeline, units, year2025):
    figures = month_figures(unit=units["zone1"], year=year2025, month=2)
    rows = _by_code(figures)
    a, b, c = pipeline["a"].code, pipeline["b"].code, pipeline["c"].code
    # A is paused today but was still negotiating at the end of February.
    assert rows[a] == {
        "code": a,
        "name": pipeline["a"].name,
        "stage": "negotiating",
        "progressed": False,
        "new": False,
        "open": True,
        "total_investment": f"{pipeline['a'].total_investment:.2f}",
        "funds_in_place": f"{pipeline['a'].funds_in_place:.2f}",
    }
    assert rows[b]["progressed"] and rows[b]["new"] and rows[b]["stage"] == "negotiating"
    assert rows[c]["stage"] == "dropped" and rows[c]["progressed"] and not rows[c]["open"]
    # D was registered in March, E belongs to another unit.
    assert set(rows) == {a, b, c}
    assert figures["by_stage"]["negotiating"] == {
        "name": "洽谈",
        "count": 2,
        "total_investment": "40000.50",
        "funds_in_place": "300.00",
    }
    assert figures["by_stage"]["dropped"]["count"] == 1
    assert figures["by_stage"]["signed"]["count"] == 0
    assert figures["totals"]["count"] == 3 and figures["totals"]["total_investment"] == "60000.50"
    assert figures["new"] == {
        "count": 1,
        "total_investment": "20000.00",
        "funds_in_place": "300.00",
    }
    assert figures["stage_order"][:3] == ["negotiating", "signed", "approving"]


def test_month_figures_of_march_see_the_pause_and_the_new_project(pipeline, units, year2025):
    rows = _by_code(month_figures(unit=units["zone1"], year=2025, month=3))
    assert rows[pipeline["a"].code]["stage"] == "paused"
    assert rows[pipeline["a"].code]["progressed"]
    assert rows[pipeline["d"].code]["new"]
    assert not rows[pipeline["b"].code]["progressed"]


def test_a_unit_counts_its_sub_units_projects_unless_they_are_assessed_on_their_own(
    make_project, units, year2025
):
    office = make_project(unit=units["zone1-office"], at=at(2025, 1, 8))
    assert office.code in _by_code(month_figures(unit=units["zone1"], year=year2025, month=1))
    zones = year2025.groups.get(code="zones")
    GroupMember.objects.create(year=year2025, group=zones, unit=units["zone1-office"])
    assert office.code not in _by_code(month_figures(unit=units["zone1"], year=year2025, month=1))


def test_snapshot_is_kept_when_unchanged_and_corrected_by_a_new_revision(
    pipeline, cast, units, year2025
):
    head = cast["unit_a_head"]
    first = snapshot_take(actor=head, year=year2025, unit=units["zone1"], month=2)
    assert first.revision == 1 and first.note == "" and len(first.digest) == 64
    again = snapshot_take(actor=head, year=year2025, unit=units["zone1"], month=2)
    assert again.pk == first.pk
    project_services.project_update(
        actor=cast["unit_a_staff"], project=pipeline["b"], funds_in_place=Decimal("900")
    )
    second = snapshot_take(actor=head, year=year2025, unit=units["zone1"], month=2)
    assert second.revision == 2 and second.note
    first.refresh_from_db()
    assert first.figures["new"]["funds_in_place"] == "300.00"
    assert second.figures["new"]["funds_in_place"] == "900.00"
    assert MonthlySnapshot.objects.filter(unit=units["zone1"], month=2).count() == 2


def test_snapshot_of_a_month_not_over_is_refused(cast, units, year2025):
    with pytest.raises(ValidationError):
        snapshot_take(
            actor=cast["unit_a_head"],
            year=year2025,
            unit=units["zone1"],
            month=3,
            at=at(2025, 3, 31, 23, 59),
        )


def test_other_units_staff_may_not_take_a_snapshot(cast, units, year2025, audit_count):
    before = audit_count()
    with pytest.raises(PermissionDenied):
        snapshot_take(actor=cast["unit_b_staff"], year=year2025, unit=units["zone1"], month=1)
    assert MonthlySnapshot.objects.count() == 0 and audit_count() == before


# --- reports ----------------------------------------------------------------------------------


def _open(cast, units, year, month=2, user="unit_a_head", unit="zone1", when=None):
    return services.report_open(
        actor=cast[user], year=year, unit=units[unit], month=month, at=when or at(2025, 3, 2)
    )


def test_opening_creates_a_draft_with_due_date_snapshot_and_reason_rows(
    pipeline, cast, units, year2025
):
    report = _open(cast, units, year2025)
    assert report.status == ReportStatus.DRAFT
    assert report.due_date == datetime.date(2025, 3, 5)
    assert report.snapshot.revision == 1
    # A did not move in February and was open: it needs a reason. B is new, C was dropped.
    assert [r.project.code for r in report.stalled_reasons.all()] == [pipeline["a"].code]
    assert _open(cast, units, year2025).pk == report.pk
    assert AuditEvent.objects.filter(object_id=str(report.public_id), action="create").exists()


def test_december_is_due_in_january_of_the_next_year(year2025):
    assert due_date(year2025, 12) == datetime.date(2026, 1, 5)
    year2025.report_due_day = 10
    assert due_date(year2025, 4) == datetime.date(2025, 5, 10)


def test_a_month_cannot_be_filed_before_it_ends(cast, units, year2025):
    with pytest.raises(ValidationError) as error:
        _open(cast, units, year2025, month=3, when=at(2025, 3, 31, 23, 0))
    assert error.value.code == "month_not_over"
    assert MonthlyReport.objects.count() == 0


def test_other_units_staff_may_not_open_a_report(cast, units, year2025, audit_count):
    before = audit_count()
    with pytest.raises(PermissionDenied):
        _open(cast, units, year2025, user="unit_b_staff")
    assert MonthlyReport.objects.count() == 0 and audit_count() == before


def test_a_unit_outside_the_years_groups_files_nothing(cast, units, year2025):
    with pytest.raises(ValidationError):
        _open(cast, units, year2025, user="bureau_admin", unit="town5")


def test_submit_is_refused_naming_the_projects_without_a_reason(pipeline, cast, units, year2025):
    report = _open(cast, units, year2025)
    report = services.report_save(
        actor=cast["unit_a_head"], report=report, work_done="接待客商3批", next_plan="赴京招商"
    )
    before = (report.version, AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        services.report_submit(actor=cast["unit_a_head"], report=report, at=at(2025, 3, 3))
    text = " ".join(error.value.messages)
    assert pipeline["a"].code in text and pipeline["a"].name in text
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert (report.version, AuditEvent.objects.count()) == before


def test_submit_needs_the_work_done_and_the_plan(pipeline, cast, units, year2025):
    report = _open(cast, units, year2025)
    report = services.report_save(
        actor=cast["unit_a_head"], report=report, reasons={pipeline["a"].code: "等待董事会决策"}
    )
    with pytest.raises(ValidationError) as error:
        services.report_submit(actor=cast["unit_a_head"], report=report, at=at(2025, 3, 3))
    assert [e.code for e in error.value.error_list] == ["incomplete"]


def _complete(cast, report, pipeline, **kwargs):
    return services.report_save(
        actor=cast["unit_a_head"],
        report=report,
        work_done="接待客商3批",
        next_plan="赴京招商",
        reasons={pipeline["a"].code: "等待董事会决策"},
        **kwargs,
    )


def test_submitted_report_is_locked(pipeline, cast, units, year2025):
    report = _complete(cast, _open(cast, units, year2025), pipeline)
    report = services.report_submit(actor=cast["unit_a_head"], report=report, at=at(2025, 3, 4))
    assert report.status == ReportStatus.SUBMITTED and not report.is_late
    assert report.submitted_by == cast["unit_a_head"]
    before = (report.version, report.work_done, AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        services.report_save(actor=cast["unit_a_staff"], report=report, work_done="改写")
    assert error.value.code == "locked"
    with pytest.raises(ValidationError):
        services.report_submit(actor=cast["unit_a_staff"], report=report)
    report.refresh_from_db()
    assert (report.version, report.work_done, AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    "when,late",
    [
        (at(2025, 3, 5, 23, 59), False),
        # 00:30 on 6 March in Shanghai is still 5 March in UTC: the county's date counts.
        (at(2025, 3, 6, 0, 30), True),
    ],
)
def test_lateness_is_judged_by_the_date_in_shanghai(pipeline, cast, units, year2025, when, late):
    report = _complete(cast, _open(cast, units, year2025), pipeline)
    report = services.report_submit(actor=cast["unit_a_head"], report=report, at=when)
    assert report.is_late is late


def test_a_stale_version_is_refused_as_a_conflict(pipeline, cast, units, year2025):
    report = _open(cast, units, year2025)
    services.report_save(actor=cast["unit_a_head"], report=report, expected_version=1, problems="x")
    with pytest.raises(ValidationError) as error:
        services.report_save(
            actor=cast["unit_a_staff"], report=report, expected_version=1, problems="y"
        )
    assert error.value.code == "conflict"
    assert MonthlyReport.objects.get(pk=report.pk).problems == "x"


def test_a_reason_for_a_project_not_asked_about_is_refused(pipeline, cast, units, year2025):
    report = _open(cast, units, year2025)
    with pytest.raises(ValidationError):
        services.report_save(
            actor=cast["unit_a_head"], report=report, reasons={pipeline["b"].code: "无"}
        )


def test_figures_changed_before_submission_are_kept_and_the_submission_refused(
    pipeline, cast, units, ref, year2025
):
    report = _complete(cast, _open(cast, units, year2025), pipeline)
    # A late entry: a transition back-dated into February makes B's figures change.
    project_services.project_advance_stage(
        actor=cast["unit_a_staff"],
        project=pipeline["b"],
        to_stage=ref.stage("paused"),
        reason="资金未到位",
        resume_date=datetime.date(2025, 5, 1),
        at=at(2025, 2, 25),
    )
    with pytest.raises(ValidationError) as error:
        services.report_submit(actor=cast["unit_a_head"], report=report, at=at(2025, 3, 4))
    assert error.value.code == "figures_changed"
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.snapshot.revision == 2
    submitted = services.report_submit(actor=cast["unit_a_head"], report=report, at=at(2025, 3, 4))
    assert submitted.snapshot.revision == 2


def test_a_correction_after_submission_leaves_the_filed_revision(pipeline, cast, units, year2025):
    report = _complete(cast, _open(cast, units, year2025), pipeline)
    report = services.report_submit(actor=cast["unit_a_head"], report=report, at=at(2025, 3, 4))
    project_services.project_update(
        actor=cast["unit_a_staff"], project=pipeline["a"], total_investment=Decimal("25000")
    )
    later = snapshot_take(actor=cast["bureau_admin"], year=year2025, unit=units["zone1"], month=2)
    report.refresh_from_db()
    assert later.revision == 2 and report.snapshot.revision == 1
    assert "1" in later.note


# --- tallies ----------------------------------------------------------------------------------


def _file(cast, units, year, unit, month, when, user="bureau_admin"):
    report = services.report_open(
        actor=cast[user], year=year, unit=units[unit], month=month, at=when
    )
    report = services.report_save(
        actor=cast[user], report=report, work_done="工作", next_plan="计划", at=when
    )
    return services.report_submit(actor=cast[user], report=report, at=when)


def test_report_tallies_count_on_time_late_and_missing_months(cast, units, year2025):
    _file(cast, units, year2025, "zone1", 1, at(2025, 2, 3))
    _file(cast, units, year2025, "zone1", 2, at(2025, 3, 5))
    _file(cast, units, year2025, "zone1", 3, at(2025, 4, 9))
    _file(cast, units, year2025, "town1", 1, at(2025, 2, 20))
    # A draft is not a submission.
    services.report_open(
        actor=cast["bureau_admin"], year=year2025, unit=units["town2"], month=1, at=at(2025, 2, 2)
    )
    with CaptureQueriesContext(connection) as queries:
        tallies = report_tallies(year=year2025, through_month=5, as_of=datetime.date(2025, 6, 5))
    assert len(queries) == 2
    zone1, town1, town2 = (tallies[units[c].pk] for c in ("zone1", "town1", "town2"))
    # May's report is due on 5 June, not before the 5th: not yet missing.
    assert zone1 == {
        "late": 1,
        "missing": 1,
        "on_time": 2,
        "late_months": [3],
        "missing_months": [4],
    }
    assert (
        town1["late"] == 1
        and town1["late_months"] == [1]
        and town1["missing_months"]
        == [
            2,
            3,
            4,
        ]
    )
    assert town2["missing_months"] == [1, 2, 3, 4]
    members = set(GroupMember.objects.filter(year=year2025).values_list("unit_id", flat=True))
    assert set(tallies) == members and units["town5"].pk not in tallies


def test_report_tallies_take_a_year_number(year2025, units):
    tallies = report_tallies(year=2025, through_month=1, as_of=datetime.date(2025, 1, 31))
    assert tallies[units["zone1"].pk]["missing"] == 0


# --- reminders --------------------------------------------------------------------------------


def test_reminding_all_missing_notifies_the_units_filers(
    cast, units, year2025, mailoutbox, django_capture_on_commit_callbacks
):
    _file(cast, units, year2025, "town1", 4, at(2025, 5, 3))
    cast["unit_a_head"].email = "wu@example.cn"
    cast["unit_a_head"].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminder_send(
            actor=cast["bureau_admin"], year=year2025, month=4, at=at(2025, 5, 8)
        )
    reminded = {r.unit.code for r, _people in sent}
    assert reminded == {"zone1", "zone2", "new-district", "town2", "town3", "town4"} | {
        "fgw",
        "gxj",
        "swj",
    }
    assert ReportReminder.objects.filter(month=4).count() == len(reminded)
    zone1_people = next(p for r, p in sent if r.unit.code == "zone1")
    assert {u.username for u in zone1_people} == {"zone1_head", "zone1_staff"}
    note = Notification.objects.get(recipient=cast["unit_a_head"])
    assert note.link == "/assessment/2025/dispatch/zone1/4/" and note.read_at is None
    assert [m.to for m in mailoutbox] == [["wu@example.cn"]]
    # The same day again: nothing left to remind.
    with pytest.raises(ValidationError):
        services.reminder_send(
            actor=cast["bureau_admin"], year=year2025, month=4, at=at(2025, 5, 8)
        )


def test_a_unit_that_has_filed_is_not_reminded(cast, units, year2025):
    _file(cast, units, year2025, "town1", 4, at(2025, 5, 3))
    with pytest.raises(ValidationError):
        services.reminder_send(
            actor=cast["bureau_admin"],
            year=year2025,
            month=4,
            units=[units["town1"]],
            at=at(2025, 5, 8),
        )
    assert ReportReminder.objects.count() == 0


def test_only_the_bureau_sends_reminders(cast, units, year2025, audit_count):
    before = audit_count()
    for user in ("unit_a_head", "leader"):
        with pytest.raises(PermissionDenied):
            services.reminder_send(
                actor=cast[user],
                year=year2025,
                month=4,
                units=[units["zone1"]],
                at=at(2025, 5, 8),
            )
    assert ReportReminder.objects.count() == 0 and Notification.objects.count() == 0
    assert audit_count() == before


def test_reminding_a_unit_before_the_month_ends_is_refused(cast, units, year2025):
    with pytest.raises(ValidationError):
        services.reminder_send(
            actor=cast["bureau_admin"],
            year=year2025,
            month=5,
            units=[units["zone1"]],
            at=at(2025, 5, 30),
        )


def test_stalled_reasons_follow_a_corrected_snapshot(
    pipeline, make_project, cast, units, ref, year2025
):
    late_entry = make_project(at=at(2025, 1, 20))
    report = _open(cast, units, year2025)
    assert report.stalled_reasons.count() == 2
    project_services.project_advance_stage(
        actor=cast["unit_a_staff"],
        project=late_entry,
        to_stage=ref.stage("paused"),
        reason="补办手续",
        resume_date=datetime.date(2025, 4, 1),
        at=at(2025, 2, 27),
    )
    services.report_save(actor=cast["unit_a_head"], report=report, problems="无")
    codes = StalledReason.objects.filter(report=report).values_list("project__code", flat=True)
    assert list(codes) == [pipeline["a"].code]


def test_a_closed_year_takes_no_reports_and_no_reminders(cast, units, client_for, year2025):
    year2025.status = "closed"
    year2025.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        _open(cast, units, year2025)
    with pytest.raises(ValidationError):
        services.reminder_send(actor=cast["bureau_admin"], year=year2025, month=1)
    page = client_for(cast["unit_a_head"]).get("/assessment/2025/dispatch/zone1/2/")
    assert b"open-report" not in page.content
    grid = client_for(cast["bureau_admin"]).get("/assessment/2025/dispatch/").content
    assert b"remind-one" not in grid
