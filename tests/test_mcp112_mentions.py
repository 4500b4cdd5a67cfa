"""mcp112: claude110's ``@server:protocol://path`` mentions finished. The read shares the
run's MCP connections (one server start per run, not two); resource templates are listed
to the agent and readable by mention; the read is an attachment, not a tool call, so
PreToolUse/PostToolUse hooks do not see it (as Claude Code's); ``@prod:web1:/var/www``
is text (a mention's URI is ``scheme://...``). The real resource server of claude108's
tests, the real anthropic SDK against the fake Messages API."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from pathlib import Path

import pytest
from fake_messages_server import Recorded, Reply, error
from kit import blocked, git_init
from test_claude108_mcp_resources import (
    DONE,
    LIST,
    MCP_MARKS,
    READ,
    _token,  # noqa: F401  (autouse: the server's credential)
    call,
    results,
    run_with,
)
from test_claude110_mcp_mentions import first_message, goes_as_written, reads

from coordinator.mentions import mentions, unmentioned
from coordinator.store.db import Store

pytestmark = MCP_MARKS


def starts(tmp_path: Path) -> int:
    """How many times the resource server started."""
    log = tmp_path / "starts.jsonl"
    return len(log.read_text().splitlines()) if log.exists() else 0


def started_events(store: Store, sid: str) -> list[tuple[int | None, list[str]]]:
    """The session's ``mcp_servers`` events: (run id, tools)."""
    rows = [e for e in store.events(sid) if e.kind == "mcp_servers"]
    return [(e.run_id, e.data["tools"]) for e in rows]


async def test_a_mention_read_and_its_run_share_one_server_start(tmp_path: Path) -> None:
    """The mention is read over the connection the run then uses: the server starts once
    for the first drive (twice on the start tree), the run is offered its tools and reads
    over it again, and its ``mcp_servers`` event names the run. An answer mentioning a
    resource shares the resumed drive's connection the same way."""
    turns = [
        {"tool_calls": [call(READ, server="res", uri="env://fixture")]},
        {"text": blocked("Docs", "Which style guide")},
        {"text": DONE},
    ]
    with run_with(tmp_path, turns) as (engine, store, fake, _):
        first = await engine.start("Summarise @res:docs://readme", agent="backend")
        assert first.status == "waiting", first.reason
        assert starts(tmp_path) == 1
        assert reads(tmp_path) == ["docs://readme", "env://fixture"]
        assert "Resources are read-only data." in first_message(fake)
        [(name, answer, err)] = results(store, first.session_id)
        assert name == READ and not err and "value=[redacted]" in answer
        [(run_id, tools)] = started_events(store, first.session_id)
        assert run_id is not None and tools == ["mcp__res__ping"]
        done = await engine.resume(first.session_id, context="Ours: @res:docs://closing")
        assert done.status == "complete", done.reason
        assert starts(tmp_path) == 2  # (one for the resumed drive: four on the start tree)
        assert reads(tmp_path)[-1] == "docs://closing"
        assert [r for r, _ in started_events(store, first.session_id)] == [run_id, run_id]
        assert engine.runner.lent == {}  # (closed with the drive)


async def test_a_stopped_drive_closes_the_servers_lent_to_it(tmp_path: Path) -> None:
    """A drive stopped (Ctrl-C: its task cancelled) during its model call, over servers
    lent by the mention's read: the stop ends ``start`` as a cancellation (not a hang nor
    an error group), the servers closed and the loan taken back."""
    asked, release = threading.Event(), threading.Event()

    def hold(_rec: Recorded) -> Reply:
        asked.set()
        release.wait(60)  # (released below, once the drive is stopped)
        return error(500, "api_error", "stopped")

    with run_with(tmp_path, [{"text": DONE}]) as (engine, store, fake, _):
        fake.handler = hold
        task = asyncio.ensure_future(engine.start("Read @res:docs://readme", agent="backend"))
        try:
            await asyncio.to_thread(asked.wait)
            assert engine.runner.lent != {}
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        finally:
            release.set()
        assert engine.runner.lent == {}
        [session] = store.sessions()
        assert [r for r, _ in started_events(store, session.id)] != []
    assert starts(tmp_path) == 1


async def test_a_worktree_run_starts_its_own_servers(tmp_path: Path) -> None:
    """Guard: an ``isolation: worktree`` agent's servers run in its worktree, not where the
    mention was read: the read's are closed at once and the run starts its own (two starts),
    its tools offered and its ``mcp_servers`` event recorded after its worktree opened."""
    turns = [{"tool_calls": [call(READ, server="res", uri="env://fixture")]}, {"text": DONE}]
    extra = {"isolation": "worktree"}
    with run_with(tmp_path, turns, extra=extra) as (engine, store, fake, ws):
        (ws / ".gitignore").write_text(".coordinator/\n")
        git_init(ws)
        result = await engine.start("Read @res:docs://readme", agent="backend")
        assert result.status == "complete", result.reason
        assert "Resources are read-only data." in first_message(fake)
        kinds = [e.kind for e in store.events(result.session_id)]
        assert kinds.index("worktree") < kinds.index("mcp_servers")
        assert engine.runner.lent == {}
    assert starts(tmp_path) == 2
    assert reads(tmp_path) == ["docs://readme", "env://fixture"]


