"""daily62: the rough edges daily61 left on a newcomer's path.

Usage errors as one line (not typer's box); an option given one of its command's flags as
its value; no session named before it is stored; a script's mismatch resumed with the
script fixed; a deeply nested kubeconfig; ``agents show``'s instructions lines; every bad
entry of a cases file; a worker root of ``/``; ``coord demo --json``'s session.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from kit import Harness, report, write_agent, write_script
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.errors import EXIT_USER_ERROR
from coordinator.store.faults import StoreError, StoreFault


def coord(*args: str | Path, cwd: Path | None = None) -> Any:
    """The CLI in-process (CliRunner: stderr is a pipe, as in a CI log)."""
    import os

    here = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(app, [str(a) for a in args])
    finally:
        os.chdir(here)


# ---- 1. a usage error is one line, not a box ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["sessions", "--bogus"], "error: No such option: --bogus (`"),
        (["sessions", "--statsu", "x"], "error: No such option: --statsu; did you mean --status?"),
        (["sessions", "--limit"], "error: --limit needs a value"),  # daily69: our voice
        (["sessions", "--limit", "abc"], "error: --limit: 'abc' is not a"),
        (["route", "x", "--router", "foo"], "error: No such option: --router"),
        (["route", "x", "--json", "--bogus"], "error: No such option: --bogus"),
        (["--bogus"], "error: No such option: --bogus"),
        (["sessions", "--limt", "3"], "error: No such option: --limt; did you mean --limit?"),
    ],
    ids=["unknown", "typo", "missing value", "bad int", "route", "json", "root", "typo 2"],
)
def test_a_usage_error_is_one_line_naming_the_flag(
    tmp_path: Path, args: list[str], line: str
) -> None:
    """daily61: typer drew a box of 4-5 lines (a usage line, "Try ...", the message in box
    drawing) in a CI log; now one ``error:`` line naming the flag (and the nearest flag
    when it is a typo), exit 4, as a user error is said."""
    ran = coord(*args, cwd=tmp_path)
    assert ran.exit_code == EXIT_USER_ERROR, ran.output
    assert ran.stderr.splitlines()[0].startswith(line), ran.stderr
    assert len(ran.stderr.splitlines()) == 1, ran.stderr
    assert not any(c in ran.stderr for c in "╭│╰─"), ran.stderr
    assert "Usage:" not in ran.stderr


def test_a_guessed_flag_keeps_its_hint_on_a_second_line(tmp_path: Path) -> None:
    ran = coord("route", "Add login", "--explain", cwd=tmp_path)
    assert ran.exit_code == EXIT_USER_ERROR
    first, hint = ran.stderr.splitlines()
    assert first == "error: No such option: --explain"
    assert hint.startswith("`coord route` explains its choice by itself")


def test_help_is_unchanged_by_the_usage_errors(tmp_path: Path) -> None:
    ran = coord("sessions", "--help", cwd=tmp_path)
    assert ran.exit_code == 0 and "--status" in ran.stdout


# ---- 2. an option's value that is one of the command's flags ------------------------------


@pytest.mark.parametrize(
    ("args", "flag", "got"),
    [
        (["sessions", "--status", "--json"], "--status", "--json"),
        (["sessions", "--agent", "--here"], "--agent", "--here"),
        (["sessions", "--limit", "--json"], "--limit", "--json"),
        (["sessions", "rm", "--older-than", "--here"], "--older-than", "--here"),
        (["route", "--agents-dir", "--json", "Add login"], "--agents-dir", "--json"),
        (["run", "x", "--agent", "--json"], "--agent", "--json"),  # (--help: shows help, daily108)
    ],
)
def test_an_option_given_a_flag_as_its_value_is_refused(
    tmp_path: Path, args: list[str], flag: str, got: str
) -> None:
    """``coord sessions --status --json`` read ``--json`` as the status ("unknown status
    '--json'"); every option taking a value now refuses one of its command's flags."""
    ran = coord(*args, cwd=tmp_path)
    assert ran.exit_code == EXIT_USER_ERROR, ran.output
    assert ran.stderr.splitlines()[0] == f"error: {flag} needs a value (got the option {got})"


def test_a_value_written_with_equals_is_taken_as_written(tmp_path: Path) -> None:
    ran = coord("sessions", "--status=--json", cwd=tmp_path)
    assert ran.exit_code == EXIT_USER_ERROR
    assert "unknown status '--json'" in ran.stderr


# ---- 3. no session named before it is stored ----------------------------------------------


async def test_a_fault_storing_the_session_names_no_session(tmp_path: Path) -> None:
    """daily61: the ``routed`` event (the live view's ``[id] routed to ...``) was told inside
    the transaction storing the session: a database fault there named a session that never
    existed. Observers now hear of it once it is committed; a real SQLITE_FULL (the file's
    page limit) at that write tells them nothing, and the error names the file."""
    h = Harness(tmp_path, {"backend": [{"text": report("Complete", "Done")}]})
    pages = h.store._db.execute("PRAGMA page_count").fetchone()[0]
    h.store._db.execute(f"PRAGMA max_page_count = {pages + 20}")  # the session's row fits
    with pytest.raises(StoreError) as err:
        await h.engine.start("Add the steps " * 3000, agent="backend")
    assert err.value.fault is StoreFault.FULL and str(h.db) in str(err.value)
    assert h.store.sessions() == []
    assert h.events == []
    h.close()


async def test_observers_still_hear_of_a_stored_session_in_order(tmp_path: Path) -> None:
    h = Harness(tmp_path, {"backend": [{"text": report("Complete", "Done")}]})
    result = await h.engine.start("Add the steps", agent="backend")
    assert result.status == "complete"
    kinds = [e.kind for e in h.events]
    assert kinds[:2] == ["routed", "run_started"] and kinds == h.kinds(result.session_id)
    h.close()


# ---- 4. a script's mismatch: fix the script, resume ----------------------------------------


def test_a_session_a_script_could_not_answer_resumes_with_the_script_fixed(tmp_path: Path) -> None:
    """daily61: an ``expect`` not met ended the session ``failed``, and ``coord resume``
    refused it ("has already ended") even after the script was fixed. The call the
    script could not answer is not stored: the session is left interrupted (its reason the
    mismatch), and ``coord resume ID --script FILE`` makes that call again, keeping what
    came before."""
    agents = tmp_path / "agents"
    write_agent(agents, "api")
    read = {"name": "Read", "input": {"file_path": "main.py"}}
    done = {"text": report("Complete", "Done")}
    script = write_script(
        tmp_path / "s.yaml", {"api": [{"tool_calls": [read]}, {**done, "expect": "NOPE"}]}
    )
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "main.py").write_text("x = 1\n")
    common = ["--agents-dir", agents, "--only", "--workspace", ws]
    ran = coord("run", "Add an endpoint", "--agent", "api", *common, "--script", script, "--json")
    out = json.loads(ran.stdout)  # mend110: the script's mistake is the user's (exit 4)
    assert (ran.exit_code, out["status"]) == (EXIT_USER_ERROR, "interrupted"), ran.stdout
    assert "expects 'NOPE'" in out["error"]
    write_script(script, {"api": [{"tool_calls": [read]}, {**done, "expect": "x = 1"}]})
    again = coord("resume", out["session"], *common, "--script", script, "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["status"] == "complete"
    tree = coord("log", out["session"], "--json", "--workspace", ws)
    kinds = [e["kind"] for e in json.loads(tree.stdout)["events"]]
    assert kinds.count("routed") == 1 and "interrupted" in kinds and "session_resumed" in kinds


# ---- 5. small edges ------------------------------------------------------------------------


def test_a_kubeconfig_nested_too_deeply_is_one_warning_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A ``KUBECONFIG`` in the workspace holding ``[[[...`` 20,000 deep: the reader of its
    ``exec`` plugins raised RecursionError (a traceback at the session's first write)."""
    from coordinator.tools.home_files import home_files_inside

    config = tmp_path / "kube" / "config"
    config.parent.mkdir()
    config.write_text("[" * 20_000, encoding="utf-8")
    monkeypatch.setenv("KUBECONFIG", str(config))
    with caplog.at_level(logging.WARNING):
        found = home_files_inside(tmp_path)
    assert config in found  # the file itself stays protected
    said = [r.getMessage() for r in caplog.records if "kubeconfig" in r.getMessage()]
    assert said == [
        f"warning: {config}: kubeconfig not read (nested too deeply): the programs its exec"
        " plugins name are not protected"
    ]


def test_agents_show_says_the_sub_folder_files_in_a_sentence_of_their_own(
    tmp_path: Path,
) -> None:
    """ "instructions  none found" then "and, in each sub-folder, CLAUDE.md, ..." read as one
    sentence ("none found and, in each sub-folder, ..."): two lines that each stand alone."""
    ran = coord("agents", "show", "fastapi-backend-expert", cwd=tmp_path)
    assert ran.exit_code == 0, ran.output
    lines = ran.stdout.splitlines()
    [at] = [i for i, line in enumerate(lines) if line.startswith("instructions")]
    assert lines[at].split() == ["instructions", "none", "at", "the", "start"]
    assert lines[at + 1].split()[:3] == ["Later,", "when", "the"]
    assert "none found" not in ran.stdout and "and, in each" not in ran.stdout


def test_agents_eval_lists_every_bad_case_with_its_line(tmp_path: Path) -> None:
    """It stopped at the first bad entry, as the config reader does not (it lists every
    mistake): a user fixed one, ran again, met the next."""
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- request: Add an endpoint\n  expect: api\n"
        '- request: ""\n  expect: api\n'
        "- request: Fix the css\n  expct: web\n"
        "- just a string\n",
        encoding="utf-8",
    )
    ran = coord("agents", "eval", cases.name, cwd=tmp_path)
    assert ran.exit_code == EXIT_USER_ERROR, ran.output
    assert ran.stderr.splitlines()[:4] == [
        "error: the cases have 3 mistakes:",
        "  cases.yaml:3: entry 2: 'request' must be a non-empty string",
        "  cases.yaml:5: entry 3: unknown key 'expct'; did you mean expect?",
        "  cases.yaml:7: entry 4: expected a mapping with 'request' and 'expect'",
    ]


def test_one_bad_case_still_reads_as_one_line(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("- request: Add an endpoint\n  expect: []\n", encoding="utf-8")
    ran = coord("agents", "eval", cases.name, cwd=tmp_path)
    assert ran.stderr.splitlines() == ["error: cases.yaml:1: entry 1: 'expect' is an empty list"]


@pytest.mark.parametrize(
    ("root", "ws", "holds"),
    [
        ("/", "/srv/app", True),
        ("/", "/", True),
        ("/srv", "/srv/app", True),
        ("/srv", "/srv", True),
        ("/srv", "/srvx/app", False),
        ("/srv/app", "/srv", False),
    ],
)
def test_a_worker_root_of_slash_holds_every_workspace(
    pg_url: str, root: str, ws: str, holds: bool
) -> None:
    """``coord worker --workspace-root /``: the job fetch's SQL compared the workspace with
    ``r.root || '/'``, ``//``, which no workspace starts with: the worker never took a job.
    The queued note's SQL (``PgStore.queued_note``) says the same as the fetch's."""
    import psycopg

    from coordinator.store import pgqueue
    from coordinator.store.pg import _QUEUED_NOTE

    sql = (
        "SELECT "
        + pgqueue.under_root("w.ws")
        + " FROM (SELECT %s::text AS ws) AS w, (SELECT %s::text AS root) AS r"
    )
    with psycopg.connect(pg_url) as conn:
        assert conn.execute(sql, (ws, root)).fetchone() == (holds,)
    assert " ".join(pgqueue.under_root("j.workspace").split()) in " ".join(_QUEUED_NOTE.split())


# ---- 6. coord demo --json ----------------------------------------------------------------


def test_demo_json_says_its_session_was_removed_with_the_project(tmp_path: Path) -> None:
    """``coord demo --json`` gave a session id whose database its cleanup removed (only
    ``kept: false`` hinted at it); its JSON now says so, in the words the text prints."""
    from coordinator.demo.launch import REMOVED

    ran = coord("demo", "--json", cwd=tmp_path)
    assert ran.exit_code == 0, ran.output
    data = json.loads(ran.stdout)
    assert data["kept"] is False and not Path(data["db"]).exists()
    assert data["note"] == REMOVED and "record" in data["note"]
    kept = json.loads(
        coord("demo", "--json", "--workspace", tmp_path / "mine", cwd=tmp_path).stdout
    )
    assert kept["kept"] is True and "note" not in kept
