"""audit102: the fifty-eighth session's new ways for text to flow, grepped for canaries.

audit63 planted a canary in every place a user's secret lives and grepped every output for
it; this session added paths it never drove: a skill forked as a sub-agent whose
``!`command``` prints (fork100, compat100), an MCP server whose headers a ``headersHelper``
prints (compat100, review103), WorktreeCreate/WorktreeRemove hooks (worktree101), an http
hook that fails, its URL holding a token as its user name and in its query (trust100,
review102). One real scenario drives them all offline, a Blocked chain resumed with a
person's answer in a new process, and every output is grepped: the SQLite file and its
``-wal``, every file coord leaves (index, caches, locks), ``coord log`` (tree, ``--json``,
``--transcript``), ``coord sessions/stats --json``, the run's and resume's stdout and
stderr, Python logging at DEBUG, and the spans a local OTLP/HTTP collector received.

Kept on purpose (docs/trust-boundary.md, "Kept as read"): what the agent reads of the
workspace (a token in its ``.env``), in the transcript, as Claude Code keeps it: in the
store and what shows the store (``coord log --json``/``--transcript``), nowhere else.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, needs_bwrap, needs_mcp, needs_otel, report, rows, write_script
from test_audit63_canaries import files_under, leaks, logging_seen
from test_hooks_http import Server, server  # noqa: F401  (the fixture)

TESTS = Path(__file__).resolve().parents[1]
FIXTURE = TESTS / "mcp_fixture_server.py"

KEY = "a102key-Qw71Er0pAsDf"  # ANTHROPIC_API_KEY
AUTH = "a102auth-Zx82Cv1bNmLk"  # ANTHROPIC_AUTH_TOKEN
SETTINGS_ENV = "a102settings-env-Ty63Ui"  # settings.json "env" (coord adds none)
MCP_ENV = "a102mcp-env-token-Op54As"  # a stdio server's env: credential
MCP_HDR = "a102mcp-hdr-token-Df45Gh"  # an http server's static header
MCP_QUERY = "a102mcp-query-key-Jk36Lz"  # an http server's ?api_key=
MCP_USER = "a102mcpUser0Token7Kd"  # an http server URL's user name (a token's shape)
MCP_PW = "a102mcp-url-pw-Lq19Zt"  # a server URL's password (one that is not listening)
HELPER = "a102helper-bearer-Xc27Vb"  # the bearer token a headersHelper prints
HELPER_ORG = "a102helper-tenant-Vb72Xc"  # the tenant's key it prints (no credential's name)
HOOK_TOKEN = "a102hook-hdr-token-Nm18Qw"  # an http hook's Authorization header
HOOK_USER = "a102hookUser0Token9Er"  # an http hook URL's user name (a token's shape)
HOOK_PW = "a102hook-url-pw-Ty09Ui"  # an http hook URL's password
HOOK_QUERY = "a102hook-query-tok-Op90As"  # an http hook URL's ?token=
DEPLOY = "a102deploy-token-Df81Gh"  # a variable let into Bash (--bash-env)
SK_BASH = "sk-ant-a102bashecho-Jk72Lz"  # an Anthropic key a Bash command prints
SK_SKILL = "sk-ant-a102skillcmd-Xc63Vb"  # one a skill's !`command` prints
SK_CONTEXT = "sk-ant-a102context-Nm54Qw"  # in a person's --context answer
#: Every canary that must reach no output at all.
SECRETS = {
    "ANTHROPIC_API_KEY": KEY,
    "ANTHROPIC_AUTH_TOKEN": AUTH,
    "settings env": SETTINGS_ENV,
    "MCP env credential": MCP_ENV,
    "MCP static header": MCP_HDR,
    "MCP URL api_key": MCP_QUERY,
    "MCP URL user": MCP_USER,
    "MCP URL password": MCP_PW,
    "headersHelper bearer": HELPER,
    "headersHelper tenant key": HELPER_ORG,
    "http hook header": HOOK_TOKEN,
    "http hook URL user": HOOK_USER,
    "http hook URL password": HOOK_PW,
    "http hook URL query": HOOK_QUERY,
    "Bash --bash-env credential": DEPLOY,
    "sk-ant echoed by Bash": SK_BASH,
    "sk-ant printed by a skill command": SK_SKILL,
    "sk-ant in a --context answer": SK_CONTEXT,
}
#: In the workspace's .env, read by the agent (Read, and a skill's command): kept as read.
GH_TOKEN = "ghp_a102workspaceTokenQwEr0123456789"


def as_a_new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the credentials this process registered, as the next ``coord`` never knew
    them."""
    from coordinator import sanitize

    monkeypatch.setattr(sanitize, "_registered", set())
    monkeypatch.setattr(sanitize, "_credentials", set())
    monkeypatch.setattr(sanitize, "_named", {})
    monkeypatch.setattr(sanitize, "_tokens", set())
    sanitize._cache.clear()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", AUTH)
    monkeypatch.setenv("A102_MCP_ENV_TOKEN", MCP_ENV)
    monkeypatch.setenv("A102_MCP_HDR", MCP_HDR)
    monkeypatch.setenv("A102_QUERY_KEY", MCP_QUERY)
    monkeypatch.setenv("A102_HOOK_TOKEN", HOOK_TOKEN)
    monkeypatch.setenv("A102_DEPLOY_TOKEN", DEPLOY)
    monkeypatch.setenv("A102_WAL_COPY", str(tmp_path / "wal.copy"))
    return home


