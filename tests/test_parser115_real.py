"""A fifth blind corpus of final messages (tests/data/reports-real115.yaml) read exactly.

Written before reading the parser's rules: an agent relaying a consultant's report before its
own (or instead of one), reports after a long diff, Status given twice (a draft then the final),
hedged statuses in English and Ukrainian, Status words in other casing or with emoji, ``Files:``
drawn as a tree, Blocked naming two domains, and reports in a blockquote the agent means as its
own.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_parser107_real import (
    assert_a_real_mix,
    assert_every_reader_agrees,
    outcome,
    real_cases,
)

CASES = real_cases("real115")


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c["id"]))
def test_real115_case(case: dict[str, Any]) -> None:
    assert outcome(case) == []


def test_corpus115_is_a_real_mix() -> None:
    assert len(CASES) == 100
    assert_a_real_mix(CASES, no_report=7, malformed=10)


def test_corpus115_reads_the_same_by_every_reader() -> None:
    """Guard: the seed pattern, the one-pass reader and the general grammar agree on every
    text of the corpus and on its canonical renderings."""
    assert_every_reader_agrees(CASES)
