"""fidelity115: an MCP tool's answer is bounded as Claude Code bounds it.

Claude Code: ``MAX_MCP_OUTPUT_TOKENS`` (default 25,000) limits an MCP tool's answer; past
50,000 characters it keeps the answer out of the conversation (a file and a preview); a
tool declaring ``_meta["anthropic/maxResultSizeChars"]`` (at most 500,000) has that
character limit for its text instead. Before, coord cut every answer at 80,000 characters
whatever the variable or the tool said. A real MCP server (``tests/mcp_big_server.py``),
the real client, the scripted provider, the real store.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
import zygote

from coordinator.mcp.output_limit import (
    MAX_DECLARED_CHARS,
    TOKENS_VAR,
    declared_chars,
    output_tokens,
)
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from tests.kit import Harness, report

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

BIG = Path(__file__).resolve().parent / "mcp_big_server.py"
TRUNCATED = "[OUTPUT TRUNCATED - "


def big_server() -> None:
    """The big server, defined in ~/.claude.json (the user's own: trusted) as ``big``."""
    command, *args = zygote.launcher([sys.executable, str(BIG)])
    servers = {"big": {"command": command, "args": args}}
    home = Path(os.environ["HOME"])
    (home / ".claude.json").write_text(json.dumps({"mcpServers": servers}), encoding="utf-8")


def agent() -> AgentSpec:
    return AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        body="You are the backend specialist.",
        extra={"mcpServers": ["big"]},
    )


async def answers(tmp_path: Path, *calls: tuple[str, int]) -> list[tuple[str, bool]]:
    """Run an agent calling ``mcp__big__TOOL`` with ``chars`` for each of ``calls``: each
    call's stored result (what the model was sent) and whether it was an error."""
    big_server()
    uses = [
        {"name": f"mcp__big__{tool}", "input": {"chars": chars}, "id": f"toolu_{n}"}
        for n, (tool, chars) in enumerate(calls)
    ]
    turns: list[dict[str, Any]] = [
        {"tool_calls": uses},
        {"text": report("Complete", "Read the answers")},
    ]
    h = Harness(tmp_path, {"backend": turns}, registry=Registry([agent()]))
    try:
        result = await h.engine.start("read the big answers", agent="backend")
        assert result.status == "complete"
        rows = {r.tool_use_id: r for r in h.store.all_tool_calls(result.session_id)}
        sent = json.dumps(h.conversation(result.session_id, "backend"))
    finally:
        h.close()
    out = [
        (rows[f"toolu_{n}"].result or "", rows[f"toolu_{n}"].is_error) for n in range(len(calls))
    ]
    for text, _ in out:  # the model was sent what the store holds
        assert json.dumps(text)[1:-1][-200:] in sent
    return out


async def test_an_answer_past_50000_characters_is_cut_with_a_note(tmp_path: Path) -> None:
    [(text, error)] = await answers(tmp_path, ("big", 60_000))
    assert not error
    kept, note = text.split("\n\n" + TRUNCATED)
    assert len(kept) == 50_000 and kept.startswith("0123456789")
    assert "exceeded 50,000 characters: 10,000 of 60,000 characters left out" in note
    assert "pagination or filters" in note
    [(whole, _)] = await answers(tmp_path, ("big", 50_000))
    assert len(whole) == 50_000 and whole.endswith("END")  # at the limit: whole


async def test_max_mcp_output_tokens_lowers_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKENS_VAR, "1000")  # 4,000 characters
    [(text, _), (error_text, error)] = await answers(tmp_path, ("big", 9_000), ("bigfail", 9_000))
    kept, note = text.split("\n\n" + TRUNCATED)
    assert len(kept) == 4_000
    assert note.startswith(f"exceeded the 1,000-token limit ({TOKENS_VAR}): 5,000 of 9,000")
    assert error and TRUNCATED in error_text and "END" not in error_text  # errors too


