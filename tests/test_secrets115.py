"""secrets115: credentials coord was never told about stay out of the store and the logs.

review144 found, in ``coord log --json``'s ``commands``, the transcript and the store's
file, a bearer token coord never saw, ``export AWS_SECRET_ACCESS_KEY=...``, coord's own
key split over two shell variables or a ``\\`` line, and base64'd. Each session here is
real: scripted or a loopback Messages API, real Bash in bwrap, real SQLite; what is looked
at is the store file's bytes, ``log --json``, the tree, the transcript and the OTLP export.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path
from typing import Any

from cli import coord
from kit import needs_bwrap, needs_otel, report, workspace, write_script

from coordinator import sanitize

AGENT = "---\nname: ops\ndescription: Operations.\ntools: Bash\n---\nYou run commands.\n"
#: coord's own key (ANTHROPIC_API_KEY of every coord process here).
KEY = "sk-ant-api03-s115" + "Qm7vT2xK9pLw4nZc8RbY" * 4 + "AA"
BEARER = "s115Bearer7Tq2Wz9Xv4Lm6Np8Rk3Hj5Gd1Fs"
AWS = "s115aws/K7MDENG/bPxRfiCYzz1SECRETq9Ww"
GITHUB = "ghp_" + "s115R4nd0mT0k3nV4lu3" + "x9Yw8Vu7Ts6Rq5Po4N"
PASSWORD = "hunter2-s115-pw"
B64 = base64.b64encode(KEY.encode()).decode()
COMMANDS = [
    f'echo curl -H "Authorization: Bearer {BEARER}" https://api.example.invalid/v1',
    f"export AWS_SECRET_ACCESS_KEY={AWS}; echo $AWS_SECRET_ACCESS_KEY",
    f"A={KEY[:50]}; B={KEY[50:]}; echo ${{#A}}",
    f"echo {KEY[:40]}\\\n{KEY[40:]} | wc -c",
    f"echo {B64} | base64 -d | wc -c",
    f"echo git clone https://github.com/o/r --token {GITHUB} --password {PASSWORD}",
]
#: What no stored or shown text may hold: each credential, and each half of the split key.
NEVER = [BEARER, AWS, GITHUB, PASSWORD, KEY, KEY[:50], KEY[50:], KEY[:40], KEY[40:], B64]


def _bash(command: str) -> dict[str, Any]:
    return {"name": "Bash", "input": {"command": command}}


def _run(tmp_path: Path, turns: list[dict[str, Any]], **env: str) -> tuple[str, list[str]]:
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(AGENT, encoding="utf-8")
    common = ["--db", str(tmp_path / "s.db")]
    ran = coord(
        "run", "run the commands", "--agent", "ops", "--agents-dir", agents, "--only",
        "--script", write_script(tmp_path / "script.yaml", {"ops": turns}),
        "--workspace", workspace(tmp_path), "--json", "--allow-bash", *common,
        env={"ANTHROPIC_API_KEY": KEY, **env},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)["session"], common


def _store_bytes(db: Path) -> bytes:
    sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)").connection.close()
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def _leaks(where: str, text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [f"{where}: {secret[:12]}..." for secret in NEVER if secret.encode() in data]


@needs_bwrap
def test_credentials_coord_never_saw_are_in_no_stored_or_shown_text(tmp_path: Path) -> None:
    """Six Bash commands (review144's list and a GitHub token, a ``--password``), each
    echoing what it holds: neither the store's file, ``log --json``, the tree nor the
    transcript holds any of them, the commands are still there with ``[redacted]``."""
    turns = [{"tool_calls": [_bash(c) for c in COMMANDS]}, {"text": report("Complete")}]
    sid, common = _run(tmp_path, turns, COLUMNS="400")
    data = coord("log", sid, "--json", *common, env={"ANTHROPIC_API_KEY": KEY}).stdout
    tree = coord("log", sid, *common, env={"COLUMNS": "400", "ANTHROPIC_API_KEY": KEY}).stdout
    transcript = coord("log", sid, "--transcript", *common, env={"ANTHROPIC_API_KEY": KEY})
    leaks = _leaks("store", _store_bytes(tmp_path / "s.db")) + _leaks("--json", data)
    leaks += _leaks("tree", tree) + _leaks("transcript", transcript.stdout)
    assert leaks == []
    commands = [c["command"] for c in json.loads(data)["chain"]["commands"]]
    assert len(commands) == len(COMMANDS), commands
    assert "export AWS_SECRET_ACCESS_KEY=[redacted]; echo $AWS_SECRET_ACCESS_KEY" in commands
    assert "Authorization: Bearer [redacted]" in transcript.stdout


@needs_bwrap
@needs_otel
def test_the_otlp_export_of_such_a_session_holds_none(tmp_path: Path) -> None:
    """The session's trace sent over OTLP/HTTP to a loopback collector (``log --otel-
    endpoint``, content captured: the spans hold each command): none holds any of them."""
    from test_otel import collecting

    from coordinator.telemetry.otel import CAPTURE_VAR

    turns = [{"tool_calls": [_bash(c) for c in COMMANDS]}, {"text": report("Complete")}]
    sid, common = _run(tmp_path, turns)
    with collecting() as (url, handler):
        env = {"ANTHROPIC_API_KEY": KEY, CAPTURE_VAR: "true"}
        sent = coord("log", sid, *common, "--otel-endpoint", url, env=env)
        assert sent.returncode == 0, sent.stderr
    posted = b"".join(body for _, body in handler.posts)
    assert b"export AWS_SECRET_ACCESS_KEY=[redacted]" in posted
    assert _leaks("otlp", posted) == []


@needs_bwrap
def test_a_session_resumes_from_its_scrubbed_store(tmp_path: Path) -> None:
    """A run that waits on a person after a command holding a credential, answered with
    ``coord resume --context``: the replayed conversation holds ``[redacted]`` where the
    credential was, and the session completes with nothing of it stored."""
    ask = report("Blocked", blocker="Which region?", required="the AWS region")
    turns = [
        {"tool_calls": [_bash(COMMANDS[1])]},
        {"text": ask},
        {"text": report("Complete")},
    ]
    sid, common = _run(tmp_path, turns)
    resumed = coord("resume", sid, "--context", "eu-west-1", "--json", *common,
                    env={"ANTHROPIC_API_KEY": KEY})  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["status"] == "complete", resumed.stdout
    assert _leaks("store", _store_bytes(tmp_path / "s.db")) == []


def test_ordinary_text_is_left_as_it_is() -> None:
    """Guard (precision): git SHAs, UUIDs, lock-file hashes, token counts, code that names
    a credential without holding one, a placeholder and a variable reference are left."""
    ordinary = [
        "commit 3f786850e387550fdab836ed7e6dc881de23001b",
        '{"token": "0123456789abcdef0123456789abcdef", "max_tokens": 4096}',
        "id = 123e4567-e89b-12d3-a456-426614174000",
        '"integrity": "sha512-9nB+Oe9s0Bp1d2Yz9Xk1bX0q5HfQf3X5Yc4p8+9lQhQ=="',
        "token = self.token_v2; password=config.db_password2; key=cmp_to_key(f)",
        'curl -H "Authorization: Bearer $GITHUB_TOKEN" -H "x-api-key: <your key>"',
        "export API_KEY=your_api_key_here; sort_key=abc12345; --token-count 12345678",
        "scikit sk-learn-is-a-fine-library-name2 and the task-0123456789abcdefghij",
        'TOKEN_ENDPOINT = "/v1/oauth/token"',
    ]
    assert [sanitize.stored_text(t) for t in ordinary] == ordinary


STRIPE = "sk_live_" + "s115Str1peK3yV4lu3" + "0a1b2c3d"
#: A workspace's own settings: a credential the agent may need, and coord's key base64'd.
DOTENV = f"STRIPE_KEY={STRIPE}\nCOPIED={B64}\n"


@needs_bwrap
def test_the_model_gets_the_workspaces_credential_never_coords_own(tmp_path: Path) -> None:
    """Policy: an agent reads its workspace's ``.env`` (a Stripe key, and coord's own key
    base64'd) through the real SDK and a loopback Messages API. The model's next request
    holds the Stripe key (the agent may need it to work) but no piece of coord's key; the
    store holds neither."""
    from fake_messages_server import FakeMessagesServer, message

    ws = workspace(tmp_path)
    (ws / ".env").write_text(DOTENV, encoding="utf-8")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(AGENT, encoding="utf-8")
    with FakeMessagesServer(strict=True) as server:
        server.reply(message(tool_calls=[("Bash", {"command": "cat .env"})]))
        server.reply(message(text=report("Complete")))
        ran = coord("run", "read the settings", "--agent", "ops", "--agents-dir", agents,
                    "--only", "--allow-bash", "--base-url", server.base_url, "-w", ws,
                    "--db", tmp_path / "s.db", "--json",
                    env={"ANTHROPIC_API_KEY": KEY})  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        second = json.dumps(server.requests[-1].body)
    assert STRIPE in second
    assert [s for s in NEVER[4:] if s in second] == []  # no piece of coord's key
    stored = _store_bytes(tmp_path / "s.db")
    assert STRIPE.encode() not in stored and _leaks("store", stored) == []