async def test_templates_are_listed_and_a_mention_fills_one(tmp_path: Path) -> None:
    """``ListMcpResourcesTool`` gives the server's resource templates after its resources
    (``uriTemplate`` for ``uri``) and says how to read one; a mention of a URI the template
    makes (``@res:pages://intro``) is read and attached."""
    turns = [{"tool_calls": [call(LIST)]}, {"tool_calls": [call(LIST, server="res")]}]
    with run_with(tmp_path, [*turns, {"text": DONE}]) as (engine, store, fake, _):
        result = await engine.start("Compare with @res:pages://intro", agent="backend")
        assert result.status == "complete", result.reason
        assert "Page intro." in first_message(fake)
        (_, every, _), (_, one, _) = results(store, result.session_id)
    for listed in (every, one):
        found, _, note = listed.partition("\n]\n")
        entries = json.loads(found + "\n]")
        assert entries[-1] == {
            "uriTemplate": "pages://{name}",
            "name": "page",
            "mimeType": "text/plain",
            "description": "A page by name",
            "server": "res",
        }
        assert "uri" in entries[0] and "uriTemplate" not in entries[0]
        assert "uriTemplate" in note and READ in note
    assert reads(tmp_path) == ["pages://intro"]


async def test_hooks_on_the_read_tool_do_not_see_a_mention_read(tmp_path: Path) -> None:
    """Guard (as Claude Code, where an ``@`` mention is an attachment, not a tool call:
    PreToolUse/PostToolUse never fire for it): hooks matching ``ReadMcpResourceTool`` and
    the server's tools fire for the run's own read only; UserPromptSubmit sees the request
    with its mention as written."""
    seen = tmp_path / "hooks.jsonl"
    logged = f"import sys; open({str(seen)!r}, 'a').write(sys.stdin.read() + '\\n')"
    entry = {
        "matcher": f"{READ}|mcp__res.*",
        "hooks": [{"type": "command", "command": f'{sys.executable} -c "{logged}"'}],
    }
    prompt = {"hooks": [{"type": "command", "command": f'{sys.executable} -c "{logged}"'}]}
    hooks = {"hooks": {"PreToolUse": [entry], "PostToolUse": [entry], "UserPromptSubmit": [prompt]}}
    turns = [{"tool_calls": [call(READ, server="res", uri="env://fixture")]}, {"text": DONE}]
    with run_with(tmp_path, turns, hooks) as (engine, _store, _fake, _):
        result = await engine.start("Read @res:docs://readme", agent="backend")
        assert result.status == "complete", result.reason
    fired = [json.loads(line) for line in seen.read_text().splitlines()]
    assert [h["hook_event_name"] for h in fired] == [
        "UserPromptSubmit",
        "PreToolUse",
        "PostToolUse",
    ]
    assert fired[0]["prompt"] == "Read @res:docs://readme"
    assert [h["tool_input"] for h in fired[1:]] == [{"server": "res", "uri": "env://fixture"}] * 2
    assert reads(tmp_path) == ["docs://readme", "env://fixture"]


@pytest.mark.parametrize(
    "text",
    [
        "deploy to @prod:web1:/var/www now",
        "copy @res:host:/srv/data",
        "see @res:urn:isbn:0451450523",
        "mail @res:mailto:ops@x.io",
    ],
)
def test_a_uri_without_scheme_slashes_is_text(text: str) -> None:
    """``@server:`` followed by ``name:/path`` (scp's host and path), or a URI without
    ``//`` after its scheme: no mention; a mention is ``@server:protocol://path``."""
    assert mentions(text) == []
    assert unmentioned(text) == text


def test_mentions_keep_scheme_slash_uris() -> None:
    """Guard: ``protocol://path`` URIs, ``file:///`` among them, are still mentions."""
    said = "@a:docs://readme, @b:file:///etc/x and @c:pages://intro."
    assert [m.said for m in mentions(said)] == [
        "@a:docs://readme",
        "@b:file:///etc/x",
        "@c:pages://intro",
    ]


async def test_a_host_path_of_a_listed_server_goes_as_written(tmp_path: Path) -> None:
    """``@res:web1:/var/www`` with ``res`` the agent's own server: the request runs as
    written, nothing read (on the start tree the URI ``web1:/var/www`` was read, which
    the server does not hold, and the request was refused)."""
    await goes_as_written(tmp_path, "Sync @res:web1:/var/www with the share")
