"""``coord run`` / ``coord resume`` as a user runs them: real files and SQLite, in process;
a real second process where a lock must be held across processes."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from fake_messages_server import FakeMessagesServer, Recorded, Reply, message
from kit import (
    blocked,
    report,
    workspace,
    write_agents,
    write_script,
)

ROUTE = "router = 'tasks'\n"


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    return {
        "ws": ws,
        "agents": agents,
        "db": ws / ".coordinator" / "coordinator.db",
        "base": ["--workspace", ws, "--agents-dir", agents, "--only"],
    }


def run(setup: dict[str, Any], script: Path, *args: str | Path) -> Any:
    return coord("run", *args, *setup["base"], "--provider", "scripted", "--script", script)


def test_run_happy_chain_prints_json_and_exits_0(setup: dict[str, Any], tmp_path: Path) -> None:
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"text": blocked("Database", "Current User model schema")},
                {
                    "expect": "[coordinator:resume]",
                    "tool_calls": [
                        {
                            "name": "Write",
                            "input": {"file_path": "app/api/routes/tasks.py", "content": ROUTE},
                        }
                    ],
                },
                {"text": report("Complete", "Task endpoint", files="app/api/routes/tasks.py")},
            ],
            "dba": [{"text": "email: str\n" + report("Complete", "Schema")}],
        },
    )
    proc = run(setup, script, "Add a task endpoint", "--agent", "backend", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)  # nothing but JSON on stdout
    assert (out["status"], out["agent"], out["exit_code"]) == ("complete", "backend", 0)
    assert out["report"]["summary"] == "Task endpoint"
    assert out["files"] == ["app/api/routes/tasks.py"]
    assert (setup["ws"] / "app/api/routes/tasks.py").read_text() == ROUTE
    assert setup["db"].is_file()  # the default database lives in the workspace


def test_run_text_output_shows_the_tree_and_the_report(
    setup: dict[str, Any], tmp_path: Path
) -> None:
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"text": blocked("Database", "Current User model schema")},
                {"text": report("Complete", "Task endpoint")},
            ],
            "dba": [{"text": report("Complete", "Schema")}],
        },
    )
    proc = run(setup, script, "Add a task endpoint", "--agent", "backend")
    assert proc.returncode == 0, proc.stderr
    assert "Blocked on Database — Required: Current User model schema" in proc.stdout
    assert "resumed backend with dba's answer" in proc.stdout
    assert "✔ Complete: Task endpoint" in proc.stdout
    assert "**Status:** Complete" in proc.stdout
    # plain progress lines (not a TTY) go to stderr
    assert "backend blocked on database: Current User model schema" in proc.stderr


def test_routing_picks_the_agent_and_no_fit_is_a_user_error(
    setup: dict[str, Any], tmp_path: Path
) -> None:
    script = write_script(tmp_path / "s.yaml", {"dba": [{"text": report("Complete")}]})
    ok = run(setup, script, "Optimise the database schema and its indexes", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["agent"] == "dba"

    none = run(setup, script, "zzzz qqqq", "--json")
    assert none.returncode == 4
    assert json.loads(none.stdout)["exit_code"] == 4  # --json: the error as JSON too
    assert "error: no agent fits this request" in none.stderr
    assert "--agent NAME" in none.stderr
    assert "Traceback" not in none.stderr


def test_waiting_exits_3_and_resume_with_context_completes(
    setup: dict[str, Any], tmp_path: Path
) -> None:
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"text": blocked("Tests", "Which test framework", "No test setup")},
                {"expect": "Use pytest", "text": report("Complete", "With tests")},
            ]
        },
    )
    first = run(setup, script, "Add an endpoint with tests", "--agent", "backend")
    assert first.returncode == 3, first.stderr
    assert "Waiting for a person (question q1): backend needs tests context" in first.stdout
    assert "Required: Which test framework" in first.stdout
    session = json.loads(coord("sessions", "--json", "--workspace", setup["ws"]).stdout)[0]
    assert session["status"] == "waiting"
    here = f"--workspace {setup['ws']}"  # mend109: run from another folder
    assert f"coord resume {session['session']} {here} --context" in first.stdout

    answer = tmp_path / "answer.txt"
    answer.write_text("Use pytest with httpx.AsyncClient.", encoding="utf-8")
    done = coord(
        "resume", session["session"][:5], "--context-file", answer, "--workspace", setup["ws"]
    )
    assert done.returncode == 0, done.stderr
    assert "resumed backend with a person's answer" in done.stdout


def test_needs_review_exits_2(setup: dict[str, Any], tmp_path: Path) -> None:
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"text": report("Needs Review", "Check auth")}]}
    )
    proc = run(setup, script, "Add login", "--agent", "backend", "--json")
    assert proc.returncode == 2, proc.stderr
    assert json.loads(proc.stdout)["status"] == "needs_review"


def test_turn_limit_failure_exits_1(setup: dict[str, Any], tmp_path: Path) -> None:
    user_config = Path.home() / ".config" / "coordinator" / "config.yaml"  # budgets: not in ws
    user_config.parent.mkdir(parents=True)
    user_config.write_text("max_turns: 1\n")
    look = {"tool_calls": [{"name": "Glob", "input": {"pattern": "*"}}]}
    script = write_script(tmp_path / "s.yaml", {"backend": [look]})
    proc = run(setup, script, "Look around", "--agent", "backend", "--json")
    assert proc.returncode == 1, proc.stderr
    assert "turn limit" in json.loads(proc.stdout)["reason"]


class HeldModel:
    """A loopback Messages API whose second answer waits until the test releases it
    (``arrived`` is set when that call comes in); every other answer is immediate."""

    def __init__(self, first: str, later: str):
        self.first, self.later = first, later
        self.arrived, self.release = threading.Event(), threading.Event()
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, rec: Recorded) -> Reply:
        with self.lock:
            self.count += 1
            n = self.count
        if n == 1:
            return message(self.first)
        if n == 2:
            self.arrived.set()
            self.release.wait(timeout=120)  # a safety net only: the test releases it
        return message(self.later)


def test_two_concurrent_resumes_one_is_told_the_session_is_in_use(
    setup: dict[str, Any],
) -> None:
    held = HeldModel(blocked("Docs", "Where the docs live"), report("Complete"))
    with FakeMessagesServer(handler=held) as server:
        first = coord(
            "run", "Document the API", "--agent", "backend", *setup["base"],
            "--base-url", server.base_url, "--json",
        )  # fmt: skip
        assert first.returncode == 3, first.stderr
        sid = json.loads(first.stdout)["session"]
        args = ["resume", sid, "--context", "docs/", "--workspace", setup["ws"]]
        holder = spawn(*args)  # a real process: the lock is held across processes
        try:
            # once its model call is in flight it holds the session until released
            while not held.arrived.wait(timeout=0.05):
                assert holder.poll() is None, "the holder ended before calling the model"
            second = coord(*args, "--json")
        finally:
            held.release.set()
            _, err = holder.communicate(timeout=120)
    assert second.returncode == 4
    assert f"error: session {sid} is in use by another process" in second.stderr
    refused = json.loads(second.stdout)  # daily44: which session, and how to wait for it
    assert refused["session"] == sid and f"`coord log -f {sid}`" in refused["hint"]
    # ci47: its status, as a refused resume of an ended or not waiting session has it: a
    # CI job tells "another job drives it now, look again later" from a mistake
    assert refused["status"] == "running"
    assert holder.returncode == 0, err
    assert held.count == 2  # the refused resume never called the model


def test_resume_of_a_finished_or_unknown_session_is_a_clear_error(
    setup: dict[str, Any], tmp_path: Path
) -> None:
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    done = run(setup, script, "Add an endpoint", "--agent", "backend", "--json")
    sid = json.loads(done.stdout)["session"]
    again = coord("resume", sid, "--workspace", setup["ws"])
    assert again.returncode == 0  # ops103: its own outcome, said in one line
    assert f"session {sid} had already ended: complete at " in again.stderr
    unknown = coord("resume", "ffffffff", "--workspace", setup["ws"])
    assert unknown.returncode == 4
    assert "unknown session: ffffffff" in unknown.stderr
    assert "coord sessions" in unknown.stderr


def test_corrupt_database_is_one_clear_error_and_left_untouched(
    setup: dict[str, Any], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all\n" * 100)
    before = bad.read_bytes()
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    for args in (
        ["run", "Add an endpoint", "--agent", "backend", *setup["base"], "--db", bad],
        ["sessions", "--db", bad],
        ["log", "abc", "--db", bad],
    ):
        proc = (
            coord(*args, "--provider", "scripted", "--script", script)
            if args[0] == "run"
            else coord(*args)
        )
        assert proc.returncode == 4, proc.stderr
        assert f"error: {bad} is not a coordinator session database" in proc.stderr
        assert "Traceback" not in proc.stderr
    assert bad.read_bytes() == before


def test_missing_script_and_no_key_are_user_errors(setup: dict[str, Any]) -> None:
    proc = coord("run", "Add an endpoint", "--agent", "backend", *setup["base"])
    assert proc.returncode == 4
    assert "ANTHROPIC_API_KEY" in proc.stderr and "coord demo" in proc.stderr
