"""Monthly dispatch pages: scope, filing in the browser's forms, the grid, export, reminders, the
bell and the notifications page."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from zhaoshang.assessment import services_dispatch as services
from zhaoshang.assessment.choices import ReportStatus
from zhaoshang.assessment.models import AssessmentYear, GroupMember, MonthlyReport, UnitGroup
from zhaoshang.assessment.snapshots import snapshot_take
from zhaoshang.core.models import AuditEvent, Notification
from zhaoshang.core.notifications import notify
from zhaoshang.projects import services as project_services

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
REPORT = "/assessment/2025/dispatch/zone1/2/"


def at(y, m, d, hour=10):
    return datetime.datetime(y, m, d, hour, tzinfo=TZ)


@pytest.fixture
def stalled(make_project, year2025):
    return make_project(at=at(2025, 1, 10), name="特钢棒材深加工项目")


def _open(cast, units, year, month=2, unit="zone1"):
    return services.report_open(
        actor=cast["unit_a_head"] if unit == "zone1" else cast["bureau_admin"],
        year=year,
        unit=units[unit],
        month=month,
        at=at(2025, month + 1, 2),
    )


def _submit(cast, report, when):
    report = services.report_save(
        actor=cast["bureau_admin"],
        report=report,
        work_done="工作",
        next_plan="计划",
        reasons={r.project.code: "等待" for r in report.stalled_reasons.select_related("project")},
    )
    return services.report_submit(actor=cast["bureau_admin"], report=report, at=when)


def test_other_units_staff_gets_404_and_nothing_changes(cast, client_for, units, year2025):
    client = client_for(cast["unit_b_staff"])
    before = AuditEvent.objects.count()
    assert client.get(REPORT).status_code == 404
    assert client.post(REPORT, {"action": "open"}).status_code == 404
    assert client.post(REPORT + "recheck/").status_code == 404
    assert MonthlyReport.objects.count() == 0 and AuditEvent.objects.count() == before


def test_a_unit_outside_the_years_groups_has_no_report_page(cast, client_for, year2025):
    assert (
        client_for(cast["bureau_admin"]).get("/assessment/2025/dispatch/town5/2/").status_code
        == 404
    )
    assert (
        client_for(cast["bureau_admin"]).get("/assessment/2025/dispatch/zone1/13/").status_code
        == 404
    )


def test_leader_reads_but_may_not_file(stalled, cast, client_for, units, year2025):
    _open(cast, units, year2025)
    client = client_for(cast["leader"])
    response = client.get(REPORT)
    assert response.status_code == 200 and b"report-form" not in response.content
    before = AuditEvent.objects.count()
    assert (
        client.post(REPORT, {"action": "save", "version": 1, "work_done": "x"}).status_code == 403
    )
    assert MonthlyReport.objects.get().work_done == "" and AuditEvent.objects.count() == before


def test_unit_head_files_a_report_through_the_page(stalled, cast, client_for, units, year2025):
    client = client_for(cast["unit_a_head"])
    page = client.get(REPORT)
    assert b"open-report" in page.content
    assert client.post(REPORT, {"action": "open"}).status_code == 302
    report = MonthlyReport.objects.get()
    page = client.get(REPORT)
    assert page.status_code == 200 and "特钢棒材深加工项目" in page.content.decode()
    field = f"reason-{stalled.code}"
    data = {"version": report.version, "work_done": "接待客商3批次", "next_plan": "赴京招商"}
    # Submitting without the reason: refused, naming the project, and the typed text is kept.
    refused = client.post(REPORT, {**data, "action": "submit", field: ""})
    assert refused.status_code == 200
    text = refused.content.decode()
    assert stalled.code in text and "特钢棒材深加工项目" in text and "接待客商3批次" in text
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.work_done == "接待客商3批次"
    done = client.post(
        REPORT, {**data, "version": report.version, "action": "submit", field: "等待董事会决策"}
    )
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.stalled_reasons.get().reason == "等待董事会决策"
    locked = client.get(REPORT).content.decode()
    assert "report-form" not in locked and "等待董事会决策" in locked
    # A locked report refuses any further post.
    again = client.post(REPORT, {**data, "version": report.version, "action": "save"})
    assert again.status_code == 403


def test_a_stale_form_is_refused_without_losing_the_other_save(
    stalled, cast, client_for, units, year2025
):
    report = _open(cast, units, year2025)
    services.report_save(actor=cast["unit_a_staff"], report=report, problems="先保存的问题")
    client = client_for(cast["unit_a_head"])
    response = client.post(REPORT, {"action": "save", "version": 1, "problems": "后保存的问题"})
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    assert MonthlyReport.objects.get().problems == "先保存的问题"


def test_a_submitted_report_shows_its_correction(stalled, cast, client_for, units, year2025):
    report = _submit(cast, _open(cast, units, year2025), at(2025, 3, 4))
    project_services.project_update(
        actor=cast["unit_a_staff"], project=stalled, total_investment=Decimal("30000")
    )
    client = client_for(cast["unit_a_head"])
    assert client.post(REPORT + "recheck/").status_code == 302
    page = client.get(REPORT).content.decode()
    taken = timezone.localdate().isoformat()
    assert 'id="correction"' in page and taken in page
    # The figures shown are the filed revision's: 2 亿元 (20000 万元), corrected to 3 亿元.
    assert "2.00" in page and "30000.00" in page
    report.refresh_from_db()
    assert report.snapshot.revision == 1


def _grid_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/assessment/2025/dispatch/").status_code == 200
    return len(ctx.captured_queries)


def test_overview_shows_statuses_and_its_query_count_does_not_grow(
    cast, client_for, units, year2025, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2025, 4, 3))
    client = client_for(cast["bureau_admin"])
    _submit(cast, _open(cast, units, year2025, month=1), at(2025, 2, 3))
    client.get("/assessment/2025/dispatch/")
    few = _grid_queries(client)
    _submit(cast, _open(cast, units, year2025, month=2), at(2025, 3, 9))
    _open(cast, units, year2025, month=3)
    for code in ("town1", "town2", "fgw"):
        _submit(cast, _open(cast, units, year2025, month=1, unit=code), at(2025, 2, 4))
    services.reminder_send(
        actor=cast["bureau_admin"],
        year=year2025,
        month=2,
        units=[units["town1"]],
        at=at(2025, 3, 10),
    )
    assert _grid_queries(client) == few
    page = client.get("/assessment/2025/dispatch/").content.decode()
    row = page[page.index('data-unit="zone1"') :]
    row = row[: row.index("</tr>")]
    assert 'data-month="1" data-status="on_time"' in row
    assert 'data-month="2" data-status="late"' in row
    assert 'data-month="3" data-status="draft"' in row
    assert 'data-month="4" data-status="future"' in row
    town2 = page[page.index('data-unit="town2"') :]
    assert 'data-month="2" data-status="missing"' in town2[: town2.index("</tr>")]


def test_group_filter_narrows_the_grid(cast, client_for, year2025):
    page = client_for(cast["bureau_admin"]).get("/assessment/2025/dispatch/?group=towns")
    text = page.content.decode()
    assert 'data-unit="town1"' in text and 'data-unit="zone1"' not in text


def test_unit_staff_see_only_their_row_and_what_to_file(cast, client_for, year2025):
    page = client_for(cast["unit_a_staff"]).get("/assessment/2025/dispatch/").content.decode()
    assert 'data-unit="zone1"' in page and 'data-unit="town1"' not in page
    assert 'id="to-file"' in page and "/assessment/2025/dispatch/zone1/12/" in page
    assert "remind-one" not in page


def test_dispatch_home_goes_to_the_newest_year(cast, client_for, year2025):
    response = client_for(cast["leader"]).get("/assessment/dispatch/")
    assert response.status_code == 302 and response["Location"] == "/assessment/2025/dispatch/"
    assert client_for(cast["cadre"]).get("/assessment/dispatch/").status_code == 403


def test_export_has_a_row_per_unit_with_missing_dates(cast, client_for, units, year2025):
    client = client_for(cast["bureau_admin"])
    response = client.get("/assessment/2025/dispatch/export.xlsx?group=zones")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["沧澜经济开发区", "沧澜高新技术产业开发区", "沧澜临港新区"]
    assert "2025-02-05" in rows[1][2]
    assert AuditEvent.objects.filter(action="export", actor=cast["bureau_admin"]).exists()


def test_remind_button_notifies_and_the_bell_counts(cast, client_for, units, year2025):
    client = client_for(cast["bureau_admin"])
    response = client.post(
        "/assessment/2025/dispatch/remind/", {"month": 3, "unit": "zone1", "query": "group=zones"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/assessment/2025/dispatch/?group=zones"
    head = client_for(cast["unit_a_head"])
    home = head.get("/").content.decode()
    assert 'id="bell-count">1<' in home
    note = Notification.objects.get(recipient=cast["unit_a_head"])
    opened = head.post(f"/notifications/{note.pk}/open/")
    assert opened["Location"] == "/assessment/2025/dispatch/zone1/3/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'id="bell-count"' not in head.get("/").content.decode()


def test_remind_all_of_a_month_from_the_grid(cast, client_for, year2025):
    client_for(cast["bureau_admin"]).post("/assessment/2025/dispatch/remind/", {"month": 1})
    assert Notification.objects.filter(recipient=cast["unit_b_staff"]).count() == 1


def test_unit_head_may_not_remind(cast, client_for, year2025):
    response = client_for(cast["unit_a_head"]).post(
        "/assessment/2025/dispatch/remind/", {"month": 1, "unit": "zone1"}
    )
    assert response.status_code == 403
    assert Notification.objects.count() == 0


def test_another_users_notification_is_not_found(cast, client_for):
    note = notify(users=[cast["unit_a_head"]], title="提醒", link="/")[0]
    client = client_for(cast["unit_b_staff"])
    assert client.post(f"/notifications/{note.pk}/open/").status_code == 404
    assert client.get("/notifications/").status_code == 200
    note.refresh_from_db()
    assert note.read_at is None


def test_notifications_page_lists_and_marks_all_read(cast, client_for):
    notify(users=[cast["unit_a_head"]], title="第一条提醒", body="请及时填报")
    notify(users=[cast["unit_a_head"]], title="第二条提醒")
    client = client_for(cast["unit_a_head"])
    page = client.get("/notifications/").content.decode()
    assert "第一条提醒" in page and "第二条提醒" in page and 'id="unread-count">2<' in page
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_a_notification_links_only_inside_the_system(cast):
    from django.core.exceptions import ValidationError

    for link in ("https://evil.example/", "//evil.example/x"):
        with pytest.raises(ValidationError):
            notify(users=[cast["unit_a_head"]], title="x", link=link)


def test_recheck_reports_unchanged_figures(stalled, cast, client_for, units, year2025):
    _open(cast, units, year2025)
    client = client_for(cast["unit_a_head"])
    client.post(REPORT + "recheck/")
    snapshot = snapshot_take(actor=cast["unit_a_head"], year=year2025, unit=units["zone1"], month=2)
    assert snapshot.revision == 1


def test_a_second_year_is_offered_in_the_switch(cast, client_for, units, year2025):
    other = AssessmentYear.objects.create(year=2026, name="2026年度")
    group = UnitGroup.objects.create(year=other, code="zones", name="开发区组")
    GroupMember.objects.create(year=other, group=group, unit=units["zone1"])
    page = client_for(cast["bureau_admin"]).get("/assessment/2025/dispatch/").content.decode()
    assert "/assessment/2026/dispatch/" in page
