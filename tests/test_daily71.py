"""daily71's walk through the paths day one does not take: a batch that leaves a session
waiting says how to answer it, ``coord mcp``'s tools name no CLI command in an unknown
agent's error and read as one line each, ``agents eval`` counts its misses in words."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from cli import coord
from kit import needs_mcp, write_agents, write_script

from coordinator.routing.evaluate import Case, EvalResult, Miss

REPO = Path(__file__).resolve().parents[1]
TOUR = REPO / "examples" / "tour-script.yaml"
#: What only a command line can use: a flag, or a ``coord`` command (test_mcp_tool_hints').
CLI_ONLY = re.compile(r"(?<![\w-])--[a-z]|\bcoord [a-z]")


def _waiting_batch(tmp_path: Path) -> str:
    """``coord run --batch`` at 80 columns of a request left waiting and one complete: its
    output (exit 3)."""
    batch = tmp_path / "tasks.yaml"
    batch.write_text(
        "- Add GET /tasks/{id} returning the owner's email\n"
        "- Add a GET /health/db endpoint that checks the database connection\n",
        encoding="utf-8",
    )
    ran = coord("run", "--batch", batch, "--script", TOUR, cwd=tmp_path, env={"COLUMNS": "80"})
    assert ran.returncode == 3, ran.stderr
    return ran.stdout


def test_a_batch_that_leaves_a_session_waiting_says_how_to_answer_it(tmp_path: Path) -> None:
    """The table says `waiting`; under it, the item's question and the command that answers
    it, as a single run's ``Answer with`` line (the --json item has them as ``hint``)."""
    out = _waiting_batch(tmp_path)
    waiting = re.search(r"^1 +([0-9a-f]{12}) +waiting", out, re.M)
    assert waiting, out
    sid = waiting.group(1)
    assert "#1 asks (q1): Which column is the owner's email" in out
    assert f'Answer with: coord resume {sid} --context "..."' in out
    assert "#2" not in out  # complete: nothing to do


def test_a_batchs_table_keeps_to_80_columns(tmp_path: Path) -> None:
    """The request is clipped to what the other columns leave (it kept 20 characters at
    least, and the row of a waiting backend session was 82 wide)."""
    out = _waiting_batch(tmp_path)
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert re.search(r"^1 .* Add GET\b", out, re.M), out


@needs_mcp
def test_an_unknown_agent_in_the_run_tool_names_the_tools_argument_not_a_command(
    tmp_path: Path,
) -> None:
    from mcp.server.mcpserver.exceptions import ToolError

    from coordinator.runtime.options import ModelChoice
    from coordinator.serve.mcp_server import build_server
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": "x"}]})
    choice = ModelChoice("scripted", script)
    options = ServiceOptions(tmp_path, agents_dirs=[agents], only=True, choice=choice)
    server = build_server(CoordinatorService(options))

    async def error_of(agent: str) -> str:
        with pytest.raises(ToolError) as caught:
            await server.call_tool("run", {"request": "Add tasks", "agent": agent})
        return str(caught.value)

    for agent in ("webb", "backen"):
        text = asyncio.run(error_of(agent))
        assert f"unknown agent: {agent}" in text
        assert not CLI_ONLY.search(text), text
        assert "`agent`" in text and "`route`" in text, text
    said = coord("run", "Add tasks", "--agent", "webb", "--agents-dir", agents, "--only",
                 "--script", script, cwd=tmp_path)  # fmt: skip
    assert "See `coord agents list`." in said.stderr  # the command line keeps its hint


@needs_mcp
def test_every_tool_description_reads_as_one_line(tmp_path: Path) -> None:
    """What a client (and its model) is shown of each tool: no docstring indentation."""
    from coordinator.serve.mcp_server import build_server
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    server = build_server(CoordinatorService(ServiceOptions(tmp_path)))
    tools = asyncio.run(server.list_tools())
    assert {t.name for t in tools} == {"route", "run", "resume", "sessions", "log"}
    for tool in tools:
        assert tool.description and "\n" not in tool.description, tool.description
        assert "  " not in tool.description, tool.description
    resume = next(t for t in tools if t.name == "resume")
    assert "waiting question; question (its id" in (resume.description or "")


def _result(misses: int) -> EvalResult:
    result = EvalResult(total=3, correct=3 - misses, accuracy=(3 - misses) / 3)
    case = Case(request="Add an index", expect=["database-engineer"])
    result.misses = [
        Miss(request=case.request, expect=case.expect, got="web", rank=2, score=1.0)
    ] * misses
    return result


@pytest.mark.parametrize(("misses", "title"), [(1, "1 miss"), (2, "2 misses")])
def test_agents_eval_counts_its_misses_in_words(misses: int, title: str) -> None:
    assert _result(misses).misses_title == title


