"""Schema 15: a run's and a consult's events keep only what no run's row holds (issue 12,
hop48).

``model_call``, ``report``, ``blocked``, ``run_ended``, ``resumed`` no longer repeat their
run's agent, ``run_started`` its run's row (all but the provider), ``consult_started`` and
``consult_done`` their consult's agent and domain: such a payload is a JSON array of the
other fields, and every reader puts the fields back from the rows.

* Every event reads back exactly as the engine emitted it (its observers' copy), on both
  backends, for chains of every kind: tool calls, nested consults, a person's answer, a
  failed consult, a repaired report, a failed run, a turn limit.
* The same chains written by this code print what main's code printed for them
  (``coord log --json``, ``coord log``, ``coord sessions --json``).
* A file of schema 14 written by main's code upgrades with no row changed and reads as
  before; a stored array that does not fit its kind is a named bad row.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from kit import (
    Harness,
    as_logged_before,
    assert_upgrades_as_before,
    blocked,
    copy_of,
    drawn_before,
    read_json,
    report,
    rows,
)
from storefixtures import open_at

from coordinator import events as ev
from coordinator.store.db import SCHEMA_VERSION, Store
from coordinator.store.faults import StoreError
from coordinator.store.payloads import LAYOUT

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema14-chains.db"  # written by main's code (80acbeed): make_schema14_db.py
OLD_LOGS = DATA / "schema14-chains.log.json"
LOOK = {"tool_calls": [{"name": "Glob", "input": {"pattern": "*.md"}}]}


def _stored(store: Store, sid: str) -> list[tuple[str, Any]]:
    """Each of the session's events as stored: its kind and its payload's JSON."""
    found = store._rows("SELECT kind, data FROM events WHERE session_id = ? ORDER BY seq", (sid,))
    return [(r[0], json.loads(r[1]) if isinstance(r[1], str) else r[1]) for r in found]


async def _sessions(h: Harness) -> list[str]:
    """Chains of every kind through ``h``'s engine (its script: :data:`SCRIPT`)."""
    nested = await h.engine.start("Add a task endpoint", agent="backend")
    asked = await h.engine.start("Add tests", agent="web")
    answered = await h.engine.resume(asked.session_id, context='Use "pytest" ✓')
    failed = await h.engine.start("Deploy it", agent="web")
    repaired = await h.engine.start("Write docs", agent="ops")
    limited = await h.engine.start("Look around", agent="backend")
    assert [r.status for r in (nested, answered, failed, repaired, limited)] == [
        "complete",
        "complete",
        "waiting",
        "needs_review",
        "failed",
    ]
    ids = (nested, answered, failed, repaired, limited)
    return [r.session_id for r in ids]


def _when(text: str, *turns: dict[str, Any]) -> list[dict[str, Any]]:
    """``turns`` served to a conversation whose first message holds ``text``."""
    return [{**turn, "when": text} for turn in turns]


#: backend: tool calls, then blocked on database (dba blocked on devops: nested); a consult
#: that fails (web's, on backend); a turn limit (``Look around``). web: a question for a
#: person, then answered. ops: a report repaired once.
SCRIPT: dict[str, list[dict[str, Any]]] = {
    "backend": [
        *_when(
            "Add a task endpoint",
            LOOK,
            {"text": blocked("Database", "Current User model schema", "Owner email unknown")},
            {"expect": "[coordinator:resume]", "text": report("Complete", "Task endpoint ✓")},
        ),
        *_when("The API's URL", {"text": "No.", "stop_reason": "refusal"}),
        *_when("Look around", LOOK, LOOK, LOOK),
    ],
    "dba": [
        {"text": blocked("DevOps", "The region")},
        {"expect": "[coordinator:resume]", "text": report("Complete", "User schema")},
    ],
    "ops": [
        *_when("The region", {"text": report("Complete", "eu-west ✓")}),
        *_when(
            "Write docs",
            {"text": "I did it all, trust me."},
            {"expect": "[coordinator:report-error]", "text": report("Needs Review", "Docs")},
        ),
    ],
    "web": [
        *_when(
            "Add tests",
            {"text": blocked("Payments", "Which provider?")},
            {"expect": "A person answered", "text": report("Complete", "Tests")},
        ),
        *_when("Deploy it", {"text": blocked("Backend", "The API's URL")}),
    ],
}