#: An MCP server over streamable HTTP (the official SDK) whose ``whoami`` answers with the
#: identity headers it was sent, as a tenant-aware server's does.
HEADERS_SERVER = """
import json, sys
from mcp.server.mcpserver import Context, MCPServer

server = MCPServer("tenant")


@server.tool()
def whoami(ctx: Context) -> str:
    \"\"\"Who the server takes the caller for.\"\"\"
    headers = ctx.headers or {}
    return json.dumps({k: v for k, v in headers.items() if k.startswith("x-")})


server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[1]))
"""


@pytest.fixture
def web(tmp_path: Path) -> Iterator[int]:
    """A real MCP server over loopback HTTP answering with the headers it got: its port."""
    from tests.mcp_http import http_server

    script = tmp_path / "tenant_server.py"
    script.write_text(HEADERS_SERVER, encoding="utf-8")
    argv = [sys.executable, str(script)]
    with http_server(lambda port: [*argv, str(port)], dict(os.environ)) as (port, _):
        yield port


WAL = ".coordinator/coordinator.db-wal"

#: WorktreeCreate: makes the worktree as Claude Code's docs show, chatting on stderr with
#: the hook token in it; prints the path last.
CREATE = """#!{python}
import json, os, pathlib, subprocess, sys
data = json.load(sys.stdin)
print("creating with", os.environ.get("A102_HOOK_TOKEN"), file=sys.stderr)
target = pathlib.Path(data["cwd"]) / ".claude" / "worktrees" / data["name"]
subprocess.run(["git", "-C", data["cwd"], "worktree", "add", "-q", "-b", "hook/" + data["name"],
                str(target), "HEAD"], check=True, stdout=sys.stderr)
print("token", os.environ.get("A102_HOOK_TOKEN"))
print(target)
"""
#: WorktreeRemove: prints the token on both streams, fails.
REMOVE = 'echo "removing $A102_HOOK_TOKEN"; echo "failed $A102_HOOK_TOKEN" >&2; exit 1'


def user_config(tmp_path: Path, home: Path, hook_url: str, port: int) -> frozenset[Path]:
    """The user's settings and MCP servers; the files written (the user's own)."""
    create = tmp_path / "create.py"
    create.write_text(CREATE.format(python=sys.executable), encoding="utf-8")
    create.chmod(0o755)
    scheme, rest = hook_url.split("://", 1)
    tokened = f"{scheme}://{HOOK_USER}:{HOOK_PW}@{rest}?token={HOOK_QUERY}"
    closed = f"http://{HOOK_USER}@127.0.0.1:9/hook?token={HOOK_QUERY}"
    header = {"Authorization": "Bearer $A102_HOOK_TOKEN"}
    http = {"type": "http", "headers": header, "allowedEnvVars": ["A102_HOOK_TOKEN"]}
    wal = {"type": "command", "command": f'cat "$CLAUDE_PROJECT_DIR/{WAL}" >> "$A102_WAL_COPY"'}
    hooks = {
        "UserPromptSubmit": [{"hooks": [{"type": "command", "command": REMOVE}]}],
        "PostToolUse": [
            {"matcher": "Read", "hooks": [{**http, "url": tokened}, {**http, "url": closed}]},
            {"matcher": "Bash", "hooks": [wal]},
        ],
        "Stop": [{"hooks": [wal]}],
        "WorktreeCreate": [{"hooks": [{"type": "command", "command": str(create)}]}],
        "WorktreeRemove": [{"hooks": [{"type": "command", "command": REMOVE}]}],
    }
    settings = {"env": {"A102_SETTINGS_TOKEN": SETTINGS_ENV}, "hooks": hooks}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    secret_file = tmp_path / "ticket"
    secret_file.write_text(HELPER, encoding="utf-8")
    helper = tmp_path / "helper.py"
    helper.write_text(
        "import json, sys\n"
        f"tok = open({str(secret_file)!r}).read()\n"
        f"org = {HELPER_ORG!r}\n"
        "print('fetched', tok, file=sys.stderr)\n"
        "print(json.dumps({'Authorization': 'Bearer ' + tok, 'X-Scope-OrgID': org}))\n",
        encoding="utf-8",
    )
    web = {
        "type": "http",
        "url": f"http://{MCP_USER}@127.0.0.1:{port}/mcp?api_key=${{A102_QUERY_KEY}}",
        "headers": {"X-Token": "${A102_MCP_HDR}"},
        "headersHelper": f"{sys.executable} {helper}",
    }
    srv = {"command": sys.executable, "args": [str(FIXTURE)],
           "env": {"FIXTURE": "${A102_MCP_ENV_TOKEN}"}}  # fmt: skip
    gone = {**web, "url": f"http://{MCP_USER}:{MCP_PW}@127.0.0.1:9/mcp?token=${{A102_QUERY_KEY}}"}
    servers = {"web": web, "srv": srv, "gone": gone}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": servers}), encoding="utf-8")
    return frozenset({create, secret_file, helper, home / ".claude" / "settings.json",
                      home / ".claude.json"})  # fmt: skip


