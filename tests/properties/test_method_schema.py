"""The assessment method document: any JSON-like document, and any text read as YAML or JSON,
is either accepted or refused with ValidationError — never another exception, which would be
a server error on the method pages. What ``validate`` returns is a fixed point of it, and it
survives being written out as JSON or YAML and read back.
"""

import copy
from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.assessment.methods import DOCS, load_method
from tests.properties.support import PURE, TEXT
from zhaoshang.assessment import schema

EXAMPLES = sorted(p.name for p in DOCS.glob("*.yaml"))
KEYS = st.one_of(
    st.sampled_from(
        [
            "schema",
            "name",
            "qualifying",
            "indicators",
            "rounding",
            "tiers",
            "levels",
            "code",
            "codes",
            "metric",
            "scoring",
            "method",
            "source",
            "measure",
            "where",
            "points",
            "bands",
            "min",
            "max",
            "places",
            "weight",
            "top",
            "min_score",
            "min_investment_by_group",
            "excluded_industries",
            "type",
            "sector",
            "stage",
        ]
    ),
    st.text(max_size=8),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(10**12), 10**12),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(["30", "1.5", "1e3", "-0", "0E-10", "四十", "NaN", "bands", "items"]),
    st.sampled_from(schema.METHODS + schema.SOURCES + schema.PROJECT_TYPES),
)
JSONISH = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=20,
)


def _paths(value, here=()):
    yield here
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*here, index))


@st.composite
def mutated_examples(draw):
    """A documented example with a few places changed: reaches the deep checks that a wholly
    random document never gets past."""
    document = copy.deepcopy(load_method(draw(st.sampled_from(EXAMPLES))))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(document))[1:]))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent[path[-1]], dict):
            parent[path[-1]][draw(KEYS)] = draw(JSONISH)
        else:
            parent[path[-1]] = draw(JSONISH)
    return document


def maybe(strategy):
    """Mostly a plausible value, sometimes anything at all."""
    return st.one_of(strategy, strategy, SCALARS, JSONISH)


def record(**fields):
    """A mapping whose every key may be absent."""
    return maybe(st.fixed_dictionaries({}, optional={k: maybe(v) for k, v in fields.items()}))


NUMBER = st.one_of(
    st.integers(-1000, 1000).map(str), st.decimals(-1000, 1000, places=3).map(str), st.integers()
)
CODES = st.text(st.sampled_from("abcxyz_0123456789"), min_size=1, max_size=6)
WHERE = record(
    sector=st.sampled_from([1, 2, 3]),
    strategic=st.booleans(),
    major=st.booleans(),
    carried_over=st.booleans(),
    stage=st.sampled_from(["landed", "signed", "paused"]),
    type=st.one_of(
        st.sampled_from(schema.PROJECT_TYPES), st.lists(st.sampled_from(schema.PROJECT_TYPES))
    ),
)
BAND = record(
    label=st.text(max_size=8),
    points=NUMBER,
    field=st.sampled_from(schema.PROJECT_MEASURES),
    min=NUMBER,
    max=NUMBER,
    major=st.booleans(),
    stage=st.sampled_from(["landed", "started"]),
)
METRIC = record(
    source=st.sampled_from(schema.SOURCES),
    measure=st.sampled_from(
        [
            *schema.PROJECT_MEASURES,
            "late",
            "missing",
            "overdue_start",
            "falsified",
            "average",
            "sum",
        ]
    ),
    where=WHERE,
    code=CODES,
    codes=st.lists(CODES, max_size=3),
)
SCORING = record(
    method=st.sampled_from(schema.METHODS),
    target=st.sampled_from(["landed", "total_investment", "nothing"]),
    points=st.one_of(NUMBER, st.lists(NUMBER, max_size=4)),
    cap=NUMBER,
    cap_ratio=NUMBER,
    cap_points=NUMBER,
    no_target=st.sampled_from(["zero", "full", "half"]),
    base=NUMBER,
    span=NUMBER,
    equal=st.sampled_from(schema.EQUAL_CASES),
    bands=st.lists(BAND, max_size=3),
    others=NUMBER,
    factor=NUMBER,
)
INDICATOR = record(
    code=CODES,
    name=st.text(max_size=10),
    metric=METRIC,
    scoring=SCORING,
    weight=NUMBER,
    places=st.integers(0, 8),
)
GRAMMAR = record(
    schema=st.just(1),
    name=st.text(min_size=1, max_size=10),
    qualifying=record(
        landed_stage=st.sampled_from(["landed", "started"]),
        exclude_local_investors=st.booleans(),
        excluded_industries=st.lists(st.sampled_from(["70", " k ", "01"])),
        min_investment=NUMBER,
        min_investment_by_group=st.dictionaries(st.sampled_from(["towns", "zones", "x"]), NUMBER),
        count_once=st.booleans(),
        carry_over_months=st.integers(-1, 13),
    ),
    indicators=st.lists(INDICATOR, min_size=1, max_size=3),
    rounding=record(places=st.integers(-1, 7), each_indicator=st.booleans()),
    tiers=record(
        levels=st.lists(
            record(
                name=st.text(min_size=1, max_size=4),
                top=st.integers(0, 5),
                top_percent=st.integers(1, 100),
                min_score=NUMBER,
            ),
            max_size=3,
        ),
        otherwise=st.text(max_size=4),
    ),
)
DOCUMENTS = st.one_of(JSONISH, GRAMMAR, GRAMMAR, mutated_examples())


