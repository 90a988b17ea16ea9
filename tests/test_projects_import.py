"""Ledger import: tolerant values, header detection, guards against hostile files, preview with
every bad row, all-or-nothing commit, repeats, unit scope and the template."""

import datetime
import hashlib
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from zhaoshang.core.models import AuditEvent
from zhaoshang.projects import importer, ledger
from zhaoshang.projects.identity import credit_code_check_char
from zhaoshang.projects.ledger import Unreadable
from zhaoshang.projects.models import Enterprise, Project, StageRequirement

HEADERS = ["项目名称", "投资方", "来源地", "行业", "总投资（万元）", "申报单位", "当前阶段"]
GOOD = [
    [
        "年产50万吨特种钢材项目",
        "北京首钢特钢有限公司",
        "北京",
        "31",
        "6亿",
        "沧澜经济开发区",
        "洽谈",
    ],
    [
        "高档生活用纸项目",
        "上海晨鸣纸业有限公司",
        "上海市",
        "22 造纸和纸制品业",
        "8000万元",
        "经开区",
        "",
    ],
    ["智能农机装备项目", "江苏苏南农机集团", "江苏省苏州市", "35", "1.2亿元", "zone1", "洽谈"],
]


def _xlsx(rows, headers=HEADERS, title=None):
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _credit_code(body="91130100MA0ABCDE1"):
    return body + credit_code_check_char(body)


def _upload(client, data, name="台账.xlsx"):
    return client.post("/projects/import/", {"file": SimpleUploadedFile(name, data)})


def _preview(client, data):
    response = _upload(client, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/projects/import/preview/"
    return client.get("/projects/import/preview/")


def _commit(client):
    token = client.session["ledger_import"]["sha256"]
    return client.post("/projects/import/commit/", {"sha256": token})


def _state():
    return Project.objects.count(), AuditEvent.objects.count(), Enterprise.objects.count()


# --- values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("6亿", "60000"),
        ("6亿元", "60000"),
        ("8000万元", "8000"),
        ("8000万", "8000"),
        ("1.2亿元", "12000"),
        ("1,200", "1200"),
        ("１２００", "1200"),
        ("１，２００万元", "1200"),
        (" 15 ", "15"),
        ("1234567元", "123.46"),
        (1200, "1200"),
        (1.2, "1.2"),
        (Decimal("3.5"), "3.5"),
        (0, "0"),
    ],
)
def test_amounts_are_read_in_ten_thousand_yuan(value, expected):
    assert ledger.parse_amount(value) == Decimal(expected)


def test_a_bare_number_takes_the_unit_of_its_header_and_a_written_unit_wins():
    assert ledger.parse_amount(6, 10000) == Decimal("60000")
    assert ledger.parse_amount("0.5", 10000) == Decimal("5000")
    assert ledger.parse_amount("8000万", 10000) == Decimal("8000")
    assert ledger.parse_amount(1234567, "yuan") == Decimal("123.46")


@pytest.mark.parametrize("value", ["约六个亿", "六亿", "-5", "5亿美元", "1.2.3", True])
def test_unreadable_amounts_name_the_value(value):
    with pytest.raises(Unreadable) as caught:
        ledger.parse_amount(value)
    assert str(value) in str(caught.value)


def test_negative_and_huge_amounts_are_refused():
    with pytest.raises(Unreadable):
        ledger.parse_amount(-1)
    with pytest.raises(Unreadable):
        ledger.parse_amount("100000000亿")


def test_empty_cells_are_no_value():
    for parse in (ledger.parse_amount, ledger.parse_date, ledger.parse_number):
        assert parse(None) is None
        assert parse("  ") is None
    assert ledger.parse_yes_no("") is None


@pytest.mark.parametrize(
    "value",
    [
        "2021.3.5",
        "2021-03-05",
        "2021/3/5",
        "2021年3月5日",
        "2021 年 3 月 5 日",
        "２０２１．３．５",
        "2021-03-05 00:00:00",
        "20210305",
        20210305,
        44260,
        44260.0,
        "44260",
        datetime.datetime(2021, 3, 5, 0, 0),
        datetime.date(2021, 3, 5),
    ],
)
def test_dates_are_read_in_the_usual_spellings_and_as_excel_serials(value):
    assert ledger.parse_date(value) == datetime.date(2021, 3, 5)


