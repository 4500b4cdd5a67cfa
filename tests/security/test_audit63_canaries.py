"""audit63: distinct canary secrets planted wherever a user's secrets live, real scenarios
driven offline, and every output an auditor reads grepped for each canary.

The canaries: ``ANTHROPIC_API_KEY``; an ``sk-ant-`` shaped key (the request text, an agent
file's body, a Bash command's output, a person's ``--context`` answer); the password of
``ANTHROPIC_BASE_URL``; the password and ``?password=`` of a ``postgresql://`` ``--db``;
an MCP server's ``env`` credential (``${VAR}`` from the user's environment) and an HTTP
server's ``?api_key=`` (its connection error names the URL); an HTTP hook's ``Authorization:
Bearer $TOKEN`` header (its answer echoes it, and so does a command hook's stdout and
stderr); a variable let into Bash (``--bash-env``) that a command echoes.

The outputs: the SQLite database file and its ``-wal``, the user-level session index, every
other file coord leaves (locks, caches under ``XDG_CACHE_HOME``, the workspace's
``.coordinator``), ``coord log`` (tree and ``--json``), ``coord sessions --json``, ``coord
stats --json``, ``coord run --json`` and ``coord resume``'s output (stdout and the live
progress on stderr), OTel spans (the in-memory exporter), Python logging at DEBUG, the
error messages for a bad ``--db`` and a bad base URL, and git's branch names.

What is kept on purpose: a token-shaped string (``ghp_...``) in the workspace's ``.env``,
which the agent Reads, is the user's workspace content. coord does not know it is a
secret, so the transcript keeps it as Claude Code's does (the tool result in the store, and
``coord log --json``, which shows what the store holds); it reaches no name, lock, cache,
index, span or log line.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, needs_bwrap, needs_mcp, needs_otel, report, rows, write_script
from test_hooks_http import Server, server  # noqa: F401  (the fixture)

TESTS = Path(__file__).resolve().parents[1]
FIXTURE = TESTS / "mcp_fixture_server.py"

KEY = "a63key-Zq81Lm0pWxCv"  # ANTHROPIC_API_KEY
SK_REQUEST = "sk-ant-a63request-Hh72Kd91"  # the request text
SK_BODY = "sk-ant-a63agentbody-Jj61Qe07"  # an agent file's body
SK_BASH = "sk-ant-a63bashecho-Mm19Tt40"  # a Bash command's output
SK_CONTEXT = "sk-ant-a63context-Nn28Ww55"  # a person's --context answer
BASE_PW = "a63basepw-Rt55Yu"  # ANTHROPIC_BASE_URL's password
MCP_TOKEN = "a63mcp-env-token-Pp44Ss"  # an MCP server's env: credential
MCP_QUERY = "a63mcp-query-key-Gg73Ff"  # an HTTP MCP server's ?api_key=
PROJ_TOKEN = "a63proj-mcpjson-key-Hh84Ii"  # an approved .mcp.json server's header
HOOK_TOKEN = "a63hook-hdr-token-Bb33Cc"  # an http hook's Authorization header
DEPLOY = "a63deploy-token-Vv62Xx"  # a variable let into Bash
#: Every canary that must reach no output at all.
SECRETS = {
    "ANTHROPIC_API_KEY": KEY,
    "sk-ant in the request": SK_REQUEST,
    "sk-ant in an agent body": SK_BODY,
    "sk-ant echoed by Bash": SK_BASH,
    "sk-ant in a --context answer": SK_CONTEXT,
    "base URL password": BASE_PW,
    "MCP env credential": MCP_TOKEN,
    "MCP URL api_key": MCP_QUERY,
    ".mcp.json header credential": PROJ_TOKEN,
    "http hook header token": HOOK_TOKEN,
    "Bash --bash-env credential": DEPLOY,
}
#: In the workspace's .env, read by the agent: the user's content (kept in the transcript).
GH_TOKEN = "ghp_a63workspaceTokenAbCdEf0123456789"


def leaks(outputs: dict[str, str | bytes], secrets: dict[str, str]) -> list[str]:
    """Each (canary, output) pair where the canary is found, as ``canary in output``."""
    found = []
    for where, text in outputs.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        for name, secret in secrets.items():
            if secret.encode() in data:
                found.append(f"{name} in {where}")
    return found


def files_under(*roots: Path, skip: frozenset[Path] = frozenset()) -> dict[str, str | bytes]:
    """Every file under ``roots`` but ``skip`` (the user's own) (databases and their -wal,
    the index, locks, caches, pid files), by path, as bytes; and every path (git's refs too)
    as a name."""
    found: dict[str, str | bytes] = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink() and path not in skip:
                found[str(path)] = path.read_bytes()
            found[f"name {path}"] = str(path)
    return found


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder, data and cache folders of this test's own, and the canaries in the
    environment as a user has them."""
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", f"http://coord:{BASE_PW}@127.0.0.1:9")
    monkeypatch.setenv("A63_MCP_TOKEN", MCP_TOKEN)
    monkeypatch.setenv("A63_QUERY_KEY", MCP_QUERY)
    monkeypatch.setenv("A63_PROJ_TOKEN", PROJ_TOKEN)
    monkeypatch.setenv("A63_HOOK_TOKEN", HOOK_TOKEN)
    monkeypatch.setenv("A63_DEPLOY_TOKEN", DEPLOY)
    monkeypatch.setenv("A63_WAL_COPY", str(tmp_path / "wal.copy"))
    return home


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Python logging of every logger at DEBUG, as a user's ``logging.basicConfig`` sees it."""
    with caplog.at_level(logging.DEBUG):
        yield caplog


def logging_seen(records: list[logging.LogRecord]) -> str:
    """What Python logging shows of coord: its own loggers at every level, and every
    logger's warnings (coord configures no logging: the last-resort handler prints those).
    Other libraries' DEBUG lines (the MCP SDK logs the URL it connects to, query and all)
    are not coord's output."""
    kept = [r for r in records if r.name.startswith("coordinator") or r.levelno >= logging.WARNING]
    return "\n".join(r.getMessage() + (r.exc_text or "") for r in kept)


def span_texts(exporter: Any) -> str:
    """Every name, attribute, event and status of the finished spans, as one text."""
    texts = []
    for span in exporter.get_finished_spans():
        texts += [span.name, span.status.description or "", json.dumps(dict(span.attributes))]
        for event in span.events:
            texts += [event.name, json.dumps(dict(event.attributes or {}))]
    return "\n".join(texts)


def user_config(home: Path, server_url: str) -> None:
    """The user's Claude Code settings: hooks that see and print the hook token, and MCP
    servers given credentials from the environment."""
    echo = {
        "type": "command",
        "command": 'echo "context $A63_HOOK_TOKEN"; echo "stderr $A63_HOOK_TOKEN" >&2',
    }
    failing = {"type": "command", "command": 'echo "failed $A63_HOOK_TOKEN" >&2; exit 1'}
    http = {
        "type": "http",
        "url": server_url,
        "headers": {"Authorization": "Bearer $A63_HOOK_TOKEN"},
        "allowedEnvVars": ["A63_HOOK_TOKEN"],
    }
    # the store's -wal while the session is live (closed, it is checkpointed and gone)
    wal = {"type": "command", "command": f'cat "$CLAUDE_PROJECT_DIR/{WAL}" >> "$A63_WAL_COPY"'}
    hooks = {
        "UserPromptSubmit": [{"hooks": [echo]}],
        "PostToolUse": [
            {"matcher": "Read", "hooks": [http, failing]},
            {"matcher": "Bash", "hooks": [wal]},
        ],
        "Stop": [{"hooks": [wal]}],
    }
    settings = home / ".claude" / "settings.json"
    approved = {"hooks": hooks, "enabledMcpjsonServers": ["proj"]}
    settings.write_text(json.dumps(approved), encoding="utf-8")
    srv = {
        "command": sys.executable,
        "args": [str(FIXTURE)],
        "env": {"FIXTURE": "${A63_MCP_TOKEN}"},
    }
    gone = {"type": "http", "url": "http://127.0.0.1:9/mcp?api_key=${A63_QUERY_KEY}"}
    servers = {"mcpServers": {"srv": srv, "gone": gone}}
    (home / ".claude.json").write_text(json.dumps(servers), encoding="utf-8")


#: The workspace store's write-ahead log, from the workspace.
WAL = ".coordinator/coordinator.db-wal"


def agent_file(folder: Path) -> Path:
    """The agent ``backend``, whose body holds an Anthropic-shaped key."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "backend.md").write_text(
        "---\nname: backend\ndescription: backend specialist\ndomain: backend\n"
        "mcpServers: [srv, gone, proj]\n---\n"
        f"You are the backend specialist. Our staging key is {SK_BODY}.\n",
        encoding="utf-8",
    )
    return folder


def as_a_new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the credentials this process registered, as the next ``coord`` command, a
    process of its own, never knew them: each command must register them itself before it
    keeps or prints anything."""
    from coordinator import sanitize

    monkeypatch.setattr(sanitize, "_registered", set())
    monkeypatch.setattr(sanitize, "_credentials", set())
    sanitize._cache.clear()


def call(name: str, args: dict[str, Any], n: int) -> dict[str, Any]:
    return {"name": name, "input": args, "id": f"toolu_a63_{n}"}


def script(tmp_path: Path) -> Path:
    """The backend reads .env, runs Bash echoing two secrets, asks the MCP server who it
    is, then asks a person; given the answer, it completes."""
    first = [
        call("Read", {"file_path": ".env"}, 1),
        call("Bash", {"command": f'echo "$A63_DEPLOY_TOKEN {SK_BASH}"'}, 2),
        call("mcp__srv__whoami", {}, 3),
        call("mcp__srv__fail", {"reason": "no deploy token"}, 4),
    ]
    turns = [
        {"tool_calls": first},
        {"text": blocked("Ops", "the deploy key")},
        {"expect": "the deploy key is", "text": report("Complete", "Deployed")},
    ]
    return write_script(tmp_path / "s.yaml", {"backend": turns})


def git_init(ws: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@e", *args],
            cwd=ws,
            check=True,
            capture_output=True,
        )


@needs_mcp
@needs_otel
@needs_bwrap
@pytest.mark.xdist_group("mcp")
def test_no_canary_reaches_any_output_of_a_run_resumed_with_an_answer(
    tmp_path: Path,
    home: Path,
    server: Server,  # noqa: F811
    logged: pytest.LogCaptureFixture,
    spans: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    deny = {"decision": "block", "reason": f"token {HOOK_TOKEN} seen"}
    server.answer(200, deny)
    user_config(home, server.url)
    agents = agent_file(tmp_path / "agents")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / ".env").write_text(f"GITHUB_TOKEN={GH_TOKEN}\n", encoding="utf-8")
    (ws / "app.py").write_text("print('hi')\n", encoding="utf-8")
    proj = {"type": "http", "url": "http://127.0.0.1:9/mcp",
            "headers": {"X-Api-Key": "${A63_PROJ_TOKEN}"}}  # fmt: skip
    (ws / ".mcp.json").write_text(json.dumps({"mcpServers": {"proj": proj}}), encoding="utf-8")
    git_init(ws)
    flags = ["-w", ws, "--agents-dir", agents, "--only", "--agent", "backend",
             "--script", script(tmp_path), "--allow-bash", "--bash-env", "A63_DEPLOY_TOKEN",
             "--otel"]  # fmt: skip
    request = f"Deploy {SK_REQUEST} {KEY}; tokens {MCP_TOKEN} {PROJ_TOKEN} {HOOK_TOKEN} {DEPLOY}"
    run = coord("run", request, *flags, "--json")
    assert run.returncode == 3, run.stderr  # waiting for a person
    sid = json.loads(run.stdout)["session"]
    as_a_new_process(monkeypatch)
    answer = f"the deploy key is {SK_CONTEXT} ({KEY} {MCP_TOKEN} {PROJ_TOKEN} {DEPLOY})"
    resumed = coord("resume", sid, "-w", ws, "--context", answer, "--otel")
    assert resumed.returncode == 0, resumed.stderr
    assert server.requests and HOOK_TOKEN in server.requests[0]["headers"]["Authorization"]

    shown = {
        "coord run --json": run.stdout,
        "coord run progress": run.stderr,
        "coord resume": resumed.stdout + resumed.stderr,
    }
    for name, args in {
        "coord log": ["log", sid, "-w", ws],
        "coord log --json": ["log", sid, "-w", ws, "--json"],
        "coord sessions --json": ["sessions", "-w", ws, "--json"],
        "coord stats --json": ["stats", "-w", ws, "--json"],
    }.items():
        as_a_new_process(monkeypatch)
        ran = coord(*args)
        assert ran.returncode == 0, ran.stderr
        shown[name] = ran.stdout + ran.stderr
    shown["OTel spans"] = span_texts(spans)
    shown["Python logging"] = logging_seen(logged.records)
    branches = subprocess.run(
        ["git", "for-each-ref", "--format=%(refname)"], cwd=ws, capture_output=True, text=True
    )
    shown["git refs"] = branches.stdout
    files = files_under(ws / ".coordinator", tmp_path / "cache", tmp_path / "data", home)
    files[WAL] = (tmp_path / "wal.copy").read_bytes()
    assert files[WAL] and any(p.endswith("index.db") for p in files)
    # The roster's parse cache is the user's own agent file, parsed (private to the user,
    # as the file is): it keeps the body as written; the store, the model and logs never.
    roster_cache = tmp_path / "cache" / "coordinator" / "registry.pickle"
    assert roster_cache.stat().st_mode & 0o077 == 0
    assert leaks({**shown, **files}, SECRETS) == [f"sk-ant in an agent body in {roster_cache}"]
    db = ws / ".coordinator" / "coordinator.db"
    results = dict(rows(db, "SELECT name, result FROM tool_calls"))
    assert json.loads(results["mcp__srv__whoami"])["env"] == "[redacted]"  # the server had it
    assert results["Bash"].strip() == "[redacted] [redacted]"  # it ran and echoed both
    servers, *_ = [e for e in json.loads(shown["coord log --json"])["events"]
                   if e["kind"] == "mcp_servers"]  # fmt: skip
    assert "srv" in servers["servers"] and any("'proj'" in p for p in servers["problems"])

    # The workspace's own content, read by the agent: its GitHub token, known by its shape,
    # is kept nowhere, the store and what shows it included (secrets115; it was kept as read).
    assert leaks({**shown, **files}, {"workspace .env token": GH_TOKEN}) == []


# ---- error messages that echo a value: a bad base URL, a bad --db -----------------------

BAD_PW = "a63badinput-pw-Kk50Ll"


@pytest.mark.parametrize(
    "url",
    [
        f"htps//coord:{BAD_PW}@gateway.local",  # the scheme's colon forgotten
        f"coord:{BAD_PW}@gateway.local",  # no scheme at all
        f"ftp://coord:{BAD_PW}@gateway.local",
        f"https://coord:{BAD_PW}@gateway.local:0",
    ],
)
@pytest.mark.parametrize("given", ["--base-url", "ANTHROPIC_BASE_URL"])
def test_a_bad_base_url_is_named_without_its_password(
    tmp_path: Path, home: Path, url: str, given: str
) -> None:
    flags: list[str] = ["--base-url", url] if given == "--base-url" else []
    env = {"ANTHROPIC_BASE_URL": url} if given != "--base-url" else None
    ran = coord("run", "Fix it", "-w", tmp_path, "--agent", "x", *flags, env=env)
    assert ran.returncode == 4, ran.stderr
    assert "is not an http:// or https:// address" in ran.stderr
    assert "@gateway.local" in ran.stderr  # the URL is named, its password masked (and an
    # http or ftp URL's user name with it: traces95)
    assert leaks({"the error": ran.stdout + ran.stderr}, {"base URL password": BAD_PW}) == []


@pytest.mark.parametrize(
    "db",
    [
        f"postgres//coord:{BAD_PW}@db.local/app",  # the scheme's colon forgotten
        f"postgresql:/coord:{BAD_PW}@db.local/app",
        f"coord:{BAD_PW}@db.local/app",
    ],
)
@pytest.mark.parametrize("command", ["run", "sessions"])
def test_a_mistyped_db_url_is_refused_not_made_a_folder_named_by_its_password(
    tmp_path: Path, home: Path, db: str, command: str
) -> None:
    """Taken for a SQLite file's path, ``postgres//bob:pw@host/db`` made the folder
    ``postgres/bob:pw@host`` and the index named it: the password on disk, in every
    listing and error. It is refused, without repeating it."""
    agents = agent_file(tmp_path / "agents")
    (tmp_path / "ws").mkdir()
    args = ["run", "Fix it", "--agents-dir", agents, "--only", "--agent", "backend",
            "--script", script(tmp_path)] if command == "run" else [command]  # fmt: skip
    ran = coord(*args, "-w", tmp_path / "ws", "--db", db, cwd=tmp_path)
    assert ran.returncode == 4, ran.stderr
    assert "is a mistyped URL, not a file" in ran.stderr
    outputs = {"the error": ran.stdout + ran.stderr, **files_under(tmp_path, home)}
    assert leaks(outputs, {"db password": BAD_PW}) == []


# ---- a bug's traceback ------------------------------------------------------------------

CRASH = """
import sys
from coordinator.runtime import lookup

SAID = sys.argv[1]

def bug(*args, **kwargs):
    raise RuntimeError("bug at " + SAID)

lookup.list_sessions = bug
from coordinator.cli.app import main

sys.argv = ["coord", "sessions", "--json"]
main()
"""


def test_a_bugs_traceback_is_printed_without_a_secret(tmp_path: Path, home: Path) -> None:
    """A bug keeps its traceback, printed after the CLI's scrubbed streams are gone: an
    exception's message naming a URL with its password or a key is scrubbed all the same.
    A real process: what Python prints as it ends is what is checked."""
    (tmp_path / "crash.py").write_text(CRASH, encoding="utf-8")
    said = f"http://bob:{BASE_PW}@db.local {SK_REQUEST} {KEY}"
    ran = subprocess.run(
        [sys.executable, str(tmp_path / "crash.py"), said],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 1
    assert "Traceback (most recent call last)" in ran.stderr
    # (an http URL's whole user information, as shown: traces95)
    assert "RuntimeError: bug at http://[redacted]@db.local [redacted] [redacted]" in ran.stderr
    assert leaks({"the traceback": ran.stdout + ran.stderr}, SECRETS) == []


def test_another_threads_traceback_is_printed_without_a_secret(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import threading

    from coordinator.sanitize import scrub_thread_tracebacks

    monkeypatch.setattr(threading, "excepthook", threading.excepthook)  # restored after
    scrub_thread_tracebacks()

    def bug() -> None:
        raise RuntimeError(f"bug with {KEY}")

    thread = threading.Thread(target=bug, name="worker-1")
    thread.start()
    thread.join()
    err = capsys.readouterr().err
    assert "Exception in thread worker-1:" in err and "RuntimeError: bug with [redacted]" in err
    assert KEY not in err


# ---- a shared PostgreSQL store ----------------------------------------------------------

PG_PW = "a63pg-password-Ee38Rr"


def pg_dump(url: str) -> str:
    """Every row of every table of the database at ``url`` (coord's, the queue's), as text."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
        rows = [f"{schema}.{name}" for schema, name in tables]
        for schema, name in tables:
            query = f'SELECT t::text FROM "{schema}"."{name}" t'
            rows += [str(r[0]) for r in con.execute(query).fetchall()]  # type: ignore[arg-type]
    return "\n".join(rows)


@pytest.mark.parametrize("where", ["user:password@", "?password="])
def test_no_canary_of_a_postgresql_store_reaches_its_rows_or_any_output(
    tmp_path: Path, home: Path, pg_url: str, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--db`` with a password (the private cluster trusts: it is not checked): a run
    that waits on a person, answered, a detached run queued for the workers; the password
    is in no row (sessions, events, the queue's jobs and their flags, the workers' table),
    no output, the index or any file; nor are the other canaries."""
    user, rest = pg_url.split("://", 1)[1].split("@", 1)
    if where == "user:password@":
        db = f"postgresql://{user}:{PG_PW}@{rest}"
    else:
        db = f"postgresql://{user}@{rest}?password={PG_PW}"
    secrets = {**SECRETS, "--db password": PG_PW}
    agents = agent_file(tmp_path / "agents")
    ws = tmp_path / "ws"
    ws.mkdir()
    turns = [
        {"text": blocked("Ops", "the deploy key")},
        {"expect": "the deploy key is", "text": report("Complete", "Deployed")},
    ]
    path = write_script(tmp_path / "pg.yaml", {"backend": turns})
    flags = ["-w", ws, "--db", db, "--agents-dir", agents, "--only", "--agent", "backend",
             "--script", path]  # fmt: skip
    run = coord("run", f"Deploy with {SK_REQUEST} {KEY}; the db's is {PG_PW}", *flags, "--json")
    assert run.returncode == 3, run.stderr
    sid = json.loads(run.stdout)["session"]
    as_a_new_process(monkeypatch)
    answer = f"the deploy key is {SK_CONTEXT} {PG_PW}"
    resumed = coord("resume", sid, "-w", ws, "--db", db, "--context", answer, "--here", "--json")
    detached = coord("run", f"Again with {KEY}", *flags, "--detach")
    assert detached.returncode == 0, detached.stderr
    shown = {
        "coord run --json": run.stdout + run.stderr,
        "coord resume --here --json": resumed.stdout + resumed.stderr,
        "coord run --detach": detached.stdout + detached.stderr,
    }
    for name, args in {
        "coord log": ["log", sid, "--db", db],
        "coord log --json": ["log", sid, "--db", db, "--json"],
        "coord sessions --json": ["sessions", "--db", db, "--json"],
        "coord stats --json": ["stats", "--db", db, "--json"],
        "coord config": ["config", "--db", db],
    }.items():
        ran = coord(*args, cwd=ws)
        shown[name] = ran.stdout + ran.stderr
    assert resumed.returncode == 0, resumed.stderr
    shown["the database's rows"] = pg_dump(pg_url)
    files = files_under(ws, tmp_path / "cache", tmp_path / "data", home)
    found = leaks({**shown, **files}, secrets)
    assert [f for f in found if "registry.pickle" not in f] == []


# ---- the OTLP exporter's own credentials ------------------------------------------------

OTEL_Q, OTEL_HEADER = "a63otel-query-key-Ww90Pp", "a63otel-header-key-Uu81Oo"


@needs_otel
def test_the_otlp_exporters_credentials_reach_no_output(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OTLP endpoint with ``?api_key=`` (nothing listens there) and a header's key in
    ``OTEL_EXPORTER_OTLP_HEADERS``, which a request also holds: the warning naming where
    the spans were to go masks the key (it printed it as written), and the store, the
    index and every output keep neither."""
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", f"http://127.0.0.1:9/?api_key={OTEL_Q}")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_HEADERS", f"x-honeycomb-team={OTEL_HEADER}")
    agents = agent_file(tmp_path / "agents")
    ws = tmp_path / "ws"
    ws.mkdir()
    path = write_script(tmp_path / "o.yaml", {"backend": [{"text": report("Complete")}]})
    ran = coord(
        "run", f"Send traces with {OTEL_HEADER}", "-w", ws, "--agents-dir", agents, "--only",
        "--agent", "backend", "--script", path,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "warning: traces not sent:" in ran.stderr
    assert "api_key=***" in ran.stderr  # where they were to go, its key masked
    as_a_new_process(monkeypatch)
    log = coord("log", "-w", ws, "--json")
    outputs = {"coord run": ran.stdout + ran.stderr, "coord log --json": log.stdout}
    outputs.update(files_under(ws / ".coordinator", tmp_path / "data"))
    canaries = {"OTLP endpoint key": OTEL_Q, "OTLP header": OTEL_HEADER}
    assert leaks(outputs, canaries) == []


# ---- the real SDK against the fake Messages API -----------------------------------------


def test_no_canary_reaches_the_model_or_any_output_through_the_sdk(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real ``anthropic`` SDK against the loopback fake Messages API, ``--base-url``
    with a password: the request and the model's reply hold the key and the password;
    neither reaches a request body, the store, the index or any output."""
    from fake_messages_server import FakeMessagesServer, message

    monkeypatch.delenv("ANTHROPIC_BASE_URL")
    agents = agent_file(tmp_path / "agents")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / ".env").write_text(f"GITHUB_TOKEN={GH_TOKEN}\n", encoding="utf-8")
    with FakeMessagesServer() as api:
        api.reply(
            message(tool_calls=[("Read", {"file_path": ".env"})]),
            message(text=f"Used {KEY} via {BASE_PW}.\n" + report("Complete", f"Saw {KEY}")),
        )
        url = api.base_url.replace("http://", f"http://coord:{BASE_PW}@")
        ran = coord(
            "run", f"Check {KEY} and {BASE_PW} and {SK_REQUEST}", "-w", ws, "--agents-dir",
            agents, "--only", "--agent", "backend", "--base-url", url, "--json",
        )  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        bodies = "\n".join(json.dumps(r.body) for r in api.requests)
    assert len(api.requests) == 2
    assert GH_TOKEN in bodies  # the workspace's own content, as read
    as_a_new_process(monkeypatch)
    log = coord("log", "-w", ws, "--json")
    outputs = {"request bodies": bodies, "coord run --json": ran.stdout + ran.stderr,
               "coord log --json": log.stdout}  # fmt: skip
    outputs.update(files_under(ws / ".coordinator", tmp_path / "data"))
    assert leaks(outputs, SECRETS) == []
