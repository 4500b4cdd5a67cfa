"""review100: a forked skill (fork100) may not leave the invoking agent's limits behind.

A workspace SKILL.md is text agents can write; with ``context: fork`` it chooses who runs
its text. fork100 compared only the tool names, MCP servers and permission mode of the
agent it names with the invoking agent's: an agent whose file limits a tool
(``tools: Bash(git status:*)``, ``disallowedTools: Bash(rm:*)``) or guards it with hooks
could hand its work to an agent with the same tools and none of those limits. And
``agent: Explore`` narrowed the invoking agent to bare Read/Glob/Grep, dropping a
``Read(src/**)`` limit; a fork with no ``agent`` (Claude Code's general-purpose) ignored an
``Agent(general-purpose)`` deny rule. The real engine, scripted provider (the ``anthropic``
SDK over its transport), real SKILL.md and settings files, a real SQLite store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli import coord
from kit import blocked, git_init, workspace, write_script
from test_fork100_skill_fork import (
    BACKEND,
    FORKED,
    agent,
    forked_calls,
    run,
    script,
    skill,
    skill_result,
)

from coordinator.roster.spec import AgentSpec

GUARD = {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "true"}]}]}


def limited(**fields: Any) -> AgentSpec:
    """backend, the invoking agent, with the Skill tool and ``fields`` (its limits)."""
    spec = agent("backend", ["Read", "Skill", "Bash"])
    return spec.model_copy(update=fields)


async def refused_fork(tmp_path: Path, caller: AgentSpec, *, repo: bool = False) -> str:
    """The Skill call's error result when a workspace skill forks to ``ops`` (Read, Bash,
    no limits) from ``caller`` (in a git ``repo`` workspace); asserts no sub-agent ran."""
    ws = workspace(tmp_path)
    if repo:
        git_init(ws)
    skill(ws / ".claude/skills", "agent: ops\n")
    roster = [caller, agent("ops", ["Read", "Bash"], "devops")]
    result, calls, _ = await run(tmp_path, ws, roster, script("ops"))
    assert str(result.status) == "complete"
    assert forked_calls(calls) == []
    got = skill_result(calls)
    assert got["is_error"], got["text"]
    return str(got["text"])


async def test_a_workspace_skill_may_not_drop_the_callers_tool_specifiers(
    tmp_path: Path,
) -> None:
    caller = limited(tools=["Read", "Skill", "Bash(git status:*)"])
    text = await refused_fork(tmp_path, caller)
    assert "skill 'survey' (.claude/skills/survey/SKILL.md) cannot run as a sub-agent" in text
    assert "its agent: ops lacks the invoking agent's limits (tools: Bash(git status:*))" in text


async def test_a_workspace_skill_may_not_drop_the_callers_disallowed_tools(
    tmp_path: Path,
) -> None:
    text = await refused_fork(tmp_path, limited(disallowed_tools=["Bash(rm:*)"]))
    assert "lacks the invoking agent's limits (disallowedTools: Bash(rm:*))" in text


async def test_a_workspace_skill_may_not_drop_the_callers_hooks(tmp_path: Path) -> None:
    text = await refused_fork(tmp_path, limited(extra={"hooks": GUARD}))
    assert "its agent: ops runs other hooks than the invoking agent's" in text


async def test_the_same_limits_let_the_fork_run(tmp_path: Path) -> None:
    """An agent with the invoking agent's limits (or narrower ones) still runs the fork."""
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "agent: ops\n")
    caller = limited(
        tools=["Read", "Skill", "Bash(git status:*)", "Bash(git diff:*)"],
        disallowed_tools=["Bash(rm:*)"],
    )
    ops = agent("ops", ["Read", "Bash(git status:*)"], "devops").model_copy(
        update={"disallowed_tools": ["Bash(rm:*)", "Bash(mv:*)"]}
    )
    result, calls, _ = await run(tmp_path, ws, [caller, ops], script("ops"))
    assert str(result.status) == "complete"
    assert len(forked_calls(calls)) == 1
    assert "FORK-ANSWER" in skill_result(calls)["text"]


