"""mend104: a SKILL.md agents can write lowers, never raises, what the invoking run spends.

Agents can write ``.claude/skills`` (project code, not a protected path). skillhooks101 and
fork100 applied any invoked skill's ``model`` and ``effort``, so a workspace SKILL.md with
``effort: max`` or ``model: opus`` raised the run that invoked it (inline) or the sub-agent
it forked, at odds with claude104's rule for ``effortLevel`` (a workspace file only lowers)
and the guide's "nothing an agent can write may widen its powers". Now an agent-writable
skill's ``effort`` applies only up to the run's own level and its ``model`` only when no
dearer than the run's own (by the price table); a user's skill keeps both. Real engine, the
real scripted provider (the ``anthropic`` SDK over its transport), real SKILL.md files and
a real SQLite store.
"""

from __future__ import annotations

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
FORKED = report("Complete", "FORK-ANSWER")
LEVEL = "---\nname: level\ndescription: Say the level\n---\nLevel now: ${CLAUDE_EFFORT}.\n"
SETTINGS = Settings()
SONNET, OPUS, HAIKU = (SETTINGS.resolve_model(m) for m in ("sonnet", "opus", "haiku"))


def skill_md(name: str, fields: str, *, fork: bool = False) -> str:
    context = "context: fork\n" if fork else ""
    return f"---\nname: {name}\ndescription: {name}\n{context}{fields}---\nTASK-{name}\n"


def backend(effort: str | None) -> AgentSpec:
    extra = {} if effort is None else {"effort": effort}
    return AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        body="You are the backend specialist.",
        model="sonnet",
        extra=extra,
    )


async def run(tmp_path: Path, ws: Path, spec: AgentSpec, turns: list[Any]) -> list[Any]:
    """Run ``spec`` on ``turns`` (its fork's turns answer the text ``TASK-``): every model
    call's request, in order."""
    roster = Registry([spec])
    extras = session_extras(ws, SETTINGS, roster, home=tmp_path / "home", managed=None)
    provider = scripted({"backend": turns})
    eng = engine_with(
        extras,
        registry=roster,
        provider=provider,
        store=Store.open(tmp_path / "s.db"),
        settings=SETTINGS,
        workspace=ws,
    )
    result = await eng.start("Check the level", agent="backend")
    assert str(result.status) == "complete"
    return list(provider.model.calls)


def invoke(name: str) -> dict[str, Any]:
    return {"tool_calls": [{"name": "Skill", "input": {"skill": name}}]}


def effort(call: Any) -> str | None:
    value = call.body.get("output_config", {}).get("effort")
    return None if value is None else str(value)


async def inline(tmp_path: Path, where: str, fields: str, own: str | None) -> tuple[Any, str]:
    """backend (effort ``own``, on sonnet) invokes skill ``deep`` (``fields``) from the
    ``where`` skills folder (``ws``: the workspace's; ``home``: the user's), then ``level``:
    the model call after, and the level ``${CLAUDE_EFFORT}`` told."""
    ws = workspace(tmp_path)
    folder = ws / ".claude/skills" if where == "ws" else tmp_path / "home/.claude/skills"
    skill(folder, "deep", skill_md("deep", fields))
    skill(ws / ".claude/skills", "level", LEVEL)
    turns = [invoke("deep"), invoke("level"), {"text": DONE}]
    calls = await run(tmp_path, ws, backend(own), turns)
    [told] = results(calls[2])
    return calls[2], text_of(told)


async def test_a_workspace_skill_cannot_raise_the_invoking_runs_effort(tmp_path: Path) -> None:
    after, told = await inline(tmp_path / "a", "ws", "effort: max\n", "low")
    assert effort(after) == "low"  # the run's own (skillhooks101 sent max)
    assert "Level now: low." in told
    # no effort of its own: the run works at the API's default, high; max is above it
    after, told = await inline(tmp_path / "b", "ws", "effort: xhigh\n", None)
    assert effort(after) is None and "Level now: high." in told
    # lowering is a workspace skill's to do
    after, told = await inline(tmp_path / "c", "ws", "effort: low\n", "high")
    assert effort(after) == "low" and "Level now: low." in told
    # a user's skill keeps its effort (no agent can write it)
    after, told = await inline(tmp_path / "d", "home", "effort: max\n", "low")
    assert effort(after) == "max" and "Level now: max." in told


async def test_a_workspace_skill_cannot_move_the_run_to_a_dearer_model(tmp_path: Path) -> None:
    after, _ = await inline(tmp_path / "a", "ws", "model: opus\n", None)
    assert after.body["model"] == SONNET  # opus costs more than the run's sonnet
    after, _ = await inline(tmp_path / "b", "ws", "model: haiku\n", None)
    assert after.body["model"] == HAIKU  # cheaper: applied
    after, _ = await inline(tmp_path / "c", "home", "model: opus\n", None)
    assert after.body["model"] == OPUS  # a user's skill keeps its model


async def forked(tmp_path: Path, where: str, fields: str) -> Any:
    """backend (no effort, on sonnet) invokes ``survey`` with ``context: fork`` and
    ``fields`` from the ``where`` skills folder: its sub-agent's model call."""
    ws = workspace(tmp_path)
    folder = ws / ".claude/skills" if where == "ws" else tmp_path / "home/.claude/skills"
    skill(folder, "survey", skill_md("survey", fields, fork=True))
    root = [
        {"when": "Check the", **invoke("survey")},
        {"when": "Check the", "text": DONE},
    ]
    calls = await run(tmp_path, ws, backend(None), [*root, {"when": "TASK-", "text": FORKED}])
    [sub] = [c for c in calls if "TASK-survey" in str(c.messages[0]["content"])]
    return sub


async def test_a_workspace_fork_skill_cannot_raise_its_sub_agent(tmp_path: Path) -> None:
    sub = await forked(tmp_path / "a", "ws", "model: opus\neffort: max\n")
    assert sub.body["model"] == SONNET and effort(sub) is None  # the agent's own
    sub = await forked(tmp_path / "b", "ws", "model: haiku\neffort: low\n")
    assert sub.body["model"] == HAIKU  # cheaper: applied (haiku takes no effort)
    sub = await forked(tmp_path / "c", "ws", "effort: medium\n")
    assert sub.body["model"] == SONNET and effort(sub) == "medium"  # lower: applied
    sub = await forked(tmp_path / "d", "home", "model: opus\neffort: max\n")
    assert sub.body["model"] == OPUS and effort(sub) == "max"  # a user's keeps both
