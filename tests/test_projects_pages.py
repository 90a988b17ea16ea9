"""Project pages: scope, list filters and query counts, create, transitions, board, export."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from zhaoshang.core.models import AuditEvent
from zhaoshang.projects.models import Project
from zhaoshang.targeting.models import Lead

pytestmark = pytest.mark.django_db


def test_unit_staff_gets_404_for_other_units_project(make_project, cast, client_for, units):
    project = make_project(actor=cast["unit_b_staff"], unit=units["town1"])
    client = client_for(cast["unit_a_staff"])
    for url in ("", "edit/"):
        assert client.get(f"/projects/{project.code}/{url}").status_code == 404
    before = (Project.objects.get(pk=project.pk).stage_id, AuditEvent.objects.count())
    response = client.post(
        f"/projects/{project.code}/transition/", {"to_stage": "dropped", "drop_reason": 1}
    )
    assert response.status_code == 404
    assert (Project.objects.get(pk=project.pk).stage_id, AuditEvent.objects.count()) == before


def test_leader_sees_but_cannot_edit(make_project, cast, client_for):
    project = make_project()
    client = client_for(cast["leader"])
    assert client.get(f"/projects/{project.code}/").status_code == 200
    assert client.get(f"/projects/{project.code}/edit/").status_code == 403


def test_cadre_has_no_project_list_but_reports_leads(client_for, cast, units, ref):
    client = client_for(cast["cadre"])
    assert client.get("/projects/").status_code == 403
    response = client.post(
        "/projects/lead/",
        {
            "name": "海产品精深加工项目",
            "investor_name": "大连海洋食品有限公司",
            "unit": units["town2"].pk,
            "origin_region": ref.region("21").pk,
            "industry": ref.division("13").pk,
            "total_investment": "8000",
        },
    )
    assert response.status_code == 302
    lead = Lead.objects.get(name="海产品精深加工项目")
    assert lead.unit == units["town2"] and lead.reported_by == cast["cadre"]
    assert lead.status == "new" and lead.referrer_kind == "cadre"
    assert (lead.deadline - timezone.localdate()).days == 30
    # The lead waits for the unit's follow-up; it is not a project until the unit converts it.
    assert not Project.objects.filter(name="海产品精深加工项目").exists()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_projects(make_project, cast, client_for):
    client = client_for(cast["bureau_admin"])
    for _ in range(10):
        make_project()
    client.get("/projects/")
    ten = _queries(client, "/projects/?per_page=250")
    for _ in range(190):
        make_project()
    two_hundred = _queries(client, "/projects/?per_page=250")
    assert two_hundred == ten
    assert Project.objects.count() == 200


def test_list_filters(make_project, cast, client_for, ref):
    steel = make_project(name="精品钢材项目", investor_name="甲钢铁", industry=ref.division("31"))
    software = make_project(
        name="软件园项目",
        investor_name="乙软件",
        industry=ref.division("65"),
        strategic_field=ref.field("1"),
        total_investment=Decimal("80000"),
    )
    client = client_for(cast["bureau_admin"])
    body = client.get("/projects/?sector=2").content.decode()
    assert steel.name in body and software.name not in body
    body = client.get("/projects/?strategic=1").content.decode()
    assert software.name in body and steel.name not in body
    body = client.get("/projects/?is_major=1").content.decode()
    assert software.name in body and steel.name not in body
    body = client.get("/projects/?investment_min=50000").content.decode()
    assert software.name in body and steel.name not in body
    body = client.get(
        "/projects/?region_group=" + str(ref.region("11").groups.first().pk)
    ).content.decode()
    assert steel.name in body


def test_staff_create_through_the_page(client_for, cast, units, ref):
    client = client_for(cast["unit_a_staff"])
    response = client.post(
        "/projects/new/",
        {
            "name": "高端农机装备制造项目",
            "investor_name": "江苏农机集团",
            "unit": units["zone1"].pk,
            "origin_region": ref.region("32").pk,
            "industry": ref.division("35").pk,
            "total_investment": "35000",
            "funds_in_place": "0",
            "foreign_funds_usd": "0",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get(name="高端农机装备制造项目")
    assert project.sector == 2 and not project.is_major


def test_bad_input_gets_chinese_messages_and_saves_nothing(client_for, cast, units, ref):
    client = client_for(cast["unit_a_staff"])
    response = client.post(
        "/projects/new/", {"name": "", "unit": units["zone1"].pk, "total_investment": "-5"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "字段是必填项" in body
    assert not Project.objects.exists()


def test_refused_transition_names_what_is_missing(make_project, cast, client_for):
    project = make_project()
    client = client_for(cast["unit_a_staff"])
    response = client.post(
        f"/projects/{project.code}/transition/", {"to_stage": "signed"}, follow=True
    )
    body = response.content.decode()
    assert "签约" in body and "签约日期" in body
    assert Project.objects.get(pk=project.pk).stage.code == "negotiating"


def test_board_refusal_is_json_and_moves_nothing(make_project, cast, client_for):
    project = make_project()
    client = client_for(cast["unit_a_staff"])
    assert client.get("/projects/board/").status_code == 200
    response = client.post(f"/projects/{project.code}/move/", {"to_stage": "landed"})
    assert response.status_code == 409 and not response.json()["ok"]
    assert "跳过" in response.json()["message"] or "不能" in response.json()["message"]
    assert Project.objects.get(pk=project.pk).stage.code == "negotiating"


def test_export_is_scoped_and_audited(make_project, cast, client_for, units):
    mine = make_project()
    theirs = make_project(actor=cast["unit_b_staff"], unit=units["town1"], name='=HYPERLINK("x")')
    response = client_for(cast["unit_a_staff"]).get("/projects/export/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == [mine.code] and theirs.code not in codes
    assert AuditEvent.objects.filter(action="export", actor=cast["unit_a_staff"]).exists()
    body = (
        client_for(cast["bureau_admin"])
        .get("/projects/export/?format=csv")
        .content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in body


def test_evidence_download_is_an_attachment(make_project, cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhaoshang.projects.evidence import evidence_add

    project = make_project()
    evidence = evidence_add(
        actor=cast["unit_a_staff"],
        project=project,
        kind="contract",
        uploaded=SimpleUploadedFile("合同.pdf", b"%PDF-1.4 x"),
    )
    response = client_for(cast["unit_a_staff"]).get(f"/projects/evidence/{evidence.public_id}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert (
        client_for(cast["unit_b_staff"])
        .get(f"/projects/evidence/{evidence.public_id}/")
        .status_code
        == 404
    )


def test_detail_query_count_is_bounded(make_project, cast, client_for):
    project = make_project()
    client = client_for(cast["unit_a_staff"])
    client.get(f"/projects/{project.code}/")
    assert _queries(client, f"/projects/{project.code}/") < 40


def test_enterprise_page_checks_the_credit_code(client_for, cast):
    from zhaoshang.projects.identity import credit_code_check_char
    from zhaoshang.projects.models import Enterprise

    client = client_for(cast["unit_a_staff"])
    bad = client.post(
        "/projects/enterprises/new/",
        {"name": "沧澜特钢有限公司", "credit_code": "91130100MA07L5XK10"},
    )
    assert bad.status_code == 200 and "校验位不正确" in bad.content.decode()
    assert not Enterprise.objects.exists()
    code = "91130100MA07L5XK1" + credit_code_check_char("91130100MA07L5XK1")
    good = client.post(
        "/projects/enterprises/new/",
        {"name": "沧澜特钢有限公司", "credit_code": code.lower(), "registered_locally": "on"},
    )
    assert good.status_code == 302
    assert Enterprise.objects.get().credit_code == code
    assert client_for(cast["cadre"]).get("/projects/enterprises/new/").status_code == 403


def test_credit_shares_page_splits_a_double_claim(make_project, cast, client_for, units):
    project = make_project()
    client = client_for(cast["unit_a_staff"])
    data = {
        "share-TOTAL_FORMS": "2",
        "share-INITIAL_FORMS": "0",
        "share-MIN_NUM_FORMS": "0",
        "share-MAX_NUM_FORMS": "1000",
        "share-0-unit": units["zone1"].pk,
        "share-0-percent": "70",
        "share-1-unit": units["town1"].pk,
        "share-1-percent": "20",
    }
    response = client.post(f"/projects/{project.code}/credit/", data)
    assert response.status_code == 200 and "100" in response.content.decode()
    assert project.credit_shares.count() == 1
    data["share-1-percent"] = "30"
    assert client.post(f"/projects/{project.code}/credit/", data).status_code == 302
    assert sorted(project.credit_shares.values_list("unit__code", flat=True)) == ["town1", "zone1"]
    assert client_for(cast["leader"]).get(f"/projects/{project.code}/credit/").status_code == 403
