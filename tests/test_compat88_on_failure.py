"""A hook's ``onFailure: "block"`` (Claude Code 2.1.295: "a hook that can't start, times
out, or exits with an unexpected code blocks the action instead of letting it through";
command and http hooks, ignored on async hooks and at Stop/SubagentStop). Real hook scripts
(one that cannot start, one that times out, one that exits 1) through the engine with the
scripted provider, a real http server, and the loading rules with their warnings."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from fake_messages_server import FakeMessagesServer, error
from kit import report
from test_hooks import WRITE, Run
from test_hooks_prompt import engine_with

from coordinator.config import Settings
from coordinator.runtime.extras import session_extras
from coordinator.runtime.hook_run import FAILED_CLOSED, HookEnv, Outcome, run_hooks
from coordinator.runtime.hooks import HookEvent, load_hooks

DONE = report("Complete", "Done")
PY = sys.executable


def guard(event: str, command: str, matcher: str = "", **extra: Any) -> dict[str, Any]:
    entry = {"type": "command", "command": command, **extra}
    return {event: [{"matcher": matcher, "hooks": [entry]}]}


def failing(tmp_path: Path, how: str) -> tuple[str, dict[str, Any], str]:
    """A real hook script failing ``how``: its command, its extra fields, why it failed (as
    its refusal says it)."""
    if how == "cannot start":  # a script that is not there (Claude Code: exit 127)
        return f"{tmp_path}/hooks/missing-guard.sh", {}, f"exited 127; {FAILED_CLOSED}: "
    script = tmp_path / f"{how.replace(' ', '_')}.py"
    if how == "times out":
        script.write_text("import sys, time\nsys.stdin.read()\ntime.sleep(60)\n")
        return f"{PY} {script}", {"timeout": 0.5}, f"timed out after 0.5 s; {FAILED_CLOSED}"
    script.write_text("import sys\nsys.stdin.read()\nsys.exit('guard crashed: no policy file')\n")
    return f"{PY} {script}", {}, f"exited 1; {FAILED_CLOSED}: guard crashed: no policy file"


HOWS = ["cannot start", "times out", "exits 1"]


# ---- through the engine ------------------------------------------------------------------


@pytest.mark.parametrize("how", HOWS)
async def test_a_failing_pre_tool_use_guard_with_on_failure_block_refuses_the_call(
    tmp_path: Path, how: str
) -> None:
    command, extra, why = failing(tmp_path, how)
    agents = {
        "backend": [
            {"tool_calls": [WRITE]},
            {"expect": FAILED_CLOSED, "text": DONE},
        ]
    }
    hooks = guard("PreToolUse", command, "Write", onFailure="block", **extra)
    r = Run(tmp_path, agents, hooks)
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert not (r.ws / "notes.txt").exists()  # the guard failed: the call never ran
    [event] = r.hook_events(result.session_id)
    assert (event["event"], event["outcome"], event["target"]) == ("PreToolUse", "blocked", "Write")
    settings = str(r.home / ".claude" / "settings.json")
    assert why.split(";")[0] in event["note"] and FAILED_CLOSED in event["note"]
    [refused] = r.provider.model.calls[-1].messages[-1]["content"]
    assert refused["type"] == "tool_result" and refused["is_error"]
    assert settings in refused["content"] and why in refused["content"]  # its file, and why
    assert r.extras.hooks.warnings == []  # (the field is read, not warned about)


@pytest.mark.parametrize("how", HOWS)
async def test_without_on_failure_the_same_failure_lets_the_call_through(
    tmp_path: Path, how: str
) -> None:
    command, extra, _ = failing(tmp_path, how)
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    r = Run(tmp_path, agents, guard("PreToolUse", command, "Write", **extra))
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    assert (r.ws / "notes.txt").read_text() == "hello"  # Claude Code's default: fails open
    [event] = r.hook_events(result.session_id)
    assert event["outcome"] in (Outcome.ERROR, Outcome.TIMEOUT)


async def test_a_failing_user_prompt_submit_hook_with_on_failure_block_refuses_the_request(
    tmp_path: Path,
) -> None:
    command, _, why = failing(tmp_path, "exits 1")
    hooks = guard("UserPromptSubmit", command, onFailure="block")
    r = Run(tmp_path, {"backend": []}, hooks)
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "failed"
    assert "blocked by a UserPromptSubmit hook" in (result.reason or "")
    assert why in (result.reason or "")
    r.provider.model.assert_complete()  # no model call was made


async def test_a_failing_post_tool_use_hook_with_on_failure_block_is_fed_back(
    tmp_path: Path,
) -> None:
    """After the call (it ran), a blocking error is what the model reads with its result."""
    command, _, why = failing(tmp_path, "exits 1")
    agents = {"backend": [{"tool_calls": [WRITE]}, {"expect": why, "text": DONE}]}
    r = Run(tmp_path, agents, guard("PostToolUse", command, "Write", onFailure="block"))
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete", result.reason
    r.provider.model.assert_complete()
    assert (r.ws / "notes.txt").read_text() == "hello"


async def test_a_stop_hook_with_on_failure_block_is_warned_of_and_does_not_loop(
    tmp_path: Path,
) -> None:
    command, _, _ = failing(tmp_path, "exits 1")
    r = Run(tmp_path, {"backend": [{"text": DONE}]}, guard("Stop", command, onFailure="block"))
    result = await r.engine.start("Say done", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()  # one model call: the failing hook sent nobody back
    [warning] = r.extras.hooks.warnings
    assert "settings.json: Stop: command hook onFailure" in warning and "ignored at Stop" in warning


async def test_a_workspace_guard_with_on_failure_block_that_may_not_run_refuses(
    tmp_path: Path,
) -> None:
    """Without ``--allow-bash`` a workspace hook is not run (an agent could have written
    it): one whose author wrote ``onFailure: "block"`` refuses the call rather than let it
    through unguarded."""
    agents = {"backend": [{"tool_calls": [WRITE]}, {"expect": FAILED_CLOSED, "text": DONE}]}
    r = Run(tmp_path, agents)
    project = r.ws / ".claude" / "settings.json"
    project.parent.mkdir(exist_ok=True)
    hooks = guard("PreToolUse", "sh .claude/hooks/guard.sh", "Write", onFailure="block")
    project.write_text(json.dumps({"hooks": hooks}))
    result = await engine_with(r, Settings()).start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert not (r.ws / "notes.txt").exists()
    [event] = r.hook_events(result.session_id)
    assert event["outcome"] == "blocked" and "could not run" in event["note"]
    assert "(project .claude/settings.json:1)" in event["note"]  # named from the workspace


def test_the_notice_says_a_skipped_guard_with_on_failure_block_refuses(tmp_path: Path) -> None:
    """``coord run``'s notice: such a skipped guard is not one that "checks nothing"."""
    r = Run(tmp_path, {})
    project = r.ws / ".claude" / "settings.json"
    project.parent.mkdir(exist_ok=True)
    closed = guard("PreToolUse", "sh check.sh", "Write", onFailure="block")["PreToolUse"]
    plain = guard("PreToolUse", "sh other.sh", "Edit")["PreToolUse"]
    project.write_text(json.dumps({"hooks": {"PreToolUse": closed + plain}}))
    settings = Settings()
    extras = session_extras(r.ws, settings, r.registry, home=r.home)
    notice = "\n".join(extras.notice(r.registry, settings))
    assert '1 skipped hook with onFailure "block" refuses what it matches' in notice
    assert "1 skipped PreToolUse hook checks nothing" in notice


