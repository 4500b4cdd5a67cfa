"""A fourth blind corpus of final messages (tests/data/reports-real113.yaml) read exactly.

Written before reading the parser's rules: chatty recaps, terse reports, nested bullets,
per-file sub-headings, links, ``**`` inside code spans, tables, offers after the report,
tool output before it, loosely worded Blocked reports, Ukrainian and mixed labels,
``<report>`` tags, a restated template; and the rules it asked for: a link naming a file by
its target, a Required that only says it does not know or points elsewhere, and a "For
example," sentence closing a line of prose.
"""

from __future__ import annotations

from typing import Any

import pytest

from protocols import ReportParseError, parse_report
from tests.test_parser107_real import (
    assert_a_real_mix,
    assert_every_reader_agrees,
    outcome,
    real_cases,
)

CASES = real_cases("real113")


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c["id"]))
def test_real113_case(case: dict[str, Any]) -> None:
    assert outcome(case) == []


def test_corpus113_is_a_real_mix() -> None:
    assert len(CASES) == 100
    assert_a_real_mix(CASES, no_report=8, malformed=10)


def test_corpus113_reads_the_same_by_every_reader() -> None:
    """Guard: the seed pattern, the one-pass reader and the general grammar agree on every
    text of the corpus and on its canonical renderings."""
    assert_every_reader_agrees(CASES)


_FILES = "✅ Timing\n\n**Files:**\n- {item}\n\n**Status:** Complete\n"


@pytest.mark.parametrize(
    ("item", "files"),
    [
        ("[timing.py](backend/app/middleware/timing.py)", ["backend/app/middleware/timing.py"]),
        ("[`timing.py`](./backend/app/timing.py)", ["backend/app/timing.py"]),
        (
            "[middleware/timing.py](backend/app/middleware/timing.py)",
            ["backend/app/middleware/timing.py"],
        ),
        ("[timing.py:12](backend/app/timing.py)", ["backend/app/timing.py"]),
    ],
)
def test_a_link_naming_its_targets_file_lists_the_target(item: str, files: list[str]) -> None:
    assert parse_report(_FILES.format(item=item)).files == files


@pytest.mark.parametrize(
    ("item", "files"),
    [
        ("[timing.py](https://github.com/o/r/blob/main/app/timing.py)", ["timing.py"]),
        ("[timing.py](/abs/app/timing.py)", ["timing.py"]),
        ("[timing.py](app/other.py)", ["timing.py"]),
        ("[app/timing.py](app/timing.py)", ["app/timing.py"]),
    ],
)
def test_a_link_to_a_url_or_another_file_keeps_its_text(item: str, files: list[str]) -> None:
    """Guard: a URL, an absolute path or a target naming another file is never taken."""
    assert parse_report(_FILES.format(item=item)).files == files


_BLOCKED = "⛔ Import\n\n**Status:** Blocked\n**Domain:** DevOps\n**Required:** {required}\n"


@pytest.mark.parametrize(
    "required",
    [
        "not sure — maybe more memory?",
        "I don't know, need to check",
        "не знаю, треба подумати",
        "see above",
        "As described above.",
        "див. вище",
        "no idea (depends on ops)",
    ],
)
def test_a_required_saying_only_it_does_not_know_or_points_elsewhere_is_refused(
    required: str,
) -> None:
    with pytest.raises(ReportParseError, match="'Required:' says"):
        parse_report(_BLOCKED.format(required=required))


@pytest.mark.parametrize(
    "required",
    [
        "not sure - the worker's memory limit raised to 2 GB",
        "see above: the Stripe webhook secret",
        "I don't know the bucket name (the dev S3 bucket)",
        "More memory for the worker (see above)",
        "не знаю: API-ключ провайдера",
    ],
)
def test_a_required_naming_its_need_after_the_not_knowing_reads(required: str) -> None:
    """Guard: the need named after the not knowing, a pointer or an aside is kept whole."""
    assert parse_report(_BLOCKED.format(required=required)).required == required


_SAMPLE = "\n\n```markdown\n✅ Added GET /tasks\n\n**Files:** a.py\n\n**Status:** Complete\n```\n"


@pytest.mark.parametrize(
    "intro",
    [
        "Specialists end with a fixed block. For example, a finished task looks like:",
        "Reports are short. For instance, one reads:",
        "Кожен звіт короткий. Наприклад, завершене завдання:",
    ],
)
def test_a_closing_for_example_sentence_introduces_a_sample(intro: str) -> None:
    with pytest.raises(ReportParseError, match="no report of the agent's own"):
        parse_report(intro + _SAMPLE)


def test_a_closing_for_example_sentence_telling_what_i_did_is_own() -> None:
    """Guard: the agent telling in that sentence what it did introduces its own report."""
    text = "Done. For example, here is what I did:" + _SAMPLE
    assert parse_report(text).files == ["a.py"]
