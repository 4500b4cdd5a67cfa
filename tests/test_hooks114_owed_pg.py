"""hooks114: loose ends of the owed SessionEnd hooks (hooks112) a worker fires, with a real
PostgreSQL cluster and real in-process workers: their span in the session's trace, and a
record of their runs the server rolls back past the store's tries (the hooks fired again)."""

from __future__ import annotations

import asyncio
import json
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import report, write_script
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from test_hooks112_owed import _end_hook, _kinds
from test_ops112_retry_pg import deadlock_trigger, driven_under
from test_workers_pg import chain, hop, store_at, submit, submit_at_once

from coordinator.providers.pool import ProviderPool
from coordinator.runtime.hook_gate import HookGate
from coordinator.runtime.hooks_owed import end_owed
from coordinator.runtime.worker import drive_claimed
from coordinator.store.pg import WRITE_TRIES
from coordinator.telemetry.otel import logged_events, recorder
from tests.kit import write_agents


async def _killed(*args: Any, **kwargs: Any) -> None:
    """A driver killed once its session's outcome is stored, before its SessionEnd runs."""


def _ended_owing(tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A session queued on the store at ``pg_url``, driven to its end by a worker killed once
    its outcome was stored, before its SessionEnd hook ran (owed): ``held`` and its id."""
    held = _end_hook(tmp_path)
    (held / "released").touch()
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    with closing(store_at(pg_url)) as store, monkeypatch.context() as m:
        m.setattr(HookGate, "session_end", _killed)
        assert store.claim_session(sid, "killed") is not None
        asyncio.run(drive_claimed(store, [].append, ProviderPool()))
        assert _kinds(store, sid) == ["hooks_owed"]
    return held, sid


def test_a_late_session_end_a_worker_fires_is_a_hook_span_under_the_ending_workflow(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(A guard.) A worker (which traces nothing live: ``coord log --otel`` sends its
    sessions' traces) fires the SessionEnd hooks a killed worker owed: the log's replay
    has their ``hook SessionEnd`` span under the workflow span that ended the session, as
    a resume's (hooks113). Passes on both trees; fails on one whose recorder does not
    find the workflow a late SessionEnd goes under (``_ended_workflow`` None: shown)."""
    held, sid = _ended_owing(tmp_path, pg_url, monkeypatch)
    with closing(store_at(pg_url)) as store:
        assert store.claim_session(sid, "taker") is not None
        asyncio.run(drive_claimed(store, [].append, ProviderPool()))
        assert _kinds(store, sid) == ["hooks_owed", "hook", "hooks_fired"]
        replayed = InMemorySpanExporter()
        again = recorder(replayed)
        again.describe_from(store)
        again.replay(logged_events(store.events(sid)))
        again.close()
    spans = replayed.get_finished_spans()
    [hook] = [s for s in spans if s.name == "hook SessionEnd"]
    [ending] = [
        s for s in spans
        if dict(s.attributes or {}).get("coordinator.session.status") == "complete"
    ]  # fmt: skip
    assert hook.parent is not None and hook.parent.span_id == ending.context.span_id
    assert (held / "ends").read_text(encoding="utf-8") == "ran\n"


#: The first ``{times}`` inserts of a ``hooks_fired`` event (the record of the SessionEnd
#: hooks' runs, with their ``hook`` events) are rolled back as a deadlock would be.
ROLLED_BACK = deadlock_trigger(
    "hooks114", "events", "NEW.kind = 'hooks_fired' AND nextval('hooks114_seen') <= {times}"
)


@pytest.mark.parametrize("times", [WRITE_TRIES, WRITE_TRIES + 1, 2 * WRITE_TRIES])
def test_a_session_end_record_rolled_back_past_its_tries_never_fires_the_hooks_again(
    tmp_path: Path, pg_url: str, times: int
) -> None:
    """A worker drives a session to its end; the server rolls the transaction storing its
    SessionEnd hooks' runs back ``times`` times (past the store's own tries): the worker's
    next try stores the runs it has, and the hooks ran once. Before, the session was found
    ended, its SessionEnd still owed, and the worker fired them again."""
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(
        tmp_path / "s.yaml", {"backend": [hop(1, 0), {"text": report("Complete")}]}
    )
    ws = tmp_path / "roots" / "ws0"
    (ws / ".claude").mkdir(parents=True)
    end = {"SessionEnd": [{"hooks": [{"type": "command", "command": "echo end >> hooks.log"}]}]}
    (ws / ".claude" / "settings.json").write_text(json.dumps({"hooks": end}))
    [sid] = submit(tmp_path, pg_url, script, agents, 1, 0, "--allow-bash")
    rolled = ROLLED_BACK.replace("{times}", str(times))
    line, log, seen = driven_under(pg_url, tmp_path / "roots", sid, "hooks114", rolled)
    assert seen > times and line.startswith(f"ended {sid} complete"), log
    assert (ws / "hooks.log").read_text().splitlines() == ["end"], log
    with closing(store_at(pg_url)) as store:
        assert _kinds(store, sid) == ["hooks_owed", "hook", "hooks_fired"], log
        assert not end_owed(store, sid)
