"""A run's final message is stored once, in its conversation (hop40): the ``runs`` row no
longer copies it into ``final_text``, and a waiting question asked again quotes the
blocked agent's whole report read from its conversation, whether the row holds a copy
(written by older code) or not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from kit import Harness, blocked, report, team

from coordinator.runtime.agent_run import final_text

#: In the blocked report's Changes only: not in its Domain, Required or Blocker, so the
#: consult's task holds it only when the whole report is quoted.
ONLY_IN_THE_REPORT = "Read the routes module"


async def test_a_chains_final_messages_are_stored_once(tmp_path: Path) -> None:
    script = {
        "backend": [
            {"text": blocked("Database", "The user schema")},
            {"expect": "[coordinator:resume]", "text": report("Complete", "Endpoint")},
        ],
        "dba": [{"text": "Users have an email.\n" + report("Complete", "Schema")}],
    }
    h = Harness(tmp_path, script)
    result = await h.engine.start("Add an endpoint", agent="backend")
    assert result.status == "complete"
    runs = h.store.runs(result.session_id)
    assert [r.agent for r in runs] == ["backend", "dba"]
    texts = {r.agent: final_text(h.store.messages(r.id)) for r in runs}
    assert texts["dba"].startswith("Users have an email.") and "Schema" in texts["dba"]
    assert "Endpoint" in texts["backend"]
    h.close()
    with sqlite3.connect(h.db) as db:
        copies = db.execute("SELECT count(*) FROM runs WHERE final_text IS NOT NULL").fetchone()
    assert copies == (0,)


@pytest.mark.parametrize("copy", ["none (this code's row)", "the older code's copy"])
async def test_a_question_asked_again_quotes_the_whole_blocked_report(
    tmp_path: Path, copy: str
) -> None:
    said = report(
        "Blocked",
        "Blocked on context",
        domain="Frontend",
        blocker="Unknown caller",
        required="How the UI calls the API",
        changes=(ONLY_IN_THE_REPORT,),
    )
    script = {
        "backend": [
            {"text": said},
            {"expect": "[coordinator:resume]", "text": report("Complete")},
        ],
        "web": [{"expect": ONLY_IN_THE_REPORT, "text": "GET /tasks.\n" + report("Complete")}],
    }
    h = Harness(tmp_path, script, registry=team("backend", "dba"))
    first = await h.engine.start("Add an endpoint", agent="backend")
    assert first.question is not None and first.question.reason == "no_specialist"
    h.close()
    with sqlite3.connect(h.db) as db:  # the row as this code writes it, or as older code did
        db.execute("UPDATE runs SET final_text = ? WHERE agent = 'backend'", (None,))
        if copy == "the older code's copy":
            db.execute("UPDATE runs SET final_text = ? WHERE agent = 'backend'", (said,))

    h2 = Harness(tmp_path, {}, registry=team(), provider=h.provider)
    done = await h2.engine.resume(first.session_id)
    h.provider.model.assert_complete()
    assert done.status == "complete"
    [consult] = [r for r in h2.store.runs(first.session_id) if r.agent == "web"]
    task = h2.store.messages(consult.id)[0]["content"]
    assert ONLY_IN_THE_REPORT in task and "<blocked_agent_report" in task
    h2.close()
