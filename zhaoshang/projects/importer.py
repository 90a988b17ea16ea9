"""Importing a unit's project ledger (台账) from an xlsx file.

Four steps, each usable alone: ``inspect_upload`` refuses an untrusted file before anything
parses it (size, real type, zip bomb); ``read_ledger`` finds the header row and the data rows;
``validate`` turns every cell into a value of the register or a reason in Chinese, against
reference data read once per import; ``import_ledger`` writes the rows through the services in
one transaction, or nothing at all.

The columns and the tolerant value parsers (``parse_amount``, ``parse_date``…) live in
``ledger``; this module adds the file, the reference data and the register.
"""

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import scope_paths, unit_in_scope
from zhaoshang.core.roles import PROJECT_CREATE, PROJECT_IMPORT, PROJECT_VIEW
from zhaoshang.projects import ledger, requirements, services
from zhaoshang.projects.identity import normalise_name
from zhaoshang.projects.ledger import Unreadable, clean_text, shown

MAX_ENTRIES = 1000  # an xlsx has a few dozen parts; thousands mean something else
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ROWS = 20_000
HEADER_SCAN = 10  # title rows above the header, merged or not
MIN_HEADER_MATCHES = 3
CHUNK = 5_000  # keys per lookup query: far below every database's parameter limit
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- guards --------------------------------------------------------------------------------


def inspect_upload(uploaded):
    """The bytes of an upload that may be parsed; refuses it, with the reason, otherwise."""
    limit = settings.IMPORT_MAX_MB * 1024 * 1024
    # The declared size first, so an oversized file is never read; then what was really read.
    data = b"" if uploaded.size > limit else uploaded.read(limit + 1)
    if uploaded.size > limit or len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(mb)d MB; split the ledger into several files.")
            % {"mb": settings.IMPORT_MAX_MB},
            code="too_large",
        )
    check_archive(data)
    return data


def check_archive(data):
    """Is it really an xlsx, and does it unpack to a sane size? Decided from the zip's own
    directory, before any XML is read."""
    if data.startswith(OLE_MAGIC):
        raise ValidationError(
            _(
                "This is an old-format Excel file (.xls). Open it in Excel or WPS, save it as "
                ".xlsx and upload that."
            ),
            code="xls",
        )
    if not data.startswith(ZIP_MAGIC):
        raise ValidationError(_("This is not an Excel workbook (.xlsx)."), code="not_xlsx")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(
            _("The file is damaged and cannot be read."), code="bad_zip"
        ) from None
    # zipfile never inflates an entry past the size its directory declares (and fails on the
    # checksum if the data was longer), so the declared sizes bound what parsing can unpack.
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ValidationError(_("This is not an Excel workbook (.xlsx)."), code="not_xlsx")
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if (
        len(entries) > MAX_ENTRIES
        or unpacked > MAX_UNCOMPRESSED
        or unpacked > MAX_RATIO * max(packed, 1)
    ):
        raise ValidationError(
            _("The file unpacks to far more data than a ledger holds and was refused."),
            code="zip_bomb",
        )


# --- reading the sheet ---------------------------------------------------------------------


@dataclass
class Source:
    """One column of the file that feeds a ledger column."""

    index: int
    header: str
    multiplier: object = 1


@dataclass
class Header:
    row: int  # 1-based row number of the (last) header row
    sources: dict  # ledger key -> [Source, …]
    unknown: list
    duplicates: list  # (key, header, earlier header)

    @property
    def score(self):
        return len(self.sources)


@dataclass
class RawLedger:
    sheet: str
    header: Header
    rows: list  # [(row number, tuple of cell values)]


def _header_text(value):
    return "" if ledger.blank(value) else str(value).strip()


def _map_header(texts, row, units=None):
    sources, unknown, duplicates = {}, [], []
    for index, text in enumerate(texts):
        if not text:
            continue
        key = ledger.match_header(text)
        multiplier = ledger.header_multiplier(units[index] if units else text)
        if key is None or multiplier is None:
            if ledger.header_key(text) not in ledger.IGNORED_KEYS:
                unknown.append(text)
            continue
        if key in sources and not ledger.BY_KEY[key].joined:
            duplicates.append((key, text, sources[key][0].header))
            continue
        sources.setdefault(key, []).append(Source(index, " ".join(text.split()), multiplier))
    return Header(row=row, sources=sources, unknown=unknown, duplicates=duplicates)


