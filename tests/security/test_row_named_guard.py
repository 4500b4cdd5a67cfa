"""A PreToolUse hook of an agents folder only a worker's database row names (not its own
settings: ``worker.row_named``) runs confined; with no Bash it cannot run, and, guarding
the call, refuses it (fails closed) with a reason of its own: not the one of a user's hook
running workspace code. The real engine, hooks and store, the worker's ``untrusted``."""

from __future__ import annotations

import asyncio
from pathlib import Path

from kit import report, scripted

from coordinator.config import Settings
from coordinator.roster.loader import load_registry
from coordinator.runtime.extras import session_extras
from coordinator.runtime.hook_run import GUARD_NOT_RUN, ROW_GUARD_NOT_RUN, ROW_NAMED
from coordinator.store.db import Store


def test_a_guard_of_a_folder_only_the_row_names_refuses_the_call_saying_why(
    tmp_path: Path,
) -> None:
    ws, home, agents = tmp_path / "ws", tmp_path / "home", tmp_path / "agents"
    for folder in (ws, home, agents):
        folder.mkdir()
    mark = tmp_path / "ran-as-the-worker"
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: Helps.\ntools: Write\nhooks:\n  PreToolUse:\n"
        "    - matcher: Write\n      hooks:\n        - type: command\n"
        f"          command: touch {mark}\n---\nBody.\n",
        encoding="utf-8",
    )
    registry = load_registry([agents], only=True, cwd=ws)
    settings = Settings()  # no Bash: a confined hook cannot run
    extras = session_extras(ws, settings, registry, home=home, managed=None, untrusted=(agents,))
    write = {"name": "Write", "input": {"file_path": "b.txt", "content": "b\n"}}
    provider = scripted({"backend": [{"tool_calls": [write]}, {"text": report("Complete")}]})
    store = Store.open(ws / ".coordinator" / "coordinator.db")
    try:
        engine = extras.engine(registry, provider, store, settings, ws, model=None)
        result = asyncio.run(engine.start("Add tasks", agent="backend"))
        [hook] = [e.data for e in store.events(result.session_id) if e.kind == "hook"]
    finally:
        store.close()
    assert not mark.exists() and not (ws / "b.txt").exists()  # not run; the call refused
    assert hook["outcome"] == "blocked"
    assert hook["note"].startswith(f"{ROW_NAMED}, and ")
    assert hook["note"].endswith(f"; {ROW_GUARD_NOT_RUN}")
    assert "your hook" not in hook["note"] and GUARD_NOT_RUN not in hook["note"]
    assert "workspace code" not in hook["note"]
