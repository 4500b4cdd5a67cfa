"""Consult paths no other test reached: a consult that fails, a Blocked report that names no
Domain, and the session budget spent at the moment a consult would start."""

from __future__ import annotations

from pathlib import Path

from kit import Harness, blocked, report, text_of

from coordinator.errors import EXIT_WAITING

USAGE = {"input_tokens": 600, "output_tokens": 100}


async def test_a_failed_consult_waits_for_a_person_who_can_still_unblock_it(
    tmp_path: Path,
) -> None:
    script = {
        "backend": [
            {"text": blocked("Database", "Current User model schema", "Owner email unknown")},
            {"expect": "A person answered", "text": report("Complete", "Task endpoint")},
        ],
        "dba": [{"text": "I can't help with that.", "stop_reason": "refusal"}],
    }
    h = Harness(tmp_path, script)
    first = await h.engine.start("Add a task endpoint", agent="backend")
    assert (first.status, first.exit_code) == ("waiting", EXIT_WAITING)
    question = first.question
    assert question is not None
    assert (question.reason, question.agent, question.domain) == (
        "consult_failed",
        "backend",
        "database",
    )
    assert question.required == "Current User model schema"
    assert question.blocker == "Owner email unknown"
    assert question.detail.startswith("dba failed") and "refusal" in question.detail
    runs = h.store.runs(first.session_id)
    assert [(r.agent, r.status) for r in runs] == [("backend", "blocked"), ("dba", "failed")]
    (delegation,) = h.store.delegations(first.session_id)
    assert (delegation.status, delegation.waiting_reason) == ("waiting", "consult_failed")

    done = await h.engine.resume(first.session_id, context="email: str, unique.")
    h.provider.model.assert_complete()
    assert (done.status, done.report.summary if done.report else None) == (
        "complete",
        "Task endpoint",
    )
    backend = h.conversation(first.session_id, "backend")
    assert "email: str, unique." in text_of(backend[-2])


async def test_a_blocked_report_without_a_domain_is_sent_back_and_never_consults(
    tmp_path: Path,
) -> None:
    """The engine's ``no_domain`` guard is unreachable from a model: the parser refuses a
    Blocked report with no Domain, so the agent is asked to repair it."""
    no_domain = "⛔ Stuck\n\n**Status:** Blocked\n**Blocker:** Unknown\n**Required:** Schema\n"
    script = {
        "backend": [
            {"text": no_domain},
            {
                "expect": "no 'Domain:' is given",
                "text": blocked("Database", "Current User model schema"),
            },
            {"expect": "[coordinator:resume]", "text": report("Complete")},
        ],
        "dba": [{"text": "email: str\n" + report("Complete", "Schema")}],
    }
    h = Harness(tmp_path, script)
    result = await h.engine.start("Add a task endpoint", agent="backend")
    h.provider.model.assert_complete()
    assert result.status == "complete"
    assert h.store.runs(result.session_id)[0].repairs == 1
    (delegation,) = h.store.delegations(result.session_id)
    assert (delegation.domain, delegation.status) == ("database", "answered")


async def test_a_spent_budget_stops_a_consult_before_it_starts_and_resume_runs_it(
    tmp_path: Path,
) -> None:
    script = {
        "backend": [
            {"usage": USAGE, "text": blocked("Database", "Current User model schema")},
            {"expect": "[coordinator:resume]", "usage": USAGE, "text": report("Complete")},
        ],
        "dba": [{"usage": USAGE, "text": "email: str\n" + report("Complete", "Schema")}],
    }
    h = Harness(tmp_path, script, max_session_tokens=500)
    first = await h.engine.start("Add a task endpoint", agent="backend")
    assert (first.status, first.exit_code) == ("waiting", EXIT_WAITING)
    question = first.question
    assert question is not None
    assert (question.reason, question.agent, question.domain) == ("budget", "backend", "database")
    assert "700 tokens" in question.detail
    assert [r.agent for r in h.store.runs(first.session_id)] == ["backend"]  # dba never ran
    (delegation,) = h.store.delegations(first.session_id)
    assert (delegation.status, delegation.waiting_reason) == ("waiting", "budget")

    raised = Harness(tmp_path, {}, provider=h.provider, max_session_tokens=5000)
    done = await raised.engine.resume(first.session_id)
    h.provider.model.assert_complete()
    assert done.status == "complete"
    assert [r.agent for r in raised.store.runs(first.session_id)] == ["backend", "dba"]
    assert done.usage.total_tokens == 2100
