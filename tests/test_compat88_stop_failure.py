"""``StopFailure`` hooks: fired, once, when a run ends on a model API failure (Claude Code:
"when the turn ends due to an API error"), with ``error`` (the error type, the matcher's
subject), ``error_details`` and ``last_assistant_message``; their output and exit code are
ignored. The real ``anthropic`` SDK against the loopback fake Messages API answering 429,
401, 400 and 500, and a reply that keeps stopping at ``max_tokens``; real hook scripts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from fake_messages_server import FakeMessagesServer, Reply, error, message
from kit import report
from test_hooks import Run
from test_hooks_prompt import engine_with

from coordinator.config import Settings
from coordinator.errors import UserError
from coordinator.providers.anthropic import AnthropicProvider
from coordinator.runtime.hooks import load_hooks

PY = sys.executable
DONE = report("Complete", "Done")


def recorder(tmp_path: Path, matcher: str = "") -> tuple[dict[str, Any], Path]:
    """A StopFailure hook that records each input it gets, then answers as a hook that
    would block and stop everything (exit 2, ``continue: false``): ignored."""
    seen = tmp_path / "stop_failure.jsonl"
    script = tmp_path / "record.py"
    script.write_text(
        "import json, sys\n"
        f"with open({str(seen)!r}, 'a') as f: f.write(sys.stdin.read().strip() + '\\n')\n"
        "print(json.dumps({'continue': False, 'stopReason': 'no', 'decision': 'block'}))\n"
        "sys.stderr.write('blocked'); sys.exit(2)\n"
    )
    entry = {"type": "command", "command": f"{PY} {script}"}
    return {"StopFailure": [{"matcher": matcher, "hooks": [entry]}]}, seen


def fired(seen: Path) -> list[dict[str, Any]]:
    if not seen.exists():
        return []
    return [json.loads(line) for line in seen.read_text().splitlines()]


def sdk_run(tmp_path: Path, server: FakeMessagesServer, hooks: dict[str, Any], **kw: Any) -> Run:
    """``Run``'s workspace, home (``hooks``) and store, its engine calling the fake server
    through the real SDK (no retries)."""
    r = Run(tmp_path, {}, hooks)
    provider = AnthropicProvider(
        api_key="test-key", base_url=server.base_url, max_retries=0, retry_budget=0
    )
    r.engine = engine_with(r, Settings(**kw), provider)
    return r


async def start(r: Run) -> tuple[str, str]:
    """The session's status and reason once the request ran ("user error": raised)."""
    try:
        result = await r.engine.start("Write notes", agent="backend")
    except UserError as exc:
        return "user error", exc.message
    return result.status, result.reason or ""


TOOL = {"name": "Read", "input": {"file_path": "README.md"}}
#: What the Messages API answers (400, ``invalid_request_error``) an account out of credit.
CREDIT = (
    "Your credit balance is too low to access the Anthropic API. "
    "Please go to Plans & Billing to upgrade or purchase credits."
)


@pytest.mark.parametrize(
    ("reply", "kind", "status"),
    [
        (error(429, "rate_limit_error", "slow down"), "rate_limit", "interrupted"),
        (error(401, "authentication_error", "bad key"), "authentication_failed", "user error"),
        (error(400, "invalid_request_error", "bad field"), "invalid_request", "failed"),
        (error(500, "api_error", "oops"), "server_error", "interrupted"),
        (error(529, "overloaded_error", "busy"), "server_error", "interrupted"),
        # the session is left interrupted (a user error: `coord resume --model` continues it)
        (error(404, "not_found_error", "model: nope"), "model_not_found", "user error"),
        (error(403, "permission_error", "no access"), "authentication_failed", "user error"),
        (error(402, "billing_error", "credit balance too low"), "billing_error", "failed"),
        # the API's own answer to an account out of credit: a 400 (Claude Code: billing)
        (error(400, "invalid_request_error", CREDIT), "billing_error", "failed"),
    ],
)
async def test_stop_failure_fires_once_with_the_api_errors_type(
    tmp_path: Path, reply: Reply, kind: str, status: str
) -> None:
    hooks, seen = recorder(tmp_path)
    with FakeMessagesServer() as server:
        # a first turn that works (a tool call, a reply), then the failing call
        server.reply(message("Reading first.", tool_calls=[("Read", TOOL["input"])]), reply)
        r = sdk_run(tmp_path, server, hooks)
        got = await start(r)

    assert got[0] == status  # as without the hook: its exit 2 and continue: false change nothing
    [data] = fired(seen)
    assert data["hook_event_name"] == "StopFailure" and data["error"] == kind
    assert str(reply.status) in data["error_details"]
    assert data["last_assistant_message"] == "Reading first."
    assert data["agent_type"] == "backend" and data["agent_id"]
    sid = r.store.sessions()[0].id
    [event] = r.hook_events(sid)
    assert (event["event"], event["target"], event["exit_code"]) == ("StopFailure", kind, 2)