async def test_an_mcp_tool_guard_whose_server_cannot_be_used_refuses_with_on_failure_block(
    tmp_path: Path,
) -> None:
    """coord honours ``onFailure`` on mcp_tool hooks too: a guard naming a server no file
    defines (its tool cannot be called) refuses the call rather than let it through."""
    entry = {"type": "mcp_tool", "server": "policy", "tool": "check", "onFailure": "block"}
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [entry]}]}
    agents = {"backend": [{"tool_calls": [WRITE]}, {"expect": FAILED_CLOSED, "text": DONE}]}
    r = Run(tmp_path, agents, hooks)
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert not (r.ws / "notes.txt").exists()
    [event] = r.hook_events(result.session_id)
    assert event["outcome"] == "blocked" and "MCP server 'policy'" in event["note"]


# ---- http hooks --------------------------------------------------------------------------


async def test_an_http_guard_answering_500_with_on_failure_block_refuses(tmp_path: Path) -> None:
    with FakeMessagesServer() as server:
        server.reply(error(500, "api_error", "policy service down"))
        entry = {"type": "http", "url": f"{server.base_url}/guard", "onFailure": "block"}
        home = tmp_path / "home"
        (home / ".claude").mkdir(parents=True)
        settings = home / ".claude" / "settings.json"
        hooks = {"PreToolUse": [{"matcher": "Bash", "hooks": [entry]}]}
        settings.write_text(json.dumps({"hooks": hooks}))
        found = load_hooks(tmp_path / "ws", home=home, managed=None)
        data = {"hook_event_name": HookEvent.PRE_TOOL_USE.value, "tool_name": "Bash"}
        verdict = await run_hooks(found.hooks, data, HookEnv(root=tmp_path / "ws"))

    assert verdict.block and verdict.denied
    [reason] = verdict.feedback
    assert "HTTP 500" in reason and str(settings) in reason and reason.endswith(FAILED_CLOSED)


