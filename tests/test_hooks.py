"""Claude Code hooks through the engine: real shell and Python hook scripts, real store,
real tools, the real scripted provider. User hooks (``~/.claude/settings.json``, here a
temporary home) run as configured; workspace hooks are covered in test_hooks_sandbox.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from kit import report, scripted, team, text_of, workspace

from coordinator.config import Settings
from coordinator.events import Event
from coordinator.roster.registry import Registry
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

PY = sys.executable
DONE = report("Complete", "Done")


class Run:
    """An engine whose hooks come from a temporary home's ~/.claude/settings.json."""

    def __init__(
        self,
        tmp_path: Path,
        agents: dict[str, list[dict[str, Any]]],
        hooks: dict[str, Any] | None = None,
        *,
        registry: Registry | None = None,
        enabled: bool = True,
        store: Store | None = None,
    ):
        self.ws = workspace(tmp_path)
        self.home = tmp_path / "home"
        (self.home / ".claude").mkdir(parents=True)
        if hooks is not None:
            settings_file = self.home / ".claude" / "settings.json"
            settings_file.write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
        self.store = store or Store.open(tmp_path / "s.db")
        self.provider = scripted(agents)
        self.registry = registry or team()
        self.events: list[Event] = []
        settings = Settings()
        extras = session_extras(self.ws, settings, self.registry, hooks=enabled, home=self.home)
        self.extras = extras
        self.engine = Engine(
            registry=self.registry,
            provider=self.provider,
            store=self.store,
            settings=settings,
            workspace=self.ws,
            observer=self.events.append,
            hooks=extras.hooks,
            hook_env=extras.env,
            preload=extras.preload,
        )

    def hook_events(self, sid: str) -> list[dict[str, Any]]:
        return [e.data for e in self.store.events(sid) if e.kind == "hook"]


def hook(event: str, command: str, matcher: str = "", timeout: float | None = None) -> Any:
    entry: dict[str, Any] = {"type": "command", "command": command}
    if timeout is not None:
        entry["timeout"] = timeout
    return {event: [{"matcher": matcher, "hooks": [entry]}]}


WRITE = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}


@pytest.fixture
def run_in(tmp_path: Path) -> Any:
    def make(agents: dict[str, list[dict[str, Any]]], hooks: dict[str, Any], **kw: Any) -> Run:
        return Run(tmp_path, agents, hooks, **kw)

    return make


async def test_shell_hook_exit_2_blocks_the_tool_and_the_model_reads_stderr(
    tmp_path: Path, run_in: Any
) -> None:
    sh = tmp_path / "guard.sh"
    sh.write_text(
        "#!/bin/sh\ninput=$(cat)\n"
        'case "$input" in *notes.txt*) echo "writes need a ticket number" >&2; exit 2;; esac\n',
        encoding="utf-8",
    )
    agents = {
        "backend": [
            {"tool_calls": [WRITE]},
            {"expect": "writes need a ticket number", "text": DONE},
        ]
    }
    r = run_in(agents, hook("PreToolUse", f"sh {sh}", "Write|Edit"))
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    assert not (r.ws / "notes.txt").exists()  # the tool never ran
    r.provider.model.assert_complete()
    events = r.hook_events(result.session_id)
    assert [(e["event"], e["outcome"], e["exit_code"]) for e in events] == [
        ("PreToolUse", "blocked", 2)
    ]
    assert events[0]["target"] == "Write" and "ticket" in events[0]["note"]
    calls = r.store.tool_calls(r.store.runs(result.session_id)[0].id, 1)
    assert [c.state for c in calls.values()] == ["done"]  # stored started and done at once


