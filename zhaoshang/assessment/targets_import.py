"""Targets in and out of xlsx, one row per unit, indicator and month (decision 0015).

``read`` takes the bytes an upload guard let through (``projects.importer.inspect_upload``:
size, real type, zip bomb) and reads the sheet with openpyxl in read-only mode (defusedxml
is installed, so the XML is parsed safely). ``check`` turns every row into a target or a reason
in Chinese and checks each unit's indicators as a whole (milestones within the year target and
never decreasing); ``apply`` saves the lot through ``targets_save`` in one transaction, or
nothing when any row is bad.

Columns: 单位编码, 单位名称, 指标, 月份, 目标值. A unit is named by its code or its name (both
must agree when both are given); the indicator by its Chinese name or code; the month as 12,
"12月", "全年", "一季度"… For every unit and indicator in the file, the file's rows replace the
unit's targets of that indicator (its year target and all milestones); other targets stay.
A row with no 目标值 is skipped, so the template can list every unit and indicator.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from zhaoshang.assessment import services_years
from zhaoshang.assessment.choices import TargetMetric
from zhaoshang.assessment.models import GroupMember, Target
from zhaoshang.assessment.models.years import AMOUNT_METRICS, YEAR_MONTH
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.exports import neutralise
from zhaoshang.core.permissions import unit_in_scope
from zhaoshang.core.roles import ASSESSMENT_MANAGE
from zhaoshang.projects import ledger
from zhaoshang.projects.ledger import Unreadable, blank, clean_text, nfkc

SHEET = "目标任务"
HELP_SHEET = "填写说明"
COLUMNS = ("单位编码", "单位名称", "指标", "月份", "目标值")
# Header texts each column is also recognised by (compared without spaces and brackets).
HEADER_SYNONYMS = {
    "unit_code": ("单位编码", "单位代码", "编码", "代码"),
    "unit_name": ("单位名称", "单位", "责任单位"),
    "metric": ("指标", "考核指标", "指标名称", "任务指标"),
    "month": ("月份", "截至月份", "时间节点", "月"),
    "value": ("目标值", "目标", "任务数", "目标任务"),
}
# The Chinese names of the indicators as county documents write them; the first is written
# on export, all are read on import.
METRIC_NAMES = {
    TargetMetric.SIGNED: ("签约项目数", "签约项目", "签约"),
    TargetMetric.LANDED: ("落地项目数", "落地项目", "落地"),
    TargetMetric.STARTED: ("开工项目数", "开工项目", "开工"),
    TargetMetric.PRODUCING: ("投产项目数", "投产项目", "投产"),
    TargetMetric.TOTAL_INVESTMENT: ("落地项目总投资（万元）", "总投资", "落地项目总投资"),
    TargetMetric.FUNDS_IN_PLACE: ("到位资金（万元）", "到位资金", "实际到位资金"),
    TargetMetric.SECONDARY: ("二产项目数", "二产项目", "第二产业项目"),
    TargetMetric.STRATEGIC: ("战略性新兴产业项目数", "战略性新兴产业项目", "战新项目"),
    TargetMetric.MAJOR: ("重大项目数", "重大项目", "立县性大项目"),
    TargetMetric.FOREIGN_FUNDS: ("到位外资（万美元）", "到位外资", "实际利用外资", "利用外资"),
}
MONTH_WORDS = {
    "全年": 12,
    "年度": 12,
    "全年目标": 12,
    "年底": 12,
    "四季度": 12,
    "一季度": 3,
    "二季度": 6,
    "上半年": 6,
    "三季度": 9,
}
MAX_ROWS = 20_000
HEADER_SCAN = 10


def _key(text):
    return ledger.header_key(text)


def metric_name(metric):
    return METRIC_NAMES[TargetMetric(metric)][0]


_METRIC_KEYS = {}
for _metric, _names in METRIC_NAMES.items():
    for _name in (_metric.value, *_names):
        _METRIC_KEYS[_key(_name)] = _metric.value
_HEADER_KEYS = {_key(name): column for column, names in HEADER_SYNONYMS.items() for name in names}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Change:
    """What the file does to one unit's targets of one indicator."""

    unit: object
    metric: str
    before: dict
    after: dict

    @property
    def metric_label(self):
        return metric_name(self.metric)

    @property
    def kind(self):
        return "new" if not self.before else "changed"

    def text(self, months):
        parts = []
        for month, value in sorted(months.items(), reverse=True):
            when = (
                _("full year") if month == YEAR_MONTH else _("month %(month)d") % {"month": month}
            )
            parts.append(f"{when} {services_years.shown(value)}")
        return "；".join(parts)

    @property
    def before_text(self):
        return self.text(self.before) if self.before else "—"

    @property
    def after_text(self):
        return self.text(self.after)


