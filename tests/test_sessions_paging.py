"""``coord sessions`` reads one page of the newest sessions with one statement, however
many sessions are stored, with each session's first agent and totals."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from cli import coord

from coordinator.store import listing
from coordinator.store.db import SessionQuery, Store


def _fill(store: Store, ws: Path, count: int) -> list[str]:
    """``count`` sessions with a root run and a consult each; ids oldest first."""
    ids = []
    for i in range(count):
        sid = store.create_session(f"request {i}", ws, {})
        first = {"role": "user", "content": "hi"}
        root = store.start_run(
            sid, agent=f"root{i}", model="m", depth=0, max_turns=5, first_message=first
        )
        store.update_run(root, input_tokens=10, output_tokens=5, cost_usd=0.5)
        child = store.start_run(
            sid,
            agent="consultant",
            model="m",
            depth=1,
            max_turns=5,
            first_message=first,
            parent_run_id=root,
        )
        store.update_run(child, input_tokens=1, cache_read_tokens=2, cost_usd=0.25)
        store.set_session_status(sid, "complete")
        ids.append(sid)
    return ids


def test_a_page_is_the_newest_with_totals_in_one_statement(tmp_path: Path) -> None:
    with closing(Store.open(tmp_path / "s.db")) as store:
        ids = _fill(store, tmp_path, 30)
        statements: list[str] = []
        store._db.set_trace_callback(statements.append)  # observe the SQL sent, not timings
        lines = listing.session_lines(store, SessionQuery(limit=10), None)
        store._db.set_trace_callback(None)
        assert [line.row.id for line in lines] == ids[::-1][:10]
        first = lines[0]
        assert (first.agent, first.tokens, first.cost) == ("root29", 18, 0.75)
        selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        assert len(selects) == 1  # the page with its agents and totals, not a query per row
        everything = listing.session_lines(store, SessionQuery(), None)
        assert len(everything) == 30


def test_the_page_query_uses_the_age_index(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store.open(db).close()
    with closing(sqlite3.connect(db)) as con:
        plan = " ".join(
            str(row[-1])
            for row in con.execute(
                "EXPLAIN QUERY PLAN SELECT * FROM sessions ORDER BY created_at DESC, rowid DESC"
                " LIMIT 50"
            )
        )
    assert "sessions_by_created" in plan and "TEMP B-TREE" not in plan


def test_coord_sessions_shows_a_default_page(tmp_path: Path) -> None:
    with closing(Store.open(tmp_path / ".coordinator" / "coordinator.db")) as store:
        ids = _fill(store, tmp_path, 55)
    table = coord("sessions", "--workspace", tmp_path, env={"COLUMNS": "200"})
    assert table.returncode == 0, table.stderr
    assert ids[-1] in table.stdout and ids[35] in table.stdout and ids[34] not in table.stdout
    listed = json.loads(coord("sessions", "--workspace", tmp_path, "--limit", "3", "--json").stdout)
    assert [s["session"] for s in listed] == ids[::-1][:3]
    assert listed[0]["agent"] == "root54" and listed[0]["tokens"] == 18
    every = json.loads(coord("sessions", "--workspace", tmp_path, "--limit", "99", "--json").stdout)
    assert len(every) == 55
    bad = coord("sessions", "--workspace", tmp_path, "--limit", "-1")
    assert bad.returncode == 4
