"""review85: ops84's roles of a shared store, where they still fell through.

* a role that may not create tables, on a database a newer coordinator upgraded, was told to
  have the owner create the tables (the owner is told the schema is newer: upgrade coord);
* a role that may read the tables but not write one of them (INSERT on ``coordinator_jobs``
  revoked) got a traceback from ``coord run --detach``: one line naming the role, exit 4;
* a worker whose role may not write ``coordinator_workers`` said ``ready`` and silently
  left its roots unknown: it names the table before ``ready``, exit 4.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord, spawn

from tests.test_ops84_roles_pg import PASSWORD, READ_WRITE, detach, drain, owned_schema, role_url

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def as_owner(url: str, *statements: str) -> None:
    """``statements`` run by the tables' owner (the cluster's superuser)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        for statement in statements:
            con.execute(statement)  # type: ignore[arg-type]


def test_a_role_on_a_newer_coordinators_database_is_told_to_upgrade(
    tmp_path: Path, pg_url: str
) -> None:
    owned_schema(pg_url)
    _, url = role_url(pg_url, READ_WRITE)
    as_owner(pg_url, "UPDATE coordinator_schema SET version = version + 1")
    listed = coord("sessions", "--db", url)
    assert listed.returncode == 4, listed.stderr
    assert "was written by a newer coordinator" in listed.stderr
    assert "Upgrade coordinator" in listed.stderr
    assert "may not create" not in listed.stderr and "owner" not in listed.stderr


def test_a_role_that_may_not_write_one_table_is_told_in_one_line(
    tmp_path: Path, pg_url: str
) -> None:
    owned_schema(pg_url)
    name, url = role_url(pg_url, READ_WRITE)
    as_owner(pg_url, f"REVOKE INSERT ON coordinator_jobs FROM {name}")
    in_query = url.replace(f":{PASSWORD}@", "@") + f"?password={PASSWORD}"
    refused = detach(tmp_path, in_query, "ws")
    assert refused.returncode == 4, refused.stderr
    assert f"refused the role {name}: permission denied for table coordinator_jobs" in (
        refused.stderr
    )
    assert "Traceback" not in refused.stderr and PASSWORD not in refused.stderr
    listed = coord("sessions", "--db", pg_url, "--json")
    assert listed.returncode == 0 and listed.stdout.strip() == "[]"  # nothing queued


def test_a_worker_whose_role_may_not_record_its_roots_says_so_before_ready(
    tmp_path: Path, pg_url: str
) -> None:
    owned_schema(pg_url)
    name, url = role_url(pg_url, READ_WRITE)
    as_owner(pg_url, f"REVOKE INSERT, UPDATE ON coordinator_workers FROM {name}")
    (tmp_path / "roots").mkdir()
    code, log = drain(tmp_path, url)
    assert code == 4, log
    assert f"refused the role {name}: it may not read and write coordinator_workers" in log
    assert " ready: " not in log and "Traceback" not in log and PASSWORD not in log


def test_a_command_that_connects_during_a_newer_coordinators_migration_waits_for_it(
    tmp_path: Path, pg_url: str
) -> None:
    """A newer coord's migration under way (its lock held, its version not yet committed):
    a command connecting now waits for it and is refused (the schema is newer), where it
    read the old version and went on against tables being changed under it."""
    import psycopg

    from coordinator.store.pg import LOCK_SPACE

    owned_schema(pg_url)
    with psycopg.connect(pg_url) as newer:  # (a transaction: committed at the end)
        newer.execute("SELECT pg_advisory_xact_lock(%s, 0)", (LOCK_SPACE,))
        newer.execute("UPDATE coordinator_schema SET version = version + 1")
        proc = spawn("sessions", "--db", pg_url)
        waiting = False
        while not waiting and proc.poll() is None:  # until it waits on the lock, or ends
            row = newer.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND classid = %s::bigint::oid",
                (LOCK_SPACE,),
            ).fetchone()
            waiting = row is not None and row[0] > 0
            newer.execute("SELECT pg_sleep(0.005)")
        newer.commit()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 4, err
    assert "was written by a newer coordinator" in err
