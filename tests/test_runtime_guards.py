"""The consult guards no other test reached: consult failed, no domain, the budget at consult
time, and a config ``domains:`` override naming no agent."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import Rig, team
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.config import Settings
from coordinator.errors import EXIT_USER_ERROR, UserError
from coordinator.runtime.consult import Consult, NoConsult, choose_consultant
from coordinator.runtime.state import RunState, SessionState
from coordinator.status import WaitReason
from protocols import AgentReport, Status


def _session(report_domain: str | None) -> tuple[AgentReport, SessionState]:
    registry = team()
    run = RunState(1, registry.get("backend"), "m", 0, 5, [])
    s = SessionState("s1", "Add an endpoint", Path("."), chain=[run])
    report_ = AgentReport(status=Status.BLOCKED, domain=report_domain, required="Schema")
    return report_, s


def test_a_blocked_report_without_a_domain_waits_for_a_person() -> None:
    report_, s = _session(None)
    choice = choose_consultant(report_, s, team(), Settings())
    assert choice == NoConsult(WaitReason.NO_DOMAIN, "the report names no Domain")


def test_guards_choose_the_specialist_or_say_why_not() -> None:
    report_, s = _session("database")
    assert choose_consultant(report_, s, team(), Settings()) == Consult(team().get("dba"))
    assert choose_consultant(report_, s, team("backend"), Settings()) == NoConsult(
        WaitReason.NO_SPECIALIST, "no specialist answers for database"
    )
    spent = choose_consultant(report_, s, team(), Settings(max_session_tokens=0))
    assert isinstance(spent, NoConsult) and spent.reason == WaitReason.BUDGET
    deep = choose_consultant(report_, s, team(), Settings(max_depth=0))
    assert isinstance(deep, NoConsult) and deep.reason == WaitReason.DEPTH


def test_a_domains_override_naming_no_agent_is_a_user_error_at_load(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="domains: database -> nosuch"):
        Rig(tmp_path, {}, domains={"database": "nosuch"})


def test_a_domains_override_naming_no_agent_is_one_line_at_the_cli(tmp_path: Path) -> None:
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend APIs\ntools: Glob\n---\nYou build APIs.\n",
        encoding="utf-8",
    )
    config = tmp_path / "config.yaml"
    config.write_text("domains: {database: nosuch}\n", encoding="utf-8")
    script = tmp_path / "script.yaml"
    script.write_text("agents: {backend: [{text: hi}]}\n", encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    args = ["run", "x", "--agent", "backend", "-w", str(ws), "--config", str(config)]
    args += ["--agents-dir", str(agents), "--only", "--provider", "scripted", "--script"]
    result = CliRunner().invoke(app, [*args, str(script)])
    assert result.exit_code == EXIT_USER_ERROR
    assert result.stderr.startswith("error: config domains: database -> nosuch: no agent")
    assert "Traceback" not in result.stderr
