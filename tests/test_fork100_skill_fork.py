"""fork100: a skill with ``context: fork`` invoked through the Skill tool runs as a sub-agent.

Claude Code's skills page: with ``context: fork`` the skill's content becomes the task of a
sub-agent of the ``agent`` type (``general-purpose`` by default, ``Explore``, ``Plan`` or a
custom one), its ``model``/``effort`` applying to that sub-agent, and its result returns
to the conversation. coord ran every skill inline. These run the real engine with the
real scripted provider (the ``anthropic`` SDK over its transport), real SKILL.md, agent and
settings files and a real SQLite store; the last one a real ``coord run`` killed with -9
while the sub-agent works, then ``coord resume``.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

from cli import coord, spawn
from kit import engine_with, report, rows, scripted, wait_for_event, workspace, write_script

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

DONE = report("Complete", "Root done")
FORKED = report("Complete", "FORK-ANSWER: three modules found")
SURVEY = (
    "---\nname: survey\ndescription: Survey the code\ncontext: fork\n{extra}---\n"
    "SURVEY-TASK on $ARGUMENTS\n"
)
BACKEND = "---\nname: backend\ndescription: Backend specialist\ndomain: backend\n---\nBackend.\n"
CALL = {"name": "Skill", "input": {"skill": "survey", "args": "app"}}
HOUR = 3_600_000


def skill(folder: Path, extra: str = "", name: str = "survey") -> Path:
    path = folder / name / "SKILL.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = SURVEY.format(extra=extra).replace("name: survey", f"name: {name}")
    path.write_text(text, encoding="utf-8")
    return path


def agent(name: str, tools: list[str] | None, domain: str = "backend") -> AgentSpec:
    return AgentSpec(
        name=name,
        description=f"{name} specialist",
        domain=domain,
        tools=tools,
        body=f"You are the {name} specialist.",
    )


def script(child: str = "backend", fork: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """backend (the root) invokes survey, then reports; ``child`` answers the fork's task."""
    root = [{"when": "Ship the", "tool_calls": [CALL]}, {"when": "Ship the", "text": DONE}]
    forked = [{"when": "SURVEY-TASK", **turn} for turn in fork or [{"text": FORKED}]]
    if child == "backend":
        return {"backend": [*root, *forked]}
    return {"backend": root, child: forked}


async def run(
    tmp_path: Path,
    ws: Path,
    roster: list[AgentSpec],
    agents: dict[str, Any],
    settings: Settings | None = None,
) -> tuple[Any, list[Any], Path]:
    """Run backend of ``roster`` on ``agents``' script: its result, every model call (their
    request bodies) and the store's file."""
    settings = settings or Settings()
    registry = Registry(roster)
    extras = session_extras(ws, settings, registry, home=tmp_path / "home", managed=None)
    provider = scripted(agents)
    db = tmp_path / "s.db"
    eng = engine_with(
        extras,
        registry=registry,
        provider=provider,
        store=Store.open(db),
        settings=settings,
        workspace=ws,
    )
    result = await eng.start("Ship the service", agent="backend")
    return result, provider.model.calls, db


def first_text(call: Any) -> str:
    content = call.messages[0]["content"]
    return content if isinstance(content, str) else "".join(b.get("text", "") for b in content)


def skill_result(calls: list[Any]) -> dict[str, Any]:
    """The Skill call's result as the root's next model call got it."""
    root = [c for c in calls if "Ship the" in first_text(c)]
    blocks = [b for b in root[-1].messages[-1]["content"] if b.get("type") == "tool_result"]
    [block] = blocks
    content = block["content"]
    text = content if isinstance(content, str) else "".join(c["text"] for c in content)
    return {"text": text, "is_error": bool(block.get("is_error"))}


def forked_calls(calls: list[Any]) -> list[Any]:
    return [c for c in calls if "SURVEY-TASK" in first_text(c)]