def _two_row_texts(top, bottom):
    """A header over two rows. Read-only mode gives a merged cell's text only in its top-left
    cell, so a title spanning several sub-headers is carried right over them, and a cell
    merged down keeps its text from the upper row."""
    width = max(len(top), len(bottom))
    texts, units, parent = [], [], ""
    for index in range(width):
        upper = _header_text(top[index]) if index < len(top) else ""
        lower = _header_text(bottom[index]) if index < len(bottom) else ""
        if upper:
            parent = upper
        elif not lower:
            parent = ""
        spanning = upper or (parent if lower else "")
        texts.append(lower or upper)
        units.append(lower if ledger.header_multiplier(lower) != 1 else (spanning or lower))
    return texts, units


def find_header(head_rows):
    """The best header among the first rows: the one (or pair) naming most ledger columns."""
    best = None
    for position, row in enumerate(head_rows[:HEADER_SCAN]):
        candidates = [_map_header([_header_text(v) for v in row], position + 1)]
        if position + 1 < len(head_rows):
            texts, units = _two_row_texts(row, head_rows[position + 1])
            candidates.append(_map_header(texts, position + 2, units))
        for candidate in candidates:
            if candidate.score >= MIN_HEADER_MATCHES and (
                best is None or candidate.score > best.score
            ):
                best = candidate
    return best


_SUMMARY = re.compile(r"(合计|总计|小计|累计)")
_SECTION = re.compile(r"[一二三四五六七八九十]+[、.．]")
_UNIT_NOTES = frozenset({"", "万元", "亿元", "元", "亩", "万美元"})


def _skippable(values):
    """Blank rows, a row of units under the header, totals and section headings
    (一、工业项目) between the projects."""
    filled = [v for v in values if not ledger.blank(v)]
    if not filled or all(ledger.header_key(v) in _UNIT_NOTES for v in filled):
        return True
    first = ledger.nfkc(filled[0]).replace(" ", "")
    if _SUMMARY.fullmatch(first):
        return True
    return len(filled) == 1 and isinstance(filled[0], str) and bool(_SECTION.match(first))


def read_ledger(data):
    """The first visible sheet with a recognisable header, and its data rows."""
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any parser failure on an untrusted file is the same answer
        raise ValidationError(
            _("The file cannot be read as an Excel workbook; it may be damaged."),
            code="unreadable",
        ) from None
    try:
        return _read_sheets(workbook)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - as above, for errors met while streaming the rows
        raise ValidationError(
            _("The file cannot be read as an Excel workbook; it may be damaged."),
            code="unreadable",
        ) from None
    finally:
        workbook.close()


def _read_sheets(workbook):
    for sheet in workbook.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            continue
        # Some programs write a wrong size into the sheet; read what is really there.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        head = []
        for row in rows:
            head.append(row)
            if len(head) > HEADER_SCAN:
                break
        header = find_header(head)
        if header is None:
            continue
        raw = RawLedger(sheet=sheet.title, header=header, rows=[])
        number = header.row
        for row in [*head[header.row :], *rows]:
            number += 1
            if _skippable(row):
                continue
            if len(raw.rows) >= MAX_ROWS:
                raise ValidationError(
                    _("The ledger has more than %(n)d rows; split it into several files.")
                    % {"n": MAX_ROWS},
                    code="too_many_rows",
                )
            raw.rows.append((number, row))
        return raw
    raise ValidationError(
        _(
            "No header row was found in the first %(n)d rows. Use the template, or make sure "
            "the headers include 项目名称, 投资方, 来源地, 行业 and 总投资."
        )
        % {"n": HEADER_SCAN},
        code="no_header",
    )


# --- reference data, read once per import --------------------------------------------------


def _key(value):
    return ledger.nfkc(value).replace(" ", "").lower()


