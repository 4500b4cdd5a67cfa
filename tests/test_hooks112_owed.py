"""hooks112: hooks a session owes survive a ``kill -9``. A finished session's SessionEnd
hooks are stored as owed with its outcome, settled with their runs; a ``coord`` killed
between the two leaves them owed, and the next ``coord resume`` fires them once."""

from __future__ import annotations

import json
import signal
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from kit import report, rows, wait_for_file, workspace, write_agents, write_script
from test_cli_hooks import user_hooks
from test_hooks import Run

from coordinator.events import Event, HookRan
from coordinator.store.db import Store


def _end_hook(tmp_path: Path) -> Path:
    """A SessionEnd hook that counts its runs in ``ends``; until ``released`` exists it
    says it started (``started``) and then holds its process (the test kills coord then)."""
    held = tmp_path / "held"
    hook = tmp_path / "end.sh"
    hook.write_text(
        f"echo ran >> {held}/ends\n"
        f"[ -e {held}/released ] && exit 0\n"
        f": > {held}/started\n"
        "exec sleep 600\n",
        encoding="utf-8",
    )
    held.mkdir()
    entry: dict[str, Any] = {"hooks": [{"type": "command", "command": f"sh {hook}"}]}
    user_hooks({"SessionEnd": [entry]})
    return held


def _kinds(store: Store, sid: str) -> list[str]:
    return [e.kind for e in store.events(sid) if e.kind.startswith("hooks_") or e.kind == "hook"]


def killed_in_session_end(tmp_path: Path) -> tuple[Path, Path]:
    """``coord run`` of one backend task in a new workspace, killed with SIGKILL while its
    SessionEnd hook (``_end_hook``, released after) runs: the workspace and ``held``."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    held = _end_hook(tmp_path)
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--script", script)
    proc = spawn("run", "Write notes", *base, "--agent", "backend")
    try:
        wait_for_file(held / "started", proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=120)
    (held / "released").touch()
    return ws, held


def _assert_fired_once(db: Path, sid: str, late: bool) -> None:
    """The session's SessionEnd hooks stored owed, run once, then fired (``late`` or not)."""
    store = Store.open(db)
    try:
        assert _kinds(store, sid) == ["hooks_owed", "hook", "hooks_fired"]
        [fired] = [e for e in store.events(sid) if e.kind == "hooks_fired"]
        assert fired.data == {"event": "SessionEnd", "late": late}
    finally:
        store.close()


def ended_owing_session_end(tmp_path: Path, pg_url: str) -> tuple[Path, str]:
    """A session on the shared store at ``pg_url`` ended with its SessionEnd hooks owed, as
    its driver killed after storing its outcome left it: ``held`` (released) and its id."""
    from test_workers_pg import chain, store_at, submit_at_once

    from coordinator.events import HooksOwed
    from coordinator.runtime.engine import StoreJournal

    held = _end_hook(tmp_path)
    (held / "released").touch()
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    with closing(store_at(pg_url)) as store, store.transaction():  # what its driver committed
        store.set_session_status(sid, "complete")
        StoreJournal(store, None).emit(HooksOwed(sid, None, "SessionEnd", "other"))
    return held, sid


def test_a_kill_9_before_session_end_hooks_are_stored_fires_them_at_the_next_resume_once(
    tmp_path: Path,
) -> None:
    """``coord run`` killed with SIGKILL while its SessionEnd hook runs (the outcome stored,
    the hook's run not): the session is complete and its SessionEnd owed; ``coord resume``
    fires it (the hook's second run, its first stored one), a second ``coord resume``
    fires nothing. Before, the hook never ran again: the session ended without it."""
    ws, held = killed_in_session_end(tmp_path)
    db = ws / ".coordinator" / "coordinator.db"
    [(sid, status)] = rows(db, "SELECT id, status FROM sessions")
    assert status == "complete"
    store = Store.open(db)
    try:
        assert _kinds(store, sid) == ["hooks_owed"]  # owed, no run of it stored
    finally:
        store.close()

    first = coord("resume", sid, "--workspace", ws, "--json")
    again = coord("resume", sid, "--workspace", ws, "--json")

    assert first.returncode == again.returncode == 0, (first.stderr, again.stderr)
    assert json.loads(first.stdout)["status"] == "complete"
    assert (held / "ends").read_text(encoding="utf-8") == "ran\nran\n"  # killed, then once
    _assert_fired_once(db, sid, late=True)


