"""review22: credentials the user hands to MCP servers, hooks and Bash never reach the
store (messages, tool results, events: what ``coord log`` and ``--json`` show, and the
model's context) nor the trace; real runs: the scripted provider, the real MCP fixture
server, real hook scripts and real bwrap.

A credential is a value the user puts where credentials go (:mod:`coordinator.sanitize`):
a variable expanded into an MCP server's or http hook's headers, a credential-named one
(``*_TOKEN``) into a server's environment or let into Bash, the value of an
``Authorization`` header, a URL's password or key/token query value.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import zygote
from kit import Harness, needs_mcp, report
from test_hooks import WRITE, Run
from test_hooks_http import Server, server  # noqa: F401  (the fixture)
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.sanitize import safe_text

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "mcp_fixture_server.py"
DONE = report("Complete", "Done")


def stored_text(db: Path) -> str:
    """Everything the database holds, as SQL text (tables, rows, the WAL's too)."""
    with sqlite3.connect(db) as conn:
        return "\n".join(conn.iterdump())


def shown(db: Path, session: str) -> str:
    """``coord log SESSION`` and ``coord log SESSION --json``, as printed."""
    runner = CliRunner()
    tree = runner.invoke(app, ["log", session, "--db", str(db)])
    as_json = runner.invoke(app, ["log", session, "--json", "--db", str(db)])
    assert tree.exit_code == 0 and as_json.exit_code == 0, tree.output + as_json.output
    return tree.stdout + as_json.stdout


def mcp_agent() -> AgentSpec:
    return AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        body="You are the backend specialist.",
        extra={"mcpServers": ["srv", "gone"]},
    )


def _user_servers(home: Path, **servers: Any) -> None:
    (home / ".claude.json").write_text(json.dumps({"mcpServers": servers}), encoding="utf-8")