@pytest.mark.parametrize(
    "value", ["2021.2.30", "明年三月", "2021年3月", 5, 44260.5, "1800-01-01", "3/5/2021"]
)
def test_unreadable_dates_give_a_reason(value):
    with pytest.raises(Unreadable) as caught:
        ledger.parse_date(value)
    assert str(caught.value)


@pytest.mark.parametrize(
    "value,expected",
    [("是", True), ("否", False), ("有", True), ("无", False), ("Y", True), (1, True), (0, False)],
)
def test_yes_no(value, expected):
    assert ledger.parse_yes_no(value) is expected


def test_yes_no_refuses_anything_else():
    with pytest.raises(Unreadable):
        ledger.parse_yes_no("差不多")


def test_numbers_take_an_optional_mu():
    assert ledger.parse_number("150亩") == Decimal("150")
    assert ledger.parse_number(12.5) == Decimal("12.5")
    with pytest.raises(Unreadable):
        ledger.parse_number("一百亩")


def test_credit_codes_are_checked_and_cleaned():
    code = _credit_code()
    assert ledger.parse_credit_code(code.lower()) == code
    with pytest.raises(Unreadable):
        ledger.parse_credit_code(code[:-1] + ("0" if code[-1] != "0" else "1"))


@pytest.mark.parametrize(
    "header,key,multiplier",
    [
        ("项目名称", "name", 1),
        ("*项目名称", "name", 1),
        ("投资主体", "investor_name", 1),
        ("客商名称", "investor_name", 1),
        ("总投资（万元）", "total_investment", 1),
        ("总投资\n(亿元)", "total_investment", 10000),
        ("计划总投资（元）", "total_investment", "yuan"),
        ("国民经济行业", "industry", 1),
        ("投资方来源地", "origin_region", 1),
        ("项目地址", "site", 1),
        ("用地（亩）", "land_area_mu", 1),
    ],
)
def test_headers_are_matched_by_synonym_with_their_unit(header, key, multiplier):
    assert ledger.match_header(header) == key
    assert ledger.header_multiplier(header) == multiplier


def test_a_foreign_currency_column_is_not_taken_for_yuan():
    header = importer._map_header(["项目名称", "投资方", "来源地", "总投资（万美元）"], 1)
    assert "total_investment" not in header.sources
    assert header.unknown == ["总投资（万美元）"]


def test_openpyxl_parses_xml_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


# --- reading -------------------------------------------------------------------------------


