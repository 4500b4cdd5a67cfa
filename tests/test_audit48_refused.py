"""A tool call refused before it ran (a settings rule, the agent's own lists, a PreToolUse
hook, a protected path, a path outside the workspace, Bash off) shows as refused, with
what refused it: in ``coord run``'s progress lines, ``coord log``'s tree and ``--json``,
and the traces (audit48). Before, only the transcript said so."""

from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from kit import report, scripted, workspace
from rich.console import Console

from coordinator.cli.views import log_view, progress_line
from coordinator.config import Settings
from coordinator.events import Event, fan_out
from coordinator.roster.loader import load_registry
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store
from coordinator.store.session_log import log_json


@dataclass
class Ran:
    """A finished session: its store, id, events as observers got them, and workspace."""

    store: Store
    sid: str
    events: list[Event]
    ws: Path
    spans: list[Any]

    def progress(self) -> list[str]:
        return [line for e in self.events if (line := progress_line(e))]

    def tree(self) -> str:
        console = Console(width=400, record=True, color_system=None, file=io.StringIO())
        console.print(log_view(self.store, self.store.session(self.sid)), crop=False)
        return console.export_text()

    def refused(self) -> list[dict[str, Any]]:
        chain = log_json(self.store, self.store.session(self.sid))["chain"]
        return list(chain["refused"])


AGENT = "---\nname: worker\ndescription: Works.\n{extra}---\nWork.\n"


async def run(
    tmp_path: Path,
    calls: list[dict[str, Any]],
    *,
    extra: str = "",
    ws_settings: dict[str, Any] | None = None,
    home_settings: dict[str, Any] | None = None,
    traced: bool = False,
) -> Ran:
    """Agent ``worker`` (its frontmatter ``extra``) makes ``calls`` in one turn, then
    reports Complete; Bash off."""
    ws = workspace(tmp_path)
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "worker.md").write_text(AGENT.format(extra=extra), encoding="utf-8")
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    if home_settings is not None:
        (home / ".claude" / "settings.json").write_text(json.dumps(home_settings))
    if ws_settings is not None:
        (ws / ".claude").mkdir(exist_ok=True)
        (ws / ".claude" / "settings.json").write_text(json.dumps(ws_settings))
    registry = load_registry([folder], only=True, cwd=ws, cache=False)
    uses = [{"name": c["name"], "input": c["input"]} for c in calls]
    provider = scripted({"worker": [{"tool_calls": uses}, {"text": report("Complete")}]})
    settings = Settings()
    store = Store.open(tmp_path / "s.db")
    events: list[Event] = []
    spans: list[Any] = []
    observer: Any = events.append
    if traced:
        pytest.importorskip("opentelemetry.sdk")
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
            InMemorySpanExporter,
        )

        from coordinator.telemetry.otel import recorder

        exporter = InMemorySpanExporter()
        traces = recorder(exporter)
        observer = fan_out(events.append, traces)
    extras = session_extras(ws, settings, registry, home=home)
    engine = extras.engine(registry, provider, store, settings, ws, model=None, observer=observer)
    result = await engine.start("Do the work", agent="worker")
    assert result.status == "complete", result.reason
    provider.model.assert_complete()
    if traced:
        traces.close()  # flushed
        spans = list(exporter.get_finished_spans())
    return Ran(store, result.session_id, events, ws, spans)


def bash(command: str) -> dict[str, Any]:
    return {"name": "Bash", "input": {"command": command}}


async def test_a_settings_deny_shows_refused_in_progress_tree_json_and_traces(
    tmp_path: Path,
) -> None:
    """``git push`` under ``deny: Bash(git push:*)`` is refused: each view names the call
    and the rule; the Read that ran and the Read that failed on its own are not refused."""
    calls = [
        bash("git push origin main"),
        {"name": "Read", "input": {"file_path": "README.md"}},
        {"name": "Read", "input": {"file_path": "no-such-file.txt"}},
    ]
    deny = {"permissions": {"deny": ["Bash(git push:*)"]}}
    ran = await run(tmp_path, calls, ws_settings=deny, traced=True)
    settings = ran.ws / ".claude" / "settings.json"
    why = f"settings deny Bash(git push:*) (permissions.deny, {settings}:1)"
    line = f"refused: Bash git push origin main ({why})"
    assert [p for p in ran.progress() if "refused" in p] == [f"[{ran.sid[:8]}]   worker: {line}"]
    assert ran.tree().count(line) == 1
    [refused] = ran.refused()
    assert refused["name"] == "Bash" and refused["by"] == "settings deny"
    assert refused["rule"] == f"Bash(git push:*) (permissions.deny, {settings}:1)"
    assert refused["reason"].startswith("Permission denied")
    tools = {
        s.attributes["gen_ai.tool.call.id"]: s for s in ran.spans if s.name.startswith("execute")
    }
    refused_spans = [s for s in tools.values() if s.attributes.get("error.type") == "tool_refused"]
    [span] = refused_spans
    assert span.name == "execute_tool Bash"
    assert span.attributes["coordinator.refused_by"] == "settings deny"
    assert span.attributes["coordinator.refused_rule"] == refused["rule"]
    assert span.status.status_code.name == "ERROR"
    failed = [s for s in tools.values() if s.attributes.get("error.type") == "tool_error"]
    assert [s.name for s in failed] == ["execute_tool Read"]  # no such file: failed, not refused


