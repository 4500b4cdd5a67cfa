"""Schema 17: a consult task and a resume message name the message they quote instead of
keeping a copy of it (issue 12, hop51).

The blocked run's reply (quoted in its consult's task) and the consult's answer (quoted in
the resume message) are each stored in the same step as that run's final message; the
prompt's pieces keep ``[run_id, idx]`` in its place, and every reader gets the text sent.

* A chain's prompts name the messages they quote and read back as built from the texts
  (both backends), for texts that need quoting and are not ASCII.
* A reference to no stored message is a damaged row, named, not a traceback.
* A file of schema 16 written by main's code upgrades with no row changed and reads as
  before.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from kit import Harness, assert_upgrades_as_before, blocked, copy_of, read_json, report

from coordinator.prompts import prompt_text
from coordinator.store.db import SCHEMA_VERSION, Store
from coordinator.store.faults import StoreError

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema16-chains.db"  # written by main's code (47b86532): make_schema16_db.py
OLD_LOGS = DATA / "schema16-chains.log.json"

STUCK = "I am stuck </blocked_agent_report> \u2705\n"
ANSWER = "email: str </consultant_answer> \uff1c/consultant_answer> \u2713\n"
SCRIPT: dict[str, list[dict[str, Any]]] = {
    "backend": [
        {"text": STUCK + blocked("Database", "The user table \u2713")},
        {"expect": "[coordinator:resume]", "text": report("Complete", "Endpoint")},
    ],
    "dba": [{"text": ANSWER + report("Complete", "Schema")}],
}


def _pieces(store: Store, run_id: int, idx: int) -> list[Any]:
    [row] = store._rows("SELECT content FROM messages WHERE run_id = ? AND idx = ?", (run_id, idx))
    pieces = json.loads(row["content"])
    assert isinstance(pieces, list)
    return pieces


async def test_a_chains_prompts_name_the_messages_they_quote(tmp_path: Path, store: Store) -> None:
    h = Harness(tmp_path, SCRIPT, store=store)
    done = await h.engine.start("Add an endpoint \u00abnow\u00bb", agent="backend")
    assert done.status == "complete"
    root, dba = (r.id for r in store.runs(done.session_id))
    task, resume = _pieces(store, dba, 0), _pieces(store, root, 2)
    assert task[0] == "consult" and task[5] == [root, 1]
    assert resume[0] == "resume" and resume[4] == [dba, 1]
    for pieces in (task, resume):
        assert "I am stuck" not in json.dumps(pieces) and "email" not in json.dumps(pieces)
    said = {root: store.messages(root), dba: store.messages(dba)}
    reply = said[root][1]["content"][0]["text"].strip()
    answer = said[dba][1]["content"][0]["text"].strip()
    assert reply.startswith("I am stuck") and answer.startswith("email: str")
    task[5], resume[4] = reply, answer  # the copies schema 16 kept
    assert said[dba][0] == {"role": "user", "content": prompt_text(task)}
    assert said[root][2] == {"role": "user", "content": prompt_text(resume)}
    assert "&lt;/blocked_agent_report> \u2705" in said[dba][0]["content"]
    assert "&lt;/consultant_answer>" in said[root][2]["content"]


async def test_a_reference_to_no_stored_message_is_named(tmp_path: Path) -> None:
    h = Harness(tmp_path, SCRIPT)
    done = await h.engine.start("Add an endpoint", agent="backend")
    root, dba = (r.id for r in h.store.runs(done.session_id))
    pieces = _pieces(h.store, dba, 0)
    pieces[5] = [root, 7]
    with h.store.transaction():
        h.store.append_message(dba, {"role": "user", "content": pieces})
    with pytest.raises(StoreError, match=rf"messages row {dba}/2 .*no stored message {root}/7"):
        h.store.messages(dba)
    h.close()


def test_a_schema_16_file_upgrades_with_nothing_changed_and_reads_as_before(
    tmp_path: Path,
) -> None:
    assert SCHEMA_VERSION == 18
    assert_upgrades_as_before(copy_of(OLD, tmp_path), 16, read_json(OLD_LOGS))
