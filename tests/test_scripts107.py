"""scripts107: a script or CI job driving coord with no person at the keyboard: a closed
standard input, a read-only checkout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kit import blocked, waiting_run, workspace, write_agents, write_script

ASK = blocked("Payments", "the merchant id", blocker="No merchant id configured")


def _closed_stdin(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``coord ARGS <&-``: a fresh interpreter (the descriptors are the process's own from
    its start) with descriptor 0 closed, as a CI step or service manager may leave it."""
    return subprocess.run(
        ["bash", "-c", 'exec "$@" <&-', "coord", sys.executable, "-m", "coordinator",
         *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip


def test_a_run_with_stdin_closed_runs(tmp_path: Path) -> None:
    """`coord run REQUEST <&-` handed `sys.stdin.buffer` (None) to its plan: a traceback,
    exit 1, for a request that reads no input at all."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": ASK}]})
    ran = _closed_stdin(
        "run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir", agents,
        "--only", "--script", script, "--json",
    )  # fmt: skip
    assert "Traceback" not in ran.stderr, ran.stderr
    assert ran.returncode == 3, ran.stderr
    assert json.loads(ran.stdout)["question"]["required"] == "the merchant id"


def test_an_answer_read_from_a_closed_stdin_is_empty(tmp_path: Path) -> None:
    """`coord resume ID --context - <&-` is an empty answer (exit 4, nothing resumed), as
    `</dev/null` is; it was a traceback."""
    session, ws, _ = waiting_run(tmp_path, ASK, "done")
    ran = _closed_stdin("resume", session, "-w", ws, "--context", "-", "--json")
    assert "Traceback" not in ran.stderr, ran.stderr
    assert ran.returncode == 4
    assert json.loads(ran.stdout)["error"] == "the answer on standard input is empty"
