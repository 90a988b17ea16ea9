"""Cell values of an imported ledger: whatever a spreadsheet cell holds — text, whole and
fractional numbers, dates, booleans, nothing, huge and negative numbers, Chinese text — each
parser either reads it or names the reason (``Unreadable``, shown as a row error); it never
raises anything else. Amounts that are read are Decimals in 万元 with exactly two places.
"""

import datetime as dt
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from tests.properties.support import PURE, TEXT
from zhaoshang.projects import ledger

NUMBER_TEXT = st.tuples(
    st.sampled_from(["", " ", "-", "+", "约"]),
    st.from_regex(r"[0-9,]{1,40}(\.[0-9]{0,12})?", fullmatch=True),
    st.sampled_from(["", "亿元", "亿", "万元", "万", "元", "亩", "万美元", "e30", "E-5"]),
).map("".join)
CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(),
    st.floats(min_value=-1e20, max_value=1e20),
    st.decimals(),
    st.dates(),
    st.datetimes(),
    TEXT,
    NUMBER_TEXT,
    st.sampled_from(
        ["一千万", "壹佰万元", "五亿", "NaN", "Infinity", "1e999", "１２３４万元", "٣٤"]
    ),
)
PARSERS = [
    ledger.parse_number,
    ledger.parse_date,
    ledger.parse_yes_no,
    ledger.parse_credit_code,
    ledger.clean_text,
    ledger.shown,
]


@PURE
@given(value=CELLS, multiplier=st.sampled_from([1, 10000, "yuan"]))
# Found by this property: more digits than a Decimal holds raised InvalidOperation.
@example(value=10**22, multiplier=10000)
@example(value="1" * 40, multiplier=1)
def test_any_cell_is_read_as_an_amount_or_refused_with_a_reason(value, multiplier):
    try:
        amount = ledger.parse_amount(value, multiplier)
    except ledger.Unreadable as exc:
        assert str(exc)
        return
    if amount is None:
        assert ledger.blank(value)
        return
    assert isinstance(amount, Decimal)
    assert amount.as_tuple().exponent == -2
    assert Decimal(0) <= amount < ledger.MAX_AMOUNT


@PURE
@given(value=CELLS)
@example(value=10**30)
def test_every_other_cell_parser_reads_or_refuses_with_a_reason(value):
    for parse in PARSERS:
        try:
            parse(value)
        except ledger.Unreadable as exc:
            assert str(exc), parse


@PURE
@given(
    cents=st.integers(min_value=0, max_value=int(ledger.MAX_AMOUNT * 100) - 1),
    form=st.sampled_from(["decimal", "text", "text-unit", "thousands", "float"]),
)
def test_a_valid_amount_reads_back_as_the_same_decimal_with_two_places(cents, form):
    amount = Decimal(cents).scaleb(-2)
    cell = {
        "decimal": amount,
        "text": str(amount),
        "text-unit": f"{amount}万元",
        "thousands": f"{amount:,}",
        "float": float(amount),
    }[form]
    read = ledger.parse_amount(cell)
    if form == "float" and cents >= 10**15:
        # Beyond 15 significant digits a float no longer holds every cent.
        assert abs(read - amount) <= Decimal("1")
    else:
        assert read == amount
    assert read.as_tuple().exponent == -2


@PURE
@given(day=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_a_date_reads_back_from_every_spelling_of_it(day):
    spellings = [
        day,
        dt.datetime.combine(day, dt.time(9, 30)),
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
        int(day.strftime("%Y%m%d")),
    ]
    for spelling in spellings:
        assert ledger.parse_date(spelling) == day, spelling
