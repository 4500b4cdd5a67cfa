"""daily41: an answer given to a session that asks nothing is refused before anything is
logged, and on a shared store it says the session is queued for the workers.

A second teammate answering a session already answered (on PostgreSQL: queued for the
workers) was told "Resume it without --context", which only queues it again, and the refused
answer was stored as a ``session_resumed`` event ``with_context: true``: ``coord log --json``
read as if the session had been resumed with an answer it never took.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import Harness, blocked, workspace, write_agents, write_script

from coordinator.errors import UserError


def _resumes(events: list[dict[str, Any]]) -> list[bool]:
    """The ``with_context`` of each ``session_resumed`` event, in order."""
    return [e["with_context"] for e in events if e["kind"] == "session_resumed"]


async def test_a_refused_answer_leaves_no_resume_in_the_log(tmp_path: Path) -> None:
    script = {"backend": [{"error": {"status": 529, "message": "Overloaded"}}]}
    h = Harness(tmp_path, script)
    first = await h.engine.start("Add an endpoint", agent="backend")
    assert first.status == "interrupted"
    with pytest.raises(UserError, match="not waiting for an answer") as refused:
        await h.engine.resume(first.session_id, context="hello")
    assert refused.value.hint == "Resume it without --context."
    kinds = [e.kind for e in h.store.events(first.session_id)]
    assert "session_resumed" not in kinds
    assert h.store.session(first.session_id).status == "interrupted"


def test_a_second_answer_to_a_queued_session_says_it_is_queued(tmp_path: Path, pg_url: str) -> None:
    (tmp_path / "roots").mkdir()
    ws, agents = workspace(tmp_path / "roots"), write_agents(tmp_path / "agents")
    ask = write_script(tmp_path / "a.yaml", {"backend": [{"text": blocked("Payments", "id")}]})
    common = ("--db", pg_url, "--json")
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "--workspace", ws, *common,
        "--agents-dir", agents, "--only", "--script", ask,
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    sid = json.loads(ran.stdout)["session"]
    answered = coord("resume", sid, "--context", "merchant 42", *common, cwd=tmp_path)
    assert answered.returncode == 0, answered.stderr
    again = coord("resume", sid, "--context", "merchant 43", *common, cwd=tmp_path)
    assert again.returncode == 4
    said = json.loads(again.stdout)
    assert said["error"] == (
        f"session {sid} is queued for the workers, not waiting for an answer, so an answer"
        " has nowhere to go (nothing was recorded)"
    )
    assert said["hint"] == f"Follow it with `coord log -f {sid}`; if it asks again, answer then."
    log = json.loads(coord("log", sid, *common, cwd=tmp_path).stdout)
    assert _resumes(log["events"]) == [True]  # the answer taken, not the one refused
