"""compat100: an invoked skill's ``!`command``` and variables; hooks' input ``effort``.

Claude Code's skills page: each ``!`command``` (and a fenced block opened with
```` ```! ````) of an invoked skill runs before its text reaches Claude, the output in its
place; ``disableSkillShellExecution: true`` puts ``[shell command execution disabled by
policy]`` there instead; ``${CLAUDE_SESSION_ID}`` and ``${CLAUDE_EFFORT}`` are the session's
id and effort level. Its hooks reference: hooks fired in a model's turn get
``effort: {"level": ...}`` and ``$CLAUDE_EFFORT``. coord left the command as written and
the variables unsubstituted, and gave hooks no effort. These run the real engine with the
scripted provider (the ``anthropic`` SDK over its transport), real SKILL.md files, real
settings files, real ``bwrap`` commands and a real hook script.
"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Any

from kit import engine_with, report, scripted, workspace
from test_skill96_skill_tool import results, skill, text_of

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

DONE = report("Complete", "Done")
MODEL = "claude-opus-4-6"  # takes an effort setting
STATUS = (
    "---\nname: status\ndescription: The workspace's status\n---\n"
    "Marker: !`cat marker.txt`\n"
    "```!\necho fenced-one\necho fenced-two\n```\n"
    "Session ${CLAUDE_SESSION_ID} at effort ${CLAUDE_EFFORT}.\n"
    "Not run: KEY=!`touch nope.txt` stays.\n"
)


def agent(disallowed: list[str] | None = None, extra: dict[str, Any] | None = None) -> AgentSpec:
    return AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        tools=None,
        disallowed_tools=disallowed or [],
        body="You are the backend specialist.",
        model=MODEL,
        extra={"effort": "low", **(extra or {})},
    )


async def invoke(tmp_path: Path, ws: Path, spec: AgentSpec, *, bash: bool) -> tuple[Any, str]:
    """Run ``spec`` invoking skill ``status``: the session's result and the skill's text as
    the model got it."""
    roster = Registry([spec])
    settings = Settings(allow_bash=bash)
    extras = session_extras(ws, settings, roster, home=tmp_path / "home", managed=None)
    call = {"name": "Skill", "input": {"skill": "status"}}
    provider = scripted({"backend": [{"tool_calls": [call]}, {"text": DONE}]})
    eng = engine_with(
        extras,
        registry=roster,
        provider=provider,
        store=Store.open(tmp_path / "s.db"),
        settings=settings,
        workspace=ws,
    )
    result = await eng.start("Check the status", agent="backend")
    [block] = results(provider.model.calls[1])
    return result, text_of(block)


def setup(tmp_path: Path) -> Path:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "status", STATUS)
    (ws / "marker.txt").write_text("marker-7f3a\n", encoding="utf-8")
    return ws


async def test_an_invoked_skills_commands_run_and_its_variables_are_substituted(
    tmp_path: Path,
) -> None:
    ws = setup(tmp_path)
    result, text = await invoke(tmp_path, ws, agent(), bash=True)

    assert str(result.status) == "complete"
    assert "Marker: marker-7f3a" in text
    assert "!`cat marker.txt`" not in text
    assert "fenced-one\nfenced-two" in text
    assert "```!" not in text
    assert f"Session {result.session_id} at effort low." in text
    assert "KEY=!`touch nope.txt` stays." in text  # (no white space before the !: literal)
    assert not (ws / "nope.txt").exists()


async def test_without_allow_bash_a_command_stays_as_written_with_why(tmp_path: Path) -> None:
    ws = setup(tmp_path)
    skill(ws / ".claude/skills", "status", "---\nname: status\n---\nNow: !`touch ran.txt`\n")
    _, text = await invoke(tmp_path, ws, agent(), bash=False)

    assert "Now: !`touch ran.txt`" in text
    assert "coord did not run this skill command: shell commands are off" in text
    assert not (ws / "ran.txt").exists()


async def test_the_agents_own_bash_rules_and_the_settings_deny_rules_refuse_a_command(
    tmp_path: Path,
) -> None:
    ws = setup(tmp_path)
    body = "---\nname: status\n---\nA: !`touch a.txt`\nB: !`mkdir b`\nC: !`cat marker.txt`\n"
    skill(ws / ".claude/skills", "status", body)
    deny = {"permissions": {"deny": ["Bash(mkdir:*)"]}}
    (ws / ".claude/settings.json").write_text(json.dumps(deny), encoding="utf-8")
    _, text = await invoke(tmp_path, ws, agent(["Bash(touch:*)"]), bash=True)

    assert "A: !`touch a.txt`\n[coord did not run this skill command:" in text
    assert "B: !`mkdir b`\n[coord did not run this skill command:" in text
    assert "Bash(mkdir:*)" in text
    assert "C: marker-7f3a" in text
    assert not (ws / "a.txt").exists()
    assert not (ws / "b").exists()


async def test_an_agent_without_bash_runs_no_skill_command(tmp_path: Path) -> None:
    ws = setup(tmp_path)
    _, text = await invoke(tmp_path, ws, agent(["Bash"]), bash=True)

    assert "Marker: !`cat marker.txt`\n[coord did not run this skill command: this agent " in text


async def test_disable_skill_shell_execution_puts_the_placeholder_there(tmp_path: Path) -> None:
    ws = setup(tmp_path)
    off = {"disableSkillShellExecution": True}
    (ws / ".claude/settings.local.json").write_text(json.dumps(off), encoding="utf-8")
    _, text = await invoke(tmp_path, ws, agent(), bash=True)

    assert "Marker: [shell command execution disabled by policy]" in text
    assert "settings.local.json" in text
    assert "marker-7f3a" not in text
    assert "fenced-one" not in text


async def test_hooks_get_the_runs_effort_level_and_the_prompts_id(tmp_path: Path) -> None:
    ws = setup(tmp_path)
    seen = tmp_path / "seen.jsonl"
    hook = tmp_path / "hook.py"
    hook.write_text(
        "import json, os, sys\n"
        "data = json.load(sys.stdin)\n"
        "data['env_effort'] = os.environ.get('CLAUDE_EFFORT')\n"
        f"open({str(seen)!r}, 'a').write(json.dumps(data) + '\\n')\n",
        encoding="utf-8",
    )
    command = {"type": "command", "command": f"{sys.executable} {hook}"}
    events = ("UserPromptSubmit", "PreToolUse", "Stop")
    hooks = {"hooks": {event: [{"hooks": [command]}] for event in events}}
    home = tmp_path / "home/.claude"
    home.mkdir(parents=True)
    (home / "settings.json").write_text(json.dumps(hooks), encoding="utf-8")
    await invoke(tmp_path, ws, agent(), bash=True)

    lines = [json.loads(line) for line in seen.read_text(encoding="utf-8").splitlines()]
    fired = {d["hook_event_name"]: d for d in lines}
    prompt = fired.pop("UserPromptSubmit")  # (before any run: no model, no effort)
    assert "effort" not in prompt and prompt["env_effort"] is None
    assert "PreToolUse" in fired
    assert len(fired) >= 2  # (and the run's end: Stop)
    for data in fired.values():
        assert data["effort"] == {"level": "low"}
        assert data["env_effort"] == "low"
    ids = {d["prompt_id"] for d in lines}  # one prompt: the request's id, at every event
    assert len(ids) == 1 and str(uuid.UUID(ids.pop())) == prompt["prompt_id"]


async def preload(tmp_path: Path, ws: Path, spec: AgentSpec, *, bash: bool) -> tuple[Any, str]:
    """Run ``spec`` (which preloads skill ``status``) reporting at once: the session's
    result and the system prompt the model got."""
    roster = Registry([spec])
    settings = Settings(allow_bash=bash)
    extras = session_extras(ws, settings, roster, home=tmp_path / "home", managed=None)
    provider = scripted({"backend": [{"text": DONE}]})
    eng = engine_with(
        extras,
        registry=roster,
        provider=provider,
        store=Store.open(tmp_path / "s.db"),
        settings=settings,
        workspace=ws,
    )
    result = await eng.start("Check the status", agent="backend")
    system = provider.model.calls[0].body["system"]
    return result, "".join(b["text"] for b in system) if isinstance(system, list) else system


async def test_a_preloaded_skills_commands_run_at_its_runs_start(tmp_path: Path) -> None:
    ws = setup(tmp_path)
    (ws / "CLAUDE.md").write_text("Instructions: !`touch claude.txt`\n", encoding="utf-8")
    spec = agent(extra={"skills": ["status"]})
    result, system = await preload(tmp_path, ws, spec, bash=True)

    assert str(result.status) == "complete"
    assert "Marker: marker-7f3a" in system
    assert "fenced-one\nfenced-two" in system
    assert f"Session {result.session_id} at effort low." in system
    assert "Instructions: !`touch claude.txt`" in system  # (a CLAUDE.md runs nothing)
    assert not (ws / "claude.txt").exists()


async def test_a_preloaded_skills_command_is_refused_as_the_agents_bash_call(
    tmp_path: Path,
) -> None:
    ws = setup(tmp_path)
    skill(ws / ".claude/skills", "status", "---\nname: status\n---\nNow: !`touch ran.txt`\n")
    _, system = await preload(tmp_path, ws, agent(extra={"skills": ["status"]}), bash=False)

    assert "Now: !`touch ran.txt`" in system
    assert "coord did not run this skill command: shell commands are off" in system
    assert not (ws / "ran.txt").exists()