class Lookups:
    """Everything a row is checked against, read in a fixed number of queries."""

    def __init__(self, user):
        from zhaoshang.orgs.models import Unit
        from zhaoshang.projects.choices import StageKind
        from zhaoshang.projects.models import Platform, Stage
        from zhaoshang.reference.models import IndustryDivision, Region, StrategicField

        self.user = user
        self.units = {}
        self.units_by_id = {}
        for unit in Unit.objects.filter(is_active=True).order_by("-depth"):
            self.units_by_id[unit.pk] = unit
            for name in (unit.code, unit.short_name, unit.name):
                if name:
                    self.units[_key(name)] = unit
        paths = scope_paths(user, PROJECT_IMPORT)
        roots = [u for u in self.units_by_id.values() if u.path in paths]
        # Staff of one unit need not name it on every row; a county-wide importer must.
        self.default_unit = roots[0] if len(roots) == 1 and roots[0].parent_id else None

        self.regions = {}
        self.region_prefixes = []
        for region in Region.objects.all():
            for name in (region.code, region.name, region.short_name):
                if name:
                    self.regions[_key(name)] = region
            for name in (region.name, region.short_name):
                if name:
                    self.region_prefixes.append((_key(name), region))
        self.region_prefixes.sort(key=lambda item: -len(item[0]))

        self.divisions = {}
        self.division_names = {}
        for division in IndustryDivision.objects.all():
            self.divisions[division.code] = division
            self.division_names[_key(division.name)] = division
        self.fields = {}
        for item in StrategicField.objects.all():
            for name in (item.code, item.name, f"{item.code}{item.name}"):
                self.fields[_key(name)] = item
        self.platforms = {}
        for platform in Platform.objects.all():
            self.platforms[_key(platform.code)] = platform
            self.platforms[_key(platform.name)] = platform

        stages = list(Stage.objects.prefetch_related("requirements").order_by("position"))
        self.pipeline = [s for s in stages if s.kind == StageKind.PIPELINE]
        self.stages = {}
        for stage in stages:
            self.stages[_key(stage.code)] = stage
            self.stages[_key(stage.name)] = stage
        self.memo = {}

    def cached(self, kind, value, resolve):
        """Ledgers repeat the same region, industry and unit on many rows; resolve each
        distinct text once."""
        key = (kind, value if isinstance(value, str) else repr(value))
        if key not in self.memo:
            try:
                self.memo[key] = (True, resolve(value))
            except Unreadable as exc:
                self.memo[key] = (False, str(exc))
        ok, result = self.memo[key]
        if not ok:
            raise Unreadable(result)
        return result

    def unit(self, value):
        unit = self.units.get(_key(clean_text(value)))
        if unit is None:
            raise Unreadable(_("there is no unit called “%(value)s”") % {"value": shown(value)})
        if not (
            unit_in_scope(self.user, PROJECT_IMPORT, unit)
            and unit_in_scope(self.user, PROJECT_CREATE, unit)
        ):
            raise Unreadable(_("you may not import projects for %(unit)s") % {"unit": unit.name})
        return unit

    def region(self, value):
        text = _key(clean_text(value))
        if text.startswith("中国") and len(text) > 2:
            text = text[2:]
        found = self.regions.get(text)
        if found is None:
            found = next((r for name, r in self.region_prefixes if text.startswith(name)), None)
        if found is None:
            raise Unreadable(
                _("“%(value)s” is not a province or country in the list") % {"value": shown(value)}
            )
        return found

    def division(self, value):
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = f"{int(value):02d}" if float(value).is_integer() else shown(value)
        else:
            text = _key(value)
        match = re.fullmatch(r"[a-t]?(\d{1,2})(.*)", text)
        if match:
            division = self.divisions.get(f"{int(match.group(1)):02d}")
            rest = match.group(2).strip(" .、-")
            if division and (not rest or _key(division.name) == rest):
                return division
            if division:
                raise Unreadable(
                    _("the industry code %(code)s is not “%(name)s”")
                    % {"code": division.code, "name": rest}
                )
        elif text in self.division_names:
            return self.division_names[text]
        raise Unreadable(
            _("“%(value)s” is not a GB/T 4754-2017 division; write its code or name")
            % {"value": shown(value)}
        )

    def field(self, value):
        text = re.sub(r"[\s.、\-]", "", _key(clean_text(value)))
        if text in ("否", "无", "不属于", "非", "/", "—", "-"):
            return None
        found = self.fields.get(text) or self.fields.get(text + "产业")
        if found is None:
            raise Unreadable(
                _("“%(value)s” is not one of the nine strategic emerging fields")
                % {"value": shown(value)}
            )
        return found

    def platform(self, value):
        found = self.platforms.get(_key(clean_text(value)))
        if found is None:
            raise Unreadable(
                _("there is no carrier platform called “%(value)s”") % {"value": shown(value)}
            )
        return found

    def stage(self, value):
        text = _key(clean_text(value))
        found = self.stages.get(text)
        if found is None:
            bare = re.sub(r"^(已经|已|正在)|(中|阶段)$", "", text)
            found = self.stages.get(bare) or (
                self.pipeline[0] if bare == "在谈" and self.pipeline else None
            )
        if found is None:
            raise Unreadable(_("there is no stage called “%(value)s”") % {"value": shown(value)})
        if found not in self.pipeline:
            raise Unreadable(
                _(
                    "%(stage)s projects cannot be imported; register them and change the stage "
                    "on the project page"
                )
                % {"stage": found.name}
            )
        return found


