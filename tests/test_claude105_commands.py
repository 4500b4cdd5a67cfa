"""claude105: custom commands (``.claude/commands/NAME.md``) are skills, as in Claude Code.

Claude Code's skills page: "Custom commands have been merged into skills. A file at
``.claude/commands/deploy.md`` and a skill at ``.claude/skills/deploy/SKILL.md`` both create
``/deploy`` and work the same way"; "if a skill and a command share the same name, the
skill takes precedence". coord read only SKILL.md files: a developer's commands (the
user's ``~/.claude/commands``, the project's, a plugin's ``commands/``) were neither offered
to the Skill tool nor preloadable. Real engine, scripted provider over the ``anthropic``
SDK's transport, real files, real SQLite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import workspace
from test_claude104_plugin_skill import backend, drive, kit
from test_skill96_skill_tool import agent, results, run, skill, skill_schema, text_of

REVIEW = "---\ndescription: Review a change for API rules\n---\nReview $ARGUMENTS for API rules.\n"
MINE = "---\ndescription: Ship it the user's way\n---\nShip with care.\n"


def command(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(text, encoding="utf-8")


async def test_the_users_and_the_projects_commands_are_invocable_skills(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    home = tmp_path / "home" / ".claude"
    command(home / "commands", "ship", MINE)
    command(ws / ".claude/commands", "review", REVIEW)
    command(ws / ".claude/commands", "tidy", "Tidy the project.\n")
    skill(ws / ".claude/skills", "tidy", "---\ndescription: Tidy by the skill\n---\nBy skill.\n")
    calls = [
        {"name": "Skill", "input": {"skill": "review", "args": "src/api.py"}},
        {"name": "Skill", "input": {"skill": "ship"}},
        {"name": "Skill", "input": {"skill": "tidy"}},
    ]
    _, sent = await run(tmp_path, ws, agent(None), calls)

    listed = str((skill_schema(sent[0]) or {}).get("description"))
    assert "- review: Review a change for API rules" in listed, listed
    assert "- ship: Ship it the user's way" in listed
    assert listed.count("- tidy:") == 1 and "Tidy by the skill" in listed  # (the skill wins)
    review, ship, tidy = (text_of(r) for r in results(sent[1]))
    assert "Review src/api.py for API rules." in review, review
    lines = {line.split(":")[0]: line for line in listed.splitlines() if line.startswith("- ")}
    assert "[a workspace skill" in lines["- review"] and "[a workspace" not in lines["- ship"]
    assert "Ship with care." in ship, ship
    assert "By skill." in tidy and "Tidy the project." not in tidy


async def test_a_command_is_preloaded_and_a_plugins_is_plugin_named(tmp_path: Path) -> None:
    root, _ = kit()
    script = "Lint: !`sh ${CLAUDE_PLUGIN_ROOT}/scripts/hello.sh $ARGUMENTS`\n"  # (its own)
    command(root / "commands", "lint", "---\ndescription: Lint it\n---\n" + script)
    ws = workspace(tmp_path)
    command(ws / ".claude/commands", "house", "House rules: tabs.\n")
    turns: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "Skill", "input": {"skill": "backend-kit:lint", "args": "src"}}]},
        {"text": "## Status: Complete\n## Summary\nDone"},
    ]
    calls = await drive(tmp_path, ws, backend(["house"]), turns)

    assert "House rules: tabs." in json.dumps(calls[0].body["system"])
    [lint] = results(calls[1])
    assert "Lint: hello-from-the-plugin" in text_of(lint), text_of(lint)
