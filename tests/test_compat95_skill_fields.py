"""compat95: a preloaded skill's invocation-time fields are said once, never applied.

Claude Code's skills page: ``context: fork`` (with ``agent``, ``background``) runs a skill
as a sub-agent, ``model`` and ``effort`` hold while it is active, ``hooks`` are registered
"when you or Claude invoke the skill", ``disallowed-tools`` narrows the tools while it is
active; its sub-agents page: an agent's ``skills:`` injects the skill's content ("the
inverse of running a skill in a subagent"). coord runs no skill as a sub-agent: a skill
reaches an agent as text, preloaded or given by its Skill tool (skill96). These tests run
the real engine with the real scripted provider (the ``anthropic`` SDK over its
transport), real SKILL.md files and a real command hook, and check that such a skill is
preloaded as text, that none of those fields changes the run, and that ``coord run``'s
notice says so once per skill (it said nothing before).
"""

from __future__ import annotations

from pathlib import Path

from kit import engine_with, report, scripted, workspace

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

DONE = report("Complete", "Done")
NOTE = "not applied: a skill reaches an agent as text"


def agent(name: str, *skills: str) -> AgentSpec:
    return AgentSpec(
        name=name,
        description=f"{name} specialist",
        domain=name,
        tools=["Read"],
        body=f"You are the {name} specialist.",
        extra={"skills": list(skills)},
    )


def skill(folder: Path, name: str, front: str, body: str) -> Path:
    path = folder / name / "SKILL.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\nname: {name}\n{front}---\n{body}\n", encoding="utf-8")
    return path


def forked(folder: Path, marker: Path) -> Path:
    """A skill setting every invocation-time field, its hook one that would leave
    ``marker``."""
    front = (
        "description: Audit the API\n"
        "context: fork\n"
        "agent: Explore\n"
        "background: false\n"
        "model: opus\n"
        "effort: max\n"
        "disallowed-tools: Read\n"
        "hooks:\n"
        "  PreToolUse:\n"
        "    - matcher: Read\n"
        "      hooks:\n"
        f"        - {{type: command, command: 'touch {marker}'}}\n"
    )
    return skill(folder, "audit", front, "AUDIT-STEPS: list every endpoint.")


async def test_a_forked_skill_is_preloaded_as_text_and_its_fields_change_nothing(
    tmp_path: Path,
) -> None:
    ws, home = workspace(tmp_path), tmp_path / "home"
    marker = tmp_path / "skill-hook-ran"
    path = forked(home / ".claude/skills", marker)
    spec = agent("backend", "audit")
    extras = session_extras(ws, Settings(), Registry([spec]), home=home, managed=None)
    provider = scripted(
        {
            "backend": [
                {"tool_calls": [{"name": "Read", "input": {"file_path": "README.md"}}]},
                {"text": DONE},
            ]
        }
    )
    eng = engine_with(
        extras,
        registry=Registry([spec]),
        provider=provider,
        store=Store.open(tmp_path / "s.db"),
        settings=Settings(),
        workspace=ws,
    )
    result = await eng.start("Add an endpoint", agent="backend")

    calls = provider.model.calls
    assert str(result.status) == "complete"
    # No sub-agent: the backend agent made both calls, on its own model, with Read offered.
    assert [c.agent for c in calls] == ["backend", "backend"]
    default = Settings().resolve_model(None)
    assert default != Settings().resolve_model("opus")
    assert {c.model for c in calls} == {default}
    assert "Read" in calls[0].tools
    assert "AUDIT-STEPS: list every endpoint." in calls[0].system
    assert not marker.exists()  # the skill's hook (the user's own: it would run) never ran
    assert not list(extras.hooks.every())  # nor was it registered
    notice = extras.notice(Registry([spec]), Settings())
    assert (
        f"warning: skill 'audit' ({path}) sets context: fork, agent: Explore, "
        "background: false, model: opus, effort: max, hooks, disallowed-tools: Read: "
        f"{NOTE}, preloaded in its system prompt by its skills: field"
    ) in "\n".join(notice)


def test_two_agents_preloading_one_skill_give_one_line(tmp_path: Path) -> None:
    ws, home = workspace(tmp_path), tmp_path / "home"
    forked(ws / ".claude/skills", tmp_path / "m")
    roster = Registry([agent("backend", "audit"), agent("frontend", "audit")])
    extras = session_extras(ws, Settings(), roster, home=home, managed=None)

    lines = [line for line in extras.notice(roster, Settings()) if NOTE in line]
    assert len(lines) == 1 and "skill 'audit' (" in lines[0]


def test_only_a_preloaded_skill_with_such_fields_gets_the_line(tmp_path: Path) -> None:
    """Display fields (argument-hint, user-invocable) say nothing; a skill kept out (only a
    person may invoke it) gets its own line, not this one."""
    ws, home = workspace(tmp_path), tmp_path / "home"
    front = "description: API style\nargument-hint: '[path]'\nuser-invocable: false\n"
    skill(home / ".claude/skills", "style", front, "STYLE.")
    skill(ws / ".claude/skills", "ship", "disable-model-invocation: true\nmodel: opus\n", "S")
    forked(ws / ".claude/skills", tmp_path / "m")
    spec = agent("backend", "style", "ship", "audit")
    extras = session_extras(ws, Settings(), Registry([spec]), home=home, managed=None)

    notice = extras.notice(Registry([spec]), Settings())
    assert any("skill 'ship' not preloaded" in line for line in notice)
    lines = [line for line in notice if NOTE in line]
    assert len(lines) == 1 and "skill 'audit' (" in lines[0]


def test_a_workspace_skills_value_is_shown_on_one_line_escaped(tmp_path: Path) -> None:
    ws, home = workspace(tmp_path), tmp_path / "home"
    front = 'model: "opus\\nwarning: all clear\\u001b[2J"\n'
    skill(ws / ".claude/skills", "odd", front, "ODD.")
    spec = agent("backend", "odd")
    extras = session_extras(ws, Settings(), Registry([spec]), home=home, managed=None)

    lines = [w for w in extras.notice(Registry([spec]), Settings()) if NOTE in w]
    assert len(lines) == 1
    assert "\n" not in lines[0] and "\x1b" not in lines[0]
    assert 'model: "opus warning: all clear\\x1b[2J"' in lines[0]
