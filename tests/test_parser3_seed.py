"""The seed reader (``protocols.seed``) makes exactly the report the one-pass reader and the
general grammar make, on every text it reads; it reads the seed's own format in a few calls,
and gives up on what it does not read."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
from parser3_seed_texts import seed_shaped
from report_mutations import mutations
from test_hop2_plain_parser import canonical_texts, case_texts, generated

from protocols import AgentReport, ReportParseError, parse_report
from protocols.parse import _build, parse_general
from protocols.plain import plain_values
from protocols.seed import seed_report

HARD_CASES = Path(__file__).parent / "data" / "reports-hard.yaml"
_HEAD = "\u2705 Done\n\n**Changes:**\n- x\n\n**Files:** none\n\n**Status:** "
#: ``bench/bench_engine.py``'s model double's reports: the seed's format.
ENGINE_REPORTS = (
    _HEAD + "Blocked\n**Domain:** Database\n**Blocker:** b\n**Required:** schema",
    _HEAD + "Blocked\n**Domain:** DevOps\n**Blocker:** b\n**Required:** engine",
    _HEAD + "Complete\n",
)


def _state(report: AgentReport) -> tuple[Any, ...]:
    """Everything a report holds: fields (in order), the raw text, fields set, extras."""
    return (
        list(report.__dict__.items()),
        report.model_fields_set,
        report.__pydantic_extra__,
        report.__pydantic_private__,
        report.model_dump(),
    )


def differences(texts: Iterable[str]) -> tuple[list[str], int]:
    """Texts the seed reader reads differently from the other two; how many it read."""
    wrong, read = [], 0
    for text in texts:
        fast = seed_report(text)
        if fast is None:
            continue
        read += 1
        values = plain_values(text)
        try:
            general = parse_general(text)
            plain = _build(values, text) if values is not None else None
        except ReportParseError:
            wrong.append(text)
            continue
        if plain is None or _state(fast) != _state(plain) or _state(fast) != _state(general):
            wrong.append(text)
    return wrong, read


def test_the_engine_reports_are_read_by_the_pattern() -> None:
    for text in ENGINE_REPORTS:
        report = seed_report(text)
        assert report is not None and report == parse_general(text)
        assert report.raw == text
    assert seed_report(ENGINE_REPORTS[0]) == AgentReport(
        summary="Done",
        changes=["x"],
        status="blocked",
        domain="database",
        blocker="b",
        required="schema",
    )


def _calls(text: str) -> list[str]:
    """The Python functions ``parse_report(text)`` runs (C functions not counted)."""
    calls: list[str] = []

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            calls.append(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        parse_report(text)
    finally:
        sys.setprofile(None)
    return calls


def test_a_seed_report_takes_a_few_python_calls() -> None:
    for text in ENGINE_REPORTS:
        parse_report(text)  # the caches (status, domain) filled
        calls = _calls(text)
        assert "plain_values" not in calls and "split_lines" not in calls
        assert len(calls) <= 8, calls


def test_hard_dev_and_canonical_cases_read_the_same(shared: Path) -> None:
    texts = case_texts(HARD_CASES) + case_texts(shared / "reports" / "dev-cases.yaml")
    canonical = canonical_texts(texts)
    wrong, read = differences(texts + canonical)
    assert wrong == []
    assert read >= len(canonical) // 2  # the canonical renderings are the seed's shape


def test_fuzz_corpus_reads_the_same() -> None:
    wrong, _ = differences(text for _, text in islice(mutations(2_000, 20261130), 2_000))
    assert wrong[:3] == []


def test_plain_shape_texts_read_the_same() -> None:
    wrong, read = differences(generated(1_500, 3))
    assert wrong[:3] == []
    assert read > 0


@pytest.mark.parametrize("seed", [1, 2])
def test_seed_shaped_texts_read_the_same(seed: int) -> None:
    texts = list(seed_shaped(2_000, seed))
    wrong, read = differences(texts)
    assert wrong[:3] == []
    assert len(texts) // 5 < read < len(texts) * 9 // 10  # both sides of the shape are seen


def test_the_pattern_gives_up_on_what_it_does_not_read() -> None:
    base = "✅ Done\n\n**Changes:**\n- x\n\n**Files:** a.py\n\n**Status:** Complete\n"
    assert seed_report(base) is not None
    for changed in (
        base.replace("\n", "\r\n"),  # CRLF
        base.replace("- x", "- x "),  # trailing space
        base.replace("- x", "  - x"),  # indentation
        base.replace("- x", "- [x] done"),  # a checkbox
        base.replace("- x", "- Key change 1"),  # the template's text
        base.replace("- x", "- Status: Blocked"),  # a bullet that is a label
        base.replace("a.py", "`a.py`, b.py"),  # paths for the general file reader
        base.replace("Complete", "Complete | Blocked | Needs Review"),  # refused
        base.replace("Complete", "Blocked"),  # Blocked without Domain and Required
        base.replace("Complete", "Complete, Domain: database"),  # a label in a value
        base.replace("**Changes:**", "**Key changes:**"),  # a synonym the pattern leaves
        base.replace("✅ Done", "Here is the report:"),  # an introduction
        base + "Later prose\n",  # prose after the report
        base + '"""\n',  # a docstring
    ):
        assert seed_report(changed) is None, changed


def test_either_case_covers_every_spelling_of_a_label_letter() -> None:
    """The label-word lookahead spells each letter in its cases instead of IGNORECASE: every
    character whose lower case is such a letter must be among them."""
    import re

    from protocols.labels import _FIRST_WORDS
    from protocols.seed import _either_case

    letters = {c for word in _FIRST_WORDS for c in word}
    classes = {c: re.compile(_either_case(c)) for c in letters}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if lower != char and lower in classes:
            assert classes[lower].fullmatch(char), hex(code)