@dataclass
class Checked:
    rows: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)
    plans: dict = field(default_factory=dict)  # unit -> {metric: {month: value}}
    changes: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def importable(self):
        return not self.errors and bool(self.changes)


# --- reading -------------------------------------------------------------------------------


def _find_header(head):
    for position, row in enumerate(head[:HEADER_SCAN]):
        found = {}
        for index, value in enumerate(row):
            column = _HEADER_KEYS.get(_key(value)) if not blank(value) else None
            if column and column not in found:
                found[column] = index
        if {"metric", "month", "value"} <= set(found) and ({"unit_code", "unit_name"} & set(found)):
            return position + 1, found
    return None, None


def read(data):
    """``(header row number, {column: index}, [(row number, values)])`` of the first visible
    sheet that has the header; refuses a file that has none or is too long."""
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any parser failure on an untrusted file is the same answer
        raise ValidationError(
            _("The file cannot be read as an Excel workbook; it may be damaged."),
            code="unreadable",
        ) from None
    try:
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
            head = []
            for row in rows:
                head.append(row)
                if len(head) >= HEADER_SCAN:
                    break
            header_row, columns = _find_header(head)
            if header_row is None:
                continue
            body = []
            number = header_row
            for row in [*head[header_row:], *rows]:
                number += 1
                if all(blank(v) for v in row):
                    continue
                if len(body) >= MAX_ROWS:
                    raise ValidationError(
                        _("The file has more than %(n)d rows; split it into several files.")
                        % {"n": MAX_ROWS},
                        code="too_many_rows",
                    )
                body.append((number, row))
            return header_row, columns, body
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - as above, for errors met while streaming the rows
        raise ValidationError(
            _("The file cannot be read as an Excel workbook; it may be damaged."),
            code="unreadable",
        ) from None
    finally:
        workbook.close()
    raise ValidationError(
        _(
            "No header row was found in the first %(n)d rows. Use the template: its columns are "
            "单位编码, 单位名称, 指标, 月份 and 目标值."
        )
        % {"n": HEADER_SCAN},
        code="no_header",
    )


# --- checking ------------------------------------------------------------------------------


