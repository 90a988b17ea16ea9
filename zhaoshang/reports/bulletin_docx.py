"""The bulletin as a Word document, from the docxtpl template the bureau may edit."""

from io import BytesIO
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate

from zhaoshang.reports.bulletin_tables import shown, tables
from zhaoshang.reports.figures import money

TEMPLATE = Path(__file__).resolve().parent / "data" / "bulletin-template.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def context(figures, *, issuer, title, issued_on=None):
    """Everything the template's placeholders read, as text."""
    issued_on = issued_on or timezone.localdate()
    by_key = {t["key"]: _cells(t) for t in tables(figures)}
    return {
        "title": title,
        "issuer": issuer,
        "issued_on": f"{issued_on.year}年{issued_on.month}月{issued_on.day}日",
        "provisional": figures.provisional,
        "provisional_note": _(
            "Some months have no frozen snapshot yet; their figures may still change."
        ),
        "narrative": figures.narrative,
        "progress": by_key["progress"],
        "targets": by_key["targets"],
        "discipline": by_key["discipline"],
        "progress_note": _(
            "Projects that reached each stage in %(period)s; amounts in 10k yuan, landed "
            "investment %(amount)s."
        )
        % {"period": figures.label, "amount": money(figures.totals.landed.total_investment)},
        "targets_note": _(
            "Completion compares what landed since January with the milestone due by the end "
            "of the period; the start rate is started ÷ signed in the period."
        ),
        "red_line": list_line(figures.red_tier, figures.red_list),
        "black_line": list_line(figures.black_tier, figures.black_list)
        if figures.black_tier
        else "",
        "discipline_line": discipline_line(figures),
    }


def _cells(table):
    columns = table["columns"]
    # Whole 万元 in the document: eleven columns of two-decimal amounts do not fit on A4.
    return [
        [shown(v, c.kind, places=0) for v, c in zip(row, columns, strict=True)]
        for row in table["rows"]
    ]


def list_line(tier, rows):
    if not tier:
        return _("The year's method names no tiers.")
    names = "、".join(row.unit.name for row in rows) or _("none")
    return _("%(tier)s: %(units)s.") % {"tier": tier, "units": names}


def discipline_line(figures):
    t = figures.totals
    return _(
        "%(late)s monthly reports were late and %(missing)s missing; %(stalled)s projects are "
        "stalled and %(repeats)s suspected repeats are unresolved."
    ) % {"late": t.late, "missing": t.missing, "stalled": t.stalled, "repeats": t.repeats}


def render(figures, *, issuer, title, issued_on=None):
    document = DocxTemplate(TEMPLATE)
    # Unit and project names are user text: escaped so they cannot break the document's XML.
    document.render(
        context(figures, issuer=issuer, title=title, issued_on=issued_on), autoescape=True
    )
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