async def test_every_event_reads_back_as_the_engine_emitted_it(
    tmp_path: Path, store: Store
) -> None:
    h = Harness(tmp_path, SCRIPT, store=store, max_turns=3)
    sessions = await _sessions(h)
    emitted: dict[str, list[tuple[str, int | None, dict[str, Any]]]] = {}
    for e in h.events:
        as_json = json.loads(json.dumps(e.data()))  # (a tuple is stored as an array)
        emitted.setdefault(e.session_id, []).append((e.kind, e.run_id, as_json))
    kinds = set()
    for sid in sessions:
        read = [(e.kind, e.run_id, e.data) for e in store.events(sid)]
        assert read == emitted[sid]
        for kind, data in _stored(store, sid):
            assert isinstance(data, list) == (kind in LAYOUT), (kind, data)
            kinds.add(kind)
    assert kinds >= set(LAYOUT)  # every kind of the new form met


def test_the_layout_names_every_field_of_its_event_in_order() -> None:
    """A field added to an event class is kept until the layout names it (the class's
    payload is then stored whole: :func:`~coordinator.store.payloads._learn`)."""
    events = [c for c in vars(ev).values() if isinstance(c, type) and issubclass(c, ev.Event)]
    # (a subclass of the same kind, ConsultChosen, is stored whole: it names more fields)
    classes = {c.kind: c for c in events if c.kind in LAYOUT and c.__base__ is ev.Event}
    assert set(classes) == set(LAYOUT)
    for kind, cls in classes.items():
        names = [f.name for f in fields(cls) if f.name not in ("session_id", "run_id")]
        assert [name for name, _ in LAYOUT[kind]] == names


#: Keys whose values are times, durations or folders (not what the store's format decides).
_ZEROED = frozenset({"at", "created_at", "workspace", "db", "ms", "model_ms", "seconds"})


def _normal(value: Any, ids: list[str]) -> Any:
    """``value`` with its times, durations and folders zeroed and the sessions' ids
    numbered (a model call of the instant double takes a millisecond or more under load)."""
    if isinstance(value, dict):
        return {_normal(k, ids): 0 if k in _ZEROED else _normal(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v, ids) for v in value]
    if isinstance(value, str):
        value = drawn_before(value)  # (a tree's head says when its session started)
        for n, sid in enumerate(ids):
            value = value.replace(sid, f"session {n}")
        return re.sub(r"\b\d+\.\ds\b", "0.0s", re.sub(r"/tmp/\w+", "/tmp", value))
    return value


def test_the_same_chains_written_now_print_what_main_printed(tmp_path: Path) -> None:
    """The chains and events of ``make_schema14_db.py``, written by this code (each event
    as the engine makes it), print what main's code printed for them."""
    made = subprocess.run(
        [sys.executable, str(DATA / "make_schema14_db.py"), str(DATA.parents[1]),
         str(tmp_path / "new.db"), str(SCHEMA_VERSION)],
        capture_output=True, text=True, cwd=DATA,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    new, old = read_json(tmp_path / "new.log.json"), read_json(OLD_LOGS)
    for logs in (new, old):
        del logs["messages"]  # (a consult task's boundaries are random)
    new["sessions"] = [
        {k: v for k, v in s.items() if k in before}
        for s, before in zip(new["sessions"], old["sessions"], strict=True)
    ]  # fields added since (ci46's question, resume) are another test's
    for sid in new["text"]:  # as are the questions' times (audit46)
        new[sid] = as_logged_before(new[sid])
    assert _normal(new, list(new["text"])) == _normal(old, list(old["text"]))
    stored = rows(tmp_path / "new.db", "SELECT kind, data FROM events")
    assert {kind for kind, data in stored if data.startswith("[")} == set(LAYOUT)


def test_a_schema_14_file_upgrades_with_nothing_changed_and_reads_as_before(
    tmp_path: Path,
) -> None:
    assert SCHEMA_VERSION == 18
    assert_upgrades_as_before(copy_of(OLD, tmp_path), 14, read_json(OLD_LOGS))


@pytest.mark.parametrize(
    ("kind", "data", "why"),
    [
        ("run_ended", '["complete"]', "a run_ended event of 1 values"),
        ("consult_done", '["complete", 99]', "of run 99, which the session does not have"),
        ("report", '["complete", "s", null, 0]', "of run None"),
    ],
)
def test_a_stored_array_that_does_not_fit_its_kind_is_a_named_bad_row(
    tmp_path: Path, kind: str, data: str, why: str
) -> None:
    store = open_at(str(tmp_path / "s.db"))
    try:
        sid = store.create_session("r", Path("/w"), {})
        run = store.start_run(
            sid,
            agent="backend",
            model="m",
            depth=0,
            max_turns=9,
            first_message={"role": "user", "content": "t"},
        )
        at = None if "None" in why else run
        store._execute(
            "INSERT INTO events (session_id, run_id, kind, data, at) VALUES (?, ?, ?, ?, 1.0)",
            (sid, at, kind, data),
        )
        with pytest.raises(StoreError, match=rf"events row 1 .* data \(.*{re.escape(why)}"):
            store.events(sid)
    finally:
        store.close()