def parse_month(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number == number.to_integral() and 1 <= number <= YEAR_MONTH:
            return int(number)
        raise Unreadable(
            _("“%(value)s” is not a month from 1 to 12") % {"value": ledger.shown(value)}
        )
    text = nfkc(value).replace(" ", "")
    if text in MONTH_WORDS:
        return MONTH_WORDS[text]
    match = re.fullmatch(r"(?:\d{4}年)?(\d{1,2})(?:月|月底|月末)?", text)
    if match and 1 <= int(match.group(1)) <= YEAR_MONTH:
        return int(match.group(1))
    raise Unreadable(_("“%(value)s” is not a month from 1 to 12") % {"value": ledger.shown(value)})


def parse_value(metric, value):
    if metric in AMOUNT_METRICS and metric != TargetMetric.FOREIGN_FUNDS:
        return ledger.parse_amount(value)
    if isinstance(value, str):
        value = re.sub(r"(万美元|个|项|家)$", "", nfkc(value).replace(",", ""))
    return ledger.parse_number(value)


class _Units:
    """Units by code and name, read once per file, and the year's members."""

    def __init__(self, year, actor):
        from zhaoshang.orgs.models import Unit

        self.by_code, self.by_name = {}, {}
        for unit in Unit.objects.filter(is_active=True):
            self.by_code[unit.code.lower()] = unit
            for name in (unit.name, unit.short_name):
                if name:
                    self.by_name[_key(name)] = unit
        self.members = set(GroupMember.objects.filter(year=year).values_list("unit_id", flat=True))
        self.year = year
        self.actor = actor

    def find(self, code, name):
        unit = None
        if code:
            unit = self.by_code.get(code.lower())
            if unit is None:
                raise Unreadable(_("there is no unit with the code “%(value)s”") % {"value": code})
        if name:
            named = self.by_name.get(_key(name))
            if named is None and unit is None:
                raise Unreadable(_("there is no unit called “%(value)s”") % {"value": name})
            if unit is not None and named is not None and named != unit:
                raise Unreadable(
                    _("the code %(code)s is %(unit)s, not “%(name)s”")
                    % {"code": code, "unit": unit.name, "name": name}
                )
            unit = unit or named
        if unit.pk not in self.members:
            raise Unreadable(
                _("%(unit)s is in no group of %(year)s; put it in a group first")
                % {"unit": unit.name, "year": self.year.name}
            )
        if not unit_in_scope(self.actor, ASSESSMENT_MANAGE, unit):
            raise Unreadable(_("you may not set targets for %(unit)s") % {"unit": unit.name})
        return unit


def _cell(row, columns, name):
    index = columns.get(name)
    return row[index] if index is not None and index < len(row) else None


def check(*, actor, year, data):
    """Every row checked against the units, the indicators and the year's current targets;
    nothing is written."""
    _header_row, columns, body = read(data)
    units = _Units(year, actor)
    result = Checked(rows=len(body))
    seen = {}
    where = {}
    for number, row in body:
        raw_value = _cell(row, columns, "value")
        if blank(raw_value):
            result.skipped += 1
            continue
        code = clean_text(_cell(row, columns, "unit_code"))
        name = clean_text(_cell(row, columns, "unit_name"))
        bad = []
        unit = metric = month = value = None
        if not code and not name:
            bad.append(("单位编码", _("the unit is missing")))
        else:
            try:
                unit = units.find(code, name)
            except Unreadable as exc:
                bad.append(("单位编码" if code else "单位名称", str(exc)))
        raw_metric = _cell(row, columns, "metric")
        metric = _METRIC_KEYS.get(_key(raw_metric)) if not blank(raw_metric) else None
        if metric is None:
            bad.append(
                (
                    "指标",
                    _("“%(value)s” is not an indicator; write one of: %(names)s")
                    % {
                        "value": ledger.shown(raw_metric or ""),
                        "names": "、".join(names[0] for names in METRIC_NAMES.values()),
                    },
                )
            )
        raw_month = _cell(row, columns, "month")
        if blank(raw_month):
            bad.append(("月份", _("the month is missing; write 12 for the year target")))
        else:
            try:
                month = parse_month(raw_month)
            except Unreadable as exc:
                bad.append(("月份", str(exc)))
        if metric is not None:
            try:
                value = parse_value(metric, raw_value)
            except Unreadable as exc:
                bad.append(("目标值", str(exc)))
        if not bad:
            key = (unit.pk, metric, month)
            if key in seen:
                bad.append(
                    (
                        "月份",
                        _("the same unit, indicator and month as row %(row)d") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = number
                result.plans.setdefault(unit, {}).setdefault(metric, {})[month] = value
                where[(unit.pk, metric, month)] = number
                where.setdefault((unit.pk, metric), number)
        result.errors.extend(RowError(number, column, message) for column, message in bad)
    bad_pairs = set()
    for unit, plan in result.plans.items():
        for metric, months in plan.items():
            for month, message in services_years.target_problems(metric, months):
                row = where.get((unit.pk, metric, month)) or where[(unit.pk, metric)]
                result.errors.append(RowError(row, "目标值", f"{unit.name}：{message}"))
                bad_pairs.add((unit.pk, metric))
    _compare(result, year, bad_pairs)
    return result


def _compare(result, year, bad_pairs):
    """What the file changes; an indicator whose own rows are wrong is not shown as a change."""
    current = {}
    units = [unit.pk for unit in result.plans]
    for unit_id, metric, month, value in Target.objects.filter(
        year=year, unit_id__in=units
    ).values_list("unit_id", "metric", "month", "value"):
        current.setdefault((unit_id, metric), {})[month] = value
    for unit, plan in result.plans.items():
        for metric, months in plan.items():
            before = current.get((unit.pk, metric), {})
            if (unit.pk, metric) in bad_pairs:
                continue
            if before == months:
                result.unchanged += 1
            else:
                result.changes.append(Change(unit=unit, metric=metric, before=before, after=months))
    result.changes.sort(key=lambda c: (c.unit.sort_key, list(TargetMetric.values).index(c.metric)))


@transaction.atomic
def apply(*, actor, year, data, file_name="", sha256=""):
    """Check the file again and save every unit's targets from it, or nothing at all."""
    result = check(actor=actor, year=year, data=data)
    if result.errors:
        return result
    for unit, plan in result.plans.items():
        services_years.targets_save(actor=actor, year=year, unit=unit, plan=plan)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=year,
        after={"file": file_name, "sha256": sha256, "changes": len(result.changes)},
        message=f"targets imported: {file_name}"[:500],
    )
    return result


# --- writing -------------------------------------------------------------------------------


def _workbook(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDE", (16, 28, 24, 8, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    return workbook, sheet


def _bytes(workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_rows(targets):
    """Rows of the sheet for ``targets`` (Target rows with their unit), year target first."""
    order = list(TargetMetric.values)
    ordered = sorted(
        targets,
        key=lambda t: (t.unit.sort_key, order.index(t.metric), t.month != YEAR_MONTH, t.month),
    )
    return [(t.unit.code, t.unit.name, metric_name(t.metric), t.month, t.value) for t in ordered]


def build_export(targets):
    workbook, _sheet = _workbook(export_rows(targets))
    return _bytes(workbook)


def build_template(year, members):
    """The sheet with one empty year-target row per member unit and indicator, and the rules."""
    rows = [
        (m.unit.code, m.unit.name, names[0], YEAR_MONTH, None)
        for m in members
        for names in METRIC_NAMES.values()
    ]
    workbook, _sheet = _workbook(rows)
    help_sheet = workbook.create_sheet(HELP_SHEET)
    lines = [
        _("How to fill in the targets of %(year)s") % {"year": year.name},
        _(
            "1. One row is one unit's target for one indicator by the end of one month. Month "
            "12 (or 全年) is the year target; 3, 6, 9… are milestones, counted from January to "
            "the end of that month (quarterly milestones are 3, 6 and 9)."
        ),
        _(
            "2. Write the unit's code or its name; when both are written they must agree. The "
            "unit must be in one of the year's groups."
        ),
        _(
            "3. Rows without a 目标值 are not imported. Amounts are in 10k yuan (8000万元 and "
            "1.2亿 are understood), foreign capital in 10k US dollars; project counts are whole "
            "numbers."
        ),
        _(
            "4. A milestone may not be larger than the year target, nor smaller than the "
            "milestone of an earlier month."
        ),
        _(
            "5. For each unit and indicator in the file, the file's rows replace its targets, "
            "milestones included; units and indicators not in the file keep theirs."
        ),
        _("6. If any row is wrong, nothing is imported: the page lists every wrong row and why."),
        "",
        _("Indicators:"),
        *("、".join(names) for names in METRIC_NAMES.values()),
    ]
    for line in lines:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 100
    return _bytes(workbook)
