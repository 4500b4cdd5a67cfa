"""skills103: ``${CLAUDE_EFFORT}`` and hooks' ``effort`` give the level in force.

Claude Code's skills page: an invoked skill's ``effort`` "overrides the session effort level"
while the skill is active; ``${CLAUDE_EFFORT}`` is the effort level, and hooks get
``effort: {"level": ...}`` (and ``$CLAUDE_EFFORT``) at tool-use events. coord sent the
skill's effort to the model (skillhooks101) but told a later skill's text and the hooks the
agent's own level. Real engine, the real scripted provider (the ``anthropic`` SDK over its
transport), real SKILL.md and settings files, a real hook script and a real SQLite store.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kit import engine_with, report, scripted, workspace
from test_compat100_skill_shell import agent
from test_skill96_skill_tool import results, skill, text_of

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

DONE = report("Complete", "Done")
DEEP = "---\nname: deep\ndescription: Think hard\neffort: max\n---\nDEEP-TEXT\n"
LEVEL = "---\nname: level\ndescription: Say the level\n---\nLevel now: ${CLAUDE_EFFORT}.\n"


def hooks(tmp_path: Path) -> Path:
    """The user's PreToolUse hook noting each input (and ``$CLAUDE_EFFORT``)."""
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
    home = tmp_path / "home/.claude"
    home.mkdir(parents=True, exist_ok=True)
    settings = {"hooks": {"PreToolUse": [{"hooks": [command]}]}}
    (home / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return seen


async def test_a_skills_effort_is_the_level_later_skills_and_hooks_are_told(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    # the user's skill: a workspace one (agents can write it) may not raise the run's level
    # (mend104, tests/test_mend104_skill_spend.py)
    skill(tmp_path / "home/.claude/skills", "deep", DEEP)
    skill(ws / ".claude/skills", "level", LEVEL)
    seen = hooks(tmp_path)
    spec = agent()  # effort: low, on a model that takes one
    roster = Registry([spec])
    settings = Settings()
    extras = session_extras(ws, settings, roster, home=tmp_path / "home", managed=None)
    level = {"name": "Skill", "input": {"skill": "level"}}
    turns = [
        {"tool_calls": [level]},
        {"tool_calls": [{"name": "Skill", "input": {"skill": "deep"}}]},
        {"tool_calls": [level]},
        {"text": DONE},
    ]
    provider = scripted({"backend": turns})
    eng = engine_with(
        extras,
        registry=roster,
        provider=provider,
        store=Store.open(tmp_path / "s.db"),
        settings=settings,
        workspace=ws,
    )
    result = await eng.start("Check the level", agent="backend")

    assert str(result.status) == "complete"
    calls = provider.model.calls
    [before] = results(calls[1])
    [after] = results(calls[3])
    assert "Level now: low." in text_of(before)  # the agent's own
    assert "Level now: max." in text_of(after)  # deep's, in force
    assert calls[3].body["output_config"]["effort"] == "max"  # (sent: skillhooks101)
    lines = [json.loads(line) for line in seen.read_text(encoding="utf-8").splitlines()]
    told = [(d["tool_input"]["skill"], d["effort"]["level"], d["env_effort"]) for d in lines]
    assert told == [("level", "low", "low"), ("deep", "low", "low"), ("level", "max", "max")]
