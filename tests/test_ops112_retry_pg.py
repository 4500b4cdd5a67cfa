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

#: Once, the insert of a message whose content holds ``{needle}`` is rolled back as a
#: deadlock would be (a sequence counts the matches: a rollback does not undo ``nextval``).
ONCE = """
CREATE SEQUENCE ops112_seen;
CREATE FUNCTION ops112_deadlock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.content LIKE '%{needle}%' AND nextval('ops112_seen') = 1 THEN
        RAISE EXCEPTION 'deadlock detected' USING ERRCODE = 'deadlock_detected';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER ops112_deadlock BEFORE INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION ops112_deadlock();
"""


@pytest.mark.parametrize(
    "needle",
    ["hop 2", "tool_result", "Did the work"],
)
def test_a_step_rolled_back_for_a_deadlock_is_driven_on_nothing_repeated(
    tmp_path: Path, pg_url: str, needle: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.providers.scripted import ScriptedTransport

    calls: list[int] = []
    answer = ScriptedTransport.handle_async_request

    async def counted(self: ScriptedTransport, request: Any) -> Any:
        calls.append(1)
        return await answer(self, request)

    monkeypatch.setattr(ScriptedTransport, "handle_async_request", counted)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=HOPS, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(ONCE.replace("{needle}", needle))  # type: ignore[arg-type]
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0)
    try:
        line = ""
        while not line.startswith(("ended ", "failed ")):
            line = live.line_with(sid)
    finally:
        live.stop()
    with psycopg.connect(pg_url, autocommit=True) as con:
        seen = con.execute("SELECT last_value FROM ops112_seen").fetchone()
    assert line == f"ended {sid} complete", live.log
    assert seen is not None and int(seen[0]) >= 1  # (the deadlock was raised)
    check_nothing_repeated(pg_url, [sid], HOPS)
    assert len(calls) == HOPS + 1, live.log
    with closing(store_at(pg_url)) as store:
        assert store.session(sid).status == "complete"
