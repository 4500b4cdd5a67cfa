"""skillhooks101: what an inline skill invoked through the Skill tool applies.

Claude Code's skills and hooks pages: an invoked skill's ``hooks`` are registered when it is
invoked and keep running for the rest of the session (a project skill's under the same
workspace trust rule as settings hooks); its ``model`` is used for the rest of the turn (a
model ``availableModels`` excludes is not used), its ``effort`` while it is active, and its
``disallowed-tools`` are removed from the pool until the next message. coord applied none of
them for an inline skill. These run the real engine with the real scripted provider (the
``anthropic`` SDK over its transport), real SKILL.md files, real hook commands (bubblewrap
for a workspace skill's) and a real SQLite store; the last one a real ``coord run`` killed
with -9 after the skill was invoked, then ``coord resume``.
"""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from kit import engine_with, report, rows, scripted, wait_for_event, workspace, write_script

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

DONE = report("Complete", "Done")
HOUR = 3_600_000
BACKEND = "---\nname: backend\ndescription: Backend specialist\ndomain: backend\n---\nBackend.\n"
NO = "guard skill says no"


def write(name: str) -> dict[str, Any]:
    return {"name": "Write", "input": {"file_path": name, "content": "hello\n"}}


def invoke(name: str) -> dict[str, Any]:
    return {"name": "Skill", "input": {"skill": name}}


def guard_hooks(marker: str) -> str:
    """A ``hooks`` block: a PreToolUse command hook on Write that notes it ran and blocks."""
    command = f"echo ran >> {marker}; echo '{NO}' >&2; exit 2"
    return (
        "hooks:\n  PreToolUse:\n    - matcher: Write\n      hooks:\n"
        f"        - type: command\n          command: {json.dumps(command)}\n"
    )


def skill(folder: Path, name: str, fields: str) -> Path:
    path = folder / name / "SKILL.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"---\nname: {name}\ndescription: The {name} skill\n{fields}---\n{name.upper()}-TEXT\n"
    path.write_text(text, encoding="utf-8")
    return path


def backend() -> Registry:
    spec = AgentSpec(
        name="backend", description="Backend specialist", domain="backend", body="Backend."
    )
    return Registry([spec])


async def run(
    tmp_path: Path, ws: Path, turns: list[dict[str, Any]], **options: Any
) -> tuple[Any, list[Any], Store]:
    """Run backend (every tool: Skill too) on ``turns``: its result, its model calls (their
    request bodies) and the store."""
    model = options.pop("model", None)
    settings = Settings(**options)
    registry = backend()
    extras = session_extras(ws, settings, registry, home=tmp_path / "home", managed=None)
    provider = scripted({"backend": turns})
    store = Store.open(tmp_path / "s.db")
    eng = engine_with(
        extras,
        registry=registry,
        provider=provider,
        store=store,
        settings=settings,
        workspace=ws,
        model=model,
    )
    result = await eng.start("Write the notes", agent="backend")
    return result, provider.model.calls, store


def results(call: Any) -> list[dict[str, Any]]:
    """The tool results the model call ``call`` was given last."""
    return [b for b in call.messages[-1]["content"] if b.get("type") == "tool_result"]


def text_of(block: dict[str, Any]) -> str:
    content = block["content"]
    return content if isinstance(content, str) else "".join(c["text"] for c in content)