SKILL = (
    "---\nname: survey\ndescription: Survey the deploy\ncontext: fork\n---\n"
    "SURVEY-TASK on $ARGUMENTS\n"
    'Vars: !`echo "$A102_DEPLOY_TOKEN {sk}"`\n'
    "Env: !`cat .env`\n"
)


def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    (ws / ".claude" / "skills" / "survey").mkdir(parents=True)
    (ws / ".claude" / "skills" / "survey" / "SKILL.md").write_text(
        SKILL.format(sk=SK_SKILL), encoding="utf-8"
    )
    (ws / ".env").write_text(f"GITHUB_TOKEN={GH_TOKEN}\n", encoding="utf-8")
    (ws / ".gitignore").write_text(".coordinator/\n", encoding="utf-8")
    (ws / "app.py").write_text("print('hi')\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args],
                       cwd=ws, check=True, capture_output=True)  # fmt: skip
    return ws


def agents(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "backend.md").write_text(
        "---\nname: backend\ndescription: backend specialist\ndomain: backend\n"
        "mcpServers: [web, srv, gone]\nisolation: worktree\n---\nYou are the backend specialist.\n",
        encoding="utf-8",
    )
    return folder


def call(name: str, args: dict[str, Any], n: int) -> dict[str, Any]:
    return {"name": name, "input": args, "id": f"toolu_a102_{n}"}


def script(tmp_path: Path) -> Path:
    """backend reads .env, echoes in Bash, calls both servers, forks the skill (whose
    sub-agent completes), then waits on a person; answered, it completes."""
    first = [
        call("Read", {"file_path": ".env"}, 1),
        call("Bash", {"command": f'echo "$A102_DEPLOY_TOKEN {SK_BASH}"'}, 2),
        call("mcp__web__whoami", {}, 3),
        call("mcp__srv__whoami", {}, 4),
        call("Skill", {"skill": "survey", "args": "prod"}, 5),
    ]
    turns = [
        {"when": "Deploy", "tool_calls": first},
        {"when": "Deploy", "text": blocked("Ops", "the deploy key")},
        {
            "when": "Deploy",
            "expect": "the deploy key is",
            "tool_calls": [call("Write", {"file_path": "notes.txt", "content": "done"}, 6)],
        },
        {
            "when": "Deploy",
            "text": report("Complete", f"Deployed with {SK_CONTEXT} {KEY}", files="notes.txt"),
        },
        {"when": "SURVEY-TASK", "text": report("Complete", f"Surveyed {SK_SKILL} {DEPLOY}")},
    ]
    return write_script(tmp_path / "s.yaml", {"backend": turns})


