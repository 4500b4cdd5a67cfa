"""ops100: after an upgrade of coord that changes the shared store's tables, the team's roles
(which may read and write rows, not alter tables) were told only to "run any coord command
once against it as the database's owner". They are now told which role owns the tables and
the one command it runs, with its URL; nothing is changed or lost meanwhile, and once that
command ran the team's commands go on. A member of the owning role (a team whose roles share
one group that owns the tables) upgrades them itself: no owner step."""

from __future__ import annotations

import shlex
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from cli import coord
from test_ops84_roles_pg import PASSWORD, READ_WRITE, detach, owned_schema, role_url

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def as_an_older_coord_left_it(url: str) -> None:
    """The tables as the coord before ops95 left them (its lease columns and index absent)."""
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DROP INDEX IF EXISTS coordinator_jobs_driven")
        con.execute(
            "ALTER TABLE coordinator_jobs DROP COLUMN IF EXISTS failures,"
            " DROP COLUMN IF EXISTS seen_job"
        )


def sessions(url: str) -> list[str]:
    with psycopg.connect(url) as con:
        return [str(r[0]) for r in con.execute("SELECT id FROM sessions ORDER BY id")]


def test_a_team_role_is_told_the_owner_and_the_command_that_upgrades_the_tables(
    tmp_path: Path, pg_url: str
) -> None:
    owned_schema(pg_url)
    name, team = role_url(pg_url, READ_WRITE)
    queued = detach(tmp_path, team, "before")  # a session the team queued before
    assert queued.returncode == 0, queued.stderr
    as_an_older_coord_left_it(pg_url)
    before = sessions(pg_url)
    refused = detach(tmp_path, team, "during")
    assert refused.returncode == 4, refused.stderr
    first, hint = refused.stderr.splitlines()[:2]
    parts = urlsplit(pg_url)
    assert first == (
        "error: the coordinator's tables in the session database postgresql://"
        f"{name}:***@{parts.hostname}:{parts.port}{parts.path} need an upgrade for this"
        " version of coord, which only their owner, role postgres, may make (the role"
        f" {name} may not alter them); nothing was changed"
    )
    command = f"coord sessions --db postgresql://postgres@{parts.hostname}:{parts.port}{parts.path}"
    assert hint == (
        f"Have postgres run once: {command} (it upgrades them in place; commands connecting"
        " meanwhile wait for it), then run this command again."
    )
    assert PASSWORD not in refused.stderr and "Traceback" not in refused.stderr
    assert sessions(pg_url) == before  # nothing stored, nothing lost
    upgraded = coord(*shlex.split(command)[1:])  # the command as the hint gives it
    assert upgraded.returncode == 0, upgraded.stderr
    listed = coord("sessions", "--db", team, "--json")
    assert listed.returncode == 0, listed.stderr
    again = detach(tmp_path, team, "after")
    assert again.returncode == 0, again.stderr


def test_a_member_of_the_role_owning_the_tables_upgrades_them_itself(
    tmp_path: Path, pg_url: str
) -> None:
    group = "coord_owners_" + urlsplit(pg_url).path.strip("/").lower()[-8:]
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(f"CREATE ROLE {group} NOLOGIN")  # type: ignore[arg-type]
        con.execute(f"GRANT CREATE ON SCHEMA public TO {group}")  # type: ignore[arg-type]
    grants = ("GRANT " + group + " TO {role}",)
    first, alice = role_url(pg_url, grants)
    with psycopg.connect(pg_url, autocommit=True) as con:  # what alice creates, the group owns
        con.execute(f"ALTER ROLE {first} SET role = {group}")  # type: ignore[arg-type]
    owned_schema(alice)
    as_an_older_coord_left_it(pg_url)
    _, bob = role_url(pg_url, grants)
    upgraded = coord("sessions", "--db", bob)
    assert upgraded.returncode == 0, upgraded.stderr
    with psycopg.connect(pg_url) as con:
        row = con.execute(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'coordinator_jobs'::regclass"
            " AND attname IN ('failures', 'seen_job')"
        ).fetchone()
    assert row == (2,)
