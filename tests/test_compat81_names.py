"""compat81: names Claude Code's current docs give that coord read as mistakes.

* ``permissionMode: manual`` (and ``defaultMode: manual``): Claude Code's alias of
  ``default`` (v2.1.200; sub-agents and permissions pages), which coord warned of as an
  unknown mode.
* hook events its hooks reference documents (``PostToolBatch``, ``StopFailure``,
  ``WorktreeCreate``...) that a coord run never fires: coord called them unknown events, as
  if misspelt.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.runtime.hooks import load_hooks
from coordinator.runtime.permission_files import load_permissions


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_permission_mode_manual_is_default_without_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    write(
        folder / "rev.md",
        "---\nname: rev\ndescription: reviews code\npermissionMode: manual\n---\nReview.\n",
    )
    registry = load_registry([folder], only=True, cache=False, managed=None)
    assert registry.get("rev").permission_mode == "default"
    assert [p.message for p in registry.problems] == []


def test_default_mode_manual_is_read_as_default(tmp_path: Path) -> None:
    ws, home = tmp_path / "ws", tmp_path / "home"
    write(ws / ".claude/settings.json", json.dumps({"permissions": {"defaultMode": "manual"}}))
    write(home / ".claude/settings.json", json.dumps({"permissions": {"defaultMode": "manual"}}))
    rules = load_permissions(ws, home=home, managed=None)
    assert rules.default_mode == "default"
    assert not any("defaultMode" in w for w in rules.warnings)


@pytest.mark.parametrize(
    "event", ["TeammateIdle", "ConfigChange", "PermissionDenied", "Setup", "TaskCreated"]
)
def test_documented_events_coord_never_fires_are_named_so_not_unknown(
    tmp_path: Path, event: str
) -> None:
    home, ws = tmp_path / "home", tmp_path / "ws"
    hooks = {event: [{"hooks": [{"type": "command", "command": "echo hi"}]}]}
    path = write(home / ".claude/settings.json", json.dumps({"hooks": hooks}))
    found = load_hooks(ws, home=home, managed=None)
    assert found.hooks == []
    assert found.warnings == [f"{path}: {event} hooks never fire in a coord run (ignored)"]


def test_a_misspelt_event_is_still_unknown_and_guessed(tmp_path: Path) -> None:
    home, ws = tmp_path / "home", tmp_path / "ws"
    hooks = {"PostToolBach": [{"hooks": [{"type": "command", "command": "echo hi"}]}]}
    write(home / ".claude/settings.json", json.dumps({"hooks": hooks}))
    [warning] = load_hooks(ws, home=home, managed=None).warnings
    assert "unknown hook event 'PostToolBach'" in warning and "PostToolBatch" in warning


# ---- PostToolBatch: fired once a turn's calls all have their results -------------------


async def test_post_tool_batch_sees_the_whole_batch_once_and_its_context_reaches_the_model(
    tmp_path: Path,
) -> None:
    from test_hooks import DONE, WRITE, Run, hook, py_hook

    seen = tmp_path / "batches.jsonl"
    cmd = py_hook(
        tmp_path,
        "batch.py",
        f"open({str(seen)!r}, 'a').write(json.dumps(data) + '\\n')\n"
        "names = ','.join(c['tool_name'] for c in data['tool_calls'])\n"
        "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PostToolBatch',"
        " 'additionalContext': 'batch of ' + names}}))\n",
    )
    glob = {"name": "Glob", "input": {"pattern": "*.md"}}
    agents = {
        "backend": [
            {"tool_calls": [WRITE, glob]},
            {"expect": "batch of Write,Glob", "text": DONE},
        ]
    }
    r = Run(tmp_path, agents, hook("PostToolBatch", cmd))
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    [data] = [json.loads(line) for line in seen.read_text().splitlines()]
    assert data["hook_event_name"] == "PostToolBatch" and data["agent_type"] == "backend"
    assert [(c["tool_name"], c["tool_input"]) for c in data["tool_calls"]] == [
        ("Write", WRITE["input"]),
        ("Glob", glob["input"]),
    ]
    assert all(c["tool_use_id"] and isinstance(c["tool_response"], str) for c in data["tool_calls"])
    assert [e["event"] for e in r.hook_events(result.session_id)] == ["PostToolBatch"]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("import sys; sys.stderr.write('run the tests first'); sys.exit(2)\n", "run the tests"),
        ("print(json.dumps({'decision': 'block', 'reason': 'run the tests first'}))\n", "run the"),
        ("print(json.dumps({'continue': False, 'stopReason': 'quota spent'}))\n", "quota spent"),
    ],
)
async def test_a_blocking_post_tool_batch_hook_ends_the_run_before_the_next_model_call(
    tmp_path: Path, body: str, said: str
) -> None:
    from test_hooks import WRITE, Run, hook, py_hook

    cmd = py_hook(tmp_path, "halt.py", body)
    agents = {"backend": [{"tool_calls": [WRITE]}]}  # no second model call is scripted
    r = Run(tmp_path, agents, hook("PostToolBatch", cmd))
    result = await r.engine.start("Write notes", agent="backend")
    assert result.status == "failed" and said in (result.reason or "")
    [run] = r.store.runs(result.session_id)
    assert run.failure_kind == "hook_stopped"
    assert (r.ws / "notes.txt").read_text() == "hello"  # the tool ran; its result is kept
    assert [c.state for c in r.store.tool_calls(run.id, 1).values()] == ["done"]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("kit:reviewer", "holds ':', which names a plugin's agent (PLUGIN:NAME)"),
        ("-dash", "starts with '-'"),
    ],
)
def test_an_agent_file_whose_name_claude_code_refuses_is_skipped_with_one_line(
    tmp_path: Path, name: str, why: str
) -> None:
    """Claude Code's sub-agents page ("Subagent files Claude Code skips"): a ``name`` that
    starts with ``-`` or holds ``:`` (kept for plugin-scoped names) is not loaded."""
    folder = tmp_path / "agents"
    write(folder / "odd.md", f"---\nname: '{name}'\ndescription: reviews code\n---\nReview.\n")
    write(folder / "ok.md", "---\nname: ok\ndescription: reviews code too\n---\nReview.\n")
    registry = load_registry([folder], only=True, cache=False, managed=None)
    assert list(registry.agents) == ["ok"]
    [problem] = registry.problems
    assert problem.line == 2
    assert problem.message == f"name '{name}' {why}; file skipped (as in Claude Code)"
