"""redteam112: the queue heads' ``SECURITY DEFINER`` trigger functions (ops108/ops109) from
a role that shares the database but is none of the team's: one with a schema of its own
(``CREATE SCHEMA AUTHORIZATION``, a common way to share a cluster's database). PostgreSQL
grants ``EXECUTE`` on a new function to ``PUBLIC``, and checks it only as a trigger is
made: that role attached ``coordinator_queue_heads_cleared()`` to a table of its own and,
truncating it, emptied the heads as their owner (the fair fetch then skipped the workspaces
whose heads were gone); ``coordinator_queue_heads_kept()`` took the workspaces'
transaction locks as their owner, for as long as it liked. Now only the owner may execute
them, and each does nothing but for Procrastinate's jobs table."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from test_ops84_roles_pg import READ_WRITE, role_url
from test_ops104_pg import queue_of
from test_ops105_pg import more
from test_ops108_pg import _heads
from test_workers_pg import store_at

#: The heads' trigger functions (``pg.HEADS_FUNCTIONS``; named here, as on the start tree).
HEADS_FUNCTIONS = ("coordinator_queue_heads_kept", "coordinator_queue_heads_cleared")


def _outsider(url: str) -> tuple[str, str]:
    """A login role with its own schema in the database of ``url`` (none of coord's grants)."""
    name, as_role = role_url(url, ())
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {name} AUTHORIZATION {name}")  # type: ignore[arg-type]
    return name, as_role


def _attach(as_role: str, name: str, function: str) -> None:
    """The outsider's table ``name.t_*`` with ``function`` as its trigger, truncated."""
    table = f"{name}.t_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(as_role, autocommit=True) as con:
        con.execute(f"CREATE TABLE {table} (args jsonb, status text)")  # type: ignore[arg-type]
        con.execute(
            f"CREATE TRIGGER x AFTER TRUNCATE ON {table} FOR EACH STATEMENT"  # type: ignore[arg-type]
            f" EXECUTE FUNCTION public.{function}()"
        )
        con.execute(f"TRUNCATE {table}")  # type: ignore[arg-type]


@pytest.mark.parametrize("function", HEADS_FUNCTIONS)
def test_a_role_outside_the_team_cannot_run_the_heads_functions_as_their_owner(
    pg_url: str, function: str
) -> None:
    """On the start tree the outsider's ``TRUNCATE`` of its own table emptied the heads of
    the two queued workspaces."""
    queue_of(pg_url, [("s1", "/ws/a"), ("s2", "/ws/b")])
    name, as_role = _outsider(pg_url)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _attach(as_role, name, function)
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert len(_heads(con)) == 2


def test_an_older_database_is_mended_and_the_team_still_keeps_the_heads(pg_url: str) -> None:
    """A database made before: ``PUBLIC`` may execute, the old bodies run for any table.
    The owner's next command revokes it and makes them anew; even a role that may still
    execute them (granted by hand) changes no head through its own table, and the team's
    role (rows only, no ``EXECUTE``) queues with the heads kept."""
    queue_of(pg_url, [("s1", "/ws/a")])
    with psycopg.connect(pg_url, autocommit=True) as con:
        for function in HEADS_FUNCTIONS:
            con.execute(f"GRANT EXECUTE ON FUNCTION {function}() TO PUBLIC")  # type: ignore[arg-type]
    store_at(pg_url).close()
    name, as_role = _outsider(pg_url)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _attach(as_role, name, HEADS_FUNCTIONS[1])
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(f"GRANT EXECUTE ON FUNCTION {HEADS_FUNCTIONS[1]}() TO {name}")  # type: ignore[arg-type]
    _attach(as_role, name, HEADS_FUNCTIONS[1])
    _team, team_url = role_url(pg_url, READ_WRITE)
    more(team_url, [("s2", "/ws/b")])
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert [space for space, _ in _heads(con)] == ["/ws/a", "/ws/b"]
