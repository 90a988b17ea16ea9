"""Settings and strategies shared by the property-based tests.

Every property runs derandomized (the same examples on every run and machine) and keeps no
example database, so a failure found once is found again by the same command.
"""

import string

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from zhaoshang.projects.identity import CODE_CHARS, credit_code_check_char

# Pure functions: cheap, so many examples.
PURE = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=300,
    print_blob=False,
)
# Examples that touch the database or the test client: fewer, and pytest fixtures are shared
# between the examples of one test on purpose (each example undoes its own writes or checks
# only deltas).
DB = settings(
    PURE,
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Characters that ledgers and forms really carry, plus the awkward ones.
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
AWKWARD = st.sampled_from(
    list("（）()【】[]　 \t\n\r\u200b\ufeff\u00a0,，.。、-—_*＊/\\'\"<>&%$#@!=+;:：")
    + ["\x00", "\ud7ff", "𠀀", "ｱ", "①", "Ⅻ", "㈱", "㍿", "ﬃ", "ß", "İ", "\u0301"]
)
TEXT = st.text(st.one_of(CJK, st.characters(), AWKWARD), max_size=60)


@st.composite
def credit_codes(draw):
    """A valid unified social credit code: 17 drawn characters and their check character."""
    first17 = draw(st.text(alphabet=CODE_CHARS, min_size=17, max_size=17))
    return first17 + credit_code_check_char(first17)


def fullwidth(text):
    """Printable ASCII in its full-width form (what a Chinese input method types)."""
    return "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text
    )


ASCII_WORD = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=6)
