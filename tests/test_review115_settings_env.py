"""review115: the settings ``env`` (Claude Code sets it in its session's environment) was
not read: a ``${TOKEN}`` in an MCP definition set only in ``~/.claude/settings.json``'s
``env`` kept the server from starting, and the user's hooks never saw the variables.
Now the user's and the managed file's ``env`` fill MCP definitions' ``${VAR}`` and the
user's own hooks' environment; a workspace file's is not read (one line naming it), nor
does any reach a confined hook or coord's own model calls. Real fixture MCP server, real
hook processes (a confined one in real bubblewrap), real engine over the SDK's transport.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import pytest
from kit import Journal, needs_bwrap, report, scripted, workspace

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.runtime.hook_gate import HookGate
from coordinator.runtime.hook_run import HookEnv
from coordinator.runtime.hooks import Hook, HookEvent, HookSet, HookSource
from coordinator.store.db import Store
from coordinator.tools.base import ToolResult
from coordinator.tools.sandbox import BashSandbox, confiner_for

DONE = report("Complete", "Done")
mcp = pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="no mcp extra")


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def backend(**extra: Any) -> AgentSpec:
    return AgentSpec(
        name="backend", description="backend specialist", domain="backend", body="b", extra=extra
    )


@mcp
@pytest.mark.xdist_group("mcp")
async def test_the_users_settings_env_fills_an_mcp_definition_and_a_workspaces_does_not(
    tmp_path: Path,
) -> None:
    """The fixture server's definition names ``${FIXTURE_VALUE:-plain}`` (and a
    ``${FIXTURE_TOKEN}`` with no default, as Claude Code's docs' example): set only in the
    user's settings ``env``, the server starts with it; the project's ``env`` sets it too,
    and is not read, with one line naming its file."""
    from test_mcp_client import calls, fixture_def

    home, log = Path(os.environ["HOME"]), tmp_path / "calls.jsonl"
    ws = workspace(tmp_path)
    server = fixture_def(log)
    server["env"]["TOKEN_SEEN"] = "${FIXTURE_TOKEN}"
    write(home / ".claude.json", {"mcpServers": {"srv": server}})
    env = {"FIXTURE_VALUE": "from-settings", "FIXTURE_TOKEN": "t-1", "ANTHROPIC_BASE_URL": "x"}
    user = write(home / ".claude/settings.json", {"env": env})
    project = write(ws / ".claude/settings.json", {"env": {"FIXTURE_VALUE": "from-the-repo"}})
    registry = Registry([backend(mcpServers=["srv"])])
    turns = [{"tool_calls": [{"name": "mcp__srv__whoami", "input": {}}]}, {"text": DONE}]
    provider, settings = scripted({"backend": turns}), Settings()
    store = Store.open(tmp_path / "s.db")
    extras = session_extras(ws, settings, registry, home=home, managed=None)
    engine = extras.engine(registry, provider, store, settings, ws, model=None)
    result = await engine.start("who are you", agent="backend")
    assert result.status == "complete", result.reason
    assert [c["tool"] for c in calls(log)] == ["whoami"]
    [row] = store.all_tool_calls(result.session_id)
    assert json.loads(row.result or "{}")["env"] == "from-settings", row.result
    warnings = extras.permissions.warnings
    assert [w for w in warnings if w.startswith(f"{project}: env")] == [
        f"{project}: env is not read from a file agents can write (it lies in the workspace): "
        f"set the variables in {Path('~/.claude')}/settings.json or coord's environment"
    ], warnings
    assert f"{user}: env.ANTHROPIC_BASE_URL: given to your hooks and MCP server definitions " in (
        "\n".join(warnings)
    )
    assert "ANTHROPIC_BASE_URL" not in os.environ  # coord's own process: unchanged
    store.close()


#: A hook saying what it sees of the variables (its additionalContext).
SEES = (
    "import json, os, sys\njson.load(sys.stdin)\n"
    "seen = {k: os.environ.get(k) for k in ('HOOK_SETTING', 'DEPLOY_ENV')}\n"
    "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PostToolUse',"
    " 'additionalContext': json.dumps(seen, sort_keys=True)}}))\n"
)


async def test_the_users_hooks_get_the_users_and_the_managed_env(tmp_path: Path) -> None:
    """A user's PostToolUse hook (``~/.claude/settings.json``) sees the user's ``env`` and
    the managed file's over it; the project's is not read."""
    home = tmp_path / "home"
    ws = workspace(tmp_path)
    script = tmp_path / "sees.py"
    script.write_text(SEES, encoding="utf-8")
    hooks = {"PostToolUse": [{"matcher": "", "hooks": [{"command": f"/usr/bin/python3 {script}"}]}]}
    env = {"HOOK_SETTING": "user", "DEPLOY_ENV": "user"}
    write(home / ".claude/settings.json", {"hooks": hooks, "env": env})
    managed = write(tmp_path / "etc/managed-settings.json", {"env": {"DEPLOY_ENV": "org"}})
    write(ws / ".claude/settings.json", {"env": {"HOOK_SETTING": "repo"}})
    registry = Registry([backend()])
    extras = session_extras(ws, Settings(), registry, home=home, managed=managed)
    store = Store.open(tmp_path / "s.db")
    gate = HookGate(extras.hooks, extras.env, store, Journal())
    use = {"id": "toolu_1", "name": "Read", "input": {}}
    try:
        result, _ = await gate.post_tool("s1", 1, backend(), use, {}, ToolResult("text"))
    finally:
        store.close()
    assert '{"DEPLOY_ENV": "org", "HOOK_SETTING": "user"}' in result.content, result.content


@needs_bwrap
async def test_a_confined_hook_gets_no_settings_env(tmp_path: Path) -> None:
    """Guard: a workspace (confined) hook runs with the sandbox's allow-list, never the
    settings' ``env`` (the user's variables are not the repository's to read)."""
    ws = tmp_path / "ws"
    ws.mkdir()
    script = ws / "sees.py"
    script.write_text(SEES, encoding="utf-8")
    hook = Hook(
        HookEvent.POST_TOOL_USE, "", f"/usr/bin/python3 {script}", 30.0, HookSource.PROJECT,
        script, True,
    )  # fmt: skip
    confine = confiner_for(True, BashSandbox())
    env = HookEnv(ws, confine=confine, settings_env={"HOOK_SETTING": "user", "DEPLOY_ENV": "u"})
    store = Store.open(tmp_path / "s.db")
    gate = HookGate(HookSet(hooks=[hook]), env, store, Journal())
    use = {"id": "toolu_1", "name": "Read", "input": {}}
    try:
        result, _ = await gate.post_tool("s1", 1, backend(), use, {}, ToolResult("text"))
    finally:
        store.close()
    assert '{"DEPLOY_ENV": null, "HOOK_SETTING": null}' in result.content, result.content
