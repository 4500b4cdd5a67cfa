"""The store interface on both backends: a SQLite file and a real PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from storefixtures import BACKENDS

from coordinator.config import load_settings
from coordinator.errors import UserError
from coordinator.events import Routed
from coordinator.store import run_tree
from coordinator.store.backends import open_store
from coordinator.store.db import Store


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """What ``--db`` names for each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return str(request.getfixturevalue("pg_fresh"))


def opened(db: str, ws: Path) -> Store:
    return open_store(load_settings(None, None, {"db": db}), ws)


@pytest.fixture
def store(db: str, tmp_path: Path) -> Iterator[Store]:
    with closing(opened(db, tmp_path)) as s:
        yield s


def test_the_url_selects_postgres_and_a_path_sqlite(db: str, store: Store) -> None:
    kind = type(store).__name__
    assert kind == ("PgStore" if db.startswith("postgresql://") else "Store")
    assert str(store.location()) == db


def test_reopening_keeps_the_data(db: str, tmp_path: Path) -> None:
    with closing(opened(db, tmp_path)) as s:
        sid = s.create_session("req", tmp_path, {"only": True})
    with closing(opened(db, tmp_path)) as s:
        row = s.session(sid)
        assert (row.request, row.status, row.options) == ("req", "running", {"only": True})
        assert [r.id for r in s.sessions("running")] == [sid]


