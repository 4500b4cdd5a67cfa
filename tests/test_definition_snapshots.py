"""Each run's agent definition is stored (once per digest), and a resume uses it: runs already
started keep their definition when the agent file changed or is gone; consults started after
the resume use the session's snapshot of an agent that already ran, else the current roster.
Old databases migrate to the snapshot schema. Both backends."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import Harness, blocked, report, workspace, write_agents, write_script
from storefixtures import BACKENDS, is_pg, open_at

from coordinator.errors import UserError
from coordinator.roster.registry import Registry
from coordinator.roster.snapshot import restore, snapshot
from coordinator.roster.spec import AgentSpec
from coordinator.store import session_log
from coordinator.store.db import MIGRATIONS, SCHEMA_VERSION, Store

DOMAINS = {"backend": "backend", "dba": "database", "ops": "devops"}
OUTAGE = {"status": 529, "type": "overloaded_error", "message": "Overloaded"}


def spec(name: str, version: str) -> AgentSpec:
    return AgentSpec(
        name=name,
        description=f"{DOMAINS[name]} specialist",
        domain=DOMAINS[name],
        tools=["Read", "Glob"],
        body=f"You are the {name} specialist, definition {version}.",
        extra={"created": "2026-11-30", "effort": "low"},
    )


def roster(**versions: str) -> Registry:
    return Registry([spec(name, version) for name, version in versions.items()])


def systems(h: Harness, agent: str) -> set[str]:
    """The definition each call of ``agent`` was driven with (the body's last word)."""
    calls = [c for c in h.provider.model.calls if c.agent == agent]
    return {c.system.split("definition ")[1].split(".")[0] for c in calls}


def count_definitions(store: Store) -> int:
    return int(store._rows("SELECT COUNT(*) FROM agent_definitions")[0][0])


def test_a_snapshot_round_trips_and_its_digest_names_the_content() -> None:
    one = spec("backend", "v1")
    snap = snapshot(one)
    assert restore(snap.text) == one
    assert snapshot(restore(snap.text)).digest == snap.digest
    assert snapshot(spec("backend", "v1")).digest == snap.digest
    assert snapshot(spec("backend", "v2")).digest != snap.digest


async def test_a_resume_keeps_each_agents_definition_and_new_agents_come_from_the_roster(
    tmp_path: Path, store_db: str
) -> None:
    first = Harness(
        tmp_path,
        {
            "backend": [
                {"text": blocked("Database", "User schema")},
                {"expect": "[coordinator:resume]", "error": OUTAGE},
            ],
            "dba": [{"text": "email is unique.\n" + report("Complete", "Schema")}],
        },
        registry=roster(backend="v1", dba="v1", ops="v1"),
        store=open_at(store_db),
    )
    started = await first.engine.start("Add an endpoint", agent="backend")
    first.close()
    assert started.status == "interrupted"

    # Another machine: backend and ops changed, dba is gone from its agent files.
    later = Harness(
        tmp_path,
        {
            "backend": [
                {"text": "(served before the resume)"},
                {"expect": "[coordinator:resume]", "text": blocked("Database", "Index names")},
                {"expect": "[coordinator:resume]", "text": blocked("DevOps", "Deploy target")},
                {"expect": "[coordinator:resume]", "text": report("Complete", "Endpoint")},
            ],
            "dba": [{"when": "Index names", "text": "ix_user_email.\n" + report("Complete")}],
            "ops": [{"text": "Fly.io.\n" + report("Complete", "Target")}],
        },
        registry=roster(backend="v2", ops="v2"),
        store=open_at(store_db),
    )
    done = await later.engine.resume(started.session_id)
    assert done.status == "complete"
    assert systems(later, "backend") == {"v1"}  # the run resumed as it started
    assert systems(later, "dba") == {"v1"}  # ran in this session: its snapshot, though gone here
    assert systems(later, "ops") == {"v2"}  # never ran in this session: the current file

    logged = session_log.log_json(later.store, later.store.session(started.session_id))
    runs = [logged["chain"], *[q["consult"] for q in logged["chain"]["questions"]]]
    used = {(r["agent"], r["definition"]) for r in runs}
    assert used == {
        ("backend", snapshot(spec("backend", "v1")).digest),
        ("dba", snapshot(spec("dba", "v1")).digest),
        ("ops", snapshot(spec("ops", "v2")).digest),
    }
    assert len(runs) == 4 and count_definitions(later.store) == 3  # dba's two runs: one copy
    later.close()


async def test_sessions_share_one_copy_and_pruning_drops_unused_ones(
    tmp_path: Path, store_db: str
) -> None:
    script: dict[str, list[dict[str, Any]]] = {"backend": [{"text": report("Complete")}]}
    h = Harness(tmp_path, script, registry=roster(backend="v1"), store=open_at(store_db))
    ids = [(await h.engine.start(f"task {i}", agent="backend")).session_id for i in range(3)]
    h.close()
    changed = Harness(tmp_path, script, registry=roster(backend="v2"), store=open_at(store_db))
    ids.append((await changed.engine.start("task 3", agent="backend")).session_id)
    assert count_definitions(changed.store) == 2
    changed.store.delete_sessions(ids[:3])
    assert count_definitions(changed.store) == 1  # v1 is used by no run left
    (kept,) = changed.store.definitions(ids[3]).values()
    assert (kept.name, kept.digest) == ("backend", snapshot(spec("backend", "v2")).digest)
    changed.close()


async def test_coord_log_json_names_each_runs_definition(tmp_path: Path) -> None:
    h = Harness(
        tmp_path, {"backend": [{"text": report("Complete")}]}, registry=roster(backend="v1")
    )
    sid = (await h.engine.start("Add an endpoint", agent="backend")).session_id
    h.close()
    shown = coord("log", sid, "--db", str(h.db), "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["chain"]["definition"] == snapshot(spec("backend", "v1")).digest


async def test_an_unreadable_snapshot_of_a_changed_agent_is_one_clear_error(
    tmp_path: Path,
) -> None:
    script = {"backend": [{"error": OUTAGE}]}
    h = Harness(tmp_path, script, registry=roster(backend="v1"))
    sid = (await h.engine.start("Add an endpoint", agent="backend")).session_id
    h.store._write("UPDATE agent_definitions SET spec = '{\"name\": 1}'")
    h.close()
    later = Harness(tmp_path, script, registry=roster(backend="v2"))
    with pytest.raises(UserError, match=r"stored definition of agent backend .* cannot be read"):
        await later.engine.resume(sid)
    later.close()


def test_coord_resume_drives_a_run_whose_agent_file_was_removed(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents", "backend", "dba")
    outage = write_script(tmp_path / "a.yaml", {"backend": [{"error": OUTAGE}]})
    common = ("--agents-dir", agents, "--only", "--provider", "scripted")
    ran = coord("run", "Add an endpoint", "--agent", "backend", *common, "--script", outage,
                "--json", cwd=ws)  # fmt: skip
    assert ran.returncode != 0 and "interrupted" in ran.stdout
    sid = json.loads(ran.stdout)["session"]
    (agents / "backend.md").unlink()  # this machine no longer has the agent
    script = write_script(tmp_path / "b.yaml", {"backend": [{"text": report("Complete")}]})
    resumed = coord("resume", sid, *common, "--script", script, cwd=ws)
    assert resumed.returncode == 0, resumed.stderr
    logged = json.loads(coord("log", sid, "--json", cwd=ws).stdout)
    (started,) = [e for e in logged["events"] if e["kind"] == "run_started"]
    assert started["definition"] == logged["chain"]["definition"] is not None  # audit104


def test_secrets_in_a_definition_never_reach_the_store(store: Store) -> None:
    key = "sk-ant-api03-" + "x" * 40
    leaky = spec("backend", "v1").model_copy(
        update={"extra": {"mcpServers": {"api": {"env": {"TOKEN": key}}}}}
    )
    snap = snapshot(leaky)
    sid = store.create_session("r", Path("."), {})
    store.save_definition(snap.digest, snap.name, snap.source, snap.text)
    store.start_run(
        sid, agent="backend", model="m", depth=0, max_turns=1,
        first_message={"role": "user", "content": "hi"}, definition=snap.digest,
    )  # fmt: skip
    (stored,) = store.definitions(sid).values()
    assert key not in stored.spec
    assert restore(stored.spec).extra["mcpServers"]["api"]["env"]["TOKEN"] != key


def submit_glob_run(tmp_path: Path, url: str) -> tuple[str, Path]:
    """``coord run --detach`` of a backend run whose first step is a Glob (a tool only the
    submitted definition allows); the session id and the agents folder it remembers."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents", "backend")
    glob = {"name": "Glob", "input": {"pattern": "app/*.py"}}
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"tool_calls": [glob]}, {"text": report("Complete")}]}
    )
    submitted = coord(
        "run", "Add an endpoint", "--agent", "backend", "--workspace", ws, "--db", url,
        "--detach", "--provider", "scripted", "--script", script, "--agents-dir", agents, "--only",
    )  # fmt: skip
    assert submitted.returncode == 0, submitted.stderr
    return submitted.stdout.strip(), agents


def drive_on_a_worker(url: str, sid: str, said: list[str]) -> Any:
    """Claim and drive ``sid`` as a worker does; the store, after the session completed
    with its Glob call allowed (the run used the definition it was submitted with)."""
    from coordinator.providers.pool import ProviderPool
    from coordinator.runtime.worker import drive_claimed
    from coordinator.store.pg import PgStore

    store = PgStore.connect(url)
    assert store.claim_session(sid, "w1") is not None
    providers = ProviderPool()

    async def drive() -> int:
        try:
            return await drive_claimed(store, said.append, providers)
        finally:
            await providers.aclose()

    assert asyncio.run(drive()) == 1
    assert store.session(sid).status == "complete"
    (call,) = store.all_tool_calls(sid)
    assert (call.name, call.is_error) == ("Glob", False)
    return store


def test_a_worker_with_other_agent_files_drives_the_submitted_definition(
    tmp_path: Path, pg_fresh: str
) -> None:
    from coordinator.roster.loader import load_registry

    sid, agents = submit_glob_run(tmp_path, pg_fresh)
    # The worker's copy of the agent lost Glob; the submitted definition still has it.
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend specialist\ntools: Read\n---\nChanged.\n",
        encoding="utf-8",
    )
    here = snapshot(load_registry([agents], only=True, cache=False).get("backend")).digest
    with closing(drive_on_a_worker(pg_fresh, sid, [])) as store:
        (used,) = store.definitions(sid)
        assert used != here


def test_a_worker_without_the_remembered_agents_folder_drives_the_stored_definition(
    tmp_path: Path, pg_fresh: str
) -> None:
    import shutil

    sid, agents = submit_glob_run(tmp_path, pg_fresh)
    shutil.rmtree(agents)  # the worker's machine has no such folder
    said: list[str] = []
    drive_on_a_worker(pg_fresh, sid, said).close()
    assert any(f"agents folder {agents} is not on this machine" in line for line in said), said


def test_a_definition_being_taken_up_is_not_pruned_under_it(pg_fresh: str) -> None:
    from coordinator.store.faults import StoreError

    snap = snapshot(spec("backend", "v1"))
    with closing(open_at(pg_fresh)) as starting, closing(open_at(pg_fresh)) as pruning:
        old = starting.create_session("old", Path("."), {})
        with starting.transaction():
            starting.save_definition(snap.digest, snap.name, snap.source, snap.text)
            starting.start_run(
                old, agent="backend", model="m", depth=0, max_turns=1,
                first_message={"role": "user", "content": "hi"}, definition=snap.digest,
            )  # fmt: skip
        new = starting.create_session("new", Path("."), {})
        pruning._pg.run("SET lock_timeout = '200ms'")
        with starting.transaction():  # a new run takes the definition up ...
            starting.save_definition(snap.digest, snap.name, snap.source, snap.text)
            with pytest.raises(StoreError):  # ... so pruning its last user waits for it
                pruning.delete_sessions([old])
            starting.start_run(
                new, agent="backend", model="m", depth=0, max_turns=1,
                first_message={"role": "user", "content": "hi"}, definition=snap.digest,
            )  # fmt: skip
        pruning.delete_sessions([old])
        assert list(pruning.definitions(new)) == [snap.digest]


# ---- migration from the schema before snapshots ------------------------------------------

OLD_ROWS = [
    (
        "INSERT INTO sessions (id, request, workspace, status, options, created_at, updated_at)"
        " VALUES (?, 'Add an endpoint', ?, 'interrupted', '{}', 1.0, 1.0)"
    ),
    (
        "INSERT INTO runs (session_id, agent, model, depth, status, max_turns, started_at)"
        " VALUES (?, 'backend', 'claude-sonnet-5-5', 0, 'running', 20, 1.0)"
    ),
    "INSERT INTO messages (run_id, idx, role, content) VALUES (1, 0, 'user', '\"Add it\"')",
]


def schema_2_database(db: str, sid: str, ws: Path) -> None:
    """A database as the coordinator before snapshots left it: one interrupted session."""
    params = [(sid, str(ws)), (sid,), ()]
    if not is_pg(db):
        with closing(sqlite3.connect(db, isolation_level=None)) as con:
            for migration in MIGRATIONS[:2]:
                migration(con)
            for sql, values in zip(OLD_ROWS, params, strict=True):
                con.execute(sql, values)
            con.execute("PRAGMA user_version = 2")
        return
    import psycopg

    from coordinator.store.pg import Connection

    with psycopg.connect(db, autocommit=True) as raw:
        con: Any = Connection(raw)
        with raw.transaction():
            for migration in MIGRATIONS[:2]:
                migration(con)
            for sql, values in zip(OLD_ROWS, params, strict=True):
                con.execute(sql, values)
            raw.execute("CREATE TABLE coordinator_schema (version INTEGER NOT NULL)")
            raw.execute("INSERT INTO coordinator_schema VALUES (2)")


@pytest.fixture(params=BACKENDS)
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with nothing in it yet (no schema)."""
    if request.param == "sqlite":
        return str(tmp_path / "old.db")
    return str(request.getfixturevalue("pg_url"))


def schema_version(store: Store) -> int:
    if is_pg(str(store.location())):
        return int(store._rows("SELECT version FROM coordinator_schema")[0][0])
    return int(store._rows("PRAGMA user_version")[0][0])


async def test_a_database_before_snapshots_migrates_and_its_sessions_resume(
    tmp_path: Path, empty_db: str
) -> None:
    sid = "0123456789ab"
    ws = tmp_path / "ws"
    ws.mkdir()
    schema_2_database(empty_db, sid, ws)
    h = Harness(
        tmp_path,
        {"backend": [{"text": report("Complete")}]},
        registry=roster(backend="v1"),
        store=open_at(empty_db),
    )
    assert schema_version(h.store) == SCHEMA_VERSION
    assert [r.definition for r in h.store.runs(sid)] == [None]  # its run predates snapshots
    done = await h.engine.resume(sid)
    assert done.status == "complete"
    assert systems(h, "backend") == {"v1"}  # an old run resumes from the roster, as before
    assert session_log.log_json(h.store, h.store.session(sid))["chain"]["definition"] is None
    h.close()


async def test_one_engine_drives_a_resumed_run_with_its_own_definition_after_a_newer_one(
    tmp_path: Path, store_db: str
) -> None:
    """An engine that already drove the current file of an agent (a worker, a batch) still
    gives a resumed run its stored definition: its own prompt and tools, not the newer ones."""
    first = Harness(
        tmp_path,
        {"backend": [{"text": blocked("Database", "User schema")}, {"error": OUTAGE}]},
        registry=roster(backend="v1", dba="v1"),
        store=open_at(store_db),
    )
    started = await first.engine.start("Add an endpoint", agent="backend")
    first.close()
    newer = spec("backend", "v2")
    newer.tools = ["Read", "Glob", "Write", "Bash"]
    later = Harness(
        tmp_path,
        {
            "backend": [
                {"text": report("Complete", "Other work")},
                {"expect": "[coordinator:resume]", "text": report("Complete", "Endpoint")},
            ],
            "dba": [{"text": "email is unique.\n" + report("Complete", "Schema")}],
        },
        registry=Registry([newer, spec("dba", "v1")]),
        store=open_at(store_db),
    )
    other = await later.engine.start("Something else", agent="backend")
    # its consult failed (dba had no turn): run again on purpose (ops69: a bare resume
    # asks the failed consult's question again and calls no model)
    done = await later.engine.resume(started.session_id, retry_consult=True)
    assert (other.status, done.status) == ("complete", "complete")
    calls = [c for c in later.provider.model.calls if c.agent == "backend"]
    versions = [c.system.split("definition ")[1].split(".")[0] for c in calls]
    tools = [sorted(c.tools) for c in calls]
    assert versions == ["v2", "v1"]
    assert tools[0] != tools[1] and "Bash" not in tools[1]
    later.close()
