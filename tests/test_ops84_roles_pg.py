"""ops84: a team's PostgreSQL roles. The tables' owner creates them; the role the team's
commands and workers use may read and write the rows but neither create nor own tables
(PostgreSQL 15 grants no CREATE on ``public`` to other roles): it submits, lists and drives
sessions. A read-only role lists and shows sessions, and is told in one line (exit 4, its
password never shown) where it would write: a ``coord run --detach``, a ``coord worker``
before it says ready. A role that would have to create the tables is told so in one line."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from cli import coord, spawn
from kit import report, write_agents, write_script

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

PASSWORD = "pw-" + uuid.uuid4().hex  # (the test cluster trusts every role: never checked)


def role_url(url: str, grants: tuple[str, ...]) -> tuple[str, str]:
    """A new login role of the cluster with ``grants`` (on the database of ``url``), and
    ``url`` as that role with a password."""
    import psycopg

    name = "team_" + uuid.uuid4().hex[:8]
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE ROLE {name} LOGIN")  # type: ignore[arg-type]
        for grant in grants:
            con.execute(grant.format(role=name))  # type: ignore[arg-type]
    parts = urlsplit(url)
    where = f"{name}:{PASSWORD}@{parts.hostname}:{parts.port}"
    return name, urlunsplit(parts._replace(netloc=where))


READ_WRITE = (
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}",
)
READ_ONLY = ("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",)


def owned_schema(url: str) -> None:
    """The tables, created by their owner's first command."""
    listed = coord("sessions", "--db", url)
    assert listed.returncode == 0, listed.stderr


def detach(tmp: Path, url: str, name: str) -> subprocess.CompletedProcess[str]:
    """``coord run --detach`` of one scripted session in its own workspace under roots/."""
    agents = write_agents(tmp / "agents", "backend")
    turns = [
        {"tool_calls": [{"name": "Write", "input": {"file_path": "out.txt", "content": "x"}}]},
        {"text": report("Complete", "Done")},
    ]
    script = write_script(tmp / "s.yaml", {"backend": turns})
    ws = tmp / "roots" / name
    ws.mkdir(parents=True)
    return coord(
        "run",
        "write out.txt",
        "--agent",
        "backend",
        "--workspace",
        ws,
        "--db",
        url,
        "--detach",
        "--provider",
        "scripted",
        "--script",
        script,
        "--agents-dir",
        agents,
        "--only",
    )


def drain(tmp: Path, url: str) -> tuple[int, str]:
    """A ``coord worker --drain`` process over roots/: its exit code and its log."""
    proc = spawn("worker", "--db", url, "--workspace-root", tmp / "roots", "--drain")
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err


def test_a_role_that_may_only_read_and_write_rows_submits_lists_and_drives(
    tmp_path: Path, pg_url: str
) -> None:
    owned_schema(pg_url)
    _, url = role_url(pg_url, READ_WRITE)
    queued = detach(tmp_path, url, "ws")
    assert queued.returncode == 0, queued.stderr
    sid = queued.stdout.strip()
    code, log = drain(tmp_path, url)
    assert code == 0, log
    assert f"ended {sid} complete" in log
    listed = coord("sessions", "--db", url, "--json")
    assert listed.returncode == 0, listed.stderr
    assert '"complete"' in listed.stdout and sid in listed.stdout
    assert (tmp_path / "roots" / "ws" / "out.txt").read_text() == "x"


def test_a_read_only_role_lists_and_is_told_in_one_line_where_it_would_write(
    tmp_path: Path, pg_url: str
) -> None:
    owned_schema(pg_url)
    queued = detach(tmp_path, pg_url, "ws")  # a session the owner queued
    assert queued.returncode == 0, queued.stderr
    sid = queued.stdout.strip()
    name, url = role_url(pg_url, READ_ONLY)
    for command in (("sessions",), ("log", sid), ("stats",)):
        read = coord(*command, "--db", url)
        assert read.returncode == 0, (command, read.stderr)
    refused = detach(tmp_path, url, "ws2")
    assert refused.returncode == 4, refused.stderr
    assert f"refused the role {name}: permission denied for table " in refused.stderr
    assert "Traceback" not in refused.stderr and PASSWORD not in refused.stderr
    code, log = drain(tmp_path, url)
    assert code == 4, log
    assert f"refused the role {name}: it may not read and write " in log
    assert "coordinator_jobs" in log and "procrastinate_jobs" in log
    assert " ready: " not in log and "Traceback" not in log and PASSWORD not in log
    with_owner = coord("sessions", "--db", pg_url, "--json")
    assert f'"{sid}"' in with_owner.stdout and "running" in with_owner.stdout  # still queued


def test_a_role_that_would_have_to_create_the_tables_is_told_so(
    tmp_path: Path, pg_url: str
) -> None:
    name, url = role_url(pg_url, ("REVOKE CREATE ON SCHEMA public FROM {role}",))
    listed = coord("sessions", "--db", url)
    assert listed.returncode == 4, listed.stderr
    assert f"the role {name} may not create or change the coordinator's tables" in listed.stderr
    assert "as the database's owner" in listed.stderr
    assert "Traceback" not in listed.stderr and PASSWORD not in listed.stderr
