"""What an auditor still could not read from coord (audit105): the line of the settings
rule that refused a call, a killed-and-resumed session in the tree, the zone of the tree's
times and the transcript's times, ``coord stats`` for one session, more GenAI span
attributes, and who answered a person's question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli import coord
from kit import report, workspace, write_script

AGENT = "---\nname: ops\ndescription: Runs commands.\ntools: Bash, Write\n---\nYou run commands.\n"


def _agents(tmp_path: Path) -> Path:
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(AGENT, encoding="utf-8")
    return agents


def _ran(tmp_path: Path, ws: Path, script: dict[str, Any], *more: str) -> tuple[str, list[str]]:
    """Run ``script`` with agent ``ops`` in ``ws``: the session id and the ``--db`` args."""
    common = ["--db", str(tmp_path / "s.db")]
    ran = coord(
        "run", "run the checks", "--agent", "ops", "--agents-dir", _agents(tmp_path), "--only",
        "--script", write_script(tmp_path / "script.yaml", script), "--workspace", ws,
        "--json", *more, *common,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return str(json.loads(ran.stdout)["session"]), common


# ---- 1. a refusal names the rule's line --------------------------------------------------

SETTINGS = """{
  "permissions": {
    "allow": ["Read"],
    "deny": [
      "Read(./.env)",
      "Bash(git push:*)"
    ]
  }
}
"""


def test_a_refusal_names_the_rule_as_written_and_its_line(tmp_path: Path) -> None:
    """The deny rule on line 6 of the workspace's settings refuses ``git push``: the stored
    refusal, ``coord log``'s tree and ``--json`` name ``settings.json:6``."""
    ws = workspace(tmp_path)
    (ws / ".claude").mkdir(exist_ok=True)
    settings = ws / ".claude" / "settings.json"
    settings.write_text(SETTINGS, encoding="utf-8")
    push = {"name": "Bash", "input": {"command": "git push origin main"}}
    sid, common = _ran(tmp_path, ws, {"ops": [{"tool_calls": [push]}, {"text": report("Complete")}]})
    rule = f"Bash(git push:*) (permissions.deny, {settings}:6)"
    data = json.loads(coord("log", sid, "--json", *common).stdout)
    [refused] = data["chain"]["refused"]
    assert refused["rule"] == rule
    [event] = [e for e in data["events"] if e["kind"] == "tool_refused"]
    assert event["rule"] == rule
    tree = coord("log", sid, *common, env={"COLUMNS": "400"}).stdout
    assert f"settings deny {rule}" in tree
