"""claude104: what Claude Code's docs name and coord neither honoured nor said it ignores.

The settings reference's keys that change what a run does (``fallbackModel``,
``modelOverrides``, ``agent``, ``language``, ``alwaysThinkingEnabled``, ``worktree.baseRef``,
``worktree.sparsePaths``) were ignored in silence: each is now one warning naming its file
and what coord does instead (the interactive program's own keys, such as ``theme`` or
``outputStyle``, stay unsaid). A SKILL.md's ``shell: powershell`` had its commands run by
bash, and its ``paths`` were ignored in silence: such commands now stay as written with a
note, and ``coord run``'s notice names both fields. Real settings files, SKILL.md files,
``bwrap`` sandbox, the real engine and scripted provider.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import engine_with, report, scripted, workspace
from test_skill96_skill_tool import results, skill, text_of

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.runtime.permission_files import load_permissions
from coordinator.store.db import Store

DONE = report("Complete", "Done")
PWSH = (
    "---\nname: pwsh\ndescription: Windows things\nshell: powershell\n---\n"
    "Said: !`Get-ChildItem > listed.txt`\n"
)
LOCAL = (
    "---\nname: local\ndescription: Local things\npaths: ['src/**']\n---\nSaid: !`echo local-ran`\n"
)


def test_settings_keys_that_change_a_run_are_each_warned_once(tmp_path: Path) -> None:
    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / ".claude").mkdir(parents=True)
    project = ws / ".claude" / "settings.json"
    project.write_text(json.dumps({
        "fallbackModel": ["sonnet"], "modelOverrides": {"opus": "arn:x"}, "agent": "reviewer",
        "language": "French", "alwaysThinkingEnabled": True,
        "worktree": {"baseRef": "fresh", "sparsePaths": ["src"]},
        "theme": "dark", "outputStyle": "Explanatory",
    }))  # fmt: skip
    warnings = load_permissions(ws, home=home, managed=None).warnings
    said = {w.removeprefix(f"{project}: ").split(" is not read by coord: ")[0] for w in warnings}
    assert said == {
        "fallbackModel", "modelOverrides", "agent", "language", "alwaysThinkingEnabled",
        "worktree.baseRef", "worktree.sparsePaths",
    }  # fmt: skip
    assert all(" is not read by coord: " in w for w in warnings)
    project.write_text(json.dumps({"alwaysThinkingEnabled": False, "worktree": {}}))
    assert load_permissions(ws, home=home, managed=None).warnings == []


async def test_a_powershell_skills_commands_are_not_run_by_bash(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "pwsh", PWSH)
    skill(ws / ".claude/skills", "local", LOCAL)
    roster = Registry([AgentSpec(name="backend", description="Backend", body="Backend.")])
    settings = Settings(allow_bash=True)
    extras = session_extras(ws, settings, roster, home=tmp_path / "home", managed=None)
    turns: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "Skill", "input": {"skill": "pwsh"}}]},
        {"tool_calls": [{"name": "Skill", "input": {"skill": "local"}}]},
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
    result = await eng.start("Do it", agent="backend")

    assert str(result.status) == "complete"
    calls = provider.model.calls
    [pwsh] = results(calls[1])
    assert "Said: !`Get-ChildItem > listed.txt`" in text_of(pwsh)
    said = "its SKILL.md's shell is powershell, and coord runs skill commands with bash only"
    assert said in text_of(pwsh)
    assert not (ws / "listed.txt").exists()  # bash did not run it
    [local] = results(calls[2])
    assert "Said: local-ran" in text_of(local)  # a bash skill's command runs
    notice = extras.notice(roster, settings)
    assert "warning: skill 'pwsh' (" in "\n".join(notice) and any(
        "shell powershell: its commands are not run" in line for line in notice
    )
    assert any(
        "skill 'local' (" in line and "paths not applied: offered whatever files" in line
        for line in notice
    )
