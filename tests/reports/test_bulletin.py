"""The bulletin page and its DOCX and XLSX downloads."""

import datetime as dt
from io import BytesIO

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.assessment import conftest as assessment_fixtures
from tests.assessment.conftest import aware, move
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.models import AuditEvent
from zhaoshang.reports import bulletin_xlsx
from zhaoshang.reports.figures import period_figures

year2025 = assessment_fixtures.year2025
county = assessment_fixtures.county
URL = reverse("reports:bulletin")


def query(year, **extra):
    return {"year": year.pk, "period": "ytd", "month": 6, "group": "", **extra}


def test_the_page_shows_the_bulletin_for_the_chosen_period(client_for, cast, year2025, county):
    page = client_for(cast["bureau_admin"]).get(URL, query(year2025))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="table-progress"' in text and 'id="download-docx"' in text
    assert "沧澜经济开发区" in text
    assert "105,000.00" in text  # zone1's landed investment, January to June


def test_the_page_defaults_to_the_newest_year(client_for, cast, year2025):
    page = client_for(cast["bureau_admin"]).get(URL)
    assert page.status_code == 200
    assert page.context["figures"].year == year2025


def test_a_unit_sees_its_own_row_only(client_for, cast, year2025, county):
    page = client_for(cast["unit_a_staff"]).get(URL, query(year2025))
    assert [row.unit.code for row in page.context["figures"].units] == ["zone1"]
    assert "城关镇" not in page.content.decode()


def test_someone_without_assessment_view_is_refused(client_for, cast, year2025):
    assert client_for(cast["cadre"]).get(URL, query(year2025)).status_code == 403


def test_a_group_of_another_year_is_an_error(client_for, cast, year2025, units):
    from zhaoshang.assessment.models import AssessmentYear, UnitGroup

    other = AssessmentYear.objects.create(year=2024, name="2024")
    group = UnitGroup.objects.create(year=other, code="zones", name="开发区组")
    page = client_for(cast["bureau_admin"]).get(URL, query(year2025, group=group.pk))
    assert page.context["figures"] is None
    assert page.context["form"].errors["group"]


def test_docx_download_is_audited_and_carries_the_figures(client_for, cast, year2025, county):
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    response = client_for(cast["bureau_admin"]).get(
        reverse("reports:bulletin_docx"), query(year2025)
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before + 1
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "招商" in document.paragraphs[0].text or "bulletin" in document.paragraphs[0].text
    assert "{{" not in text and "{%" not in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "105,000" in cells


def test_xlsx_has_one_sheet_per_table_with_formats(client_for, cast, year2025, county):
    response = client_for(cast["bureau_admin"]).get(
        reverse("reports:bulletin_xlsx"), query(year2025)
    )
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert len(book.sheetnames) == 4
    progress = book.worksheets[1]
    assert progress.freeze_panes == "B2"
    zone1 = next(row for row in progress.iter_rows(min_row=2) if row[0].value == "沧澜经济开发区")
    assert zone1[4].value == 105000 and zone1[4].number_format == "#,##0.00"
    targets = book.worksheets[2]
    zone1 = next(row for row in targets.iter_rows(min_row=2) if row[0].value == "沧澜经济开发区")
    # Landed completion 4 of 2 (200 %), stored as a fraction under a percent format.
    assert zone1[4].value == 2 and zone1[4].number_format == "0.0%"


def test_xlsx_never_writes_a_formula_from_user_text(cast, year2025, county, units):
    unit = units["zone1"]
    unit.name = '=HYPERLINK("http://x")'
    unit.save(update_fields=["name"])
    figures = period_figures(
        user=cast["bureau_admin"],
        year=year2025,
        first_month=1,
        last_month=6,
        today=dt.date(2026, 1, 20),
    )
    book = load_workbook(BytesIO(bulletin_xlsx.render(figures, title="=1+1")))
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_downloads_need_a_valid_choice(client_for, cast, year2025):
    response = client_for(cast["bureau_admin"]).get(
        reverse("reports:bulletin_docx"), {"year": year2025.pk, "period": "x", "month": 6}
    )
    assert response.status_code == 404


def test_page_queries_do_not_grow_with_projects(
    client_for, cast, year2025, county, make_project, units, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast["bureau_admin"])
    with CaptureQueriesContext(connection) as first:
        client.get(URL, query(year2025))
    for _n in range(4):
        move(
            make_project(
                actor=cast["bureau_admin"], unit=units["zone2"], at=aware(dt.date(2025, 1, 6))
            ),
            dt.date(2025, 4, 4),
        )
    with django_assert_max_num_queries(len(first)):
        client.get(URL, query(year2025))


def test_months_are_shown_as_ranges():
    from zhaoshang.reports.bulletin_tables import _months

    assert _months([1, 2, 3, 5]) == "1-3、5月"
    assert _months([4]) == "4月"
    assert _months([]) == ""
