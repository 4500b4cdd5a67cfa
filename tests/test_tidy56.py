"""tidy56 (2026-12-05): what tidy55 noticed and left about a session whose stored options
are not JSON (edited by hand).

- ``coord sessions rm ID`` of that session failed on the same row (exit 4), so the user
  could not clear it with coord although the listing's warning named it: it is removed
  (its id is all a removal needs), on a SQLite and a shared PostgreSQL store alike.
- ``coord sessions --limit N`` reads N + 1 rows to tell whether more match; a row left out
  of the list was counted, so the list was short or lacked its "more sessions match"
  note: each row left out is made up by the next.
- The hint under that row's error said ``sqlite3 postgresql:/...`` on a PostgreSQL store:
  it names ``psql`` there (``sqlite3 FILE`` for a file), and for a session's own row
  ``coord sessions rm ID`` first, on both backends.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
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
    said = f"removed 1 session: {broken}\n"  # by its whole id (daily72)
    assert (removed.returncode, removed.stdout, removed.stderr) == (0, said, "")
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


def _five_sessions(tmp_path: Path, broken: tuple[int, ...]) -> list[str]:
    """Five sessions in workspace ``a``, newest first, those at ``broken`` (their places
    in that order) with options that are not JSON."""
    ids = [session_in(tmp_path / "a", tmp_path, f"request {n}") for n in range(5)][::-1]
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    with closing(sqlite3.connect(db)) as con:
        for place in broken:
            con.execute("UPDATE sessions SET options = ? WHERE id = ?", (BROKEN, ids[place]))
        con.commit()
    return ids


@pytest.mark.parametrize("broken", [(0,), (1,), (2,), (0, 1)])
def test_a_row_left_out_counts_not_against_the_limit(
    tmp_path: Path, broken: tuple[int, ...]
) -> None:
    ids = _five_sessions(tmp_path, broken)
    listed = [sid for place, sid in enumerate(ids) if place not in broken]
    shown = coord("sessions", "--here", "--limit", "2", "--json", cwd=tmp_path / "a")
    assert shown.returncode == 0, shown.stderr
    assert [s["session"] for s in json.loads(shown.stdout)] == listed[:2]
    more = [line for line in shown.stderr.splitlines() if not line.startswith("warning: ")]
    assert more == [
        "5 sessions match, the newest 2 shown: --limit 5 shows them all;"
        " --since, --status, --agent or --search narrow them"
    ]
    warned = [line.split()[2] for line in shown.stderr.splitlines() if line.startswith("warning: ")]
    assert warned == [ids[place] for place in broken]


def test_a_whole_list_with_a_row_left_out_says_no_more(tmp_path: Path) -> None:
    ids = _five_sessions(tmp_path, (1,))
    shown = coord("sessions", "--here", "--limit", "4", "--json", cwd=tmp_path / "a")
    assert shown.returncode == 0, shown.stderr
    assert [s["session"] for s in json.loads(shown.stdout)] == [ids[0], *ids[2:]]
    assert [line.split()[2] for line in shown.stderr.splitlines()] == [ids[1]]  # no "more"


def test_the_limit_on_a_shared_store(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    ran = runs_in_folders(tmp_path, pg_url, ("a", "backend"), ("a", "backend"), ("b", "backend"))
    with psycopg.connect(pg_url, autocommit=True) as con:  # the newest one
        con.execute("UPDATE sessions SET options = %s WHERE id = %s", (BROKEN, ran[-1]))
    shown = coord("sessions", "--db", pg_url, "--limit", "1", "--json", cwd=tmp_path / "a")
    assert shown.returncode == 0, shown.stderr
    assert [s["session"] for s in json.loads(shown.stdout)] == [ran[1]]
    assert shown.stderr.splitlines()[-1].startswith("3 sessions match, the newest 1 shown")


def test_the_hint_for_the_row_names_rm_and_sqlite3(tmp_path: Path) -> None:
    broken, _ = _broken_here(tmp_path)
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    bad = coord("log", broken, cwd=tmp_path / "a")
    assert bad.returncode == 4
    assert bad.stderr.splitlines()[1] == (
        f"Other rows are intact; `coord sessions rm {broken}` deletes that session,"
        f" or fix its row with `sqlite3 {db}`."
    )


def test_the_hint_on_a_shared_store_names_psql(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    (broken,) = runs_in_folders(tmp_path, pg_url, ("a", "backend"))
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE sessions SET options = %s WHERE id = %s", (BROKEN, broken))
    bad = coord("log", broken, "--db", pg_url, cwd=tmp_path / "a")
    assert bad.returncode == 4
    assert bad.stderr.splitlines()[1] == (
        f"Other rows are intact; `coord sessions rm {broken}` deletes that session,"
        " or fix its row with `psql` on that database."
    )
    assert "sqlite3" not in bad.stderr
