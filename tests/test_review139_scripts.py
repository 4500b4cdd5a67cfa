"""review139: examples/scripts (scripts113) when coord does not end as hoped.

Each script ran `set -euo pipefail`, and read a result's ``files`` with ``.files[]``: an
error's JSON (``{"error", "hint", "exit_code"}``) has none, so jq failed and the script
exited 5, jq's code, not coord's, before saying why. ``batch-resume.sh`` turned the batch's
exit 3 into 0 once it had answered the questions, but an item waiting for a budget or a
held call asks none: a batch left waiting passed. ``nightly-audit.sh`` read the session list
in a ``for`` word list, whose failure ``set -e`` ignores: a ``coord sessions`` that failed
was ``audited 0 sessions``, exit 0. Real bash and jq; a real ``coord`` where it can make the
case offline, a stand-in printing the documented shapes where it cannot (a budget wait).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kit import workspace, write_agents

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "scripts"
ANSWERS = str(EXAMPLES / "answers.tsv")

pytestmark = pytest.mark.skipif(shutil.which("jq") is None, reason="the scripts use jq")


def run(cwd: Path, coord: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """One example script run in ``cwd`` as a CI step runs it, ``coord`` its command."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "COORDINATOR_"))}
    env = {k: v for k, v in env.items() if not k.startswith(("ANTHROPIC_", "COORD_"))}
    env |= {"HOME": str(cwd), "PYTHONPATH": str(REPO), "COORD": coord}
    return subprocess.run(
        ["bash", str(EXAMPLES / argv[0]), *argv[1:]],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def stand_in(tmp_path: Path, **printed: tuple[object, int]) -> str:
    """A ``coord`` printing, for each command word, that JSON and exiting with that code."""
    fake = tmp_path / "coord"
    cases = "".join(
        f"{word}) echo '{json.dumps(body)}'; exit {code};;\n"
        for word, (body, code) in printed.items()
    )
    fake.write_text(f'#!/bin/sh\ncase "$1" in\n{cases}esac\necho "[]"\n', encoding="utf-8")
    fake.chmod(0o755)
    return str(fake)


def test_ci_resume_exits_with_coords_code_and_its_reason_on_an_error(tmp_path: Path) -> None:
    """A real ``coord run --json`` refusing an unknown agent (exit 4, an error's JSON)."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents", "backend")
    ran = run(ws, f"{sys.executable} -m coordinator", "ci-resume.sh", "Add a health check",
              ANSWERS, "--agents-dir", str(agents), "--agent", "nope")  # fmt: skip
    assert ran.returncode == 4, ran.stderr
    assert "reason: " in ran.stderr and "Cannot iterate" not in ran.stderr


def test_batch_resume_exits_with_coords_code_when_no_batch_ran(tmp_path: Path) -> None:
    """A real ``coord run --batch`` of a missing tasks file: exit 4, its error said."""
    ws = workspace(tmp_path)
    ran = run(ws, f"{sys.executable} -m coordinator", "batch-resume.sh",
              str(tmp_path / "missing.yaml"), ANSWERS)  # fmt: skip
    assert ran.returncode == 4, ran.stderr
    assert "error: " in ran.stderr and "missing.yaml" in ran.stderr


def test_batch_resume_does_not_pass_an_item_waiting_for_a_budget(tmp_path: Path) -> None:
    """An item waiting with no question (``waiting_for``): nothing answers it, exit 3."""
    item = {
        "index": 0, "request": "r", "session": "s1", "status": "waiting", "exit_code": 3,
        "question": None, "waiting_for": {"reason": "session used 700 tokens"},
        "resume": ["coord", "resume", "s1"], "files": [], "refused": [],
    }  # fmt: skip
    coord = stand_in(tmp_path, run=({"items": [item]}, 3))
    ran = run(tmp_path, coord, "batch-resume.sh", "tasks.yaml", ANSWERS)
    assert ran.returncode == 3, ran.stdout + ran.stderr
    assert "#0 s1: waiting (exit 3), waiting for session used 700 tokens" in ran.stdout


def test_the_audit_fails_when_coord_cannot_list_the_sessions(tmp_path: Path) -> None:
    """``coord sessions --json`` exiting 4: no audit, so no pass."""
    error = {"error": "cannot open the session database", "hint": None, "exit_code": 4}
    coord = stand_in(tmp_path, sessions=(error, 4))
    ran = run(tmp_path, coord, "nightly-audit.sh")
    assert ran.returncode == 4, ran.stdout
    assert "coord sessions: cannot open the session database" in ran.stderr
