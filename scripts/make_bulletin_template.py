"""Generate zhaoshang/reports/data/bulletin-template.docx, the bulletin's docxtpl template.

Run once (the .docx is committed; clerks then edit it in Word or WPS):

    .venv/bin/python scripts/make_bulletin_template.py

The layout follows GB/T 9704-2012: A4, margins 37/35/28/26 mm, body 3号 仿宋 on a grid of
22 lines of 28 characters, title 2号 小标宋, headings 一、 in 黑体 and （一） in 楷体, page
numbers 4号 "— 1 —" at the outside edges. The placeholders ({{ … }}, {%p … %}, {%tr … %}) are
Jinja tags docxtpl fills in; everything else is ordinary Word formatting.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "zhaoshang" / "reports" / "data" / "bulletin-template.docx"

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"
# Fonts that may be missing on a clerk's PC and what Word or WPS should use instead.
FALLBACKS = {FANGSONG: "仿宋", XIAOBIAOSONG: SONGTI, KAITI: "楷体"}

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(9)  # 小五: eleven columns must fit in 156 mm
LINE_PITCH = Twips(579)  # 28.95 pt: 22 lines in the 225 mm text block
LINES, CHARS = 22, 28
# Characters condensed by a quarter point so that 28 of them fit in the 156 mm line. A character
# grid (docGrid linesAndChars) would do the same in Word, but LibreOffice then gives each 16 pt
# character two grid cells of 15.8 pt and the line holds only 14.
CONDENSE = -5  # twentieths of a point


def set_fonts(element, east_asia, latin=LATIN):
    """Name the fonts outright; theme fonts in the default styles would otherwise win."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def style_paragraphs(style, *, east_asia, size, bold=False, align=None, exact=LINE_PITCH):
    font = style.font
    font.size = size
    font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element, east_asia)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = exact
    fmt.keep_with_next = None
    if align is not None:
        fmt.alignment = align


def off_grid(style):
    """Tables, the title and page numbers keep their own spacing instead of the body's grid."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().append(snap)


def condense(rpr, value=CONDENSE):
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(value))


def doc_defaults(document):
    """The grid's character pitch is reckoned from the default font size: make it 3号 仿宋."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        size = rpr.find(qn(tag))
        if size is None:
            size = OxmlElement(tag)
            rpr.append(size)
        size.set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    condense(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:cs"), LATIN)
    fonts.set(qn("w:eastAsia"), FANGSONG)


def first_line_indent(style, chars=2):
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(BODY_SIZE.pt * 20 * chars)))


def page_setup(document):
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The page number's line sits 7 mm below the text block.
    section.footer_distance = Mm(23)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles["Page Number Line"]
        paragraph.alignment = align
        # One character in from the outside edge, as GB/T 9704 places it.
        setattr(paragraph.paragraph_format, f"{side}_indent", Pt(PAGE_NUMBER_SIZE.pt))
        paragraph.add_run("— ")
        page_field(paragraph)
        paragraph.add_run(" —")


def page_field(paragraph):
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        if kind == "separate":
            shown = OxmlElement("w:t")
            shown.text = "1"
            run._r.append(shown)


def font_table_fallbacks(document):
    """Declare the official fonts with a fallback name in the font table: Word and WPS use the
    alternative when the font itself is not installed."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = document.part.part_related_by(RT.FONT_TABLE)
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, alternative in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), alternative)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "modern" if name == FANGSONG else "roman")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def styles(document):
    doc_defaults(document)
    all_styles = document.styles
    style_paragraphs(all_styles["Normal"], east_asia=FANGSONG, size=BODY_SIZE)
    condense(all_styles["Normal"].element.get_or_add_rPr())
    all_styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    style_paragraphs(
        all_styles["Title"],
        east_asia=XIAOBIAOSONG,
        size=TITLE_SIZE,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        exact=Pt(35),
    )
    off_grid(all_styles["Title"])
    title_ppr = all_styles["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    style_paragraphs(all_styles["Heading 1"], east_asia=HEITI, size=BODY_SIZE)
    style_paragraphs(all_styles["Heading 2"], east_asia=KAITI, size=BODY_SIZE)
    for name in ("Heading 1", "Heading 2"):
        first_line_indent(all_styles[name])
    body = all_styles.add_style("Bulletin Body", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = all_styles["Normal"]
    first_line_indent(body)
    dated = all_styles.add_style("Bulletin Issuer", WD_STYLE_TYPE.PARAGRAPH)
    dated.base_style = all_styles["Normal"]
    dated.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell = all_styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = all_styles["Normal"]
    style_paragraphs(
        cell,
        east_asia=FANGSONG,
        size=TABLE_SIZE,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        exact=Pt(15),
    )
    off_grid(cell)
    condense(cell.element.get_or_add_rPr(), 0)
    margins(document)
    number = all_styles.add_style("Page Number Line", WD_STYLE_TYPE.PARAGRAPH)
    style_paragraphs(number, east_asia=SONGTI, size=PAGE_NUMBER_SIZE, exact=Pt(18))
    set_fonts(number.element, SONGTI, latin=SONGTI)
    off_grid(number)


def body(document, text, style="Bulletin Body"):
    return document.add_paragraph(text, style=style)


TABLES = [
    # (context key, header cells, row cells): each row cell is an expression on ``r``.
    (
        "progress",
        [
            "单位",
            "签约\n（个）",
            "签约投资\n（万元）",
            "落地\n（个）",
            "落地投资\n（万元）",
            "到位资金\n（万元）",
            "开工\n（个）",
            "投产\n（个）",
        ],
    ),
    (
        "targets",
        [
            "单位",
            "组别",
            "落地累计\n（个）",
            "时序目标\n（个）",
            "完成率",
            "落地投资\n累计\n（万元）",
            "时序目标\n（万元）",
            "完成率",
            "开工率",
            "组内\n排名",
            "等次",
        ],
    ),
    ("discipline", ["单位", "迟报月份", "未报月份", "停滞项目\n（个）", "疑似重复\n（个）"]),
]


def margins(document):
    """Narrow cell margins (0.5 mm) in the grid style the tables use, for the figures' room."""
    style = document.styles["Table Grid"].element
    tbl_pr = style.find(qn("w:tblPr"))
    cell_margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(Mm(0.5).twips))
        margin.set(qn("w:type"), "dxa")
        cell_margins.append(margin)
    tbl_pr.append(cell_margins)


