"""The shell scripts of examples/scripts run as a user's CI runs them (real bash, jq and
``coord`` processes, a fresh workspace and HOME, offline through the scripted provider):
a CI job that answers its question from a file, a batch whose waits are answered one by
one then summarised, and a nightly audit of the day's ``coord log --json``, each field it
reads checked against docs/log-json.md's types. Skipped where jq is absent."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kit import workspace

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "scripts"
SCRIPT = str(EXAMPLES / "offline-script.yaml")
ANSWERS = str(EXAMPLES / "answers.tsv")

pytestmark = pytest.mark.skipif(shutil.which("jq") is None, reason="the scripts use jq")


def run(ws: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    """One example script, run in ``ws`` as a CI step runs it."""
    return subprocess.run(
        ["bash", str(EXAMPLES / argv[0]), *argv[1:]],
        cwd=ws, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_example_scripts_resume_summarise_and_audit(tmp_path: Path) -> None:
    ws, home = workspace(tmp_path), tmp_path / "home"
    home.mkdir()
    (ws / ".claude").mkdir(exist_ok=True)
    hook = {"matcher": "Write", "hooks": [{"type": "command", "command": "true"}]}
    (ws / ".claude" / "settings.json").write_text(json.dumps({"hooks": {"PostToolUse": [hook]}}))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "COORDINATOR_"))}
    env = {k: v for k, v in env.items() if not k.startswith(("ANTHROPIC_", "COORD_"))}
    env |= {"HOME": str(home), "PYTHONPATH": str(REPO), "COORD": f"{sys.executable} -m coordinator"}

    ci = run(ws, env, "ci-resume.sh", "Add GET /tasks/{id} returning the owner's email",
             ANSWERS, "--script", SCRIPT)  # fmt: skip
    assert ci.returncode == 0, ci.stderr
    assert "complete (exit 0)" in ci.stdout and "changed: app/routes/tasks.py" in ci.stdout
    assert "asked: The users table has both" in ci.stderr

    batch = run(ws, env, "batch-resume.sh", str(EXAMPLES / "tasks.yaml"), ANSWERS,
                "--script", SCRIPT)  # fmt: skip
    assert batch.returncode == 0, batch.stderr
    assert batch.stdout.count("answered, now complete (exit 0)") == 3, batch.stdout
    assert batch.stdout.count("complete (exit 0)") == 5
    assert "  changed: app/routes/health.py" in batch.stdout  # a batch item's files
    sessions = batch.stdout.split("--- sessions of today\n")[1].split("--- spend")[0]
    assert sessions.count(" complete ") == 6  # the CI job's and the batch's five
    assert "database-engineer claude-" in batch.stdout.split("--- spend by agent")[1]

    audit = run(ws, env, "nightly-audit.sh", "--here")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "MISMATCH" not in audit.stdout and "audited 6 sessions" in audit.stdout
    assert "  tool Write: app/routes/tasks.py" in audit.stdout
    assert audit.stdout.count(" complete 20") == 6 and " took " in audit.stdout  # ended_at
    assert "  hook PostToolUse skipped true" in audit.stdout  # workspace hooks: --allow-bash


def test_the_audit_names_a_field_whose_type_differs_from_the_page(tmp_path: Path) -> None:
    """The audit's check fails on a log whose field has another type than the page's (a
    ``coord`` stand-in printing a session with ``created_at`` as text)."""
    fake = tmp_path / "coord"
    listed = json.dumps([{"session": "s1"}])
    logged = json.dumps({
        "format_version": 1, "session": "s1", "status": "complete", "tokens": 1,
        "cost_usd": 0.1, "created_at": "2026-12-07 08:00", "ended_at": None, "files": [],
        "events": [],
        "question": None, "resume": None,
    })  # fmt: skip
    fake.write_text(
        f"#!/bin/sh\nif [ \"$1\" = sessions ]; then echo '{listed}'; else echo '{logged}'; fi\n"
    )
    fake.chmod(0o755)
    env = {**os.environ, "COORD": str(fake)}
    audit = run(tmp_path, env, "nightly-audit.sh")
    assert audit.returncode == 1, audit.stderr
    assert "MISMATCH session created_at: want number, got string" in audit.stdout