async def test_explore_keeps_the_callers_read_specifier(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    (ws / "src").mkdir()
    (ws / "src/app.py").write_text("x = 1\n")
    (ws / "secret.txt").write_text("SECRET-OUTSIDE-SRC\n")
    skill(ws / ".claude/skills", "agent: Explore\n")
    caller = agent("backend", ["Read(src/**)", "Grep", "Skill"])
    read = {"name": "Read", "input": {"file_path": "secret.txt"}}
    agents = script(fork=[{"tool_calls": [read]}, {"text": FORKED}])
    result, calls, _ = await run(tmp_path, ws, [caller], agents)
    assert str(result.status) == "complete"
    first, second = forked_calls(calls)
    assert {t["name"] for t in first.body["tools"]} == {"Read", "Grep"}
    answer = json.dumps(second.messages[-1]["content"])
    assert "SECRET-OUTSIDE-SRC" not in answer
    assert "allows Read only as Read(src/**)" in answer


async def test_an_agent_deny_on_general_purpose_refuses_a_fork_naming_no_agent(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills")  # no agent: Claude Code's general-purpose
    (ws / ".claude/settings.json").write_text(
        json.dumps({"permissions": {"deny": ["Agent(general-purpose)"]}})
    )
    result, calls, _ = await run(tmp_path, ws, [agent("backend", None)], script())
    assert str(result.status) == "complete"
    got = skill_result(calls)
    assert got["is_error"] and "the rule Agent(general-purpose)" in got["text"]
    assert forked_calls(calls) == []


def test_coord_log_shows_a_caller_waiting_on_its_fork_as_forked(tmp_path: Path) -> None:
    """A fork whose sub-agent waits for a person: its caller waits on it, shown ``forked``
    (fork100 showed it ``interrupted: resume continues it`` while the session waited)."""
    ws, agents = workspace(tmp_path), tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND)
    skill(ws / ".claude/skills")
    asks = {"when": "SURVEY-TASK", "text": blocked("database", "the table name")}
    turns = script()["backend"]
    path = write_script(tmp_path / "s.yaml", {"backend": [*turns[:2], asks, turns[2]]})
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--provider", "scripted")
    ran = coord("run", "Ship the service", *base, "--agent", "backend", "--script", path, "--json")
    assert ran.returncode == 3, ran.stderr
    sid = json.loads(ran.stdout)["session"]
    log = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)
    assert log["status"] == "waiting"
    assert log["chain"]["status"] == "forked"
    assert log["chain"]["forks"][0]["run"]["status"] == "blocked"
    tree = coord("log", sid, "--workspace", ws).stdout
    assert "backend  forked" in tree
    assert "interrupted" not in tree

    done = coord("resume", sid, "--workspace", ws, "--script", path, "--context", "users")
    assert done.returncode == 0, done.stderr
    log = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)
    assert (log["chain"]["status"], log["chain"]["forks"][0]["run"]["status"]) == (
        "complete",
        "complete",
    )


def test_the_transcript_names_a_forked_run_by_its_skill_not_as_a_consult(
    tmp_path: Path,
) -> None:
    ws, agents = workspace(tmp_path), tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND)
    skill(ws / ".claude/skills")
    path = write_script(tmp_path / "s.yaml", script())
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--provider", "scripted")
    ran = coord("run", "Ship the service", *base, "--agent", "backend", "--script", path, "--json")
    assert ran.returncode == 0, ran.stderr
    sid = json.loads(ran.stdout)["session"]
    shown = coord("log", sid, "--workspace", ws, "--transcript").stdout
    headings = [line for line in shown.splitlines() if line.startswith("── ")]
    assert [h.split(" (")[1].split(",")[0] for h in headings] == [
        "the request",
        "skill 'survey' forked by backend",
    ]


async def test_a_workspace_skill_may_not_fork_out_of_the_callers_worktree(
    tmp_path: Path,
) -> None:
    """An agent isolated in a worktree (``isolation: worktree``) may not hand its work to
    an agent that writes the workspace itself."""
    text = await refused_fork(tmp_path, limited(extra={"isolation": "worktree"}), repo=True)
    assert "writes the workspace itself, not a worktree as the invoking agent" in text
