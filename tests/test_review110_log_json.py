"""review110: docs/log-json.md names every key ``coord log --json`` prints at any depth, not
only the session's, its options' and its root run's: a waiting session's ``question``, a
run's ``questions``, a consult's run (audit104's test read a session that asked nothing, so a
key added there went unnoticed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli import coord
from kit import blocked, report, workspace, write_script
from test_audit104_log_json import _doc

AGENT = "---\nname: {name}\ndescription: {what}\ntools: Bash\n---\nYou {what}.\n"
#: ops asks dba (a consult), goes on, then asks what no specialist answers: it waits.
SCRIPT: dict[str, list[dict[str, Any]]] = {
    "ops": [
        {"tool_calls": [{"name": "Bash", "input": {"command": "exit 3"}}]},
        {"text": blocked("database", "The schema name")},
        {"text": blocked("legal", "Whether the licence allows it")},
    ],
    "dba": [{"text": report("Complete", "The schema is app")}],
}
#: Keys whose value is a map keyed by data (paths), not by field names.
DATA_KEYED = {"bash_files", "events"}


def keys_of(value: Any, found: set[str]) -> set[str]:
    """Every key of every object in ``value``, at any depth (not inside DATA_KEYED)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(key)
            if key not in DATA_KEYED:
                keys_of(inner, found)
    elif isinstance(value, list):
        for inner in value:
            keys_of(inner, found)
    return found


def waiting_log(tmp_path: Path) -> dict[str, Any]:
    """``coord log --json`` of a session that consulted dba, then waits for a person."""
    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(AGENT.format(name="ops", what="run commands"))
    (agents / "dba.md").write_text(
        AGENT.format(name="dba", what="design database schemas").replace(
            "description:", "domain: database\ndescription:"
        )
    )
    script = write_script(tmp_path / "script.yaml", SCRIPT)
    common = ["--db", str(tmp_path / "s.db")]
    ran = coord(
        "run", "run the checks", "--agent", "ops", "--agents-dir", agents,
        "--script", script, "--allow-bash", "--workspace", ws, "--json", *common,
    )  # fmt: skip
    sid = json.loads(ran.stdout)["session"]
    shown = coord("log", sid, "--json", *common)
    assert shown.returncode == 0, shown.stderr
    data: dict[str, Any] = json.loads(shown.stdout)
    return data


def test_every_key_at_any_depth_is_documented(tmp_path: Path) -> None:
    data = waiting_log(tmp_path)
    assert data["status"] == "waiting" and data["question"] is not None, data["status"]
    (asked, ours) = data["chain"]["questions"]
    assert asked["consult"] is not None and ours["consult"] is None  # both shapes read
    doc = _doc()
    missing = sorted(k for k in keys_of(data, set()) if f"`{k}`" not in doc)
    assert missing == []
