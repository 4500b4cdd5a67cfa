"""ops72: an ``asyncRewake`` hook that finishes while the shared store's server is down
wakes its agent once the server is back. Async hooks run on their own task beside the
session's drive; their write now waits for the server through the store's one shared
reconnect (the drive's own waits join it: one connection opened, the claim taken up once,
at its epoch). Before: one attempt, the write failed, the rewake was lost and the agent
never woken."""

from __future__ import annotations

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
