"""A third blind corpus of final messages (tests/data/reports-real112.yaml) read exactly.

Written before reading the parser's rules again: terse and chatty styles, English and
Ukrainian, code fences, tables, other agents' answers quoted or introduced without a
possessive (*"Here is the DBA answer:"*), samples in docs-like answers, reports cut by
max_tokens, reports followed by a trailing remark, one combined label (``**Changes / Files:**``)
and a Required whose parenthesis names the need (``unknown (the vendor's region)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_hop2_plain_parser import canonical_texts, differences
from tests.test_parser107_real import outcome, text_of
from tests.test_protocols_hardcases import load_cases

CASES = load_cases(Path(__file__).parent / "data" / "reports-real112.yaml")


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c["id"]))
def test_real112_case(case: dict[str, Any]) -> None:
    assert outcome(case) == []


def test_corpus112_is_a_real_mix() -> None:
    kinds = [c["expect"].get("error") for c in CASES]
    assert 80 <= len(CASES) <= 120 and len({c["id"] for c in CASES}) == len(CASES)
    assert kinds.count("no_report") >= 10 and kinds.count("malformed") >= 10
    assert set(kinds) == {None, "no_report", "malformed"}


def test_corpus112_reads_the_same_by_every_reader() -> None:
    """Guard: the seed pattern, the one-pass reader and the general grammar agree on every
    text of the corpus and on its canonical renderings."""
    texts = [text_of(c) for c in CASES]
    wrong, plain = differences(texts + canonical_texts(texts))
    assert wrong == []
    assert plain > 0
