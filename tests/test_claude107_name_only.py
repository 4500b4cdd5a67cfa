"""claude107: ``skillOverrides`` ``"name-only"`` lists a skill to Claude by its name alone,
as Claude Code's skills page says (to keep the listing short); coord listed its
description as for ``"on"``. A hiding entry in another file still wins (it only narrows).
Real engine, scripted provider over the ``anthropic`` SDK's transport, real files."""

from __future__ import annotations

import json
from pathlib import Path

from kit import workspace
from test_skill96_skill_tool import agent, results, run, skill, skill_schema, text_of


async def test_a_name_only_skill_is_listed_by_name_and_still_invocable(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "deploy", "---\ndescription: Ship to prod carefully\n---\nShip.\n")
    skill(ws / ".claude/skills", "lint", "---\ndescription: Lint the code\n---\nLint.\n")
    skill(ws / ".claude/skills", "gone", "---\ndescription: Never listed\n---\nGone.\n")
    home = tmp_path / "home" / ".claude"
    home.mkdir(parents=True)
    user = {"skillOverrides": {"deploy": "name-only", "gone": "name-only"}}
    (home / "settings.json").write_text(json.dumps(user), encoding="utf-8")
    local = {"skillOverrides": {"gone": "off"}}  # (hiding wins over name-only)
    (ws / ".claude/settings.local.json").write_text(json.dumps(local), encoding="utf-8")
    calls = [{"name": "Skill", "input": {"skill": "deploy"}}]
    _, sent = await run(tmp_path, ws, agent(None), calls)

    listed = str((skill_schema(sent[0]) or {}).get("description"))
    lines = [line for line in listed.splitlines() if line.startswith("- ")]
    deploy = next(line for line in lines if line.startswith("- deploy"))
    assert "Ship to prod" not in listed and deploy.startswith("- deploy ["), deploy
    assert any(line.startswith("- lint: Lint the code") for line in lines), listed
    assert not any(line.startswith("- gone") for line in lines), listed
    [result] = results(sent[1])
    assert "Ship." in text_of(result), text_of(result)
