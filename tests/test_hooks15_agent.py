"""Claude Code's ``agent`` hooks: a sub-agent with read-only tools (Read, Grep, Glob) checks
the event before answering ``{"ok": ..., "reason": ...}``. Through the engine with the
scripted provider (real tools over a real workspace, real store), and with the real
``anthropic`` SDK against the loopback fake Messages API server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fake_messages_server import FakeMessagesServer, message
from kit import report
from test_hooks import WRITE, Run
from test_hooks_prompt import HOSTILE, engine_with, priced, quoted_input, sdk_model

from coordinator.config import Settings
from coordinator.runtime.hook_agent import AGENT_HOOK, MAX_TURNS
from coordinator.runtime.hook_prompt import DEFAULT_MODEL
from coordinator.runtime.hook_run import HookEnv, Outcome, run_hook
from coordinator.runtime.hooks import AGENT_TIMEOUT, Hook, HookEvent, HookSource, load_hooks

DONE = report("Complete", "Done")
POLICY = "Notes need a ticket number like ABC-123."
READ_POLICY = {"name": "Read", "input": {"file_path": "POLICY.md"}}


def agent_hook(event: str, prompt: str, matcher: str = "", **extra: Any) -> Any:
    return {event: [{"matcher": matcher, "hooks": [{"type": "agent", "prompt": prompt, **extra}]}]}


def with_policy(r: Run) -> Run:
    (r.ws / "POLICY.md").write_text(POLICY, encoding="utf-8")
    return r


def text_of_request(messages: list[Any], index: int) -> str:
    """The text of message ``index`` of a scripted call (a string or content blocks)."""
    content = messages[index]["content"]
    if isinstance(content, str):
        return content
    return "\n".join(str(b.get("text") or b.get("content") or "") for b in content)


# ---- loading ----------------------------------------------------------------------------


def test_agent_hooks_load_with_claude_codes_defaults(tmp_path: Path) -> None:
    home, ws = tmp_path / "home", tmp_path / "ws"
    (home / ".claude").mkdir(parents=True)
    (ws / ".claude").mkdir(parents=True)
    user = agent_hook("Stop", "Tests pass? $ARGUMENTS", model="sonnet")
    (home / ".claude/settings.json").write_text(json.dumps({"hooks": user}), encoding="utf-8")
    project = {
        **agent_hook("PreToolUse", "Safe?", "Write", model="opus", timeout=5),
        **agent_hook("SubagentStart", "Hi?"),
    }
    (ws / ".claude/settings.json").write_text(json.dumps({"hooks": project}), encoding="utf-8")
    found = load_hooks(ws, home=home, managed=None)
    stop, pre = sorted(found.hooks, key=lambda h: h.event != HookEvent.STOP)
    assert (stop.kind, stop.model, stop.timeout) == ("agent", "sonnet", AGENT_TIMEOUT)
    # a workspace file (an agent could write it) cannot choose a costlier model
    assert (pre.kind, pre.confined, pre.model, pre.timeout) == ("agent", True, None, 5.0)
    assert "agent: Safe?" in pre.label()
    assert "Claude Code runs no agent hooks at SubagentStart" in "\n".join(found.warnings)


# ---- through the engine (scripted provider) ---------------------------------------------


async def test_an_agent_hook_reads_a_file_then_refuses_the_call(tmp_path: Path) -> None:
    agents = {
        AGENT_HOOK: [
            {"tool_calls": [READ_POLICY], "expect": '"tool_name": "Write"'},
            {
                "expect": "ticket number like ABC-123",
                "text": '{"ok": false, "reason": "no ticket"}',
            },
        ],
        "backend": [{"tool_calls": [WRITE]}, {"expect": "no ticket", "text": DONE}],
    }
    hooks = agent_hook("PreToolUse", "Does this write follow POLICY.md? $ARGUMENTS", "Write")
    r = with_policy(Run(tmp_path, agents, hooks))
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert not (r.ws / "notes.txt").exists()  # refused
    [event] = r.hook_events(result.session_id)
    assert (event["event"], event["outcome"], event["note"]) == (
        "PreToolUse",
        "blocked",
        "no ticket",
    )
    first, second = [c for c in r.provider.model.calls if c.agent == AGENT_HOOK]
    assert first.model == Settings().resolve_model(DEFAULT_MODEL)
    assert sorted(first.tools) == ["Glob", "Grep", "Read"]
    assert "data to judge" in first.system and "Read, Grep and Glob" in first.system
    inside = quoted_input(text_of_request(first.messages, 0))
    assert json.loads(inside)["tool_input"] == WRITE["input"]
    assert POLICY in text_of_request(second.messages, 2)  # the file, read by the hook's agent


async def test_an_agent_hook_that_says_ok_lets_the_call_run_and_its_calls_are_counted(
    tmp_path: Path,
) -> None:
    usage = {"input_tokens": 300, "output_tokens": 20}
    agents = {
        AGENT_HOOK: [
            {"tool_calls": [{"name": "Grep", "input": {"pattern": "ticket"}}], "usage": usage},
            {"text": '{"ok": true}', "usage": usage},
        ],
        "backend": [
            {"tool_calls": [WRITE], "usage": {"input_tokens": 10, "output_tokens": 5}},
            {"text": DONE, "usage": {"input_tokens": 20, "output_tokens": 5}},
        ],
    }
    r = with_policy(Run(tmp_path, agents, agent_hook("PreToolUse", "Safe? $ARGUMENTS", "Write")))
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert (r.ws / "notes.txt").read_text() == "hello"
    [event] = r.hook_events(result.session_id)
    assert (event["outcome"], event["input_tokens"], event["output_tokens"]) == ("ok", 600, 40)
    [run] = r.store.runs(result.session_id)
    assert (run.input_tokens, run.output_tokens, run.turns) == (630, 50, 2)
    haiku = Settings().resolve_model(DEFAULT_MODEL)
    assert run.cost_usd == pytest.approx(priced(haiku, 600, 40) + priced(run.model, 30, 10))


async def test_a_stop_agent_hook_sends_the_agent_back(tmp_path: Path) -> None:
    agents = {
        AGENT_HOOK: [
            {
                "text": '{"ok": false, "reason": "notes.txt is missing"}',
                "when": '"stop_hook_active": false',
            },
            {"text": '{"ok": true}', "when": '"stop_hook_active": true'},
        ],
        "backend": [{"text": DONE}, {"expect": "notes.txt is missing", "text": DONE}],
    }
    r = Run(tmp_path, agents, agent_hook("Stop", "Is the work done? $ARGUMENTS"))
    result = await r.engine.start("Fix it", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    outcomes = [(e["event"], e["outcome"]) for e in r.hook_events(result.session_id)]
    assert outcomes == [("Stop", "blocked"), ("Stop", "ok")]


@pytest.mark.parametrize(
    "turns",
    [
        [{"text": "Looks fine to me."}],  # malformed: not the JSON asked for
        [{"tool_calls": [READ_POLICY]}, {"error": {"status": 400, "message": "bad request"}}],
    ],
)
async def test_a_malformed_answer_or_failed_call_does_not_block(
    tmp_path: Path, turns: list[dict[str, Any]]
) -> None:
    agents = {AGENT_HOOK: turns, "backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    r = with_policy(Run(tmp_path, agents, agent_hook("PreToolUse", "Safe? $ARGUMENTS", "Write")))
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    assert (r.ws / "notes.txt").read_text() == "hello"  # the call ran
    [event] = r.hook_events(result.session_id)
    assert event["outcome"] == "error" and event["note"]


async def test_an_agent_hook_past_its_timeout_does_not_block_and_its_turns_are_counted(
    tmp_path: Path,
) -> None:
    """The bound is what is tested, so no event can stand for it: a busy machine may spend
    a short one before the hook's agent has finished its first turn, and then the run is
    tried again with a timeout four times as long; each try must time out without blocking."""
    for attempt, timeout in enumerate((0.5, 2, 8, 32, 120)):
        here = tmp_path / str(attempt)
        here.mkdir()
        gate = here / "never"
        agents = {
            AGENT_HOOK: [
                {"tool_calls": [READ_POLICY], "usage": {"input_tokens": 400, "output_tokens": 9}},
                {"text": '{"ok": false, "reason": "late"}', "hold_until": str(gate)},
            ],
            "backend": [{"tool_calls": [WRITE]}, {"text": DONE}],
        }
        hooks = agent_hook("PreToolUse", "Safe?", "Write", timeout=timeout)
        r = with_policy(Run(here, agents, hooks))
        result = await r.engine.start("Write notes", agent="backend")

        assert (r.ws / "notes.txt").read_text() == "hello"
        [event] = r.hook_events(result.session_id)
        assert (event["outcome"], event["note"]) == ("timeout", f"timed out after {timeout:g} s")
        if event["input_tokens"]:
            break  # its first turn was done before the timeout
    assert event["input_tokens"] == 400  # the turn it did finish is paid for
    [run] = r.store.runs(result.session_id)
    assert run.input_tokens >= 400


async def test_an_agent_hooks_tools_are_confined_as_every_agents(tmp_path: Path) -> None:
    """Read only in the workspace, never coord's own files, never what a deny rule covers;
    Write is no tool of a hook's agent."""
    refused = [
        {"name": "Read", "input": {"file_path": "secret.txt"}},
        {"name": "Read", "input": {"file_path": ".coordinator/state.db"}},
        {"name": "Read", "input": {"file_path": "/etc/passwd"}},
        {"name": "Write", "input": {"file_path": "x.txt", "content": "no"}},
    ]
    agents = {
        AGENT_HOOK: [
            {"tool_calls": refused},
            {"expect": "Permission denied: the rule Read(secret.txt)", "text": '{"ok": true}'},
        ],
        "backend": [{"tool_calls": [WRITE]}, {"text": DONE}],
    }
    r = Run(tmp_path, agents, agent_hook("PreToolUse", "Safe? $ARGUMENTS", "Write"))
    (r.ws / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    rules = {"permissions": {"deny": ["Read(secret.txt)"]}}
    (r.ws / ".claude").mkdir(exist_ok=True)
    (r.ws / ".claude/settings.json").write_text(json.dumps(rules), encoding="utf-8")
    engine = engine_with(r, Settings())  # the rules are read as the session's are
    result = await engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert not (r.ws / "x.txt").exists()
    last = [c for c in r.provider.model.calls if c.agent == AGENT_HOOK][-1]
    results = last.messages[-1]["content"]
    assert [b.get("is_error") for b in results] == [True, True, True, True]
    seen = json.dumps(results)
    assert "TOP SECRET" not in seen and "root:" not in seen
    assert "no tool named 'Write'" in seen


async def test_an_agent_hook_that_never_answers_stops_after_claude_codes_turns(
    tmp_path: Path,
) -> None:
    agents = {
        AGENT_HOOK: [{"tool_calls": [{"name": "Glob", "input": {"pattern": "*.md"}}]}] * MAX_TURNS,
        "backend": [{"tool_calls": [WRITE]}, {"text": DONE}],
    }
    r = Run(tmp_path, agents, agent_hook("PreToolUse", "Safe? $ARGUMENTS", "Write"))
    result = await r.engine.start("Write notes", agent="backend")

    assert (r.ws / "notes.txt").read_text() == "hello"
    r.provider.model.assert_complete()  # all 50 turns, no 51st
    [event] = r.hook_events(result.session_id)
    assert (event["outcome"], event["note"]) == ("error", f"no answer within {MAX_TURNS} turns")


# ---- the real anthropic SDK against the loopback fake Messages API ----------------------


def an_agent_hook(prompt: str) -> Hook:
    return Hook(
        HookEvent.PRE_TOOL_USE,
        "Bash",
        "",
        AGENT_TIMEOUT,
        HookSource.USER,
        Path("settings.json"),
        False,
        kind="agent",
        prompt=prompt,
    )


async def test_the_sdk_runs_the_hooks_agent_with_tool_results(
    server: FakeMessagesServer, tmp_path: Path
) -> None:
    (tmp_path / "POLICY.md").write_text(POLICY, encoding="utf-8")
    server.reply(
        message(tool_calls=[("Read", {"file_path": "POLICY.md"})]),
        message('{"ok": false, "reason": "rm is not allowed"}'),
    )
    data = {
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": {"command": HOSTILE},
    }
    env = HookEnv(tmp_path, llm=sdk_model(server))
    run = await run_hook(an_agent_hook("Is $ARGUMENTS allowed by POLICY.md?"), data, env)

    assert run.outcome == Outcome.BLOCKED and run.note == "rm is not allowed"
    assert run.usage is not None and run.usage.input_tokens == 20  # both turns
    first, second = server.requests
    assert first.headers["x-coordinator-agent"] == AGENT_HOOK
    inside = quoted_input(first.body["messages"][0]["content"][0]["text"])
    assert "</hook_input" not in inside  # the input cannot close its quote
    [result] = second.body["messages"][2]["content"]
    assert result["type"] == "tool_result" and POLICY in json.dumps(result["content"])