def test_coord_log_json_says_how_to_continue_as_its_text_does(tmp_path: Path) -> None:
    """``coord log`` ends a waiting session with ``Answer with: …``; its --json has it as
    ``hint`` and as ``resume``, the argument list ``coord run --json`` gives; an ended
    session has neither (null), and the MCP ``log`` tool, whose client calls ``resume``,
    leaves them out."""
    import json

    ran = coord("run", "Add GET /tasks/{id} returning the owner's email", "--script", TOUR,
                "--json", cwd=tmp_path)  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    started = json.loads(ran.stdout)
    sid = started["session"]
    text = coord("log", sid, cwd=tmp_path)
    assert f'Answer with: coord resume {sid} --context "..."' in text.stdout
    logged = json.loads(coord("log", sid, "--json", cwd=tmp_path).stdout)
    assert logged["hint"] == f'Answer with: coord resume {sid} --context "..."'
    assert logged["resume"] == started["resume"]
    assert logged["resume"][-2:] == ["--context", "-"]
    answered = coord("resume", sid, "--context", "Use the email column", cwd=tmp_path)
    assert answered.returncode == 0, answered.stderr
    ended = json.loads(coord("log", sid, "--json", cwd=tmp_path).stdout)
    assert (ended["resume"], ended["hint"]) == (None, None)

    from coordinator.serve.service import CoordinatorService, ServiceOptions

    tool = CoordinatorService(ServiceOptions(tmp_path)).log(sid)
    assert "resume" not in tool and "hint" not in tool
    assert tool["session"] == sid


def test_agents_eval_against_another_roster_says_so_once_not_per_case(tmp_path: Path) -> None:
    """A cases file written for another roster (every case expects an agent this one lacks)
    named each absent agent on a line of its own: 63 lines for dev-0xfurai over the
    bundled agents. Now the first three, then one line counting the rest and the cases,
    with the flags that evaluate them against their own roster; --json keeps every one."""
    import json

    cases = tmp_path / "cases.yaml"
    names = [f"tech{n}-expert" for n in range(8)]
    cases.write_text(
        "".join(f"- {{request: Tune tech{n}, expect: {name}}}\n" for n, name in enumerate(names))
        + "- {request: Add a FastAPI endpoint, expect: fastapi-backend-expert}\n",
        encoding="utf-8",
    )
    shown = coord("agents", "eval", cases, cwd=tmp_path)
    said = [line for line in shown.stdout.splitlines() if line.startswith("warning: ")]
    assert len(said) == 4, shown.stdout
    assert said[0].startswith(f"warning: {cases}:1: entry 1: expected agent not in the roster")
    assert said[3] == (
        "warning: and 5 more like them (--json lists each): 8 of 9 cases"
        " expect agents this roster lacks; evaluate them with the roster they were written"
        " for (--agents-dir DIR --only)"
    )
    data = json.loads(coord("agents", "eval", cases, "--json", cwd=tmp_path).stdout)
    assert len(data["warnings"]) == 8
    assert data["cases_off_roster"] == 8


@pytest.mark.parametrize(
    "args", [("version",), ("-V",), ("run", "--version"), ("agents", "list", "--version")]
)
def test_a_guess_at_the_version_is_pointed_at_coord_version(
    args: tuple[str, ...], tmp_path: Path
) -> None:
    """``coord version`` said "did you mean sessions?", ``coord run --version`` "did you
    mean --json?": neither prints the version; the line names the option that does."""
    said = coord(*args, cwd=tmp_path)
    assert said.returncode == 4
    assert "`coord --version` prints the version" in said.stderr, said.stderr
    assert "sessions?" not in said.stderr and "--json?" not in said.stderr, said.stderr
    assert coord("--version").stdout.startswith("coord ")


async def test_a_resumed_runs_agent_span_names_its_model_as_the_first_did(
    tmp_path: Path,
) -> None:
    """What an auditor reads of a resumed session's trace: its agent span had the provider
    (set from the first model call) but no ``gen_ai.request.model``, which the span of the
    run's start has."""
    pytest.importorskip("opentelemetry.sdk")
    from kit import Harness, blocked
    from kit import report as report_text
    from test_otel import by_name, traced

    script = {
        "backend": [
            {"text": blocked("Tests", "Which test framework", "No tests yet")},
            {"expect": "A person answered", "text": report_text("Complete", "Done")},
        ]
    }
    h = Harness(tmp_path, script)
    rec, first = traced(h)
    started = await h.engine.start("Add an endpoint", agent="backend")
    rec.close()
    rec2, second = traced(h)
    await h.engine.resume(started.session_id, context="Use pytest.")
    rec2.close()
    h.close()
    before = by_name(first.get_finished_spans())["invoke_agent backend"].attributes or {}
    after = by_name(second.get_finished_spans())["invoke_agent backend"].attributes or {}
    assert before["gen_ai.request.model"]
    assert after.get("gen_ai.request.model") == before["gen_ai.request.model"]
    assert after["gen_ai.provider.name"] == before["gen_ai.provider.name"]
