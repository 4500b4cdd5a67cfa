"""review16: defects found in the agent and mcp_tool hooks and the new handler fields
(each test fails without its fix)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from kit import report
from test_hooks import WRITE, Run
from test_hooks15_mcp_tool import BLOCK, SERVER, calls, mcp_hook, server_def, write_json
from test_hooks_prompt import engine_with, priced
from test_worktree_runs import isolated, make_repo

from coordinator.config import Settings
from coordinator.runtime.hook_agent import AGENT_HOOK
from coordinator.runtime.hook_prompt import DEFAULT_MODEL
from coordinator.runtime.hook_run import GUARD_NOT_RUN
from coordinator.runtime.hooks import HookSource, load_hooks, parse_hooks

DONE = report("Complete", "Done")


def entries(*hooks: dict[str, Any]) -> dict[str, Any]:
    return {"PreToolUse": [{"matcher": "Write", "hooks": list(hooks)}]}


def test_a_hook_type_that_is_not_a_string_is_warned_about_not_a_crash(tmp_path: Path) -> None:
    """``"type": []`` in a workspace settings file (JSON) made loading raise TypeError
    (unhashable list), failing every run instead of warning about the entry."""
    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / ".claude").mkdir(parents=True)
    (home / ".claude").mkdir(parents=True)
    hooks = entries({"type": ["agent"], "prompt": "x"}, {"type": {"a": 1}}, {"command": "ok"})
    (ws / ".claude/settings.json").write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    found = load_hooks(ws, home=home, managed=None)
    assert [h.command for h in found.hooks] == ["ok"]
    warnings = "\n".join(found.warnings)
    assert "unknown hook type ['agent'] (entry ignored)" in warnings
    assert "unknown hook type {'a': 1} (entry ignored)" in warnings


def test_an_mcp_tool_input_json_cannot_hold_is_warned_about_not_a_crash() -> None:
    """An agent file's ``hooks:`` frontmatter is YAML: an mcp_tool hook's ``input`` holding
    a date, or keys of mixed types, made ``json.dumps`` raise TypeError when the agent's
    hooks were read (its run failed with a traceback)."""
    path = Path("/elsewhere/agents/backend.md")
    tool = {"type": "mcp_tool", "server": "s", "tool": "t"}
    dated = {**tool, "input": {"when": datetime.date(2026, 1, 1)}}
    mixed = {**tool, "input": {1: "a", "b": 2}}
    plain = {**tool, "input": {"n": 1}}
    hooks, problems = parse_hooks(
        entries(dated, mixed, plain), HookSource.AGENT, path, False, agent="backend"
    )
    assert [h.mcp_input for h in hooks] == ['{"n": 1}']
    assert sum("'input' must be a JSON object (entry ignored)" in p for p in problems) == 2


def in_worktree(tmp_path: Path, sid: str, name: str) -> Path:
    """Where ``name`` is in the worktree of session ``sid``'s first run."""
    return tmp_path.resolve() / "ws/.git/coord-worktrees" / f"{sid}-1" / name


async def test_an_if_rule_in_a_worktree_run_covers_what_the_permission_rule_would(
    tmp_path: Path,
) -> None:
    """A worktree run's tools (and permission rules) work in the worktree, but a hook's
    ``if`` was matched against the workspace: a Write under the worktree's ``src/``, named
    by its absolute path, was not covered by ``Write(/src/**)``, so the guard never ran and
    the file was merged back."""
    guard = {"type": "command", "command": "echo 'src is frozen' >&2; exit 2"}
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [{**guard, "if": "Write(/src/**)"}]}]}
    sid = "review16wt"
    where = in_worktree(tmp_path, sid, "src/a.py")
    call = {"name": "Write", "input": {"file_path": str(where), "content": "x = 1\n"}}
    agents = {"backend": [{"tool_calls": [call]}, {"expect": "src is frozen", "text": DONE}]}
    r = Run(tmp_path, agents, hooks, registry=isolated())
    make_repo(r.ws)
    result = await r.engine.start("freeze", agent="backend", session_id=sid)

    r.provider.model.assert_complete()
    assert result.status == "complete"
    assert not (r.ws / "src" / "a.py").exists()
    [event] = r.hook_events(sid)
    assert event["outcome"] == "blocked"


