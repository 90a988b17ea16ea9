"""The county's project ledger (台账) as columns: the headers the system hands out in its
template, the other headers real ledgers use for the same thing, and what each column holds.

The template, the importer and the import pages all read ``COLUMNS``. Headers are Chinese data,
not interface text: a ledger is recognised by them whatever the user's language.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import PROJECT_IMPORT
from zhaoshang.projects.identity import clean_credit_code

# Kinds of value, each read by its own tolerant parser in ``importer``.
TEXT, AMOUNT, NUMBER, DATE, YES_NO, UNIT, REGION, DIVISION, FIELD, PLATFORM, STAGE, CREDIT = (
    "text",
    "amount",
    "number",
    "date",
    "yes_no",
    "unit",
    "region",
    "division",
    "field",
    "platform",
    "stage",
    "credit_code",
)


@dataclass(frozen=True)
class Column:
    key: str  # the Project field (or "credit_code") the column fills
    header: str  # the header in the template
    kind: str
    help: str
    example: str
    required: bool = False
    synonyms: tuple = ()
    max_length: int | None = None
    # Several source columns may feed this one (e.g. 建设内容 and 备注 into the description).
    joined: bool = False
    width: int = 14


COLUMNS = [
    Column(
        "name",
        "项目名称",
        TEXT,
        gettext_lazy("The project's name, up to 120 characters."),
        "年产50万吨特种钢材项目",
        required=True,
        synonyms=("项目", "项目名"),
        max_length=120,
        width=30,
    ),
    Column(
        "investor_name",
        "投资方",
        TEXT,
        gettext_lazy("The investing enterprise or person, up to 120 characters."),
        "北京中关村科技集团有限公司",
        required=True,
        synonyms=(
            "投资主体",
            "客商名称",
            "客商",
            "投资方名称",
            "投资单位",
            "投资企业",
            "投资商",
            "企业名称",
        ),
        max_length=120,
        width=28,
    ),
    Column(
        "origin_region",
        "来源地",
        REGION,
        gettext_lazy(
            "The investor's province (e.g. 北京 or 北京市) or country; a city after the "
            "province is allowed (江苏省苏州市)."
        ),
        "北京市",
        required=True,
        synonyms=("投资方来源地", "客商来源地", "项目来源地", "来源", "资金来源地"),
    ),
    Column(
        "industry",
        "行业",
        DIVISION,
        gettext_lazy(
            "The GB/T 4754-2017 division: its two-digit code, its name, or both "
            "(31 黑色金属冶炼和压延加工业)."
        ),
        "31 黑色金属冶炼和压延加工业",
        required=True,
        synonyms=("国民经济行业", "国民经济行业分类", "所属行业", "行业分类", "行业类别"),
        width=26,
    ),
    Column(
        "strategic_field",
        "战略性新兴产业",
        FIELD,
        gettext_lazy(
            "Optional: the strategic emerging field (code 1–9 or its name); leave empty if none."
        ),
        "3 新材料产业",
        synonyms=("战略性新兴产业分类", "战略新兴产业", "战新产业", "所属战略性新兴产业"),
        width=18,
    ),
    Column(
        "total_investment",
        "总投资（万元）",
        AMOUNT,
        gettext_lazy("In 10k yuan. A number, or an amount with its unit: 8000万元, 6亿, 1.2亿元."),
        "60000",
        required=True,
        synonyms=("计划总投资", "投资总额", "总投资额", "项目总投资", "投资额"),
    ),
    Column(
        "funds_in_place",
        "到位资金（万元）",
        AMOUNT,
        gettext_lazy("Optional, in 10k yuan; empty means none yet."),
        "0",
        synonyms=("实际到位资金", "累计到位资金", "到位资金额", "已到位资金", "资金到位"),
    ),
    Column(
        "signing_date",
        "签约日期",
        DATE,
        gettext_lazy("Optional. A date such as 2021-03-05, 2021.3.5 or 2021年3月5日."),
        "2021-03-05",
        synonyms=("签约时间",),
        width=12,
    ),
    Column(
        "signed_amount",
        "签约金额（万元）",
        AMOUNT,
        gettext_lazy("Optional, in 10k yuan."),
        "60000",
        synonyms=("签约额", "签约投资额", "合同金额", "协议金额"),
    ),
    Column(
        "platform",
        "承载平台",
        PLATFORM,
        gettext_lazy("Optional: the carrier platform's name as listed in the system."),
        "",
        synonyms=("平台", "落户平台", "所在平台", "载体"),
    ),
    Column(
        "site",
        "选址",
        TEXT,
        gettext_lazy("Optional: where the project will be built, up to 200 characters."),
        "经开区纬三路北侧",
        synonyms=("项目地址", "项目选址", "建设地点", "项目地点", "拟选址", "地址"),
        max_length=200,
        width=22,
    ),
    Column(
        "land_area_mu",
        "用地（亩）",
        NUMBER,
        gettext_lazy("Optional: land needed in mu."),
        "150",
        synonyms=("用地面积", "占地面积", "用地需求", "占地", "拟用地"),
        width=10,
    ),
    Column(
        "land_secured",
        "用地已落实",
        YES_NO,
        gettext_lazy("Optional: 是 or 否 — whether land or a building is secured."),
        "否",
        synonyms=("土地已落实", "用地落实", "土地落实", "土地厂房落实", "是否落实用地"),
        width=10,
    ),
    Column(
        "unit",
        "申报单位",
        UNIT,
        gettext_lazy(
            "The claiming unit: full name, short name or code. May be left empty when you "
            "import for your own unit only."
        ),
        "沧澜经济开发区",
        synonyms=("责任单位", "引进单位", "招商单位", "所属单位", "填报单位"),
        width=20,
    ),
    Column(
        "stage",
        "当前阶段",
        STAGE,
        gettext_lazy(
            "Empty means 洽谈. A ledger cannot carry files or the project team, so it can only "
            "claim stages that need neither (by default only 洽谈); move a project further on "
            "its page once the evidence is uploaded."
        ),
        "洽谈",
        synonyms=("项目阶段", "所处阶段", "进展阶段", "阶段"),
        width=10,
    ),
    Column(
        "next_action",
        "下一步工作",
        TEXT,
        gettext_lazy("Optional: the next thing to do, up to 200 characters."),
        "3月底前赴京洽谈合同条款",
        synonyms=("下步工作", "下一步计划", "下步打算", "下一步工作计划", "推进计划"),
        max_length=200,
        width=24,
    ),
    Column(
        "next_action_date",
        "下一步日期",
        DATE,
        gettext_lazy("Optional: by when the next action is due."),
        "2021-03-31",
        synonyms=("下步工作时限", "下一步时间", "计划完成时间", "完成时限"),
        width=12,
    ),
    Column(
        "start_date",
        "开工日期",
        DATE,
        gettext_lazy("Optional: construction start date."),
        "",
        synonyms=("开工时间",),
        width=12,
    ),
    Column(
        "production_date",
        "投产日期",
        DATE,
        gettext_lazy("Optional: production date."),
        "",
        synonyms=("投产时间",),
        width=12,
    ),
    Column(
        "credit_code",
        "统一社会信用代码",
        CREDIT,
        gettext_lazy(
            "Optional: the investor's 18-character code; it is checked, and the project is "
            "linked to that enterprise."
        ),
        "",
        synonyms=("信用代码", "社会信用代码", "企业信用代码"),
        width=22,
    ),
    Column(
        "description",
        "备注",
        TEXT,
        gettext_lazy("Optional: anything else. 建设内容 and 备注 columns are both kept here."),
        "",
        synonyms=("说明", "项目简介", "项目概况", "建设内容", "主要建设内容"),
        joined=True,
        width=24,
    ),
]
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = [column for column in COLUMNS if column.required]

# Columns real ledgers have that the register does not keep; they are not reported as unknown.
IGNORED = ("序号", "编号", "联系人", "联系电话", "联系方式", "填报人", "审核人")

_BRACKETED = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_NOISE = re.compile(r"[\s*＊:：/、\-—_.·]")
# Units written into a header; a plain number under such a header is in that unit.
_HEADER_UNITS = (("万美元", None), ("亿元", 10000), ("万元", 1), ("亿", 10000), ("万", 1))


def header_key(text):
    """The form under which a header is looked up: no brackets, units, spaces or markers."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    text = _NOISE.sub("", _BRACKETED.sub("", text))
    for suffix in ("万美元", "亿元", "万元", "亩"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
    return text


def header_multiplier(text):
    """How many 万元 one unit of a bare number under this header is; None when the header
    is in a foreign currency, which the register does not take in these columns."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    for unit, multiplier in _HEADER_UNITS:
        if unit in text:
            return multiplier
    if "元" in text:
        return "yuan"
    return 1


def _synonym_index():
    index = {}
    for column in COLUMNS:
        for name in (column.header, *column.synonyms):
            index[header_key(name)] = column.key
    return index


SYNONYMS = _synonym_index()
IGNORED_KEYS = frozenset(header_key(name) for name in IGNORED)


def match_header(text):
    """The column key a header names, or None."""
    return SYNONYMS.get(header_key(text))


def template_header(column):
    return ("*" if column.required else "") + column.header


# --- values: tolerant, pure; ``Unreadable`` carries the reason a clerk reads ------------


MAX_AMOUNT = Decimal("1e12")  # the register keeps 14 digits with 2 decimals


class Unreadable(ValueError):
    """A cell whose value cannot be read; the message is the reason shown to the user."""


def blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value):
    """A cell as the user typed it, for error messages."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()[:60]


def nfkc(value):
    return unicodedata.normalize("NFKC", str(value)).strip()


def clean_text(value):
    if blank(value):
        return ""
    if isinstance(value, datetime):
        return shown(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(亿元|亿|万元|万|元)?")
_UNIT_FACTORS = {"亿元": 10000, "亿": 10000, "万元": 1, "万": 1, "元": Decimal("0.0001")}


def _to_decimal(value):
    """A number cell as a Decimal; None for text (and for booleans, which are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: 1.2, not 1.19999…
        return Decimal(repr(value))
    return None


def parse_amount(value, multiplier=1):
    """An amount in 万元. ``multiplier`` is what a bare number means under this column's
    header (1 for 万元, 10000 for 亿元, "yuan" for 元); a unit written in the cell wins."""
    if blank(value):
        return None
    factor = Decimal("0.0001") if multiplier == "yuan" else Decimal(multiplier)
    number = _to_decimal(value)
    if number is None:
        text = nfkc(value).replace(",", "").replace(" ", "")
        match = _AMOUNT.fullmatch(text)
        if not match:
            raise Unreadable(_("cannot read the amount “%(value)s”") % {"value": shown(value)})
        number = Decimal(match.group(1))
        if match.group(2):
            factor = Decimal(_UNIT_FACTORS[match.group(2)])
    if not number.is_finite():
        raise Unreadable(_("cannot read the amount “%(value)s”") % {"value": shown(value)})
    if number < 0:
        raise Unreadable(_("the amount “%(value)s” is negative") % {"value": shown(value)})
    try:
        amount = (number * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except ArithmeticError:
        # More digits than a Decimal holds (InvalidOperation) or beyond its exponent (Overflow).
        amount = MAX_AMOUNT
    if amount >= MAX_AMOUNT:
        raise Unreadable(_("the amount “%(value)s” is too large") % {"value": shown(value)})
    return amount


_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(亩)?")


def parse_number(value):
    """A non-negative number with up to two decimals, e.g. land in 亩 ("150", "150亩")."""
    if blank(value):
        return None
    number = _to_decimal(value)
    if number is None:
        match = _NUMBER.fullmatch(nfkc(value).replace(",", "").replace(" ", ""))
        if not match:
            raise Unreadable(_("cannot read the number “%(value)s”") % {"value": shown(value)})
        number = Decimal(match.group(1))
    if not number.is_finite() or number < 0:
        raise Unreadable(_("cannot read the number “%(value)s”") % {"value": shown(value)})
    try:
        number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except ArithmeticError:
        # More digits than a Decimal holds: far beyond any area or count.
        number = Decimal("1e8")
    if number >= Decimal("1e8"):
        raise Unreadable(_("the number “%(value)s” is too large") % {"value": shown(value)})
    return number


_DATE = re.compile(
    r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"(\d{5})(?:\.0+)?")
FIRST_YEAR, LAST_YEAR = 1950, 2100


def _checked_date(year, month, day, value):
    try:
        result = date(year, month, day)
    except ValueError:
        raise Unreadable(
            _("there is no such date as “%(value)s”") % {"value": shown(value)}
        ) from None
    if not FIRST_YEAR <= result.year <= LAST_YEAR:
        raise Unreadable(_("the date “%(value)s” is out of range") % {"value": shown(value)})
    return result


def _from_serial(serial, value):
    # Excel counts days from 1900; 18264 is 1950-01-01 and 73051 is 2100-01-01.
    if not 18264 <= serial <= 73051:
        raise Unreadable(_("the date “%(value)s” is out of range") % {"value": shown(value)})
    return from_excel(serial).date()


def parse_date(value):
    """A date from a date cell, an Excel serial number (44260), 20210305, or text such as
    2021-03-05, 2021/3/5, 2021.3.5 and 2021年3月5日."""
    if blank(value):
        return None
    if isinstance(value, datetime):
        return _checked_date(value.year, value.month, value.day, value)
    if isinstance(value, date):
        return _checked_date(value.year, value.month, value.day, value)
    if isinstance(value, bool):
        raise Unreadable(_("cannot read the date “%(value)s”") % {"value": shown(value)})
    if isinstance(value, int | float):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            text = str(int(value))
            return _checked_date(int(text[:4]), int(text[4:6]), int(text[6:]), value)
        if float(value).is_integer():
            return _from_serial(int(value), value)
        raise Unreadable(_("cannot read the date “%(value)s”") % {"value": shown(value)})
    text = nfkc(value)
    for pattern in (_DATE, _COMPACT_DATE):
        match = pattern.fullmatch(text)
        if match:
            return _checked_date(*(int(g) for g in match.groups()), value)
    match = _SERIAL.fullmatch(text)
    if match:
        return _from_serial(int(match.group(1)), value)
    raise Unreadable(_("cannot read the date “%(value)s”") % {"value": shown(value)})


_YES = frozenset({"是", "有", "已落实", "落实", "y", "yes", "true", "1", "√", "✓", "✔"})
_NO = frozenset({"否", "无", "未落实", "n", "no", "false", "0", "×", "✗", "✘"})


def parse_yes_no(value):
    if blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = clean_text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise Unreadable(_("write 是 or 否, not “%(value)s”") % {"value": shown(value)})


def parse_credit_code(value):
    if blank(value):
        return None
    try:
        return clean_credit_code(clean_text(value))
    except ValidationError as exc:
        raise Unreadable(" ".join(exc.messages)) from None


# --- the template --------------------------------------------------------------------------

DATA_SHEET = "项目台账"
HELP_SHEET = "填写说明"
LISTS_SHEET = "选项"
TEMPLATE_ROWS = 20_000  # rows that carry the drop-down lists: as many as one import takes


# Requirements a ledger row can meet from its own columns; evidence files, the project team
# and a locally registered enterprise can only be supplied on the project page.
LEDGER_RULES = frozenset(
    {
        "signing_date",
        "signed_amount",
        "land_secured",
        "funds_in_place",
        "start_date",
        "production_date",
        "team_leader_role",
        # Checked only when a project moves on in the system: a ledger row records history that
        # the leading group's review and the procedure lists do not cover.
        "review_passed",
        "procedures_done",
    }
)


def reachable_stages():
    """Pipeline stages, in order, up to the last one a ledger row can claim."""
    from zhaoshang.projects.choices import StageKind
    from zhaoshang.projects.models import Stage

    reachable = []
    stages = Stage.objects.filter(kind=StageKind.PIPELINE).prefetch_related("requirements")
    for stage in stages.order_by("position"):
        if reachable and not {r.rule for r in stage.requirements.all()} <= LEDGER_RULES:
            break
        reachable.append(stage)
    return reachable


def template_choices(user):
    """The drop-down lists of the template: what a ledger row may name."""
    from zhaoshang.orgs.models import Unit
    from zhaoshang.projects.models import Platform
    from zhaoshang.reference.models import IndustryDivision, Region, StrategicField

    return {
        "unit": list(
            restrict(user, PROJECT_IMPORT, Unit)
            .filter(is_active=True)
            .values_list("name", flat=True)
        ),
        "stage": [stage.name for stage in reachable_stages()],
        "origin_region": list(Region.objects.values_list("name", flat=True)),
        "industry": [f"{d.code} {d.name}" for d in IndustryDivision.objects.order_by("code")],
        "strategic_field": [f"{f.code} {f.name}" for f in StrategicField.objects.order_by("code")],
        "platform": list(Platform.objects.values_list("name", flat=True)),
        "land_secured": ["是", "否"],
    }


def build_template(user):
    """The ledger template as xlsx bytes: the data sheet first (the importer reads the first
    sheet with a header row), then the instructions, then the hidden drop-down lists."""
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET
    data.append([template_header(column) for column in COLUMNS])
    fill = PatternFill("solid", fgColor="FDE9E7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = data.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B71C1C" if column.required else "000000")
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        data.column_dimensions[get_column_letter(index)].width = column.width
    data.freeze_panes = "A2"
    data.row_dimensions[1].height = 30

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    choices = template_choices(user)
    for list_index, key in enumerate(choices, start=1):
        values = choices[key]
        letter = get_column_letter(list_index)
        for row, value in enumerate(values, start=1):
            lists.cell(row=row, column=list_index, value=value)
        if not values:
            continue
        position = next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)
        target = get_column_letter(position)
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=True,
            # A warning, not a stop: the importer also reads codes and short names.
            errorStyle="warning",
        )
        validation.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
        data.add_data_validation(validation)

    _write_help(workbook.create_sheet(HELP_SHEET, 1))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_help(sheet):
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 8
    sheet.column_dimensions["C"].width = 70
    sheet.column_dimensions["D"].width = 30
    sheet.append([_("How to fill in the project ledger")])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in (
        _(
            "1. Enter one project per row on the sheet “%(sheet)s”, from row 2 on; do not "
            "change the header row."
        )
        % {"sheet": DATA_SHEET},
        _(
            "2. Columns marked * are required. Dates and amounts may be written the usual "
            "ways; amounts are in 10k yuan unless you write 亿 or 万 after the number."
        ),
        _(
            "3. Upload the file on the import page. You first see a preview listing every row "
            "that cannot be imported, with the column and the reason; nothing is saved until "
            "you confirm, and then either all rows are imported or none."
        ),
        _(
            "4. A row whose project, investor and claiming unit are already registered is "
            "skipped, so importing the same ledger again does not create duplicates."
        ),
        _(
            "5. A ledger cannot carry files or the project team, so rows are imported at 洽谈 "
            "unless the county's stage rules need neither. Upload the contract and other "
            "evidence on each project's page, then move the project to its real stage."
        ),
    ):
        sheet.append([line])
    sheet.append([])
    sheet.append([_("Column"), _("Required"), _("How to fill it in"), _("Example")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        sheet.append(
            [
                column.header,
                _("Yes") if column.required else "",
                str(column.help),
                column.example,
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
