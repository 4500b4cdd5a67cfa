"""compat81: a skill Claude may not invoke is not preloaded by an agent's ``skills:``.

Claude Code's sub-agents page: preloading "draws from the same set of skills Claude can
invoke", so a skill that sets ``disable-model-invocation: true`` cannot be preloaded, and
"if a listed skill is missing or disabled, for example by your organization's policy,
Claude Code skips it and logs a warning". Its skills page: a ``Skill(NAME)`` deny rule
(``Skill(NAME *)`` with any arguments, a bare ``Skill`` every skill) and a ``skillOverrides``
entry ``"off"``/``"user-invocable-only"`` take a skill out of that set. Seen in the system
prompt the real scripted provider receives and in ``coord run``'s notice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kit import engine_with, report, scripted, workspace

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import SessionExtras, session_extras
from coordinator.store.db import Store

DONE = report("Complete", "Done")


def agent(*skills: str) -> AgentSpec:
    return AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        tools=["Read"],
        body="You are the backend specialist.",
        extra={"skills": list(skills)},
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def skill(folder: Path, name: str, body: str, front: str = "") -> Path:
    return write(folder / name / "SKILL.md", f"---\nname: {name}\n{front}---\n{body}\n")


def extras_for(ws: Path, home: Path, spec: AgentSpec, managed: Path | None) -> SessionExtras:
    return session_extras(ws, Settings(), Registry([spec]), home=home, managed=managed)


async def system_of(tmp_path: Path, ws: Path, spec: AgentSpec, extras: SessionExtras) -> str:
    """The system prompt of the agent's first model call in a real engine run."""
    provider = scripted({"backend": [{"text": DONE}]})
    eng = engine_with(
        extras,
        registry=Registry([spec]),
        provider=provider,
        store=Store.open(tmp_path / "s.db"),
        settings=Settings(),
        workspace=ws,
    )
    await eng.start("Add an endpoint", agent="backend")
    return str(provider.model.calls[0].system)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    ws = workspace(tmp_path)
    home = tmp_path / "home"
    skill(home / ".claude/skills", "deploy", "DEPLOY-STEPS: push to prod.")
    skill(home / ".claude/skills", "deploy-canary", "CANARY-STEPS: push to one host.")
    skill(ws / ".claude/skills", "api-style", "API-STYLE: version every path.")
    return ws, home


@pytest.mark.parametrize(
    ("where", "rule", "kept"),
    [
        ("user", "Skill(deploy)", {"deploy"}),
        ("user", "Skill(deploy *)", {"deploy"}),  # NAME with any arguments: NAME too
        ("user", "Skill(deploy:*)", {"deploy"}),  # the legacy prefix form
        ("user", "Skill(deploy*)", {"deploy", "deploy-canary"}),
        ("project", "Skill", {"deploy", "deploy-canary", "api-style"}),  # all skills
        ("managed", "Skill(api-style)", {"api-style"}),
    ],
)
async def test_a_skill_deny_rule_keeps_the_skill_out_of_the_prompt_and_says_why(
    tmp_path: Path, setup: tuple[Path, Path], where: str, rule: str, kept: set[str]
) -> None:
    ws, home = setup
    files = {
        "user": home / ".claude/settings.json",
        "project": ws / ".claude/settings.json",
        "managed": tmp_path / "etc/managed-settings.json",
    }
    settings = write(files[where], json.dumps({"permissions": {"deny": [rule]}}))
    spec = agent("deploy", "deploy-canary", "api-style")
    extras = extras_for(ws, home, spec, files["managed"])
    system = await system_of(tmp_path, ws, spec, extras)

    markers = {"deploy": "DEPLOY-STEPS", "deploy-canary": "CANARY-STEPS", "api-style": "API-STYLE"}
    assert {name for name, mark in markers.items() if mark not in system} == kept
    notice = "\n".join(extras.notice(Registry([spec]), Settings()))
    for name in kept:
        assert (
            f"warning: agent backend: skill '{name}' not preloaded: the rule {rule} "
            f"(permissions.deny, {settings}:1) refuses it"
        ) in notice


async def test_an_ask_rule_keeps_it_out_too_and_an_allow_rule_changes_nothing(
    tmp_path: Path, setup: tuple[Path, Path]
) -> None:
    ws, home = setup
    block = {"permissions": {"ask": ["Skill(deploy)"], "allow": ["Skill(api-style)"]}}
    write(home / ".claude/settings.json", json.dumps(block))
    spec = agent("deploy", "api-style")
    system = await system_of(tmp_path, ws, spec, extras_for(ws, home, spec, None))
    assert "DEPLOY-STEPS" not in system and "API-STYLE" in system


