"""audit45: ``coord log`` says which files each agent changed and when the session ran,
a week after the run.

``coord run`` printed ``Files changed:`` once; ``coord log`` (the tree and ``--json``) had
only what each report *claimed* (``report.files``), so an auditor could not tell which agent
of a chain wrote what, nor that an agent changed a file its report left out. Its tree had no
date either (``coord sessions`` says ``7d``; ``--json`` an epoch number).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """backend writes a file, asks ops (which edits another), then writes one more; its
    report names only one of its two files. Built once: the tests only read it."""
    tmp_path = tmp_path_factory.mktemp("files")
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend", "ops")
    (agents / "ops.md").write_text(
        (agents / "ops.md").read_text().replace("tools: Read, Glob", "tools: Read, Edit"),
        encoding="utf-8",
    )
    write = {"name": "Write", "input": {"file_path": "app/new.py", "content": "x = 1\n"}}
    again = {"name": "Write", "input": {"file_path": "app/later.py", "content": "y = 2\n"}}
    same = {"name": "Write", "input": {"file_path": "app/new.py", "content": "x = 1\n"}}
    port = {"file_path": "app/main.py", "old_string": "Taskboard API", "new_string": "Tasks"}
    edit = {"name": "Edit", "input": port}
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"tool_calls": [write]},
                {"text": blocked("Devops", "The port")},
                {"tool_calls": [again, same]},
                {"text": report("Complete", "Done", files="app/new.py")},
            ],
            "ops": [{"tool_calls": [edit]}, {"text": report("Complete", "Port 8000")}],
        },
    )
    ran = coord("run", "Add the task service", "--workspace", ws, "--agents-dir", agents,
                "--only", "--agent", "backend", "--script", script, "--json")  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    out = json.loads(ran.stdout)
    return {"ws": ws, "session": out["session"], "run_files": out["files"]}


def test_the_tree_names_the_files_each_agent_changed(chain: dict[str, Any]) -> None:
    shown = coord("log", chain["session"], "--workspace", chain["ws"], env={"COLUMNS": "200"})
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    ops = next(i for i, line in enumerate(lines) if "ops  complete" in line)
    assert "files changed: app/main.py" in lines[ops + 1]
    backend = [line for line in lines if "files changed: app/new.py" in line]
    assert len(backend) == 1 and backend[0].endswith("files changed: app/new.py, app/later.py")
    assert "app/main.py" not in backend[0]  # ops's edit is its own, not the backend's


def test_log_json_has_each_runs_files_and_the_sessions_as_run_printed_them(
    chain: dict[str, Any],
) -> None:
    shown = coord("log", chain["session"], "--workspace", chain["ws"], "--json")
    log = json.loads(shown.stdout)
    root = log["chain"]
    (question,) = root["questions"]
    assert root["files"] == ["app/new.py", "app/later.py"]  # the report claimed one of them
    assert root["report"]["files"] == ["app/new.py"]
    assert question["consult"]["files"] == ["app/main.py"]
    assert log["files"] == chain["run_files"] == ["app/new.py", "app/main.py", "app/later.py"]


def test_the_trees_head_says_when_the_session_started(chain: dict[str, Any]) -> None:
    shown = coord("log", chain["session"], "--workspace", chain["ws"], env={"COLUMNS": "200"})
    log = json.loads(coord("log", chain["session"], "--workspace", chain["ws"], "--json").stdout)
    when = datetime.fromtimestamp(log["created_at"]).strftime("%Y-%m-%d %H:%M")
    head = shown.stdout.splitlines()[0]
    assert head.startswith(f"session {chain['session']}  complete  {when} UTC"), head
