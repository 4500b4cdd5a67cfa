"""review82: what the review of trust81 and daily81 found (each test failed before)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import report, workspace, write_script

from coordinator.store import calls
from coordinator.tools.base import RefusedBy
from coordinator.tools.shell import DISABLED_MESSAGE

SHELL_AGENT = "---\nname: shell\ndescription: Runs commands.\ntools: Read, Bash\n---\nRun them.\n"


def test_a_refused_call_is_stored_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A call refused before it starts (Bash off) has no ``tool_call`` event since daily81:
    its start and its refusal were two commits, and a crash between them (kill -9, a disk
    error) left a started call with no event, which the resume stored as interrupted: the
    refusal lost, the agent told its command was interrupted. Now both are one commit:
    the resume refuses it again, once."""
    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "shell.md").write_text(SHELL_AGENT, encoding="utf-8")
    call = {"name": "Bash", "input": {"command": "ls"}}
    done = {"text": report("Complete", "Done")}
    script = write_script(tmp_path / "s.yaml", {"shell": [{"tool_calls": [call]}, done]})
    real = calls.Calls.tool_done
    crashed: list[str] = []

    def crash_once(self: Any, run_id: int, turn: int, tool_use_id: str, *rest: Any) -> Any:
        if not crashed and DISABLED_MESSAGE in str(rest):
            crashed.append(tool_use_id)
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, run_id, turn, tool_use_id, *rest)

    monkeypatch.setattr(calls.Calls, "tool_done", crash_once)
    args = ["--workspace", ws, "--agents-dir", agents, "--only", "--script", script]
    with pytest.raises(sqlite3.OperationalError):  # the run ends there, as at kill -9
        coord("run", "List the files", "--agent", "shell", *args)
    monkeypatch.undo()
    assert crashed
    resumed = coord("resume", cwd=ws)
    assert resumed.returncode == 0, resumed.stderr
    log = json.loads(coord("log", "--json", cwd=ws).stdout)
    refused = log["chain"]["refused"]
    assert [(r["name"], r["by"]) for r in refused] == [("Bash", RefusedBy.BASH_OFF)], refused
    said = json.loads(coord("log", "--transcript", "--json", cwd=ws).stdout)["transcript"]
    results = [e["text"] for e in said if e["kind"] == "tool_result"]
    assert len(results) == 1 and DISABLED_MESSAGE in results[0], results
