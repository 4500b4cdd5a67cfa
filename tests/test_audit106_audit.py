"""What an auditor still could not read from coord (audit106): which person answered a
question (``coord resume --as``, else the workspace's git identity, else the OS user), in
the store, the tree and ``--json``; ``server.address``/``server.port`` on chat spans and
``gen_ai.agent.description`` on agent spans; the line of the settings file whose hook
blocked."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_script

AGENT = "---\nname: ops\ndescription: Runs commands.\ntools: Bash, Write\n---\nYou run commands.\n"


def _agents(tmp_path: Path) -> Path:
    agents = tmp_path / "agents"
    agents.mkdir(exist_ok=True)
    (agents / "ops.md").write_text(AGENT, encoding="utf-8")
    return agents


# ---- 1. who answered ----------------------------------------------------------------------

ASKS = {
    "ops": [
        {"text": blocked("Product", "Which plan name the page shows")},
        {"expect": "Pro", "text": report("Complete", "Named it")},
    ]
}


def _waiting(tmp_path: Path, ws: Path) -> tuple[str, list[str]]:
    """A session of agent ``ops`` in ``ws`` waiting for a person's answer: its id and the
    ``--db`` args."""
    common = ["--db", str(tmp_path / "s.db")]
    ran = coord(
        "run", "name the plan", "--agent", "ops", "--agents-dir", _agents(tmp_path), "--only",
        "--script", write_script(tmp_path / "script.yaml", ASKS), "--workspace", ws,
        "--json", *common,
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    return str(json.loads(ran.stdout)["session"]), common


def _answered(tmp_path: Path, ws: Path, *more: str, env: dict[str, str] | None = None) -> Any:
    """Answer the waiting session ``Pro`` (``more``: resume flags): its ``coord log --json``
    and its tree."""
    sid, common = _waiting(tmp_path, ws)
    done = coord("resume", sid, "--context", "Pro", "--workspace", ws, *more, *common, env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(coord("log", sid, "--json", *common).stdout)
    tree = coord("log", sid, *common, env={"COLUMNS": "300"}).stdout
    return data, tree


def _person(data: Any) -> tuple[Any, Any]:
    """The question's ``person`` and its ``resumed`` event's."""
    [question] = data["chain"]["questions"]
    [resumed] = [e for e in data["events"] if e["kind"] == "resumed"]
    assert question["answered_by"] == resumed["answered_by"] == "person"
    return question["person"], resumed["person"]


def test_resume_as_names_who_answered_in_the_log_and_its_json(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    data, tree = _answered(tmp_path, ws, "--as", "Olena Petrenko")
    assert _person(data) == ("Olena Petrenko", "Olena Petrenko")
    assert "resumed ops with a person's answer (Olena Petrenko)" in tree


def test_without_as_the_workspace_git_identity_answered(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    subprocess.run(["git", "init", "-q", str(ws)], check=True)
    for key, value in (("user.name", "Taras Shevchuk"), ("user.email", "taras@example.com")):
        subprocess.run(["git", "-C", str(ws), "config", key, value], check=True)
    data, tree = _answered(tmp_path, ws)
    who = "Taras Shevchuk <taras@example.com>"
    assert _person(data) == (who, who)
    assert f"with a person's answer ({who})" in tree


def test_without_git_identity_the_os_user_answered(tmp_path: Path) -> None:
    ws = workspace(tmp_path)  # no repository, and the test's HOME has no ~/.gitconfig
    env = {"LOGNAME": "mykola", "GIT_CONFIG_NOSYSTEM": "1"}
    data, _ = _answered(tmp_path, ws, env=env)
    assert _person(data) == ("mykola", "mykola")


def test_as_without_an_answer_is_refused_nothing_recorded(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    sid, common = _waiting(tmp_path, ws)
    before = json.loads(coord("log", sid, "--json", *common).stdout)["events"]
    refused = coord("resume", sid, "--as", "Olena", "--workspace", ws, *common)
    assert refused.returncode == 4
    assert "--as names who answers" in refused.stderr
    assert json.loads(coord("log", sid, "--json", *common).stdout)["events"] == before


def test_as_keeps_no_secret_and_one_line(tmp_path: Path) -> None:
    from coordinator.runtime.answerer import answering_person
    from coordinator.sanitize import register_secret

    register_secret("sk-ant-api03-abcdefghijklmnop")
    kept = answering_person(tmp_path, "Olena\nsk-ant-api03-abcdefghijklmnop")
    assert kept == "Olena [redacted]"


def test_a_resume_stored_before_audit106_reads_no_person() -> None:
    """A ``resumed`` event's array of schema 15 (no ``person``) reads it as null; the tree
    then says "a person's answer" as before."""
    from coordinator.store.payloads import expand

    run = {"id": 1, "agent": "ops", "model": "m", "depth": 0, "parent_run_id": None,
           "domain": None, "definition": None}  # fmt: skip
    old = ["person", "Pro"]
    assert expand("resumed", 1, old, {1: run}) == {
        "agent": "ops",
        "answered_by": "person",
        "answer": "Pro",
        "person": None,
    }


def test_an_mcp_resume_records_the_server_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The MCP ``resume`` tool takes no name (its model would choose one): the answer is
    the server's user's, as the workspace's git identity (else the OS user) says."""
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    ws = workspace(tmp_path)
    sid, common = _waiting(tmp_path, ws)
    monkeypatch.setenv("LOGNAME", "oksana")
    options = ServiceOptions(workspace=ws, db=common[1], agents_dirs=[_agents(tmp_path)])
    service = CoordinatorService(options)
    result = asyncio.run(service.resume(sid, "Pro"))
    assert result["status"] == "complete", result
    data = json.loads(coord("log", sid, "--json", *common).stdout)
    assert _person(data) == ("oksana", "oksana")
