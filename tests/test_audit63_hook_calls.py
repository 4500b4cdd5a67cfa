"""An agent hook's own tool calls (Read, Grep, Glob, run by its model before it answers)
are logged with the hook's run (audit63): its ``hook`` event's ``calls`` (each tool, its
input in one line, ok, error or refused and why), shown under the hook's line in ``coord
log``'s tree (counted past three, as refused calls are), whole in ``--json``, and as
``hook_tool_call`` span events after the ``hook`` one. Before, nothing said what a hook
read. A real engine, the scripted provider, a real agent hook from the user's settings and
real tools over a real workspace."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from kit import report, scripted, workspace
from rich.console import Console

from coordinator.cli.views import log_view
from coordinator.config import Settings
from coordinator.events import Event, fan_out
from coordinator.roster.loader import load_registry
from coordinator.runtime.hook_agent import AGENT_HOOK
from coordinator.store.db import Store
from coordinator.store.session_log import log_json

WRITE = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}
AGENT = "---\nname: worker\ndescription: Works.\n---\nWork.\n"
POLICY = "Notes need a ticket number like ABC-123."
SECRET_RULE = "Read(secrets/**)"


@dataclass
class Ran:
    """A finished session: its store, id, the hook events as observers got them and spans."""

    store: Store
    sid: str
    ws: Path
    home: Path
    spans: list[Any]

    def tree(self) -> str:
        console = Console(width=400, record=True, color_system=None, file=io.StringIO())
        console.print(log_view(self.store, self.store.session(self.sid)), crop=False)
        return console.export_text()

    def hooks(self) -> list[dict[str, Any]]:
        """The ``hook`` events of ``coord log --json``."""
        events = log_json(self.store, self.store.session(self.sid))["events"]
        return [e for e in events if e["kind"] == "hook"]


def read(path: str) -> dict[str, Any]:
    return {"name": "Read", "input": {"file_path": path}}


async def run(tmp_path: Path, hook_calls: list[dict[str, Any]], answer: str) -> Ran:
    """Agent ``worker`` writes notes.txt; a PreToolUse agent hook on Write makes
    ``hook_calls`` in one turn, then answers ``answer``. The user's settings deny
    ``Read(secrets/**)``; traced."""
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from coordinator.runtime.extras import session_extras
    from coordinator.telemetry.otel import recorder

    ws = workspace(tmp_path)
    (ws / "POLICY.md").write_text(POLICY, encoding="utf-8")
    (ws / "secrets").mkdir()
    (ws / "secrets" / "key.txt").write_text("k", encoding="utf-8")
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "worker.md").write_text(AGENT, encoding="utf-8")
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    entry = {"type": "agent", "prompt": "Does this follow POLICY.md? $ARGUMENTS"}
    settings_data = {
        "hooks": {"PreToolUse": [{"matcher": "Write", "hooks": [entry]}]},
        "permissions": {"deny": [SECRET_RULE]},
    }
    (home / ".claude" / "settings.json").write_text(json.dumps(settings_data), encoding="utf-8")
    registry = load_registry([folder], only=True, cwd=ws, cache=False)
    uses = [{"name": c["name"], "input": c["input"]} for c in hook_calls]
    provider = scripted(
        {
            "worker": [{"tool_calls": [WRITE]}, {"text": report("Complete")}],
            AGENT_HOOK: [{"tool_calls": uses}, {"text": answer}],
        }
    )
    settings = Settings()
    store = Store.open(tmp_path / "s.db")
    events: list[Event] = []
    exporter = InMemorySpanExporter()
    traces = recorder(exporter)
    extras = session_extras(ws, settings, registry, home=home)
    engine = extras.engine(
        registry, provider, store, settings, ws, model=None, observer=fan_out(events.append, traces)
    )
    result = await engine.start("Write notes", agent="worker")
    assert result.status == "complete", result.reason
    provider.model.assert_complete()
    traces.close()
    return Ran(store, result.session_id, ws, home, list(exporter.get_finished_spans()))


async def test_an_agent_hooks_calls_are_logged_with_it_and_shown_under_its_line(
    tmp_path: Path,
) -> None:
    """A Read that ran, one the settings refuse and one that failed: each, with how it
    ended, in the hook's event, under its line in the tree, and as span events."""
    calls = [read("POLICY.md"), read("secrets/key.txt"), read("missing.md")]
    ran = await run(tmp_path, calls, '{"ok": true}')
    assert (ran.ws / "notes.txt").read_text() == "hello"

    [hook] = ran.hooks()
    assert (hook["event"], hook["outcome"]) == ("PreToolUse", "ok")
    ok, refused, failed = hook["calls"]
    assert ok == {"name": "Read", "input_summary": "POLICY.md", "outcome": "ok"}
    assert (refused["name"], refused["input_summary"]) == ("Read", "secrets/key.txt")
    assert refused["outcome"] == "refused" and SECRET_RULE in refused["reason"]
    assert (failed["input_summary"], failed["outcome"]) == ("missing.md", "error")
    assert failed["reason"]

    lines = ran.tree().splitlines()
    [at] = [i for i, line in enumerate(lines) if "hook PreToolUse[Write notes.txt] ok" in line]
    under = lines[at + 1 : at + 4]
    indent = len(lines[at]) - len(lines[at].lstrip("│ ├└─"))
    assert all(len(u) - len(u.lstrip("│ ├└─")) > indent for u in under)  # nested under it
    assert under[0].endswith("Read POLICY.md")
    assert "Read secrets/key.txt (refused: " in under[1]
    assert "Read missing.md (error: " in under[2]

    [agent_span] = [s for s in ran.spans if s.name.startswith("invoke_agent")]
    names = [e.name for e in agent_span.events]
    assert names[names.index("hook") + 1 :][:3] == ["hook_tool_call"] * 3
    traced = [dict(e.attributes or {}) for e in agent_span.events if e.name == "hook_tool_call"]
    assert [a["gen_ai.tool.name"] for a in traced] == ["Read"] * 3
    assert [a["coordinator.outcome"] for a in traced] == ["ok", "refused", "error"]
    assert traced[0]["coordinator.input"] == "POLICY.md"
    assert traced[0]["coordinator.event"] == "PreToolUse"


async def test_more_than_three_calls_are_counted_in_the_tree_and_listed_in_json(
    tmp_path: Path,
) -> None:
    """Five calls (Read, Grep, Glob): the tree says how many, of which tools; ``--json``
    lists each, in order; a hook that refused the Write keeps its calls too."""
    calls = [
        read("POLICY.md"),
        {"name": "Grep", "input": {"pattern": "ticket"}},
        {"name": "Glob", "input": {"pattern": "*.md"}},
        read("README.md"),
        read("POLICY.md"),
    ]
    ran = await run(tmp_path, calls, '{"ok": false, "reason": "no ticket"}')
    assert not (ran.ws / "notes.txt").exists()  # refused by the hook

    [hook] = ran.hooks()
    assert hook["outcome"] == "blocked"
    assert [(c["name"], c["input_summary"]) for c in hook["calls"]] == [
        ("Read", "POLICY.md"),
        ("Grep", "ticket"),
        ("Glob", "*.md"),
        ("Read", "README.md"),
        ("Read", "POLICY.md"),
    ]
    assert {c["outcome"] for c in hook["calls"]} == {"ok"}
    tree = ran.tree()
    assert "5 calls (Read 3, Grep 1, Glob 1; coord log --json lists each)" in tree
    assert "Read POLICY.md" not in tree


async def test_the_calls_are_read_back_from_the_store_file(
    tmp_path: Path,
) -> None:
    """The calls are stored with the hook's event: a store opened again on the file reads
    them as logged (nothing kept only in memory)."""
    ran = await run(tmp_path, [read("POLICY.md")], '{"ok": true}')
    ran.store.close()
    again = Store.open(tmp_path / "s.db")
    [hook] = Ran(again, ran.sid, ran.ws, ran.home, []).hooks()
    assert hook["calls"] == [{"name": "Read", "input_summary": "POLICY.md", "outcome": "ok"}]
    again.close()
