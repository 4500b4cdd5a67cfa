"""tidy102: hooks' input ``effort`` only at the events Claude Code gives it at.

Claude Code's hooks reference (v2.1.133): ``effort: {"level": ...}`` (and
``$CLAUDE_EFFORT``) is present on tool-use events (PreToolUse, PostToolUse...), Stop and
SubagentStop, and absent on session-level events outside a tool-use context. compat100 gave
it at every event a run fired: a run's SubagentStart (before its first model call) and
InstructionsLoaded (its CLAUDE.md) too. Real engine, scripted provider (the ``anthropic``
SDK over its transport), a real SKILL.md, CLAUDE.md and settings file and a real hook script.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from test_compat100_skill_shell import agent, invoke, setup


async def test_effort_is_given_at_a_turns_events_only(tmp_path: Path) -> None:
    ws = setup(tmp_path)
    (ws / "CLAUDE.md").write_text("Be brief.\n", encoding="utf-8")
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
    turn = ("PreToolUse", "PostToolUse", "PostToolBatch", "Stop")
    outside = ("UserPromptSubmit", "SubagentStart", "InstructionsLoaded")
    hooks = {"hooks": {event: [{"hooks": [command]}] for event in (*turn, *outside)}}
    home = tmp_path / "home/.claude"
    home.mkdir(parents=True)
    (home / "settings.json").write_text(json.dumps(hooks), encoding="utf-8")
    await invoke(tmp_path, ws, agent(), bash=True)

    lines = [json.loads(line) for line in seen.read_text(encoding="utf-8").splitlines()]
    fired = {d["hook_event_name"]: d for d in lines}
    assert set(fired) == {*turn, *outside}
    for name in turn:
        assert fired[name]["effort"] == {"level": "low"}, name
        assert fired[name]["env_effort"] == "low", name
    for name in outside:
        assert "effort" not in fired[name], name
        assert fired[name]["env_effort"] is None, name
    assert fired["SubagentStart"]["agent_id"] == fired["Stop"]["agent_id"]  # (a run's events)
