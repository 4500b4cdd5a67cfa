"""badinput113: the cells of the bad-input matrix's group ``new113`` (bench/badinput108.py;
bench/RESULTS.md) that failed on the start tree: a traceback, or a message that was wrong
or missing. Each through ``coord`` in process (an exception escaping fails the test, as a
user would have seen its traceback), or the core function that now says it."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from cli import coord, coord_probe
from kit import report, workspace, write_agents, write_script
from test_cli_hooks import user_hooks


@pytest.mark.parametrize(
    ("command", "db"),
    [
        (["sessions"], ""),
        (["sessions"], "  "),
        (["log"], ""),
        (["stats"], ""),
        (["workers"], ""),
        (["config"], ""),
    ],
)
def test_an_empty_db_is_named_not_a_traceback(tmp_path: Path, command: list[str], db: str) -> None:
    """``--db ''`` (a script's unset variable: ``--db "$DB"``): one line naming the flag.
    On the start tree: ``ValueError: PosixPath('.') has an empty name`` out of the store's
    link check (sessions, log, stats), "the SQLite file ." (workers), exit 0 (config)."""
    ws = workspace(tmp_path)
    where = ("--workspace", ws) if command != ["workers"] else ()
    done = coord(*command, "--db", db, *where)
    assert done.returncode == 4, done.stdout
    assert done.stderr.startswith("error: --db: it is empty: give a postgresql:// URL")


@pytest.mark.parametrize("db", [".", "/", "./"])
def test_a_db_path_without_a_name_is_said_to_be_no_file(tmp_path: Path, db: str) -> None:
    """``--db .`` or ``--db /``: a folder, said so (was the ValueError's traceback)."""
    ws = workspace(tmp_path)
    done = coord("sessions", "--here", "--db", db, "--workspace", ws)
    assert done.returncode == 4
    assert done.stderr.startswith(f"error: session database {Path(db)} is not a file")


def test_an_empty_db_in_the_config_file_names_its_line(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    config = tmp_path / "c.yaml"
    config.write_text('max_turns: 4\ndb: ""\n', encoding="utf-8")
    done = coord("sessions", "--here", "--config", config, "--workspace", ws)
    assert done.returncode == 4
    assert done.stderr.startswith(f"error: {config}:2: invalid setting 'db': it is empty")


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("MAX_MCP_OUTPUT_TOKENS", "-5", "'-5' is not a positive whole number of tokens"),
        ("MAX_MCP_OUTPUT_TOKENS", "1e9", "'1e9' is not a positive whole number of tokens"),
        ("MAX_MCP_OUTPUT_TOKENS", "abc", "'abc' is not"),
        ("MAX_MCP_OUTPUT_TOKENS", "0", "'0' is not"),
        ("MCP_TIMEOUT", "0", "'0' is not a positive whole number of milliseconds"),
        ("MCP_TIMEOUT", "abc", "'abc' is not a positive whole number of milliseconds"),
        ("MCP_TOOL_TIMEOUT", "1.5", "'1.5' is not"),
    ],
)
def test_a_settings_mcp_limit_that_is_no_limit_is_warned_of(
    tmp_path: Path, name: str, value: str, said: str
) -> None:
    """The user's settings ``env`` setting an MCP limit to no positive whole number: the
    run says so, naming file and variable, and what it uses instead (on the start tree
    the default was used in silence)."""
    settings = Path(os.environ["HOME"]) / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"env": {name: value}}), encoding="utf-8")
    ran = _run_waiting(tmp_path)[2]
    line = f"warning: {settings}: env.{name}: {said}"
    assert line in ran, ran
    assert "coord uses the default" in ran


def test_an_mcp_limit_in_coords_environment_that_is_no_limit_is_warned_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MCP_TOOL_TIMEOUT", "1e3")
    ran = _run_waiting(tmp_path)[2]
    assert "coord's environment: MCP_TOOL_TIMEOUT: '1e3' is not a positive whole" in ran


@pytest.mark.parametrize("value", ["", "25000", " 3000 "])
def test_a_limit_that_is_one_or_unset_is_not_warned_of(value: str) -> None:
    """A guard of the words' reach: an empty value (unset, as Claude Code reads it) and a
    whole number say nothing, nor does another variable (passes on both trees: the
    function is new; the warnings above fail there)."""
    from coordinator.mcp.limit_vars import limit_problem

    assert limit_problem("MAX_MCP_OUTPUT_TOKENS", value) is None
    assert limit_problem("OTHER", "abc") is None


