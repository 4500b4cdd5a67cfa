"""ops72: an ``asyncRewake`` hook that finishes while the shared store's server is down
wakes its agent once the server is back. Async hooks run on their own task beside the
session's drive; their write now waits for the server through the store's one shared
reconnect (the drive's own waits join it: one connection opened, the claim taken up once,
at its epoch). Before: one attempt, the write failed, the rewake was lost and the agent
never woken."""

from __future__ import annotations

import asyncio
import json
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import report, write_agents, write_script
from test_ops70_stop_pg import wait_for
from test_workers_pg import InProcessWorker, call_held, hop, store_at, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

WOKE = "ops72-rewake: the linter found two errors"


def rewake_session(tmp: Path, url: str) -> tuple[str, Path, Path]:
    """A queued session: an Edit whose asyncRewake PostToolUse hook (held until ``hook.go``
    exists, noting ``hook.held``) exits 2 saying :data:`WOKE` (fired again later: exits 0 at
    once); a second Edit whose model
    call is held by the gate returned; then a report. Its id, workspace and gate."""
    gate = tmp / "gate"
    turns: list[dict[str, Any]] = [
        hop(1, 0),
        hop(2, 0, gate),
        {"text": report("Complete", "Done")},
    ]
    script = write_script(tmp / "s.yaml", {"backend": turns})
    agents = write_agents(tmp / "agents", "backend")
    ws = tmp / "roots" / "ws0"
    held = "[ -e hook.go ] && exit 0; touch hook.held; until [ -e hook.go ]; do sleep 0.02; done"
    command = f"{held}; echo fired >> hook.log; echo '{WOKE}' >&2; exit 2"
    entry = {"type": "command", "command": command, "asyncRewake": True, "timeout": 120}
    hooks = {"PostToolUse": [{"matcher": "Edit", "hooks": [entry]}]}
    (ws / ".claude").mkdir(parents=True)
    (ws / ".claude" / "settings.json").write_text(json.dumps({"hooks": hooks}))
    [sid] = submit(tmp, url, script, agents, 1, 0, "--allow-bash")  # (hooks run confined)
    return sid, ws, gate


def test_an_async_rewake_finishing_during_an_outage_wakes_the_agent_once_it_is_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server stops while the asyncRewake hook runs and the second model call is held;
    the hook exits 2 while it is down (its write tries the server and finds it gone); the
    held call returns while it is still down, so the drive's wait and the hook's share one
    reconnect; the server restarts. The rewake is stored and given to the next model call,
    once; the session completes at epoch 1, never fenced; the claim was taken up by one
    new connection."""
    from pgcluster import _bindir, private_cluster
    from test_ops67_pg import data_directory, server_ctl

    from coordinator.store import pg

    if _bindir() is None:
        pytest.skip("PostgreSQL binaries absent (/usr/lib/postgresql/*/bin/initdb)")
    refused = threading.Event()
    opened: list[int] = []
    real_open = pg._open

    def counted(*args: Any) -> Any:
        try:
            raw = real_open(*args)
        except Exception:
            refused.set()
            raise
        if refused.is_set():  # a connection opened again after the outage
            opened.append(raw.info.backend_pid)
        return raw

    monkeypatch.setattr(pg, "_open", counted)
    with private_cluster() as url:
        sid, ws, gate = rewake_session(tmp_path, url)
        data = data_directory(url)
        live = InProcessWorker(url, tmp_path / "roots", lease=60.0)
        try:
            live.line_with(f"driving {sid} epoch 1")
            wait_for(ws / "hook.held")  # the first Edit's async hook runs
            call_held(gate)  # and the second model call is in flight
            server_ctl(data, "stop")
            (ws / "hook.go").touch()  # the hook exits 2 while the server is down
            assert refused.wait(timeout=60), "the hook's write never tried the server"
            gate.touch()  # the model call returns while the server is still down
            server_ctl(data, "restart")
            live.line_with(f"ended {sid} ", timeout=90)
        finally:
            (ws / "hook.go").touch()
            gate.touch()
            live.stop()
        rejoined = list(opened)  # (the worker's: this test's reader opens one below)
        assert not [ln for ln in live.log if "epoch 2" in ln or "fenced" in ln], live.log
        assert (ws / "hook.log").read_text().splitlines() == ["fired"]
        with closing(store_at(url)) as store:
            row = store.session(sid)
            kinds = [e.kind for e in store.events(sid)]
            [run] = store.runs(sid)
            said = json.dumps(store.messages(run.id))
    assert row.status == "complete", (row.status, row.reason)
    assert kinds.count("hook_rewake") == 1, kinds
    assert kinds.count("hook_rewake_delivered") == 1, kinds
    assert said.count(WOKE) == 1  # given to the agent once
    assert len(rejoined) == 1, rejoined  # one reconnect, shared by the drive and the hook


async def both_wait(store: Any) -> None:
    """The drive and an async hook ask the store to wait for its server, one after the
    other before either wait ends; both awaited."""
    drive, hook = store.rejoin(), store.rejoin()
    assert drive is not None and hook is not None
    await asyncio.gather(drive, hook)


def lease(url: str) -> tuple[int, int, str]:
    """The only lease's epoch, holder backend and state."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        [row] = con.execute("SELECT epoch, holder_pid, state FROM coordinator_jobs").fetchall()
    return int(row[0]), int(row[1]), str(row[2])