async def test_a_raised_variable_leaves_the_50000_character_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKENS_VAR, "100000")  # as Claude Code: the characters still bound
    [(text, _)] = await answers(tmp_path, ("big", 70_000))
    assert text.index(TRUNCATED) == 50_002


async def test_a_tool_declaring_max_result_size_chars_gets_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKENS_VAR, "1000")  # replaced, for its text, by the tool's limit
    [(whole, _), (text, _)] = await answers(tmp_path, ("roomy", 120_000), ("roomy", 210_000))
    assert len(whole) == 120_000 and whole.endswith("END")  # was cut at 80,000
    kept, note = text.split("\n\n" + TRUNCATED)
    assert len(kept) == 200_000
    assert note.startswith("exceeded the tool's 200,000-character limit: 10,000 of 210,000")


@pytest.mark.parametrize(
    ("meta", "chars"),
    [
        (None, None),
        ({}, None),
        ({"anthropic/maxResultSizeChars": 120_000}, 120_000),
        ({"anthropic/maxResultSizeChars": 9_000_000}, MAX_DECLARED_CHARS),
        ({"anthropic/maxResultSizeChars": 1e309}, MAX_DECLARED_CHARS),
        ({"anthropic/maxResultSizeChars": 0}, None),
        ({"anthropic/maxResultSizeChars": -5}, None),
        ({"anthropic/maxResultSizeChars": True}, None),
        ({"anthropic/maxResultSizeChars": "100000"}, None),
        ({"anthropic/maxResultSizeChars": float("nan")}, None),
    ],
)
def test_declared_chars_reads_only_a_positive_number(meta: Any, chars: int | None) -> None:
    assert declared_chars(meta) == chars


