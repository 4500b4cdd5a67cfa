"""claude109: SessionStart hooks, the most common hook of real Claude Code setups (plugins such
as superpowers inject their instructions through one, matcher ``startup|clear|compact``), fire
when a coord session starts: real hook scripts, real store, the scripted provider. Before,
they were "never fired" and their context never reached the agent."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kit import blocked, report, team, text_of
from test_hooks import Run

PY = sys.executable
DONE = report("Complete", "Done")


def _script(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text(
        "import json, sys\ndata = json.load(sys.stdin)\n"
        f"open({str(tmp_path / (name + '.in'))!r}, 'w').write(json.dumps(data))\n" + body,
        encoding="utf-8",
    )
    return f"{PY} {path}"


def _entry(matcher: str, command: str) -> dict[str, Any]:
    return {"matcher": matcher, "hooks": [{"type": "command", "command": command}]}


async def test_session_start_hooks_context_reaches_the_routed_agent_before_the_request(
    tmp_path: Path,
) -> None:
    """A plugin-style hook printing ``hookSpecificOutput.additionalContext`` and a plain one
    printing text (both context, as in Claude Code) run once, before UserPromptSubmit, with
    ``source: startup``; their context is in the first message, before the request; a hook
    matching only ``resume`` does not run; an exit 2 blocks nothing."""
    plugin = _script(
        tmp_path,
        "superpowers.py",
        "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'SessionStart',"
        " 'additionalContext': 'You have superpowers: use TDD'}}))\n",
    )
    plain = _script(tmp_path, "plain.py", "print('branch: main, 2 files changed')\n")
    resume = _script(tmp_path, "resume.py", "print('resumed!')\n")
    grumpy = _script(tmp_path, "grumpy.py", "print('no', file=sys.stderr); sys.exit(2)\n")
    order = _script(tmp_path, "order.py", "print('submitted')\n")
    hooks = {
        "SessionStart": [
            _entry("startup|clear|compact", plugin),
            _entry("", plain),
            _entry("resume", resume),
            _entry("*", grumpy),
        ],
        "UserPromptSubmit": [_entry("", order)],
    }
    agents = {"backend": [{"expect": "You have superpowers: use TDD", "text": DONE}]}
    r = Run(tmp_path, agents, hooks)
    result = await r.engine.start("Add tasks", agent="backend")

    assert result.status == "complete", result.reason
    r.provider.model.assert_complete()
    first = text_of(r.store.messages(r.store.runs(result.session_id)[0].id)[0])
    assert first.index("You have superpowers") < first.index("Add tasks") < first.index("submitted")
    assert "branch: main, 2 files changed" in first and "resumed!" not in first
    given = json.loads((tmp_path / "superpowers.py.in").read_text(encoding="utf-8"))
    assert given["hook_event_name"] == "SessionStart" and given["source"] == "startup"
    assert given["session_id"] == result.session_id and "prompt_id" not in given
    assert given["model"] and given["model"] == r.store.runs(result.session_id)[0].model
    assert not (tmp_path / "resume.py.in").exists()
    events = [(e["event"], e["outcome"]) for e in r.hook_events(result.session_id)]
    assert sorted(o for _, o in events[:3]) == ["blocked", "ok", "ok"]  # (exit 2: logged)
    assert [e for e, _ in events] == ["SessionStart"] * 3 + ["UserPromptSubmit"]


async def test_a_request_refused_by_user_prompt_submit_still_logs_session_start(
    tmp_path: Path,
) -> None:
    """The session's SessionStart hooks ran before UserPromptSubmit refused the request:
    their runs are stored with the refusal, no agent runs."""
    start = _script(tmp_path, "start.py", "print('context')\n")
    refuse = _script(tmp_path, "refuse.py", "print('not today', file=sys.stderr); sys.exit(2)\n")
    hooks = {"SessionStart": [_entry("", start)], "UserPromptSubmit": [_entry("", refuse)]}
    r = Run(tmp_path, {"backend": []}, hooks)
    result = await r.engine.start("Add tasks", agent="backend")
    assert result.status == "failed" and "not today" in (result.reason or "")
    assert r.store.runs(result.session_id) == []
    events = [(e["event"], e["outcome"]) for e in r.hook_events(result.session_id)]
    assert events == [("SessionStart", "ok"), ("UserPromptSubmit", "blocked")]


async def test_session_end_fires_once_when_the_session_finishes_not_while_it_waits(
    tmp_path: Path,
) -> None:
    """SessionEnd (memory plugins consolidate there) fires when the session finishes, with
    ``reason: other`` (a ``clear`` matcher does not match), its output changing nothing; a
    session waiting for a person (a deferred call) has not ended: none fires until the
    resume that finishes it."""
    ended = _script(tmp_path, "ended.py", "print(json.dumps({'decision': 'block'})); sys.exit(2)\n")
    clear = _script(tmp_path, "clear.py", "print('cleared')\n")
    defer = _script(
        tmp_path,
        "defer.py",
        f"import os\nif not os.path.exists({str(tmp_path / 'go')!r}):\n"
        "    print(json.dumps({'hookSpecificOutput': {'permissionDecision': 'defer'}}))\n",
    )
    write = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}
    hooks = {
        "SessionEnd": [_entry("other", ended), _entry("clear", clear)],
        "PreToolUse": [_entry("Write", defer)],
    }
    agents = {"backend": [{"tool_calls": [write]}, {"text": DONE}]}
    r = Run(tmp_path, agents, hooks)
    first = await r.engine.start("Write notes", agent="backend")
    assert first.status == "waiting", first.reason
    assert not (tmp_path / "ended.py.in").exists()

    (tmp_path / "go").write_text("", encoding="utf-8")
    done = await r.engine.resume(first.session_id)
    assert done.status == "complete", done.reason
    r.provider.model.assert_complete()
    given = json.loads((tmp_path / "ended.py.in").read_text(encoding="utf-8"))
    assert (given["hook_event_name"], given["reason"]) == ("SessionEnd", "other")
    assert given["session_id"] == first.session_id and given["agent_type"] == "backend"
    assert not (tmp_path / "clear.py.in").exists()
    events = [e["event"] for e in r.hook_events(first.session_id)]
    assert events.count("SessionEnd") == 1 and events[-1] == "SessionEnd"


async def test_a_persons_answer_fires_session_start_resume_before_its_user_prompt_submit(
    tmp_path: Path,
) -> None:
    """``coord resume --context`` (Claude Code's ``-p --resume`` with a prompt): the
    ``resume`` hooks run (not the ``startup`` ones), their context after the answer, their
    runs stored with the answer's UserPromptSubmit ones."""
    fresh = _script(tmp_path, "fresh.py", "print('fresh start')\n")
    again = _script(tmp_path, "again.py", "print('welcome back')\n")
    submit = _script(tmp_path, "submit.py", "print('submitted')\n")
    hooks = {
        "SessionStart": [_entry("startup", fresh), _entry("resume", again)],
        "UserPromptSubmit": [_entry("", submit)],
    }
    turns = [
        {"expect": "fresh start", "text": blocked("Tests", "test plan")},
        {"expect": "welcome back", "text": DONE},
    ]
    r = Run(tmp_path, {"backend": turns}, hooks, registry=team("backend"))
    first = await r.engine.start("Add tasks", agent="backend")
    assert first.status == "waiting", first.reason
    (tmp_path / "fresh.py.in").unlink()

    done = await r.engine.resume(first.session_id, context="Use pytest.")
    assert done.status == "complete", done.reason
    r.provider.model.assert_complete()
    answer = text_of(r.store.messages(r.store.runs(first.session_id)[0].id)[-2])
    assert answer.startswith("[coordinator:resume] A person answered")
    assert answer.index("Use pytest.") < answer.index("welcome back")
    assert "fresh start" not in answer and not (tmp_path / "fresh.py.in").exists()
    given = json.loads((tmp_path / "again.py.in").read_text(encoding="utf-8"))
    assert (given["hook_event_name"], given["source"]) == ("SessionStart", "resume")
    assert given["model"] == r.store.runs(first.session_id)[0].model
    events = [(e["event"], e["target"]) for e in r.hook_events(first.session_id)]
    assert events == [
        ("SessionStart", "startup"),
        ("UserPromptSubmit", None),
        ("SessionStart", "resume"),
        ("UserPromptSubmit", None),
    ]
