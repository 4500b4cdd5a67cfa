"""Schema 11: a consult's answer writes nothing to its question's row (issue 12, hop40).

The consult's outcome, stored in the same step, says the question is answered: a question
whose consult ended with an answer (complete, or needs review) reads ``answered``, by that
consult's agent, when it ended; the answer's UPDATE (a statement and a page a hop) is gone.
A failed consult's question turns to waiting, and a person's answer is written, as before.
Nothing stored changes in the upgrade; schema 11 makes older code, which would read such a
question as still consulting, refuse the file (``test_store``'s newer-coordinator case).

* A file of schema 10 written by main's code (two chains, then a question waiting for a
  person) upgrades without a row changing, and ``coord log --json`` prints what the old
  code printed; its questions read as they did.
* A chain run on it answers its questions without writing them: read answered by each
  consult at its end (the store and ``coord log --json``).
* A consult that ends needing review answers too; one still running does not.
* Both backends read a question and a session's questions alike: answered by an ended
  consult, as written by a failed one's (waiting) and by a person.
"""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

from cli import coord
from kit import (
    Harness,
    as_logged_before,
    assert_rows_kept,
    blocked,
    consult_run,
    copy_of,
    old_rows,
    read_json,
    report,
    routed_run,
    rows,
)
from storefixtures import open_at

from coordinator.store.db import SCHEMA_VERSION, Store

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema10-chains.db"  # written by main's code (9c73c8ea): make_schema10_db.py
OLD_LOGS = DATA / "schema10-chains.log.json"
TABLES = ("sessions", "runs", "delegations", "event_log", "message_log", "agent_definitions")


def _questions(store: Store, sid: str) -> list[tuple[str, str | None, float | None]]:
    return [(d.status, d.answered_by, d.answered_at) for d in store.delegations(sid)]


def test_a_schema_10_file_upgrades_with_no_row_changed_and_reads_as_before(
    tmp_path: Path,
) -> None:
    old = copy_of(OLD, tmp_path)
    assert rows(old, "PRAGMA user_version") == [(10,)]
    before = old_rows(old, TABLES)
    stored = rows(old, "SELECT status, answered_by, answered_at FROM delegations ORDER BY id")
    Store.open(old).close()
    assert rows(old, "PRAGMA user_version") == [(SCHEMA_VERSION,)] == [(18,)]
    assert_rows_kept(old, before)  # (schema 12's runs.question, 18's columns: NULL)
    logs = read_json(OLD_LOGS)
    for sid, printed in logs.items():
        if sid != "messages":
            ran = coord("log", sid, "--db", old, "--json")
            assert ran.returncode == 0, ran.stderr
            assert as_logged_before(json.loads(ran.stdout)) == printed
    first, second = (s for s in logs if s != "messages")
    store = Store.open(old)
    try:
        assert _questions(store, first) + _questions(store, second) == stored
        assert [q[0] for q in _questions(store, first)] == ["answered", "answered", "waiting"]
    finally:
        store.close()


async def test_questions_read_answered_by_their_consult_at_its_end(tmp_path: Path) -> None:
    script = {
        "backend": [
            {"text": blocked("Database", "The user schema")},
            {"expect": "[coordinator:resume]", "text": report("Complete")},
        ],
        "dba": [
            {"text": blocked("DevOps", "The region")},
            {"expect": "[coordinator:resume]", "text": report("Complete")},
        ],
        "ops": [{"text": "eu-west-1\n" + report("Complete")}],
    }
    copy_of(OLD, tmp_path).rename(tmp_path / "sessions.db")  # an upgraded file, in use
    h = Harness(tmp_path, script)
    result = await h.engine.start("Add an endpoint", agent="backend")
    assert result.status == "complete"
    sid = result.session_id
    ended = {r.agent: r.ended_at for r in h.store.runs(sid)}
    assert _questions(h.store, sid) == [
        ("answered", "dba", ended["dba"]),
        ("answered", "ops", ended["ops"]),
    ]
    h.close()
    db = tmp_path / "sessions.db"
    assert rows(db, "PRAGMA user_version") == [(18,)]
    written = "SELECT count(*) FROM delegations WHERE id >> 32 = 3"
    assert rows(db, written) == [(0,)]  # their consults' runs hold them (schema 12)
    printed = json.loads(coord("log", sid, "--db", db, "--json").stdout)
    asked = printed["chain"]["questions"][0]
    assert (asked["status"], asked["answered_by"]) == ("answered", "dba")
    inner = asked["consult"]["questions"][0]
    assert (inner["status"], inner["answered_by"]) == ("answered", "ops")


async def test_a_consult_needing_review_answers_and_one_running_does_not(tmp_path: Path) -> None:
    script = {
        "backend": [
            {"text": blocked("Database", "The user schema")},
            {"expect": "[coordinator:resume]", "text": report("Complete")},
        ],
        "dba": [{"text": "no report"}],
    }
    h = Harness(tmp_path, script, max_report_repairs=0)
    result = await h.engine.start("Add an endpoint", agent="backend")
    assert result.status == "complete"
    [dba] = [r for r in h.store.runs(result.session_id) if r.agent == "dba"]
    assert dba.status == "needs_review"
    assert _questions(h.store, result.session_id) == [("answered", "dba", dba.ended_at)]
    with h.store.transaction():  # the same question while its consult still runs
        h.store.update_run(dba.id, status="running", ended_at=None)
    assert _questions(h.store, result.session_id) == [("consulting", None, None)]
    h.close()


def test_both_backends_read_answers_alike(store_db: str, tmp_path: Path) -> None:
    with closing(open_at(store_db)) as store:
        sid, root = routed_run(store, tmp_path)
        done, first = consult_run(store, sid, root, "dba")
        failed, second = consult_run(store, sid, root, "ops")
        running, third = consult_run(store, sid, root, "web")
        with store.transaction():
            store.update_run(done, status="complete", ended_at=12.5)
            store.update_run(failed, status="failed", ended_at=13.5)
            store.set_waiting(second, "consult_failed")
        with store.transaction():
            store.answer_delegation(second, "person")
        read = [(d.status, d.answered_by, d.answered_at) for d in store.delegations(sid)]
        assert read[0] == ("answered", "dba", 12.5)
        assert read[1][:2] == ("answered", "person") and read[1][2] is not None
        assert read[2] == ("consulting", None, None)
        assert store.delegation(first).status == "answered"
        assert store.delegation(first).answered_by == "dba"
        assert store.delegation(third).status == "consulting"
        assert [d.child_run_id for d in store.delegations(sid)] == [done, failed, running]