# --- validation ----------------------------------------------------------------------------


@dataclass
class RowError:
    row: int  # the row number in the file, as Excel shows it
    column: str  # the header as written in the file, or "" for the whole row
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(row)d, %(column)s: %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "reason": self.message,
            }
        return _("Row %(row)d: %(reason)s") % {"row": self.row, "reason": self.message}


@dataclass
class LedgerRow:
    number: int
    fields: dict = field(default_factory=dict)  # ready for ``services.project_create``
    unit: object = None
    stages: list = field(default_factory=list)  # stages to move through after registering
    credit_code: str | None = None
    errors: list = field(default_factory=list)
    name_key: str = ""
    investor_key: str = ""
    existing: str | None = None  # code of the same project already registered ("" if hidden)
    similar: list = field(default_factory=list)  # codes of look-alikes the user may see
    similar_hidden: bool = False  # look-alikes in units the user may not see

    @property
    def name(self):
        return self.fields.get("name", "")

    @property
    def investor(self):
        return self.fields.get("investor_name", "")


@dataclass
class Ledger:
    sheet: str
    header: Header
    rows: list
    errors: list  # file-level problems, as text

    @property
    def row_errors(self):
        return [error for row in self.rows for error in row.errors]

    @property
    def bad_rows(self):
        return [row for row in self.rows if row.errors]

    @property
    def new_rows(self):
        return [row for row in self.rows if not row.errors and row.existing is None]

    @property
    def existing_rows(self):
        return [row for row in self.rows if row.existing is not None]

    @property
    def similar_rows(self):
        return [row for row in self.new_rows if row.similar or row.similar_hidden]

    @property
    def importable(self):
        return not self.errors and not self.bad_rows and bool(self.new_rows)


_FIELD_PARSERS = {
    ledger.NUMBER: ledger.parse_number,
    ledger.DATE: ledger.parse_date,
    ledger.YES_NO: ledger.parse_yes_no,
    ledger.CREDIT: ledger.parse_credit_code,
}
_LOOKUP_KINDS = {
    ledger.UNIT: "unit",
    ledger.REGION: "region",
    ledger.DIVISION: "division",
    ledger.FIELD: "field",
    ledger.PLATFORM: "platform",
    ledger.STAGE: "stage",
}
_NO_FACTS = {"evidence_kinds": frozenset(), "leader_roles": frozenset()}


def _file_errors(header, lookups):
    errors = []
    for key, text, earlier in header.duplicates:
        errors.append(
            _("The columns “%(a)s” and “%(b)s” both hold %(what)s; keep only one of them.")
            % {"a": earlier, "b": text, "what": ledger.BY_KEY[key].header}
        )
    missing = [c.header for c in ledger.REQUIRED if c.key not in header.sources]
    if "unit" not in header.sources and lookups.default_unit is None:
        missing.append(ledger.BY_KEY["unit"].header)
    if missing:
        errors.append(
            _("The ledger lacks the required columns: %(columns)s.")
            % {"columns": "、".join(missing)}
        )
    return errors