def claimed_store(tmp: Path, url: str) -> tuple[Any, str]:
    """A store holding a worker's claim on a queued one-call session, and the session."""
    from test_workers_pg import chain, submit_at_once

    agents = write_agents(tmp / "agents", "backend")
    script = write_script(tmp / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp, url, script, agents, 1)
    store = store_at(url)
    assert store.claim_session(sid, "ops72-worker") is not None
    return store, sid


def test_waits_for_the_server_asked_together_share_one_reconnect(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server ended a claimed store's connection; the drive and an async hook each ask
    to wait for it before their writes: one connection is opened, the claim taken up once
    by it (its holder that connection's backend, the epoch unchanged), and both writes then
    go through it (before: each opened its own, the second closing the first's)."""
    from test_workers_pg import end_connections

    from coordinator.store import pg

    store, _ = claimed_store(tmp_path, pg_url)
    opened: list[int] = []
    real_open = pg._open

    def counted(*args: Any) -> Any:
        raw = real_open(*args)
        opened.append(raw.info.backend_pid)
        return raw

    monkeypatch.setattr(pg, "_open", counted)
    with closing(store):
        end_connections(pg_url)
        asyncio.run(both_wait(store))
        store.check_epoch()  # still this store's claim
    assert len(opened) == 1, opened
    assert lease(pg_url) == (1, opened[0], "doing")


def test_a_shared_reconnect_takes_no_claim_another_worker_took_meanwhile(
    tmp_path: Path, pg_url: str
) -> None:
    """Fencing kept (a guard): while the connection was down another worker claimed the
    session (epoch 2); the shared reconnect takes nothing up, and the next write is
    refused as another worker's."""
    from test_workers_pg import end_connections

    from coordinator.store.pg import Fenced

    store, sid = claimed_store(tmp_path, pg_url)
    with closing(store):
        end_connections(pg_url)
        with closing(store_at(pg_url)) as other:
            assert other.claim_session(sid, "ops72-other") is not None
            asyncio.run(both_wait(store))
            with pytest.raises(Fenced, match=r"claimed by another worker"):
                store.check_epoch()
            [job] = other.jobs()
    assert (job["epoch"], job["worker"]) == (2, "ops72-other")


async def test_on_a_sqlite_store_an_async_rewake_lands_without_asking_for_a_reconnect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: nothing changes (a guard). An asyncRewake hook's exit 2 is stored and given
    to the run's next model call once, and no record of it asks the store to rejoin."""
    from test_hooks import WRITE, Run
    from test_hooks16_rewake import DONE, rewake_hook
    from test_hooks_async import GLOB, script
    from test_hooks_async import wait_for as waits_for

    from coordinator.events import Event, HookRan, ToolFinished
    from coordinator.store.db import Store

    def never(self: Store) -> None:
        raise AssertionError("a SQLite store was asked to rejoin")

    monkeypatch.setattr(Store, "rejoin", never)
    release, delivered = tmp_path / "release", tmp_path / "delivered"
    body = "import sys\n" + waits_for(release) + f"sys.stderr.write({WOKE!r})\nsys.exit(2)\n"
    agents = {
        "backend": [
            {"tool_calls": [WRITE]},
            {"tool_calls": [GLOB], "hold_until": str(delivered)},
            {"expect": WOKE, "text": DONE},
        ]
    }
    r = Run(tmp_path, agents, rewake_hook("PostToolUse", script(tmp_path, "c.py", body), "Write"))

    def observe(event: Event) -> None:
        if isinstance(event, ToolFinished) and event.name == "Write":
            release.touch()
        if isinstance(event, HookRan):
            delivered.touch()

    r.engine.journal.observer = observe
    result = await r.engine.start("Write notes", agent="backend")
    assert result.status == "complete", result
    assert type(r.store) is Store
    kinds = [e.kind for e in r.store.events(result.session_id)]
    assert kinds.count("hook_rewake") == 1 and kinds.count("hook_rewake_delivered") == 1
