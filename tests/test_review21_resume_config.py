"""``coord resume --config -``: the settings read once from standard input, the answer
given with ``--context`` (daily use of daily15's ``--config -``)."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import blocked, report, workspace, write_agents, write_script


def test_resume_reads_its_settings_from_standard_input(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    base = ["--workspace", ws, "--agents-dir", agents, "--only"]
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"text": blocked("Tests", "Which test framework", "No test setup")},
                {"expect": "Use pytest", "text": report("Complete", "With tests")},
            ]
        },
    )
    first = coord("run", "Add an endpoint with tests", "--agent", "backend", *base,
                  "--provider", "scripted", "--script", script)  # fmt: skip
    assert first.returncode == 3, first.stderr
    sid = json.loads(coord("sessions", "--json", "--workspace", ws).stdout)[0]["session"]
    done = coord("resume", sid, "--context", "Use pytest", "--workspace", ws, "--config", "-",
                 stdin="max_turns: 5\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "resumed backend with a person's answer" in done.stdout
