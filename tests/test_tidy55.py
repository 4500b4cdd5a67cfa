"""tidy55 (2026-12-05): two inconsistencies daily42 found and left.

- One ``sessions`` row whose stored options are not JSON made ``coord sessions`` skip its
  whole database (every session of that workspace gone from the list, one warning), while
  ``coord stats`` counted them: the other sessions are listed, and that one is named in one
  warning line (its id, its database, what is wrong), in text and ``--json`` alike (the
  JSON list holds the sessions it can show; the warning is on stderr). ``coord log ID`` of
  it is one error naming the row; of another session there, the session as ever.
- The cross-workspace warning named the file twice ("skipped F: session database F is
  ..."): it names it once ("session database F is ...; skipped").
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from cli import coord
from kit import runs_in_folders, session_in

BROKEN = "{broken"
#: What json.loads says of BROKEN.
WHY = "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"


def _three_sessions(tmp_path: Path) -> tuple[Path, list[str]]:
    """Two sessions in workspace ``a`` (the first's options broken) and one in ``b``: the
    database of ``a`` and the ids in order."""
    ids = [
        session_in(tmp_path / "a", tmp_path, "first here"),
        session_in(tmp_path / "a", tmp_path, "second here"),
        session_in(tmp_path / "b", tmp_path, "in another project"),
    ]
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    with closing(sqlite3.connect(db)) as con:
        con.execute("UPDATE sessions SET options = ? WHERE id = ?", (BROKEN, ids[0]))
        con.commit()
    return db, ids


def test_sessions_lists_the_others_and_names_the_unreadable_one(tmp_path: Path) -> None:
    db, (broken, second, other) = _three_sessions(tmp_path)
    warning = f"warning: session {broken} is not listed: its options in {db} are not JSON ({WHY})"
    for args, listed in (((), [other, second]), (("--here",), [second])):
        shown = coord("sessions", *args, cwd=tmp_path / "a", env={"COLUMNS": "200"})
        assert shown.returncode == 0, (args, shown.stderr)
        assert [row.split()[0] for row in shown.stdout.splitlines()[1:]] == listed, args
        assert shown.stderr.splitlines() == [warning], args
        as_json = coord("sessions", *args, "--json", cwd=tmp_path / "a")
        assert as_json.returncode == 0, args
        assert [s["session"] for s in json.loads(as_json.stdout)] == listed, args
        assert as_json.stderr.splitlines() == [warning], args


def test_log_of_the_unreadable_session_names_its_row_and_another_shows(tmp_path: Path) -> None:
    db, (broken, second, _) = _three_sessions(tmp_path)
    bad = coord("log", broken, cwd=tmp_path / "a")
    assert (bad.returncode, bad.stdout) == (4, "")
    assert bad.stderr.splitlines()[0] == (
        f"error: session database {db}: sessions row {broken} has unreadable JSON in options"
        f" ({WHY})"
    )
    good = coord("log", second, cwd=tmp_path / "a")
    assert (good.returncode, good.stderr) == (0, "")
    assert good.stdout.startswith(f"session {second}  complete")


def test_on_a_shared_store_too(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    broken, second, other = runs_in_folders(
        tmp_path, pg_url, ("a", "backend"), ("a", "backend"), ("b", "backend")
    )
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE sessions SET options = %s WHERE id = %s", (BROKEN, broken))
    shown = coord("sessions", "--db", pg_url, "--json", cwd=tmp_path / "a")
    assert shown.returncode == 0, shown.stderr
    assert [s["session"] for s in json.loads(shown.stdout)] == [other, second]
    (warning,) = shown.stderr.splitlines()
    assert warning.startswith(f"warning: session {broken} is not listed: its options in ")
    assert warning.endswith(f" are not JSON ({WHY})") and "postgresql://" in warning
    bad = coord("log", broken, "--db", pg_url, cwd=tmp_path / "a")
    assert bad.returncode == 4
    assert f"sessions row {broken} has unreadable JSON in options" in bad.stderr
    good = coord("log", second, "--db", pg_url, cwd=tmp_path / "a")
    assert good.returncode == 0 and good.stdout.startswith(f"session {second}  complete")


def test_a_skipped_database_is_named_once_in_its_warning(tmp_path: Path) -> None:
    session_in(tmp_path / "a", tmp_path, "here")
    other = session_in(tmp_path / "b", tmp_path, "in another project")
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    for left in db.parent.glob("coordinator.db-*"):  # its -wal and -shm
        left.unlink()
    db.write_bytes(b"not SQLite at all " * 512)
    why = "is not a coordinator session database (not SQLite, or corrupt)"
    shown = coord("sessions", cwd=tmp_path / "b")
    assert shown.returncode == 0, shown.stderr
    (line,) = shown.stderr.splitlines()
    assert line.startswith(f"warning: {db} {why}; skipped (") and line.count(str(db)) == 1
    later = coord("stats", cwd=tmp_path / "b")  # daily68: told once, while it is unchanged
    assert later.returncode == 0 and later.stderr == ""
    assert other in coord("sessions", cwd=tmp_path / "b").stdout
