"""ops112: a step's transaction the server rolls back for a deadlock (40P01, raised once by
a trigger on the messages: inside a step the store does not make the write again) on a
worker driving a chain: the session is driven on to its end, no model call made twice and
no tool's effect repeated."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest
from kit import write_agents, write_script
from test_ops67_pg import HOPS
from test_workers_pg import InProcessWorker, chain, check_nothing_repeated, store_at, submit


def deadlock_trigger(name: str, table: str, when: str) -> str:
    """SQL rolling back an insert into ``table`` as a deadlock would (40P01) while ``when``
    holds; ``when`` may count in the sequence ``<name>_seen`` (a rollback does not undo
    ``nextval``)."""
    return f"""
CREATE SEQUENCE {name}_seen;
CREATE FUNCTION {name}_deadlock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {when} THEN
        RAISE EXCEPTION 'deadlock detected' USING ERRCODE = 'deadlock_detected';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER {name}_deadlock BEFORE INSERT ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}_deadlock();
"""


def counted_model_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one at each call the scripted provider answers."""
    from coordinator.providers.scripted import ScriptedTransport

    calls: list[int] = []
    answer = ScriptedTransport.handle_async_request

    async def counted(self: ScriptedTransport, request: Any) -> Any:
        calls.append(1)
        return await answer(self, request)

    monkeypatch.setattr(ScriptedTransport, "handle_async_request", counted)
    return calls


def driven_under(
    pg_url: str, roots: Path, sid: str, name: str, sql: str
) -> tuple[str, list[str], int]:
    """``sql`` (a ``deadlock_trigger`` named ``name``) set, then one in-process worker on
    ``roots`` drives ``sid`` to its end: its last line, its log, and ``<name>_seen``."""
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(sql)
    live = InProcessWorker(pg_url, roots, lease=5.0)
    try:
        line = ""
        while not line.startswith(("ended ", "failed ")):
            line = live.line_with(sid)
    finally:
        live.stop()
    with psycopg.connect(pg_url, autocommit=True) as con:
        seen = con.execute(f"SELECT last_value FROM {name}_seen").fetchone()
    assert seen is not None
    return line, live.log, int(seen[0])


#: Once, the insert of a message whose content holds ``{needle}`` is rolled back as a
#: deadlock would be.
ONCE = deadlock_trigger(
    "ops112", "messages", "NEW.content LIKE '%{needle}%' AND nextval('ops112_seen') = 1"
)


@pytest.mark.parametrize(
    "needle",
    ["hop 2", "tool_result", "Did the work"],
)
def test_a_step_rolled_back_for_a_deadlock_is_driven_on_nothing_repeated(
    tmp_path: Path, pg_url: str, needle: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counted_model_calls(monkeypatch)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=HOPS, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    once = ONCE.replace("{needle}", needle)
    line, log, seen = driven_under(pg_url, tmp_path / "roots", sid, "ops112", once)
    assert line == f"ended {sid} complete", log
    assert seen >= 1  # (the deadlock was raised)
    check_nothing_repeated(pg_url, [sid], HOPS)
    assert len(calls) == HOPS + 1, log
    with closing(store_at(pg_url)) as store:
        assert store.session(sid).status == "complete"
