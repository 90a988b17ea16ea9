"""/api/v1/assessment/reports/: the same scope, services and locking as the report page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from zhaoshang.assessment import services_dispatch as services
from zhaoshang.assessment.choices import ReportStatus
from zhaoshang.assessment.models import MonthlyReport
from zhaoshang.core.models import AuditEvent

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/assessment/reports/"
TZ = ZoneInfo("Asia/Shanghai")


class Api:
    def __init__(self, user):
        self.client = Client()
        key = Token.objects.get_or_create(user=user)[0].key
        self.headers = {"Authorization": f"Token {key}"}

    def get(self, url, params=None):
        return self.client.get(url, params or {}, headers=self.headers)

    def send(self, method, url, data):
        return getattr(self.client, method)(
            url, data, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def stalled(make_project, year2025):
    return make_project(at=datetime.datetime(2025, 1, 10, 10, tzinfo=TZ))


def test_unit_head_starts_saves_and_submits_a_report(stalled, cast, year2025):
    api = Api(cast["unit_a_head"])
    created = api.send("post", REPORTS, {"year": 2025, "unit": "zone1", "month": 2})
    assert created.status_code == 201, created.json()
    body = created.json()
    url = f"{REPORTS}{body['public_id']}/"
    assert created["Location"].endswith(url)
    assert body["status"] == "draft" and body["due_date"] == "2025-03-05"
    assert body["snapshot"]["revision"] == 1
    assert body["stalled_reasons"] == [
        {"project": stalled.code, "name": stalled.name, "reason": ""}
    ]
    assert api.send("post", REPORTS, {"year": 2025, "unit": "zone1", "month": 2}).status_code == 200

    refused = api.send("post", url + "submit/", {"version": body["version"]})
    assert refused.status_code == 400 and stalled.code in str(refused.json())

    saved = api.send(
        "patch",
        url,
        {
            "version": body["version"],
            "work_done": "接待客商",
            "next_plan": "赴沪招商",
            "reasons": [{"project": stalled.code, "reason": "投资方决策中"}],
        },
    )
    assert saved.status_code == 200, saved.json()
    version = saved.json()["version"]
    stale = api.send("patch", url, {"version": body["version"], "problems": "x"})
    assert stale.status_code == 409

    submitted = api.send("post", url + "submit/", {"version": version})
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    locked = api.send("patch", url, {"version": submitted.json()["version"], "problems": "改"})
    assert locked.status_code == 400
    assert MonthlyReport.objects.get().problems == ""


def test_future_month_is_refused(cast, year2025):
    response = Api(cast["unit_a_head"]).send(
        "post", REPORTS, {"year": 2099, "unit": "zone1", "month": 1}
    )
    assert response.status_code == 400


def test_other_units_reports_are_not_found_and_not_written(stalled, cast, units, year2025):
    report = services.report_open(
        actor=cast["unit_a_head"], year=year2025, unit=units["zone1"], month=2
    )
    api = Api(cast["unit_b_staff"])
    url = f"{REPORTS}{report.public_id}/"
    before = AuditEvent.objects.count()
    assert api.get(url).status_code == 404
    assert api.send("patch", url, {"version": 1, "problems": "x"}).status_code == 404
    assert api.send("post", url + "submit/", {"version": 1}).status_code == 404
    created = api.send("post", REPORTS, {"year": 2025, "unit": "zone1", "month": 3})
    assert created.status_code == 400
    assert [r["unit"]["code"] for r in api.get(REPORTS).json()["results"]] == []
    assert AuditEvent.objects.count() == before
    assert MonthlyReport.objects.count() == 1


def test_leader_reads_but_may_not_write(stalled, cast, units, year2025):
    report = services.report_open(
        actor=cast["unit_a_head"], year=year2025, unit=units["zone1"], month=2
    )
    api = Api(cast["leader"])
    url = f"{REPORTS}{report.public_id}/"
    assert api.get(url).status_code == 200
    assert api.send("patch", url, {"version": 1, "problems": "x"}).status_code == 403
    assert api.send("post", url + "submit/", {"version": 1}).status_code == 403
    assert api.send("post", REPORTS, {"year": 2025, "unit": "zone1", "month": 3}).status_code == 403
    assert MonthlyReport.objects.get().status == ReportStatus.DRAFT


def test_cadre_has_no_reports(cast):
    assert Api(cast["cadre"]).get(REPORTS).status_code == 403


def _count(api, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(REPORTS, params).status_code == 200
    return len(ctx.captured_queries)


def test_list_filters_and_query_count(stalled, cast, units, year2025):
    api = Api(cast["bureau_admin"])
    for month in (1, 2):
        services.report_open(
            actor=cast["bureau_admin"], year=year2025, unit=units["zone1"], month=month
        )
    few = _count(api)
    for code in ("town1", "town2", "fgw", "gxj"):
        for month in (1, 2):
            services.report_open(
                actor=cast["bureau_admin"], year=year2025, unit=units[code], month=month
            )
    assert _count(api) == few
    rows = api.get(REPORTS, {"unit": "zone1", "month": 2}).json()["results"]
    assert [(r["unit"]["code"], r["month"]) for r in rows] == [("zone1", 2)]
    assert api.get(REPORTS, {"unit": "nowhere"}).status_code == 400
