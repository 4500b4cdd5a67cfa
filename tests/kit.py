"""The test kit: helpers shared by the engine, store, batch and CLI tests (no tests here).

Agents are built in code (a Registry of AgentSpec) or written as agent files for the CLI;
models are the real scripted provider fed a script written in the test.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import json
import os
import re
import select
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli import coord
from fake_messages_server import QuietServer

from coordinator.config import Settings
from coordinator.events import Event, Routed
from coordinator.providers.base import ModelRequest, ModelResponse, Usage
from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import SessionExtras
from coordinator.store.db import Store

REPO = Path(__file__).resolve().parents[1]
DEMO_WORKSPACE = REPO / "coordinator" / "demo" / "workspace"
#: Marks for a test that needs bubblewrap, the mcp extra or the otel extra (skipped without).
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
needs_mcp = pytest.mark.skipif(
    importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"
)
needs_otel = pytest.mark.skipif(
    importlib.util.find_spec("opentelemetry") is None, reason="the otel extra is absent"
)

#: name -> (domain, tools)
TEAM: dict[str, tuple[str, list[str]]] = {
    "backend": ("backend", ["Read", "Write", "Edit", "Glob", "Grep"]),
    "dba": ("database", ["Read", "Glob", "Grep"]),
    "ops": ("devops", ["Read", "Glob"]),
    "web": ("frontend", ["Read", "Glob"]),
}


DESCRIPTIONS = {
    "backend": "Backend specialist: FastAPI endpoints, API routes, Pydantic schemas, services.",
    "dba": "Database specialist: database schema, indexes, SQL queries, migrations, models.",
    "ops": "DevOps specialist: Docker, CI pipelines, deployment, infrastructure.",
    "web": "Frontend specialist: React components, pages, UI state, CSS.",
}


def team(*names: str) -> Registry:
    """A roster of the TEAM agents named (all of them by default)."""
    chosen = names or tuple(TEAM)
    return Registry(
        [
            AgentSpec(
                name=n,
                description=f"{TEAM[n][0]} specialist",
                domain=TEAM[n][0],
                tools=TEAM[n][1],
                body=f"You are the {TEAM[n][0]} specialist.",
            )
            for n in chosen
        ]
    )


def for_domain(
    registry: Registry, domain: str, overrides: dict[str, str] | None = None
) -> AgentSpec | None:
    """The agent answering for ``domain`` when nothing is known of the question: the one the
    config's ``domains:`` map (``overrides``) names, else :meth:`Registry.of_domain`'s first."""
    configured = registry.configured_for(domain, overrides)
    if configured is not None:
        return configured
    agents = registry.of_domain(domain)
    return agents[0] if agents else None


def write_agent(folder: Path, name: str, description: str = "Helps.", body: str = "Body.") -> Path:
    """Write one minimal subagent file (name, block-scalar description, body) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = description.replace("\n", "\n  ")
    path = folder / f"{name}.md"
    path.write_text(f"---\nname: {name}\ndescription: |\n  {text}\n---\n{body}\n", encoding="utf-8")
    return path


def write_worker(folder: Path) -> Path:
    """``folder`` with one plain agent, "worker" (for tests of what a run does, not routing)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "worker.md").write_text(
        "---\nname: worker\ndescription: worker for tests\n---\nYou are worker.\n",
        encoding="utf-8",
    )
    return folder


def roster_of(folder: Path, agents: list[tuple[str, str]]) -> Registry:
    """A roster of one-line agents (name, description) written into ``folder``, loaded alone."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, description in agents:
        (folder / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: {description}\n---\nWorks carefully.\n",
            encoding="utf-8",
        )
    return load_registry([folder], only=True, cwd=folder, cache=False)


def session_in(folder: Path, tmp_path: Path, request: str) -> str:
    """The id of a session run (Complete) in ``folder`` (made) by agent ``worker``, with
    ``coord run`` in process (its agents and script in ``tmp_path``)."""
    folder.mkdir(exist_ok=True)
    agents = write_worker(tmp_path / "agents")
    script = write_script(tmp_path / "w.yaml", {"worker": [{"text": report("Complete")}]})
    done = coord("run", request, "--agents-dir", agents, "--only", "--agent", "worker",
                 "--script", script, "--json", cwd=folder)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return str(json.loads(done.stdout)["session"])


def runs_in_folders(tmp_path: Path, db: str, *runs: tuple[str, str]) -> list[str]:
    """The ids of sessions run with ``coord run`` in process, one per ``(folder, agent)``:
    in ``tmp_path/folder`` (made), by that TEAM agent (Complete), on the store ``db``
    (``--db``: a shared PostgreSQL one holds every workspace's); in order."""
    names = sorted({agent for _, agent in runs})
    agents = write_agents(tmp_path / "agents", *names)
    script = write_script(tmp_path / "s.yaml", {n: [{"text": report("Complete")}] for n in names})
    ids = []
    for folder, agent in runs:
        (tmp_path / folder).mkdir(exist_ok=True)
        ran = coord("run", f"Task of {folder}", "--agent", agent, "--db", db,
                    "--agents-dir", agents, "--only", "--script", script, "--json",
                    cwd=tmp_path / folder)  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        ids.append(str(json.loads(ran.stdout)["session"]))
    return ids