def _value(column, source, raw, lookups):
    if column.kind == ledger.TEXT:
        text = clean_text(raw)
        if column.max_length and len(text) > column.max_length:
            raise Unreadable(_("longer than %(n)d characters") % {"n": column.max_length})
        return text
    if column.kind == ledger.AMOUNT:
        return ledger.parse_amount(raw, source.multiplier)
    if column.kind in _FIELD_PARSERS:
        return _FIELD_PARSERS[column.kind](raw)
    if ledger.blank(raw):
        return None
    kind = _LOOKUP_KINDS[column.kind]
    return lookups.cached(kind, raw, getattr(lookups, kind))


def validate_row(number, cells, header, lookups):
    row = LedgerRow(number=number)
    values = {}
    for key, sources in header.sources.items():
        column = ledger.BY_KEY[key]
        parsed = []
        for source in sources:
            raw = cells[source.index] if source.index < len(cells) else None
            try:
                value = _value(column, source, raw, lookups)
            except Unreadable as exc:
                row.errors.append(RowError(number, source.header, str(exc)))
                continue
            if value not in (None, ""):
                parsed.append(value)
        if parsed:
            values[key] = "；".join(parsed) if column.joined else parsed[0]
    for column in ledger.REQUIRED:
        if (
            column.key in header.sources
            and column.key not in values
            and not any(
                e.column == s.header for s in header.sources[column.key] for e in row.errors
            )
        ):
            row.errors.append(
                RowError(number, header.sources[column.key][0].header, _("must be filled in"))
            )
    row.unit = values.pop("unit", None) or lookups.default_unit
    unit_header = header.sources["unit"][0].header if "unit" in header.sources else None
    if row.unit is None and unit_header and not any(e.column == unit_header for e in row.errors):
        row.errors.append(
            RowError(number, unit_header, _("must be filled in: you may import for several units"))
        )
    row.credit_code = values.pop("credit_code", None)
    target = values.pop("stage", None)
    row.fields = values
    row.name_key = normalise_name(values.get("name", ""))
    row.investor_key = normalise_name(values.get("investor_name", ""))
    if lookups.pipeline:
        reach = lookups.pipeline.index(target) + 1 if target else 1
        row.stages = lookups.pipeline[:reach]
    return row


def _check_gates(row, header):
    """What the row's stage demands that the row does not carry. The services check again
    on commit; this names the problem in the preview."""
    from zhaoshang.projects.models import Project

    project = Project(unit=row.unit, stage=row.stages[0], **row.fields)
    labels = requirements.missing(project, row.stages[1:], facts=_NO_FACTS)
    if labels:
        row.errors.append(
            RowError(
                row.number,
                header.sources["stage"][0].header,
                _(
                    "cannot be imported at %(stage)s: it needs %(missing)s. Import it at "
                    "%(first)s and move it on the project page."
                )
                % {
                    "stage": row.stages[-1].name,
                    "missing": "；".join(map(str, labels)),
                    "first": row.stages[0].name,
                },
            )
        )


def _mark_repeats_in_file(rows, header):
    seen = {}
    column = header.sources["name"][0].header if "name" in header.sources else ""
    for row in rows:
        if not row.name_key or not row.investor_key:
            continue
        key = (row.name_key, row.investor_key)
        if key in seen:
            row.errors.append(
                RowError(
                    row.number,
                    column,
                    _("repeats row %(row)d: the same project and investor") % {"row": seen[key]},
                )
            )
        else:
            seen[key] = row.number


def _chunks(items):
    items = sorted(items)
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _registered_alike(names, investors):
    """Registered projects with one of these project names or investors (normalised)."""
    from zhaoshang.projects.models import Project

    columns = ("code", "name_key", "investor_key", "unit_id", "unit__path")
    found = {}
    for lookup, keys in (("name_key__in", names), ("investor_key__in", investors)):
        for chunk in _chunks(keys):
            for values in Project.objects.filter(**{lookup: chunk}).values_list(*columns):
                found[values[0]] = values
    return found.values()


