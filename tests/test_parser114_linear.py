"""parser114: the patterns made linear read exactly as the quadratic ones they replace.

``drop_brackets`` replaces ``re.sub(r"\\([^)]*\\)|\\[[^\\]]*\\]|\\{[^}]*\\}", " ", text)``
(quadratic on a run of openers with no closer); ``_TABLE_RULE``, ``_TWO_CELLS`` and
``_DASH`` (labels.py) got possessive space runs and a first-space start. The timings are in
bench/RESULTS.md ("parser114") and ``bench/parser_adversarial.py``; these tests pin the
readings (no wall-clock asserts).
"""

from __future__ import annotations

import random
import re

import pytest

from protocols import labels
from protocols.domains import canonical_domain, drop_brackets

_ALL = {"(": ")", "[": "]", "{": "}"}
_OLD_GROUPS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_OLD_ROUND = re.compile(r"\([^)]*\)")
_OLD_RULE = re.compile(r"^\s*(?:>\s*)*\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?$")
_OLD_TWO = re.compile(r"^\|([^|]+)\|([^|]*)\|?\s*$")
_OLD_DASH = re.compile(r"\s+[\u2014\u2013-]\s+")


def _texts(alphabet: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16))) for _ in range(count)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Database (D1)", "Database  "),
        ("a (b (c) d) e", "a   d) e"),
        ("((((x", "((((x"),
        ("[a) (b]", " "),
        ("{a} [b] (c", "    (c"),
        ("(((", "((("),
        ("()", " "),
    ],
)
def test_drop_brackets_reads_as_the_pattern_it_replaces(text: str, expected: str) -> None:
    assert drop_brackets(text, _ALL) == expected == _OLD_GROUPS.sub(" ", text)


def test_drop_brackets_agrees_with_the_old_patterns_on_random_text() -> None:
    for text in _texts("()[]{}ab )(", 20000, 114):
        assert drop_brackets(text, _ALL) == _OLD_GROUPS.sub(" ", text), text
        assert drop_brackets(text, {"(": ")"}) == _OLD_ROUND.sub(" ", text), text


def test_a_domain_after_a_long_run_of_openers_reads_as_before() -> None:
    assert canonical_domain("Database " + "(" * 3000) == canonical_domain("Database (")
    assert canonical_domain("Database " + "[" * 3000 + " (D1)") == "database"


def test_guard_labels_patterns_agree_with_their_quadratic_forms() -> None:
    """Guard (passes on the start tree too, where the patterns are the old ones)."""
    for text in _texts(" \t|-:>a\u2014", 30000, 7) + _texts(" |---:", 30000, 8):
        assert (_OLD_RULE.match(text) is None) == (labels._TABLE_RULE.match(text) is None), text
        old, new = _OLD_TWO.match(text), labels._TWO_CELLS.match(text)
        assert (old and old.groups()) == (new and new.groups()), text
        old_dash, new_dash = _OLD_DASH.search(text), labels._DASH.search(text)
        assert (old_dash and old_dash.span()) == (new_dash and new_dash.span()), text
        assert _OLD_DASH.sub(": ", text, count=1) == labels._DASH.sub(": ", text, count=1)
