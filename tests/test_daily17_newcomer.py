"""A new user's first hour (daily17): what they met, as they met it, in the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord


def test_validating_a_folder_finds_redirect_targets_in_the_roster_it_joins(
    tmp_path: Path,
) -> None:
    """``agents new --not-for TOPIC=fastapi-backend-expert`` then ``agents validate`` of the
    folder: the bundled agent is where the file's redirect leads, so no warning; a target
    no roster holds still is one, once, as ``path:line: warning: …``."""
    ws = tmp_path / "proj"
    ws.mkdir()
    made = coord(
        "agents", "new", "payments-expert", "--domain", "Payments", "-t", "Stripe",
        "--not-for", "invoice PDFs=fastapi-backend-expert", cwd=ws,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stderr == ""
    folder = ws / ".claude" / "agents"
    for target in (folder, folder / "payments-expert.md"):
        checked = coord("agents", "validate", target, "--json", cwd=ws)
        assert checked.returncode == 0, checked.stderr
        found = json.loads(checked.stdout)
        assert (found["agent_count"], found["warning_count"]) == (1, 0), found["problems"]

    unknown = coord(
        "agents", "new", "queue-expert", "--domain", "Queues", "-t", "RabbitMQ",
        "--not-for", "billing=nobody-here", cwd=ws,
    )  # fmt: skip
    assert unknown.returncode == 0
    (line,) = unknown.stderr.splitlines()
    assert line.endswith(
        ": warning: queue-expert: redirect target 'nobody-here' is not in the roster"
    )
    assert line.count("warning") == 1
    checked = coord("agents", "validate", folder, "--json", cwd=ws)
    problems = json.loads(checked.stdout)["problems"]
    assert [p["message"] for p in problems] == [
        "queue-expert: redirect target 'nobody-here' is not in the roster"
    ]
