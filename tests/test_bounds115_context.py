"""bounds115: every text that reaches the model is bounded, whatever feeds it (200,000
characters, just past each bound, of short lines, of one line, of multibyte text: review148
cut it from 5 MB, which cost ~95 s a case and proved no more).

A real run: the real anthropic SDK against the loopback fake Messages API playing the
agent's turns, real tools on a real workspace, real hook scripts, a real stdio MCP server
(``tests/mcp_resource_server.py`` with ``MCP_FIXTURE_HUGE``). What is measured is what the
fake API received: the request body's text of each tool result, the system prompt, the
user message.

Was (start tree 789ee3b2): an error a tool raised (here Grep's, of a pattern it cannot
compile) reached the model whole; a resource read (``ReadMcpResourceTool``, an
``@server:uri`` mention) was cut at 30,000 characters whatever ``MAX_MCP_OUTPUT_TOKENS``
said, its note saying nothing of how to get the rest.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from kit import report

from coordinator.config import Settings
from coordinator.mcp.output_limit import TOKENS_VAR
from tests.test_claude108_mcp_resources import MCP_MARKS, READ, TOKEN, run_with

pytestmark = MCP_MARKS

KINDS = ("lines", "line", "wide")
DONE = report("Complete", "Done")


def huge(kind: str) -> str:
    """The fixture server's ``huge://KIND`` text (the same function)."""
    sys.path.insert(0, str(Path(__file__).parent))
    os.environ["MCP_FIXTURE_HUGE"] = "1"
    try:
        from mcp_resource_server import huge_text
    finally:
        sys.path.pop(0)
    return huge_text(kind)


def results_sent(body: dict[str, Any]) -> list[str]:
    """The text of every tool result in a request body the fake API received."""
    found = []
    for message in body["messages"]:
        content = message["content"]
        for block in content if isinstance(content, list) else []:
            if block.get("type") == "tool_result":
                inner = block["content"]
                found.append(inner if isinstance(inner, str) else "".join(b["text"] for b in inner))
    return found


def user_text(body: dict[str, Any]) -> str:
    """All of the text of the request's user messages (tool results left out)."""
    out = []
    for message in body["messages"]:
        if message["role"] != "user":
            continue
        content = message["content"]
        if isinstance(content, str):
            out.append(content)
            continue
        out.extend(b["text"] for b in content if b.get("type") == "text")
    return "\n".join(out)


async def run_once(
    tmp_path: Path, turns: list[dict[str, Any]], request: str = "go", **kw: Any
) -> list[dict[str, Any]]:
    """The request bodies of one run of ``backend`` playing ``turns``."""
    os.environ["MCP_FIXTURE_HUGE"] = "1"
    servers = kw.pop("servers", None)
    extra: dict[str, Any] = {"conf": Settings(max_session_cost=None)}
    if servers is not None:
        extra["servers"] = servers
    with run_with(tmp_path, turns, kw.pop("settings", None), **extra) as (engine, _s, fake, ws):
        for rel, text in kw.pop("files", {}).items():
            (ws / rel).write_text(text, encoding="utf-8")
        await engine.start(request, agent="backend")
        return [r.body for r in fake.requests]


@pytest.fixture(autouse=True)
def _huge_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture server offers its ``huge://`` resources (its env is coord's, less
    secrets: the variable reaches it through the definition's own env below)."""
    monkeypatch.setenv("MCP_FIXTURE_HUGE", "1")
    monkeypatch.setenv("CL108_TOKEN", TOKEN)


def _servers_with_huge() -> dict[str, Any]:
    import zygote

    from tests.test_claude108_mcp_resources import SERVER

    command, *args = zygote.launcher([sys.executable, str(SERVER)])
    env = {"MCP_FIXTURE_HUGE": "1", "FIXTURE": "${CL108_TOKEN}"}
    return {"res": {"command": command, "args": args, "env": env}}


# -- a tool's error -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
async def test_a_tools_error_text_is_bounded_with_a_note(tmp_path: Path, kind: str) -> None:
    """Grep given a 200,000-character pattern it cannot compile raises an error quoting it
    (as any tool's error may quote its input or a file): the model reads it cut with the
    toolset's bound and a note. Was: all of it in the next request."""
    pattern = "(" + huge(kind)
    turns = [{"tool_calls": [{"name": "Grep", "input": {"pattern": pattern}}]}, {"text": DONE}]
    bodies = await run_once(tmp_path, turns)
    [sent] = results_sent(bodies[1])
    assert sent.startswith("Error: invalid regular expression")
    assert len(sent) <= 81_000, len(sent)
    assert "[error truncated: " in sent and "END" not in sent


