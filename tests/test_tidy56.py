"""tidy56 (2026-12-05): what tidy55 noticed and left about a session whose stored options
are not JSON (edited by hand).

- ``coord sessions rm ID`` of that session failed on the same row (exit 4), so the user
  could not clear it with coord although the listing's warning named it: it is removed
  (its id is all a removal needs), on a SQLite and a shared PostgreSQL store alike.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from cli import coord
from kit import runs_in_folders, session_in

BROKEN = "{broken"


def _broken_here(tmp_path: Path) -> tuple[str, str]:
    """Two sessions in workspace ``a``, the first's options broken: their ids."""
    broken = session_in(tmp_path / "a", tmp_path, "first here")
    second = session_in(tmp_path / "a", tmp_path, "second here")
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    with closing(sqlite3.connect(db)) as con:
        con.execute("UPDATE sessions SET options = ? WHERE id = ?", (BROKEN, broken))
        con.commit()
    return broken, second


def test_rm_removes_the_unreadable_session(tmp_path: Path) -> None:
    broken, second = _broken_here(tmp_path)
    removed = coord("sessions", "rm", broken, "--json", cwd=tmp_path / "a")
    assert (removed.returncode, removed.stderr) == (0, "")
    assert json.loads(removed.stdout) == {"removed": [broken]}
    shown = coord("sessions", "--here", "--json", cwd=tmp_path / "a")
    assert (shown.returncode, shown.stderr) == (0, "")  # no warning left
    assert [s["session"] for s in json.loads(shown.stdout)] == [second]


def test_rm_by_prefix_says_what_it_removed(tmp_path: Path) -> None:
    broken, second = _broken_here(tmp_path)
    removed = coord("sessions", "rm", broken[:8], cwd=tmp_path / "a")
    assert (removed.returncode, removed.stdout, removed.stderr) == (0, "removed 1 session\n", "")
    assert coord("log", second, cwd=tmp_path / "a").returncode == 0


def test_rm_removes_it_from_a_shared_store(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    broken, second = runs_in_folders(tmp_path, pg_url, ("a", "backend"), ("a", "backend"))
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE sessions SET options = %s WHERE id = %s", (BROKEN, broken))
    removed = coord("sessions", "rm", broken, "--db", pg_url, "--json", cwd=tmp_path / "a")
    assert (removed.returncode, removed.stderr) == (0, "")
    assert json.loads(removed.stdout) == {"removed": [broken]}
    shown = coord("sessions", "--db", pg_url, "--json", cwd=tmp_path / "a")
    assert (shown.returncode, shown.stderr) == (0, "")
    assert [s["session"] for s in json.loads(shown.stdout)] == [second]