def write_agents(folder: Path, *names: str) -> Path:
    """Write TEAM agents as Claude Code subagent files (for CLI tests)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in names or tuple(TEAM):
        domain, tools = TEAM[n]
        (folder / f"{n}.md").write_text(
            f"---\nname: {n}\ndescription: {DESCRIPTIONS[n]}"
            f"\ndomain: {domain}\ntools: {', '.join(tools)}\n---\n\n"
            f"You are the {domain} specialist.\n",
            encoding="utf-8",
        )
    return folder


def report(
    status: str,
    summary: str = "Done",
    *,
    domain: str | None = None,
    blocker: str | None = None,
    required: str | None = None,
    files: str = "",
    changes: tuple[str, ...] = ("Did the work",),
) -> str:
    """A report in the seed's format."""
    lines = [f"✅ {summary}", "", "**Changes:**", *[f"- {c}" for c in changes], ""]
    lines += [f"**Files:** {files or 'none'}", "", f"**Status:** {status}"]
    if domain:
        lines.append(f"**Domain:** {domain}")
    if blocker:
        lines.append(f"**Blocker:** {blocker}")
    if required:
        lines.append(f"**Required:** {required}")
    return "\n".join(lines) + "\n"


def blocked(domain: str, required: str, blocker: str = "Missing context") -> str:
    return report(
        "Blocked", "Blocked on context", domain=domain, blocker=blocker, required=required
    )


def waiting_run(tmp_path: Path, *turns: str) -> tuple[str, Path, dict[str, Any]]:
    """A session (this workspace's SQLite store) whose agent ``backend`` answers ``turns``
    in order (the first a Blocked report: waiting for a person): its id, workspace and the
    ``coord run --json`` output."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": t} for t in turns]})
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir", agents,
        "--only", "--script", script, "--json",
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    data = json.loads(ran.stdout)
    return str(data["session"]), ws, data


def waiting_on(
    tmp_path: Path, db: str, ask: str, under: Path | None = None
) -> tuple[str, Path, Path]:
    """A session on the store ``db`` (a URL or a file) whose agent ``backend`` answered
    ``ask`` (a Blocked report): waiting for a person, in a demo workspace under ``under``
    (default ``tmp_path``; its script and agents in ``tmp_path``). Its id, workspace and
    agents folder."""
    ws, agents = workspace(under or tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "ask.yaml", {"backend": [{"text": ask}]})
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "--workspace", ws, "--db", db,
        "--agents-dir", agents, "--only", "--script", script, "--json",
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    return str(json.loads(ran.stdout)["session"]), ws, agents


def engine_with(extras: SessionExtras, **parts: Any) -> Engine:
    """An :class:`Engine` of ``parts`` (registry, provider, store, settings, workspace, ...)
    driven with a session's ``extras``: its hooks and their env, its preloaded skills and its
    permission rules, as ``coord run`` wires them."""
    return Engine(
        hooks=extras.hooks,
        hook_env=extras.env,
        preload=extras.preload,
        permissions=extras.permissions,
        **parts,
    )


def scripted(agents: dict[str, list[dict[str, Any]]], retries: int = 1) -> Any:
    """The real scripted provider serving ``agents`` (retries kept fast)."""
    from coordinator.providers.script import ScriptedModel
    from coordinator.providers.scripted import ScriptedProvider

    model = ScriptedModel.from_data({"agents": agents}, source="test-script")
    return ScriptedProvider(model, max_retries=retries, retry_budget=retries, backoff=0.0)


def write_script(path: Path, agents: dict[str, list[dict[str, Any]]]) -> Path:
    path.write_text(yaml.safe_dump({"agents": agents}, allow_unicode=True), encoding="utf-8")
    return path


def writer_script(path: Path, calls: list[dict[str, Any]]) -> Path:
    """A script in which agent ``writer`` makes the tool ``calls``, then reports Complete."""
    return write_script(path, {"writer": [{"tool_calls": calls}, {"text": report("Complete")}]})


def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the demo workspace."""
    ws = tmp_path / "ws"
    shutil.copytree(DEMO_WORKSPACE, ws)
    return ws


def away_from_workspace(tmp_path: Path) -> dict[str, Any]:
    """A demo workspace (``ws``), a roster (``agents``) and a folder ``elsewhere`` to run
    ``coord`` from, as a user in another directory does (``tmp``: where scripts go)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return {
        "tmp": tmp_path,
        "ws": workspace(tmp_path),
        "elsewhere": elsewhere,
        "agents": write_agents(tmp_path / "a"),
    }


def run_from_elsewhere(
    setup: dict[str, Any], script: dict[str, Any], request: str, *args: str | Path
) -> Any:
    """``coord run REQUEST`` on :func:`away_from_workspace`'s workspace and roster alone,
    agent ``backend`` playing ``script``, from the folder ``elsewhere``."""
    path = write_script(setup["tmp"] / f"s{abs(hash(request))}.yaml", script)
    return coord(
        "run", request, "--workspace", setup["ws"], "--agents-dir", setup["agents"], "--only",
        "--script", path, "--agent", "backend", *args,
        cwd=setup["elsewhere"],
    )  # fmt: skip


class Harness:
    """An engine over a temp workspace and database, recording every event."""

    def __init__(
        self,
        tmp_path: Path,
        agents: dict[str, list[dict[str, Any]]],
        *,
        registry: Registry | None = None,
        provider: Any = None,
        store: Store | None = None,
        **settings: Any,
    ):
        self.ws = workspace(tmp_path) if not (tmp_path / "ws").exists() else tmp_path / "ws"
        self.db = tmp_path / "sessions.db"
        self.store = store or Store.open(self.db)
        self.provider = provider or scripted(agents)
        self.registry = registry or team()
        self.settings = Settings(**settings)
        self.events: list[Event] = []
        self.engine = Engine(
            registry=self.registry,
            provider=self.provider,
            store=self.store,
            settings=self.settings,
            workspace=self.ws,
            observer=self.events.append,
        )

    def kinds(self, session_id: str) -> list[str]:
        """Stored event kinds of a session, in order."""
        return [e.kind for e in self.store.events(session_id)]

    def conversation(self, session_id: str, agent: str, nth: int = 0) -> list[dict[str, Any]]:
        runs = [r for r in self.store.runs(session_id) if r.agent == agent]
        return self.store.messages(runs[nth].id)

    def close(self) -> None:
        self.store.close()


def text_of(message: dict[str, Any]) -> str:
    content = message["content"]
    if isinstance(content, str):
        return content
    return "\n".join(
        str(b.get("text") or b.get("content") or "") for b in content if isinstance(b, dict)
    )


def rows(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The rows ``sql`` selects from the SQLite file ``path`` (read with sqlite3 itself)."""
    with closing(sqlite3.connect(path)) as con:
        return con.execute(sql, params).fetchall()