async def test_a_rule_on_the_declared_name_covers_a_skill_found_by_its_folder(
    tmp_path: Path, setup: tuple[Path, Path]
) -> None:
    ws, home = setup
    write(ws / ".claude/skills/ship/SKILL.md", "---\nname: release\n---\nSHIP-STEPS\n")
    write(home / ".claude/settings.json", json.dumps({"permissions": {"deny": ["Skill(release)"]}}))
    spec = agent("ship")  # no skill declares "ship": the folder of that name is taken
    system = await system_of(tmp_path, ws, spec, extras_for(ws, home, spec, None))
    assert "SHIP-STEPS" not in system


@pytest.mark.parametrize("value", ["true", "yes", "On", "1"])
async def test_a_skill_only_a_person_may_invoke_is_not_preloaded(
    tmp_path: Path, setup: tuple[Path, Path], value: str
) -> None:
    ws, home = setup
    path = skill(
        home / ".claude/skills", "verify", "VERIFY-STEPS", f"disable-model-invocation: {value}\n"
    )
    spec = agent("verify", "api-style")
    extras = extras_for(ws, home, spec, None)
    system = await system_of(tmp_path, ws, spec, extras)
    assert "VERIFY-STEPS" not in system and "API-STYLE" in system
    notice = "\n".join(extras.notice(Registry([spec]), Settings()))
    assert (
        f"agent backend: skill 'verify' not preloaded: {path} sets disable-model-invocation "
        "(only a person may invoke it)"
    ) in notice


async def test_disable_model_invocation_false_still_preloads(
    tmp_path: Path, setup: tuple[Path, Path]
) -> None:
    ws, home = setup
    skill(home / ".claude/skills", "lint", "LINT-STEPS", "disable-model-invocation: false\n")
    spec = agent("lint")
    system = await system_of(tmp_path, ws, spec, extras_for(ws, home, spec, None))
    assert "LINT-STEPS" in system


async def test_skill_overrides_that_hide_a_skill_keep_it_out_from_any_file(
    tmp_path: Path, setup: tuple[Path, Path]
) -> None:
    ws, home = setup
    local = write(
        ws / ".claude/settings.local.json",
        json.dumps({"skillOverrides": {"deploy": "off", "deploy-canary": "name-only"}}),
    )
    write(
        home / ".claude/settings.json",
        json.dumps({"skillOverrides": {"api-style": "user-invocable-only"}}),
    )
    write(ws / ".claude/settings.json", json.dumps({"skillOverrides": {"api-style": "on"}}))
    spec = agent("deploy", "deploy-canary", "api-style")
    extras = extras_for(ws, home, spec, None)
    system = await system_of(tmp_path, ws, spec, extras)
    # a workspace file's "on" does not bring back what the user's own file hid
    assert "DEPLOY-STEPS" not in system and "API-STYLE" not in system
    assert "CANARY-STEPS" in system  # name-only: still Claude's to invoke
    notice = "\n".join(extras.notice(Registry([spec]), Settings()))
    assert f"skill 'deploy' not preloaded: skillOverrides.deploy is \"off\" ({local})" in notice


async def test_a_bad_skill_overrides_value_is_one_warning(
    tmp_path: Path, setup: tuple[Path, Path]
) -> None:
    ws, home = setup
    user = write(
        home / ".claude/settings.json", json.dumps({"skillOverrides": {"deploy": "hidden"}})
    )
    spec = agent("deploy")
    extras = extras_for(ws, home, spec, None)
    assert "DEPLOY-STEPS" in await system_of(tmp_path, ws, spec, extras)
    assert any(
        w.startswith(f"{user}: skillOverrides.deploy: 'hidden' is none of")
        for w in extras.permissions.warnings
    )


def test_plugin_skills_are_left_alone_by_skill_overrides() -> None:
    from coordinator.runtime.permissions import PermissionRules
    from coordinator.runtime.skill_rules import Override

    rules = PermissionRules(skill_overrides={"notes": Override("off", Path("/s.json"))})
    assert rules.refused_skill("kit:notes") is None
    assert rules.refused_skill("notes") is not None
