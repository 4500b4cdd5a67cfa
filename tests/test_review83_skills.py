"""review83: a skill the settings keep from Claude cannot reach an agent's ``skills:`` by
another of its names.

Claude Code names a personal or project skill by its folder (the SKILL.md ``name`` is only
a label: its skills page, "How a skill gets its command name"), a plugin's as
``PLUGIN:NAME``; it compares skill names ignoring case and compatibility forms. coord finds
a listed skill by its declared name too, and a bare name in the enabled plugins: a deny rule
or a ``skillOverrides`` entry on any name the skill goes by keeps it out. Plugin skills are
not affected by ``skillOverrides`` (the skills page). Seen in the system prompt of a real
engine run and in ``coord run``'s notice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kit import workspace
from test_compat81_skills import agent, extras_for, skill, system_of, write
from test_plugins62 import PID, install

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.runtime.skill_rules import names_skill

PLUGIN_RULES = "Version every API in its path."


def deny(home: Path, *rules: str) -> Path:
    return write(home / ".claude/settings.json", json.dumps({"permissions": {"deny": list(rules)}}))


@pytest.mark.parametrize(
    "settings",
    [
        {"permissions": {"deny": ["Skill(ship-it)"]}},
        {"permissions": {"ask": ["Skill(ship-it *)"]}},
        {"skillOverrides": {"ship-it": "off"}},
    ],
)
async def test_a_skill_listed_by_its_declared_name_is_kept_out_by_its_folders_name(
    tmp_path: Path, settings: dict[str, object]
) -> None:
    ws = workspace(tmp_path)
    home = tmp_path / "home"
    # Claude Code's name for this skill is its folder's, ship-it; "release" is its label
    write(ws / ".claude/skills/ship-it/SKILL.md", "---\nname: release\n---\nSHIP-STEPS\n")
    write(home / ".claude/settings.json", json.dumps(settings))
    spec = agent("release")
    extras = extras_for(ws, home, spec, None)
    assert "SHIP-STEPS" not in await system_of(tmp_path, ws, spec, extras)
    notice = "\n".join(extras.notice(Registry([spec]), Settings()))
    assert "agent backend: skill 'release' not preloaded: " in notice


FULLWIDTH = "\uff24\uff45\uff50\uff4c\uff4f\uff59"  # Deploy in fullwidth letters


@pytest.mark.parametrize("rule", ["Skill(DEPLOY)", f"Skill({FULLWIDTH})", "Skill(Deploy *)"])
async def test_a_rule_names_a_skill_whatever_its_letter_case_or_width(
    tmp_path: Path, rule: str
) -> None:
    ws = workspace(tmp_path)
    home = tmp_path / "home"
    skill(home / ".claude/skills", "deploy", "DEPLOY-STEPS")
    deny(home, rule)
    spec = agent("deploy")
    extras = extras_for(ws, home, spec, None)
    assert "DEPLOY-STEPS" not in await system_of(tmp_path, ws, spec, extras)


async def test_a_skill_overrides_key_in_another_letter_case_hides_the_skill(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    home = tmp_path / "home"
    skill(home / ".claude/skills", "deploy", "DEPLOY-STEPS")
    write(home / ".claude/settings.json", json.dumps({"skillOverrides": {"Deploy": "off"}}))
    spec = agent("deploy")
    extras = extras_for(ws, home, spec, None)
    assert "DEPLOY-STEPS" not in await system_of(tmp_path, ws, spec, extras)


def test_case_folding_keeps_the_rules_shapes() -> None:
    assert names_skill("deploy *", "Deploy")
    assert not names_skill("deploy *", "deploy-canary")  # NAME with arguments: not a prefix
    assert names_skill("backend-kit:*", "backend-kit:api-rules")  # a plugin's every skill
    assert names_skill("deploy:*", "deploy")  # the legacy NAME:* still NAME itself
    assert not names_skill("backend-kit:*", "other:api-rules")


@pytest.mark.parametrize("rule", ["Skill(backend-kit:api-rules)", "Skill(backend-kit:*)"])
async def test_a_plugins_skill_listed_by_its_bare_name_is_kept_out_by_its_plugin_name(
    tmp_path: Path, rule: str
) -> None:
    install()
    ws = workspace(tmp_path)
    home = Path.home()
    settings = {"enabledPlugins": {PID: True}, "permissions": {"deny": [rule]}}
    write(home / ".claude/settings.json", json.dumps(settings))
    for listed in ("api-rules", "backend-kit:api-rules"):
        spec = agent(listed)
        extras = extras_for(ws, home, spec, None)
        assert PLUGIN_RULES not in await system_of(tmp_path / listed, ws, spec, extras), listed


async def test_skill_overrides_leave_a_plugins_skill_listed_by_its_bare_name(
    tmp_path: Path,
) -> None:
    install()
    ws = workspace(tmp_path)
    home = Path.home()
    settings = {"enabledPlugins": {PID: True}, "skillOverrides": {"api-rules": "off"}}
    write(home / ".claude/settings.json", json.dumps(settings))
    spec = agent("api-rules")  # no personal or project api-rules: the plugin's
    assert PLUGIN_RULES in await system_of(tmp_path, ws, spec, extras_for(ws, home, spec, None))