@needs_mcp
@needs_otel
@needs_bwrap
@pytest.mark.xdist_group("mcp")
def test_no_canary_reaches_any_output_of_this_sessions_paths(
    tmp_path: Path,
    home: Path,
    server: Server,  # noqa: F811
    web: int,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from test_otel import collecting

    server.answer(500, f"no: {HOOK_TOKEN} {HOOK_USER} {HOOK_QUERY}")
    own = user_config(tmp_path, home, server.url, web)
    ws = workspace(tmp_path)
    team = agents(tmp_path / "agents")
    flags = ["-w", ws, "--agents-dir", team, "--only", "--agent", "backend", "--script",
             script(tmp_path), "--allow-bash", "--bash-env", "A102_DEPLOY_TOKEN"]  # fmt: skip
    request = (
        f"Deploy {KEY} {AUTH} {MCP_ENV} {MCP_HDR} {MCP_QUERY} {HOOK_TOKEN} {HOOK_USER}"
        f" {HOOK_PW} {HOOK_QUERY} {DEPLOY} {MCP_USER} {MCP_PW}"
    )
    shown: dict[str, str | bytes] = {}
    with caplog.at_level(logging.DEBUG), collecting() as (otlp, collector):
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", otlp)
        run = coord("run", request, *flags, "--json")
        assert run.returncode == 3, run.stdout + run.stderr  # waiting for a person
        sid = json.loads(run.stdout)["session"]
        as_a_new_process(monkeypatch)
        answer = f"the deploy key is {SK_CONTEXT} ({KEY} {MCP_ENV} {HOOK_TOKEN} {DEPLOY})"
        resumed = coord("resume", sid, "-w", ws, "--context", answer)
        assert resumed.returncode == 0, resumed.stdout + resumed.stderr
        shown["coord run --json"] = run.stdout + run.stderr
        shown["coord resume"] = resumed.stdout + resumed.stderr
        for name, args in {
            "coord log": ["log", sid, "-w", ws],
            "coord log --json": ["log", sid, "-w", ws, "--json"],
            "coord log --transcript": ["log", sid, "-w", ws, "--transcript"],
            "coord sessions --json": ["sessions", "-w", ws, "--json"],
            "coord stats --json": ["stats", "-w", ws, "--json"],
        }.items():
            as_a_new_process(monkeypatch)
            ran = coord(*args)
            assert ran.returncode == 0, ran.stderr
            shown[name] = ran.stdout + ran.stderr
        shown["OTLP collector"] = b"\n".join(body for _, body in collector.posts)
    shown["Python logging"] = logging_seen(caplog.records)
    git = ["git", "-C", str(ws), "log", "--all", "--format=%H %D%n%B%n%N"]
    shown["git log"] = subprocess.run(git, capture_output=True, text=True, check=True).stdout
    assert collector.posts
    files = files_under(ws / ".coordinator", tmp_path / "cache", tmp_path / "data", home,
                        skip=own)  # fmt: skip
    files[WAL] = (tmp_path / "wal.copy").read_bytes()
    assert server.requests and collector.posts  # the hook and the exporter were reached
    db = ws / ".coordinator" / "coordinator.db"
    results = dict(rows(db, "SELECT name, result FROM tool_calls"))
    assert json.loads(results["mcp__web__whoami"]) == {
        "x-token": "[redacted]",  # the server got both; neither is kept
        "x-scope-orgid": "[redacted]",
    }
    assert results["Bash"].strip() == "[redacted] [redacted]"
    events = json.loads(shown["coord log --json"])["events"]
    assert {e["kind"] for e in events} >= {"skill_forked", "skill_fork_done", "worktree"}
    hooks = {(e["event"], e["outcome"]) for e in events if e["kind"] == "hook"}
    assert {("WorktreeCreate", "ok"), ("WorktreeRemove", "error")} <= hooks
    assert ("PostToolUse", "error") in hooks  # the http hooks: HTTP 500, no answer
    assert leaks({**shown, **files}, SECRETS) == []

    # The workspace's own .env, read by the agent (Read, and the skill's `cat .env` in the
    # fork's task): its GitHub token, known by its shape, is kept nowhere, the store and
    # what shows it included (secrets115; it was kept as read before).
    assert leaks({**shown, **files}, {"workspace .env token": GH_TOKEN}) == []


# ---- a WorktreeCreate hook that fails, or prints a token where its path belongs -----------


@pytest.mark.parametrize(
    "create",
    [
        'echo "no ticket for $A102_HOOK_TOKEN" >&2; exit 1',  # its stderr, in the failure
        'echo "$A102_HOOK_TOKEN"',  # a token as the path
        'echo "/nowhere/$A102_HOOK_TOKEN"',  # a path holding one
    ],
)
def test_a_refused_worktree_hooks_failure_names_no_secret(
    tmp_path: Path, home: Path, create: str
) -> None:
    """The run fails naming what the hook said or printed (worktree101); the hook's token,
    a credential-named variable of the user's environment, is in no output."""
    hooks = {"WorktreeCreate": [{"hooks": [{"type": "command", "command": create}]}]}
    (home / ".claude" / "settings.json").write_text(json.dumps({"hooks": hooks}), "utf-8")
    ws = workspace(tmp_path)
    path = write_script(tmp_path / "w.yaml", {"backend": [{"text": report("Complete")}]})
    run = coord("run", "Deploy it", "-w", ws, "--agents-dir", agents(tmp_path / "agents"),
                "--only", "--agent", "backend", "--script", path, "--json")  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "has no worktree" in json.loads(run.stdout)["reason"]
    sid = json.loads(run.stdout)["session"]
    shown: dict[str, str | bytes] = {"coord run --json": run.stdout + run.stderr}
    for flag in ("--json", "--transcript"):
        shown[f"coord log {flag}"] = coord("log", sid, "-w", ws, flag).stdout
    shown.update(files_under(ws / ".coordinator", tmp_path / "data"))
    assert leaks(shown, SECRETS) == []


# ---- a headersHelper that fails, naming what it fetched ---------------------------------

FAILED_TICKET = "a102ticket-expired-Wq81Zr"  # coord never saw it: found by its name


@pytest.mark.parametrize(
    "said",
    [
        f"refresh failed: token={FAILED_TICKET} expired",
        f"error: Authorization: Bearer {FAILED_TICKET}",
        f"vault: password={FAILED_TICKET} rejected",
    ],
)
@needs_mcp
def test_a_failing_headers_helpers_stderr_keeps_no_named_credential(
    tmp_path: Path, home: Path, said: str
) -> None:
    """A headersHelper exiting 1 keeps its server from starting, its MCP line quoting its
    stderr (compat100); a credential after its name there is redacted, also after another
    word's colon: ``refresh failed: token=…`` kept the token (the name before ``:`` took
    ``token=…`` as its value), in the store and every ``coord log``."""
    helper = tmp_path / "helper.py"
    helper.write_text(f"import sys\nsys.stderr.write({said!r})\nsys.exit(1)\n", "utf-8")
    web = {"type": "http", "url": "http://127.0.0.1:9/mcp",
           "headersHelper": f"{sys.executable} {helper}"}  # fmt: skip
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"web": web}}), "utf-8")
    ws = workspace(tmp_path)
    team = tmp_path / "agents"
    team.mkdir()
    (team / "backend.md").write_text(
        "---\nname: backend\ndescription: backend specialist\ndomain: backend\n"
        "mcpServers: [web]\n---\nYou are the backend specialist.\n",
        encoding="utf-8",
    )
    path = write_script(tmp_path / "h.yaml", {"backend": [{"text": report("Complete")}]})
    run = coord("run", "Deploy it", "-w", ws, "--agents-dir", team, "--only", "--agent",
                "backend", "--script", path, "--json")  # fmt: skip
    assert run.returncode == 0, run.stderr
    sid = json.loads(run.stdout)["session"]
    log = coord("log", sid, "-w", ws, "--json")
    [started] = [e for e in json.loads(log.stdout)["events"] if e["kind"] == "mcp_servers"]
    [problem] = started["problems"]
    assert "headersHelper exited 1" in problem and "[redacted]" in problem
    shown: dict[str, str | bytes] = {"coord run": run.stdout + run.stderr, "log": log.stdout}
    shown["coord log"] = coord("log", sid, "-w", ws).stdout
    shown.update(files_under(ws / ".coordinator", tmp_path / "data"))
    assert leaks(shown, {"the helper's ticket": FAILED_TICKET}) == []


def test_a_log_lines_credential_after_another_words_colon_is_redacted() -> None:
    """What a library logs, and a helper's stderr, as :func:`scrubbed_log_line` keeps it:
    the value after each credential-named word, wherever the pair stands in the line."""
    from coordinator.sanitize import scrubbed_log_line

    assert scrubbed_log_line("refresh failed: token=ab1cd2ef3 expired") == (
        "refresh failed: token=[redacted] expired"
    )
    assert scrubbed_log_line("error: Authorization: Bearer ab1cd2") == (
        "error: Authorization: Bearer [redacted]"
    )
    said = "a: b=c: api_key=x1 then d: e"
    assert scrubbed_log_line(said) == "a: b=c: api_key=[redacted] then d: e"
    assert scrubbed_log_line("at 12:30:45 ok: x=y") == "at 12:30:45 ok: x=y"  # (no credential)
