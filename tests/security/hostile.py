"""A hostile agent's session for the trust-boundary tests: its tool calls are the scripted
turns of the real engine, over a real workspace, its commands in real bubblewrap, the session
in the workspace's own SQLite database (built as ``coord run`` builds it)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kit import report, scripted

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
#: The scripted turn that ends a run: its Complete report.
DONE = {"text": report("Complete", "Done")}
#: What an agent writes to run as the user: it leaves a file outside the workspace (a
#: sandboxed process cannot write there).
PLANT = "import pathlib\npathlib.Path({mark!r}).write_text('ran as the user')\n"


def backend(**extra: Any) -> AgentSpec:
    """The backend agent with every file tool and Bash (``extra``: more frontmatter)."""
    return AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        tools=["Read", "Write", "Edit", "Glob", "Grep", "Bash"],
        body="You are the backend specialist.",
        extra=extra,
    )


def with_server() -> AgentSpec:
    """:func:`backend` with the user's MCP server ``srv`` and its tools."""
    spec = backend(mcpServers=["srv"])
    spec.tools.append("mcp__srv")
    return spec


def run(
    ws: Path,
    home: Path,
    spec: AgentSpec,
    turns: list[dict[str, Any]],
    readable: tuple[Path, ...] = (),
    request: str = "Add tasks",
    *,
    allow_bash: bool = True,
    meanwhile: Callable[[], object] | None = None,
) -> Any:
    """One session of ``spec`` in ``ws`` (Bash allowed unless ``allow_bash`` is False, real
    sandbox; ``readable``: its ``bash_read`` folders) on the workspace's own database,
    driven by the real engine, for ``request``: the provider, to read what the model was
    sent. ``meanwhile``: what the user does once the session has started, before its first
    model call."""
    registry = Registry([spec])
    settings = Settings(allow_bash=allow_bash, bash_read=list(readable))
    extras = session_extras(ws, settings, registry, home=home, managed=None)
    provider = scripted({"backend": turns})
    store = Store.open(ws / ".coordinator" / "coordinator.db")
    engine = extras.engine(registry, provider, store, settings, ws, model=None)
    if meanwhile is not None:
        meanwhile()
    try:
        asyncio.run(engine.start(request, agent="backend"))
    finally:
        store.close()
    return provider


def bash(command: str) -> dict[str, Any]:
    """A turn that runs ``command`` with Bash."""
    return {"tool_calls": [{"name": "Bash", "input": {"command": command}}]}


def forged_wal(db: Path) -> None:
    """Make ``db``'s write-ahead log of a database of coord's schema, left unmerged, and
    leave it as ``forged.db-wal`` beside it: what SQLite replays over any database it finds
    it beside (a forged history; ``db`` is named ``forged.db``)."""
    with sqlite3.connect(db) as made:
        made.execute("PRAGMA journal_mode = WAL")
        made.execute("PRAGMA wal_autocheckpoint = 0")
        made.execute("CREATE TABLE sessions (id TEXT, request TEXT)")
        made.execute("INSERT INTO sessions VALUES ('FORGED', 'FORGED')")
        made.commit()
        shutil.copy(db.with_name("forged.db-wal"), db.with_name("kept.db-wal"))
    os.replace(db.with_name("kept.db-wal"), db.with_name("forged.db-wal"))


def tool_results(ws: Path) -> list[tuple[bool, str]]:
    """The tool results a run in ``ws`` stored, in order: (is_error, summary) each."""
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        rows = db.execute("SELECT data FROM events WHERE kind = 'tool_result' ORDER BY seq")
        return [(e["is_error"], e["summary"]) for e in (json.loads(r[0]) for r in rows)]


def sent_results(provider: Any) -> list[dict[str, Any]]:
    """Every tool result the model was sent in a run's last call, in order."""
    calls = provider.model.calls
    return [b for m in calls[-1].messages if m["role"] == "user" for b in m["content"]
            if isinstance(b, dict) and b.get("type") == "tool_result"]  # fmt: skip


def workspace(tmp_path: Path) -> tuple[Path, Path]:
    """A hostile session's workspace (resolved) and home (its ``.claude`` made)."""
    ws, home = (tmp_path / "ws").resolve(), tmp_path / "home"
    ws.mkdir()
    (home / ".claude").mkdir(parents=True)
    return ws, home


def said(provider: object, call: int) -> str:
    """What the model was given back for its tool call in request ``call``."""
    return str(provider.model.calls[call].messages[-1]["content"][0]["content"])  # type: ignore[attr-defined]
