"""review140: the edges of parser115's rules, read as an adversary and as a demanding user.

Each case is a final message aimed at one new rule's edge: a hedge word that qualifies what
the status goes on to say (Ukrainian sets such words off by commas), *its/their report* or
*forwarding ... result* about a user's report or a network change, a table rule or a full
path under a Files folder, and struck-through text before an arrow or round a removed file.
The parser takes no quote for the agent's own, reads no doubted status, and refuses no real
report.
"""

from __future__ import annotations

import pytest

from protocols import ReportParseError, Status, parse_report

_STATUS = "✅ Search added\n\n**Files:** a.py\n\n**Status:** {status}\n"
_OWN = "{intro}\n\n✅ Export fixed\n\n**Files:** backend/export.py\n**Status:** Complete\n"
_FILES = "✅ Done\n\n**Files:**\n{files}\n\n**Status:** Complete\n"


@pytest.mark.parametrize(
    "status",
    [
        "Завершено: мабуть, найшвидше виправлення з можливих",
        "Завершено (мабуть, найпростіше рішення)",
        "Готово — здається, це була стара версія бібліотеки",
        "Завершено — можливо, варто додати індекс пізніше",
        "Complete — likely, the flake was the clock; fixed that",
        "Complete - probably, the flake was the clock",
        "Готово (здається, усе працює)",  # noqa: RUF001
    ],
)
def test_a_hedge_opening_a_statement_after_the_status_reads(status: str) -> None:
    """A likelihood or belief hedge set off by a comma heads the statement after it (after a
    colon or dash; in Ukrainian anywhere, its commas being grammar): the status reads."""
    assert parse_report(_STATUS.format(status=status)).status is Status.COMPLETE


@pytest.mark.parametrize(
    "status",
    [
        "Complete (almost: docs left)",
        "Complete (mostly: the examples are missing)",
    ],
)
def test_a_hedge_ended_by_a_colon_is_the_whole_clause(status: str) -> None:
    with pytest.raises(ReportParseError, match="hedges"):
        parse_report(_STATUS.format(status=status))


@pytest.mark.parametrize(
    "status",
    [
        "Done — probably, yes",
        "Complete — probably, but the large zips were not tried",
        "Complete (probably, the fastest fix we could ship)",
        "Завершено, мабуть, але архіви не перевіряв",
        "Complete — mostly, the tests cover it",
        "Готово (переважно, тести)",
    ],
)
def test_a_hedge_on_the_status_itself_stays_refused(status: str) -> None:
    """Guard: a one-word tail, a *but*, an English comma in a bracket, or a hedge of degree
    leave the doubt on the status: refused, never read."""
    with pytest.raises(ReportParseError, match="hedges"):
        parse_report(_STATUS.format(status=status))


@pytest.mark.parametrize(
    "intro",
    [
        "Users could not download their report after the upgrade; fixed:",
        "Fixed port forwarding result handling. Report:",
        "Port forwarding result:",
        "The CI job now uploads its report to S3. Summary:",
        "Each worker now writes its result atomically. Final report:",
        "Now the export keeps their report settings:",
        "## Users can now email their reports",
        "Fixed forwarding of the reply-to address:",
        "The proxy now strips forwarded headers from its response:",
        "I reworked how the exporter builds its output:",
        "This is their response to the outage. Fix:",
        "The bug was their report generator. Fixed:",
        "Copied their report format into the template:",
        "The endpoint returns its response as JSON:",
        "Forwarding the request result handler is fixed:",
        "Relaying the webhook response headers now works:",
        "Passing their report ids to the worker now:",
    ],
)
def test_a_possessive_or_forwarding_about_a_thing_keeps_the_report_own(intro: str) -> None:
    report = parse_report(_OWN.format(intro=intro))
    assert (report.status, report.files) == (Status.COMPLETE, ["backend/export.py"])


@pytest.mark.parametrize(
    "intro",
    [
        "Passing its report on as-is:",
        "I asked the database agent. Its answer:",
        "Forwarding the backend result:",
        "Relaying their answer verbatim:",
        "Here's their report:",
        "Relayed the database output below:",
        "Passing along their feedback:",
        "Below is its output:",
        "Here is their answer, verbatim:",
        "Including its report below:",
        "The DBA finished. Their answer:",
    ],
)
def test_a_report_handed_on_is_still_quoted(intro: str) -> None:
    """Guard: a possessive report handed on, or a relaying verb with its object, still
    introduces another agent's report."""
    with pytest.raises(ReportParseError, match="quoted"):
        parse_report(_OWN.format(intro=intro))


@pytest.mark.parametrize(
    ("files", "read"),
    [
        (
            "| File | Change |\n|--- | ---|\n| backend/app/main.py | new route |",
            ["backend/app/main.py"],
        ),
        ("- backend/app/\n  - backend/app/main.py\n  - backend/app/db.py", None),
        ("- `/etc/nginx/`\n  - `/etc/nginx/nginx.conf`", ["/etc/nginx/nginx.conf"]),
        ("- backend/app/\n  - backend/app/main.py\n  - db.py", None),
        (
            "- backend/app/main.py\n- ~~backend/app/old.py~~ (deleted)",
            ["backend/app/main.py", "backend/app/old.py"],
        ),
    ],
    ids=["table-rule", "full-paths-under-folder", "absolute-under-folder", "mixed", "struck"],
)
def test_files_under_a_folder_a_table_or_struck_read_as_written(
    files: str, read: list[str] | None
) -> None:
    expected = read or ["backend/app/main.py", "backend/app/db.py"]
    assert parse_report(_FILES.format(files=files)).files == expected


def test_struck_words_before_an_arrow_are_taken_back() -> None:
    report = parse_report(_STATUS.format(status="~~Blocked~~ → Complete"))
    assert report.status is Status.COMPLETE
