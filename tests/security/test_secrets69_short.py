"""secrets69: a credential shorter than ``sanitize.MIN_CREDENTIAL`` never reaches an output.

A short value is not scrubbed alone (``pw`` is part of many words), so each canary here is
one coord knows by where it goes: a PostgreSQL store URL's password (psycopg's errors echo
pieces of the URL, a bug's traceback carries them), a keyword connection string given as
``--db`` (it was taken for a file's name), a variable let into Bash that a command prints as
``NAME=value``, and an HTTP MCP server's ``?api_key=`` that httpx logs at INFO and the MCP
SDK at DEBUG when a user turns logging on. The canaries are four characters long.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import report, rows, write_agents, write_script
from test_audit63_canaries import (
    files_under,
    leaks,
    needs_bwrap,
    needs_mcp,
    needs_otel,
    span_texts,
)

from tests.mcp_http import http_server

TESTS = Path(__file__).resolve().parents[1]
FIXTURE = TESTS / "mcp_fixture_server.py"

STORE_PW = "Zq7x"  # a store URL's password
DSN_PW = "Wm3k"  # a keyword connection string's password
DEPLOY = "Dt5v"  # a variable let into Bash (S69_DEPLOY_TOKEN)
QUERY_KEY = "Qk4z"  # an HTTP MCP server's ?api_key=
PG_PASSWORD = "Pg6w"  # PGPASSWORD, let into Bash
HOOK_TOKEN = "Hk8q"  # in the user's environment, which a command hook prints
SHORT = {"store password": STORE_PW, "keyword DSN password": DSN_PW}


# ---- the store's URL and connection string ------------------------------------------------


def test_psycopg_echoing_a_short_store_password_shows_it_redacted(
    tmp_path: Path, fresh: None
) -> None:
    """libpq names the piece of a URL it cannot read (``invalid percent-encoded token:
    "Zq7x%zz"``): coord's one line kept it, the password too short to be registered."""
    url = f"postgresql://coord:{STORE_PW}%zz@127.0.0.1:1/app"
    ran = coord("sessions", "--db", url, cwd=tmp_path)
    assert ran.returncode == 4, ran.stderr
    assert "session database postgresql://coord:***@127.0.0.1:1/app" in ran.stderr
    assert 'invalid percent-encoded token: "[redacted]"' in ran.stderr
    assert leaks({"the error": ran.stdout + ran.stderr}, SHORT) == []


@pytest.mark.parametrize("command", ["sessions", "config", "run"])
def test_a_keyword_connection_string_is_refused_without_its_password(
    tmp_path: Path, command: str, fresh: None
) -> None:
    """``host=db dbname=app password=pw`` was taken for a SQLite file's path: ``coord
    sessions`` named it ("no session database at ... password=pw"), ``coord config`` showed
    it and ``coord run`` made the file. It is refused, the password not repeated."""
    dsn = f"host=127.0.0.1 port=1 dbname=app user=coord password={DSN_PW}"
    agents = write_agents(tmp_path / "agents", "backend")
    steps = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
    run = ["run", "Fix it", "--agents-dir", agents, "--only", "--agent", "backend",
           "--script", steps]  # fmt: skip
    args = run if command == "run" else [command]
    ran = coord(*args, "-w", tmp_path, "--db", dsn, cwd=tmp_path)
    assert ran.returncode == 4, ran.stderr
    assert "a keyword connection string (host=... dbname=...) is not a file" in ran.stderr
    assert "postgresql://" in ran.stderr and "Traceback" not in ran.stderr
    assert leaks({"the error": ran.stdout + ran.stderr, **files_under(tmp_path)}, SHORT) == []


@pytest.mark.parametrize("command", [["worker"], ["run", "Fix it", "--detach"]])
def test_a_shared_stores_flag_names_a_keyword_connection_string_without_its_password(
    tmp_path: Path, command: list[str], fresh: None
) -> None:
    """``coord worker`` and ``--detach`` need a postgresql:// URL: their error repeated a
    keyword connection string as given, ``password=pw`` and all."""
    dsn = f"host=127.0.0.1 dbname=app password={DSN_PW}"
    ran = coord(*command, "--db", dsn, cwd=tmp_path)
    assert ran.returncode == 4, ran.stderr
    assert "--db 'host=127.0.0.1 dbname=app password=***' is not a postgresql:// URL" in ran.stderr
    assert leaks({"the error": ran.stdout + ran.stderr}, SHORT) == []


CRASH = """
import sys

import psycopg

from coordinator.runtime import lookup

PASSWORD = sys.argv[2]

def bug(*args, **kwargs):
    psycopg.connect("postgresql://coord:" + PASSWORD + "%zz@127.0.0.1:1/x")

lookup._shared_sessions = bug  # the store open
from coordinator.cli.app import main

sys.argv = ["coord", "sessions", "--db", sys.argv[1]]
main()
"""