def py_hook(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text("import json, sys\ndata = json.load(sys.stdin)\n" + body, encoding="utf-8")
    return f"{PY} {path}"


async def test_python_hook_denies_through_json_and_sees_claude_codes_input(
    tmp_path: Path, run_in: Any
) -> None:
    seen = tmp_path / "seen.json"
    cmd = py_hook(
        tmp_path,
        "deny.py",
        f"open({str(seen)!r}, 'w').write(json.dumps(data))\n"
        "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PreToolUse',"
        " 'permissionDecision': 'deny', 'permissionDecisionReason': 'secrets stay unread'}}))\n",
    )
    read = {"name": "Read", "input": {"file_path": "app/db.py"}}
    agents = {"backend": [{"tool_calls": [read]}, {"expect": "secrets stay unread", "text": DONE}]}
    r = run_in(agents, hook("PreToolUse", cmd, "Read"))
    result = await r.engine.start("Read the db", agent="backend")

    r.provider.model.assert_complete()
    data = json.loads(seen.read_text())
    assert data["hook_event_name"] == "PreToolUse" and data["tool_name"] == "Read"
    assert data["tool_input"] == {"file_path": "app/db.py"}
    assert data["permission_mode"] == "default" and data["agent_type"] == "backend"
    assert data["session_id"] == result.session_id and data["cwd"] == str(r.ws.resolve())
    assert data["tool_use_id"].startswith("toolu_")
    [event] = r.hook_events(result.session_id)
    assert (event["outcome"], event["note"]) == ("blocked", "secrets stay unread")


async def test_ask_is_refused_with_a_message_saying_nobody_can_confirm(
    tmp_path: Path, run_in: Any
) -> None:
    cmd = py_hook(
        tmp_path,
        "ask.py",
        "print(json.dumps({'hookSpecificOutput': {'permissionDecision': 'ask'}}))\n",
    )
    agents = {"backend": [{"tool_calls": [WRITE]}, {"expect": "nobody can confirm", "text": DONE}]}
    r = run_in(agents, hook("PreToolUse", cmd, "*"))
    await r.engine.start("Write notes", agent="backend")
    r.provider.model.assert_complete()
    assert not (r.ws / "notes.txt").exists()


async def test_post_tool_use_context_reaches_the_model_and_matchers_select(
    tmp_path: Path, run_in: Any
) -> None:
    cmd = py_hook(
        tmp_path,
        "post.py",
        "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PostToolUse',"
        " 'additionalContext': 'formatted ' + data['tool_input']['file_path']"
        " + ' is_error=' + str(data['tool_response']['is_error'])}}))\n",
    )
    glob = {"name": "Glob", "input": {"pattern": "*.md"}}
    agents = {
        "backend": [
            {"tool_calls": [glob]},
            {"tool_calls": [WRITE]},
            {"expect": "formatted notes.txt is_error=False", "text": DONE},
        ]
    }
    r = run_in(agents, hook("PostToolUse", cmd, "Edit|Write"))
    result = await r.engine.start("Write notes", agent="backend")

    r.provider.model.assert_complete()
    assert (r.ws / "notes.txt").read_text() == "hello"
    events = r.hook_events(result.session_id)
    assert [(e["event"], e["target"]) for e in events] == [("PostToolUse", "Write")]


async def test_a_failed_tool_fires_post_tool_use_failure_not_post_tool_use(
    tmp_path: Path, run_in: Any
) -> None:
    """Claude Code fires PostToolUse after a tool succeeds and PostToolUseFailure after it
    fails (with ``error``); the failure hook's context reaches the model."""
    failure = py_hook(
        tmp_path,
        "failure.py",
        "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PostToolUseFailure',"
        " 'additionalContext': 'saw failure of ' + data['tool_name'] + ': '"
        " + data['error'][:40]}}))\n",
    )
    missing = {"name": "Read", "input": {"file_path": "no-such-file.txt"}}
    agents = {
        "backend": [
            {"tool_calls": [missing]},
            {"expect": "saw failure of Read", "tool_calls": [WRITE]},
            {"text": DONE},
        ]
    }
    hooks = {
        **hook("PostToolUse", "echo 'post ran' >&2; exit 2", "Read|Write"),
        **hook("PostToolUseFailure", failure, "Read|Write"),
    }
    r = run_in(agents, hooks)
    result = await r.engine.start("Read then write", agent="backend")
    r.provider.model.assert_complete()
    events = r.hook_events(result.session_id)
    assert [(e["event"], e["target"]) for e in events] == [
        ("PostToolUseFailure", "Read"),
        ("PostToolUse", "Write"),
    ]


async def test_a_hook_that_times_out_is_killed_logged_and_the_tool_still_runs(
    tmp_path: Path, run_in: Any
) -> None:
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    r = run_in(agents, hook("PreToolUse", "exec sleep 30", "Write", timeout=0.3))
    result = await r.engine.start("Write notes", agent="backend")

    assert (r.ws / "notes.txt").read_text() == "hello"
    [event] = r.hook_events(result.session_id)
    assert event["outcome"] == "timeout" and event["exit_code"] is None
    assert "timed out after 0.3 s" in event["note"]


async def test_updated_input_is_what_runs_and_is_stored_but_stays_confined(
    tmp_path: Path, run_in: Any
) -> None:
    cmd = py_hook(
        tmp_path,
        "rewrite.py",
        "path = data['tool_input']['file_path']\n"
        "new = '/etc/coord-hook-test' if path == 'escape.txt' else 'docs/' + path\n"
        "print(json.dumps({'hookSpecificOutput': {'permissionDecision': 'allow',"
        " 'updatedInput': {**data['tool_input'], 'file_path': new}}}))\n",
    )
    escape = {"name": "Write", "input": {"file_path": "escape.txt", "content": "x"}}
    agents = {
        "backend": [
            {"tool_calls": [WRITE]},
            {"tool_calls": [escape]},
            {"expect": "outside the workspace", "text": DONE},
        ]
    }
    r = run_in(agents, hook("PreToolUse", cmd, "Write"))
    result = await r.engine.start("Write notes", agent="backend")

    r.provider.model.assert_complete()
    assert (r.ws / "docs" / "notes.txt").read_text() == "hello"
    assert not (r.ws / "notes.txt").exists()  # the rewrite to /etc was refused (expect)
    run_id = r.store.runs(result.session_id)[0].id
    [call] = r.store.tool_calls(run_id, 1).values()
    assert json.loads(call.input)["file_path"] == "docs/notes.txt"


async def test_user_prompt_submit_adds_context_or_refuses_the_request(
    tmp_path: Path, run_in: Any
) -> None:
    cmd = py_hook(
        tmp_path,
        "prompt.py",
        "if 'forbidden' in data['prompt']:\n"
        "    print('no forbidden work', file=sys.stderr); sys.exit(2)\n"
        "print('Sprint goal: ship tasks')\n",
    )
    agents = {"backend": [{"expect": "Sprint goal: ship tasks", "text": DONE}]}
    r = run_in(agents, hook("UserPromptSubmit", cmd))
    ok = await r.engine.start("Add tasks", agent="backend")
    assert ok.status == "complete"
    first = r.store.messages(r.store.runs(ok.session_id)[0].id)[0]
    assert text_of(first).startswith("Add tasks")

    refused = await r.engine.start("forbidden work", agent="backend")
    assert refused.status == "failed" and "no forbidden work" in (refused.reason or "")
    assert r.store.runs(refused.session_id) == []  # no agent ever ran
    kinds = [e.kind for e in r.store.events(refused.session_id)]
    assert kinds == ["routed", "hook", "failed"]
    r.provider.model.assert_complete()


async def test_stop_hook_sends_the_agent_back_once_then_lets_it_finish(
    tmp_path: Path, run_in: Any
) -> None:
    cmd = py_hook(
        tmp_path,
        "stop.py",
        "if not data['stop_hook_active'] and 'Status' in data['last_assistant_message']:\n"
        "    print(json.dumps({'decision': 'block', 'reason': 'run the tests first'}))\n",
    )
    agents = {"backend": [{"text": DONE}, {"expect": "run the tests first", "text": DONE}]}
    r = run_in(agents, hook("Stop", cmd))
    result = await r.engine.start("Add tasks", agent="backend")
    assert result.status == "complete"
    r.provider.model.assert_complete()
    outcomes = [e["outcome"] for e in r.hook_events(result.session_id)]
    assert outcomes == ["blocked", "ok"]


async def test_continue_false_ends_the_run_with_the_stop_reason(
    tmp_path: Path, run_in: Any
) -> None:
    cmd = py_hook(
        tmp_path, "halt.py", "print(json.dumps({'continue': False, 'stopReason': 'quota'}))\n"
    )
    agents = {"backend": [{"tool_calls": [WRITE]}]}
    r = run_in(agents, hook("PostToolUse", cmd, "Write"))
    result = await r.engine.start("Write notes", agent="backend")
    assert result.status == "failed" and "quota" in (result.reason or "")
    assert r.store.runs(result.session_id)[0].failure_kind == "hook_stopped"


async def test_agent_frontmatter_hooks_apply_to_that_agent_only_and_subagent_start(
    tmp_path: Path,
) -> None:
    log = tmp_path / "starts.log"
    context = json.dumps({"hookSpecificOutput": {"additionalContext": "Use the staging database."}})
    start = f"echo \"$(cat)\" >> {log}; echo '{context}'"
    plain = "echo 'plain stdout is only logged'"  # Claude Code: not context for SubagentStart
    own = hook("PreToolUse", "echo 'backend may not write' >&2; exit 2", "Write")
    specs = list(team("backend", "dba"))
    # The user's own agent file (outside the workspace): its hooks run as configured (one
    # without a file counts as the workspace's: confined, skipped without --allow-bash).
    user_file = tmp_path / "home" / ".claude" / "agents" / "backend.md"
    backend = specs[0].model_copy(update={"extra": {"hooks": own}, "source": user_file})
    registry = Registry([backend, specs[1]])
    agents = {
        "backend": [{"tool_calls": [WRITE]}, {"expect": "backend may not write", "text": DONE}],
    }
    starts = {
        "SubagentStart": [{"matcher": "backend", "hooks": [{"command": start}, {"command": plain}]}]
    }
    r = Run(tmp_path, agents, starts, registry=registry)
    result = await r.engine.start("Write notes", agent="backend")
    r.provider.model.assert_complete()
    first_call = r.provider.model.calls[0]
    assert "Use the staging database." in text_of(first_call.messages[-1])
    assert "plain stdout" not in json.dumps(first_call.messages)
    line = json.loads(log.read_text().splitlines()[0])
    assert (line["hook_event_name"], line["agent_type"]) == ("SubagentStart", "backend")
    events = r.hook_events(result.session_id)
    assert [(e["event"], e["source"], e["outcome"]) for e in events] == [
        ("SubagentStart", "user", "ok"),
        ("SubagentStart", "user", "ok"),
        ("PreToolUse", "agent", "blocked"),
    ]
    assert result.status == "complete" and not (r.ws / "notes.txt").exists()


async def test_no_hooks_runs_none(tmp_path: Path) -> None:
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    r = Run(tmp_path, agents, hook("PreToolUse", "exit 2", "*"), enabled=False)
    result = await r.engine.start("Write notes", agent="backend")
    assert (r.ws / "notes.txt").exists() and r.hook_events(result.session_id) == []


async def test_user_hooks_get_the_project_dir_but_never_the_api_key(
    tmp_path: Path, run_in: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-not-for-hooks")
    monkeypatch.setenv("TEAM_WEBHOOK_URL", "https://hooks.example/abc")
    seen = tmp_path / "env.json"
    cmd = py_hook(
        tmp_path,
        "env.py",
        f"import os\nopen({str(seen)!r}, 'w').write(json.dumps(dict(os.environ)))\n",
    )
    r = run_in({"backend": [{"text": DONE}]}, hook("Stop", cmd))
    await r.engine.start("Add tasks", agent="backend")
    env = json.loads(seen.read_text())
    assert "ANTHROPIC_API_KEY" not in env
    assert env["TEAM_WEBHOOK_URL"] == "https://hooks.example/abc"
    assert env["CLAUDE_PROJECT_DIR"] == str(r.ws.resolve())


async def test_stop_fires_for_the_routed_agent_and_subagent_stop_for_a_consult(
    tmp_path: Path, run_in: Any
) -> None:
    log = tmp_path / "stops.log"
    code = "import json,sys; d=json.load(sys.stdin); print(d['hook_event_name'], d['agent_type'])"
    line = f'{PY} -c "{code}" >> {log}'
    blocked = report("Blocked", "Blocked", domain="Database", blocker="b", required="schema")
    agents = {
        "backend": [{"text": blocked}, {"expect": "[coordinator:resume]", "text": DONE}],
        "dba": [{"text": "email: str\n" + DONE}],
    }
    hooks = {**hook("Stop", line), **hook("SubagentStop", line, "dba")}
    r = run_in(agents, hooks)
    result = await r.engine.start("Add tasks", agent="backend")
    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert log.read_text().splitlines() == [
        "Stop backend",
        "SubagentStop dba",
        "Stop backend",
    ]


def decision_hook(tmp_path: Path, name: str = "decide.py") -> tuple[str, Path]:
    """A PreToolUse hook answering with the decision written in ``decision.txt``, logging
    each call's tool name."""
    decision, log = tmp_path / "decision.txt", tmp_path / "calls.log"
    cmd = py_hook(
        tmp_path,
        name,
        f"open({str(log)!r}, 'a').write(data['tool_name'] + '\\n')\n"
        f"choice = open({str(decision)!r}).read().strip()\n"
        "print(json.dumps({'hookSpecificOutput': {'permissionDecision': choice,"
        " 'permissionDecisionReason': 'waits for the release manager'}}))\n",
    )
    return cmd, decision


async def test_defer_stops_a_lone_tool_call_until_resume_asks_the_hook_again(
    tmp_path: Path, run_in: Any
) -> None:
    """Claude Code's ``defer`` (non-interactive, one tool call in the turn): the tool does
    not run, the session stops waiting with the call pending; a resume fires PreToolUse
    again, and its new answer decides. ``deny`` beats ``defer``, which beats ``ask``."""
    cmd, decision = decision_hook(tmp_path)
    decision.write_text("defer", encoding="utf-8")
    ask = py_hook(  # asks while the other defers: defer wins
        tmp_path,
        "ask.py",
        f"if open({str(decision)!r}).read().strip() == 'defer':\n"
        "    print(json.dumps({'hookSpecificOutput': {'permissionDecision': 'ask'}}))\n",
    )
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [{"command": cmd}, {"command": ask}]}]}
    agents = {"backend": [{"tool_calls": [WRITE]}, {"expect": "Created 'notes.txt'", "text": DONE}]}
    r = run_in(agents, hooks)
    first = await r.engine.start("Write notes", agent="backend")

    assert first.status == "waiting" and first.question is not None
    assert (first.question.reason, first.question.agent) == ("tool_deferred", "backend")
    assert "Write" in first.question.detail and "release manager" in first.question.detail
    assert not (r.ws / "notes.txt").exists()
    run_id = r.store.runs(first.session_id)[0].id
    assert r.store.tool_calls(run_id, 1) == {}  # nothing stored: the resume asks again

    decision.write_text("allow", encoding="utf-8")
    done = await r.engine.resume(first.session_id)
    assert done.status == "complete", done.reason
    r.provider.model.assert_complete()
    assert (r.ws / "notes.txt").read_text() == "hello"
    assert (tmp_path / "calls.log").read_text().split() == ["Write", "Write"]


async def test_defer_is_ignored_when_the_turn_calls_several_tools(
    tmp_path: Path, run_in: Any
) -> None:
    """As in Claude Code, ``defer`` holds only a lone call: with siblings in the turn it
    is no decision, and the calls go on through the usual checks."""
    cmd, decision = decision_hook(tmp_path)
    decision.write_text("defer", encoding="utf-8")
    read = {"name": "Read", "input": {"file_path": "README.md"}}
    agents = {"backend": [{"tool_calls": [WRITE, read]}, {"text": DONE}]}
    r = run_in(agents, hook("PreToolUse", cmd, "Write"))
    result = await r.engine.start("Write notes", agent="backend")
    assert result.status == "complete", result.reason
    assert (r.ws / "notes.txt").read_text() == "hello"
