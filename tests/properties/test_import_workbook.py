"""Ledger import of generated workbooks: rows drawn valid or broken in one of the ways a real
ledger is (unreadable, negative or absurdly large amounts, unknown regions and industries,
missing names, another unit's rows, a row repeated) and mixed in any order. The preview names
exactly the broken rows, and the import is all-or-nothing: it registers every valid row when
there is no broken one and nothing at all — no project, no audit event — otherwise.
"""

import hashlib
import io
import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from tests.properties.support import DB
from zhaoshang.core.models import AuditEvent
from zhaoshang.projects import importer
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db

HEADERS = ["项目名称", "投资方", "来源地", "行业", "总投资（万元）", "申报单位"]
# Every example registers projects of its own: names must never repeat across examples.
_SERIAL = itertools.count(1)
WORDS = "钢纸热纺农食猪鸡奶果海装电材能生环物文数光风氢"

AMOUNTS = st.one_of(
    st.decimals(min_value=1, max_value=10**6, places=2),
    st.integers(1, 10**6),
    st.decimals(min_value=1, max_value=9999, places=2).map(lambda d: f"{d}万元"),
    st.integers(1, 99).map(lambda n: f"{n}亿"),
)
BROKEN = {
    "amount": (
        "总投资（万元）",
        st.sampled_from(["约六个亿", "-5", -3, 10**22, 10**40, "1" * 40, "五千万"]),
    ),
    "region": ("来源地", st.sampled_from(["火星", "外星球", "123"])),
    "industry": ("行业", st.sampled_from(["99", "00 不存在的行业", "外星产业"])),
    "name": ("项目名称", st.sampled_from(["", "   ", "项" * 121])),
    "unit": ("申报单位", st.sampled_from(["城关镇", "没有这个单位"])),
}


@st.composite
def ledgers(draw):
    """Rows as written to the sheet, and for each whether it is broken."""
    rows, broken = [], []
    for _ in range(draw(st.integers(1, 8), "rows")):
        serial = next(_SERIAL)
        word = "".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=3), "word"))
        row = {
            "项目名称": f"{word}产业化项目（第{serial}期）",
            "投资方": f"沧澜{word}{serial}科技有限公司",
            "来源地": draw(st.sampled_from(["北京", "上海市", "江苏省苏州市", "日本"]), "region"),
            "行业": draw(st.sampled_from(["31", "22 造纸和纸制品业", "35", 39]), "industry"),
            "总投资（万元）": draw(AMOUNTS, "amount"),
            "申报单位": draw(st.sampled_from(["", "zone1", "沧澜经济开发区"]), "unit"),
        }
        how = draw(st.sampled_from([None, None, None, "repeat", *BROKEN]), "broken")
        if how == "repeat" and rows:
            row = dict(rows[draw(st.integers(0, len(rows) - 1), "repeats")])
        elif how in BROKEN:
            column, values = BROKEN[how]
            row[column] = draw(values, how)
        rows.append(row)
        broken.append(how is not None and (how != "repeat" or len(rows) > 1))
    return rows, broken


def _workbook(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row[h] for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _state():
    return Project.objects.count(), AuditEvent.objects.count()


@DB
@given(ledger=ledgers())
def test_preview_names_exactly_the_broken_rows_and_the_import_is_all_or_nothing(ledger, cast):
    rows, broken = ledger
    staff = cast["unit_a_staff"]
    data = _workbook(rows)
    # The header is row 1: the n-th data row is row n + 1 of the sheet.
    expected_bad = {index + 2 for index, bad in enumerate(broken) if bad}
    previewed = importer.preview(data, staff)
    assert not previewed.errors
    assert {row.number for row in previewed.bad_rows} == expected_bad
    assert all(error.message for error in previewed.row_errors)
    for row in previewed.rows:
        if not row.errors:
            amount = row.fields["total_investment"]
            assert isinstance(amount, Decimal) and amount.as_tuple().exponent == -2
    before = _state()
    outcome = importer.import_ledger(
        actor=staff, data=data, file_name="台账.xlsx", sha256=hashlib.sha256(data).hexdigest()
    )
    if expected_bad:
        assert outcome.errors and outcome.created == []
        assert {e.row for e in outcome.errors if isinstance(e, importer.RowError)} == expected_bad
        assert _state() == before
    else:
        assert not outcome.errors
        assert len(outcome.created) == len(rows)
        projects, events = _state()
        # One audit event per project from the service, and one for the import.
        assert (projects, events) == (before[0] + len(rows), before[1] + len(rows) + 1)
        created = Project.objects.filter(code__in=outcome.created)
        assert sorted(created.values_list("name", flat=True)) == sorted(r["项目名称"] for r in rows)