def copy_of(old: Path, folder: Path) -> Path:
    """A copy of the database file ``old`` in ``folder`` (old.db), for a test to change."""
    path = folder / "old.db"
    shutil.copy(old, path)
    return path


def as_old_schema(db: Path, version: int, copy: Callable[[sqlite3.Connection], None]) -> None:
    """Rewrite ``db`` as schema ``version`` kept it: its tables made by the old migrations
    (``MIGRATIONS[:version]``, unchanged), then ``copy`` fills them from the file attached
    as ``new``; the old file takes ``db``'s place (its WAL and index gone). A question a
    consult's run holds (schema 12) is a ``delegations`` row first, as older code wrote it."""
    from coordinator.store.db import MIGRATIONS

    _questions_as_rows(db)
    old = db.with_name(f"schema{version}.db")
    with closing(sqlite3.connect(old, isolation_level=None)) as con:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("BEGIN")
        for migration in MIGRATIONS[:version]:
            migration(con)
        con.execute("ATTACH ? AS new", (str(db),))
        copy(con)
        con.execute(f"PRAGMA user_version = {version}")
        con.execute("COMMIT")
        con.execute("DETACH new")
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.replace(old, db)


def _questions_as_rows(db: Path) -> None:
    """The questions ``db``'s consults' runs hold (schema 12) written as ``delegations`` rows
    (consulting; keyed in their session's range past its rows), the runs' copies cleared."""
    with closing(sqlite3.connect(db, isolation_level=None)) as con:
        con.execute("BEGIN")
        con.execute(
            "INSERT INTO delegations (id, session_id, parent_run_id, child_run_id, domain,"
            " blocker, required, status, created_at) SELECT (s.no << 32) + (1 << 31) + r.id,"
            " r.session_id, r.parent_run_id, r.id, r.domain, r.question ->> '$[0]',"
            " r.question ->> '$[1]', 'consulting', r.started_at FROM runs r"
            " JOIN sessions s ON s.no = r.session_no WHERE r.question IS NOT NULL"
        )
        con.execute("UPDATE runs SET question = NULL")
        con.execute("COMMIT")


# An upgrade stopped as by kill -9 once its statement dropping a table ran (the new table
# in its place), before its transaction commits.
_KILLED_MID_UPGRADE = """
import os, sys
from pathlib import Path
from coordinator.store import schema
from coordinator.store.db import Store

real = schema._script


def script(db, sql):
    real(db, sql)
    if f"DROP TABLE {sys.argv[2]}" in sql:
        os._exit(9)


schema._script = script
Store.open(Path(sys.argv[1]))
"""


def upgrade_killed_after_dropping(db: Path, table: str) -> int:
    """Open ``db`` (an older schema) in a child of this tree's code that dies, as by kill -9,
    once its upgrade dropped ``table``, before the upgrade commits: its exit code (9)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    argv = [sys.executable, "-c", _KILLED_MID_UPGRADE, str(db), table]
    return subprocess.run(argv, check=False, env=env).returncode


def copy_tables(con: sqlite3.Connection, *tables: str) -> None:
    """Copy every row of ``tables`` from the attached ``new`` into ``main``, column by name."""
    for table in tables:
        names = ", ".join(r[1] for r in con.execute(f"PRAGMA main.table_info({table})"))
        con.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM new.{table}")


def copy_numbered_delegations(con: sqlite3.Connection) -> None:
    """Copy ``new``'s delegations (keyed by session since schema 10: the session's number
    times 2**32 plus the delegation's number in it) into ``main``'s of schema 7-9, which
    names the session by ``session_no`` and numbers them in one sequence for the file, in
    the order they were made."""
    con.execute(
        "INSERT INTO main.delegations (id, session_id, session_no, parent_run_id, child_run_id,"
        " domain, blocker, required, status, waiting_reason, answered_by, created_at,"
        " answered_at) SELECT row_number() OVER (ORDER BY created_at, id), session_id,"
        " (SELECT no FROM new.sessions s WHERE s.id = d.session_id), parent_run_id,"
        " child_run_id, domain, blocker, required, status, waiting_reason, answered_by,"
        " created_at, answered_at FROM new.delegations d"
    )


#: The tests' repositories are thrown away: no commit or merge of theirs (the tests', or
#: coord's in them) starts ``git maintenance run --auto`` or ``gc --auto`` after it.
NO_UPKEEP = ("-c", "maintenance.auto=false", "-c", "gc.auto=0")
#: What :func:`git_init` adds to a new repository's ``.git/config``: a test identity, and
#: :data:`NO_UPKEEP` for every git that runs there (coord's too).
_TEST_CONFIG = (
    "[user]\n\temail = dev@example.com\n\tname = Dev\n"
    "[maintenance]\n\tauto = false\n[gc]\n\tauto = 0\n"
)


def git(cwd: Path, *args: str) -> str:
    """``git ARGS`` in ``cwd`` (failing the test on an error; no upkeep started after it:
    :data:`NO_UPKEEP`); its standard output."""
    return subprocess.run(
        ["git", *NO_UPKEEP, *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def git_init(root: Path) -> Path:
    """``root`` (a folder in no repository yet) made a git repository on ``main`` (a test
    identity, no automatic upkeep: :data:`_TEST_CONFIG`), with all it holds committed as
    "start"."""
    git(root, "init", "-q", "-b", "main")
    with (root / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(_TEST_CONFIG)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


@pytest.fixture(name="ws_repo")
def repo_workspace(tmp_path: Path) -> Path:
    """Fixture: a workspace (``ws``) that is a git repository holding ``f.txt``."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "f.txt").write_text("x\n")
    return git_init(ws)


