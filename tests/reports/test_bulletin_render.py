"""The bulletin's DOCX in the official layout (GB/T 9704-2012): checked on the document's
properties with python-docx and rendered by LibreOffice to PDF and PNG."""

import datetime as dt
import re
import shutil
import subprocess
from io import BytesIO

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from tests.assessment import conftest as assessment_fixtures
from zhaoshang.reports import bulletin_docx
from zhaoshang.reports.figures import period_figures

year2025 = assessment_fixtures.year2025
county = assessment_fixtures.county
TWIP = 635  # EMU


def east_asia(style):
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


@pytest.fixture
def docx_bytes(cast, year2025, county):
    figures = period_figures(
        user=cast["bureau_admin"],
        year=year2025,
        first_month=1,
        last_month=6,
        today=dt.date(2026, 1, 20),
    )
    return bulletin_docx.render(figures, issuer="沧澜县招商引资工作领导小组办公室", title="通报")


def close(a, b):
    return abs(int(a) - int(b)) <= TWIP


def test_page_setup_follows_gb_t_9704(docx_bytes):
    document = Document(BytesIO(docx_bytes))
    section = document.sections[0]
    assert close(section.page_width, Mm(210)) and close(section.page_height, Mm(297))
    assert close(section.top_margin, Mm(37)) and close(section.bottom_margin, Mm(35))
    assert close(section.left_margin, Mm(28)) and close(section.right_margin, Mm(26))
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    pitch = int(grid.get(qn("w:linePitch")))
    height = (section.page_height - section.top_margin - section.bottom_margin) / TWIP
    assert int(height // pitch) == 22
    width_pt = (section.page_width - section.left_margin - section.right_margin) / 12700
    normal = document.styles["Normal"].element.rPr
    char_pitch = 16 + int(normal.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert int(width_pt / char_pitch) == 28


def test_styles_use_the_official_fonts_and_sizes(docx_bytes):
    styles = Document(BytesIO(docx_bytes)).styles
    normal = styles["Normal"]
    assert east_asia(normal) == "仿宋_GB2312" and normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert east_asia(styles["Title"]) == "方正小标宋简体" and styles["Title"].font.size == Pt(22)
    assert east_asia(styles["Heading 1"]) == "黑体" and styles["Heading 1"].font.size == Pt(16)
    assert east_asia(styles["Heading 2"]) == "楷体_GB2312"
    assert east_asia(styles["Table Text"]) == "仿宋_GB2312"
    assert styles["Page Number Line"].font.size == Pt(14)


def test_fallback_fonts_are_declared(docx_bytes):
    document = Document(BytesIO(docx_bytes))
    fonts = document.part.part_related_by(RT.FONT_TABLE).blob.decode("utf-8")
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:val="仿宋"' in fonts
    assert 'w:name="方正小标宋简体"' in fonts and 'w:val="宋体"' in fonts


def test_page_numbers_sit_at_the_outside_edges(docx_bytes):
    document = Document(BytesIO(docx_bytes))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for paragraph in (odd, even):
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert "PAGE" in paragraph._p.xml


def test_tables_and_body_are_filled_in(docx_bytes):
    document = Document(BytesIO(docx_bytes))
    assert len(document.tables) == 3
    for table in document.tables:
        for row in table.rows[1:]:
            assert row.cells[0].paragraphs[0].style.name == "Table Text"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "{" not in text


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm")),
    reason="LibreOffice and poppler-utils are needed to render the bulletin",
)
def test_libreoffice_renders_a4_pages(docx_bytes, tmp_path):
    source = tmp_path / "bulletin.docx"
    source.write_bytes(docx_bytes)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bulletin.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert "(A4)" in info.stdout
    pages = int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )
    assert pages >= 2
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(r"—\s*1\s*—", text) and re.search(r"—\s*2\s*—", text)
    assert "沧澜经济开发区" in text
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == pages


def test_each_document_table_has_the_columns_of_the_page(docx_bytes):
    from zhaoshang.reports.bulletin_tables import TABLES

    document = Document(BytesIO(docx_bytes))
    for grid, (_key, _title, columns) in zip(document.tables, TABLES, strict=True):
        assert all(len(row.cells) == len(columns) for row in grid.rows)
