"""render_report writes the seed format and parse_report reads back exactly what was written."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from protocols import AgentReport, Status, parse_report, render_report
from protocols.domains import CANONICAL_DOMAINS
from protocols.labels import SYNONYMS
from protocols.report import is_none

_LABEL_NAMES = "|".join(re.escape(k) for k in sorted(SYNONYMS, key=len, reverse=True))
# A generated text must not itself be a label line, nor carry an inline ", Status:" label.
_LABELLIKE = re.compile(rf"(?:^|[,;|\u00b7])\s*(?:{_LABEL_NAMES})\s*:", re.IGNORECASE)

ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
UKRAINIAN_LETTERS = "".join(map(chr, range(0x0430, 0x0450))) + "\u0456\u0457\u0454\u0491"
LETTERS = ASCII_LETTERS + UKRAINIAN_LETTERS
_core = st.text(alphabet=LETTERS + "0123456789", min_size=1, max_size=8)
# Words may carry inner punctuation (``TaskService.create``, ``what's``, ``GET/tasks``).
word = st.builds(
    lambda a, sep, b: a + sep + b if b else a,
    _core,
    st.sampled_from(["", "-", ".", "/", "_", "'", "=", "+"]),
    st.one_of(st.just(""), _core),
)
sentence = st.builds(
    lambda words, tail: " ".join(words) + tail,
    st.lists(word, min_size=1, max_size=8),
    st.sampled_from(["", ".", "!", " (v2)", ": done", ", twice", " \u2014 faster", " `code`"]),
).filter(lambda s: not _LABELLIKE.search(s) and not is_none(s))
path_part = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=10)
path = st.builds(
    lambda dirs, name, ext: "/".join([*dirs, name]) + ext,
    st.lists(path_part, max_size=3),
    st.one_of(path_part, st.just("my file")),
    st.sampled_from([".py", ".ts", ".md", ".yaml", ""]),
).filter(lambda p: not is_none(p) and any(c.isalnum() for c in p))
# A value of punctuation alone ("_", "-", "---") reads as an empty field (a dash means none),
# so a path without a letter or digit is no path a report can list.
multiline = st.lists(sentence, min_size=2, max_size=4).map(
    lambda items: "\n".join(f"- {i}" for i in items)
)
# Nested bullets keep their indentation: "- a\n  - b\n    - c\n- d", numbered or not.
nested = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["-", "*", "1."]), sentence),
    min_size=2,
    max_size=5,
).map(
    lambda items: "\n".join(
        f"{'  ' * min(depth, i and items[i - 1][0] + 1)}{mark} {text}"
        for i, (depth, mark, text) in enumerate(items)
    )
)
free_text = st.one_of(sentence, multiline, nested)
line_range = st.builds(
    lambda a, b: f"{a}-{a + b}" if b else str(a), st.integers(1, 9999), st.integers(0, 300)
)
group_name = st.sampled_from(
    ["Created", "Modified", "Deleted", "New files", "Створено", "Змінено", "Видалено", "Tests"]
)
domain = st.one_of(
    st.sampled_from(CANONICAL_DOMAINS),
    st.lists(_core, min_size=1, max_size=2).map(" ".join),
).filter(lambda d: not is_none(d) and "|" not in d)


@st.composite
def reports(draw: st.DrawFn) -> AgentReport:
    status = draw(st.sampled_from(list(Status)))
    blocked = status is Status.BLOCKED
    files = draw(st.lists(path, max_size=5, unique=True))
    with_lines = draw(st.lists(st.sampled_from(files), unique=True)) if files else []
    groups = draw(st.none() | st.lists(group_name, min_size=len(files), max_size=len(files)))
    report = AgentReport(
        summary=draw(st.one_of(st.just(""), sentence)),
        changes=draw(st.lists(sentence, max_size=5)),
        files=files,
        file_lines={f: draw(line_range) for f in with_lines},
        file_groups=dict(zip(files, groups, strict=True)) if groups else {},
        status=status,
        domain=draw(domain if blocked else st.none() | domain),
        blocker=draw(st.none() | free_text),
        required=draw(free_text if blocked else st.none() | free_text),
    )
    assume(not blocked or report.domain)
    # A Complete report naming a blocker and what is required is refused (two verdicts).
    assume(not (status is Status.COMPLETE and report.blocker and report.required))
    # So is a Needs Review report naming a Domain too (consult it, or a person? tidy47).
    needs = report.domain and report.blocker and report.required
    assume(not (status is Status.NEEDS_REVIEW and needs))
    return report


@settings(max_examples=100, deadline=None)
@given(reports())
def test_parse_reads_back_every_rendered_report(report: AgentReport) -> None:
    text = render_report(report)
    assert parse_report(text) == report


@settings(max_examples=100, deadline=None)
@given(reports(), st.sampled_from(["\n", "\r\n"]), st.sampled_from(["", "```markdown\n"]))
def test_round_trip_survives_crlf_fences_and_prose(
    report: AgentReport, newline: str, fence: str
) -> None:
    body = render_report(report)
    text = f"Work finished; report follows.\n\n{fence}{body}{'```' if fence else ''}\n\nBye."
    assert parse_report(text.replace("\n", newline)) == report


def test_rendered_format_is_the_seed_format() -> None:
    report = AgentReport(
        summary="Comments API",
        changes=["CRUD routes", "Schemas"],
        files=["app/routes.py", "app/schemas.py"],
        status=Status.BLOCKED,
        domain="Database (D1)",
        blocker="No comments table",
        required="- Table schema\n- Migration owner",
    )
    assert render_report(report) == (
        "\u26d4 Comments API\n\n"
        "**Changes:**\n- CRUD routes\n- Schemas\n\n"
        "**Files:** app/routes.py, app/schemas.py\n\n"
        "**Status:** Blocked\n**Domain:** Database\n"
        "**Blocker:** No comments table\n"
        "**Required:**\n- Table schema\n- Migration owner\n"
    )


def test_empty_lists_render_as_none_and_paths_with_spaces_as_bullets() -> None:
    empty = AgentReport(status=Status.COMPLETE)
    assert "**Changes:** none" in render_report(empty)
    assert "**Files:** none" in render_report(empty)
    spaced = AgentReport(status=Status.NEEDS_REVIEW, files=["docs/read me.md", "a.py"])
    text = render_report(spaced)
    assert "- `docs/read me.md`\n- `a.py`" in text
    assert text.startswith("\u26a0\ufe0f")
    assert parse_report(text) == spaced


def test_line_ranges_groups_and_nested_bullets_round_trip() -> None:
    report = AgentReport(
        files=["app/routes.py", "app/new.py", "old.py"],
        file_lines={"app/routes.py": "88-104"},
        file_groups={"app/new.py": "Created", "old.py": "Deleted"},
        status=Status.BLOCKED,
        domain="ml",
        required="- Model choice:\n  - embedding size\n  - provider\n- Budget",
    )
    text = render_report(report)
    assert "- `app/routes.py:88-104`\n- Created:\n  - `app/new.py`\n- Deleted:\n" in text
    assert "**Domain:** ML" in text
    assert parse_report(text) == report
