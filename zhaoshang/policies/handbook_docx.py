"""The handbook as a Word document in the official layout (GB/T 9704-2012).

It starts from the bulletin's template (``zhaoshang.reports.bulletin_docx.TEMPLATE``), whose
page setup, fonts, styles and outside-edge page numbers the bureau maintains in one place, and
writes its own body: a cover, a contents page, then one section per category. The contents page
is a real TOC field that Word and WPS refresh with page numbers on opening; it is written out
already filled with the headings, so a reader that does not refresh fields still shows them
(decision 0033).
"""

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from zhaoshang.policies.handbook import key_articles, lead, source_line
from zhaoshang.reports.bulletin_docx import DOCX_TYPE, TEMPLATE

__all__ = ["DOCX_TYPE", "render", "numeral"]

_DIGITS = "零一二三四五六七八九"


def numeral(n):
    """1 → 一, 12 → 十二, 25 → 二十五 (section numbers run far below a hundred)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def _empty_body(document):
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _page_break(document):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field_run(paragraph, kind):
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")
    run._r.append(char)


def _contents(document, entries):
    heading = document.add_paragraph(_("Contents"), style="Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    start = document.add_paragraph(style="Bulletin Body")
    _field_run(start, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-2" \\h \\z \\u '
    start.add_run()._r.append(instruction)
    _field_run(start, "separate")
    for level, text in entries:
        line = document.add_paragraph(text, style="Bulletin Issuer")
        line.alignment = WD_ALIGN_PARAGRAPH.LEFT
        line.paragraph_format.first_line_indent = None
        line.paragraph_format.left_indent = document.styles["Normal"].font.size * (
            0 if level == 1 else 2
        )
    end = document.add_paragraph(style="Bulletin Body")
    _field_run(end, "end")
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def render(*, title, compiler, compiled_on, sections):
    document = Document(str(TEMPLATE))
    _empty_body(document)
    for _blank in range(4):
        document.add_paragraph(style="Bulletin Body")
    document.add_paragraph(title, style="Title")
    document.add_paragraph(compiler, style="Bulletin Issuer")
    dated = f"{compiled_on.year}年{compiled_on.month}月"
    document.add_paragraph(dated, style="Bulletin Issuer")
    _page_break(document)

    entries = []
    for number, section in enumerate(sections, start=1):
        entries.append((1, f"{numeral(number)}、{section.category.name}"))
        for inner, policy in enumerate(section.policies, start=1):
            entries.append((2, f"（{numeral(inner)}）{policy.title}"))
    _contents(document, entries)
    _page_break(document)

    entry = iter(entries)
    for section in sections:
        document.add_paragraph(next(entry)[1], style="Heading 1")
        for policy in section.policies:
            document.add_paragraph(next(entry)[1], style="Heading 2")
            document.add_paragraph(
                _("Source: %(source)s") % {"source": source_line(policy)}, style="Bulletin Body"
            )
            for article in key_articles(policy):
                lines = article.text.split("\n")
                first = f"{lead(article.heading)}{lines[0]}"
                document.add_paragraph(first, style="Bulletin Body")
                for line in lines[1:]:
                    document.add_paragraph(line, style="Bulletin Body")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