def column_widths(count):
    """The unit's name gets the room it needs; the figures share the rest of the 156 mm."""
    first = Mm(24)
    rest = int((Mm(156) - first) / (count - 1))
    return [first] + [rest] * (count - 1)


def table(document, key, headers):
    grid = document.add_table(rows=3, cols=len(headers))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, header in enumerate(headers):
        cell = grid.rows[0].cells[index]
        cell.paragraphs[0].style = document.styles["Table Text"]
        for line_number, line in enumerate(header.split("\n")):
            if line_number:
                cell.paragraphs[0].add_run().add_break()
            run = cell.paragraphs[0].add_run(line)
            run.bold = True
    widths = column_widths(len(headers))
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    repeat = OxmlElement("w:tblHeader")
    grid.rows[0]._tr.get_or_add_trPr().append(repeat)
    # docxtpl repeats the middle row once per line of the table; the last line is the total.
    grid.rows[1].cells[0].paragraphs[0].text = f"{{%tr for r in {key} %}}"
    data = grid.add_row()
    for cell, width in zip(data.cells, widths, strict=True):
        cell.width = width
    for index in range(len(headers)):
        paragraph = data.cells[index].paragraphs[0]
        paragraph.style = document.styles["Table Text"]
        paragraph.text = f"{{{{ r[{index}] }}}}"
    grid.rows[2].cells[0].paragraphs[0].text = "{%tr endfor %}"
    # Move the data row between the two loop rows.
    grid.rows[2]._tr.addprevious(data._tr)
    for row in (grid.rows[1], grid.rows[3]):
        row.cells[0].paragraphs[0].style = document.styles["Table Text"]
    return grid


def build():
    document = Document()
    document.core_properties.author = "招商引资工作领导小组办公室"
    document.core_properties.title = "招商引资工作情况通报"
    document.core_properties.comments = ""
    styles(document)
    page_setup(document)
    font_table_fallbacks(document)
    document.add_paragraph("{{ title }}", style="Title")
    body(document, "（{{ issuer }}　{{ issued_on }}）", style="Bulletin Issuer")
    body(document, "{%p if provisional %}")
    body(document, "注：{{ provisional_note }}")
    body(document, "{%p endif %}")
    document.add_paragraph("一、总体情况", style="Heading 1")
    body(document, "{%p for line in narrative %}")
    body(document, "{{ line }}")
    body(document, "{%p endfor %}")
    document.add_paragraph("二、各单位项目进展", style="Heading 1")
    body(document, "{{ progress_note }}")
    table(document, "progress", TABLES[0][1])
    document.add_paragraph("三、目标完成与排名", style="Heading 1")
    document.add_paragraph("（一）目标完成情况", style="Heading 2")
    body(document, "{{ targets_note }}")
    table(document, "targets", TABLES[1][1])
    document.add_paragraph("（二）先进与后进", style="Heading 2")
    body(document, "{{ red_line }}")
    body(document, "{%p if black_line %}")
    body(document, "{{ black_line }}")
    body(document, "{%p endif %}")
    document.add_paragraph("四、月报报送与问题项目", style="Heading 1")
    table(document, "discipline", TABLES[2][1])
    body(document, "{{ discipline_line }}")
    document.add_paragraph("五、下步要求", style="Heading 1")
    body(
        document,
        "各单位要对照年度目标和时序进度，聚焦签约项目开工率和落地项目投资到位，"
        "对停滞项目逐一分析原因、明确责任人和时限，按时报送月度工作报告。",
    )
    return document


def main():
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    build().save(TARGET)
    sys.stdout.write(f"wrote {TARGET.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
