"""daily36: rough edges a demanding daily user of ``coord`` met (left by daily35), each
checked where the user meets it: a trace's attributes, a command's message and exit code."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from cli import coord
from kit import Harness, report, workspace, write_agents, write_script
from test_daily35 import RESUME, _waiting_scripted, no_key

from coordinator.errors import EXIT_USER_ERROR
from coordinator.store.rows import current_event_fields

__all__ = ["no_key"]  # the fixture, shared with daily35

# ---- a trace names the provider that ran, not the one a model run would have used -------


async def test_a_scripted_runs_trace_names_the_scripted_provider(tmp_path: Path) -> None:
    pytest.importorskip("opentelemetry.sdk")
    from test_otel import chain, traced

    h = Harness(tmp_path, chain())
    rec, exporter = traced(h)
    result = await h.engine.start("Add a task endpoint with the owner's email", agent="backend")
    rec.close()
    spans = exporter.get_finished_spans()
    named = {
        s.name.split()[0]: (s.attributes or {}).get("gen_ai.provider.name")
        for s in spans
        if s.name.startswith(("chat", "invoke_agent"))
    }
    assert named == {"chat": "scripted", "invoke_agent": "scripted"}
    stored = h.store.events(result.session_id)
    h.close()
    assert {e.data["provider"] for e in stored if e.kind in ("run_started", "model_call")} == {
        "scripted"
    }


def test_a_call_stored_before_providers_were_recorded_says_unknown() -> None:
    old = {"agent": "backend", "turn": 1, "model": "claude-sonnet-4-5"}
    assert current_event_fields("model_call", old)["provider"] == "unknown"
    assert current_event_fields("run_started", {"agent": "backend"})["provider"] == "unknown"
    assert "provider" not in current_event_fields("tool_call", {"agent": "backend"})


# ---- `-` reads standard input for every file flag that takes text, or is refused once --


def _scripted(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A workspace, the test team and a script answering backend's one call (the task it
    is given must hold the request: ``expect``)."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    turn = {"expect": "Add a FastAPI endpoint", "text": report("Complete")}
    script = write_script(tmp_path / "s.yaml", {"backend": [turn]})
    return ws, agents, script


@pytest.mark.parametrize("flag", ["--file", "--batch"])
def test_a_run_reads_its_request_or_batch_from_standard_input(tmp_path: Path, flag: str) -> None:
    ws, agents, script = _scripted(tmp_path)
    given = "Add a FastAPI endpoint" if flag == "--file" else "- Add a FastAPI endpoint\n"
    done = coord(
        "run", flag, "-", "--agent", "backend", "--agents-dir", agents, "--only",
        "--script", script, "--json", "-w", ws, stdin=given, cwd=ws,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # the script's `expect` saw the request
    assert '"status": "complete"' in done.stdout


def test_route_and_eval_read_standard_input_and_config_dash_is_refused_beside_them(
    tmp_path: Path,
) -> None:
    agents = write_agents(tmp_path / "agents")
    routed = coord("route", "--file", "-", "--agents-dir", agents, "--only", "--json",
                   stdin="Add an index to the users table", cwd=tmp_path)  # fmt: skip
    assert routed.returncode == 0 and json.loads(routed.stdout)["agent"] == "dba", routed.stderr
    cases = "- {request: Add an index to the users table, expect: dba}\n"
    evaluated = coord("agents", "eval", "-", "--agents-dir", agents, "--only", stdin=cases,
                      cwd=tmp_path)  # fmt: skip
    assert evaluated.returncode == 0, evaluated.stderr
    for args, what in [
        (("route", "--file", "-"), "the request"),
        (("agents", "eval", "-"), "the cases"),
        (("resume", "--context-file", "-"), "the answer"),
    ]:
        done = coord(*args, "--config", "-", stdin="x", cwd=tmp_path)
        assert done.returncode == EXIT_USER_ERROR
        assert done.stderr == f"error: --config - and {what} both read standard input: give one\n"


def test_a_script_from_standard_input_is_refused_in_one_line(tmp_path: Path) -> None:
    ws, agents, _ = _scripted(tmp_path)
    done = coord("run", "Add an endpoint", "--agents-dir", agents, "--script", "-", cwd=ws)
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr.startswith(
        "error: --script -: a script is read from a file (coord resume reads it again)\n"
    ), done.stderr


# ---- the MCP server's resume tool resumes a scripted session with the script it remembers


@pytest.mark.usefixtures("no_key")
def test_the_mcp_resume_tool_goes_on_with_the_sessions_remembered_script(
    tmp_path: Path,
) -> None:
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    ws, _ = _waiting_scripted(tmp_path)
    service = CoordinatorService(ServiceOptions(ws, agents_dirs=[tmp_path / "agents"]))
    (row,) = service.sessions()
    answered = asyncio.run(service.resume(row["session"], "Use the email column"))
    assert answered["status"] == "complete"  # the script's second turn: no key was needed


# ---- coord route's evidence lines fit a pipe's width, no item broken ---------------------

LONG = (
    "Add a FastAPI endpoint with pydantic validation, a SQLAlchemy model, an alembic"
    " migration, a pytest test, JWT auth and a React form with TypeScript"
)


@pytest.mark.parametrize("columns", [80, 50])
def test_route_wraps_its_matched_and_redirect_lines_to_the_pipes_width(
    tmp_path: Path, columns: int
) -> None:
    done = coord("route", LONG, cwd=tmp_path, env={"COLUMNS": str(columns)})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    top = lines[: next(i for i, line in enumerate(lines) if "candidates" in line)]
    assert [line for line in top if len(line) > columns] == []
    start = next(i for i, line in enumerate(top) if line.startswith("matched: "))
    rest = [line for line in top[start + 1 :] if line.startswith(" " * len("matched: "))]
    assert rest, top  # it did wrap, its further lines under its first item
    shown = " ".join(line.strip() for line in [top[start], *rest]).removeprefix("matched: ")
    assert '"SQLAlchemy model"' in shown and shown.endswith(", test")  # no item broken
    assert any(line.startswith("redirected from ") for line in top)


# ---- docs/scripted-provider.md shows a malformed script's errors as coord prints them ----

SCRIPTS = [
    "agents:\n  fastapi-backend-expert:\n    - text: one\n    - text: two\n    - tool_call: x\n",
    "agents:\n  x:\n    - tool_calls: [{input: {}}]\n",
    "agents:\n  x:\n    - text: a\n      usage: {input_tokens: lots}\n",  # tidy52
    "agents:\n  fastapi-backend-expert:\n"
    + "".join(f"    - text: {n}\n" for n in ("one", "two", "three", "four"))
    + "    - text: five: six\n",
]


def test_the_scripted_provider_docs_show_its_errors_as_printed(tmp_path: Path) -> None:
    doc = (Path(__file__).parents[1] / "docs" / "scripted-provider.md").read_text("utf-8")
    block = doc.split("## Errors in the script file", 1)[1].split("```")[1]
    shown = [line for line in block.splitlines() if line.startswith("error: ")]
    assert len(shown) == len(SCRIPTS)
    for text, expected in zip(SCRIPTS, shown, strict=True):
        (tmp_path / "script.yaml").write_text(text, "utf-8")
        done = coord("run", "Add an endpoint", "--script", "script.yaml",
                     "--agent", "fastapi-backend-expert", "-w", tmp_path, cwd=tmp_path)  # fmt: skip
        assert done.returncode == EXIT_USER_ERROR
        assert done.stderr == expected.replace("/home/me/project", str(tmp_path)) + "\n"


# ---- coord log --transcript --json: every kind one snake_case word -----------------------


@pytest.mark.usefixtures("no_key")
def test_the_transcripts_kinds_are_words_the_text_view_reads_with_spaces(tmp_path: Path) -> None:
    ws, _ = _waiting_scripted(tmp_path)
    assert coord(*RESUME, "-w", ws, cwd=ws).returncode == 0
    data = json.loads(coord("log", "--transcript", "--json", "-w", ws, cwd=ws).stdout)
    kinds = {entry["kind"] for entry in data["transcript"]}
    assert kinds == {"run", "to_agent", "assistant", "person"}, kinds
    shown = coord("log", "--transcript", "-w", ws, cwd=ws).stdout
    assert "[to agent] Add a FastAPI endpoint" in shown and "[person]" in shown