def test_header_is_found_below_a_merged_title_and_over_two_merged_rows():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["沧澜县2021年招商引资项目台账"])
    sheet.merge_cells("A1:H1")
    sheet.append(["填报单位：经开区", None, None, None, None, None, None, "2021年3月"])
    sheet.append(
        ["序号", "项目名称", "投资主体", "来源地", "国民经济行业", "投资额（亿元）", None, "备注"]
    )
    sheet.append([None, None, None, None, None, "总投资", "到位资金", None])
    for column in "ABCDEH":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("F3:G3")
    sheet.append([1, "特钢项目", "首钢特钢有限公司", "北京", 31, 6, 0.5, "一期"])
    sheet.append(["合计", None, None, None, None, 6, 0.5, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    raw = importer.read_ledger(buffer.getvalue())
    assert raw.header.row == 4
    assert {k: s[0].header for k, s in raw.header.sources.items()} == {
        "name": "项目名称",
        "investor_name": "投资主体",
        "origin_region": "来源地",
        "industry": "国民经济行业",
        "total_investment": "总投资",
        "funds_in_place": "到位资金",
        "description": "备注",
    }
    assert raw.header.sources["total_investment"][0].multiplier == 10000
    assert [number for number, _cells in raw.rows] == [5]  # the totals row is not a project


def test_unit_rows_section_rows_and_blank_rows_are_skipped():
    units_row = [None, None, None, None, "（万元）"]
    data = _xlsx(
        [units_row, ["一、工业项目"], GOOD[0], [], [None, None], ["二、服务业项目"], GOOD[1]]
    )
    assert [n for n, _c in importer.read_ledger(data).rows] == [4, 8]


def test_a_sheet_without_a_header_is_refused():
    with pytest.raises(ValidationError) as caught:
        importer.read_ledger(_xlsx([["a", "b"]], headers=["甲", "乙", "丙"]))
    assert caught.value.code == "no_header"


# --- guards --------------------------------------------------------------------------------


def _bomb(size):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as entry:
            chunk = b"<row/>" * (1024 * 1024 // 6)
            for _ in range(size // len(chunk)):
                entry.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize("megabytes", [20, 120])
def test_zip_bombs_are_refused_before_parsing(megabytes, monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("parsed a zip bomb")

    monkeypatch.setattr(importer, "load_workbook", must_not_parse)
    data = _bomb(megabytes * 1024 * 1024)
    assert len(data) < 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        importer.check_archive(data)
    assert caught.value.code == "zip_bomb"


def test_a_legitimate_ledger_passes_the_guards():
    importer.check_archive(_xlsx(GOOD * 300))


@pytest.mark.parametrize(
    "data,code",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "xls"),
        (b"%PDF-1.4 renamed to xlsx", "not_xlsx"),
        (b"PK\x03\x04 broken", "bad_zip"),
    ],
)
def test_files_that_are_not_xlsx_are_refused(data, code):
    with pytest.raises(ValidationError) as caught:
        importer.check_archive(data)
    assert caught.value.code == code


def test_a_word_document_renamed_to_xlsx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(ValidationError) as caught:
        importer.check_archive(buffer.getvalue())
    assert caught.value.code == "not_xlsx"


@pytest.mark.django_db
def test_the_upload_page_refuses_an_xls_file_and_stores_nothing(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    response = _upload(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "台账.xls")
    assert response.status_code == 400
    assert ".xls" in response.content.decode()
    assert "ledger_import" not in client.session
    assert not default_storage.exists("imports")


@pytest.mark.django_db
def test_the_upload_page_refuses_a_zip_bomb(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    response = _upload(client, _bomb(120 * 1024 * 1024))
    assert response.status_code == 400
    assert "ledger_import" not in client.session


@pytest.mark.django_db
def test_an_oversized_file_is_refused(client_for, cast, settings):
    settings.IMPORT_MAX_MB = 1
    client = client_for(cast["unit_a_staff"])
    response = _upload(client, b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024))
    assert response.status_code == 400
    assert "1 MB" in response.content.decode()
    assert "ledger_import" not in client.session


# --- preview and commit --------------------------------------------------------------------

BAD = [
    GOOD[0],
    ["坏项目一", "某某投资有限公司", "北京", "31", "约六个亿", "沧澜经济开发区", "洽谈"],
    ["坏项目二", "", "火星", "31", "100", "沧澜经济开发区", "洽谈"],
    ["坏项目三", "某某纺织有限公司", "浙江", "99", "100", "不存在的单位", "签约"],
]


@pytest.mark.django_db
def test_a_ledger_with_bad_rows_lists_each_and_commits_nothing(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    response = _preview(client, _xlsx(BAD, title="沧澜县招商引资项目台账"))
    assert response.status_code == 200
    found = {(e.row, e.column) for e in response.context["row_errors"]}
    assert found == {
        (4, "总投资（万元）"),
        (5, "投资方"),
        (5, "来源地"),
        (6, "行业"),
        (6, "申报单位"),
    }
    messages = {(e.row, e.column): e.message for e in response.context["row_errors"]}
    assert "约六个亿" in messages[(4, "总投资（万元）")]
    assert "火星" in messages[(5, "来源地")]
    assert response.context["bad_count"] == 3
    assert not response.context["importable"]
    page = response.content.decode()
    assert "约六个亿" in page and 'id="commit-button"' not in page
    before = _state()
    response = _commit(client)
    assert response.status_code == 400
    assert response.context["commit_failed"]
    assert _state() == before


@pytest.mark.django_db
def test_the_corrected_ledger_imports_whole(client_for, cast, units):
    client = client_for(cast["unit_a_staff"])
    projects, events = Project.objects.count(), AuditEvent.objects.count()
    data = _xlsx(GOOD)
    preview = _preview(client, data)
    assert not preview.context["row_errors"] and preview.context["importable"]
    assert len(preview.context["new_rows"]) == 3
    response = _commit(client)
    assert response.status_code == 302 and response["Location"] == "/projects/"
    assert Project.objects.count() == projects + 3
    steel = Project.objects.get(name="年产50万吨特种钢材项目")
    assert steel.total_investment == Decimal("60000") and steel.is_major
    assert steel.unit == units["zone1"] and steel.stage.code == "negotiating"
    paper = Project.objects.get(name="高档生活用纸项目")
    assert paper.total_investment == Decimal("8000") and paper.industry.code == "22"
    assert paper.origin_region.code == "31"
    assert Project.objects.get(name="智能农机装备项目").origin_region.code == "32"
    summary = AuditEvent.objects.filter(message__contains="台账.xlsx").get()
    assert summary.after["created"] == 3 and summary.after["skipped_existing"] == 0
    assert summary.after["sha256"] == hashlib.sha256(data).hexdigest()
    # One event per project from the service, plus the summary.
    assert AuditEvent.objects.count() == events + 3 + 1
    assert "ledger_import" not in client.session
    assert default_storage.listdir("imports")[1] == []


@pytest.mark.django_db
def test_reimporting_the_same_ledger_creates_no_duplicates(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    data = _xlsx(GOOD)
    _preview(client, data)
    _commit(client)
    before = _state()
    preview = _preview(client, data)
    assert len(preview.context["existing_rows"]) == 3
    assert preview.context["new_rows"] == [] and not preview.context["importable"]
    assert all(row.existing.startswith("P") for row in preview.context["existing_rows"])
    _commit(client)
    assert _state() == before


@pytest.mark.django_db
def test_a_grown_ledger_imports_only_its_new_rows(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    _preview(client, _xlsx(GOOD[:2]))
    _commit(client)
    preview = _preview(client, _xlsx(GOOD))
    assert [r.number for r in preview.context["existing_rows"]] == [2, 3]
    assert [r.number for r in preview.context["new_rows"]] == [4]
    _commit(client)
    assert Project.objects.count() == 3


@pytest.mark.django_db
def test_a_registered_row_is_skipped_whatever_else_it_says(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    _preview(client, _xlsx(GOOD[:1]))
    _commit(client)
    moved_on = [*GOOD[0][:4], "约六个亿", GOOD[0][5], "投产"]
    preview = _preview(client, _xlsx([moved_on, moved_on, GOOD[1]]))
    assert preview.context["row_errors"] == []
    assert [r.number for r in preview.context["existing_rows"]] == [2, 3]
    assert [r.number for r in preview.context["new_rows"]] == [4]


@pytest.mark.django_db
def test_a_row_repeated_inside_the_file_is_a_bad_row(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    twin = ["年产50万吨特种钢材项目", "北京首钢特钢有限公司（集团）", "北京", "31", "6亿", "", ""]
    preview = _preview(client, _xlsx([*GOOD, twin]))
    [error] = preview.context["row_errors"]
    assert error.row == 5 and error.column == "项目名称" and "2" in error.message


@pytest.mark.django_db
def test_a_look_alike_of_another_units_project_is_imported_flagged_and_not_disclosed(
    client_for, cast, units, make_project
):
    other = make_project(
        actor=cast["unit_b_staff"], unit=units["town1"], investor_name="北京首钢特钢有限公司"
    )
    client = client_for(cast["unit_a_staff"])
    preview = _preview(client, _xlsx(GOOD[:1]))
    [row] = preview.context["similar_rows"]
    assert row.similar == [] and row.similar_hidden
    assert other.code not in preview.content.decode()
    _commit(client)
    assert Project.objects.get(name=GOOD[0][0]).suspected_repeat


@pytest.mark.django_db
def test_unit_staff_cannot_import_for_another_unit(client_for, cast):
    client = client_for(cast["unit_b_staff"])
    preview = _preview(client, _xlsx(GOOD[:1]))
    [error] = preview.context["row_errors"]
    assert error.column == "申报单位" and "沧澜经济开发区" in error.message
    before = _state()
    assert _commit(client).status_code == 400
    assert _state() == before


@pytest.mark.django_db
def test_unit_staff_may_leave_the_unit_empty_but_the_bureau_must_name_it(client_for, cast, units):
    rows = [[*GOOD[0][:5], "", ""]]
    client = client_for(cast["unit_a_staff"])
    preview = _preview(client, _xlsx(rows))
    assert preview.context["new_rows"][0].unit == units["zone1"]
    client = client_for(cast["bureau_admin"])
    preview = _preview(client, _xlsx(rows))
    [error] = preview.context["row_errors"]
    assert error.column == "申报单位"
    preview = _preview(client, _xlsx([GOOD[0][:5]], headers=HEADERS[:5]))
    assert "申报单位" in preview.context["file_errors"][0]


@pytest.mark.django_db
def test_who_may_not_import_gets_403(client_for, cast):
    client = client_for(cast["leader"])
    for url in ("/projects/import/", "/projects/import/template/", "/projects/import/preview/"):
        assert client.get(url).status_code == 403
    assert client.post("/projects/import/commit/", {"sha256": "x"}).status_code == 403
    assert _upload(client, _xlsx(GOOD)).status_code == 403


@pytest.mark.django_db
def test_a_row_beyond_negotiation_names_what_the_ledger_cannot_carry(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    row = [*GOOD[0][:6], "签约"]
    preview = _preview(client, _xlsx([row]))
    [error] = preview.context["row_errors"]
    assert error.column == "当前阶段" and "签约" in error.message


@pytest.mark.django_db
def test_when_a_stage_needs_no_files_rows_import_at_that_stage(client_for, cast, ref):
    StageRequirement.objects.filter(
        stage__code="signed", rule__in=["contract_file", "team_complete"]
    ).delete()
    client = client_for(cast["unit_a_staff"])
    headers = [*HEADERS, "签约日期", "签约金额"]
    signed = [*GOOD[0][:6], "已签约", "2021年3月5日", "5.8亿"]
    unsigned = [*GOOD[1][:6], "签约", "", ""]
    preview = _preview(client, _xlsx([signed, unsigned], headers=headers))
    [error] = preview.context["row_errors"]
    assert error.row == 3 and error.column == "当前阶段"
    _preview(client, _xlsx([signed], headers=headers))
    _commit(client)
    project = Project.objects.get(name=GOOD[0][0])
    assert project.stage.code == "signed" and project.signed_amount == Decimal("58000")
    assert [t.to_stage.code for t in project.transitions.order_by("pk")] == [
        "negotiating",
        "signed",
    ]


@pytest.mark.django_db
def test_building_content_and_remarks_both_go_into_the_description(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    headers = [*HEADERS, "建设内容", "备注"]
    _preview(client, _xlsx([[*GOOD[0], "两条生产线", "一期"]], headers=headers))
    _commit(client)
    assert Project.objects.get(name=GOOD[0][0]).description == "两条生产线；一期"


@pytest.mark.django_db
def test_paused_or_dropped_rows_cannot_be_imported(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    preview = _preview(client, _xlsx([[*GOOD[0][:6], "终止"]]))
    assert preview.context["row_errors"][0].column == "当前阶段"


@pytest.mark.django_db
def test_a_credit_code_links_the_enterprise_and_a_wrong_one_is_a_bad_row(client_for, cast):
    code = _credit_code()
    headers = [*HEADERS, "统一社会信用代码"]
    client = client_for(cast["unit_a_staff"])
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    preview = _preview(client, _xlsx([[*GOOD[0], wrong]], headers=headers))
    assert preview.context["row_errors"][0].column == "统一社会信用代码"
    _preview(client, _xlsx([[*GOOD[0], code], [*GOOD[1], code]], headers=headers))
    _commit(client)
    enterprise = Enterprise.objects.get(credit_code=code)
    assert set(enterprise.projects.values_list("name", flat=True)) == {GOOD[0][0], GOOD[1][0]}


@pytest.mark.django_db
def test_a_service_refusal_at_commit_rolls_everything_back(client_for, cast, monkeypatch):
    from zhaoshang.projects import services

    real = services.project_create
    calls = {"n": 0}

    def refuse_the_third(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise ValidationError("拒绝")
        return real(**kwargs)

    monkeypatch.setattr(services, "project_create", refuse_the_third)
    client = client_for(cast["unit_a_staff"])
    _preview(client, _xlsx(GOOD))
    before = _state()
    response = _commit(client)
    assert response.status_code == 400
    assert [(e.row, e.message) for e in response.context["row_errors"]] == [(4, "拒绝")]
    assert _state() == before


@pytest.mark.django_db
def test_a_stale_or_altered_preview_cannot_be_committed(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    before = _state()
    assert client.post("/projects/import/commit/", {"sha256": "x"}).status_code == 302
    _preview(client, _xlsx(GOOD))
    pending = client.session["ledger_import"]
    assert client.post("/projects/import/commit/", {"sha256": "0" * 64}).status_code == 302
    with default_storage.open(pending["path"], "wb") as handle:
        handle.write(_xlsx(BAD))
    assert _commit(client).status_code == 302
    assert _state() == before


# --- the template --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_template_downloads_fills_and_imports_cleanly(client_for, cast, units):
    client = client_for(cast["unit_a_staff"])
    response = client.get("/projects/import/template/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [ledger.DATA_SHEET, ledger.HELP_SHEET, ledger.LISTS_SHEET]
    assert workbook[ledger.LISTS_SHEET].sheet_state == "hidden"
    sheet = workbook[ledger.DATA_SHEET]
    headers = [cell.value for cell in sheet[1]]
    assert headers[0] == "*项目名称" and sheet["A1"].font.b
    assert sheet.max_row == 1  # the example lives on the instructions sheet only
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    position = {c.key: i for i, c in enumerate(ledger.COLUMNS)}
    letter = openpyxl.utils.get_column_letter
    assert f"{letter(position['stage'] + 1)}2" in validated
    assert f"{letter(position['unit'] + 1)}2" in validated
    lists = workbook[ledger.LISTS_SHEET]
    unit_list = [c.value for c in lists["A"] if c.value]
    assert set(unit_list) == {units["zone1"].name, units["zone1-office"].name}

    values = {
        "name": "新型建材产业园项目",
        "investor_name": "唐山冀东建材有限公司",
        "origin_region": "河北省",
        "industry": "30 非金属矿物制品业",
        "strategic_field": "3 新材料产业",
        "total_investment": 35000,
        "funds_in_place": "1500万",
        "signing_date": datetime.date(2021, 3, 5),
        "site": "经开区纬三路北侧",
        "land_area_mu": 120,
        "land_secured": "否",
        "unit": units["zone1"].name,
        "stage": "洽谈",
        "next_action": "赴唐山商谈合同条款",
        "next_action_date": "2021年3月31日",
        "credit_code": _credit_code(),
        "description": "一期建设两条生产线",
    }
    sheet.append([values.get(c.key) for c in ledger.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = _preview(client, buffer.getvalue())
    assert preview.context["row_errors"] == [] and preview.context["file_errors"] == []
    assert preview.context["ledger"].header.unknown == []
    _commit(client)
    project = Project.objects.get(name="新型建材产业园项目")
    assert project.funds_in_place == Decimal("1500") and project.land_area_mu == Decimal("120")
    assert project.strategic_field.code == "3" and project.next_action_date.day == 31
    assert project.enterprise.credit_code == values["credit_code"]


@pytest.mark.django_db
def test_the_upload_and_preview_pages_render(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    page = client.get("/projects/import/")
    assert page.status_code == 200 and "/projects/import/template/" in page.content.decode()
    assert "/projects/import/" in client.get("/projects/").content.decode()
    assert client.get("/projects/import/preview/").status_code == 302  # nothing uploaded yet


# --- performance ---------------------------------------------------------------------------


def _generated(n):
    return [
        [
            f"第{i}号产业项目",
            f"投资方{i}号有限公司",
            "北京",
            "31",
            20000 + i,
            "沧澜经济开发区",
            "洽谈",
        ]
        for i in range(n)
    ]


@pytest.mark.django_db
def test_validation_queries_do_not_grow_with_rows(cast):
    def queries(n):
        raw = importer.read_ledger(_xlsx(_generated(n)))
        user = type(cast["unit_a_staff"]).objects.get(pk=cast["unit_a_staff"].pk)
        with CaptureQueriesContext(connection) as ctx:
            ledger_ = importer.validate(raw, importer.Lookups(user))
        assert len(ledger_.new_rows) == n
        return len(ctx.captured_queries)

    assert queries(2000) == queries(20)
