"""ops69: a bare `coord resume` of a session whose consult failed asks its question again and
calls no model; `--retry-consult` runs that consult again on purpose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord
from kit import Harness, blocked, report, workspace, write_agents, write_script

from coordinator.errors import EXIT_WAITING, UserError

BLOCKED = blocked("Database", "Current User model schema", "Owner email unknown")
REFUSAL = {"text": "I can't help with that.", "stop_reason": "refusal"}


def failed_consult_script() -> dict[str, list[dict[str, object]]]:
    """backend blocks on the database and dba refuses (the consult fails: each dba run
    replays its first turn); backend completes with a person's answer."""
    return {
        "backend": [
            {"text": BLOCKED},
            {"expect": "email", "text": report("Complete", "Task endpoint")},
        ],
        "dba": [REFUSAL],
    }


async def test_a_bare_resume_asks_a_failed_consults_question_again_calling_no_model(
    tmp_path: Path,
) -> None:
    """`coord resume ID` alone after a consult failed: the same question again (its id, the
    failure as its detail), no consult run started, no model called (before: the consult
    ran again, a paid call nobody asked for); `--retry-consult` runs it again (here it fails
    again: a third run), and a person's answer still completes the chain."""
    h = Harness(tmp_path, failed_consult_script())
    first = await h.engine.start("Add a task endpoint", agent="backend")
    assert first.question is not None and first.question.reason == "consult_failed"
    again = await h.engine.resume(first.session_id)
    assert (again.status, again.exit_code) == ("waiting", EXIT_WAITING)
    assert again.question is not None
    assert (again.question.reason, again.question.id) == ("consult_failed", first.question.id)
    assert again.question.detail == first.question.detail
    runs = h.store.runs(first.session_id)
    assert [(r.agent, r.status) for r in runs] == [("backend", "blocked"), ("dba", "failed")]
    retried = await h.engine.resume(first.session_id, retry_consult=True)
    assert retried.question is not None and retried.question.reason == "consult_failed"
    runs = h.store.runs(first.session_id)
    assert [(r.agent, r.status) for r in runs][1:] == [("dba", "failed"), ("dba", "failed")]
    done = await h.engine.resume(first.session_id, context="email: str, unique.")
    h.provider.model.assert_complete()
    assert done.status == "complete"


async def test_retry_consult_needs_a_failed_consult_and_no_answer(tmp_path: Path) -> None:
    """`--retry-consult` with `--context` too, or on a session that waits on no failed
    consult: one clear error, nothing run."""
    h = Harness(tmp_path, failed_consult_script())
    first = await h.engine.start("Add a task endpoint", agent="backend")
    with pytest.raises(UserError, match=r"give it or --context, not both"):
        await h.engine.resume(first.session_id, context="email", retry_consult=True)
    done = await h.engine.resume(first.session_id, context="email: str, unique.")
    assert done.status == "complete"
    with pytest.raises(UserError, match=r"complete"):
        await h.engine.resume(first.session_id, retry_consult=True)
    assert len(h.store.runs(first.session_id)) == 2


def test_the_cli_offers_the_retry_and_a_bare_resume_calls_no_model(tmp_path: Path) -> None:
    """`coord run` and a bare `coord resume` of a failed consult end with the answer line
    and the one that runs the consult again; the bare resume exits 3 and the session's
    runs are unchanged; `--retry-consult` runs the consult again."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", failed_consult_script())
    base = ("-w", ws, "--agents-dir", agents, "--only", "--script", script)
    ran = coord("run", "Add a task endpoint", "--agent", "backend", *base, "--json")
    assert ran.returncode == 3, ran.stderr
    sid = json.loads(ran.stdout)["session"]
    again = coord("resume", sid, "-w", ws, "--script", script)
    assert again.returncode == 3, again.stderr
    said = again.stdout + again.stderr
    assert f"coord resume {sid} --workspace {ws} --retry-consult" in said
    assert "a bare resume calls none" in said
    logged = json.loads(coord("log", sid, "-w", ws, "--json").stdout)
    assert [r["agent"] for r in _runs(logged["chain"])] == ["backend", "dba"]
    retried = coord("resume", sid, "-w", ws, "--script", script, "--retry-consult")
    assert retried.returncode == 3, retried.stdout + retried.stderr
    logged = json.loads(coord("log", sid, "-w", ws, "--json").stdout)
    assert [r["agent"] for r in _runs(logged["chain"])] == ["backend", "dba", "dba"]


def _runs(node: dict[str, object]) -> list[dict[str, object]]:
    """The chain's runs, depth first (each question's consult after the run that asked)."""
    questions = node.get("questions") or []
    assert isinstance(questions, list)
    consults = [q["consult"] for q in questions if q.get("consult")]
    return [node, *(r for c in consults for r in _runs(c))]
