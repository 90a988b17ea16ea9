"""The promotion catalogue (招商项目册) as a Word document in the bulletin's official layout.

It opens the bulletin's template (GB/T 9704 page, fonts, headings, page numbers, table style —
see ``scripts/make_bulletin_template.py``), empties its body and writes the catalogue with the
same styles, so the two documents always look alike and a clerk's edits to the template's
styles carry over.
"""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn

from zhaoshang.reports.bulletin_docx import DOCX_TYPE, TEMPLATE

__all__ = ["DOCX_TYPE", "render"]

_DIGITS = "零一二三四五六七八九"


def chinese_number(n):
    """1 → 一, 10 → 十, 21 → 二十一 (headings 一、二、… and （一）（二）…)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def _empty(document):
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _overview(document, items):
    headers = [_("No."), _("Project name"), _("Chain link"), _("Carrier platform")]
    headers.append(_("Investment (10k yuan)"))
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].style = document.styles["Table Text"]
        cell.paragraphs[0].add_run(str(text)).bold = True
    for number, item in enumerate(items, 1):
        values = [number, item.name, str(item.link), item.platform.name, f"{item.investment:,.0f}"]
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.paragraphs[0].style = document.styles["Table Text"]
            cell.paragraphs[0].add_run(str(value))


def render(items, *, title=None, issued_on=None):
    """The catalogue of ``items`` (published catalogue projects) as DOCX bytes."""
    issued_on = issued_on or timezone.localdate()
    document = Document(str(TEMPLATE))
    _empty(document)
    document.add_paragraph(title or _("Investment Promotion Project Catalogue"), style="Title")
    document.add_paragraph(f"{issued_on.year}年{issued_on.month}月", style="Bulletin Issuer")
    document.add_paragraph(
        _(
            "The county offers the following projects, packaged around the weak links of its "
            "industry chains, to investors. Contact the unit named with each project."
        ),
        style="Bulletin Body",
    )
    if not items:
        document.add_paragraph(_("No project is published yet."), style="Bulletin Body")
    else:
        _overview(document, items)
    chains = {}
    for item in items:
        chains.setdefault(item.link.chain, []).append(item)
    for n, (chain, rows) in enumerate(chains.items(), 1):
        document.add_paragraph(f"{chinese_number(n)}、{chain.name}", style="Heading 1")
        for m, item in enumerate(rows, 1):
            document.add_paragraph(f"（{chinese_number(m)}）{item.name}", style="Heading 2")
            facts = [
                (_("Chain link"), str(item.link)),
                (
                    _("Carrier platform"),
                    item.platform.name + (f" {item.site.name}" if item.site else ""),
                ),
                (_("Estimated investment"), _("%(n)s 10k yuan") % {"n": f"{item.investment:,.0f}"}),
                (_("What will be built"), item.content),
                (_("Market prospects"), item.market),
                (_("Local conditions"), item.conditions),
                (_("Incentives"), item.incentives),
                (_("Contact unit"), item.contact_unit.name),
            ]
            for label, text in facts:
                if text:
                    paragraph = document.add_paragraph(style="Bulletin Body")
                    paragraph.add_run(f"{label}：").bold = True
                    paragraph.add_run(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
