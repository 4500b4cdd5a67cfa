"""``coord demo``: the bundled scenario, offline, through the real engine, tools and store."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord


def test_demo_runs_the_scenario_offline_and_changes_the_sample_project(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    proc = coord("demo", "--workspace", ws, "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert (out["status"], out["agent"]) == ("complete", "fastapi-backend-expert")
    assert out["files"] == ["app/api/routes/tasks.py", "app/main.py"]
    route = (ws / "app/api/routes/tasks.py").read_text()
    assert "owner_email=task.owner.email" in route
    assert "app.include_router(tasks.router" in (ws / "app/main.py").read_text()

    log = json.loads(coord("log", out["session"], "--workspace", ws, "--json").stdout)
    root = log["chain"]
    (question,) = root["questions"]
    assert (question["domain"], question["required"]) == ("database", "Current User model schema")
    consult = question["consult"]
    assert (consult["agent"], consult["status"]) == ("database-engineer", "complete")
    kinds = [e["kind"] for e in log["events"]]
    tools = [e["name"] for e in log["events"] if e["kind"] == "tool_call"]
    assert tools == ["Glob", "Read", "Read", "Read", "Write", "Edit", "Edit"]
    assert kinds.count("resumed") == 1 and kinds[-1] == "completed"


def test_demo_text_output_shows_the_tree_and_where_the_files_went(tmp_path: Path) -> None:
    proc = coord("demo", "--workspace", tmp_path / "d")
    assert proc.returncode == 0, proc.stderr
    assert "Blocked on Database — Required: Current User model schema" in proc.stdout
    assert "resumed fastapi-backend-expert with database-engineer's answer" in proc.stdout
    assert f"The sample project is in {tmp_path / 'd'}" in proc.stdout.replace("\n", "")


def test_demo_refuses_a_non_empty_workspace(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    proc = coord("demo", "--workspace", tmp_path)
    assert proc.returncode == 4
    assert "is not empty" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]
