"""review119: mend107's leftovers. Hooks' own ``timeout`` bounds the worker's stall watch
only up to ``hook_gate.HOOKS_BOUND_MAX`` (a hook of ``timeout: 86400`` no longer keeps the
watch off for a day), and a cut past it says so."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import pytest
from kit import write_agents, write_script
from test_ops67_pg import HOPS
from test_workers_pg import InProcessWorker, chain, store_at, submit

from coordinator.runtime import hook_gate
from coordinator.runtime.hooks import Hook, HookEvent, HookSource

DAY = 86400


def _hook(timeout: float, *, background: bool = False) -> Hook:
    return Hook(HookEvent.POST_TOOL_USE, "Edit", "true", timeout, HookSource.PROJECT,
                Path("settings.json"), False, background=background)  # fmt: skip


def test_hooks_bound_is_their_longest_timeout_up_to_a_cap() -> None:
    """A day's ``timeout`` is counted as HOOKS_BOUND_MAX (before: 86,400 s, the stall watch
    off for a day); shorter ones as they are; background hooks not at all."""
    assert hook_gate.hooks_bound([_hook(60), _hook(DAY)]) == hook_gate.HOOKS_BOUND_MAX
    assert hook_gate.hooks_bound([_hook(60), _hook(30)]) == 60
    assert hook_gate.hooks_bound([_hook(DAY, background=True)]) is None


def test_a_hook_hung_past_the_cap_is_cut_as_stalled_and_says_why(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PostToolUse hook of ``timeout: 86400`` hangs: the stall watch counts its timeout
    only to the cap (here 1 s), then ``--stall-after`` (1 s), ends it and hands the session
    back, the hand-back line and the tool's result naming the timeout and the cap."""
    monkeypatch.setattr(hook_gate, "HOOKS_BOUND_MAX", 1.0, raising=False)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=HOPS, latency_ms=0))
    ws = tmp_path / "roots" / "ws0"
    hook = "[ -e hook.go ] || { touch hook.held; sleep 7000123; }; echo fired >> hook.log"
    settings = {"hooks": {"PostToolUse": [{"matcher": "Edit", "hooks": [{"type": "command",
                "command": hook, "timeout": DAY}]}]}}  # fmt: skip
    (ws / ".claude").mkdir(parents=True)
    (ws / ".claude" / "settings.json").write_text(json.dumps(settings))
    [sid] = submit(tmp_path, pg_url, script, agents, 1, 0, "--allow-bash")
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, stall=1.0)
    try:
        handed = live.line_with(f"handed back {sid} ")
        (ws / "hook.go").touch()
        live.line_with(f"ended {sid} complete")
    finally:
        (ws / "hook.go").touch()
        live.stop()
    said = "its PostToolUse hooks (a timeout of 86400 s, which the stall watch counts only to 1 s)"
    assert handed == f"handed back {sid} after step 1: the stall watch ended {said}"


#: A trigger making the server refuse each new session as a full disk or a deadlock would
#: (their SQLSTATE: psycopg's DiskFull, DeadlockDetected), on a connection that stands.
REFUSING = """
CREATE FUNCTION review119_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '{text}' USING ERRCODE = '{code}'; END $$;
CREATE TRIGGER review119_refuse BEFORE INSERT ON sessions
    FOR EACH ROW EXECUTE FUNCTION review119_refuse();
"""


@pytest.mark.parametrize(
    ("code", "text", "fault", "said"),
    [
        ("disk_full", "could not extend file: No space left on device", "full",
         "the database server's disk is full: session database"),
        ("deadlock_detected", "deadlock detected", "locked",
         "rolled a write back for another transaction (deadlock detected)"),
        ("serialization_failure", "could not serialize access", "locked",
         "rolled a write back for another transaction (could not serialize access"),
    ],
)  # fmt: skip
def test_a_store_write_on_a_full_disk_or_rolled_back_is_said_so_not_as_a_lost_connection(
    tmp_path: Path, pg_url: str, code: str, text: str, fault: str, said: str
) -> None:
    """A store's write the server refuses for its full disk (53100) or rolls back for a
    deadlock (40P01) or a serialization failure (40001): a StoreError of its kind (``full``,
    ``locked``) saying so, the connection kept (before: each taken for a lost connection,
    an ``io`` fault); once the server takes writes again, the same store writes."""
    import psycopg

    from coordinator.store.faults import StoreError

    with closing(store_at(pg_url)) as store, psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(REFUSING.format(text=text, code=code))  # type: ignore[arg-type]
        with pytest.raises(StoreError) as refused:
            store.create_session("a request", tmp_path, {})
        assert (str(refused.value.fault), store.broken) == (fault, False)
        assert said in refused.value.message, refused.value.message
        admin.execute("DROP TRIGGER review119_refuse ON sessions")
        assert store.create_session("a request", tmp_path, {})
