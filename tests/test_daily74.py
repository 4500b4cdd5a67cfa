"""daily74: the last walks' leftovers and a fourth walk's rough edges."""

from __future__ import annotations

import asyncio
import os
import sys
from contextlib import closing
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, session_in, waiting_run
from test_hooks_async import async_hook, ended, load_one

from coordinator.errors import EXIT_USER_ERROR
from coordinator.runtime import hook_async
from coordinator.runtime.hook_run import HookEnv, HookRun
from coordinator.runtime.hooks import HookEvent
from coordinator.store.index import SessionIndex
from coordinator.store.spend import StatsRow


async def test_an_async_hook_killed_at_a_sessions_end_in_an_outage_keeps_its_record(
    tmp_path: Path,
) -> None:
    """ops73 left it: an async hook still running at the grace of a session ending during
    a database outage was killed and its "killed" record tried once, lost to the outage; it
    now waits for the server (bounded by the store's reconnect) as a finished one's does."""
    pids = tmp_path / "pids"
    os.mkfifo(pids)
    hook = load_one(tmp_path, async_hook("PostToolUse", f"echo $$ > {pids}; exec sleep 1000"))
    loop = asyncio.get_running_loop()
    back: asyncio.Future[None] = loop.create_future()  # the server's return
    asked = asyncio.Event()  # the store was asked: for its server, or for the write
    logged: list[HookRun] = []

    def log(fired: hook_async.Fired, run: HookRun) -> None:
        asked.set()
        if not back.done():
            raise ConnectionError("the database is not accepting connections")
        logged.append(run)

    def writable() -> asyncio.Future[None] | None:
        asked.set()
        return None if back.done() else back

    background = hook_async.Background(log, writable=writable)
    fired = hook_async.Fired("s1", 1, "backend", HookEvent.POST_TOOL_USE, "Write")
    background.start([hook], {"hook_event_name": "PostToolUse"}, HookEnv(tmp_path), fired)
    pid = int(await asyncio.to_thread(pids.read_text))  # blocks until the hook runs
    settling = asyncio.ensure_future(background.settle("s1", grace=0))
    await asked.wait()
    back.set_result(None)
    await settling
    assert ended(pid)
    assert [(run.outcome, run.stderr) for run in logged] == [("error", hook_async.ENDED)]


def test_naming_the_question_without_an_answer_is_refused_and_records_nothing(
    tmp_path: Path,
) -> None:
    """``coord resume ID --question q1`` without ``--context``: a user answering the question
    they see forgot the answer; it asked the question again (exit 3, a ``session_resumed``
    logged). Now one line saying so and how to answer, exit 4, the session as it was."""
    sid, ws, _ = waiting_run(tmp_path, blocked("Product", "Which column is the email"))
    before = coord("log", sid, "--json", cwd=ws).stdout
    ran = coord("resume", sid, "--question", "q1", cwd=ws)
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr.splitlines() == [
        "error: --question q1 names the question you answer, but no answer was given;"
        " nothing was recorded",
        f'Answer it with: coord resume {sid} --question q1 --context "…" (--context - or'
        " --context-file F reads it).",
    ]
    assert coord("log", sid, "--json", cwd=ws).stdout == before
    answered = coord("resume", sid, "--question", "q1", "--context", "email", cwd=ws)
    assert answered.returncode != EXIT_USER_ERROR, answered.stderr


def test_an_unknown_session_speaks_of_postgresql_only_to_a_user_of_a_shared_store(
    tmp_path: Path,
) -> None:
    """``unknown session: X`` always added "A session stored on PostgreSQL is found only with
    that store named …", on SQLite too, to a user who never had a shared store. It is said
    once the user has opened one (the index keeps its URL without the password), naming
    it."""
    session_in(tmp_path / "a", tmp_path, "one session here")
    alone = coord("log", "deadbeef", cwd=tmp_path / "a")
    assert alone.returncode == EXIT_USER_ERROR
    assert alone.stderr.splitlines()[1:] == ["List session ids with `coord sessions`."]
    with closing(SessionIndex()) as index:  # as `coord … --db postgresql://…` tells it
        index.used_shared("postgresql://bob:s3cret@db.example:5432/coord")
    told = coord("log", "deadbeef", cwd=tmp_path / "a")
    said = " ".join(told.stderr.splitlines()[1:])
    assert said == (
        "List session ids with `coord sessions`. A session stored on PostgreSQL is found only"
        " with that store named: the same --db URL, or COORD_DB (used before:"
        " postgresql://bob@db.example:5432/coord)."
    )
    assert "s3cret" not in told.stderr


def _stats_rows() -> list[StatsRow]:
    return [
        StatsRow("2026-12-06", "fastapi-backend-expert", "claude-sonnet-5-5", 2, 1200, 300,
                 15000, 2000, 0.0442, offline=True),
        StatsRow("2026-12-06", "database-engineer", "claude-sonnet-5-5", 1, 1200, 300, 15000,
                 2000, 0.0122, offline=True),
        StatsRow("2026-12-05", "api-gateway", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                 1, 1200, 300, 15000, 2000, 0.0122),
    ]  # fmt: skip


def _stats_drawn(rows: list[StatsRow], width: int) -> list[str]:
    from rich.console import Console

    from coordinator.cli import views

    console = Console(width=width, force_terminal=True, color_system=None, record=True)
    console.print(views.stats_table(rows, width))
    return [line.rstrip() for line in console.export_text().splitlines()]


