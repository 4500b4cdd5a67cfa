"""The demo's whole chain through the real provider: ``coord run`` with an API key talks
HTTP to a loopback fake Messages API server that plays the demo scenario. Also: an outage
that outlasts the retries leaves the session resumable, and ``coord resume`` finishes it.
The key must never reach the output, the events or the database."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli import Ran
from cli import coord as run_coord
from fake_messages_server import FakeMessagesServer
from scenario_server import ScenarioServer

from coordinator.demo.demo import REQUEST, SAMPLE, SCENARIO

SECRET = "sk-ant-test-0123456789-SECRET"


@pytest.fixture
def scenario() -> Iterator[tuple[FakeMessagesServer, ScenarioServer]]:
    play = ScenarioServer(SCENARIO)
    with FakeMessagesServer(handler=play) as server:
        yield server, play


def coord(*args: str, cwd: Path) -> Ran:
    return run_coord(*args, cwd=cwd, env={"ANTHROPIC_API_KEY": SECRET})


def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws)
    return ws


def assert_secret_nowhere(ws: Path, *outputs: str) -> None:
    for out in outputs:
        assert SECRET not in out
    for path in (ws / ".coordinator").rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_demo_chain_through_the_real_provider(
    tmp_path: Path, scenario: tuple[FakeMessagesServer, ScenarioServer]
) -> None:
    server, play = scenario
    ws = workspace(tmp_path)
    proc = coord(
        "run", REQUEST, "-w", str(ws), "--base-url", server.base_url, "--json", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["status"] == "complete"
    assert "app/api/routes/tasks.py" in result["files"]
    assert "owner" in (ws / "app/api/routes/tasks.py").read_text(encoding="utf-8")
    play.model.assert_complete()

    agents = [r.headers["x-coordinator-agent"] for r in server.requests]
    assert agents[0] == "fastapi-backend-expert" and "database-engineer" in agents
    assert all(
        SECRET in (r.headers.get("x-api-key", "") + r.headers.get("authorization", ""))
        for r in server.requests
    )
    resumed = [
        r
        for r in server.requests
        if r.headers["x-coordinator-agent"] == "fastapi-backend-expert"
        and "[coordinator:resume]" in json.dumps(r.body)
    ]
    assert resumed, "the backend agent was resumed with the consultant's answer"

    log = coord("log", result["session"], "-w", str(ws), "--json", cwd=tmp_path)
    assert log.returncode == 0, log.stderr
    assert_secret_nowhere(ws, proc.stdout, proc.stderr, log.stdout)


def test_outage_leaves_the_session_resumable_then_resume_completes(
    tmp_path: Path, scenario: tuple[FakeMessagesServer, ScenarioServer]
) -> None:
    server, play = scenario
    ws = workspace(tmp_path)
    play.outage = 10_000  # every attempt fails: SDK retries, then our budget, then give up
    first = coord(
        "run", REQUEST, "-w", str(ws), "--base-url", server.base_url, "--json", cwd=tmp_path
    )
    assert first.returncode == 75, first.stderr
    result = json.loads(first.stdout)
    assert result["status"] == "interrupted"
    failed_calls = len(server.requests)
    assert failed_calls >= 3, "the SDK and our own budget retried"

    play.outage = 0
    # The session remembers its base URL: resume needs only the id.
    second = coord("resume", result["session"], "-w", str(ws), "--json", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["status"] == "complete"
    play.model.assert_complete()
    db = sqlite3.connect(ws / ".coordinator" / "coordinator.db")
    kinds = [k for (k,) in db.execute("SELECT kind FROM events ORDER BY seq")]
    assert "interrupted" in kinds and kinds[-1] == "completed"
    assert_secret_nowhere(ws, first.stdout, first.stderr, second.stdout, second.stderr)
