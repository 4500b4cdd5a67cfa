"""Every configured secret, whatever its length, stays out of output, events, the store,
error messages and what is sent to the model.

Through the real CLI and the real SDK against a loopback fake Messages API server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fake_messages_server import FakeMessagesServer, error, message
from kit import report, write_worker
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.errors import UserError
from coordinator.providers.base import KeyRejected
from coordinator.sanitize import REDACTED, SafeStream, scrub

SHORT_KEY = "k3y4bcd8"  # 8 characters: under the old 12-character floor
PASSWORD = "pa55w0rd"


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    write_worker(tmp_path / "agents")
    return ws


def run_args(ws: Path, server: FakeMessagesServer, *extra: str) -> list[str | Path]:
    agents = ws.parent / "agents"
    url = server.base_url
    return ["-w", ws, "--agent", "worker", "--agents-dir", agents, "--only", "--base-url", url,
            *extra]  # fmt: skip


def stored_bytes(ws: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (ws / ".coordinator").rglob("*") if p.is_file())


def assert_nowhere(secret: str, ws: Path, *outputs: str) -> None:
    for out in outputs:
        assert secret not in out
    assert secret.encode() not in stored_bytes(ws)


@pytest.mark.parametrize("variable", ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"])
def test_a_short_key_never_reaches_output_store_or_model(ws: Path, variable: str) -> None:
    (ws / ".env").write_text(f"{variable}={SHORT_KEY}\n", encoding="utf-8")
    with FakeMessagesServer() as server:
        server.reply(
            message(tool_calls=[("Read", {"file_path": ".env"})]),
            message(text=f"The key is {SHORT_KEY}.\n" + report("Complete", f"Saw {SHORT_KEY}")),
        )
        env = {variable: SHORT_KEY}
        result = invoke("run", f"Check {SHORT_KEY} works", *run_args(ws, server), env=env)
        assert result.exit_code == 0, result.output
        progress = result.stderr
        plain = invoke("run", "Again", *run_args(ws, server), env=env)  # the rich view too

    sid = json.loads(invoke("sessions", "-w", ws, "--json").stdout)[-1]["session"]
    log = invoke("log", sid, "-w", ws, "--json").stdout
    assert REDACTED in log  # the tool result and the final report were scrubbed, not dropped
    assert_nowhere(SHORT_KEY, ws, result.stdout, progress, plain.output, log)
    # The key is the credential of every call, and in no request body.
    assert len(server.requests) >= 2
    assert all(SHORT_KEY not in json.dumps(r.body) for r in server.requests)
    sent = [
        r.headers.get("x-api-key", "") + r.headers.get("authorization", "") for r in server.requests
    ]
    assert all(SHORT_KEY in credential for credential in sent)


def test_a_secret_echoed_in_an_api_error_is_scrubbed(ws: Path) -> None:
    with FakeMessagesServer() as server:
        creds = server.base_url.replace("http://", f"http://user:{PASSWORD}@")
        echo = f"bad request from key {SHORT_KEY} via user:{PASSWORD}"
        server.reply(error(400, "invalid_request_error", echo))
        args = run_args(ws, server)
        args[args.index("--base-url") + 1] = creds
        result = invoke("run", "Do it", *args, env={"ANTHROPIC_API_KEY": SHORT_KEY})
    assert result.exit_code == 1, result.output
    assert "the model API returned an error" in result.output
    assert f"{REDACTED} via user:{REDACTED}" in result.output
    for secret in (SHORT_KEY, PASSWORD):
        assert_nowhere(secret, ws, result.output)


def test_a_key_revoked_mid_run_ends_in_one_scrubbed_line(ws: Path) -> None:
    with FakeMessagesServer() as server:
        server.reply(
            message(tool_calls=[("Glob", {"pattern": "*"})]),
            error(401, "authentication_error", f"invalid x-api-key {SHORT_KEY}"),
        )
        result = invoke("run", "Do it", *run_args(ws, server), env={"ANTHROPIC_API_KEY": SHORT_KEY})
    assert result.exit_code == 4
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith("error: the API rejected the key (401 authentication_error)")
    assert errors[0].endswith("is interrupted")
    assert "ANTHROPIC_API_KEY" in lines[lines.index(errors[0]) + 1]  # the hint
    assert "Once that is fixed, `coord resume " in lines[lines.index(errors[0]) + 2]
    assert "Traceback" not in result.output
    assert_nowhere(SHORT_KEY, ws, result.output)


def test_key_rejected_is_a_typed_user_error() -> None:
    exc = KeyRejected("the API rejected the key (401 authentication_error)", "set it")
    assert isinstance(exc, UserError) and exc.exit_code == 4 and exc.kind == "key_rejected"
    assert str(exc) == "the API rejected the key (401 authentication_error)\nset it"


def test_scrub_covers_every_configured_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "ab")
    monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", 'to"k\\en')
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "https://me:s3cr@proxy.local/v1?api_key=q7")
    text = 'ab cab to"k\\en {"t": "to\\"k\\\\en"} me s3cr q7 sk-ant-api03-abcdefgh123'
    assert scrub(text) == (
        f"{REDACTED} c{REDACTED} {REDACTED} "
        f'{{"t": "{REDACTED}"}} me {REDACTED} {REDACTED} {REDACTED}'
    )
    monkeypatch.setenv("ANTHROPIC_API_KEY", "   ")
    assert scrub("a b") == "a b"  # blank is not a secret


def test_the_safe_stream_scrubs_and_cleans_what_is_printed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", SHORT_KEY)
    path = tmp_path / "out.txt"
    with path.open("w", encoding="utf-8") as fh:
        stream = SafeStream(fh)
        stream.write(f"key {SHORT_KEY} bad \ud800 byte \udcff\n")
    assert path.read_text(encoding="utf-8") == f"key {REDACTED} bad \ufffd byte \ufffd\n"
