"""Targets from xlsx: the guards, every bad row with its reason, nothing saved when one is bad,
preview then apply, the template and the export reading back in."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from zhaoshang.assessment import services_years, targets_import
from zhaoshang.assessment.models import Target
from zhaoshang.core.models import AuditEvent

pytestmark = pytest.mark.django_db

D = Decimal
HEADERS = ["单位编码", "单位名称", "指标", "月份", "目标值"]
GOOD = [
    ["zone1", "沧澜经济开发区", "落地项目数", 12, 8],
    ["zone1", "", "落地项目", "3月", 2],
    ["zone1", "", "landed", "上半年", "4"],
    ["", "城关镇", "落地项目总投资（万元）", "全年", "1.2亿"],
    ["town1", "城关镇", "到位资金", 12, "8000万元"],
    ["town2", "", "签约项目数", 12, None],  # no value: skipped
]


def _xlsx(rows, headers=HEADERS, title=None):
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plan(year, code, units):
    plan = {}
    for metric, month, value in Target.objects.filter(year=year, unit=units[code]).values_list(
        "metric", "month", "value"
    ):
        plan.setdefault(metric, {})[month] = value
    return plan


def test_good_rows_are_read_with_tolerant_values(cast, units, year2025):
    result = targets_import.check(actor=cast["bureau_admin"], year=year2025, data=_xlsx(GOOD))
    assert result.errors == []
    assert (result.rows, result.skipped) == (6, 1)
    plans = {unit.code: plan for unit, plan in result.plans.items()}
    assert plans["zone1"] == {"landed": {12: D("8"), 3: D("2"), 6: D("4")}}
    assert plans["town1"] == {
        "total_investment": {12: D("12000.00")},
        "funds_in_place": {12: D("8000.00")},
    }
    assert len(result.changes) == 3 and result.importable


def test_apply_saves_everything_and_audits_the_file(cast, units, year2025):
    result = targets_import.apply(
        actor=cast["bureau_admin"], year=year2025, data=_xlsx(GOOD), file_name="目标.xlsx"
    )
    assert result.errors == []
    assert _plan(year2025, "zone1", units) == {"landed": {12: D("8"), 3: D("2"), 6: D("4")}}
    assert Target.objects.count() == 5
    assert AuditEvent.objects.filter(object_type="assessment.target").count() == 3
    assert AuditEvent.objects.filter(message="targets imported: 目标.xlsx").exists()


def test_the_file_replaces_only_the_indicators_it_names(cast, units, year2025):
    bureau = cast["bureau_admin"]
    services_years.targets_save(
        actor=bureau,
        year=year2025,
        unit=units["zone1"],
        plan={"landed": {12: D("5"), 9: D("4")}, "signed": {12: D("10")}},
    )
    targets_import.apply(actor=bureau, year=year2025, data=_xlsx(GOOD[:3]))
    assert _plan(year2025, "zone1", units) == {
        "landed": {12: D("8"), 3: D("2"), 6: D("4")},
        "signed": {12: D("10")},
    }


BAD = [  # the header is row 1
    ["zone1", "", "落地项目数", 12, 8],
    ["nowhere", "", "落地项目数", 12, 3],  # row 3: unknown code
    ["town9", "", "落地项目数", 12, 3],  # row 4: in no group
    ["zone1", "城关镇", "签约项目数", 12, 3],  # row 5: code and name disagree
    ["zone2", "", "招商引资", 12, 3],  # row 6: unknown metric
    ["zone2", "", "签约项目数", 13, 3],  # row 7: bad month
    ["zone2", "", "签约项目数", 12, "很多"],  # row 8: bad value
    ["zone1", "", "落地项目数", 12, 9],  # row 9: duplicate of row 2
    ["town1", "", "落地项目数", 12, 2.5],  # row 10: counts are whole
    ["town2", "", "落地项目数", 12, 4],  # row 11
    ["town2", "", "落地项目数", 6, 5],  # row 12: above the year target
    ["town3", "", "签约项目数", 6, 2],  # row 13: milestone without a year target
    ["", "", "签约项目数", 12, 2],  # row 14: no unit
]


def test_every_bad_row_is_reported_and_nothing_is_saved(cast, units, year2025, audit_count):
    before = audit_count()
    result = targets_import.apply(actor=cast["bureau_admin"], year=year2025, data=_xlsx(BAD))
    rows = sorted({error.row for error in result.errors})
    assert rows == [3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14]
    columns = {error.row: error.column for error in result.errors}
    assert columns[3] == "单位编码" and columns[6] == "指标" and columns[7] == "月份"
    assert columns[8] == "目标值" and columns[9] == "月份"
    assert not Target.objects.exists()
    assert audit_count() == before


def test_a_milestone_error_names_the_unit(cast, units, year2025):
    result = targets_import.check(actor=cast["bureau_admin"], year=year2025, data=_xlsx(BAD))
    messages = [e.message for e in result.errors if e.row == 12]
    assert messages and messages[0].startswith("东港镇")


def test_a_header_below_a_title_row_is_found(cast, year2025):
    data = _xlsx(GOOD[:1], title="2025年度招商引资目标任务分解表")
    result = targets_import.check(actor=cast["bureau_admin"], year=year2025, data=data)
    assert result.errors == [] and len(result.changes) == 1


def test_a_file_without_the_header_is_refused(cast, year2025):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        targets_import.check(
            actor=cast["bureau_admin"], year=year2025, data=_xlsx([[1, 2]], headers=["a", "b"])
        )
    assert refused.value.code == "no_header"


def test_unit_staff_may_not_import(client_for, cast, year2025):
    client = client_for(cast["unit_a_staff"])
    assert client.get("/assessment/years/2025/targets/import/").status_code == 403
    response = client.post(
        "/assessment/years/2025/targets/import/",
        {"file": SimpleUploadedFile("t.xlsx", _xlsx(GOOD))},
    )
    assert response.status_code == 403
    assert not Target.objects.exists()


# --- pages ---------------------------------------------------------------------------------


def _upload(client, data, name="目标.xlsx"):
    return client.post(
        "/assessment/years/2025/targets/import/", {"file": SimpleUploadedFile(name, data)}
    )


def test_upload_preview_then_commit(client_for, cast, units, year2025):
    client = client_for(cast["bureau_admin"])
    response = _upload(client, _xlsx(GOOD))
    assert response.status_code == 302
    assert response["Location"] == "/assessment/years/2025/targets/import/preview/"
    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert preview.status_code == 200 and 'id="commit-button"' in page and "沧澜经济开发区" in page
    assert not Target.objects.exists()
    sha = client.session["targets_import_2025"]["sha256"]
    done = client.post("/assessment/years/2025/targets/import/commit/", {"sha256": sha})
    assert done.status_code == 302 and done["Location"] == "/assessment/years/2025/targets/"
    assert Target.objects.count() == 5
    assert "targets_import_2025" not in client.session


def test_a_bad_file_previews_its_errors_and_cannot_be_committed(client_for, cast, year2025):
    client = client_for(cast["bureau_admin"])
    _upload(client, _xlsx(BAD))
    page = client.get("/assessment/years/2025/targets/import/preview/").content.decode()
    assert 'id="row-errors"' in page and 'id="commit-button"' not in page
    sha = client.session["targets_import_2025"]["sha256"]
    response = client.post("/assessment/years/2025/targets/import/commit/", {"sha256": sha})
    assert response.status_code == 400
    assert not Target.objects.exists()


def test_a_stale_preview_is_not_committed(client_for, cast, year2025):
    client = client_for(cast["bureau_admin"])
    _upload(client, _xlsx(GOOD))
    response = client.post("/assessment/years/2025/targets/import/commit/", {"sha256": "x" * 64})
    assert response.status_code == 302
    assert not Target.objects.exists()


def test_not_an_xlsx_is_refused_before_parsing(client_for, cast, year2025):
    response = _upload(client_for(cast["bureau_admin"]), b"just text", name="t.xlsx")
    assert response.status_code == 400
    assert "targets_import_2025" not in client_for(cast["bureau_admin"]).session


def test_a_zip_bomb_is_refused(client_for, cast, year2025):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    response = _upload(client_for(cast["bureau_admin"]), buffer.getvalue())
    assert response.status_code == 400
    assert not Target.objects.exists()


def test_too_large_a_file_is_refused(client_for, cast, year2025, settings):
    settings.IMPORT_MAX_MB = 1
    response = _upload(client_for(cast["bureau_admin"]), b"PK\x03\x04" + b"0" * (1024 * 1024 + 1))
    assert response.status_code == 400


def test_template_lists_member_units_with_chinese_headers(client_for, cast, year2025):
    response = client_for(cast["bureau_admin"]).get("/assessment/years/2025/targets/template/")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook[targets_import.SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 1 + 10 * 10  # ten member units, ten indicators
    assert {r[0] for r in rows[1:]} >= {"zone1", "town4", "swj"}
    assert targets_import.HELP_SHEET in workbook.sheetnames


def test_export_reads_back_in_as_no_change(client_for, cast, units, year2025):
    bureau = cast["bureau_admin"]
    services_years.targets_save(
        actor=bureau,
        year=year2025,
        unit=units["zone1"],
        plan={"landed": {12: D("8"), 3: D("2")}, "funds_in_place": {12: D("5000.5")}},
    )
    response = client_for(bureau).get("/assessment/years/2025/targets/export/")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("zone1", "沧澜经济开发区", "落地项目数", 12)
    result = targets_import.check(actor=bureau, year=year2025, data=response.content)
    assert result.errors == [] and result.changes == [] and result.unchanged == 2
    assert AuditEvent.objects.filter(action="export").exists()


def test_unit_staff_export_only_their_own_targets(client_for, cast, units, year2025):
    for code in ("zone1", "town1"):
        services_years.targets_save(
            actor=cast["bureau_admin"],
            year=year2025,
            unit=units[code],
            plan={"landed": {12: D("3")}},
        )
    response = client_for(cast["unit_a_staff"]).get("/assessment/years/2025/targets/export/")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["zone1"]