def test_a_bugs_traceback_shows_no_short_store_password(tmp_path: Path, pg_url: str) -> None:
    """A bug with a store open: psycopg's error in its traceback names the password (a
    piece of a URL it could not read). A real process: what Python prints as it ends."""
    scheme, _, rest = pg_url.partition("://")
    url = f"{scheme}://{_with_password(rest)}"
    (tmp_path / "crash.py").write_text(CRASH, encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, str(tmp_path / "crash.py"), url, STORE_PW],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 1, ran.stderr
    assert "Traceback (most recent call last)" in ran.stderr
    assert 'invalid percent-encoded token: "[redacted]%zz"' in ran.stderr
    assert leaks({"the traceback": ran.stdout + ran.stderr}, SHORT) == []


def _with_password(rest: str) -> str:
    """``user@host/db`` with the short password: ``user:Zq7x@host/db``."""
    user, _, hosts = rest.partition("@")
    return f"{user}:{STORE_PW}@{hosts}"


# ---- a run: Bash's environment and an HTTP MCP server, with DEBUG logging ----------------


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A real MCP server over HTTP on loopback; its port."""
    log = tmp_path_factory.mktemp("mcp-web") / "calls.jsonl"
    env = {**os.environ, "MCP_FIXTURE_LOG": str(log)}
    argv: Callable[[int], list[str]] = lambda port: [  # noqa: E731
        sys.executable, str(FIXTURE), "--web", str(port)
    ]  # fmt: skip
    with http_server(argv, env) as (port, _):
        yield port


def call(name: str, args: dict[str, Any], n: int) -> dict[str, Any]:
    return {"name": name, "input": args, "id": f"toolu_s69_{n}"}


@needs_mcp
@needs_otel
@needs_bwrap
@pytest.mark.xdist_group("mcp")
def test_no_short_credential_reaches_the_store_its_log_its_spans_or_python_logging(
    tmp_path: Path,
    web: int,
    fresh: None,
    spans: Any,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A user's hook prints a variable of the user's environment (``S69_HOOK_TOKEN=Hk8q``);
    the agent prints its own (``S69_DEPLOY_TOKEN=Dt5v`` and ``PGPASSWORD=Pg6w``, let in
    with ``--bash-env``) and calls a tool of an HTTP server whose URL carries
    ``?api_key=Qk4z``; the user has turned on DEBUG logging. No value reaches the session's
    database, its ``coord log --json``, its spans or any log record (httpx logs each
    request's URL)."""
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("S69_DEPLOY_TOKEN", DEPLOY)
    monkeypatch.setenv("S69_QUERY_KEY", QUERY_KEY)
    monkeypatch.setenv("PGPASSWORD", PG_PASSWORD)
    monkeypatch.setenv("S69_HOOK_TOKEN", HOOK_TOKEN)
    echo = {"type": "command", "command": 'echo "S69_HOOK_TOKEN=$S69_HOOK_TOKEN"'}
    hooks = {"UserPromptSubmit": [{"hooks": [echo]}]}
    (home / ".claude" / "settings.json").write_text(json.dumps({"hooks": hooks}), "utf-8")
    srv = {"type": "http", "url": f"http://127.0.0.1:{web}/mcp?api_key=${{S69_QUERY_KEY}}"}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"srv": srv}}), "utf-8")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: backend specialist\nmcpServers: [srv]\n---\nBody.\n",
        encoding="utf-8",
    )
    ws = tmp_path / "ws"
    ws.mkdir()
    calls = [call("Bash", {"command": "env | grep -E 'S69_|PGPASS'"}, 1),
             call("mcp__srv__echo", {"text": "hello"}, 2)]  # fmt: skip
    turns = [{"tool_calls": calls}, {"text": report("Complete", "Deployed")}]
    steps = write_script(tmp_path / "s.yaml", {"backend": turns})
    with caplog.at_level(logging.DEBUG):
        run = coord("run", "Deploy it", "-w", ws, "--agents-dir", agents, "--only",
                    "--agent", "backend", "--script", steps, "--allow-bash",
                    "--bash-env", "S69_DEPLOY_TOKEN", "--bash-env", "PGPASSWORD",
                    "--otel", "--json")  # fmt: skip
        assert run.returncode == 0, run.stderr
        sid = json.loads(run.stdout)["session"]
        log = coord("log", sid, "-w", ws, "--json")
    assert log.returncode == 0, log.stderr
    records = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "HTTP Request: POST" in records  # httpx logged the server's URL
    shown = {"coord run": run.stdout + run.stderr, "coord log --json": log.stdout,
             "Python logging": records, "OTel spans": span_texts(spans),
             **files_under(ws / ".coordinator")}  # fmt: skip
    canaries = {"Bash credential": DEPLOY, "PGPASSWORD": PG_PASSWORD, "MCP api_key": QUERY_KEY,
                "hook's environment": HOOK_TOKEN}  # fmt: skip
    assert leaks(shown, canaries) == []
    results = dict(
        rows(ws / ".coordinator" / "coordinator.db", "SELECT name, result FROM tool_calls")
    )
    printed = sorted(results["Bash"].split())  # the command ran and printed both
    assert printed == ["PGPASSWORD=[redacted]", "S69_DEPLOY_TOKEN=[redacted]"], printed
    db = (ws / ".coordinator" / "coordinator.db").read_bytes()
    assert b"S69_HOOK_TOKEN=[redacted]" in db  # the hook ran and printed it