@pytest.fixture(name="repo")
def app_repo(tmp_path: Path) -> Path:
    """Fixture ``repo``: a git repository holding ``app.py`` (coord's folder ignored),
    committed on ``main``: where worktree runs start."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".gitignore").write_text(".coordinator/\n")
    (root / "app.py").write_text("a = 1\n")
    return git_init(root)


def routed_run(store: Store, folder: Path, first: str = "hello") -> tuple[str, int]:
    """A new session with one run of agent "a" (its first message ``first``) and its routing."""
    sid = store.create_session("r", folder, {})
    with store.transaction():
        run = store.start_run(
            sid,
            agent="a",
            model="m",
            depth=0,
            max_turns=5,
            first_message={"role": "user", "content": first},
        )
        store.add_event(Routed(sid, None, "r", "a"))
    return sid, run


def consult_run(
    store: Store, sid: str, parent: int, agent: str, *, held: bool = False
) -> tuple[int, int]:
    """A consult of ``agent`` (its domain too) for ``parent`` and its question's id, in one
    step: held by its run (``held``: schema 12), or a row as older code wrote it."""
    asked = (f"{agent} blocker", f"{agent} required")
    with store.transaction():
        child = store.start_run(
            sid,
            agent=agent,
            model="m",
            depth=1,
            max_turns=5,
            first_message={"role": "user", "content": "q"},
            parent_run_id=parent,
            domain=agent,
            question=asked if held else None,
        )
        if held:
            return child, store.delegations(sid)[-1].id
        row = store.add_delegation(
            sid, parent, domain=agent, blocker=asked[0], required=asked[1], child_run_id=child
        )
    return child, row


def assert_logs_as_before(db: Path, old_logs: dict[str, Any]) -> None:
    """``coord log ID --json`` on ``db`` prints what the old code printed for each session
    of ``old_logs`` (its "messages" entry is the conversations, not a session)."""
    for sid, old in old_logs.items():
        if sid == "messages":
            continue
        ran = coord("log", sid, "--db", db, "--json")
        assert ran.returncode == 0, ran.stderr
        assert as_printed_before(json.loads(ran.stdout)) == named_today(old)


def drawn_before(tree: str) -> str:
    """``coord log``'s tree without what it has shown since the old documents were
    written: its head's start time and zone (audit45: ``  2026-12-05 09:17``; audit105:
    `` UTC+01:00``), and (audit46) a session
    to resume's last line (``Answer with: coord resume ID --context "..."``) and when a
    person answered (`` · 2026-12-05 09:17, waited 2h``); a run's ``2 turns`` read back as the
    old ``2 calls`` (daily78: the word of ``--json``'s ``turns``); the process that started
    the session, under its request (audit112: ``started by HOST:PID``)."""
    tree = re.sub(r"(?m)  (\d+) turn(s?) · (?=\S+ tok · )", r"  \1 call\2 · ", tree)
    tree = re.sub(r"(?m)^    started by .+\n", "", tree, count=1)
    tree = re.sub(
        r"(?m)^(session \S+  \S+)  \d{4}-\d\d-\d\d \d\d:\d\d UTC(?:[+-]\d\d:\d\d)?",
        r"\1",
        tree,
        count=1,
    )
    tree = re.sub(r" · \d{4}-\d\d-\d\d \d\d:\d\d, waited \d+[smhd]$", "", tree, flags=re.M)
    return re.sub(r"(?m)^(Answer|Continue) with: coord resume \S+.*\n\Z", "", tree)


def assert_prints_as_before(db: Path, logs: dict[str, Any]) -> None:
    """``coord log ID --json``, ``coord log ID`` and ``coord sessions --json`` on ``db``
    print what the old code printed (``logs``: a ``make_schema*_db.py`` document written
    with ``listed``)."""
    for sid in logs["text"]:
        printed = coord("log", sid, "--db", db, "--json")
        assert printed.returncode == 0, printed.stderr
        assert as_logged_before(json.loads(printed.stdout)) == logs[sid]
        assert drawn_before(coord("log", sid, "--db", db).stdout) == logs["text"][sid]
    listed = json.loads(coord("sessions", "--db", db, "--json").stdout)
    assert as_listed_before(listed, logs["sessions"]) == [
        {**s, "db": None} for s in logs["sessions"]
    ]


def as_listed_before(listed: list[dict[str, Any]], before: list[dict[str, Any]]) -> list[Any]:
    """``coord sessions --json``'s entries with only the fields the old code's (``before``)
    had, ``db`` blanked (the file differs): fields added since (``question``, ``resume``:
    ci46) are another test's."""
    return [
        {**{k: v for k, v in entry.items() if k in old}, "db": None}
        for entry, old in zip(listed, before, strict=False)
    ] + listed[len(before) :]


def old_rows(db: Path, tables: tuple[str, ...]) -> dict[str, tuple[list[str], Any]]:
    """Each of ``tables``' columns and rows (in the order they were made) in the SQLite file
    ``db``, before an upgrade (:func:`assert_rows_kept`)."""
    found = {}
    for table in tables:
        columns = [r[1] for r in rows(db, f"PRAGMA table_info({table})")]
        found[table] = (columns, rows(db, f"SELECT * FROM {table} ORDER BY rowid"))
    return found


def assert_rows_kept(db: Path, before: dict[str, tuple[list[str], Any]]) -> None:
    """After an upgrade of ``db``: each table's rows hold what they held (:func:`old_rows`),
    and each column the upgrade added is NULL in every one of them."""
    for table, (columns, held) in before.items():
        assert rows(db, f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid") == held
        added = [r[1] for r in rows(db, f"PRAGMA table_info({table})") if r[1] not in columns]
        for column in added:
            assert rows(db, f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL") == [(0,)]


#: The tables an upgrade test compares row by row (:func:`assert_upgrades_as_before`).
UPGRADED_TABLES = ("sessions", "runs", "delegations", "tool_calls", "event_log", "message_log")


def assert_upgrades_as_before(
    db: Path, version: int, logs: dict[str, Any], tables: tuple[str, ...] = UPGRADED_TABLES
) -> None:
    """``db``, a file of schema ``version`` written by old code (``make_schema*_db.py`` with
    ``messages`` and ``listed``: ``logs``), upgrades to the current schema with no row of
    ``tables`` changed, prints as before (:func:`assert_prints_as_before`) and reads every
    run's conversation as the old code read it."""
    from coordinator.store.schema import SCHEMA_VERSION

    assert rows(db, "PRAGMA user_version") == [(version,)]
    before = old_rows(db, tables)
    Store.open(db).close()
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert_rows_kept(db, before)
    assert_prints_as_before(db, logs)
    with closing(Store.open(db)) as store:
        conversations = {
            str(r.id): store.messages(r.id) for s in store.sessions() for r in store.runs(s.id)
        }
    assert conversations == logs["messages"]


#: Keys ``coord log --json`` has printed since the old documents were written (review22:
#: the session's ``options``, read from what it always stored; audit45: the ``files`` it
#: changed, read from its tool calls; team48: ``queued_at``, :data:`QUEUED_SINCE`; audit104:
#: ``format_version``; daily112: ``fix``; scripts113: ``ended_at``; daily113: ``agent``).
ADDED_SINCE = (
    "agent",
    "format_version",
    "options",
    "files",
    "queued_at",
    "worker",
    "resume",
    "hint",
    "question",
    "waiting_for",
    "fix",
    "ended_at",
)
#: Keys ``coord log --json`` has printed since the schema 8..16 documents were logged
#: (team48: when a session no worker has taken was queued, null for any other; ops69: the
#: worker driving it, null for any other; daily71: the command that continues it; ci102:
#: what a waiting one asks or waits for, as ``coord sessions --json`` lists it; audit104: the
#: ``format_version``; daily112: what to fix before resuming an interrupted one; scripts113:
#: when an ended one ended).
QUEUED_SINCE = (
    "agent",  # daily113: the agent routed to, as `coord sessions --json` lists it
    "format_version",  # audit104: the layout's version
    "queued_at", "worker", "resume", "hint", "question", "waiting_for", "fix", "ended_at",
)  # fmt: skip
#: Keys each question of the chain has had since the schema 8..16 documents were written
#: (audit46: when it was asked and answered, read from its delegation row).
QUESTION_TIMES = ("asked_at", "answered_at")
#: Keys each question of the chain has had since audit46 (:data:`QUESTION_TIMES`; ci47: its
#: ``id``, what ``coord resume --question`` names; lead49: its short form ``ref``).
QUESTION_RECENT = (*QUESTION_TIMES, "id", "ref")
#: Keys each question of the chain has had since (audit17: a person's ``answer``, read from
#: the ``resumed`` event it always stored; :data:`QUESTION_RECENT`; consult47: ``chosen``;
#: audit106: the ``person`` who answered).
QUESTION_ADDED_SINCE = ("answer", *QUESTION_RECENT, "chosen", "person")
#: Keys each question has had since the schema 8..16 documents were logged
#: (:data:`QUESTION_RECENT`; consult47: how its consultant was chosen; audit106: ``person``).
QUESTION_LOGGED_SINCE = (*QUESTION_RECENT, "chosen", "person")
#: Keys each run of the chain has had since the schema 8..16 documents were written
#: (audit47: what its Bash commands changed, read from its ``bash_changed`` events).
RUN_BASH = ("bash_files", "bash_unfollowed")
#: Keys each run of the chain has had since the schema 8..16 documents were logged
#: (:data:`RUN_BASH`; audit48: its calls ``refused``, read from its ``tool_refused`` events;
#: audit113: each file's change by the call that made it, and its Bash commands with their
#: exit codes, read from its tool calls and events; redteam115: the branches and tags its
#: Bash commands moved, read from its ``bash_changed`` events).
RUN_LOGGED_SINCE = (*RUN_BASH, "refused", "file_changes", "commands", "bash_refs")
#: Keys each run of the chain has had since (audit45: the ``files`` it changed; audit47,
#: audit48, audit113: :data:`RUN_LOGGED_SINCE`).
RUN_ADDED_SINCE = ("files", *RUN_LOGGED_SINCE)


def as_printed_before(log: dict[str, Any]) -> dict[str, Any]:
    """A ``coord log --json`` document without the keys :data:`ADDED_SINCE` and, in its
    chain, without :data:`RUN_ADDED_SINCE` and :data:`QUESTION_ADDED_SINCE`."""
    shown = {k: v for k, v in log.items() if k not in ADDED_SINCE}
    if shown.get("chain"):
        shown["chain"] = _run_before(shown["chain"])
    return shown


#: Event fields ``coord log --json`` has printed since the schema 8..16 documents were logged
#: (audit104: a Bash result's ``exit_code``, the ``definition`` a run started with;
#: audit105: a call's ``response_id``, the ``process`` that resumed a session; audit108:
#: the ``process`` that routed it; mend110: the ``provider`` of both; audit112: the
#: ``tool_use_id`` a hook ran on, the ``person`` who asked; audit113: what a wait waits
#: for in words, a budget's use and limit).
EVENT_FIELDS_SINCE = {
    "tool_result": ("exit_code",),
    "run_started": ("definition",),
    "model_call": ("response_id", "server"),
    "session_resumed": ("process", "provider"),
    "routed": ("process", "provider", "person"),
    "resumed": ("person",),
    "interrupted": ("hint",),
    "hook": ("tool_use_id",),
    "waiting": ("detail",),
}


def _event_before(event: dict[str, Any]) -> dict[str, Any]:
    """``event`` without its kind's :data:`EVENT_FIELDS_SINCE`."""
    since = EVENT_FIELDS_SINCE.get(event.get("kind", ""), ())
    return {k: v for k, v in event.items() if k not in since} if since else event


def as_logged_before(log: dict[str, Any]) -> dict[str, Any]:
    """A ``coord log --json`` document without :data:`QUESTION_LOGGED_SINCE`,
    :data:`RUN_LOGGED_SINCE` and :data:`EVENT_FIELDS_SINCE` (nor :data:`QUEUED_SINCE`):
    what the code that wrote the schema 8..16 documents printed."""
    log = {k: v for k, v in log.items() if k not in QUEUED_SINCE}
    if "events" in log:
        log["events"] = [_event_before(e) for e in log["events"]]
    if not log.get("chain"):
        return log
    return {**log, "chain": _run_before(log["chain"], RUN_LOGGED_SINCE, QUESTION_LOGGED_SINCE)}


def _run_before(
    run: dict[str, Any],
    run_keys: tuple[str, ...] = RUN_ADDED_SINCE,
    question_keys: tuple[str, ...] = QUESTION_ADDED_SINCE,
) -> dict[str, Any]:
    """``run`` without ``run_keys``, and each of its questions without ``question_keys``."""
    questions = [
        {
            **{k: v for k, v in q.items() if k not in question_keys},
            "consult": _run_before(q["consult"], run_keys, question_keys)
            if q.get("consult")
            else q.get("consult"),
        }
        for q in run.get("questions", [])
    ]
    return {**{k: v for k, v in run.items() if k not in run_keys}, "questions": questions}


def named_today(log: dict[str, Any]) -> dict[str, Any]:
    """A ``coord log --json`` document printed by older code, its events' fields under
    today's names (:func:`coordinator.store.rows.current_event_fields`): what is stored is
    unchanged, only the names it is shown under."""
    from coordinator.store.rows import current_event_fields

    return {**log, "events": [current_event_fields(e["kind"], e) for e in log["events"]]}


def drawn(table: Any, width: int) -> list[str]:
    """``table`` as a terminal ``width`` columns wide shows it: its lines, right-stripped."""
    from rich.console import Console

    out = Console(width=width, force_terminal=True, color_system=None, record=True)
    out.print(table)
    return [line.rstrip() for line in out.export_text().splitlines()]


def read_json(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def wait_for_event(db: Path, predicate: str, proc: subprocess.Popen[str]) -> None:
    """Wait until ``proc`` has stored an event matching the SQL ``predicate``.

    SQLite cannot notify, so the database is polled; the wait ends when the event is there
    or fails as soon as ``proc`` has ended without it (no deadline to tune for slow machines).
    """
    while True:
        ended = proc.poll() is not None  # read before the database: no event can follow it
        if _has_event(db, predicate):
            return
        if ended:
            _, err = proc.communicate()
            raise AssertionError(f"the process ended with no event matching {predicate}: {err}")
        time.sleep(0.02)


def wait_for_file(path: Path, proc: subprocess.Popen[str]) -> None:
    """Return once ``path`` exists (something run by ``proc`` makes it: the scripted
    provider's ``GATE.held``); fail as soon as ``proc`` ended first (no deadline to tune)."""
    while not path.exists():
        if proc.poll() is not None:
            _, err = proc.communicate()
            raise AssertionError(f"the process ended before making {path}: {err}")
        time.sleep(0.02)  # a file another process makes: nothing of ours to wait on


def _has_event(db: Path, predicate: str) -> bool:
    if not db.exists():
        return False
    try:
        with closing(sqlite3.connect(db, timeout=5)) as con:
            return con.execute(f"SELECT 1 FROM events WHERE {predicate}").fetchone() is not None
    except sqlite3.OperationalError:
        return False  # the schema is not there yet


def wait_for_line(fifo: Path, proc: subprocess.Popen[str]) -> str:
    """Read the first line something run by ``proc`` writes to the named pipe ``fifo``.

    Fails as soon as ``proc`` ends without anyone having written it.
    """
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # no writer yet: do not block here
    data = b""
    try:
        while b"\n" not in data:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    raise AssertionError(f"{fifo.name} was closed before a whole line came")
                data += chunk
            elif proc.poll() is not None:
                raise AssertionError(f"the process ended before writing to {fifo.name}")
    finally:
        os.close(fd)
    return data.decode().split("\n", 1)[0]


def release(fifo: Path) -> None:
    """Open the named pipe ``fifo`` for writing and close it: its reader sees end of file.

    When nobody reads it any more (the sandbox killed the reader with its parent), there is
    nothing to release, and the open must not wait for a reader that never comes.
    """
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno != errno.ENXIO:  # ENXIO: no reader
            raise
        return
    os.close(fd)


class Rig(Harness):
    """A Harness whose provider never retries (a scripted error ends the call at once)."""

    def __init__(self, tmp_path: Path, script: dict[str, list[dict[str, Any]]], **kw: Any):
        super().__init__(tmp_path, script, provider=scripted(script, retries=0), **kw)

    def messages(self, session_id: str, agent: str) -> list[dict[str, Any]]:
        return self.conversation(session_id, agent)


class InstantTurns:
    """A provider double answering each agent's k-th turn at once (no SDK to import); the
    usages given in turn (cycled, each answer a fresh copy), ``calls`` counted."""

    name = "instant"

    def __init__(
        self,
        turns: dict[str, list[str]],
        usage: Usage | None = None,
        usages: list[Usage] | None = None,
    ):
        self.turns = turns
        self.usages = usages or [usage or Usage(input_tokens=100, output_tokens=20)]
        self.calls = 0

    async def complete(self, request: ModelRequest) -> ModelResponse:
        u = self.usages[self.calls % len(self.usages)]
        self.calls += 1
        k = sum(1 for m in request.messages if m["role"] == "assistant")
        return ModelResponse(
            [{"type": "text", "text": self.turns[request.agent][k]}],
            "end_turn",
            Usage(
                u.input_tokens,
                u.output_tokens,
                u.cache_creation_input_tokens,
                u.cache_read_input_tokens,
            ),
            request.model,
        )

    async def aclose(self) -> None:
        return None


class OnRunStart:
    """A view double for ``coord``'s observers: ``act(event)`` each time a run starts (a
    Ctrl-C raised there, a count kept); every other event is ignored."""

    def __init__(self, act: Callable[[Event], None]) -> None:
        self.act = act

    def __enter__(self) -> OnRunStart:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def __call__(self, event: Event) -> None:
        if event.kind == "run_started":
            self.act(event)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A loopback HTTP server answering with ``handler`` while the block runs: its base URL.
    Its loop polls every 10 ms, so the shutdown at the end waits 10 ms, not half a second."""
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def frames_of(text: str) -> list[str]:
    """The outcome frames (:mod:`coordinator.routing.outcomes`) a request's words make."""
    from coordinator.routing import outcomes
    from coordinator.routing.text import words

    return outcomes.frames(words(text))


def situation_tests(
    situations: list[tuple[str, str, str]],
) -> tuple[Callable[..., None], Callable[..., None]]:
    """The two tests of a round's bundled situations ``(request, frame, agent)``: each
    request makes its frame, and goes to its agent on the bundled roster (the ``bundled``
    fixture). A round file assigns both to module-level ``test_`` names for pytest."""
    import pytest

    from coordinator.routing.lexical import route

    cases = pytest.mark.parametrize(("text", "joined", "agent"), situations)

    @cases
    def holds_its_frame(text: str, joined: str, agent: str) -> None:
        assert joined in frames_of(text)

    @cases
    def goes_to_its_field(bundled: Registry, text: str, joined: str, agent: str) -> None:
        decision = route(text, bundled)
        assert decision.agent == agent, decision.reason

    return holds_its_frame, goes_to_its_field


def frame_names(block: str) -> set[str]:
    """The joined words a block of frame lines (``outcomes._ROUNDNN_LINES``) defines."""
    lines = block.replace("\n    ", " ").strip().splitlines()
    return {line.partition(":")[0] for line in lines}


#: A line of the demo workspace's app/main.py that edits anchor on.
MAIN_MARK = 'app = FastAPI(title="Taskboard API")'
MAIN_EDIT = {"name": "Edit", "input": {"file_path": "app/main.py", "old_string": MAIN_MARK}}


def edit_main(line: str) -> dict[str, Any]:
    """An Edit call adding ``line`` below app/main.py's :data:`MAIN_MARK`."""
    return {**MAIN_EDIT, "input": {**MAIN_EDIT["input"], "new_string": f"{MAIN_MARK}\n{line}"}}


def consult_chain(latency_ms: int) -> dict[str, list[dict[str, Any]]]:
    """The kill-and-resume chain: backend edits, blocks on database; dba reads, answers
    (``latency_ms`` late); backend edits again."""
    return {
        "backend": [
            {"tool_calls": [edit_main("# before-consult")]},
            {"text": blocked("Database", "Current User model schema")},
            {"expect": "[coordinator:resume]", "tool_calls": [edit_main("# after-resume")]},
            {"text": report("Complete", "Done", files="app/main.py")},
        ],
        "dba": [
            {"tool_calls": [{"name": "Read", "input": {"file_path": "app/models/user.py"}}]},
            {"latency_ms": latency_ms, "text": "email: str\n" + report("Complete", "Schema")},
        ],
    }


def sandbox_runs_this_python(monkeypatch: Any) -> tuple[Path, ...]:
    """Let sandboxed commands run this interpreter and its environment's programs (python3,
    mypy, an MCP server's SDK): its ``bin`` first on PATH, and ``bash_read`` in the test's user
    config naming its prefixes (CI's virtual environment lies in /tmp, and pyenv's
    interpreters in a home folder: both hidden by the sandbox). Returns those folders."""
    import sys

    folders = tuple(dict.fromkeys(Path(p).resolve() for p in (sys.prefix, sys.base_prefix)))
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    config = Path(os.environ["HOME"]) / ".config" / "coordinator" / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    before = config.read_text(encoding="utf-8") if config.exists() else ""
    listed = "".join(f"  - {folder}\n" for folder in folders)
    config.write_text(f"{before}bash_read:\n{listed}", encoding="utf-8")
    return folders


async def run_the_hook(ws: Path, home: Path, event: str) -> Any:
    """Run the one hook that ``ws``'s and ``home``'s settings define, for ``event``, with
    its own mcp_tool servers (closed after); its HookRun."""
    from coordinator.runtime.hook_mcp import HookServers
    from coordinator.runtime.hook_run import HookEnv, run_hook
    from coordinator.runtime.hooks import load_hooks

    [hook] = load_hooks(ws, home=home, managed=None).hooks
    servers = HookServers(home=home)
    try:
        data = {"session_id": "s1", "hook_event_name": event}
        return await run_hook(hook, data, HookEnv(root=ws, mcp=servers))
    finally:
        await servers.close()


def sandboxed_bash(ws: Path, command: str, *readable: Path) -> Any:
    """Run ``command`` with the Bash tool in the real sandbox over ``ws`` (``readable``: its
    ``bash_read`` folders); the ToolResult."""
    import asyncio

    from coordinator.tools.base import ToolContext
    from coordinator.tools.sandbox import BashSandbox
    from coordinator.tools.toolset import build_toolset

    context = ToolContext(root=ws, allow_bash=True, sandbox=BashSandbox(readable=readable))
    return asyncio.run(build_toolset(None).execute("Bash", {"command": command}, context))


def bwrap_run(
    build: Callable[[Any], list[str]], cwd: Path, env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """Run the bwrap command line ``build`` makes (given the SetupStatus bwrap reports to)
    as coord does: built and started again while bwrap could not set the sandbox up (a path
    it masks vanished meanwhile: another test's workspace removed); stdout and stderr
    together, in ``timeout`` seconds, its session killed after."""
    import signal

    from coordinator.tools.sandbox import SETUP_ATTEMPTS, SetupStatus

    for _ in range(SETUP_ATTEMPTS):
        with SetupStatus() as status:
            argv = build(status)
            proc = subprocess.Popen(
                argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, start_new_session=True, pass_fds=status.fds,
            )  # fmt: skip
            status.started()
            try:
                out, _ = proc.communicate(timeout=timeout)
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            if status.program_ran():
                break
    return subprocess.CompletedProcess(argv, proc.returncode, out, "")


#: This process's cgroups (a root coord's command, hook or server each makes one), as a
#: glob in the folder they are made in.
OWN_CGROUPS = f"coord-{os.getpid()}-*"


def own_cgroups(base: Path) -> set[str]:
    """The names of this process's cgroups in ``base`` now (an earlier test's may still be
    there: a server of its still running, processes the kernel is still reaping)."""
    return {group.name for group in base.glob(OWN_CGROUPS)}


def cgroup_values(grepped: str, before: set[str]) -> list[str]:
    """The values in ``grep -H . FILES`` output of this process's cgroup files whose group
    is not among ``before``'s (those a test's own programs ran in)."""
    lines = grepped.splitlines()
    return [
        line.rsplit(":", 1)[1]
        for line in lines
        if ":" in line and Path(line.split(":")[0]).parent.name not in before
    ]


def cgroups_removed(base: Path, before: set[str]) -> bool:
    """Whether this process's cgroups made since ``before`` are all gone, once the kernel
    has reaped their processes (a safety net of 30 s: the loop ends as soon as they are)."""
    from coordinator.tools import pids

    deadline = time.monotonic() + 30
    while (own_cgroups(base) - before) and time.monotonic() < deadline:
        pids._remove_ended()  # (what the next command's start does)
    return not own_cgroups(base) - before


#: A bounded spawner for limit tests (never an unbounded fork bomb): start at most 200
#: ``sleep 30`` children, counting those refused; kill them all.
SPAWNER = """
import subprocess
started, refused = [], 0
for _ in range(200):
    try:
        started.append(subprocess.Popen(["sleep", "30"]))
    except OSError:
        refused += 1
for child in started:
    child.kill()
    child.wait()
print(f"started={len(started)} refused={refused}")
"""


def tool_call(ws: Path, name: str, args: dict[str, Any], **ctx: Any) -> Any:
    """Run the tool ``name`` with ``args`` over the workspace ``ws`` (Bash allowed, in the
    real sandbox; ``ctx``: more of the ToolContext); the ToolResult."""
    import asyncio

    from coordinator.tools.base import ToolContext
    from coordinator.tools.toolset import build_toolset

    context = ToolContext(root=ws, allow_bash=True, **ctx)
    return asyncio.run(build_toolset(None).execute(name, args, context))


def past_the_clock(folder: Path, *paths: Path) -> None:
    """Wait until the file system stamps a change later than the change times of
    ``paths`` (a coarse clock stamps changes of one tick alike): a file made in ``folder``
    (on theirs) is stamped later. The bound guards only against a clock that does not move
    (set back meanwhile): it fails only when a file made once :data:`CLOCK_MOVES_IN` seconds
    have passed is still stamped no later, never because this process was not scheduled
    for a while (a loaded machine: a probe made after that pause is stamped later)."""
    latest = max(p.lstat().st_ctime_ns for p in paths)
    probe = folder / ".tick"
    deadline = time.monotonic() + CLOCK_MOVES_IN
    while True:
        expired = time.monotonic() >= deadline  # (read before the probe it judges)
        probe.touch()
        stamped = probe.lstat().st_ctime_ns
        probe.unlink()
        if stamped > latest:
            return
        if expired:
            raise AssertionError("the file system's clock did not move on")


#: Seconds in which a file system's clock moves on by a tick (one to ten milliseconds):
#: past them, :func:`past_the_clock` takes it for stopped or set back.
CLOCK_MOVES_IN = 10.0


class Journal:
    """An observer keeping what it is given (a hook gate's or an engine's events), in order."""

    def __init__(self) -> None:
        self.events: list[Any] = []

    def emit(self, *events: Any) -> None:
        self.events.extend(events)
