"""review131: the edges of parser112's rules, read as an adversary and as a demanding user.

Each case is a final message aimed at one rule's edge: an agent's own report under a title
that only begins with *Usage* or *Template*, a line naming some agent that writes nothing,
an emoji remark after a status-first report, a negated review need, a combined
``Changes / Files`` list with only one of the two, and a Required aside naming nothing.
The parser takes no sample or quote for the agent's own report and refuses no real one.
"""

from __future__ import annotations

import pytest

from protocols import ReportParseError, Status, parse_report
from tests.test_parser107_real import assert_required, assert_status

_REPORT = (
    "✅ Index added\n\n**Files:** backend/alembic/versions/0042_idx.py\n**Status:** Complete\n"
)
_UK_REPORT = (
    "✅ Індекс додано\n\n**Файли:** backend/alembic/versions/0042_idx.py\n**Статус:** Завершено\n"
)
_SAMPLE = "shown as a sample"


@pytest.mark.parametrize(
    "intro",
    [
        "## Template engine migration",
        "## Usage tracking endpoint",
        "## Usage of the new index",
        "## Usage\n\nCall `GET /health`; it answers 200 when the database is up.",
        "### Template\n\nI added a Jinja template for the reset email.",
        "An engineer can now run the migration with one command:",
        "Every agent test passes now. Report:",
    ],
)
def test_an_own_report_under_a_title_or_line_only_near_a_rule_is_own(intro: str) -> None:
    report = parse_report(f"{intro}\n\n{_REPORT}")
    assert (report.status, report.files) == (
        Status.COMPLETE,
        ["backend/alembic/versions/0042_idx.py"],
    )


@pytest.mark.parametrize(
    "intro",
    [
        "## Використання\n\nЗапустіть `make migrate`, щоб застосувати індекс.",  # noqa: RUF001
        "### Шаблон листа",
    ],
)
def test_a_ukrainian_own_report_under_a_usage_or_template_title_is_own(intro: str) -> None:
    assert parse_report(f"{intro}\n\n{_UK_REPORT}").status is Status.COMPLETE


@pytest.mark.parametrize(
    "intro",
    [
        "## Usage",
        "## Usage:",
        "### Report template",
        "### Шаблон звіту",
        "Any agent that finishes writes:",
        "Each reviewer answers in this shape:",
        "Кожен агент завершує звіт так:",
    ],
)
def test_a_format_title_or_any_agent_writing_still_introduces_a_sample(intro: str) -> None:
    """``## Usage:`` with a colon and ``### Report template`` failed on the start tree; the
    others are guards."""
    with pytest.raises(ReportParseError, match=_SAMPLE):
        parse_report(f"{intro}\n\n{_REPORT}")


@pytest.mark.parametrize(
    ("second", "changes", "files"),
    [
        (
            "⚠️ Note: the migration locks `orders` for about a second\n\n**Files:**\n- a.py\n",
            0,
            ["a.py"],
        ),
        ("💡 Tip - run `make migrate` first\n\n**Files:**\n- a.py\n", 0, ["a.py"]),
        ("📝 Changes\n**Changes:**\n- index on `orders.created_at`\n", 1, []),
    ],
)
def test_an_emoji_remark_or_section_title_opens_no_second_report(
    second: str, changes: int, files: list[str]
) -> None:
    text = f"✅ Index added\n\n**Status:** Complete\n\nSome detail:\n\n{second}"
    report = parse_report(text)
    assert (report.status, len(report.changes), report.files) == (Status.COMPLETE, changes, files)


def test_a_second_report_with_a_status_summary_is_still_refused() -> None:
    """Guard: a cut second report opened by its own summary is no continuation."""
    text = (
        "✅ First try\n\n**Status:** Complete\n\nCorrection:\n\n⚠️ Export needs review\n\n"
        "**Changes:**\n- archived rows\n\n**Files:**\n- a.py\n"
    )
    with pytest.raises(ReportParseError, match="final report has no 'Status:'"):
        parse_report(text)


@pytest.mark.parametrize(
    ("status", "refused"),
    [
        ("Complete (doesn't need security review)", False),
        ("Complete, requires review of nothing", False),
        ("Complete (needs review by nobody)", False),
        ("Complete (needs DBA review of the migration)", True),
        ("Complete (isn't blocked by the migration)", False),
    ],
)
def test_a_negated_review_need_is_no_hidden_status(status: str, refused: bool) -> None:
    """``needs DBA review of the migration`` is a guard: a review of something is asked."""
    text = f"✅ Argon2\n\n**Files:** a.py\n**Status:** {status}\n"
    assert_status(text, refused, Status.COMPLETE)


def test_a_combined_list_of_changes_naming_no_path_gives_no_files() -> None:
    text = (
        "✅ Pagination\n\n**Changes / Files:**\n- Added limit and offset params\n"
        "- Documented pagination\n\n**Status:** Complete\n"
    )
    report = parse_report(text)
    assert (len(report.changes), report.files) == (2, [])


def test_a_file_group_in_a_combined_list_is_no_change() -> None:
    text = (
        "✅ Pagination\n\n**Changes / Files:**\nCreated:\n- a.py — new router\nModified:\n"
        "- b.py — limit\n\n**Status:** Complete\n"
    )
    report = parse_report(text)
    assert (len(report.changes), report.files) == (2, ["a.py", "b.py"])


def test_a_combined_heading_over_prose_gives_no_file() -> None:
    text = "✅ Pagination\n\n### Changes and files\n\nSee below.\n\n**Status:** Complete\n"
    assert parse_report(text).files == []


@pytest.mark.parametrize(
    ("lists", "changes", "files"),
    [
        (
            "**Changes / Files:**\n- Added limit in `a.py`\n\n**Files:**\n- a.py\n",
            ["Added limit in `a.py`"],
            ["a.py"],
        ),
        ("**Files & Changes:**\n- a.py — limit\n\n**Changes:**\n- limit\n", ["limit"], ["a.py"]),
        (
            "**Changes / Files:**\n- a.py — x\n\n**Files:**\n- b.py\n\n**Changes:**\n- y\n",
            ["y"],
            ["b.py"],
        ),
    ],
)
def test_a_list_named_apart_after_a_combined_one_takes_it(
    lists: str, changes: list[str], files: list[str]
) -> None:
    report = parse_report(f"✅ Pagination\n\n{lists}\n**Status:** Complete\n")
    assert (report.summary, report.changes, report.files) == ("Pagination", changes, files)


@pytest.mark.parametrize(
    ("required", "refused"),
    [
        ("unknown (nothing yet)", True),
        ("unknown (none)", True),
        ("unknown (n/a)", True),
        ("unknown (I don't know)", True),
        ("unknown (hard to say)", True),
        ("unknown (something from DevOps)", True),
        ("unknown (various things)", True),
        ("невідомо (щось від DevOps)", True),
        ("unknown (I need the bucket region)", False),
        ("unknown (the bucket name and region)", False),
    ],
)
def test_a_required_aside_saying_nothing_names_no_need(required: str, refused: bool) -> None:
    """The last two are guards: an aside naming the need is kept as written."""
    text = f"⛔ S3\n\n**Status:** Blocked\n**Domain:** DevOps\n**Required:** {required}\n"
    assert_required(text, required, refused)
