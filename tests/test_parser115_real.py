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

from protocols import ReportParseError, Status, parse_report
from protocols.parse import parse_general
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


_STATUS = "✅ Search\n\n**Files:** a.py\n\n**Status:** {status}\n"


@pytest.mark.parametrize(
    "status",
    [
        "Complete (mostly)",
        "probably complete",
        "Complete, I think",
        "Done (I believe)",
        "Should be complete",
        "Largely complete — examples missing",
        "Almost done",
        "Complete (probably — large zips not tried)",
        "Needs review, maybe",
        "здається, готово",
        "Завершено (мабуть)",
        "майже готово",
        "Готово, начебто",
    ],
)
def test_a_doubted_status_is_refused(status: str) -> None:
    with pytest.raises(ReportParseError, match="hedges"):
        parse_report(_STATUS.format(status=status))


@pytest.mark.parametrize(
    ("status", "read"),
    [
        ("Complete (mostly moves, no behaviour change)", Status.COMPLETE),
        ("Complete (probably the last change to this module)", Status.COMPLETE),
        ("Complete — likely callers updated too", Status.COMPLETE),
        ("Blocked, I think", Status.BLOCKED),
        ("Готово (майже без змін у схемі)", Status.COMPLETE),  # noqa: RUF001
    ],
)
def test_a_hedge_qualifying_something_else_or_a_blocked_status_reads(
    status: str, read: Status
) -> None:
    """Guard: a hedge inside a clause that says more, or on Blocked, leaves the status."""
    text = _STATUS.format(status=status)
    if read is Status.BLOCKED:
        text += "**Domain:** DevOps\n**Required:** the ES host\n"
    assert parse_report(text).status is read


@pytest.mark.parametrize(
    "domain", ["mostly Database", "Database, more or less", "looks like DevOps"]
)
def test_a_domain_doubted_in_the_shared_hedge_words_is_refused(domain: str) -> None:
    text = f"⛔ Index\n\n**Status:** Blocked\n**Domain:** {domain}\n**Required:** an index\n"
    with pytest.raises(ReportParseError, match=r"(?i)domain"):
        parse_report(text)


def test_a_domain_listed_as_bullets_names_each() -> None:
    text = "⛔ Previews\n\n**Status:** Blocked\n\n**Domain:**\n- Frontend\n- DevOps\n\n"
    with pytest.raises(ReportParseError, match=r"(?i)domain"):
        parse_report(text + "**Required:** a thumbnail worker\n")
    one = "⛔ Previews\n\n**Status:** Blocked\n\n**Domain:**\n- DevOps\n\n"
    assert parse_report(one + "**Required:** a thumbnail worker\n").domain == "devops"


_TREE = "✅ Tree\n\n**Files:**\n{tree}\n\n**Status:** Complete\n"


@pytest.mark.parametrize(
    ("tree", "files"),
    [
        ("```\napp/\n├── a.py\n└── b/\n    └── c.py\n```", ["app/a.py", "app/b/c.py"]),
        ("app/\n|-- a.py\n`-- b/\n    `-- c.py", ["app/a.py", "app/b/c.py"]),
        ("├── x/a.py   # routes\n└── x/b.py   (new)", ["x/a.py", "x/b.py"]),
        (
            "- app/\n  - a.py\n  - b/\n    - c.py\n- README.md",
            ["app/a.py", "app/b/c.py", "README.md"],
        ),
        ("```\napp/\n│   ├── deep.py\n└── top.py\n```", ["app/deep.py", "app/top.py"]),
    ],
)
def test_files_drawn_as_a_tree_name_full_paths(tree: str, files: list[str]) -> None:
    assert parse_report(_TREE.format(tree=tree)).files == files


@pytest.mark.parametrize(
    ("tree", "files"),
    [
        ("- migrations/\n- app/main.py", ["migrations/", "app/main.py"]),
        ("| File | Note |\n|---|---|\n| a.py | routes |", ["a.py"]),
        ("- app/\n- a.py", ["app/", "a.py"]),
    ],
)
def test_a_folder_with_nothing_under_it_stays_listed(tree: str, files: list[str]) -> None:
    """Guard: a folder item with no item nested under it, and a table, read as before (by
    the general grammar too, which the one-pass reader leaves such lists to)."""
    text = _TREE.format(tree=tree)
    assert parse_report(text).files == parse_general(text).files == files


_RELAYED = "\n\n✅ Index added\n\n**Files:** a.py\n\n**Status:** Complete\n"


@pytest.mark.parametrize(
    "intro",
    [
        "The DBA finished. Passing its report on as-is:",
        "Forwarding the backend result:",
        "Relayed the database output below:",
        "Here is what the DevOps agent reported:",
        "The frontend specialist sent this:",
    ],
)
def test_a_relayed_report_is_not_the_agents(intro: str) -> None:
    with pytest.raises(ReportParseError, match="no report of the agent's own"):
        parse_report(intro + _RELAYED)


@pytest.mark.parametrize(
    "intro",
    ["Tests now pass. Final report:", "Moving forward. Final report:", "Here is my report:"],
)
def test_a_pass_or_forward_that_relays_nothing_keeps_the_report_own(intro: str) -> None:
    """Guard: *pass* and *forward* in other senses introduce no one else's report (by the
    general grammar too)."""
    text = intro + _RELAYED
    assert parse_report(text).files == parse_general(text).files == ["a.py"]


@pytest.mark.parametrize(
    ("status", "read"),
    [("~~Blocked~~ Complete", Status.COMPLETE), ("~~Complete~~ Needs Review", Status.NEEDS_REVIEW)],
)
def test_struck_through_status_words_are_not_read(status: str, read: Status) -> None:
    assert parse_report(_STATUS.format(status=status)).status is read


def test_a_status_all_struck_through_is_empty() -> None:
    with pytest.raises(ReportParseError, match="empty status"):
        parse_report(_STATUS.format(status="~~Complete~~"))


@pytest.mark.parametrize(
    "status", ["Complete; needs a second pair of eyes", "Done, needs another look at the SQL"]
)
def test_a_review_asked_in_other_words_is_a_second_status(status: str) -> None:
    with pytest.raises(ReportParseError, match="two statuses"):
        parse_report(_STATUS.format(status=status))
