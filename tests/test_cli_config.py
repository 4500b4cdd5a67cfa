"""``coord config``: the effective settings with their origin, and every path in use."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord


def test_config_shows_each_value_and_where_it_came_from(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / ".coordinator").mkdir(parents=True)
    (ws / ".coordinator/config.yaml").write_text("router: llm\n", encoding="utf-8")
    user = tmp_path / "user.yaml"
    user.write_text("max_turns: 7\n", encoding="utf-8")
    env = {"ANTHROPIC_BASE_URL": "http://user:hunter2secret@127.0.0.1:9/"}
    proc = coord("config", "--json", "--workspace", ws, "--config", user, env=env, cwd=ws)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    settings = data["settings"]
    assert settings["max_turns"] == {"value": 7, "from": str(user)}
    assert settings["router"]["from"] == "default"  # --config alone: the workspace file unread
    assert settings["base_url"]["from"] == "ANTHROPIC_BASE_URL"
    assert "hunter2secret" not in proc.stdout  # a URL's password is never printed
    assert settings["max_request_bytes"]["value"] == 256 * 1024

    both = json.loads(coord("config", "--json", "--workspace", ws, cwd=ws).stdout)
    assert both["settings"]["router"] == {
        "value": "llm",
        "from": str(ws / ".coordinator/config.yaml"),
    }
    paths = {p["what"]: p for p in both["paths"]}
    assert paths["config (workspace)"]["exists"] is True
    assert paths["config (user)"]["path"].endswith(".config/coordinator/config.yaml")
    assert paths["session database"] == {
        "what": "session database",
        "path": str(ws / ".coordinator/coordinator.db"),
        "exists": False,
    }
    assert {"agent file cache", "routing index cache", "agents (project)", "agents (user)",
            "agents (bundled)"} <= set(paths)  # fmt: skip
    assert paths["agents (bundled)"]["exists"] is True


def test_config_flags_and_db(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    proc = coord("config", "--json", "--db", tmp_path / "x.db", "--agents-dir", team, "--only",
                 cwd=tmp_path)  # fmt: skip
    data = json.loads(proc.stdout)
    assert data["settings"]["db"] == {"value": str(tmp_path / "x.db"), "from": "flag"}
    folders = [p for p in data["paths"] if p["what"].startswith("agents")]
    assert folders == [{"what": "agents (--agents-dir)", "path": str(team), "exists": True}]


def test_config_rich_view_in_a_pipe_keeps_each_path_on_one_line(tmp_path: Path) -> None:
    """Not a terminal (daily15): the tables take the width they need, whatever COLUMNS says,
    so that a path is never folded across lines."""
    proc = coord("config", cwd=tmp_path, env={"COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    assert "max_turns" in proc.stdout and "session database" in proc.stdout
    database = str(tmp_path.resolve() / ".coordinator" / "coordinator.db")
    assert any(database in line for line in proc.stdout.splitlines()), proc.stdout