def _run_waiting(tmp_path: Path) -> tuple[Path, str, str]:
    """A session left waiting on a person (workspace, id, what the run said on stderr)."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    turns = [{"text": report("Blocked", "Which?", domain="Product", blocker="b", required="r")}]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--script", script)
    ran = coord("run", "Write notes", *base, "--agent", "backend", "--json")
    assert ran.returncode == 3, ran.stderr
    return ws, json.loads(ran.stdout)["session"], ran.stderr


@pytest.mark.parametrize(
    ("agents", "said"),
    [
        ({}, "the script has no turns for agent 'backend' (it scripts: none)"),
        ({"web": [{"text": "x"}]}, "the script has no turns for agent 'backend'"),
    ],
)
def test_a_resume_script_without_the_waiting_agent_keeps_the_session(
    tmp_path: Path, agents: dict[str, list[dict[str, str]]], said: str
) -> None:
    """``coord resume ID --context X --script S`` where S has no turns for the waiting
    agent: named, exit 4, the session still waiting. On the start tree the resume ran,
    its first call failed and the session was stored ``failed`` (the answer spent)."""
    ws, sid, _ = _run_waiting(tmp_path)
    agents_dir = tmp_path / "agents"
    write_agents(agents_dir, "backend", "web")
    script = write_script(tmp_path / "r.yaml", agents)
    done = coord(
        "resume", sid, "--context", "euro", "--script", script, "--workspace", ws,
        "--agents-dir", agents_dir,
    )  # fmt: skip
    assert done.returncode == 4, done.stdout + done.stderr
    assert said in done.stderr
    with closing(sqlite3.connect(ws / ".coordinator" / "coordinator.db")) as con:
        [(status,)] = con.execute("SELECT status FROM sessions").fetchall()
    assert status == "waiting"


def test_a_batch_script_scripting_no_agent_is_named_before_any_run(tmp_path: Path) -> None:
    """``agents: {}`` given to a batch: every item's first call would fail; named first,
    nothing stored (the start tree ran the items, each failed)."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    script = tmp_path / "s.yaml"
    script.write_text("agents: {}\n", encoding="utf-8")
    batch = tmp_path / "b.yaml"
    batch.write_text("- Write notes\n- Write more notes\n", encoding="utf-8")
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--agent", "backend")
    done = coord("run", "--batch", batch, *base, "--script", script)
    assert done.returncode == 4
    assert f"{script}: the script scripts no agent" in done.stderr
    assert not (ws / ".coordinator" / "coordinator.db").exists()


@pytest.mark.parametrize(
    ("command", "held"),
    [('read a; eval "$a" \ud800', "'\\ud800'"), ("read a; $a x\x00", "a NUL byte")],
)
def test_a_confined_hook_no_process_can_be_given_does_not_blame_the_sandbox(
    tmp_path: Path, command: str, held: str
) -> None:
    """A user's hook whose line has a run-time word (so it runs confined, with
    --allow-bash) and a character no process can be given: its error names the character,
    tried once. On the start tree the sandbox was set up three times and the error said
    "the sandbox could not be set up, so the command did not run: cannot start: ..."."""
    user_hooks({"SessionStart": [{"hooks": [{"type": "command", "command": command}]}]})
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--script", script)
    ran = coord("run", "Write notes", *base, "--agent", "backend", "--allow-bash", "--json")
    assert ran.returncode == 0, ran.stderr
    shown = coord("log", json.loads(ran.stdout)["session"], "--json", "--workspace", ws)
    [hook] = [e for e in json.loads(shown.stdout)["events"] if e["kind"] == "hook"]
    assert hook["outcome"] == "error"
    assert hook["note"].startswith(f"cannot start: its command line or environment holds {held}")


def test_unpassable_lets_a_bytes_escape_pass() -> None:
    """A guard: a byte's escape (``\\udcff``, a non-UTF-8 byte of a path) is a byte a
    process can be given; only NUL and lone surrogates are refused."""
    from coordinator.runtime.hook_run import unpassable

    assert unpassable("cat caf\udce9") is None
    assert unpassable("echo ok") is None


#: What ``coord workers`` never imports: the SDK, the MCP library, the engine,
#: Procrastinate, OpenTelemetry (psycopg only with a postgresql:// URL: it reads the store).
NOT_FOR_WORKERS = (
    "anthropic", "jiter", "mcp", "procrastinate", "opentelemetry", "coordinator.runtime.engine",
    "coordinator.providers.anthropic", "coordinator.runtime.worker",
)  # fmt: skip


def _heavy(modules: frozenset[str], heavy: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m in heavy or m.split(".")[0] in heavy)


@pytest.mark.parametrize("args", [["workers"], ["workers", "--json"]])
def test_workers_on_a_sqlite_store_imports_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    """A guard (passes on both trees; fails with ``import procrastinate`` added to
    ``survey_workers``, shown in RESULTS): ``coord workers`` where the store is the
    workspace's SQLite file says so (exit 4) having imported no heavy module, psycopg
    neither."""
    ws = workspace(tmp_path)
    probe = coord_probe(*args, cwd=ws)
    assert probe.returncode == 4, probe.stderr
    assert _heavy(probe.modules, (*NOT_FOR_WORKERS, "psycopg", "psycopg_pool")) == []


def test_workers_on_postgresql_imports_neither_procrastinate_nor_the_sdk(
    tmp_path: Path, pg_url: str
) -> None:
    """A guard, as above, on a real PostgreSQL store (its tables made by a first command:
    making them needs Procrastinate's schema): only psycopg is loaded."""
    ws = workspace(tmp_path)
    assert coord("sessions", "--db", pg_url, "--workspace", ws).returncode == 0
    probe = coord_probe("workers", "--json", "--db", pg_url, cwd=ws)
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout)["alive"] == 0
    assert _heavy(probe.modules, NOT_FOR_WORKERS) == []


def test_a_run_given_the_root_as_its_db_is_said_to_be_no_file(tmp_path: Path) -> None:
    """``coord run --db /``: the session index's look at the store's files (``store_files``)
    raised ``ValueError: PosixPath('/') has an empty name`` on the start tree."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--script", script)
    done = coord("run", "Write notes", *base, "--agent", "backend", "--db", "/")
    assert done.returncode == 4
    assert done.stderr.startswith("error: session database / is not a file")
