"""Investor identity: the GB 32100-2015 credit code check and the name keys.

Proves that every code built with the computed check character is accepted in any spelling a
clerk may type, that any single wrong character is refused, that cleaning is idempotent and
that arbitrary text is refused only with ValidationError; and that the name key under which
investors and projects meet is idempotent and ignores spaces, full-width forms, brackets,
legal-form suffixes and leading place names.
"""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, example, given
from hypothesis import strategies as st

from tests.properties.support import ASCII_WORD, CJK, PURE, TEXT, credit_codes, fullwidth
from zhaoshang.projects.identity import (
    _CITIES,
    _PROVINCES,
    _SUFFIXES,
    CODE_CHARS,
    clean_credit_code,
    is_valid_credit_code,
    normalise_name,
)

# --- credit code ---------------------------------------------------------------------------


@PURE
@given(code=credit_codes(), spaced=st.lists(st.integers(0, 18), max_size=4), data=st.data())
def test_a_code_with_its_computed_check_character_is_accepted_however_it_is_typed(
    code, spaced, data
):
    typed = code.lower() if data.draw(st.booleans(), "lower") else code
    typed = fullwidth(typed) if data.draw(st.booleans(), "full-width") else typed
    for position in sorted(spaced, reverse=True):
        typed = typed[:position] + " " + typed[position:]
    typed = data.draw(st.sampled_from(["", " ", "\u3000", "\t"]), "pad") + typed + "  "
    assert clean_credit_code(typed) == code
    assert is_valid_credit_code(typed)


@PURE
@given(code=credit_codes(), position=st.integers(0, 17), data=st.data())
def test_any_single_changed_character_is_refused(code, position, data):
    replacement = data.draw(
        st.one_of(st.sampled_from(CODE_CHARS), st.sampled_from("IOSVZ"), CJK), "replacement"
    )
    assume(replacement != code[position])
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(ValidationError) as refused:
        clean_credit_code(changed)
    assert refused.value.messages and all(refused.value.messages)


@PURE
@given(code=credit_codes(), a=st.integers(0, 16), b=st.integers(0, 16))
def test_cleaning_is_idempotent_and_adjacent_swaps_of_distinct_characters_are_caught(code, a, b):
    assert clean_credit_code(clean_credit_code(code)) == code
    if b == a + 1 and code[a] != code[b]:
        swapped = code[:a] + code[b] + code[a] + code[b + 1 :]
        # The weights 3^i mod 31 differ for neighbours, so a transposition changes the check.
        assert not is_valid_credit_code(swapped)


@PURE
@given(value=st.one_of(st.none(), TEXT, st.text(alphabet=CODE_CHARS + "iosvz ", max_size=20)))
def test_arbitrary_text_is_cleaned_or_refused_with_a_validation_error(value):
    try:
        code = clean_credit_code(value)
    except ValidationError as exc:
        assert exc.messages and all(exc.messages)
        return
    assert len(code) == 18 and set(code) <= set(CODE_CHARS)
    assert clean_credit_code(code) == code


# --- name keys -----------------------------------------------------------------------------

PLACE = st.one_of(
    st.sampled_from(_PROVINCES).map(lambda p: p),
    st.tuples(st.sampled_from(_PROVINCES), st.sampled_from(["", "省", "市", "自治区"])).map(
        "".join
    ),
    st.tuples(st.sampled_from(_CITIES), st.sampled_from(["", "市"])).map("".join),
)
SUFFIX = st.sampled_from(_SUFFIXES)
# A name's distinctive part: starts with a character that is no place and no suffix, so that
# what the key drops is only what a property adds.
CORE = st.tuples(
    st.sampled_from("钢纸热纺农食猪鸡奶果海装电材能生环物文数光风氢"),
    st.text(st.one_of(CJK, st.sampled_from("0123456789abcxyz")), max_size=12),
).map("".join)
NAME = st.one_of(
    TEXT,
    st.lists(
        st.one_of(PLACE, SUFFIX, CORE, ASCII_WORD, st.sampled_from("（）() 　")), max_size=6
    ).map("".join),
)


@PURE
@given(name=NAME)
# Found by this property: two leading place names, a shorter suffix cutting a longer one, and a
# space-joined combining accent left the key changing when normalised again.
@example(name="北京北京0")
@example(name="钢有限责任公司集团公司")
@example(name="A´")
def test_the_name_key_is_idempotent(name):
    key = normalise_name(name)
    assert normalise_name(key) == key
    assert len(key) <= 120


@PURE
@given(core=CORE, words=st.lists(st.one_of(CORE, ASCII_WORD), max_size=3), data=st.data())
def test_the_name_key_ignores_spaces_width_and_brackets(core, words, data):
    name = core + "".join(words)
    spelled = list(name)
    for _ in range(data.draw(st.integers(0, 4), "marks")):
        position = data.draw(st.integers(0, len(spelled)), "position")
        spelled.insert(position, data.draw(st.sampled_from(" 　\t()（）【】[]"), "mark"))
    variant = "".join(spelled)
    if data.draw(st.booleans(), "full-width"):
        variant = fullwidth(variant)
    if data.draw(st.booleans(), "upper"):
        variant = variant.upper()
    assert normalise_name(variant) == normalise_name(name)


@PURE
@given(core=CORE, places=st.lists(PLACE, max_size=3), suffixes=st.lists(SUFFIX, max_size=3))
def test_the_name_key_ignores_leading_places_and_legal_form_suffixes(core, places, suffixes):
    bare = normalise_name(core)
    assert normalise_name("".join(places) + core + "".join(suffixes)) == bare
    assert normalise_name("".join(places) + "（" + core + "）" + "".join(suffixes)) == bare
