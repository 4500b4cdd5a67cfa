"""Skills, memory, effort and initialPrompt: what an agent file adds to its context, seen in
the requests the real scripted provider receives, and memory written through the tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from kit import report, scripted, text_of, workspace

from coordinator.config import Settings
from coordinator.providers.anthropic import build_params
from coordinator.providers.base import ModelRequest
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras
from coordinator.runtime.preload import Preload, effort_supported
from coordinator.store.db import Store

DONE = report("Complete", "Done")


def agent(**extra: Any) -> AgentSpec:
    return AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        tools=["Read", "Glob"],
        body="You are the backend specialist.",
        extra=extra,
    )


def engine(tmp_path: Path, spec: AgentSpec, turns: list[dict[str, Any]]) -> tuple[Engine, Any]:
    ws = tmp_path / "ws" if (tmp_path / "ws").exists() else workspace(tmp_path)
    registry = Registry([spec])
    provider = scripted({"backend": turns})
    extras = session_extras(ws, Settings(), registry, home=tmp_path / "home")
    eng = Engine(
        registry=registry,
        provider=provider,
        store=Store.open(tmp_path / "s.db"),
        settings=Settings(),
        workspace=ws,
        hooks=extras.hooks,
        hook_env=extras.env,
        preload=extras.preload,
    )
    return eng, provider


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


async def test_skills_are_preloaded_user_before_project_and_missing_ones_named(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    write(ws / ".claude/skills/api-style/SKILL.md", "---\nname: api-style\n---\nProject style")
    write(tmp_path / "home/.claude/skills/api-style/SKILL.md", "---\nname: x\n---\nUser style")
    write(ws / ".claude/skills/testing/SKILL.md", "Always write a test first.")
    spec = agent(skills=["api-style", "testing", "nope"])
    eng, provider = engine(tmp_path, spec, [{"text": DONE}])
    await eng.start("Add tasks", agent="backend")

    system = provider.model.calls[0].system
    assert "# Skill: api-style\n\nUser style" in system and "Project style" not in system
    assert "# Skill: testing (.claude/skills/testing/SKILL.md: a workspace file" in system
    assert '<skill name="testing"' in system  # quoted: an agent can write it
    assert "\nAlways write a test first.\n</skill boundary=" in system
    assert "name: x" not in system  # the skill's frontmatter is not part of its body
    [warning] = Preload(ws, home=tmp_path / "home").warnings(spec, "claude-sonnet-5-5")
    assert "skill 'nope' not found" in warning and ".claude/skills/nope/SKILL.md" in warning


async def test_project_memory_is_read_and_written_through_the_file_tools(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    memory = ws / ".claude/agent-memory/backend/MEMORY.md"
    write(memory, "- tasks live in app/models/task.py\n")
    spec = agent(memory="project")
    update = {
        "name": "Edit",
        "input": {
            "file_path": ".claude/agent-memory/backend/MEMORY.md",
            "old_string": "task.py\n",
            "new_string": "task.py\n- owners are users\n",
        },
    }
    turns = [{"tool_calls": [update]}, {"text": DONE}]
    eng, provider = engine(tmp_path, spec, turns)
    await eng.start("Add tasks", agent="backend")

    call = provider.model.calls[0]
    assert "tasks live in app/models/task.py" in call.system
    assert ".claude/agent-memory/backend/MEMORY.md" in call.system
    assert {"Read", "Write", "Edit", "Glob"} <= set(call.tools)  # as Claude Code adds them
    assert memory.read_text() == "- tasks live in app/models/task.py\n- owners are users\n"


async def test_user_memory_is_read_but_cannot_be_written(tmp_path: Path) -> None:
    home_memory = tmp_path / "home/.claude/agent-memory/backend/MEMORY.md"
    write(home_memory, "prefers small commits")
    target = str(home_memory)
    spec = agent(memory="user").model_copy(update={"tools": ["Read", "Write"]})
    turns = [
        {"tool_calls": [{"name": "Write", "input": {"file_path": target, "content": "x"}}]},
        {"expect": "outside the workspace", "text": DONE},
    ]
    eng, provider = engine(tmp_path, spec, turns)
    await eng.start("Add tasks", agent="backend")
    provider.model.assert_complete()
    assert "prefers small commits" in provider.model.calls[0].system
    assert "read it here but not change it" in provider.model.calls[0].system
    assert home_memory.read_text() == "prefers small commits"


async def test_effort_is_sent_to_models_that_take_it_and_initial_prompt_leads(
    tmp_path: Path,
) -> None:
    spec = agent(effort="high", initialPrompt="Check the open tickets first.")
    spec = spec.model_copy(update={"model": "opus"})
    eng, provider = engine(tmp_path, spec, [{"text": DONE}])
    await eng.start("Add tasks", agent="backend")
    call = provider.model.calls[0]
    assert call.body["output_config"] == {"effort": "high"}
    assert text_of(call.messages[0]).startswith("Check the open tickets first.\n\nAdd tasks")


@pytest.mark.parametrize(
    ("model", "ok"),
    [
        ("claude-opus-4-5", True),
        ("claude-opus-4-6", True),
        ("claude-sonnet-4-6", True),
        ("claude-sonnet-5-5", True),
        ("claude-opus-5-5-20261001", True),
        ("claude-sonnet-4-5", False),
        ("claude-haiku-4-5", False),
        ("claude-3-7-sonnet-latest", False),
    ],
)
def test_effort_support_by_model(model: str, ok: bool) -> None:
    assert effort_supported(model) is ok


def test_effort_is_dropped_with_a_warning_for_haiku_and_not_sent(tmp_path: Path) -> None:
    preload = Preload(tmp_path, home=tmp_path)
    spec = agent(effort="max")
    assert preload.effort(spec, "claude-haiku-4-5") is None
    assert preload.warnings(spec, "claude-haiku-4-5") == [
        "agent backend: claude-haiku-4-5 takes no effort setting (ignored)"
    ]
    request = ModelRequest("backend", "claude-haiku-4-5", "s", [], [])
    assert "output_config" not in build_params(request)
    assert agent(effort="huge").extra["effort"] == "huge"
    assert preload.warnings(agent(effort="huge"), "claude-opus-5-5") == [
        "agent backend: unknown effort 'huge' (ignored)"
    ]


async def test_a_skill_is_found_by_its_frontmatter_name_personal_first(tmp_path: Path) -> None:
    """Claude Code names a skill by its SKILL.md ``name`` (the folder's name when it has
    none); a personal skill still wins over a project one of the same name."""
    ws = workspace(tmp_path)
    write(ws / ".claude/skills/conventions/SKILL.md", "---\nname: api-style\n---\nProject style")
    write(ws / ".claude/skills/tdd/SKILL.md", "---\nname: testing\n---\nTest first.")
    write(tmp_path / "home/.claude/skills/mine/SKILL.md", "---\nname: api-style\n---\nMy style")
    spec = agent(skills=["api-style", "testing"])
    eng, provider = engine(tmp_path, spec, [{"text": DONE}])
    await eng.start("Add tasks", agent="backend")

    system = provider.model.calls[0].system
    assert "# Skill: api-style\n\nMy style" in system and "Project style" not in system
    assert "# Skill: testing (.claude/skills/tdd/SKILL.md: " in system
    assert "\nTest first.\n</skill boundary=" in system
    assert Preload(ws, home=tmp_path / "home").warnings(spec, "claude-sonnet-5-5") == []
