"""mend105: leftovers of session 61's reviews.

1. ``coord sessions --json`` that exits 4 over a known database at whose path a folder is
   printed a plain list (a script could not tell it from a whole one): it is the error
   object docs/commands.md promises, the sessions listed under ``sessions``; the warning and
   the hint say what stops every listing exiting 4 (what is there moved or removed, or the
   sessions forgotten with ``coord sessions rm``, their ids named).
2. A PostgreSQL store that refused said the kind twice ("connection refused (connection
   failed: ... failed: Connection refused)"): psycopg's prefix hid it from the check; and
   PGSSLMODE, which libpq reads too, was not named among the variables taken.
3. ``coord log -f`` of a session a rejected key stopped exited 75 (retry later) where its
   ``coord run`` exited 4 (fix the key): its ``interrupted`` event records the code, which
   ``log -f`` exits with; an outage's, and a resume since, stay 75.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli import coord
from kit import session_in, workspace, write_agents, write_script
from pgcluster import PG_GROUP

from coordinator.store.index import SessionIndex


def _folder_in_place(tmp_path: Path) -> tuple[Path, str, str]:
    """Workspaces ``a`` and ``b`` with a session each, a folder where ``a``'s database file
    was: that path, ``a``'s session id and ``b``'s."""
    gone = session_in(tmp_path / "a", tmp_path, "here")
    other = session_in(tmp_path / "b", tmp_path, "in another project")
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    for made in db.parent.glob("coordinator.db*"):
        made.unlink()
    db.mkdir()
    return db, gone, other


@pytest.mark.parametrize("where", ["a", "b"])
def test_a_listing_over_a_folder_is_the_error_object_and_says_how_to_forget_it(
    tmp_path: Path, where: str
) -> None:
    db, gone, other = _folder_in_place(tmp_path)
    shown = coord("sessions", "--json", cwd=tmp_path / where)
    assert shown.returncode == 4
    data = json.loads(shown.stdout)
    remedy = (
        f"every listing exits 4 while it is there: move or remove what is at {db}, or forget"
        f" its sessions (its own workspace's listings still fail): `coord sessions rm {gone}`"
    )
    assert data == {
        "error": f"session database {db} is not a file",
        "hint": remedy,
        "not_files": [str(db)],
        "sessions": [data["sessions"][0]],
        "exit_code": 4,
    }
    assert data["sessions"][0]["session"] == other
    assert shown.stderr.splitlines() == [
        f"warning: session database {db} is not a file; skipped ({remedy})"
    ]
    forgot = coord("sessions", "rm", gone, cwd=tmp_path / where)  # as the hint says
    assert forgot.returncode == 0, forgot.stderr
    shown = coord("sessions", "--json", cwd=tmp_path / "b")
    assert (shown.returncode, shown.stderr) == (0, "")
    assert [s["session"] for s in json.loads(shown.stdout)] == [other]
    inside = coord("sessions", cwd=tmp_path / "a")  # its own database: still no file
    assert inside.stderr.splitlines() == [
        f"warning: session database {db} is not a file; skipped (every listing exits 4 while"
        f" it is there: move or remove what is at {db})"
    ]
    assert inside.returncode == 4
    shutil.move(db, tmp_path / "kept")  # the other way the hint names, for every listing
    for folder in ("a", "b"):
        shown = coord("sessions", "--json", cwd=tmp_path / folder)
        assert (shown.returncode, shown.stderr) == (0, "")
        assert [s["session"] for s in json.loads(shown.stdout)] == [other]


def test_a_folder_holding_many_sessions_names_ten_ids_at_a_time(tmp_path: Path) -> None:
    db = tmp_path / "x" / ".coordinator" / "coordinator.db"
    db.mkdir(parents=True)
    ids = [f"{n:012x}" for n in range(12)]
    for sid in ids:
        SessionIndex().record(sid, tmp_path / "x", db, "a request")
    (tmp_path / "y").mkdir()
    shown = coord("sessions", "--json", cwd=tmp_path / "y")
    assert shown.returncode == 4
    hint = json.loads(shown.stdout)["hint"]
    named = hint.partition("`coord sessions rm ")[2].partition("`")[0].split()
    assert len(named) == 10 and set(named) < set(ids)
    assert hint.endswith("(2 more: the next listing names them)")
    assert coord("sessions", "rm", *named, cwd=tmp_path / "y").returncode == 0
    shown = coord("sessions", "--json", cwd=tmp_path / "y")
    rest = json.loads(shown.stdout)["hint"].partition("`coord sessions rm ")[2]
    assert sorted(rest.rstrip("`").split()) == sorted(set(ids) - set(named))


def test_a_refused_store_says_the_kind_once_and_names_pgsslmode(tmp_path: Path) -> None:
    env = {"PGHOST": "127.0.0.1", "PGPORT": "1", "PGSSLMODE": "prefer"}
    ran = coord("sessions", "--db", "postgresql://", cwd=tmp_path, env=env)
    assert ran.returncode == 4
    assert ran.stderr.splitlines() == [
        "error: cannot connect to the session database postgresql:// (with PGHOST=127.0.0.1,"
        " PGPORT=1, PGSSLMODE=prefer from the environment): connection refused (connection to"
        ' server at "127.0.0.1", port 1)',
        "Check the host and port, and that PostgreSQL is running there.",
    ]
    url = "postgresql:///x?host=/nonexistent-105&sslmode=disable"  # the URL's sslmode: not named
    ran = coord("sessions", "--db", url, cwd=tmp_path, env={"PGSSLMODE": "require"})
    assert ran.stderr.splitlines()[0] == (
        f"error: cannot connect to the session database {url}: no server at the local socket"
        ' (connection to server on socket "/nonexistent-105/.s.PGSQL.5432" failed: No such'
        " file or directory)"
    )


def test_log_follow_of_a_session_a_rejected_key_stopped_exits_as_run_did(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    rejected = {"error": {"status": 401, "type": "authentication_error"}}
    outage = {"error": {"status": 529, "message": "Overloaded", "retry_after": 0}}
    script = write_script(tmp_path / "s.yaml", {"backend": [rejected]})
    flags = ("--agents-dir", agents, "--only")
    ran = coord("run", "Charge the card", "--agent", "backend", *flags, "--script", script,
                "--json", cwd=ws)  # fmt: skip
    assert (ran.returncode, json.loads(ran.stdout)["exit_code"]) == (4, 4), ran.stderr
    (listed,) = json.loads(coord("sessions", "--json", cwd=ws).stdout)
    sid = listed["session"]
    followed = coord("log", "-f", sid, cwd=ws)
    assert followed.returncode == 4, followed.stderr
    logged = json.loads(coord("log", sid, "--json", cwd=ws).stdout)
    (stop,) = [e for e in logged["events"] if e["kind"] == "interrupted"]
    assert stop["exit_code"] == 4
    later = write_script(tmp_path / "later.yaml", {"backend": [outage, outage]})
    again = coord("resume", sid, *flags, "--script", later, cwd=ws)  # an outage: retry later
    assert again.returncode == 75, again.stderr
    assert coord("log", "-f", sid, cwd=ws).returncode == 75


@pytest.mark.xdist_group(PG_GROUP)
def test_log_follow_of_a_rejected_key_on_a_shared_store_exits_4(
    tmp_path: Path, pg_url: str
) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml",
        {"backend": [{"error": {"status": 401, "type": "authentication_error"}}]},
    )
    flags = ("--agents-dir", agents, "--only", "--script", script, "--db", pg_url)
    ran = coord("run", "Charge the card", "--agent", "backend", *flags, cwd=ws)
    assert ran.returncode == 4, ran.stderr
    (listed,) = json.loads(coord("sessions", "--db", pg_url, "--json", cwd=ws).stdout)
    assert listed["status"] == "interrupted"
    followed = coord("log", "-f", listed["session"], "--db", pg_url, cwd=ws)
    assert followed.returncode == 4, followed.stderr