async def test_the_agent_files_own_lists_name_their_entry(tmp_path: Path) -> None:
    extra = "tools: Read, Bash(git diff:*), Bash(rm:*)\ndisallowedTools: Bash(rm -rf:*)\n"
    ran = await run(tmp_path, [bash("rm -rf build"), bash("echo hi")], extra=extra)
    agent = tmp_path / "agents" / "worker.md"
    by = {r["input_summary"]: (r["by"], r["rule"]) for r in ran.refused()}
    assert by == {
        "rm -rf build": ("agent disallowedTools", f"Bash(rm -rf:*) ({agent})"),
        "echo hi": ("agent tools", f"Bash(git diff:*), Bash(rm:*) ({agent})"),
    }
    assert f"refused: Bash echo hi (agent tools Bash(git diff:*), Bash(rm:*) ({agent}))" in (
        ran.tree()
    )


async def test_a_blocking_pretooluse_hook_is_named(tmp_path: Path) -> None:
    hook = {"type": "command", "command": "echo no writes here >&2; exit 2"}
    hooks = {"hooks": {"PreToolUse": [{"matcher": "Write", "hooks": [hook]}]}}
    write = {"name": "Write", "input": {"file_path": "notes.txt", "content": "x"}}
    ran = await run(tmp_path, [write], home_settings=hooks)
    [refused] = ran.refused()
    assert refused["by"] == "PreToolUse hook"
    assert "echo no writes here >&2; exit 2" in refused["rule"]
    assert refused["reason"].strip() != ""
    assert not (ran.ws / "notes.txt").exists()
    assert any(
        "refused: Write notes.txt (PreToolUse hook PreToolUse[Write]" in p for p in ran.progress()
    )


async def test_protected_outside_and_bash_off_refusals(tmp_path: Path) -> None:
    calls = [
        {"name": "Write", "input": {"file_path": ".mcp.json", "content": "{}"}},
        {"name": "Read", "input": {"file_path": "../elsewhere.txt"}},
        bash("ls"),
    ]
    (tmp_path / "elsewhere.txt").write_text("secret")
    ran = await run(tmp_path, calls)
    by = {r["name"]: (r["by"], r["rule"]) for r in ran.refused()}
    assert by["Write"][0] == "protected path"
    assert by["Read"] == ("outside the workspace", "../elsewhere.txt")
    assert by["Bash"][0] == "Bash off"
    tree = ran.tree()
    assert "refused: Read ../elsewhere.txt (outside the workspace ../elsewhere.txt)" in tree
    assert "refused: Bash ls (Bash off without --allow-bash)" in tree


async def test_many_refused_calls_show_as_a_count_in_the_tree(tmp_path: Path) -> None:
    deny = {"permissions": {"deny": ["Bash(git push:*)", "Write"]}}
    writes = [{"name": "Write", "input": {"file_path": f"{n}.txt", "content": "x"}} for n in "ab"]
    calls = [bash("git push"), bash("git push --force"), *writes]
    ran = await run(tmp_path, calls, ws_settings=deny)
    tree = ran.tree()
    assert "refused: 4 calls (Bash 2, Write 2; coord log --json lists each)" in tree
    assert "refused: Bash git push" not in tree
    assert len(ran.refused()) == 4


async def test_a_session_stored_before_reads_as_it_did(tmp_path: Path) -> None:
    """What the code before stored for a refused call (its tool call row and result, no
    ``tool_refused`` event) shows no call refused: nothing is guessed from its text."""
    deny = {"permissions": {"deny": ["Bash(git push:*)"]}}
    ran = await run(tmp_path, [bash("git push")], ws_settings=deny)
    assert len(ran.refused()) == 1
    ran.store.close()
    with sqlite3.connect(tmp_path / "s.db") as db:
        db.execute("DELETE FROM events WHERE kind = 'tool_refused'")
    ran.store = Store.open(tmp_path / "s.db")
    assert ran.refused() == []
    assert "refused" not in ran.tree()
    [call] = ran.store.all_tool_calls(ran.sid)
    assert call.is_error and "Permission denied" in (call.result or "")