def test_session_end_hooks_fired_by_the_session_s_own_process_are_not_owed_after(
    tmp_path: Path,
) -> None:
    """The ordinary end: the outcome stores them owed, their runs settle it in the same
    process; a ``coord resume`` after fires nothing more."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    held = _end_hook(tmp_path)
    (held / "released").touch()
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--script", script)
    ran = coord("run", "Write notes", *base, "--agent", "backend", "--json")
    assert ran.returncode == 0, ran.stderr
    sid = json.loads(ran.stdout)["session"]
    assert coord("resume", sid, "--workspace", ws).returncode == 0
    assert (held / "ends").read_text(encoding="utf-8") == "ran\n"
    _assert_fired_once(ws / ".coordinator" / "coordinator.db", sid, late=False)


# ---- a detached request's async hooks: owed to the worker that drives it ----------------

SAID = {"hookSpecificOutput": {"hookEventName": "UserPromptSubmit", "additionalContext": "ASYNC"}}


def _async_prompt_hook(tmp_path: Path) -> dict[str, Any]:
    """An async UserPromptSubmit hook that writes its input to ``input.json`` and says
    ``ASYNC`` as its context."""
    body = (
        "import json, sys\n"
        f"open({str(tmp_path / 'input.json')!r}, 'w').write(json.dumps(json.load(sys.stdin)))\n"
        f"print(json.dumps({SAID!r}))\n"
    )
    (tmp_path / "prompt.py").write_text(body, encoding="utf-8")
    entry = {"type": "command", "command": f"{sys.executable} {tmp_path / 'prompt.py'}"}
    return {"UserPromptSubmit": [{"hooks": [{**entry, "async": True, "timeout": 60}]}]}


async def test_a_detached_requests_async_hook_runs_where_the_session_is_driven(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``coord run --detach``: the request's async UserPromptSubmit hook does not run on
    the submitting machine (its output would reach no run there); it is stored owed with
    the queueing, its input with it, and the drive that takes the session (a worker's
    resume) starts it: logged in the root run, its context at that run's next turn.
    Before, it ran on the submitting machine, was killed at its call's end, and its
    output reached no run."""
    delivered = tmp_path / "delivered"
    glob = {"name": "Glob", "input": {"pattern": "*.md"}}
    turns = [
        {"tool_calls": [glob], "hold_until": str(delivered)},
        {"expect": "ASYNC", "text": report("Complete", "Done")},
    ]
    r = Run(tmp_path, {"backend": turns}, _async_prompt_hook(tmp_path))
    sent: list[str] = []
    monkeypatch.setattr(r.store, "enqueue", lambda sid, resume_flags=None: sent.append(sid))
    monkeypatch.setattr(r.store, "QUEUES", True)  # (a shared store's: SQLite has no queue)
    queued = await r.engine.start("Add tasks", agent="backend", detach=True)
    sid = queued.session_id
    assert queued.status == "running" and sent == [sid]
    assert not (tmp_path / "input.json").exists()  # not run where it was submitted
    assert [e.kind for e in r.store.events(sid) if e.kind.startswith("hook")] == ["hooks_owed"]

    def observe(event: Event) -> None:
        if isinstance(event, HookRan):
            delivered.touch()  # its output is kept: the next turn may come

    r.engine.journal.observer = observe
    result = await r.engine.resume(sid)  # as the worker that takes it

    assert result.status == "complete", result.reason
    r.provider.model.assert_complete()
    [root] = r.store.runs(sid)
    kinds = [(e.kind, e.run_id) for e in r.store.events(sid) if e.kind.startswith("hook")]
    assert kinds == [("hooks_owed", root.id), ("hooks_fired", None), ("hook", root.id)]
    given = json.loads((tmp_path / "input.json").read_text(encoding="utf-8"))
    assert (given["prompt"], given["hook_event_name"]) == ("Add tasks", "UserPromptSubmit")
    assert given["cwd"] == str(r.ws)


def test_a_worker_that_takes_over_a_session_ended_before_its_session_end_hooks_fires_them(
    tmp_path: Path, pg_url: str
) -> None:
    """A worker killed after storing its session's outcome (with its owed SessionEnd),
    before their runs: the worker the job is handed to finds the session ended, fires the
    owed hooks (with the engine a resume would have), says so, and drives nothing. Before,
    it only said it found the session ended: the hooks never ran."""
    import asyncio

    from test_workers_pg import store_at

    from coordinator.providers.pool import ProviderPool
    from coordinator.runtime.worker import drive_claimed

    held, sid = ended_owing_session_end(tmp_path, pg_url)
    said: list[str] = []
    with closing(store_at(pg_url)) as store:
        assert store.claim_session(sid, "taker") is not None
        assert asyncio.run(drive_claimed(store, said.append, ProviderPool())) == 0
        assert store.claim is None
        assert _kinds(store, sid) == ["hooks_owed", "hook", "hooks_fired"]
    assert (held / "ends").read_text(encoding="utf-8") == "ran\n"
    assert [line.split()[:3] for line in said if not line.startswith("session ")] == [
        ["fired", "the", "SessionEnd"],
        ["found", sid, "complete"],
    ], said
