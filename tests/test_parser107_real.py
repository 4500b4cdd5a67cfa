"""Final messages as real models write them (tests/data/reports-real107.yaml) read exactly.

Markdown variants (headings, bold, tables, bullets, numbered lists), trailing prose, emoji,
Ukrainian labels, CRLF, invisible characters, nested quotes, ``<details>``, samples after the
report, malformed Blocked reports and statuses hiding more. A refusal is typed in the corpus:
``no_report`` (nothing of the agent's own) or ``malformed`` (its report, unusable: the message
names the field).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from protocols import ReportParseError, Status, parse_report
from tests.test_hop2_plain_parser import canonical_texts, differences
from tests.test_protocols_hardcases import load_cases, problems

REAL_CASES = Path(__file__).parent / "data" / "reports-real107.yaml"
_CODE_POINT = re.compile(r"<U\+([0-9A-F]{4,6})>")
#: what a message says when the text holds no report of the agent's own
_NO_REPORT = ("no report", "empty text")


def text_of(case: dict[str, Any]) -> str:
    """The case's text with its ``<U+XXXX>`` marks made characters, CRLF when asked."""
    text = _CODE_POINT.sub(lambda m: chr(int(m.group(1), 16)), str(case["text"]))
    return text.replace("\n", "\r\n") if case.get("crlf") else text


def outcome(case: dict[str, Any]) -> list[str]:
    """What differs from the case's expectation, the refusal's type included."""
    kind = case["expect"].get("error")
    real = {**case, "text": text_of(case)}
    if kind is None:
        return problems(real)
    try:
        report = parse_report(real["text"])
    except ReportParseError as exc:
        said = str(exc).lower()
        found = problems({**real, "expect": {"error": True, **case["expect"]}})
        no_report = any(word in said for word in _NO_REPORT)
        if no_report != (kind == "no_report"):
            found.append(f"{kind} expected, message: {exc}")
        return found
    return [f"expected {kind}, parsed {report!r}"]


def real_cases(name: str) -> list[dict[str, Any]]:
    """The cases of the blind corpus ``tests/data/reports-<name>.yaml``."""
    return load_cases(REAL_CASES.with_name(f"reports-{name}.yaml"))


def assert_a_real_mix(cases: list[dict[str, Any]], *, no_report: int, malformed: int) -> None:
    """Unique ids, at least so many refusals of each type, and no other type."""
    kinds = [c["expect"].get("error") for c in cases]
    assert len({c["id"] for c in cases}) == len(cases)
    assert kinds.count("no_report") >= no_report and kinds.count("malformed") >= malformed
    assert set(kinds) == {None, "no_report", "malformed"}


def assert_every_reader_agrees(cases: list[dict[str, Any]]) -> None:
    """The seed pattern, the one-pass reader and the general grammar agree on every text
    of the corpus and on its canonical renderings; the one-pass reader reads some itself."""
    texts = [text_of(c) for c in cases]
    wrong, plain = differences(texts + canonical_texts(texts))
    assert wrong == []
    assert plain > 0


def assert_required(text: str, required: str, refused: bool) -> None:
    """``text`` refused for its Required, or read with ``required`` kept as written."""
    if refused:
        with pytest.raises(ReportParseError, match="'Required:' says"):
            parse_report(text)
    else:
        assert parse_report(text).required == required


def assert_status(text: str, refused: bool, *read: Status) -> None:
    """``text`` refused for two statuses, or read with one of the ``read`` statuses."""
    if refused:
        with pytest.raises(ReportParseError, match="two statuses"):
            parse_report(text)
    else:
        assert parse_report(text).status in read


CASES = load_cases(REAL_CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c["id"]))
def test_real_case(case: dict[str, Any]) -> None:
    assert outcome(case) == []


def test_corpus_is_a_real_mix() -> None:
    assert len(CASES) >= 80
    assert_a_real_mix(CASES, no_report=5, malformed=10)