async def test_an_agent_hook_cut_short_by_a_cancel_still_counts_its_calls(tmp_path: Path) -> None:
    """Ctrl-C (or SIGTERM) while an agent hook verifies: the calls it had made (one here,
    300 tokens in) were spent, but nothing counted them: the run's tokens and cost (so
    ``coord log``, ``stats``, ``sessions`` and the budget) missed them, and no hook event
    said the hook ran."""
    never = tmp_path / "never"  # the hook's second call is answered only once this exists
    usage = {"input_tokens": 300, "output_tokens": 20}
    agents = {
        AGENT_HOOK: [
            {"tool_calls": [{"name": "Glob", "input": {"pattern": "*"}}], "usage": usage},
            {"text": '{"ok": true}', "hold_until": str(never)},
        ],
        "backend": [
            {"tool_calls": [WRITE], "usage": {"input_tokens": 10, "output_tokens": 5}},
            {"text": DONE},
        ],
    }
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [{"type": "agent", "prompt": "Ok?"}]}]}
    r = Run(tmp_path, agents, hooks)
    task = asyncio.ensure_future(r.engine.start("Write notes", agent="backend", session_id="c1"))
    calls = r.provider.model.calls
    while len(calls) < 3 and not task.done():  # the hook's second call is being made
        await asyncio.wait([task], timeout=0.01)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task

    [run] = r.store.runs("c1")
    assert (run.input_tokens, run.output_tokens) == (310, 25)
    haiku = Settings().resolve_model(DEFAULT_MODEL)
    assert run.cost_usd == pytest.approx(priced(haiku, 300, 20) + priced(run.model, 10, 5))
    [event] = r.hook_events("c1")
    assert (event["outcome"], event["input_tokens"], event["model"]) == ("error", 300, haiku)
    assert not (r.ws / "notes.txt").exists()


@pytest.mark.xdist_group("mcp")
@pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent")
@pytest.mark.parametrize("rule", ["mcp__guard__reply", "mcp__guard"])
async def test_an_ask_rule_on_the_tool_keeps_an_mcp_tool_hook_from_calling_it(
    tmp_path: Path, rule: str
) -> None:
    """An ask rule refuses an agent's call of the tool (nobody can confirm in a coord run),
    but an mcp_tool hook (a workspace one too: its input chosen by a file an agent may
    have written) called it unconfirmed."""
    hooks = mcp_hook("reply", text=BLOCK)
    r = Run(tmp_path, {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]})
    write_json(r.home / ".claude.json", {"mcpServers": {"guard": server_def(tmp_path / "log")}})
    write_json(r.ws / ".claude/settings.json", {"hooks": hooks, "permissions": {"ask": [rule]}})
    settings = Settings(allow_bash=True)
    result = await engine_with(r, settings).start("Write notes", agent="backend")

    assert (r.ws / "notes.txt").read_text() == "hello"
    [event] = r.hook_events(result.session_id)
    assert event["outcome"] == "error" and f"permissions.ask rule {rule}" in event["note"]
    assert calls(tmp_path / "log") == []


@pytest.mark.xdist_group("mcp")
@pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent")
async def test_an_mcp_tool_hook_never_starts_a_server_an_agent_can_rewrite(
    tmp_path: Path,
) -> None:
    """A user's command hook that runs a workspace script is confined (sandboxed) since an
    agent can rewrite the script, but an mcp_tool hook started a stdio server that runs a
    workspace file, as the user and outside the sandbox, at every call, with no warning:
    an agent that rewrote the file had its code run by the next hook. Now such a server
    runs only in the Bash sandbox (trust14's test), so without --allow-bash not at all; and
    the call this user's PreToolUse hook guards is then refused, not let through unguarded
    (the lead, sixteenth session: an agent could otherwise switch the guard off)."""
    log = tmp_path / "log"
    r = Run(
        tmp_path,
        {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]},
        mcp_hook("reply", text=BLOCK),
    )
    script = r.ws / "tools" / "guard_server.py"
    script.parent.mkdir()
    script.write_text(SERVER.read_text(encoding="utf-8"), encoding="utf-8")
    guard = {
        "command": sys.executable,
        "args": ["tools/guard_server.py"],
        "env": {"MCP_FIXTURE_LOG": str(log)},
    }
    write_json(r.home / ".claude.json", {"mcpServers": {"guard": guard}})
    result = await r.engine.start("Write notes", agent="backend")

    assert not (r.ws / "notes.txt").exists()  # the guard could not run: the call refused
    [event] = r.hook_events(result.session_id)
    assert event["outcome"] == "blocked" and "tools/guard_server.py" in event["note"]
    assert GUARD_NOT_RUN in event["note"]
    assert "a workspace file an agent can rewrite" in event["note"]
    assert "Bash sandbox" in event["note"]  # where it would run, given --allow-bash
    assert calls(log) == []  # the server never started
