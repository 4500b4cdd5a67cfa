"""Rough edges daily40 met in files another helper held, mended by the lead:

- ``coord sessions --status bogus`` names the flag, as ``--limit`` and ``--since`` do.
- ``coord resume --script REL`` names a malformed script by its absolute path, as ``coord
  run`` does and docs/scripted-provider.md says (the path typed was named before).
- A run's progress line for an agent named with ``--agent`` (or a batch item's ``agent:``)
  says it was given to that agent, not "routed to" it (daily41's find).
"""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import blocked, report, workspace, write_agents, write_script


def test_an_unknown_status_names_the_flag(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    plain = coord("sessions", "--status", "bogus", "--workspace", ws)
    assert plain.returncode != 0
    assert plain.stderr.startswith("error: --status: unknown status 'bogus'"), plain.stderr
    data = json.loads(coord("sessions", "--status", "bogus", "--json", "--workspace", ws).stdout)
    assert data["error"].startswith("--status: unknown status 'bogus'")


def test_resume_names_a_malformed_script_by_its_absolute_path(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml",
        {"backend": [{"text": blocked("Legal", "Which licence", "None set")}]},
    )
    base = ["--workspace", ws, "--agents-dir", agents, "--only"]
    first = coord("run", "Add an endpoint", "--agent", "backend", *base, "--script", script)
    assert first.returncode == 3, first.stderr
    sid = json.loads(coord("sessions", "--json", "--workspace", ws).stdout)[0]["session"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("agent:\n  x: []\n", encoding="utf-8")
    answer = report("Complete", "Unused")
    ran = coord("resume", sid, "--context", answer, "--script", "bad.yaml", "--workspace", ws,
                cwd=tmp_path)  # fmt: skip
    assert ran.returncode != 0
    assert f"{bad}:1: (top level): unknown key 'agent'" in ran.stderr, ran.stderr


def test_the_progress_line_says_a_named_agent_was_not_routed() -> None:
    from coordinator.cli.views import progress_line
    from coordinator.events import Routed

    named = Routed("a1b2c3d4e5", None, "Add an endpoint", "backend", reason="--agent")
    routed = Routed("a1b2c3d4e5", None, "Add an endpoint", "backend", reason="best match")
    assert progress_line(named) == "[a1b2c3d4] given to backend, as named (not routed)"
    assert progress_line(routed) == "[a1b2c3d4] routed to backend"