async def test_an_async_stop_failure_hook_runs_to_its_end_when_the_key_is_rejected(
    tmp_path: Path,
) -> None:
    """A rejected key leaves the session interrupted, as a 429 past the retries does: an
    ``async`` StopFailure hook (an alert: the failure it reports is the user's to fix) is
    waited for as at any end of the session's drive, run and logged, not killed with it."""
    hooks, seen = recorder(tmp_path)
    hooks["StopFailure"][0]["hooks"][0]["async"] = True
    with FakeMessagesServer() as server:
        server.reply(error(401, "authentication_error", "bad key"))
        r = sdk_run(tmp_path, server, hooks)
        status, reason = await start(r)

    assert status == "user error" and "is interrupted" in reason
    [data] = fired(seen)
    assert data["error"] == "authentication_failed"
    [event] = r.hook_events(r.store.sessions()[0].id)
    assert (event["event"], event["target"], event["exit_code"]) == (
        "StopFailure",
        "authentication_failed",
        2,
    )


async def test_max_tokens_past_the_continue_prompts_fires_max_output_tokens(
    tmp_path: Path,
) -> None:
    hooks, seen = recorder(tmp_path)
    with FakeMessagesServer() as server:
        server.reply(message("part one, ", stop_reason="max_tokens"))
        server.reply(message("part two", stop_reason="max_tokens"))
        r = sdk_run(tmp_path, server, hooks, max_continuations=1)
        status, reason = await start(r)

    assert status == "failed" and "output token limit" in reason
    [data] = fired(seen)
    assert data["error"] == "max_output_tokens"
    assert data["last_assistant_message"] == "part one, part two"  # continued parts joined


async def test_a_matcher_selects_the_error_type(tmp_path: Path) -> None:
    hooks, seen = recorder(tmp_path, matcher="rate_limit|server_error")
    with FakeMessagesServer() as server:
        server.reply(error(400, "invalid_request_error", "bad field"))
        r = sdk_run(tmp_path, server, hooks)
        assert (await start(r))[0] == "failed"
    assert fired(seen) == []
    with FakeMessagesServer() as server:
        server.reply(error(503, "api_error", "unavailable"))
        r = sdk_run(tmp_path / "again", server, hooks)
        assert (await start(r))[0] == "interrupted"
    assert [data["error"] for data in fired(seen)] == ["server_error"]


async def test_stop_failure_never_fires_for_a_run_that_ends_otherwise(tmp_path: Path) -> None:
    hooks, seen = recorder(tmp_path)
    with FakeMessagesServer() as server:
        server.reply(message(DONE))
        r = sdk_run(tmp_path, server, hooks)
        assert (await start(r))[0] == "complete"
    with FakeMessagesServer() as server:  # a run ended by its turn limit: not the API's doing
        server.reply(message("again", tool_calls=[("Read", TOOL["input"])]))
        r = sdk_run(tmp_path / "limit", server, hooks, max_turns=1)
        assert (await start(r))[0] == "failed"
    assert fired(seen) == []


def test_stop_failure_hooks_load_without_the_never_fires_warning(tmp_path: Path) -> None:
    hooks, _ = recorder(tmp_path)
    prompt = {"type": "prompt", "prompt": "Why did it fail?"}
    hooks["StopFailure"].append({"hooks": [prompt]})
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    path = home / ".claude" / "settings.json"
    path.write_text(json.dumps({"hooks": hooks}))
    found = load_hooks(tmp_path / "ws", home=home, managed=None)
    [hook] = found.hooks
    assert hook.event == "StopFailure"
    assert found.warnings == [
        f"{path}: StopFailure: Claude Code runs no prompt hooks at StopFailure (entry ignored)"
    ]