async def test_a_user_skills_hooks_run_from_its_invocation_on(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    marker = tmp_path / "marker"
    skill(tmp_path / "home/.claude/skills", "guard", guard_hooks(str(marker)))
    turns = [
        {"tool_calls": [write("before.txt")]},
        {"tool_calls": [invoke("guard")]},
        {"tool_calls": [write("after.txt")]},
        {"expect": NO, "text": DONE},
    ]
    result, _, store = await run(tmp_path, ws, turns)

    assert str(result.status) == "complete"
    assert (ws / "before.txt").exists()  # not registered before the skill was invoked
    assert not (ws / "after.txt").exists()  # blocked by the skill's hook after it
    assert marker.read_text() == "ran\n"
    [ran] = [e.data for e in store.events(result.session_id) if e.kind == "hook"]
    assert (ran["source"], ran["outcome"], ran["exit_code"]) == ("skill guard", "blocked", 2)
    [invoked] = [e.data for e in store.events(result.session_id) if e.kind == "skill_invoked"]
    assert invoked["skill"] == "guard" and invoked["written"] is False


async def test_a_skill_hook_with_once_runs_once_a_session(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    marker = tmp_path / "marker"
    fields = guard_hooks(str(marker)).replace(
        "type: command", "type: command\n          once: true"
    )
    skill(tmp_path / "home/.claude/skills", "guard", fields)
    turns = [
        {"tool_calls": [invoke("guard")]},
        {"tool_calls": [write("first.txt")]},
        {"expect": NO, "tool_calls": [write("second.txt")]},
        {"text": DONE},
    ]
    result, _, _ = await run(tmp_path, ws, turns)

    assert str(result.status) == "complete"
    assert not (ws / "first.txt").exists()  # blocked by its one run
    assert (ws / "second.txt").exists()  # then removed
    assert marker.read_text() == "ran\n"


async def test_a_forked_skills_hooks_run_in_its_sub_agent_and_after(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    marker = tmp_path / "marker"
    skill(tmp_path / "home/.claude/skills", "guard", guard_hooks(str(marker)) + "context: fork\n")
    turns = [
        {"when": "Write the notes", "tool_calls": [invoke("guard")]},
        {"when": "GUARD-TEXT", "tool_calls": [write("forked.txt")]},
        {"when": "GUARD-TEXT", "expect": NO, "text": DONE},
        {"when": "Write the notes", "tool_calls": [write("after.txt")]},
        {"when": "Write the notes", "expect": NO, "text": DONE},
    ]
    result, _, _ = await run(tmp_path, ws, turns)

    assert str(result.status) == "complete"
    assert not (ws / "forked.txt").exists() and not (ws / "after.txt").exists()
    assert marker.read_text() == "ran\nran\n"


async def test_a_workspace_skills_hooks_are_confined_as_workspace_hooks(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "guard", guard_hooks("$CLAUDE_PROJECT_DIR/marker"))
    turns = [
        {"tool_calls": [invoke("guard")]},
        {"tool_calls": [write("after.txt")]},
        {"text": DONE},
    ]
    result, _, store = await run(tmp_path, ws, turns)

    assert str(result.status) == "complete"
    assert (ws / "after.txt").exists()  # without --allow-bash a workspace hook never runs
    [ran] = [e.data for e in store.events(result.session_id) if e.kind == "hook"]
    assert (ran["source"], ran["outcome"]) == ("skill guard", "skipped")
    assert "--allow-bash" in ran["note"]
    assert not (ws / "marker").exists()


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
async def test_with_allow_bash_a_workspace_skills_hook_runs_in_the_sandbox(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    escaped = tmp_path / "escaped"
    fields = guard_hooks(f"$CLAUDE_PROJECT_DIR/marker; touch {escaped} 2>/dev/null")
    skill(ws / ".claude/skills", "guard", fields)
    turns = [
        {"tool_calls": [invoke("guard")]},
        {"tool_calls": [write("after.txt")]},
        {"expect": NO, "text": DONE},
    ]
    result, _, _ = await run(tmp_path, ws, turns, allow_bash=True)

    assert str(result.status) == "complete"
    assert not (ws / "after.txt").exists()
    assert (ws / "marker").read_text() == "ran\n"
    assert not escaped.exists()  # sandboxed: only the workspace is writable


async def test_an_inline_skills_model_effort_and_disallowed_tools_apply_after_it(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    # the user's skill: a workspace one may not move the run to a dearer model (mend104)
    fields = "model: opus\neffort: low\ndisallowed-tools: Write\n"
    skill(tmp_path / "home/.claude/skills", "fast", fields)
    turns = [
        {"tool_calls": [invoke("fast")]},
        {"tool_calls": [write("after.txt")]},
        {"text": DONE},
    ]
    result, calls, _ = await run(tmp_path, ws, turns)

    assert str(result.status) == "complete"
    settings = Settings()
    first, *later = calls
    assert first.body["model"] == settings.resolve_model(None)
    assert "output_config" not in first.body
    assert "Write" in {t["name"] for t in first.body["tools"]}
    assert len(later) == 2
    for call in later:
        assert call.body["model"] == settings.resolve_model("opus")
        assert call.body["output_config"]["effort"] == "low"
        assert "Write" not in {t["name"] for t in call.body["tools"]}
    [refused] = results(later[1])
    assert refused["is_error"] and "the skill fast removed it while it is active" in text_of(
        refused
    )
    assert not (ws / "after.txt").exists()

    # --model wins over the skill's, as over a forked skill's and an agent's
    ws2 = workspace(tmp_path / "two")
    skill(tmp_path / "two/home/.claude/skills", "fast", "model: opus\n")
    turns = [{"tool_calls": [invoke("fast")]}, {"text": DONE}]
    _, calls, _ = await run(tmp_path / "two", ws2, turns, model="haiku")
    assert {c.body["model"] for c in calls} == {settings.resolve_model("haiku")}


def test_what_a_skill_applies_survives_kill_9_and_resume(tmp_path: Path) -> None:
    """Invoked, then the process killed in its next model call: the resumed run still
    calls the skill's model, and the skill's hook still blocks."""
    ws, agents, home = workspace(tmp_path), tmp_path / "agents", tmp_path / "home"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND)
    marker = tmp_path / "marker"
    skill(home / ".claude/skills", "guard", guard_hooks(str(marker)) + "model: opus\n")
    hang = [{"tool_calls": [invoke("guard")]}, {"text": DONE, "latency_ms": HOUR}]
    slow = write_script(tmp_path / "slow.yaml", {"backend": hang})
    db = ws / ".coordinator" / "coordinator.db"
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--provider", "scripted")
    env = {"HOME": str(home)}
    proc = spawn("run", "Write the notes", *base, "--agent", "backend", "--script", slow, env=env)
    try:  # the skill's call done, the next model call in flight
        wait_for_event(db, "kind = 'tool_result' AND data LIKE '%Skill%'", proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=120)
    sid = rows(db, "SELECT id FROM sessions")[0][0]

    turns = [hang[0], {"tool_calls": [write("after.txt")]}, {"expect": NO, "text": DONE}]
    fast = write_script(tmp_path / "fast.yaml", {"backend": turns})
    done = coord("resume", sid, "--workspace", ws, "--script", fast, "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "complete"
    assert not (ws / "after.txt").exists()
    assert marker.read_text() == "ran\n"
    for view in ((), ("--json",), ("--transcript",)):  # the log reads the new event
        shown = coord("log", sid, "--workspace", ws, *view, env=env)
        assert shown.returncode == 0, shown.stderr
    events = Store.open(db).events(sid)
    models = [e.data["model"] for e in events if e.kind == "model_call"]
    settings = Settings()
    assert models == [settings.resolve_model(None), *[settings.resolve_model("opus")] * 2]