@needs_mcp
@pytest.mark.xdist_group("mcp")
async def test_an_mcp_servers_credentials_are_scrubbed_from_what_it_answers_and_its_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``.mcp.json``-style definitions: ``env: {FIXTURE: ${R22_SERVICE_TOKEN}}`` (the
    fixture's ``whoami`` prints it back) and an HTTP server that cannot be reached at
    ``...?api_key=${R22_QUERY_KEY}`` (its error names the URL): neither value is in the
    store, ``coord log`` or its JSON, while the server itself got its token."""
    token, key = "r22-service-token-0001", "r22-query-key-0002"
    monkeypatch.setenv("R22_SERVICE_TOKEN", token)
    monkeypatch.setenv("R22_QUERY_KEY", key)
    log = tmp_path / "calls.jsonl"
    command, *args = zygote.launcher([sys.executable, str(FIXTURE)])  # (forked: zygote.py)
    srv = {
        "command": command,
        "args": args,
        "env": {"MCP_FIXTURE_LOG": str(log), "FIXTURE": "${R22_SERVICE_TOKEN}"},
    }
    gone = {"type": "http", "url": "http://127.0.0.1:9/mcp?api_key=${R22_QUERY_KEY}"}
    _user_servers(Path(os.environ["HOME"]), srv=srv, gone=gone)
    who = {"name": "mcp__srv__whoami", "input": {}, "id": "toolu_who"}
    turns = [{"tool_calls": [who]}, {"text": DONE}]
    h = Harness(tmp_path, {"backend": turns}, registry=Registry([mcp_agent()]))
    result = await h.engine.start("who are you", agent="backend")
    assert result.status == "complete", result.reason
    [call] = h.store.all_tool_calls(result.session_id)
    assert json.loads(call.result or "{}")["env"] == "[redacted]"  # the server had it
    [started] = [e.data for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
    defined_in = str(Path(os.environ["HOME"]) / ".claude.json")  # which server, from where
    assert started["sources"] == {"srv": defined_in, "gone": defined_in}
    assert started["confined"] == []
    for text in (stored_text(h.db), shown(h.db, result.session_id)):
        assert token not in text and key not in text
    h.close()


async def test_an_http_hooks_header_credential_is_scrubbed_from_its_answer_and_other_hooks(
    tmp_path: Path,
    server: Server,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An http hook sends ``Authorization: Bearer $R22_HOOK_TOKEN`` (``allowedEnvVars``) to
    a URL with a ``?token=`` of its own, and its deny reason echoes the header's token; a
    command hook (the user's env, as Claude Code gives it) prints the same token on stderr:
    the hook got it, the store, the model's context and ``coord log`` never have it."""
    token = "r22-hook-token-0003"
    monkeypatch.setenv("R22_HOOK_TOKEN", token)
    deny = {"permissionDecision": "deny", "permissionDecisionReason": f"bad token {token}"}
    server.answer(200, {"hookSpecificOutput": deny})
    entry = {
        "type": "http",
        "url": f"{server.url}?token=r22-url-token-0007",
        "headers": {"Authorization": "Bearer $R22_HOOK_TOKEN"},
        "allowedEnvVars": ["R22_HOOK_TOKEN"],
    }
    echo = {"type": "command", "command": 'echo "token is $R22_HOOK_TOKEN" >&2; exit 1'}
    hooks = {
        "UserPromptSubmit": [{"hooks": [echo]}],
        "PreToolUse": [{"matcher": "Write", "hooks": [entry]}],
    }
    agents = {"backend": [{"tool_calls": [WRITE]}, {"expect": "bad token", "text": DONE}]}
    r = Run(tmp_path, agents, hooks)
    result = await r.engine.start("Write notes", agent="backend")
    assert result.status == "complete", result.reason
    assert server.requests[0]["headers"]["Authorization"] == f"Bearer {token}"
    assert server.requests[0]["path"] == "/hook?token=r22-url-token-0007"
    notes = [e["note"] for e in r.hook_events(result.session_id)]
    assert notes == ["token is [redacted]", "bad token [redacted]"]
    for text in (stored_text(tmp_path / "s.db"), shown(tmp_path / "s.db", result.session_id)):
        assert token not in text and "r22-url-token-0007" not in text
    [http] = [e for e in r.hook_events(result.session_id) if e["event"] == "PreToolUse"]
    # its URL's token too: an http hook's URL is stored as shown, masked (review97)
    assert http["command"] == f"{server.url}?token=***"


def _repo_with_token_remote(ws: Path, url: str) -> None:
    for args in (["init", "-q"], ["remote", "add", "origin", url]):
        subprocess.run(["git", *args], cwd=ws, check=True, capture_output=True)


async def test_bash_output_of_a_credential_let_in_and_a_remotes_token_is_scrubbed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real bwrap: ``--bash-env R22_DEPLOY_TOKEN R22_REGION`` and a git remote
    ``https://bob:<token>@github.com/...``: ``echo`` and ``git remote -v`` print both
    tokens, the store and ``coord log`` keep neither; the region (not a credential) is
    kept as it was."""
    deploy, remote = "r22-deploy-token-0004", "ghp_r22remotetoken0005"
    region = "r22-region-eu-west-1"
    monkeypatch.setenv("R22_DEPLOY_TOKEN", deploy)
    monkeypatch.setenv("R22_REGION", region)
    spec = AgentSpec(name="ops", description="devops", domain="devops", tools=["Bash"],
                     body="You are ops.")  # fmt: skip
    command = 'echo "$R22_DEPLOY_TOKEN $R22_REGION"; git remote -v'
    bash = {"name": "Bash", "input": {"command": command}, "id": "toolu_bash"}
    script = {"ops": [{"tool_calls": [bash]}, {"text": report("Complete")}]}
    h = Harness(
        tmp_path,
        script,
        registry=Registry([spec]),
        allow_bash=True,
        bash_env=["R22_DEPLOY_TOKEN", "R22_REGION"],
    )
    _repo_with_token_remote(h.ws, f"https://bob:{remote}@github.com/acme/app.git")
    result = await h.engine.start("Check the deploy", agent="ops")
    [call] = h.store.all_tool_calls(result.session_id)
    assert f"[redacted] {region}" in (call.result or "")
    assert "https://bob:[redacted]@github.com/acme/app.git" in (call.result or "")
    for text in (stored_text(h.db), shown(h.db, result.session_id)):
        assert deploy not in text and remote not in text
    h.close()


def test_what_counts_as_a_credential_by_its_name() -> None:
    """Words of the name, not substrings: ``MONKEY`` and ``KEYBOARD_LAYOUT`` are none."""
    from coordinator.sanitize import credential_name

    named = ["GITHUB_TOKEN", "X-Api-Key", "apiKey", "Authorization", "DB_PASSWORD", "AWS_SECRET"]
    assert all(credential_name(n) for n in named)
    assert not any(credential_name(n) for n in ["MONKEY", "KEYBOARD_LAYOUT", "PWD", "REGION"])
    kept = "ssh://git@host/x http://h:8080/a@b postgresql://team:***@db/c"  # *** : masked
    assert safe_text(kept) == kept


@pytest.mark.skipif(importlib.util.find_spec("opentelemetry") is None, reason="no otel extra")
async def test_a_trace_keeps_no_secret_from_a_tools_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tool's error names a file whose name holds the API key: the store scrubs it, and
    so does the ``execute_tool`` span's status description."""
    from test_otel import traced

    key = "r22-anthropic-key-0006"
    monkeypatch.setenv("ANTHROPIC_API_KEY", key)
    read = {"name": "Read", "input": {"file_path": f"missing-{key}.txt"}}
    h = Harness(tmp_path, {"backend": [{"tool_calls": [read]}, {"text": DONE}]})
    rec, exporter = traced(h)
    await h.engine.start("Read it", agent="backend")
    rec.close()
    spans = exporter.get_finished_spans()
    [tool] = [s for s in spans if s.name == "execute_tool Read"]
    assert "[redacted]" in (tool.status.description or "")
    for span in spans:
        texts = [span.status.description or "", json.dumps(dict(span.attributes or {}))]
        texts += [json.dumps(dict(e.attributes or {})) for e in span.events]
        assert key not in "".join(texts), span.name
    h.close()


def test_a_long_line_with_a_url_costs_what_reading_it_does() -> None:
    """The URL-password scrub looks at each ``://`` once: a 200k-letter word beside a URL
    (a base64 blob in a tool's output) takes milliseconds; a regex trying every start of
    the word took minutes (the square of its length). Counted in this process's CPU time,
    which a loaded machine does not stretch (~0.1 s here; the wall clock under load 10
    is several times that)."""
    import time

    text = "a" * 200_000 + " https://bob:hunter2hunter2@example.com/x " + "://b" * 50_000
    started = time.process_time()
    shown = safe_text(text)
    assert time.process_time() - started < 2.0
    assert "hunter2" not in shown and "https://bob:[redacted]@example.com/x" in shown


async def test_a_literal_token_in_an_agent_files_inline_server_is_not_stored(
    tmp_path: Path,
) -> None:
    """An agent file defines its server inline with ``Authorization: Bearer <literal>``:
    the run stores its definition (for a resume) without the token; it was stored as
    written, before the run's servers were read."""
    literal = "literal-gh-token-0008"
    headers = {"Authorization": f"Bearer {literal}"}
    inline = {"gh": {"type": "http", "url": "http://127.0.0.1:9/mcp", "headers": headers}}
    spec = AgentSpec(name="backend", description="backend", domain="backend", body="Body.",
                     extra={"mcpServers": [inline]})  # fmt: skip
    h = Harness(tmp_path, {"backend": [{"text": DONE}]}, registry=Registry([spec]))
    result = await h.engine.start("Look", agent="backend")
    assert result.status == "complete", result.reason
    assert literal not in stored_text(h.db)
    h.close()


def test_an_mcp_servers_headers_and_credential_named_env_are_scrubbed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``headers: {Authorization: Bearer ${R22_GH_TOKEN}, X-Team: ${R22_TEAM_ID}}``: both
    expanded values are scrubbed (a header is how a credential is sent); in ``env``, only
    a credential-named one (``GITHUB_PAT``; ``${R22_REGION_NAME}`` under ``REGION`` is not)."""
    from coordinator.mcp.config import parse_server

    values = {
        "R22_GH_TOKEN": "ghp_r22headertoken0009",
        "R22_TEAM_ID": "r22-team-id-0010",
        "R22_PAT_VALUE": "r22-pat-value-0011",
        "R22_REGION_NAME": "r22-region-name-0012",
    }
    http = {
        "type": "http",
        "url": "https://mcp.example.com/mcp",
        "headers": {"Authorization": "Bearer ${R22_GH_TOKEN}", "X-Team": "${R22_TEAM_ID}"},
    }
    stdio = {"command": "srv", "env": {"GITHUB_PAT": "${R22_PAT_VALUE}",
                                       "REGION": "${R22_REGION_NAME}"}}  # fmt: skip
    parse_server("gh", http, "/u/.claude.json", True, values)
    parse_server("local", stdio, "/u/.claude.json", True, values)
    shown = safe_text(" ".join(values.values()))
    assert shown == "[redacted] [redacted] [redacted] r22-region-name-0012"


def test_a_credential_read_with_its_trailing_newline_is_scrubbed_as_printed() -> None:
    """A token read from a file (``$(cat token.txt)``) keeps the file's last newline; the
    same token printed inside a line must be scrubbed too (review25: it was not)."""
    from coordinator import sanitize

    sanitize.register_credential("tok-review25-0123456789\n")
    assert "tok-review25" not in sanitize.scrub("Authorization: tok-review25-0123456789 ok")


def test_a_database_urls_default_password_is_no_secret_but_a_real_one_is() -> None:
    """``--db postgresql://postgres:postgres@host/db`` (the password repeats the user: a
    default everyone knows) must not turn every "postgres" of a request, an answer or a log
    into ``[redacted]``; a real password in the same place is still scrubbed (audit63)."""
    from coordinator import sanitize

    for secret in sanitize.url_secrets("postgresql://postgres:postgres@db.local/coord"):
        sanitize.register_credential(secret)
    for secret in sanitize.url_secrets("postgresql://app:pw-lead47-0123456@db.local/coord"):
        sanitize.register_credential(secret)
    shown = sanitize.scrub("add a postgres index; postgresql://app:pw-lead47-0123456@db")
    assert shown.startswith("add a postgres index; postgresql://")
    assert "pw-lead47" not in shown