@pytest.mark.parametrize(
    ("value", "tokens"),
    [
        (None, 25_000),
        ("", 25_000),
        ("abc", 25_000),
        ("0", 25_000),
        ("-3", 25_000),
        (" 3000 ", 3_000),
        ("50000", 50_000),
    ],
)
def test_output_tokens_reads_a_positive_whole_number(
    value: str | None, tokens: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv(TOKENS_VAR, raising=False)
    else:
        monkeypatch.setenv(TOKENS_VAR, value)
    assert output_tokens() == tokens


async def test_a_tool_description_past_2kb_is_cut(tmp_path: Path) -> None:
    """Claude Code "truncates tool descriptions ... at 2KB each": so does coord (was: the
    whole description in every request)."""
    from coordinator.mcp.client import open_servers
    from coordinator.mcp.config import ServerConfig, Transport

    command, *args = zygote.launcher([sys.executable, str(BIG)])
    config = ServerConfig("big", Transport.STDIO, "test", True, command, tuple(args))
    async with open_servers([config], cwd=tmp_path, confine=None) as opened:
        described = {t.name: t.description for t in opened.tools}
    wordy = described["mcp__big__wordy"]
    assert wordy.startswith("Describes at length. ") and "LAST" not in wordy
    assert len(wordy) == 2_048 + len("… [description truncated]")
    assert wordy.endswith("… [description truncated]")
    assert described["mcp__big__big"] == "An answer of that many characters."  # short: whole


async def test_the_servers_instructions_reach_the_system_prompt_cut_at_2kb(
    tmp_path: Path,
) -> None:
    """Claude Code gives the model each connected server's instructions (cut at 2 KB, as
    its tool descriptions): coord's request has them in its system prompt (was: never sent).
    The real anthropic SDK against the fake Messages API; the server started as
    ``coord run`` starts it (the user's ~/.claude.json)."""
    from tests.test_claude108_mcp_resources import run_with

    command, *args = zygote.launcher([sys.executable, str(BIG)])
    servers = {"big": {"command": command, "args": args}}
    turns: list[dict[str, Any]] = [{"text": report("Complete", "Done")}]
    with run_with(tmp_path, turns, servers=servers, mcp=["big"]) as (engine, _store, fake, _):
        result = await engine.start("say hello", agent="backend")
        assert result.status == "complete"
        body = fake.requests[0].body
    system = json.dumps(body["system"])
    assert "# MCP Server Instructions" in system
    assert '<mcp_instructions server=\\"big\\" boundary=' in system  # quoted: review141
    assert "Ask big for fewer characters first." in system
    assert "LASTWORD" not in system and "[instructions truncated]" in system
    tools = {t["name"]: t["description"] for t in body["tools"]}
    assert "LAST" not in tools["mcp__big__wordy"]  # the description too, as sent
    assert tools["mcp__big__wordy"].endswith("… [description truncated]")


async def test_a_server_none_of_whose_tools_the_agent_has_gives_no_instructions(
    tmp_path: Path,
) -> None:
    from tests.test_claude108_mcp_resources import run_with

    command, *args = zygote.launcher([sys.executable, str(BIG)])
    servers = {"big": {"command": command, "args": args}}
    turns: list[dict[str, Any]] = [{"text": report("Complete", "Done")}]
    spec = {"servers": servers, "mcp": ["big"], "tools": ["Read"]}
    with run_with(tmp_path, turns, **spec) as (engine, _store, fake, _):
        result = await engine.start("say hello", agent="backend")
        assert result.status == "complete"
        system = json.dumps(fake.requests[0].body["system"])
    assert "MCP Server Instructions" not in system


async def test_a_server_named_workspace_is_skipped_with_a_line(tmp_path: Path) -> None:
    """Claude Code: "The server name `workspace` is reserved for internal use. If your
    configuration defines a server with that name, Claude Code skips it at load time and
    shows a warning asking you to rename it." So does coord (was: started)."""
    command, *args = zygote.launcher([sys.executable, str(BIG)])
    servers = {
        "workspace": {"command": command, "args": args},
        "big": {"command": command, "args": args},
    }
    home = Path(os.environ["HOME"])
    (home / ".claude.json").write_text(json.dumps({"mcpServers": servers}), encoding="utf-8")
    spec = AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        body="You are the backend specialist.",
        extra={"mcpServers": ["workspace", "big"]},
    )
    h = Harness(tmp_path, {"backend": [{"text": report("Complete")}]}, registry=Registry([spec]))
    try:
        result = await h.engine.start("try", agent="backend")
        assert result.status == "complete"
        [started] = [e for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
    finally:
        h.close()
    [problem] = started.data["problems"]
    assert problem.startswith("server 'workspace' (") and "reserves the name" in problem
    assert "rename it" in problem
    assert started.data["tools"] and all(t.startswith("mcp__big__") for t in started.data["tools"])


async def test_the_users_settings_env_sets_max_mcp_output_tokens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claude Code sets the settings ``env`` in its own process, so ``MAX_MCP_OUTPUT_TOKENS``
    there bounds answers (the fix Figma's docs give: "Open your Claude Code settings ... Add
    or update the MAX_MCP_OUTPUT_TOKENS variable"); coord reads it from the user's own file
    (the workspace's ``env`` is never read: review115). Was: coord's environment only."""
    from tests.test_claude108_mcp_resources import run_with

    monkeypatch.delenv(TOKENS_VAR, raising=False)
    command, *args = zygote.launcher([sys.executable, str(BIG)])
    servers = {"big": {"command": command, "args": args}}
    uses = [{"name": "mcp__big__big", "input": {"chars": 9_000}, "id": "toolu_0"}]
    turns: list[dict[str, Any]] = [{"tool_calls": uses}, {"text": report("Complete", "Done")}]
    user = {"env": {TOKENS_VAR: "1000"}}
    with run_with(tmp_path, turns, user, servers=servers, mcp=["big"]) as (engine, store, _, _ws):
        result = await engine.start("read", agent="backend")
        assert result.status == "complete"
        [row] = store.all_tool_calls(result.session_id)
    kept, note = (row.result or "").split("\n\n" + TRUNCATED)
    assert len(kept) == 4_000  # the user's 1,000 tokens
    assert note.startswith(f"exceeded the 1,000-token limit ({TOKENS_VAR})")