def _mark_existing(rows, lookups):
    """Same project, investor and unit as a registered project: skipped, so importing a
    ledger twice adds nothing. Same project or investor elsewhere: imported, and the
    integrity check flags it; the user sees the codes only of projects they may see."""
    visible = scope_paths(lookups.user, PROJECT_VIEW)
    exact, alike = {}, {}
    for code, name_key, investor_key, unit_id, path in _registered_alike(
        {row.name_key for row in rows if row.name_key},
        {row.investor_key for row in rows if row.investor_key},
    ):
        shown_code = code if any(path.startswith(p) for p in visible) else ""
        exact[(name_key, investor_key, unit_id)] = shown_code
        alike.setdefault(("name", name_key), []).append(shown_code)
        alike.setdefault(("investor", investor_key), []).append(shown_code)
    for row in rows:
        code = exact.get((row.name_key, row.investor_key, row.unit.pk if row.unit else None))
        if code is not None:
            row.existing = code
            # Skipped whole: nothing else in the row is used, so nothing else can be wrong
            # (a ledger re-imported after a project moved on still imports its new rows).
            row.errors = []
            continue
        codes = alike.get(("name", row.name_key), []) + alike.get(
            ("investor", row.investor_key), []
        )
        row.similar = sorted({c for c in codes if c})
        row.similar_hidden = "" in codes


def validate(raw, lookups):
    """Every row checked; a row is either ready for the services or carries its reasons."""
    rows = [validate_row(number, cells, raw.header, lookups) for number, cells in raw.rows]
    _mark_repeats_in_file(rows, raw.header)
    _mark_existing(rows, lookups)
    for row in rows:
        if len(row.stages) > 1 and row.existing is None and not row.errors:
            _check_gates(row, raw.header)
    return Ledger(
        sheet=raw.sheet,
        header=raw.header,
        rows=rows,
        errors=_file_errors(raw.header, lookups),
    )


def preview(data, user):
    return validate(read_ledger(data), Lookups(user))


# --- commit --------------------------------------------------------------------------------


@dataclass
class Outcome:
    ledger: Ledger
    created: list = field(default_factory=list)  # project codes
    errors: list = field(default_factory=list)  # RowError or text; non-empty means nothing saved

    @property
    def skipped(self):
        return self.ledger.existing_rows


def import_ledger(*, actor, data, file_name, sha256):
    """Register every new row of the ledger, or none: any bad row, or any refusal by the
    services, rolls the whole import back. Rows already registered are skipped."""
    from zhaoshang.projects.models import CountySettings, Enterprise

    raw = read_ledger(data)
    with transaction.atomic():
        # The lock project_create takes for codes: two imports of one ledger cannot both
        # find its rows new.
        CountySettings.objects.select_for_update().get_or_create(pk=1)
        result = Outcome(ledger=validate(raw, Lookups(actor)))
        ledger_ = result.ledger
        if ledger_.errors or ledger_.bad_rows:
            result.errors = [*ledger_.errors, *ledger_.row_errors]
            return result
        codes = {row.credit_code for row in ledger_.new_rows if row.credit_code}
        enterprises = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
        for row in ledger_.new_rows:
            try:
                result.created.append(_register(actor, row, enterprises).code)
            except (ValidationError, PermissionDenied) as exc:
                reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                result.errors.append(RowError(row.number, "", reason or _("not permitted")))
        if result.errors:
            transaction.set_rollback(True)
            result.created = []
            return result
        if not result.created:
            return result
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            message=f"ledger import: {file_name}",
            after={
                "file": file_name,
                "sha256": sha256,
                "sheet": ledger_.sheet,
                "rows": len(ledger_.rows),
                "created": len(result.created),
                "skipped_existing": len(ledger_.existing_rows),
                "first": result.created[0],
                "last": result.created[-1],
            },
        )
    return result


def _register(actor, row, enterprises):
    fields = dict(row.fields)
    if row.credit_code:
        enterprise = enterprises.get(row.credit_code)
        if enterprise is None:
            enterprise = services.enterprise_save(
                actor=actor,
                name=fields["investor_name"],
                credit_code=row.credit_code,
                region=fields["origin_region"],
                industry=fields["industry"],
            )
            enterprises[row.credit_code] = enterprise
        fields["enterprise"] = enterprise
    project = services.project_create(actor=actor, unit=row.unit, **fields)
    for stage in row.stages[1:]:
        services.project_advance_stage(
            actor=actor, project=project, to_stage=stage, note=_("Imported from the ledger")
        )
    return project
