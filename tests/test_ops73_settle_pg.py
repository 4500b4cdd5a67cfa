"""ops73: a session that ends while the shared store's server is unreachable loses no
async hook's outcome. Its end waits ``ASYNC_GRACE`` for the async hooks still running, then
kills them; one that had finished (an ``asyncRewake`` hook that exited 2) and whose record
waits for the server is no longer cut by that grace: it waits, bounded by the store's one
reconnect, and the rewake is stored once the server is back (before: cancelled at the
grace, one write attempt, the rewake lost with the database down)."""

from __future__ import annotations

import json
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import report, write_agents, write_script
from test_ops70_stop_pg import wait_for
from test_workers_pg import InProcessWorker, hop, store_at, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

WOKE = "ops73-rewake: two lint errors"


def rewake_then_end(tmp: Path, url: str) -> tuple[str, Path]:
    """A queued session: an Edit whose asyncRewake PostToolUse hook (held until
    ``hook.go`` exists, noting ``hook.held``) exits 2 saying :data:`WOKE`, then at once a
    Complete report: the session ends while the hook runs."""
    turns: list[dict[str, Any]] = [hop(1, 0), {"text": report("Complete", "Done")}]
    script = write_script(tmp / "s.yaml", {"backend": turns})
    ws = tmp / "roots" / "ws0"
    held = "[ -e hook.go ] && exit 0; touch hook.held; until [ -e hook.go ]; do sleep 0.02; done"
    command = f"{held}; echo '{WOKE}' >&2; exit 2"
    entry = {"type": "command", "command": command, "asyncRewake": True, "timeout": 120}
    (ws / ".claude").mkdir(parents=True)
    (ws / ".claude" / "settings.json").write_text(
        json.dumps({"hooks": {"PostToolUse": [{"matcher": "Edit", "hooks": [entry]}]}})
    )
    agents = write_agents(tmp / "agents", "backend")
    [sid] = submit(tmp, url, script, agents, 1, 0, "--allow-bash")
    return sid, ws


def wait_status(url: str, sid: str, status: str) -> None:
    """Return once the session's row says ``status`` (committed)."""
    with closing(store_at(url)) as store:
        for _ in range(12_000):
            if store.session(sid).status == status:
                return
            time.sleep(0.005)
    raise AssertionError(f"{sid} never {status}")


def connections(url: str, allowed: bool) -> None:
    """Let the test's database take connections, or refuse new ones and end those it has
    (an outage: each attempt to connect again is refused until it is allowed again)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {str(allowed).lower()}")  # type: ignore[arg-type]
        if not allowed:
            con.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )


def test_a_rewake_finishing_as_its_session_ends_in_an_outage_is_kept(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.runtime import hook_async
    from coordinator.store import pg

    monkeypatch.setattr(hook_async, "ASYNC_GRACE", 5.0)  # (10 s; the test's steps take < 1)
    refused = threading.Event()
    real_open = pg._open

    def noted(*args: Any) -> Any:
        try:
            return real_open(*args)
        except Exception:
            refused.set()
            raise

    monkeypatch.setattr(pg, "_open", noted)
    sid, ws = rewake_then_end(tmp_path, pg_url)
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0)
    try:
        live.line_with(f"driving {sid} epoch 1")
        wait_for(ws / "hook.held")
        wait_status(pg_url, sid, "complete")  # the session ended: its end waits for the hook
        connections(pg_url, allowed=False)
        (ws / "hook.go").touch()  # the hook exits 2 while the database refuses connections
        assert refused.wait(timeout=60), "the hook's record never tried the server"
        said = live.line_with("async hook")  # the grace is over
        connections(pg_url, allowed=True)
        live.line_with(f"ended {sid} complete", timeout=90)
    finally:
        connections(pg_url, allowed=True)
        (ws / "hook.go").touch()
        live.stop()
    assert "1 async hook run that finished waits for the database to log it" in said, said
    with closing(store_at(pg_url)) as store:
        kinds = [e.kind for e in store.events(sid)]
    assert kinds.count("hook_rewake") == 1, kinds
