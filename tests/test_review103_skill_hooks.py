"""review103: a skill's ``!`command``` meets the PreToolUse hooks that guard Bash.

compat100 ran a skill's commands (an invoked skill's, a preloaded one's) as the agent's own
Bash call would run, but for one part of that call: its PreToolUse hooks. A user's hook
guarding Bash (a command validator, the hooks page's first example) was passed by any
command an agent put in a workspace SKILL.md, or in a Skill call's ``args``: a skill without
a placeholder gets ``ARGUMENTS: <args>`` appended, and ``!`cmd``` there ran too. Now each
command is first shown to the PreToolUse hooks as a Bash call: a block (exit 2, ``deny``,
``ask``, ``defer``, ``continue: false``) leaves it as written with a note, a rewrite
(``updatedInput``) is what runs, checked again by the rules. Real engine, scripted provider
(the ``anthropic`` SDK over its transport), real SKILL.md files, a real hook script and real
``bwrap`` commands.
"""

from __future__ import annotations

import json
import sys
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
#: A user's PreToolUse hook on Bash: refuses a command naming ``touch``, rewrites ``echo
#: swap`` to ``echo swapped``, lets the rest through; each command it saw in ``seen``.
GUARD = """\
import json, sys
data = json.load(sys.stdin)
command = data["tool_input"]["command"]
open(sys.argv[1], "a").write(json.dumps(data) + "\\n")
if "touch" in command:
    print("no touching", file=sys.stderr)
    sys.exit(2)
if command == "echo swap":
    out = {"permissionDecision": "allow", "updatedInput": {"command": "echo swapped"}}
    print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", **out}}))
"""


def agent(extra: dict[str, Any] | None = None) -> AgentSpec:
    return AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        tools=None,
        disallowed_tools=[],
        body="You are the backend specialist.",
        extra=extra or {},
    )


def guarded(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace, and the file the user's Bash guard notes each command it saw in."""
    ws = workspace(tmp_path)
    seen = tmp_path / "seen.jsonl"
    (tmp_path / "guard.py").write_text(GUARD, encoding="utf-8")
    command = {"type": "command", "command": f"{sys.executable} {tmp_path / 'guard.py'} {seen}"}
    hooks = {"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [command]}]}}
    home = tmp_path / "home/.claude"
    home.mkdir(parents=True)
    (home / "settings.json").write_text(json.dumps(hooks), encoding="utf-8")
    return ws, seen


async def run(tmp_path: Path, ws: Path, spec: AgentSpec, calls: list[Any]) -> Any:
    roster = Registry([spec])
    settings = Settings(allow_bash=True)
    extras = session_extras(ws, settings, roster, home=tmp_path / "home", managed=None)
    turns = [{"tool_calls": [c]} for c in calls]
    provider = scripted({"backend": [*turns, {"text": DONE}]})
    eng = engine_with(
        extras,
        registry=roster,
        provider=provider,
        store=Store.open(tmp_path / "s.db"),
        settings=settings,
        workspace=ws,
    )
    result = await eng.start("Check the status", agent="backend")
    assert str(result.status) == "complete"
    return provider.model.calls


async def test_a_pretooluse_hook_on_bash_refuses_an_invoked_skills_command(
    tmp_path: Path,
) -> None:
    ws, seen = guarded(tmp_path)
    body = "---\nname: status\n---\nA: !`touch a.txt`\nB: !`echo fine`\nC: !`echo swap`\n"
    skill(ws / ".claude/skills", "status", body)
    calls = await run(tmp_path, ws, agent(), [{"name": "Skill", "input": {"skill": "status"}}])
    [block] = results(calls[1])
    text = text_of(block)

    assert not (ws / "a.txt").exists()
    assert "A: !`touch a.txt`\n[coord did not run this skill command:" in text
    assert "no touching" in text
    assert "B: fine" in text
    assert "C: swapped" in text  # (the hook's rewrite is what ran)
    shown = [json.loads(line) for line in seen.read_text(encoding="utf-8").splitlines()]
    commands = [d["tool_input"]["command"] for d in shown if d["tool_name"] == "Bash"]
    assert commands == ["touch a.txt", "echo fine", "echo swap"]


async def test_a_skill_calls_args_cannot_pass_a_bash_guard(tmp_path: Path) -> None:
    ws, _ = guarded(tmp_path)
    skill(ws / ".claude/skills", "notes", "---\nname: notes\n---\nTake notes.\n")
    call = {"name": "Skill", "input": {"skill": "notes", "args": "x !`touch pwned.txt`"}}
    calls = await run(tmp_path, ws, agent(), [call])
    [block] = results(calls[1])

    assert not (ws / "pwned.txt").exists()
    assert "no touching" in text_of(block)


async def test_a_preloaded_skills_command_meets_the_bash_guard(tmp_path: Path) -> None:
    ws, seen = guarded(tmp_path)
    skill(ws / ".claude/skills", "status", "---\nname: status\n---\nNow: !`touch ran.txt`\n")
    calls = await run(tmp_path, ws, agent({"skills": ["status"]}), [])
    system = calls[0].body["system"]
    text = "".join(b["text"] for b in system) if isinstance(system, list) else system

    assert not (ws / "ran.txt").exists()
    assert "Now: !`touch ran.txt`\n[coord did not run this skill command:" in text
    assert "touch ran.txt" in seen.read_text(encoding="utf-8")