@pytest.mark.parametrize("width", [60, 50, 40, 30])
def test_stats_below_61_columns_shows_each_row_as_lines_with_names_whole(width: int) -> None:
    """Below ~61 columns ``coord stats`` cut a model's name to ``cla…i…`` and the console
    cropped the table's right columns: costs and the total were gone. Now each row is a
    block: day and agent, the model whole (with its offline mark), the numbers named."""
    lines = _stats_drawn(_stats_rows(), width)
    assert all(len(line) <= width for line in lines), lines
    said = "\n".join(lines)
    assert said.count("claude-sonnet-5-5 (offline)") == 2, lines
    for cost in ("$0.0442", "$0.0122", "$0.0686"):
        assert cost in said, lines
    assert "2 runs · 18.2k in · 300 out" in said and "1 run · 18.2k in" in said
    assert lines[0].startswith("2026-12-06 fastapi-b")
    assert lines[0].endswith("-expert" if width >= 33 else "…")  # cut only with a mark
    if width >= 48:  # a name wider than a line is cut in its middle, with a mark
        assert "us.anthropic.claude-sonnet-4-5-20250929-v1:0" in said
    else:
        assert any(line.startswith("  us.anthropic.") and "…" in line for line in lines)


@pytest.mark.parametrize("width", [64, 61])
def test_stats_table_with_a_long_model_id_keeps_every_number(width: int) -> None:
    """A long gateway model id kept the agent's name at its widest, so at 61-64 columns the
    table was wider than the console: the cost column was cropped away."""
    lines = _stats_drawn(_stats_rows(), width)
    assert lines[0].split() == ["day", "agent", "model", "runs", "in", "out", "cached", "cost"]
    assert all(len(line) <= width for line in lines), lines
    assert lines[-1].endswith("$0.0686") and sum("sonnet-5-5" in x for x in lines) == 2


def test_worker_help_says_stop_grace_takes_seconds() -> None:
    """``coord worker --help`` showed ``--stop-grace GRACE`` beside ``--lease SECONDS`` and
    ``--poll SECONDS``: the value's name did not say what it takes."""
    shown = coord("worker", "--help", env={"COLUMNS": "80"})
    [line] = [x for x in shown.stdout.splitlines() if x.startswith("│ --stop-grace")]
    assert line.split()[1:3] == ["--stop-grace", "SECONDS"]


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (
            ("worker", "--db", "postgresql://u@127.0.0.1:1/db", "--drain"),
            "error: coord worker needs the postgres extra (psycopg and procrastinate not"
            " installed)",
        ),
        (
            ("sessions", "--db", "postgresql://u:pw@127.0.0.1:1/db"),
            "error: a postgresql:// session database needs the postgres extra (psycopg not"
            " installed)",
        ),
    ],
)
def test_a_shared_store_without_the_postgres_extra_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], first: str
) -> None:
    """A new user's `pip install -e .` has no psycopg: `coord worker` (even with no store
    named: it imported the worker first) and any `--db postgresql://…` command ended in a
    `ModuleNotFoundError: No module named 'psycopg'` traceback."""
    for name in ("psycopg", "procrastinate"):
        monkeypatch.setitem(sys.modules, name, None)  # as a venv without the extra
    for name in ("coordinator.store.pg", "coordinator.store.pgqueue", "coordinator.runtime.worker"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    ran = coord(*args, cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr.splitlines() == [first, "Install it: pip install 'coordinator[postgres]'"]


def test_a_yaml_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    """A script or cases file saved as Latin-1 said only `s.yaml: script is not UTF-8 text`:
    in a long file, no line to look at (a YAML mistake names its line)."""
    script = tmp_path / "s.yaml"
    script.write_bytes(b'agents:\n  devops-expert:\n    - text: "Done \xff"\n')
    ran = coord("run", "hi", "--agent", "devops-expert", "--script", script, cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr.splitlines() == [
        f"error: {script}:3: script is not UTF-8 text (byte 0xff)",
        "Save it as UTF-8.",
    ]
    cases = tmp_path / "c.yaml"
    cases.write_bytes(b'- request: ok\n  expect: devops-expert\n- request: "caf\xe9"\n')
    said = coord("agents", "eval", "c.yaml", cwd=tmp_path).stderr.splitlines()
    assert said[0] == "error: c.yaml:3: the cases file is not UTF-8 text (byte 0xe9)"


@pytest.mark.parametrize(
    ("value", "kind"), [("5", "a number"), ("yes", "true or false"), ("2026-01-01", "a date")]
)
def test_a_batch_items_request_that_yaml_read_as_no_text_says_so(
    tmp_path: Path, value: str, kind: str
) -> None:
    """``request: 5`` (or ``yes``, a date) said "its request is missing or empty": it is
    there, and not empty; YAML read it as something other than text."""
    (tmp_path / "b.yaml").write_text(f"- Add login\n- request: {value}\n", encoding="utf-8")
    ran = coord("run", "--batch", "b.yaml", "--agent", "devops-expert", cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr.splitlines()[0] == (
        "error: b.yaml:2: item 2 must be a request string or {request: TEXT, agent: NAME};"
        f" its request must be text, not {kind} (quote it)"
    )


@pytest.mark.parametrize(
    ("name", "like"),
    [("My Agent", "my-agent"), ("Ops_Helper2", "ops-helper2")],
)
def test_agents_new_with_a_bad_name_suggests_the_name_it_would_take(
    tmp_path: Path, name: str, like: str
) -> None:
    """``coord agents new "My Agent"`` said "For example: payments-expert.", a name unlike
    the one typed; it now offers the typed name in the form taken (when any of it fits)."""
    ran = coord("agents", "new", name, "--domain", "Ops", "--trigger", "deploy", cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr.splitlines()[1] == f"For example: {like}."
