"""A third blind corpus of final messages (tests/data/reports-real112.yaml) read exactly.

Written before reading the parser's rules again: terse and chatty styles, English and
Ukrainian, code fences, tables, other agents' answers quoted or introduced without a
possessive (*"Here is the DBA answer:"*), samples in docs-like answers, reports cut by
max_tokens, reports followed by a trailing remark, one combined label (``**Changes / Files:**``)
and a Required whose parenthesis names the need (``unknown (the vendor's region)``).
"""

from __future__ import annotations

from typing import Any

import pytest

from protocols import ReportParseError, Status, parse_report
from tests.test_parser107_real import (
    assert_a_real_mix,
    assert_every_reader_agrees,
    assert_required,
    assert_status,
    outcome,
    real_cases,
)

CASES = real_cases("real112")


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c["id"]))
def test_real112_case(case: dict[str, Any]) -> None:
    assert outcome(case) == []


def test_corpus112_is_a_real_mix() -> None:
    assert 80 <= len(CASES) <= 120
    assert_a_real_mix(CASES, no_report=10, malformed=10)


def test_corpus112_reads_the_same_by_every_reader() -> None:
    """Guard: the seed pattern, the one-pass reader and the general grammar agree on every
    text of the corpus and on its canonical renderings."""
    assert_every_reader_agrees(CASES)


_OTHERS = "no report of the agent's own"
_DBA_REPORT = (
    "✅ Index added\n\n**Files:** backend/alembic/versions/0042_idx.py\n**Status:** Complete\n"
)


@pytest.mark.parametrize(
    "intro",
    [
        "Here is the DBA answer:",
        "Below is the backend architect response, for your reference:",
        "### Database engineer answer",
        "Here is the security reviewer reply on the token logs:",
        "A blocked specialist ends its answer like this:",
        "## Usage",
    ],
)
def test_an_answer_or_sample_named_without_a_possessive_is_not_the_agents(intro: str) -> None:
    with pytest.raises(ReportParseError, match=_OTHERS):
        parse_report(f"{intro}\n\n{_DBA_REPORT}")


@pytest.mark.parametrize(
    "intro",
    [
        "Agent report:",
        "Here is the frontend result:",
        "I fixed the agent reply handler:",
        "I asked an engineer, and here is my report:",
        "As a backend specialist I did the following:",
    ],
)
def test_an_own_report_under_a_line_naming_a_party_stays_own(intro: str) -> None:
    """Guard: *report* / *result* without a possessive, an answer word followed by a noun,
    and the agent speaking of itself introduce no one else's answer when the parser is not
    told who wrote the text (kept by parser116: told, *"Here is the frontend result:"* in a
    backend agent's message is the frontend agent's, ``tests/test_parser116_identity.py``)."""
    assert parse_report(f"{intro}\n\n{_DBA_REPORT}").status is Status.COMPLETE


@pytest.mark.parametrize(
    ("label", "files"),
    [
        ("**Changes / Files:**", ["a.py", "b.py"]),
        ("**Files & Changes:**", ["a.py", "b.py"]),
        ("### Changes and files", ["a.py", "b.py"]),
        ("**Зміни та файли:**", ["a.py", "b.py"]),
    ],
)
def test_one_label_naming_both_lists_fills_both(label: str, files: list[str]) -> None:
    text = f"✅ Pagination\n\n{label}\n- `a.py` — `limit`, `offset`\n- `b.py` — skip\n\n"
    report = parse_report(text + "**Status:** Complete\n")
    assert (report.files, len(report.changes)) == (files, 2)


@pytest.mark.parametrize(
    ("required", "refused"),
    [
        ("unknown (the vendor's region)", False),
        ("TBD (the Stripe signing secret)", False),
        ("невідомо (API-ключ провайдера)", False),
        ("unknown (depends on the vendor)", True),
        ("TBD (not sure yet)", True),
        ("unknown (need to check)", True),
        ("невідомо (залежить від вендора)", True),
        ("unknown (?)", True),
    ],
)
def test_a_required_aside_names_the_need_unless_it_hedges(required: str, refused: bool) -> None:
    text = f"⛔ S3\n\n**Status:** Blocked\n**Domain:** DevOps\n**Required:** {required}\n"
    assert_required(text, required, refused)


def test_a_second_report_with_its_own_summary_is_no_continuation() -> None:
    """A cut second report (its own ``✅`` line) is not joined to the status-only report
    above it: the final report has no status, and the text is refused."""
    text = (
        "✅ First try\n\n**Status:** Complete\n\nOn reflection, a correction:\n\n"
        "✅ Export with archived rows\n\n**Changes:**\n- archived rows\n\n**Files:**\n- a.py\n"
    )
    with pytest.raises(ReportParseError, match="final report has no 'Status:'"):
        parse_report(text)


@pytest.mark.parametrize(
    ("status", "refused"),
    [
        ("Complete (needs security review before merge)", True),
        ("Done, requires a DBA review", True),
        ("Complete (needs no review)", False),
        ("Needs security review", False),
    ],
)
def test_a_review_of_a_named_kind_is_needs_review(status: str, refused: bool) -> None:
    text = f"✅ Argon2\n\n**Files:** a.py\n**Status:** {status}\n"
    assert_status(text, refused, Status.COMPLETE, Status.NEEDS_REVIEW)


def test_a_table_rule_is_no_summary() -> None:
    text = "| Field | Value |\n|---|---|\n| **Status** | Complete |\n| **Files** | a.py |\n"
    assert parse_report(text).summary == ""
