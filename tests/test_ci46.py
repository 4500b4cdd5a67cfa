"""ci46: a CI job that waits for a person's answer: what its JSON says, what it is told."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import blocked, report, workspace, write_agents, write_script

from coordinator.errors import EXIT_USER_ERROR


def _waiting(tmp_path: Path, *turns: str) -> tuple[str, Path, dict[str, object]]:
    """A session (this workspace's SQLite store) whose agent ``backend`` answers ``turns``
    in order (the first a Blocked report: waiting for a person): its id, workspace and the
    ``coord run --json`` output."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": t} for t in turns]})
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir", agents,
        "--only", "--script", script, "--json",
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    data = json.loads(ran.stdout)
    return str(data["session"]), ws, data


ASK = blocked("Payments", "the merchant id", blocker="No merchant id configured")


def test_an_empty_answer_on_standard_input_says_standard_input_and_how(tmp_path: Path) -> None:
    """``printf '' | coord resume ID --context -`` said "the answer in - is empty": a CI
    job whose variable was empty read of a file named "-". It names standard input and
    the ways to give the answer; nothing is resumed."""
    sid, ws, _ = _waiting(tmp_path, ASK, report("Complete", "Charged"))
    empty = coord("resume", sid, "--context", "-", "--json", cwd=ws, stdin="\n")
    assert empty.returncode == EXIT_USER_ERROR
    data = json.loads(empty.stdout)
    assert data["error"] == "the answer on standard input is empty"
    assert "echo ANSWER | coord resume ID --context -" in data["hint"]
    assert "--context TEXT" in data["hint"]
    listed = json.loads(coord("sessions", "--json", cwd=ws).stdout)
    assert [(s["session"], s["status"]) for s in listed] == [(sid, "waiting")]
