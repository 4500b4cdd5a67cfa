"""tidy86: three leftovers of daily81 and review85.

Each test failed on the start commit fde0075a.
"""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import report, workspace, write_script

from coordinator.cli import views
from coordinator.events import ToolFinished, ToolRefused, ToolStarted

# ---- 1. a call its own tool refuses is one progress line -------------------------------

WORKER = "---\nname: worker\ndescription: Works.\ntools: Read, Write\n---\nWork.\n"


def _run_calls(tmp_path: Path, calls: list[dict[str, Any]]) -> Any:
    """``coord run`` (progress lines on stderr) of agent ``worker`` making ``calls`` in one
    turn, then reporting Complete; what it printed, its workspace and session id."""
    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "worker.md").write_text(WORKER, encoding="utf-8")
    script = write_script(
        tmp_path / "s.yaml", {"worker": [{"tool_calls": calls}, {"text": report("Complete")}]}
    )
    args = ["--workspace", ws, "--agents-dir", agents, "--only", "--script", script]
    ran = coord("run", "Do the work", "--agent", "worker", *args)
    return ran, ws, ran.stdout.split()[1]


def test_a_call_its_tool_refuses_is_one_progress_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Read outside the workspace and a Write of a protected file printed
    ``worker: Read ../elsewhere.txt`` and then ``worker: refused: Read ...``: two lines for
    one call (the tool decides after its start is said). Now the refusal alone; a call
    that ran keeps its start line; the log still has each call's events."""
    monkeypatch.setattr(views, "START_HOLD", 3600.0, raising=False)  # the next event decides
    (tmp_path / "elsewhere.txt").write_text("secret", encoding="utf-8")
    calls = [
        {"name": "Read", "input": {"file_path": "../elsewhere.txt"}},
        {"name": "Write", "input": {"file_path": ".mcp.json", "content": "{}"}},
        {"name": "Read", "input": {"file_path": "README.md"}},
    ]
    ran, ws, session = _run_calls(tmp_path, calls)
    assert ran.returncode == 0, ran.stderr
    lines = ran.stderr.splitlines()
    [outside] = [line for line in lines if "elsewhere.txt" in line]
    assert "worker: refused: Read ../elsewhere.txt (outside the workspace" in outside
    [protected] = [line for line in lines if ".mcp.json" in line]
    assert "worker: refused: Write .mcp.json (protected path" in protected
    [read] = [line for line in lines if "README.md" in line]
    assert read.endswith("worker: Read README.md")
    logged = json.loads(coord("log", session, "--json", cwd=ws).stdout)
    kinds = [e["kind"] for e in logged["events"]]
    assert kinds.count("tool_refused") == 2 and kinds.count("tool_result") == 3


class _Said(io.StringIO):
    """Progress output that tells a waiting test when a line is written."""

    def __init__(self) -> None:
        super().__init__()
        self.written = asyncio.Event()

    def write(self, s: str) -> int:
        self.written.set()
        return super().write(s)


async def test_a_running_calls_start_line_is_said_before_it_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The start line held for the call's outcome is said while the call still runs (a
    long command is shown running), once; its result adds no line."""
    monkeypatch.setattr(views, "START_HOLD", 0.0, raising=False)
    out = _Said()
    with views.ProgressLines(out) as progress:
        progress(ToolStarted("s1", 1, "worker", "t1", "Bash", "sleep 60"))
        assert out.getvalue() == ""  # held for its outcome
        await asyncio.wait_for(out.written.wait(), 60)
        assert out.getvalue() == "[s1]   worker: Bash sleep 60\n"
        progress(ToolFinished("s1", 1, "worker", "t1", "Bash", False, "done"))
    assert out.getvalue() == "[s1]   worker: Bash sleep 60\n"


def test_a_held_start_line_is_said_before_the_next_events_line() -> None:
    """Without a running loop the next event says it, in order; the end says the last."""
    out = io.StringIO()
    with views.ProgressLines(out) as progress:
        progress(ToolStarted("s1", 1, "worker", "t1", "Read", "a.txt"))
        progress(ToolStarted("s1", 1, "worker", "t2", "Read", "b.txt"))
    assert out.getvalue() == "[s1]   worker: Read a.txt\n[s1]   worker: Read b.txt\n"


async def test_a_refused_calls_timer_does_not_say_the_next_calls_start_early(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A call refused at once left its start line's timer running: when it fired it said
    the start line of the call held after it, before that call's own time (a call its
    tool refuses then had two lines). Its refusal now cancels it."""
    out = _Said()
    loop = asyncio.get_running_loop()
    with views.ProgressLines(out) as progress:
        monkeypatch.setattr(views, "START_HOLD", 0.0, raising=False)
        progress(ToolStarted("s1", 1, "worker", "t1", "Read", "../x"))
        refused = ToolRefused("s1", 1, "worker", "t1", "Read", "../x", "outside", "", "no")
        progress(refused)
        monkeypatch.setattr(views, "START_HOLD", 3600.0, raising=False)
        progress(ToolStarted("s1", 1, "worker", "t2", "Read", "b.txt"))
        passed = loop.create_future()
        loop.call_later(0.001, passed.set_result, None)  # after the first call's timer
        await passed
        assert "b.txt" not in out.getvalue()  # held for its outcome still
    assert out.getvalue().endswith("[s1]   worker: Read b.txt\n")


# ---- 3. coord route says the choice's evidence once -----------------------------------


def test_route_says_the_chosen_agents_evidence_once(tmp_path: Path) -> None:
    """``matched: trigger "API endpoint", api, endpoint, add`` and then the table's first
    row, the same agent with the same words. The table now lists the other candidates."""
    done = coord("route", "Add a /health endpoint to the API", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("→ fastapi-backend-expert")
    assert lines[1] == 'matched: trigger "API endpoint", api, endpoint, add'
    assert lines[2].strip() == "Other candidates"
    assert sum("fastapi-backend-expert" in line for line in lines) == 1
    assert sum('"API endpoint"' in line for line in lines) == 1
    assert any("devops-expert" in line and "2.02" in line for line in lines[3:])
    data = json.loads(
        coord("route", "--json", "Add a /health endpoint to the API", cwd=tmp_path).stdout
    )
    assert data["candidates"][0]["agent"] == "fastapi-backend-expert"  # --json: as it was


def test_route_keeps_the_agent_it_was_redirected_from_in_the_table(tmp_path: Path) -> None:
    """A redirected choice is not the table's first row: the agent that scored higher is
    still listed (the redirect line says why it was passed over), the chosen one is not."""
    request = "Add an alembic migration and a SQLAlchemy model to the FastAPI JWT auth service"
    done = coord("route", request, cwd=tmp_path, env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("→ database-engineer")
    assert lines[1].startswith("redirected from fastapi-backend-expert")
    table = lines[next(i for i, line in enumerate(lines) if "Other candidates" in line) :]
    assert any("fastapi-backend-expert" in line for line in table)
    assert not any("database-engineer" in line for line in table)