# ---- loading -----------------------------------------------------------------------------


def load(tmp_path: Path, hooks: dict[str, Any]) -> tuple[Any, Path]:
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True, exist_ok=True)
    path = home / ".claude" / "settings.json"
    path.write_text(json.dumps({"hooks": hooks}))
    return load_hooks(tmp_path / "ws", home=home, managed=None), path


@pytest.mark.parametrize(
    ("event", "value", "closed", "said"),
    [
        ("PreToolUse", "block", True, None),
        ("PreToolUse", "continue", False, None),
        ("PostToolBatch", "block", True, None),
        # a value coord cannot read: the stricter reading where the hook guards a tool call
        ("PreToolUse", "Block", True, 'read as "block": it guards a tool call'),
        ("PreToolUse", True, True, 'read as "block": it guards a tool call'),
        ("PostToolUse", "deny", False, "read as the default"),
        ("SubagentStart", "block", False, "ignored at SubagentStart (its hooks cannot block)"),
        ("SubagentStop", "block", False, "ignored at SubagentStop (as Claude Code ignores it"),
    ],
)
def test_on_failure_is_read_with_one_warning_naming_file_and_field(
    tmp_path: Path, event: str, value: object, closed: bool, said: str | None
) -> None:
    found, path = load(tmp_path, guard(event, "check", onFailure=value))
    [hook] = found.hooks
    assert hook.fail_closed is closed
    if said is None:
        assert found.warnings == []
    else:
        [warning] = found.warnings
        assert warning.startswith(f"{path}: {event}: command hook onFailure ") and said in warning


def test_on_failure_is_ignored_on_an_async_hook_and_not_read_on_a_prompt_hook(
    tmp_path: Path,
) -> None:
    prompt = {"type": "prompt", "prompt": "Safe?", "onFailure": "block"}
    hooks = {
        **guard("PreToolUse", "log-it", **{"async": True, "onFailure": "block"}),
        "UserPromptSubmit": [{"hooks": [prompt]}],
    }
    found, path = load(tmp_path, hooks)
    assert [h.fail_closed for h in found.hooks] == [False, False]
    assert found.warnings == [
        f'{path}: PreToolUse: command hook onFailure "block" is ignored on an async hook '
        "(it blocks nothing)",
        f"{path}: UserPromptSubmit: prompt hook field onFailure not read",
    ]
