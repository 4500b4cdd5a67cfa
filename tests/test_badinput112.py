"""badinput112: the cells of the bad-input matrix's new surfaces (bench/badinput108.py,
group ``new112``; bench/RESULTS.md) that failed on the start tree: a traceback, or a
message saying what did not happen. Each through ``coord`` in process (an exception
escaping fails the test, as a user would have seen its traceback)."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from cli import coord
from kit import report, workspace, write_agents, write_script
from test_cli_hooks import user_hooks

from coordinator.errors import UserError
from coordinator.runtime.lookup import existing_folder


def _run(tmp_path: Path, hooks: dict[str, object]) -> tuple[Path, str]:
    """A session run to Complete with the user's ``hooks``: its workspace and id."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    user_hooks(hooks)
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--script", script)
    ran = coord("run", "Write notes", *base, "--agent", "backend", "--json")
    assert ran.returncode == 0, ran.stderr
    return ws, json.loads(ran.stdout)["session"]


def _hook(command: str) -> dict[str, object]:
    return {"hooks": [{"type": "command", "command": command}]}


@pytest.mark.parametrize(
    ("command", "said"),
    [("a=x\x00y; echo $a", "a NUL byte (U+0000)"), ("a=\ud800; echo $a", "'\\ud800'")],
)
def test_a_hook_command_no_process_can_be_given_fails_as_that_hook(
    tmp_path: Path, command: str, said: str
) -> None:
    """A settings file's hook line holding a NUL (``\\u0000``) or a lone surrogate
    (``\\ud800``, valid JSON): that hook's run is an error naming why, the session goes
    on. On the start tree: ``ValueError: embedded null byte`` / ``UnicodeEncodeError``
    out of ``coord run``, its traceback."""
    ws, sid = _run(tmp_path, {"SessionStart": [_hook(command)]})
    shown = coord("log", sid, "--json", "--workspace", ws)
    [hook] = [e for e in json.loads(shown.stdout)["events"] if e["kind"] == "hook"]
    assert hook["outcome"] == "error"
    assert hook["note"].startswith(f"cannot start: its command line or environment holds {said}")


def _owing(tmp_path: Path, damage: str | None = None) -> tuple[Path, str, int]:
    """A session ended owing its SessionEnd hook (its runs taken out of the store, as a
    ``kill -9`` leaves them); ``damage``: the ``hooks_owed`` row's data, written over (an
    SQL expression). Its workspace, id and the owed row's seq."""
    ws, sid = _run(tmp_path, {"SessionEnd": [_hook("true")]})
    with closing(sqlite3.connect(ws / ".coordinator" / "coordinator.db")) as con:
        con.execute("DELETE FROM events WHERE kind IN ('hook', 'hooks_fired')")
        if damage is not None:
            con.execute(f"UPDATE events SET data = {damage} WHERE kind = 'hooks_owed'")
        con.commit()
        [(seq,)] = con.execute("SELECT seq FROM events WHERE kind = 'hooks_owed'").fetchall()
    return ws, sid, seq


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        ("""'{"event": 5}'""", "its 'event' is 5, not str"),
        ("""'{"event": "SessionEnd", "input": "x"}'""", "its 'input' is \"x\""),
        ("'{}'", "its 'event' is missing"),
        ("'[1, 2]'", "its data is [1, 2], not an object"),
    ],
)
def test_a_damaged_owed_hooks_row_is_named_by_a_resume(
    tmp_path: Path, damage: str, why: str
) -> None:
    """``coord resume`` of an ended session whose ``hooks_owed`` payload was damaged: the
    store's error naming the row (exit 4), as for a payload that is not JSON. On the start
    tree: a field of the wrong type was a ValueError traceback; no ``event`` (or not an
    object) was passed over, the hooks it owed lost in silence ("had already ended")."""
    ws, sid, seq = _owing(tmp_path, damage)
    done = coord("resume", sid, "--workspace", ws)
    assert done.returncode == 4, done.stdout
    assert f"events row {seq} has unreadable JSON in data (a hooks_owed event: {why}" in done.stderr


def test_log_json_names_an_event_whose_data_is_not_an_object(tmp_path: Path) -> None:
    """On the start tree: ``TypeError: 'list' object is not a mapping`` (traceback)."""
    ws, sid, seq = _owing(tmp_path, "'[1, 2]'")
    done = coord("log", sid, "--json", "--workspace", ws)
    assert done.returncode == 4
    assert f"events row {seq} has unreadable JSON in data" in done.stderr


def test_a_stored_text_that_is_not_utf8_is_a_store_error(tmp_path: Path) -> None:
    """A row another program wrote with bytes that are not UTF-8: on the start tree
    ``sqlite3.OperationalError: Could not decode to UTF-8 column 'data'`` (traceback)."""
    ws, sid, _ = _owing(tmp_path, "CAST(x'7b226576656e74223a2022ff22' AS TEXT)")
    for args in (("log", sid), ("resume", sid)):
        done = coord(*args, "--workspace", ws)
        assert done.returncode == 4, args
        assert "a row holds text that is not UTF-8 (column 'data'" in done.stderr
        assert "coordinator.db" in done.stderr


def test_a_resume_that_fires_owed_hooks_does_not_say_nothing_was_recorded(
    tmp_path: Path,
) -> None:
    """The owed SessionEnd hook fails (exit 1): it is fired and its run logged, and the
    line says so. On the start tree: "nothing was resumed or recorded"."""
    ws, sid, _ = _owing(tmp_path)
    user_hooks({"SessionEnd": [_hook("echo failing >&2; exit 1")]})
    done = coord("resume", sid, "--workspace", ws)
    assert done.returncode == 0
    assert "SessionEnd[other] error (exit 1, user): failing" in done.stderr
    assert "ran now; nothing else was resumed" in done.stderr  # (review133's words)
    assert "recorded" not in done.stderr


def test_a_workspace_that_is_a_link_loop_is_named(tmp_path: Path) -> None:
    """On the start tree: ``RuntimeError: Symlink loop`` out of every command's -w."""
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    with pytest.raises(UserError, match="Too many levels of symbolic links"):
        existing_folder(tmp_path / "a")
    done = coord("sessions", "-w", tmp_path / "a")
    assert done.returncode == 4
    assert f"workspace {tmp_path / 'a'}: Too many levels of symbolic links" in done.stderr


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ({"command": "${NOPE_112:-\ud800}"}, "its command holds '\\ud800', a lone surrogate"),
        ({"command": "echo", "args": ["a\x00b"]}, "its args[0] holds a NUL byte (U+0000)"),
        ({"command": "echo", "env": {"A": "${NOPE_112:-\x00}"}}, "its env A holds a NUL byte"),
    ],
)
def test_a_template_server_no_process_can_be_given_is_not_started(
    raw: dict[str, object], said: str
) -> None:
    """A ``.mcp.json`` template whose expansion holds a NUL or a lone surrogate: the
    server is not started, the file and field named. On the start tree it was parsed, and
    its start said ``did not start: UnicodeEncodeError: 'utf-8' codec can't encode...`` /
    ``ValueError: embedded null byte`` (the exception's words, no file)."""
    from coordinator.mcp.config import DefinitionError, parse_server

    with pytest.raises(DefinitionError, match="not started") as raised:
        parse_server("srv", raw, "/w/.mcp.json", True, {})
    assert f"server 'srv' in /w/.mcp.json: {said}" in str(raised.value)
