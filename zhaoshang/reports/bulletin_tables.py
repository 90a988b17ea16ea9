"""The bulletin's tables as plain rows, shared by the HTML preview, the DOCX and the XLSX so
that the three always show the same columns and numbers."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from zhaoshang.reports.figures import money

TEXT, COUNT, AMOUNT, PERCENT = "text", "count", "amount", "percent"


@dataclass(frozen=True)
class Column:
    label: object
    kind: str
    value: object  # UnitRow -> value

    def of(self, row):
        return self.value(row)


def _unit(row):
    return row.unit.name if row.unit is not None else str(_("All units"))


def _group(row):
    return row.group.name if row.group is not None else ""


def _months(months):
    """Months as 1-3、5月: consecutive months joined into a range."""
    runs = []
    for month in months:
        if runs and runs[-1][1] == month - 1:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    if not runs:
        return ""
    parts = [str(a) if a == b else f"{a}-{b}" for a, b in runs]
    return "、".join(parts) + "月"


PROGRESS = [
    Column(_("Unit"), TEXT, _unit),
    Column(_("Signed (projects)"), COUNT, lambda r: r.signed.count),
    Column(_("Signed investment (10k yuan)"), AMOUNT, lambda r: r.signed.total_investment),
    Column(_("Landed (projects)"), COUNT, lambda r: r.landed.count),
    Column(_("Landed investment (10k yuan)"), AMOUNT, lambda r: r.landed.total_investment),
    Column(_("Funds in place (10k yuan)"), AMOUNT, lambda r: r.landed.funds_in_place),
    Column(_("Started (projects)"), COUNT, lambda r: r.started.count),
    Column(_("In production (projects)"), COUNT, lambda r: r.producing.count),
]

TARGETS = [
    Column(_("Unit"), TEXT, _unit),
    Column(_("Group"), TEXT, _group),
    Column(_("Landed since January (projects)"), COUNT, lambda r: r.landed_ytd.count),
    Column(_("Landed milestone (projects)"), COUNT, lambda r: r.landed_milestone),
    Column(_("Completion"), PERCENT, lambda r: r.landed_completion),
    Column(
        _("Landed investment since January (10k yuan)"),
        AMOUNT,
        lambda r: r.landed_ytd.total_investment,
    ),
    Column(_("Investment milestone (10k yuan)"), AMOUNT, lambda r: r.investment_milestone),
    Column(_("Completion"), PERCENT, lambda r: r.investment_completion),
    Column(_("Start rate"), PERCENT, lambda r: r.start_rate),
    Column(_("Rank in group"), COUNT, lambda r: r.rank),
    Column(_("Tier"), TEXT, lambda r: r.tier),
]

DISCIPLINE = [
    Column(_("Unit"), TEXT, _unit),
    Column(_("Reports late"), TEXT, lambda r: _months(r.late_months) if r.unit else r.late),
    Column(
        _("Reports missing"), TEXT, lambda r: _months(r.missing_months) if r.unit else r.missing
    ),
    Column(_("Stalled projects (count)"), COUNT, lambda r: r.stalled),
    Column(_("Suspected repeats (projects)"), COUNT, lambda r: r.repeats),
]

TABLES = (
    ("progress", _("Projects by stage in the period"), PROGRESS),
    ("targets", _("Targets and ranking"), TARGETS),
    ("discipline", _("Monthly reports and problem projects"), DISCIPLINE),
)


def tables(figures):
    """``[{key, title, columns, rows}]`` with raw values; the totals line comes last."""
    out = []
    for key, title, columns in TABLES:
        lines = [*figures.units, figures.totals]
        rows = [[column.of(row) for column in columns] for row in lines]
        out.append({"key": key, "title": title, "columns": columns, "rows": rows})
    return out


def shown(value, kind, *, places=2):
    """A cell as text for the page and the document: amounts with thousands separators and
    ``places`` decimals, rates with one decimal and %, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if kind == AMOUNT:
        return money(Decimal(value), places)
    if kind == PERCENT:
        return f"{value}%"
    if kind == COUNT and isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)
