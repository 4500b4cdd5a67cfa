"""tidy57 (2026-12-05): four things the last sessions noticed and left.

- A workspace CLAUDE.md's ``@name`` that names no file ("Ask @alice", a file not written
  yet) drew the warning meant for an import that escapes the workspace, in ``coord agents
  show``, every ``coord run`` notice and after an agent's Read of a sub-folder: it is ignored
  quietly, as Claude Code ignores it. One that leads outside the workspace, into the
  coordinator's own files or to a file a Read rule denies is still warned of, whether a
  file is there or not (an agent reading a sub-folder is given the warning: it must not
  learn which files exist outside).
- A PostgreSQL store's errors named it ``postgresql:/user@host/db`` (its ``path`` a
  :class:`Path` of the masked URL, which drops a slash): they name it as written,
  ``postgresql://user:***@host/db``, its password never shown.
- On PostgreSQL a session removed between its lookup and its queueing (``coord resume``)
  or its claim (``coord resume --here``) was a bad-row fault, whose hint told the user to
  repair a row that is not there: it is the unknown session it is, told as for one never
  there.
- A batch stopped by Ctrl-C listed each session it left interrupted to resume, one whose
  stored options cannot be read too (its resume then failed on its row): it is left out
  with one warning naming it and how to remove it; the others are listed.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import OnRunStart, blocked, runs_in_folders, waiting_on
from test_claude_md import agent, setup, write
from test_daily10 import _batch
from test_nested43 import given_blocks, workspace

from coordinator.config import Settings
from coordinator.events import Event
from coordinator.roster.registry import Registry
from coordinator.runtime.extras import session_extras

NAMES_NOBODY = "Team rules. Ask @alice about the API.\nSee @docs/todo.md and @.claude/later.md.\n"


def test_an_import_naming_no_file_is_no_warning_in_agents_show_or_the_run_notice(
    tmp_path: Path,
) -> None:
    ws, home = setup(tmp_path)
    write(ws / "CLAUDE.md", NAMES_NOBODY)
    write(ws / "team/backend.md", "---\nname: backend\ndescription: backend work\n---\nBody.")
    env = {"HOME": str(home), "CLAUDE_CONFIG_DIR": ""}
    shown = coord("agents", "show", "backend", "--agents-dir", "team", "--only", cwd=ws, env=env)
    assert (shown.returncode, shown.stderr) == (0, "")
    assert "CLAUDE.md (project, quoted" in " ".join(shown.stdout.split())
    assert "warning" not in shown.stdout

    registry = Registry([agent()])
    extras = session_extras(ws, Settings(), registry, home=home, managed=None)
    assert "Ask @alice about the API." in extras.preload.system_prompt(agent())
    assert not any("warning" in line for line in extras.notice(registry, Settings()))


def test_one_leading_outside_is_warned_of_whether_a_file_is_there_or_not(
    tmp_path: Path,
) -> None:
    ws, home = setup(tmp_path)
    (tmp_path / "out").mkdir()
    os.symlink(tmp_path / "out", ws / "linked")
    os.symlink(tmp_path / "out" / "gone.md", ws / "dangling.md")
    write(ws / ".claude/settings.json", '{"permissions": {"deny": ["Read(./private.md)"]}}')
    targets = [
        "~/notes.md",
        "../out/notes.md",
        str(tmp_path / "out" / "abs.md"),
        ".coordinator/coordinator.db",
        "linked/notes.md",
        "dangling.md",
        "private.md",
    ]
    write(ws / "CLAUDE.md", "Ask @alice.\n" + "".join(f"@{t}\n" for t in targets))
    missing = _warned(ws, home)
    assert missing == [
        f"warning: instructions: CLAUDE.md:{n}: @{t}" for n, t in enumerate(targets, 2)
    ]

    for there in (home / "notes.md", tmp_path / "out/notes.md", tmp_path / "out/abs.md"):
        write(there, "SECRET")
    write(ws / ".coordinator/coordinator.db", "SECRET")
    write(tmp_path / "out/gone.md", "SECRET")
    write(ws / "private.md", "SECRET")
    assert _warned(ws, home) == missing


def _warned(ws: Path, home: Path) -> list[str]:
    """The imports warned of in a run's notice (its read rules applied); no file's text
    in the prompt."""
    registry = Registry([agent()])
    extras = session_extras(ws, Settings(), registry, home=home, managed=None)
    assert "SECRET" not in extras.preload.system_prompt(agent())
    notice = extras.notice(registry, Settings())
    return [line.split(" not loaded")[0] for line in notice if line.startswith("warning")]


async def test_an_agent_reading_a_sub_folder_gets_no_warning_for_a_name(tmp_path: Path) -> None:
    ws, home = workspace(tmp_path, pkg_md="Pkg: ask @alice, see @pkg/plan.md")
    [[text]] = await given_blocks(tmp_path, ws, home, ["pkg/sub/x.py"])
    assert "Pkg: ask @alice, see @pkg/plan.md" in text
    assert "warning" not in text


def _with_password(pg_url: str) -> tuple[str, str]:
    """``pg_url`` with a password (the private cluster trusts any), and as shown."""
    return pg_url.replace("postgres@", "postgres:hunter2@"), pg_url.replace(
        "postgres@", "postgres:***@"
    )


def test_a_shared_stores_errors_name_its_url_as_written(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    url, shown = _with_password(pg_url)
    (ran,) = runs_in_folders(tmp_path, url, ("a", "backend"))
    unknown = coord("log", "nosuch", "--db", url, cwd=tmp_path / "a")
    assert unknown.returncode == 4
    assert unknown.stderr.splitlines()[0] == f"error: unknown session: nosuch in {shown}"

    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE runs SET report = '{broken' WHERE session_id = %s", (ran,))
    bad = coord("log", ran, "--db", url, cwd=tmp_path / "a")
    assert bad.returncode == 4
    assert bad.stderr.startswith(f"error: session database {shown}: runs row ")
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE sessions SET options = '{broken' WHERE id = %s", (ran,))
    bad = coord("log", ran, "--db", url, cwd=tmp_path / "a")
    assert bad.stderr.startswith(f"error: session database {shown}: sessions row {ran} ")
    assert "hunter2" not in unknown.stderr + bad.stderr


def _removed_first(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    """``PgStore.method`` removes its session first: another process removed it meanwhile."""
    from coordinator.store.pg import PgStore

    real = getattr(PgStore, method)

    def removed(store: Any, session_id: str, *args: Any) -> Any:
        store.delete_sessions([session_id])
        return real(store, session_id, *args)

    monkeypatch.setattr(PgStore, method, removed)


@pytest.mark.parametrize(("method", "here"), [("enqueue", ()), ("claim_here", ("--here",))])
def test_a_session_removed_before_its_queueing_is_unknown_not_a_bad_row(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, method: str, here: tuple[str]
) -> None:
    sid, ws, agents = waiting_on(tmp_path, pg_url, blocked("Tests", "Which framework"))
    _removed_first(monkeypatch, method)
    answered = coord("resume", sid, "--context", "pytest", *here, "--db", pg_url,
                     "--agents-dir", agents, "--only", cwd=ws)  # fmt: skip
    assert answered.returncode == 4
    error = [line for line in answered.stderr.splitlines() if not line.startswith("[")]
    assert error == [
        f"error: unknown session: {sid} in {pg_url}",
        "List this store's session ids with `coord sessions` and the same --db URL"
        " (or COORD_DB, or db: in the config).",
    ]
    unknown = coord("resume", "nosuch", "--context", "pytest", "--db", pg_url, cwd=ws)
    assert unknown.stderr.splitlines()[1:] == error[1:]  # as for one never there


def test_a_stopped_batch_names_not_a_session_no_resume_can_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from coordinator.runtime.batch import BatchDrive, BatchStopped

    started: list[str] = []

    def stop_at_the_second(event: Event) -> None:
        started.append(event.session_id)
        if len(started) == 2:
            signal.raise_signal(signal.SIGINT)

    search = BatchDrive.interrupted_since

    def first_broken_by_then(drive: BatchDrive, *args: Any) -> list[str]:
        db = tmp_path / ".coordinator" / "coordinator.db"
        with closing(sqlite3.connect(db)) as con:
            con.execute("UPDATE sessions SET options = '{broken' WHERE id = ?", (started[0],))
            con.commit()
        return search(drive, *args)

    monkeypatch.setattr(BatchDrive, "interrupted_since", first_broken_by_then)
    with caplog.at_level(logging.WARNING):
        stopped = _batch(tmp_path, OnRunStart(stop_at_the_second), 1)
    assert isinstance(stopped, BatchStopped)
    assert stopped.sessions == [started[1]]
    assert all(started[0] not in line for line in stopped.lines())
    [warning] = [r.getMessage() for r in caplog.records if started[0] in r.getMessage()]
    assert warning.startswith(f"warning: session {started[0]} cannot be resumed: its options")
    assert warning.endswith(f"; `coord sessions rm {started[0]}` removes it")
    assert coord("sessions", "rm", started[0], cwd=tmp_path).returncode == 0