async def test_a_fork_skill_runs_as_a_sub_agent_whose_final_message_is_the_result(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills")
    result, calls, db = await run(tmp_path, ws, [agent("backend", None)], script())

    assert str(result.status) == "complete"
    [fork] = forked_calls(calls)
    task = first_text(fork)
    assert "SURVEY-TASK on app" in task and '<skill name="survey"' in task  # quoted: agent-written
    assert "Ship the service" not in task  # its own conversation, not the caller's
    got = skill_result(calls)
    assert not got["is_error"]
    assert "ran as a sub-agent (backend, run 2)" in got["text"]
    assert "FORK-ANSWER: three modules found" in got["text"]
    assert "SURVEY-TASK" not in got["text"]  # the skill's text went to the sub-agent only
    assert rows(db, "SELECT id, parent_run_id, status FROM runs ORDER BY id") == [
        (1, None, "complete"),
        (2, 1, "complete"),
    ]
    assert rows(db, "SELECT name, state FROM tool_calls") == [("Skill", "done")]
    # the session's spend counts the sub-agent's calls, as a consult's
    assert result.usage.total_tokens == sum(
        r[0] for r in rows(db, "SELECT input_tokens + output_tokens FROM runs")
    )


async def test_the_skill_model_and_effort_apply_to_the_sub_agent_only(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    # the user's skill: a workspace one may not raise its sub-agent's model (mend104)
    skill(tmp_path / "home/.claude/skills", "model: opus\neffort: low\n")
    result, calls, _ = await run(tmp_path, ws, [agent("backend", None)], script())

    assert str(result.status) == "complete"
    settings = Settings()
    [fork] = forked_calls(calls)
    assert fork.body["model"] == settings.resolve_model("opus")
    assert fork.body.get("output_config", {}).get("effort") == "low"
    root = [c for c in calls if c not in (fork,)]
    assert {c.body["model"] for c in root} == {settings.resolve_model(None)}
    assert all("output_config" not in c.body for c in root)


async def test_an_unknown_agent_or_model_is_an_error_result_naming_the_field(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "agent: nosuch\n")
    result, calls, db = await run(tmp_path, ws, [agent("backend", None)], script())
    assert str(result.status) == "complete"
    got = skill_result(calls)
    assert got["is_error"]
    assert (
        "skill 'survey' (.claude/skills/survey/SKILL.md) cannot run as a sub-agent" in got["text"]
    )
    assert "its agent: nosuch names no agent of the roster (backend)" in got["text"]
    assert forked_calls(calls) == []
    assert rows(db, "SELECT count(*) FROM runs") == [(1,)]

    ws2 = workspace(tmp_path / "two")
    skill(ws2 / ".claude/skills", "model: gpt-9\n")
    _, calls, _ = await run(tmp_path / "two", ws2, [agent("backend", None)], script())
    got = skill_result(calls)
    assert got["is_error"] and "its model: gpt-9 unknown model 'gpt-9'" in got["text"]


async def test_a_workspace_skill_may_not_fork_to_an_agent_with_more_tools(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "agent: ops\n")
    roster = [agent("backend", ["Read", "Skill"]), agent("ops", ["Read", "Bash"], "devops")]
    result, calls, _ = await run(tmp_path, ws, roster, script("ops"))

    assert str(result.status) == "complete"
    got = skill_result(calls)
    assert got["is_error"] and "has tools the invoking agent lacks (Bash)" in got["text"]
    assert forked_calls(calls) == []

    # the user's own skill (no agent can write it) names any agent of the roster
    home = tmp_path / "u"
    skill(home / "home/.claude/skills", "agent: ops\n")
    result, calls, _ = await run(home, workspace(home), roster, script("ops"))
    assert str(result.status) == "complete"
    [fork] = forked_calls(calls)
    assert {t["name"] for t in fork.body["tools"]} == {"Read", "Bash"}
    assert "FORK-ANSWER" in skill_result(calls)["text"]


async def test_explore_narrows_to_read_only_tools_and_agent_deny_rules_apply(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "agent: Explore\n")
    result, calls, _ = await run(tmp_path, ws, [agent("backend", None)], script())
    assert str(result.status) == "complete"
    [fork] = forked_calls(calls)
    assert {t["name"] for t in fork.body["tools"]} == {"Read", "Glob", "Grep"}

    there = tmp_path / "deny"
    ws2 = workspace(there)
    skill(ws2 / ".claude/skills", "agent: Explore\n")
    (ws2 / ".claude/settings.json").write_text(
        json.dumps({"permissions": {"deny": ["Agent(Explore)"]}})
    )
    result, calls, _ = await run(there, ws2, [agent("backend", None)], script())
    got = skill_result(calls)
    assert got["is_error"] and "the rule Agent(Explore)" in got["text"]
    assert forked_calls(calls) == []


async def test_a_fork_past_max_depth_is_refused_as_a_consult_is(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills")
    settings = Settings(max_depth=0)
    result, calls, _ = await run(tmp_path, ws, [agent("backend", None)], script(), settings)
    assert str(result.status) == "complete"
    got = skill_result(calls)
    assert got["is_error"] and "depth 1 > max_depth (0)" in got["text"]


def test_coord_log_shows_the_fork_as_a_child_of_its_caller(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND)
    skill(ws / ".claude/skills")
    path = write_script(tmp_path / "s.yaml", script())
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--provider", "scripted")
    ran = coord("run", "Ship the service", *base, "--agent", "backend", "--script", path, "--json")
    assert ran.returncode == 0, ran.stderr
    sid = json.loads(ran.stdout)["session"]
    log = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)
    [fork] = log["chain"]["forks"]
    assert fork["skill"] == "survey"
    assert (fork["run"]["agent"], fork["run"]["status"], fork["run"]["run"]) == (
        "backend",
        "complete",
        2,
    )
    tree = coord("log", sid, "--workspace", ws).stdout
    assert "Skill 'survey' forked" in tree
    assert tree.index("Skill 'survey' forked") < tree.rindex("backend  complete")


def test_a_fork_killed_mid_run_resumes_without_repeating_finished_work(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND)
    skill(ws / ".claude/skills")
    write = {"name": "Write", "input": {"file_path": "notes.md", "content": "forked\n"}}
    hang = [{"tool_calls": [write]}, {"text": FORKED, "latency_ms": HOUR}]
    slow = write_script(tmp_path / "slow.yaml", script(fork=hang))
    db = ws / ".coordinator" / "coordinator.db"
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--provider", "scripted")
    proc = spawn("run", "Ship the service", *base, "--agent", "backend", "--script", slow)
    try:  # the sub-agent's Write done, its next model call in flight
        wait_for_event(db, "kind = 'tool_result' AND data LIKE '%Write%'", proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=120)
    sid = rows(db, "SELECT id FROM sessions")[0][0]
    assert rows(db, "SELECT name, state FROM tool_calls ORDER BY name") == [
        ("Skill", "started"),
        ("Write", "done"),
    ]

    fast = write_script(tmp_path / "fast.yaml", script(fork=[hang[0], {"text": FORKED}]))
    done = coord("resume", sid, "--workspace", ws, "--script", fast, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "complete"
    assert (ws / "notes.md").read_text() == "forked\n"
    calls = rows(
        db,
        "SELECT r.id, COUNT(*) FROM events e JOIN runs r ON r.id = e.run_id"
        " WHERE e.kind = 'model_call' GROUP BY r.id ORDER BY r.id",
    )
    assert calls == [(1, 2), (2, 2)]  # nothing repeated: each call made once
    assert rows(db, "SELECT count(*) FROM tool_calls WHERE name = 'Write'") == [(1,)]
    assert rows(db, "SELECT name, state FROM tool_calls ORDER BY name") == [
        ("Skill", "done"),
        ("Write", "done"),
    ]
    [(result,)] = rows(db, "SELECT result FROM tool_calls WHERE name = 'Skill'")
    assert "FORK-ANSWER" in result
