"""ops73: what a stopping worker leaves. A second SIGTERM exits at once, and still ends
the process groups of the unsandboxed commands it runs (before: ``os._exit`` skipped the
exit-time kill, and the command ran on, an orphan, after its worker was gone)."""

from __future__ import annotations

import os
import queue
import signal
import uuid
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from kit import report, write_script
from test_ops70_stop_pg import bash_agent, running, wait_for
from test_workers_pg import line_with, read_into

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def unsandboxed_session(tmp: Path, url: str) -> tuple[str, Path, str]:
    """A queued session whose first turn runs a long unsandboxed Bash command (it notes its
    start in ``started``, then sleeps ~80 days): its id, workspace and the sleep's token."""
    token = f"{uuid.uuid4().int % 10**6 + 7_000_000}"
    turns: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "Bash", "input": {
            "command": f"echo run >> started; sleep {token}", "timeout": 600_000}}]},
        {"text": report("Complete", "Done")},
    ]  # fmt: skip
    script = write_script(tmp / "s.yaml", {"backend": turns})
    ws = tmp / "roots" / "ws"
    ws.mkdir(parents=True)
    ran = coord(
        "run", "run the suite", "--agent", "backend", "--workspace", ws, "--db", url,
        "--detach", "--provider", "scripted", "--script", script,
        "--agents-dir", bash_agent(tmp / "agents"), "--only", "--allow-bash",
        "--unsandboxed-bash",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.strip(), ws, token


def allowing_unsandboxed(tmp: Path) -> dict[str, str]:
    """The environment of a worker whose own config allows unsandboxed Bash."""
    xdg = tmp / "xdg"
    (xdg / "coordinator").mkdir(parents=True)
    (xdg / "coordinator" / "config.yaml").write_text("unsandboxed_bash: true\n")
    return {"XDG_CONFIG_HOME": str(xdg)}


def test_a_second_sigterm_still_ends_an_unsandboxed_commands_processes(
    tmp_path: Path, pg_url: str
) -> None:
    """SIGTERM while an unsandboxed command runs (the grace long), then SIGTERM again: the
    worker exits at once (143) and the command's process group is killed with it."""
    sid, ws, token = unsandboxed_session(tmp_path, pg_url)
    proc = spawn(
        "worker", "--db", pg_url, "--workspace-root", tmp_path / "roots", "--lease", "60",
        "--stop-grace", "600", env=allowing_unsandboxed(tmp_path),
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    try:
        line_with(proc, f"driving {sid} epoch 1")
        wait_for(ws / "started")
        assert running(token)  # the command runs, unsandboxed
        proc.send_signal(signal.SIGTERM)
        line_with(proc, "stopping: ")
        read_into(proc, lines)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 128 + signal.SIGTERM
        left = running(token)
    finally:
        proc.kill()
        for pid in running(token):
            os.kill(pid, signal.SIGKILL)
    assert left == []
