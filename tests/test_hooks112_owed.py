"""hooks112: hooks a session owes survive a ``kill -9``. A finished session's SessionEnd
hooks are stored as owed with its outcome, settled with their runs; a ``coord`` killed
between the two leaves them owed, and the next ``coord resume`` fires them once."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

from cli import coord, spawn
from kit import report, rows, wait_for_file, workspace, write_agents, write_script
from test_cli_hooks import user_hooks

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


def test_a_kill_9_before_session_end_hooks_are_stored_fires_them_at_the_next_resume_once(
    tmp_path: Path,
) -> None:
    """``coord run`` killed with SIGKILL while its SessionEnd hook runs (the outcome stored,
    the hook's run not): the session is complete and its SessionEnd owed; ``coord resume``
    fires it (the hook's second run, its first stored one), a second ``coord resume``
    fires nothing. Before, the hook never ran again: the session ended without it."""
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
    store = Store.open(db)
    try:
        assert _kinds(store, sid) == ["hooks_owed", "hook", "hooks_fired"]
        [fired] = [e for e in store.events(sid) if e.kind == "hooks_fired"]
        assert fired.data == {"event": "SessionEnd", "late": True}
    finally:
        store.close()


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
    store = Store.open(ws / ".coordinator" / "coordinator.db")
    try:
        assert _kinds(store, sid) == ["hooks_owed", "hook", "hooks_fired"]
        [fired] = [e for e in store.events(sid) if e.kind == "hooks_fired"]
        assert fired.data == {"event": "SessionEnd", "late": False}
    finally:
        store.close()