def _numbers(value, key=None):
    """The document with every number written as a Decimal: YAML writes 100 for "1E+2"."""
    if isinstance(value, dict):
        return {
            k: _numbers(v, k if key != "min_investment_by_group" else key) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_numbers(v, key) for v in value]
    if key in schema.NUMERIC_KEYS and isinstance(value, str):
        return Decimal(value)
    return value


def _validate(document, **known):
    try:
        return schema.validate(document, **known)
    except ValidationError as exc:
        assert exc.messages and all(isinstance(m, str) and m for m in exc.messages)
        return None


@settings(PURE, max_examples=300)
@given(document=DOCUMENTS)
# Found by this property: each raised TypeError instead of a refusal.
@example(document={"name": "x", "indicators": [{"code": ["a"]}]})
@example(document={"name": "x", "tiers": {"levels": True}})
@example(
    document={
        "name": "x",
        "indicators": [
            {"code": "a", "metric": {"source": "items", "codes": 5}, "scoring": {"method": "rank"}}
        ],
    }
)
def test_any_document_is_accepted_or_refused_and_what_is_accepted_is_a_fixed_point(document):
    normalised = _validate(document)
    if normalised is None:
        return
    assert schema.validate(normalised) == normalised
    assert schema.validate(schema.parse(schema.dump_json(normalised))) == normalised
    from_yaml = schema.validate(schema.parse(schema.dump_yaml(normalised)))
    assert _numbers(from_yaml) == _numbers(normalised)


@PURE
@given(
    document=st.one_of(GRAMMAR, mutated_examples()),
    stages=st.sets(st.sampled_from(["landed", "signed", "x"])),
)
def test_known_stages_and_groups_only_add_refusals(document, stages):
    with_codes = _validate(document, stages=stages, groups={"towns", "zones"})
    if with_codes is not None:
        assert _validate(document) == with_codes


LINES = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "name: 方法",
            "indicators:",
            "  - code: a",
            "a: 2025-02-30",
            "a: !!int abc",
            "a: !!timestamp x",
            "a: !!float x",
            "a: " + "9" * 5000,
            "a: 0x" + "f" * 4000,
            "[" * 200,
            "{a: [1, {b: 2}]}",
            "? [a]\n: 1",
            "a: &x 1\nb: *x",
            "a: !!python/name:os.system",
        ]
    ),
)


@PURE
@given(lines=st.lists(LINES, max_size=5))
# Found by this property: YAML's constructors raised ValueError and AttributeError.
@example(lines=["a: 2025-02-30"])
@example(lines=["a: " + "9" * 5000])
@example(lines=["a: !!timestamp x"])
def test_any_text_is_read_or_refused_with_a_validation_error(lines):
    try:
        document = schema.parse("\n".join(lines))
    except ValidationError as exc:
        assert exc.messages and all(exc.messages)
        return
    _validate(document)
