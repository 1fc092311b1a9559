"""Hostile input: what a careless client, a fuzzer or an attacker sends instead of a form."""

from contextlib import contextmanager

from django.db import transaction
from hypothesis import strategies as st

#: Strings that have broken software before: formulas, markup, SQL, control and bidi characters.
NASTY = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\t",
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "'",
    '"',
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "Robert'); DROP TABLE quizzes_attempt;--",
    "{{ 7*7 }}",
    "%s%s%n",
    "../../etc/passwd",
    "\u202eevil",
    "\ufeff",
    "\ud7ff\ue000",
    "أمينة",
    "张伟",
    "🙂" * 3,
    "NaN",
    "1e309",
    "-1",
    "0",
    "99999999999999999999999999",
    "true",
    "null",
    "[]",
    "{}",
)

#: Any text a form field could carry (no surrogates: they cannot be UTF-8 encoded).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    text,
    st.from_regex(r"-?[0-9]{1,30}", fullmatch=True),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.builds(lambda c, n: c * n, st.sampled_from("x9\x00é"), st.integers(1_000, 30_000)),
)


@contextmanager
def rolled_back():
    """Undo everything one example wrote, so the next one starts from the same state."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
