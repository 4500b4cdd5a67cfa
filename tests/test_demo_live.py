"""``coord demo`` with an API key: the same scenario, live, on the real SDK against a loopback
fake Messages API (``ANTHROPIC_BASE_URL``); without a key or with ``--offline``, the scripted
scenario and no HTTP call. Whatever the model does, the demo ends with its chain shown and
the temporary project removed."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from cli import Ran, coord
from fake_messages_server import FakeMessagesServer, Recorded, Reply, error, message
from kit import report
from scenario_server import ScenarioServer

from coordinator.demo.demo import SCENARIO
from coordinator.demo.launch import LIVE_BUDGET_USD, OFFLINE_END

SECRET = "sk-ant-demo-live-0123456789-SECRET"


@pytest.fixture
def scenario() -> Iterator[tuple[FakeMessagesServer, ScenarioServer]]:
    play = ScenarioServer(SCENARIO)
    with FakeMessagesServer(handler=play) as server:
        yield server, play


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the demo makes its temporary sample project (empty once it is removed)."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def live(*args: str | Path, base_url: str, key: str | None = SECRET) -> Ran:
    env = {"ANTHROPIC_BASE_URL": base_url}
    if key is not None:
        env["ANTHROPIC_API_KEY"] = key
    return coord("demo", *args, env=env)


def test_with_a_key_the_demo_plays_its_scenario_live_through_the_sdk(
    tmp_path: Path, scenario: tuple[FakeMessagesServer, ScenarioServer]
) -> None:
    server, play = scenario
    ws = tmp_path / "demo"
    ran = live("--workspace", ws, "--json", base_url=server.base_url)
    assert ran.returncode == 0, ran.stderr
    first = ran.stderr.splitlines()[0]
    assert first.startswith("Live: the demo runs on the Anthropic API"), first
    assert f"${LIVE_BUDGET_USD:.2f}" in first and "coord demo --offline" in first
    out = json.loads(ran.stdout)
    assert (out["status"], out["agent"]) == ("complete", "fastapi-backend-expert")
    assert out["files"] == ["app/api/routes/tasks.py", "app/main.py"]
    play.model.assert_complete()  # every scripted turn was asked for over HTTP
    agents = [r.headers["x-coordinator-agent"] for r in server.requests]
    assert agents[0] == "fastapi-backend-expert" and "database-engineer" in agents
    sent = [
        r.headers.get("x-api-key", "") + r.headers.get("authorization", "") for r in server.requests
    ]
    assert all(SECRET in key for key in sent)  # the user's key, not a placeholder
    assert all(r.path == "/v1/messages" for r in server.requests)

    log = json.loads(coord("log", out["session"], "--workspace", ws, "--json").stdout)
    (question,) = log["chain"]["questions"]
    assert (question["domain"], question["required"]) == ("database", "Current User model schema")
    assert question["consult"]["agent"] == "database-engineer"
    with closing(sqlite3.connect(ws / ".coordinator" / "coordinator.db")) as db:
        (options,) = db.execute("SELECT options FROM sessions").fetchone()
    stored = json.loads(options)
    assert (stored["provider"], stored["script"], stored["demo"]) == (None, None, True)
    for path in (ws / ".coordinator").rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_offline_with_a_key_or_no_key_makes_no_http_call(
    tmp_path: Path, scenario: tuple[FakeMessagesServer, ScenarioServer]
) -> None:
    server, _ = scenario
    forced = live("--offline", "--workspace", tmp_path / "a", base_url=server.base_url)
    keyless = live("--workspace", tmp_path / "b", base_url=server.base_url, key=None)
    for ran in (forced, keyless):
        assert ran.returncode == 0, ran.stderr
        assert "Live:" not in ran.stderr
        assert "Blocked on Database — Required: Current User model schema" in ran.stdout
        assert " ".join(OFFLINE_END.split()) in " ".join(ran.stdout.split())
    assert server.requests == []


@pytest.mark.parametrize(("status", "code"), [("Complete", 0), ("Needs Review", 2)])
def test_a_live_model_that_never_blocks_still_ends_the_demo_cleanly(
    status: str, code: int, temp_root: Path
) -> None:
    """A real model may answer at once without asking the database specialist."""
    with FakeMessagesServer(handler=lambda rec: message(report(status, "Added it"))) as server:
        ran = live(base_url=server.base_url)
    assert ran.returncode == code, ran.stderr
    assert "fastapi-backend-expert" in ran.stdout and "Added it" in ran.stdout
    assert "Live: the specialists ran on the Anthropic Messages API" in ran.stdout
    assert "temporary sample project was removed" in ran.stdout
    assert "Traceback" not in ran.stderr
    assert len(server.requests) == 1 and list(temp_root.iterdir()) == []


def test_a_rejected_key_is_one_line_and_the_temporary_project_is_removed(
    temp_root: Path,
) -> None:
    def refuse(rec: Recorded) -> Reply:
        return error(401, "authentication_error", "invalid x-api-key")

    with FakeMessagesServer(handler=refuse) as server:
        ran = live(base_url=server.base_url)
    assert ran.returncode == 4, ran.stdout
    said = ran.stderr.splitlines()
    assert said[0].startswith("Live:")
    assert said[-2:] == [
        "error: the API rejected the key (401 authentication_error)",
        "set ANTHROPIC_API_KEY to a valid key (https://console.anthropic.com/settings/keys),"
        " or try the offline demo: coord demo --offline",
    ]  # nothing said of resuming a session whose project is gone
    assert "coord demo --offline" in ran.stderr  # the way on that does not ask the API again
    assert "Traceback" not in ran.stderr and SECRET not in ran.stderr + ran.stdout
    assert list(temp_root.iterdir()) == []


def test_an_outage_ends_the_demo_as_coord_run_ends_and_removes_the_project(
    temp_root: Path, scenario: tuple[FakeMessagesServer, ScenarioServer]
) -> None:
    server, play = scenario
    play.outage = 10_000  # every attempt fails: the SDK's retries, then coord's, then it stops
    ran = live(base_url=server.base_url)
    assert ran.returncode == 75, ran.stderr
    assert "the model API kept failing after 3 attempts" in ran.stdout
    assert "removed, and this session's record with it: there is nothing to resume" in (
        " ".join(ran.stdout.split())
    )
    assert len(server.requests) >= 3 and "Traceback" not in ran.stderr
    assert list(temp_root.iterdir()) == []


def test_the_live_demo_stops_at_its_budget(temp_root: Path) -> None:
    """One reply counted at more than the demo's budget: no second call, the session waits
    for a raised budget (exit 3, as coord run's), the demo ends with its chain shown."""
    costly = message(
        "Looking around.",
        tool_calls=[("Glob", {"pattern": "app/**/*.py"})],
        usage={"input_tokens": 2_000_000, "output_tokens": 10},
        model="claude-sonnet-5-5",
    )
    with FakeMessagesServer(handler=lambda rec: costly) as server:
        ran = live("--json", base_url=server.base_url)
    assert ran.returncode == 3, ran.stderr
    out = json.loads(ran.stdout)
    assert out["status"] == "waiting" and out["cost_usd"] > LIVE_BUDGET_USD
    assert f"max_session_cost is ${LIVE_BUDGET_USD:g}" in out["reason"]
    assert len(server.requests) == 1 and list(temp_root.iterdir()) == []


def test_a_bad_base_url_names_what_coord_demo_takes(temp_root: Path) -> None:
    """coord demo has no --base-url: the hint says to fix or unset the variable, or to play
    the scenario offline; nothing is called and no temporary project is left."""
    ran = live(base_url="ftp://models.example")
    assert ran.returncode == 4, ran.stdout
    error, hint = ran.stderr.splitlines()
    assert error == (
        "error: ANTHROPIC_BASE_URL: 'ftp://models.example' is not an http:// or https:// address"
    )
    assert hint.startswith("Set ANTHROPIC_BASE_URL to the Messages API's address")
    assert "--base-url" not in hint and "coord demo --offline" in hint
    assert list(temp_root.iterdir()) == []


def test_the_json_says_whether_the_model_was_called(tmp_path: Path, temp_root: Path) -> None:
    """``live``: whether ``cost_usd`` was charged to the key (offline it is only counted,
    the same keys otherwise); the key is in no file the demo leaves, the home's included."""
    with FakeMessagesServer(handler=lambda rec: message(report("Complete", "Added it"))) as server:
        charged = live("--json", base_url=server.base_url)
        counted = live("--offline", "--json", base_url=server.base_url)
    on, off = json.loads(charged.stdout), json.loads(counted.stdout)
    assert (on["live"], off["live"]) == (True, False)
    assert on["cost_usd"] > 0 and off["cost_usd"] > 0 and len(server.requests) == 1
    home = Path(os.environ["HOME"])
    for path in [*home.rglob("*"), *temp_root.rglob("*")]:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