# -- MCP resources -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
async def test_a_resource_read_is_bounded_by_the_mcp_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """``ReadMcpResourceTool`` reading 200,000 characters: cut by ``MAX_MCP_OUTPUT_TOKENS``
    as an MCP tool's answer, with a note. Was: 30,000 characters whatever the limit."""
    monkeypatch.setenv(TOKENS_VAR, "1000")
    call = {"name": READ, "input": {"server": "res", "uri": f"huge://{kind}"}}
    turns = [{"tool_calls": [call]}, {"text": DONE}]
    bodies = await run_once(tmp_path, turns, servers=_servers_with_huge())
    [sent] = results_sent(bodies[1])
    text = json.loads(sent)["contents"][0]["text"] if sent.startswith("{") else sent
    assert len(sent) < 4_000 + 2_000, len(sent)
    assert "1,000-token limit" in text and "END" not in sent


async def test_a_resource_read_at_the_default_limits_keeps_50000_characters(
    tmp_path: Path,
) -> None:
    """With no token limit set, Claude Code's 50,000 characters inline. Was: 30,000."""
    call = {"name": READ, "input": {"server": "res", "uri": "huge://line"}}
    turns = [{"tool_calls": [call]}, {"text": DONE}]
    bodies = await run_once(tmp_path, turns, servers=_servers_with_huge())
    [sent] = results_sent(bodies[1])
    text = json.loads(sent)["contents"][0]["text"]
    assert text.startswith("x" * 50_000) and "x" * 50_001 not in text
    assert "exceeded 50,000 characters" in text


@pytest.mark.parametrize("kind", KINDS)
async def test_a_mentioned_resource_is_bounded_by_the_mcp_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """An ``@res:huge://KIND`` mention in the request: its text, attached to the first
    message, cut by the same limits. Was: 30,000 characters whatever the limit."""
    monkeypatch.setenv(TOKENS_VAR, "1000")
    bodies = await run_once(
        tmp_path, [{"text": DONE}], f"summarise @res:huge://{kind}", servers=_servers_with_huge()
    )
    said = user_text(bodies[0])
    assert len(said) < 4_000 + 3_000, len(said)
    assert "1,000-token limit" in said and "END" not in said


# -- hooks ---------------------------------------------------------------------------------

HOOK = """import json, sys
data = json.load(sys.stdin)
said = "why " * 4_000 + "END"
if data["hook_event_name"] == "PreToolUse":
    out = {"permissionDecision": "deny", "permissionDecisionReason": said}
else:
    out = {"additionalContext": said}
out["hookEventName"] = data["hook_event_name"]
print(json.dumps({"hookSpecificOutput": out}))
"""


async def test_a_hooks_json_past_10000_characters_is_still_read_and_its_text_bounded(
    tmp_path: Path,
) -> None:
    """A PreToolUse hook denying Write with a 16,000-character reason, a PostToolUse hook
    adding 16,000 characters of context to Glob: the deny holds and the model reads each
    text cut at Claude Code's 10,000 characters with a note. Was: the output clipped to
    10,000 characters before its JSON was read, so neither was JSON: the Write ran, the
    context was lost."""
    hook = tmp_path / "hook.py"
    hook.write_text(HOOK, encoding="utf-8")
    entry = [{"type": "command", "command": f"{sys.executable} {hook}"}]
    settings = {
        "hooks": {
            "PreToolUse": [{"matcher": "Write", "hooks": entry}],
            "PostToolUse": [{"matcher": "Glob", "hooks": entry}],
        }
    }
    calls = [
        {"name": "Write", "input": {"file_path": "denied.txt", "content": "x"}, "id": "w"},
        {"name": "Glob", "input": {"pattern": "*.md"}, "id": "g"},
    ]
    turns = [{"tool_calls": calls}, {"text": DONE}]
    os.environ["MCP_FIXTURE_HUGE"] = "1"
    with run_with(tmp_path, turns, settings, conf=Settings(max_session_cost=None)) as (
        engine,
        _s,
        fake,
        ws,
    ):
        await engine.start("go", agent="backend")
        assert not (ws / "denied.txt").exists()
        body = fake.requests[1].body
    said = json.dumps(body)
    assert "END" not in said
    assert said.count("[hook output truncated: ") == 2
    assert "why " * 2_400 in json.loads(said)["messages"][-1]["content"][0]["content"]


def test_a_cut_of_a_tool_result_ends_between_two_characters_and_says_how_to_get_more() -> None:
    """The toolset's cut is the one cut (whole_cut): never inside a flag; its note counts
    what was left out and says how to ask for less. Was: a flag split, no way told."""
    from coordinator.tools.toolset import RESULT_REST
    from coordinator.tools.workspace import cap_text

    flags = "a" + "\U0001f1fa\U0001f1e6" * 10
    out = cap_text(flags, 4, rest=RESULT_REST)
    assert out.startswith("a\U0001f1fa\U0001f1e6\n\n[output truncated: 18 of 21 characters cut]")
    assert "Read a file with offset and limit" in out


def test_a_cut_grep_output_says_how_to_see_the_rest() -> None:
    """Grep's own cut (30,000 characters): its note says to narrow the search. Was: only
    how much was cut."""
    from coordinator.tools.search import _render

    out = _render([f"a.txt:{n}:" + "x" * 100 for n in range(1_000)], [], None)
    assert out.endswith(
        "characters cut] Narrow the pattern, path or glob, or set head_limit, to see the rest."
    )
