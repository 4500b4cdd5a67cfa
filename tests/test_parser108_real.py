"""A second blind corpus of final messages (tests/data/reports-real108.yaml) read exactly.

Written before reading the parser: markdown variety, Status with extra words, Domain in odd
forms (``DB / database-engineer``, ``Domain — frontend``, ``O1 / DevOps``), trailing chatter,
the agent's own report wrapped in ``<report>`` or a fence, Ukrainian and mixed labels, CRLF, and
hard negatives (another agent's report quoted first, a template first, no report, two reports
where the last is the own one, report-shaped lines inside a diff).

Seven cases failed on the start tree (940ac86f) and are mended by general rules
(``docs/report-parser.md``): ``bold-italic-labels``, ``mixed-slash-labels``,
``domain-plain-em-dash``, ``blocked-required-tbd``, ``own-report-as-blockquote-callout``,
``no-report-summary-only``, ``quoted-json-report-then-own``. The others are guards: the start
tree already read them right.
"""

from __future__ import annotations

from typing import Any

import pytest

from protocols import ReportParseError, parse_report
from tests.test_parser107_real import (
    assert_a_real_mix,
    assert_every_reader_agrees,
    assert_required,
    outcome,
    real_cases,
)

CASES = real_cases("real108")


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c["id"]))
def test_real108_case(case: dict[str, Any]) -> None:
    assert outcome(case) == []


def test_corpus108_is_a_real_mix() -> None:
    assert len(CASES) >= 100
    assert_a_real_mix(CASES, no_report=10, malformed=9)


def test_corpus108_reads_the_same_by_every_reader() -> None:
    """Guard: the seed pattern, the one-pass reader and the general grammar agree on every
    text of the corpus and on its canonical renderings."""
    assert_every_reader_agrees(CASES)


def test_plain_colon_status_lends_its_dash_only_to_the_blocked_trailers() -> None:
    """Guard: beside a plain ``Status: Complete``, ``Files - none changed, ...`` stays prose;
    ``Domain — frontend`` beside ``Status: Blocked`` is the Domain."""
    prose = parse_report("Status: Complete\nFiles - none changed, I only read the code.\n")
    assert prose.files == []
    blocked = parse_report("Form\nStatus: Blocked\nDomain — frontend\nRequired: FormData\n")
    assert (blocked.domain, blocked.required) == ("frontend", "FormData")


@pytest.mark.parametrize(
    ("required", "refused"),
    [
        ("TBD", True),
        ("unknown (depends on the vendor)", True),
        ("?", True),
        ("TBD - the vendor's API key", False),
        ("unknown vendor key rotated", False),
    ],
)
def test_required_naming_nothing_yet_is_refused(required: str, refused: bool) -> None:
    text = f"✅ Worker\n\n**Status:** Blocked\n**Domain:** DevOps\n**Required:** {required}\n"
    assert_required(text, required, refused)


def test_an_attributed_alert_blockquote_stays_anothers() -> None:
    """Guard: an attribution above a ``> [!NOTE]`` callout makes it another agent's."""
    text = "The DBA replied:\n\n> [!NOTE]\n> ✅ Index\n>\n> **Status:** Complete\n"
    with pytest.raises(ReportParseError, match="quoted from another agent"):
        parse_report(text)
