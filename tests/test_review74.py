"""review74: the review of daily72, route73 and lead51: a span of more seconds than have
passed since 1970 (or of more digits than Python reads) is every session, not a traceback;
a batch whose items all name their agents runs though ``--agent`` names a denied one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord

from coordinator.errors import EXIT_USER_ERROR

REPO = Path(__file__).resolve().parents[1]
TOUR = REPO / "examples" / "tour-script.yaml"

HUGE = ["99999999999999999999s", "1" * 400 + "s", "1" * 5000 + " seconds ago"]


@pytest.mark.parametrize("span", HUGE, ids=["20 digits", "400 digits", "5000 digits"])
def test_a_span_longer_than_any_time_past_reaches_the_earliest(span: str) -> None:
    """``since_epoch`` returned a time before year 1 (``started`` then raised), raised
    OverflowError (int too large to convert to float) or ValueError (past 4300 digits)."""
    from coordinator.store.time_words import since_epoch, started

    at = since_epoch(span, now=1000.0)
    assert at == 0.0
    assert started(at)[:4] in ("1969", "1970")  # local time at the epoch


@pytest.mark.parametrize("since", [HUGE[0], "0001-01-01T00:00+14:00"], ids=["span", "date"])
def test_sessions_since_before_1970_answers_without_a_traceback(tmp_path: Path, since: str) -> None:
    """The date's time, before year 1 in local time, raised ValueError (year 0)."""
    ran = coord("sessions", "--since", since, "--here", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "Traceback" not in ran.stderr


def _denying(ws: Path, agent: str) -> None:
    settings = ws / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"permissions": {"deny": [f"Agent({agent})"]}}), "utf-8")


def test_a_batch_whose_items_name_their_agents_runs_though_its_agent_is_denied(
    tmp_path: Path,
) -> None:
    """``--agent`` is the agent of the items naming none: when every item names its own,
    the denied one never runs, yet lead51's refusal stopped the whole batch (it ran before)."""
    _denying(tmp_path, "fastapi-backend-expert")
    batch = tmp_path / "b.yaml"
    batch.write_text("- {request: add an index on users.email, agent: database-engineer}\n")
    args = ("run", "--batch", batch, "--agent", "fastapi-backend-expert", "--script", TOUR)
    ran = coord(*args, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "may not run" not in ran.stderr
    batch.write_text(batch.read_text() + "- add a GET /health/db endpoint\n")
    refused = coord(*args, cwd=tmp_path)  # an item taking --agent: refused at once
    assert refused.returncode == EXIT_USER_ERROR
    assert "agent fastapi-backend-expert may not run" in " ".join(refused.stderr.split())