def test_a_failed_transaction_writes_nothing(store: Store, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.create_session("lost", tmp_path, {})
        raise RuntimeError("boom")
    assert store.sessions() == []


def test_prefixes_resolve_and_unknown_ids_are_user_errors(store: Store, tmp_path: Path) -> None:
    sid = store.create_session("a", tmp_path, {})
    assert store.session(sid[:6]).id == sid
    with pytest.raises(UserError, match="unknown session"):
        store.session("zz%_")


def test_a_chain_round_trips(store: Store, tmp_path: Path) -> None:
    sid = store.create_session("Створи endpoint", tmp_path, {})
    with store.transaction():
        root = store.start_run(
            sid,
            agent="backend",
            model="m",
            depth=0,
            max_turns=5,
            first_message={"role": "user", "content": "task"},
        )
        child = store.start_run(
            sid,
            agent="dba",
            model="m",
            depth=1,
            max_turns=5,
            parent_run_id=root,
            domain="Database",
            first_message={"role": "user", "content": "ask"},
        )
        store.add_event(Routed(sid, None, "Створи endpoint", "backend"))
    assert child != root
    store.append_message(root, {"role": "assistant", "content": [{"type": "text", "text": "ok"}]})
    assert [m["role"] for m in store.messages(root)] == ["user", "assistant"]
    store.update_run(root, turns=2, cost_usd=0.5, status="complete")
    assert (store.run(root).turns, store.run(root).cost_usd) == (2, 0.5)
    did = store.add_delegation(
        sid, root, domain="Database", blocker="b", required="r", child_run_id=child
    )
    store.answer_delegation(did, "dba")
    assert store.delegation(did).status == "answered"
    store.tool_started(root, 1, "t1", "Write", {"file_path": "a.py"})
    store.tool_done(root, 1, "t1", "ok", False)
    call = store.tool_calls(root, 1)["t1"]
    assert (call.state, call.is_error, store.tool_input(call)) == (
        "done",
        False,
        {"file_path": "a.py"},
    )
    assert [c.tool_use_id for c in store.all_tool_calls(sid)] == ["t1"]
    assert [e.kind for e in store.events(sid)] == ["routed"]
    tree = run_tree.chain_of(store, sid)
    assert tree is not None and tree.run.agent == "backend"
    assert [q.consult.run.agent for q in tree.questions if q.consult] == ["dba"]


def test_a_session_lock_is_exclusive_between_stores(db: str, store: Store, tmp_path: Path) -> None:
    sid = store.create_session("a", tmp_path, {})
    store.lock_session(sid)
    with closing(opened(db, tmp_path)) as other:
        assert other.session_in_use(sid)
        with pytest.raises(UserError, match="in use"):
            other.lock_session(sid)
    store.unlock_session(sid)
    assert store.session(sid).status == "interrupted"  # let go while still running
    with closing(opened(db, tmp_path)) as other:
        other.lock_session(sid)
        other.unlock_session(sid)


def test_foreign_keys_hold(store: Store) -> None:
    # a run names its session by id on PostgreSQL (a foreign key) and by number on SQLite
    # (schema 7: an id with no session has none)
    refused = r"(?i)foreign key|NOT NULL constraint failed: runs\.session_no"
    with pytest.raises(Exception, match=refused):
        store.start_run(
            "no-such-session",
            agent="a",
            model="m",
            depth=0,
            max_turns=1,
            first_message={"role": "user", "content": "hi"},
        )


def test_coord_db_and_the_user_config_name_a_url_and_a_path_stays_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("db: postgresql://team@db.internal/coord\n", encoding="utf-8")
    assert load_settings(None, config).db == "postgresql://team@db.internal/coord"
    monkeypatch.setenv("COORD_DB", "postgres://ci@127.0.0.1:5433/c")
    assert load_settings(None, config).db == "postgres://ci@127.0.0.1:5433/c"
    assert load_settings(None, config, {"db": "x.db"}).db == Path("x.db")  # the flag wins


def test_a_database_that_cannot_be_reached_is_one_clear_error(tmp_path: Path) -> None:
    from cli import coord

    ran = coord("sessions", "--db", "postgresql://nobody:secret@127.0.0.1:1/none")
    assert ran.returncode == 4
    assert "cannot connect to the session database" in ran.stderr
    assert "secret" not in ran.stderr and "Traceback" not in ran.stderr


def test_file_commands_and_worker_help_never_import_psycopg_or_procrastinate(
    tmp_path: Path,
) -> None:
    from cli import coord_probe

    for args in (("sessions", "--db", str(tmp_path / "s.db")), ("worker", "--help")):
        probe = coord_probe(*args)
        assert not any(m.startswith(("psycopg", "procrastinate")) for m in probe.modules), args


def test_sessions_and_log_read_either_store(db: str, store: Store, tmp_path: Path) -> None:
    from cli import coord

    sid = store.create_session("shared request", tmp_path, {})
    listed = coord("sessions", "--db", db, "--json")
    assert listed.returncode == 0, listed.stderr
    assert sid in listed.stdout
    shown = coord("log", sid, "--db", db, "--json")
    assert shown.returncode == 0, shown.stderr
    assert "shared request" in shown.stdout


def test_store_sql_is_translated_for_postgres() -> None:
    pytest.importorskip("psycopg", reason="psycopg absent: pip install 'coordinator[postgres]'")
    from coordinator.store.pg import translate_sql

    assert translate_sql("SELECT * FROM s WHERE id = ? ORDER BY rowid", ("a",)) == (
        "SELECT * FROM s WHERE id = %s ORDER BY rowid"  # a real column on PostgreSQL
    )
    assert translate_sql(
        "UPDATE runs SET turns = :turns WHERE id = :id", {"turns": 1, "id": 2}
    ) == ("UPDATE runs SET turns = %(turns)s WHERE id = %(id)s")
    assert translate_sql("SELECT 1 WHERE instr(lower(r), lower(?)) > 0", ("x",)) == (
        "SELECT 1 WHERE strpos(lower(r), lower(%s)) > 0"
    )
    assert translate_sql("INSERT INTO runs (a) VALUES (?)", (1,)).endswith("RETURNING id")
    assert "GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" in translate_sql(
        "CREATE TABLE e (seq INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL)", ()
    )


def test_reads_bind_text_that_was_not_utf8_on_both_backends(store: Store, tmp_path: Path) -> None:
    """A byte of an argument that is not UTF-8 (Python's lone surrogate) matches nothing
    stored and ends in no traceback: the listing and the lookup say so as for any text."""
    from coordinator.store.rows import SessionQuery

    sid = store.create_session("add the caf\u00e9 menu", tmp_path, {})
    assert store.find_sessions(SessionQuery(search="caf\udcff")) == []
    assert [s.row.id for s in store.find_sessions(SessionQuery(search="caf\u00e9"))] == [sid]
    with pytest.raises(UserError):
        store.session("\udcff" + sid[1:])


def test_an_events_logged_time_reads_back_as_the_journal_told_it(
    store: Store, tmp_path: Path
) -> None:
    """The time the store says it logged an event at (what the journal tells observers:
    a live trace derives a resumed process's span id from it) is the one its log gives
    back, to the ns as a replayed trace reads it (``logged_ns``), on either backend."""
    from coordinator.events import SessionResumed, logged_ns

    sid = store.create_session("req", tmp_path, {})
    told = [store.add_event(Routed(sid, None, "req", "backend"))]
    with store.transaction():
        run = store.start_run(sid, agent="backend", model="m", depth=0, max_turns=3,
                              first_message={"role": "user", "content": "go"})  # fmt: skip
        told += store.record_step(run, None, None, [SessionResumed(sid, None)] * 2)
    logged = [logged_ns(row.at) for row in store.events(sid)]
    assert logged == [logged_ns(at / 1e9) for at in told]
