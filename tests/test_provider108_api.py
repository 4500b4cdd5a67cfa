"""provider108: what the Messages API really answers, through ``coord run`` on the real SDK
against the loopback fake (``strict``: it refuses what the real API refuses, as it words it).

An empty reply (the API's empty ``end_turn``), a tool call cut off at ``max_tokens``, a
403/404, a connection reset mid-reply; thinking blocks sent back unchanged and the cache's
tokens in the cost (guards).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli import Ran
from cli import coord as run_coord
from fake_messages_server import FakeMessagesServer, Reply, error, message

from coordinator.demo.demo import SAMPLE
from coordinator.providers.anthropic import AnthropicProvider
from coordinator.providers.base import ModelRequest, RetriesExhausted

KEY = "sk-ant-api03-PROVIDER108-0123456789abcdefghijklmnop"
MODEL = "claude-haiku-4-5"
AGENT = "fastapi-backend-expert"
REPORT = "Added the field.\n\n**Files:** app/models.py\n\n**Status:** Complete"


def reply(content: list[dict[str, Any]], stop: str, usage: dict[str, int] | None = None) -> Reply:
    """A 200 reply with exactly these content blocks and stop reason."""
    body = {
        "id": "msg_p108",
        "type": "message",
        "role": "assistant",
        "model": MODEL,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 5, **(usage or {})},
    }
    return Reply(200, body, {"request-id": "req_p108"})


def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws)
    return ws


def coord(server: FakeMessagesServer, ws: Path, *args: str) -> Ran:
    return run_coord(*args, "-w", str(ws), "--json", cwd=ws.parent, env={"ANTHROPIC_API_KEY": KEY})


def run(server: FakeMessagesServer, ws: Path) -> Ran:
    return coord(server, ws, "run", "Add a field", "--agent", AGENT, "--base-url", server.base_url)


def sent(server: FakeMessagesServer, n: int) -> list[dict[str, Any]]:
    """The messages of request ``n`` after the first, cache breakpoints left out."""
    out = []
    for msg in server.requests[n].body["messages"][1:]:
        content = msg["content"]
        if isinstance(content, list):
            content = [{k: v for k, v in b.items() if k != "cache_control"} for b in content]
        out.append({**msg, "content": content})
    return out


GLOB = ("Glob", {"pattern": "*.py"})
KEY_REJECTED = error(401, "authentication_error", "invalid x-api-key")
NOPE_AGENT = """---
name: nope-expert
description: Answers questions about the nope subsystem.
model: claude-nope-9
---
You know the nope subsystem.
"""


def interrupted(ran_stdout: str) -> str:
    """The id of the session a ``--json`` error says is interrupted."""
    said = json.loads(ran_stdout)
    assert "is interrupted" in said["error"], said
    return str(said["error"].split("session ")[1].split()[0])


def run_nope_agent(server: FakeMessagesServer, ws: Path) -> tuple[Ran, Path]:
    """``coord run`` of the agent nope-expert, whose own ``model:`` (line 4 of its file,
    the path returned) the API answers with a 404."""
    agents = ws / ".claude" / "agents"
    agents.mkdir(parents=True)
    (path := agents / "nope-expert.md").write_text(NOPE_AGENT)
    server.reply(error(404, "not_found_error", "model: claude-nope-9"))
    args = ("run", "Fix nope", "--agent", "nope-expert", "--base-url", server.base_url)
    return coord(server, ws, *args), path


@pytest.mark.parametrize(
    "empty",
    [[], [{"type": "text", "text": ""}]],
    ids=["no-blocks", "empty-text-block"],
)
def test_an_empty_reply_is_sent_back_as_the_api_takes_it(
    tmp_path: Path, empty: list[dict[str, Any]]
) -> None:
    """The API's empty ``end_turn`` (after tool results most often): stored as it came, every
    later call of the run was a 400 (``all messages must have non-empty content``) and the
    run failed; now it is stored as "(no reply)" and the model asked for its report."""
    ws = workspace(tmp_path)
    with FakeMessagesServer(strict=True) as server:
        server.reply(message("Looking.", tool_calls=[GLOB]), reply(empty, "end_turn"))
        server.reply(message(REPORT, model=MODEL))
        ran = run(server, ws)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        assert json.loads(ran.stdout)["status"] == "complete"
        third = sent(server, 2)
    assert third[2] == {"role": "assistant", "content": [{"type": "text", "text": "(no reply)"}]}
    assert "could not be read as a report" in third[3]["content"][0]["text"]
    assert len(server.requests) == 3


def test_a_tool_call_cut_at_max_tokens_is_named_to_the_model_and_not_run(tmp_path: Path) -> None:
    """A reply cut off at ``max_tokens`` inside a tool_use block (its input cut mid-JSON):
    the call is not run and the model is told which call did not run (it was told only to
    "continue exactly where you stopped", as after cut-off text, and wrote the whole
    call again into the same limit)."""
    ws = workspace(tmp_path)
    cut = {"type": "tool_use", "id": "toolu_cut", "name": "Write", "input": {"file_path": "a"}}
    with FakeMessagesServer(strict=True) as server:
        server.reply(reply([{"type": "text", "text": "Writing it."}, cut], "max_tokens"))
        server.reply(message(REPORT, model=MODEL))
        ran = run(server, ws)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        second = sent(server, 1)
    assert second[0] == {"role": "assistant", "content": [{"type": "text", "text": "Writing it."}]}
    asked = second[1]["content"][0]["text"]
    assert "your call of Write did not run" in asked and "smaller input" in asked
    assert not (ws / "a").exists()


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (error(404, "not_found_error", "model: claude-nope"), "the API found no such model"),
        (error(403, "permission_error", "no access to this model"), "the API refused the call"),
    ],
    ids=["404", "403"],
)
def test_a_model_the_key_cannot_use_leaves_the_session_to_resume(
    tmp_path: Path, answer: Reply, said: str
) -> None:
    """A 404 (no such model) or 403 (the key may not use it) in the middle of a run failed
    the whole session: nothing of it could be resumed. Now it is a user error naming what
    to fix, the session interrupted, and ``coord resume ID --model M`` continues it from
    where it stopped (the tool call before it not made again)."""
    ws = workspace(tmp_path)
    with FakeMessagesServer(strict=True) as server:
        server.reply(message("Looking.", tool_calls=[GLOB], model=MODEL), answer)
        first = run(server, ws)
        assert first.returncode == 4, first.stdout + first.stderr
        error_said = json.loads(first.stdout)
        assert said in error_said["error"] and "is interrupted" in error_said["error"]
        assert "--model" in error_said["hint"] and "coord resume" in error_said["hint"]
        session = error_said["error"].split("session ")[1].split()[0]

        server.reply(message(REPORT, model=MODEL))
        again = coord(server, ws, "resume", session, "--model", "haiku")
        assert again.returncode == 0, again.stdout + again.stderr
        assert json.loads(again.stdout)["status"] == "complete"
        last = server.requests[-1].body
    assert len(server.requests) == 3  # the Glob's turn was not asked for again
    assert last["model"] == MODEL and server.requests[0].body["model"] != MODEL
    assert [m["role"] for m in last["messages"]] == ["user", "assistant", "user"]


async def test_a_connection_reset_mid_reply_is_retried_then_named(
    server: FakeMessagesServer,
) -> None:
    """A reply cut off by a connection reset is made again (one call's cost); past the
    retries the error names the reset (it said "connection error ()")."""
    cut = message("a reply the connection reset cut off")
    cut.cut = 30
    server.reply(cut, message("whole"))
    provider = AnthropicProvider(
        api_key=KEY, base_url=server.base_url, max_retries=0, retry_budget=1, backoff=0.001
    )
    call = ModelRequest(AGENT, MODEL, "s", [], [{"role": "user", "content": "hi"}])
    got = await provider.complete(call)
    assert got.text == "whole" and got.usage.input_tokens == 10

    again = message("cut again")
    again.cut = 30
    server.reply(again, again)
    with pytest.raises(RetriesExhausted) as info:
        await provider.complete(call)
    await provider.aclose()
    assert info.value.resumable
    assert "connection error (" in info.value.message
    assert "connection error ()" not in info.value.message
    assert "reset" in info.value.message.lower()


def test_guard_thinking_blocks_go_back_unchanged_and_the_cache_is_priced(tmp_path: Path) -> None:
    """Guard: thinking and redacted_thinking blocks (their signatures) are sent back on the
    next call exactly as they came, and the cache's write and read tokens are in the cost
    (claude-haiku-4-5: $1 in, $5 out, $1.25 cache write, $0.10 cache read per M)."""
    ws = workspace(tmp_path)
    blocks = [
        {"type": "thinking", "thinking": "Which files? \u2014 look first.", "signature": "c2ln"},
        {"type": "redacted_thinking", "data": "RU5DUllQVEVE"},
        {"type": "tool_use", "id": "toolu_th", "name": GLOB[0], "input": GLOB[1]},
    ]
    cache = {"cache_creation_input_tokens": 1000, "cache_read_input_tokens": 2000}
    with FakeMessagesServer(strict=True) as server:
        server.reply(reply(blocks, "tool_use", cache), message(REPORT, model=MODEL))
        ran = run(server, ws)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        second = sent(server, 1)
    assert second[0] == {"role": "assistant", "content": blocks}
    result = json.loads(ran.stdout)
    assert result["tokens"] == 15 + 3015
    # 10+5 tokens twice, then 1,000 written and 2,000 read from the cache once
    assert result["cost_usd"] == pytest.approx((20 * 1 + 10 * 5 + 1000 * 1.25 + 2000 * 0.1) / 1e6)
