"""review135: mcp112's shared MCP connections, reviewed with the real resource server of
claude108's tests and the real anthropic SDK against the fake Messages API. An answer a
UserPromptSubmit hook blocks reads none of its mentions (a request's are read only once
its hooks let it through: the answer's now are too); a listing whose resources fill its
room says that templates were left out, and one too long keeps its notes. Guard: a
consult of another agent gets none of the servers lent to the run that asked it (its
own, under its own lists)."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import zygote
from fake_messages_server import FakeMessagesServer
from kit import blocked, report, workspace, write_script
from scenario_server import ScenarioServer
from test_claude108_mcp_resources import DONE, LIST, READ, SERVER, TOKEN, call, results, run_with
from test_claude110_mcp_mentions import reads
from test_mcp112_mentions import started_events, starts

from coordinator.config import Settings
from coordinator.errors import UserError
from coordinator.mcp.resources import TEMPLATES_NOTE
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.store.db import Store

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

#: Blocks any prompt saying "secret"; adds "ctx: ticket-42" to the others.
GUARD = (
    'input=$(cat); case "$input" in *secret*) echo "no secrets in answers" >&2; exit 2;; esac; '
    "echo 'ctx: ticket-42'"
)
HOOKS = {"hooks": {"UserPromptSubmit": [{"hooks": [{"type": "command", "command": GUARD}]}]}}


@pytest.fixture(autouse=True)
def _token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CL108_TOKEN", TOKEN)


async def test_an_answer_a_hook_blocks_reads_none_of_its_mentions(tmp_path: Path) -> None:
    """The person's answer mentions a resource and a UserPromptSubmit hook blocks it: the
    session waits as it was and the agent's server is neither started nor read (on the
    start tree the answer's mention was read before its hooks ran). Answered again, the
    resource is read once, after the hook's context."""
    turns = [{"text": blocked("Docs", "Which style guide")}, {"text": DONE}]
    with run_with(tmp_path, turns, HOOKS) as (engine, store, fake, _):
        first = await engine.start("Summarise the docs", agent="backend")
        assert first.status == "waiting", first.reason
        ran = starts(tmp_path)  # (the run's own drive)
        with pytest.raises(UserError, match="blocked by a UserPromptSubmit hook"):
            await engine.resume(first.session_id, context="the secret @res:docs://readme")
        assert (reads(tmp_path), starts(tmp_path)) == ([], ran)
        assert store.session(first.session_id).status == "waiting"
        done = await engine.resume(first.session_id, context="Ours: @res:docs://readme")
        assert done.status == "complete", done.reason
        answer = fake.requests[-1].body["messages"][-1]["content"]
        said = answer if isinstance(answer, str) else "".join(b.get("text", "") for b in answer)
    assert (reads(tmp_path), starts(tmp_path)) == (["docs://readme"], ran + 1)
    assert said.index("ctx: ticket-42") < said.index("Resources are read-only data.")


async def test_resources_filling_the_listing_still_say_the_templates_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's resources fill the listing's room exactly (its five, the room five
    here for 500) and it has a template besides: the listing says that more of the
    server's are not listed (on the start tree the template was left out unsaid: it was
    not asked for once the resources filled the room)."""
    monkeypatch.setattr("coordinator.mcp.resources.MAX_RESOURCES", 5)
    turns = [{"tool_calls": [call(LIST)]}, {"text": DONE}]
    with run_with(tmp_path, turns) as (engine, store, _fake, _):
        result = await engine.start("List the resources", agent="backend")
        assert result.status == "complete", result.reason
        [(_, listed, _)] = results(store, result.session_id)
    found, _, notes = listed.partition("\n]")
    assert len(json.loads(found + "\n]")) == 5 and "uriTemplate" not in found
    assert notes.strip() == "(more resources of 'res' not listed: 5 at most)"


@contextmanager
def with_consultant(tmp_path: Path, scripts: dict[str, Any], **spec: Any) -> Iterator[Any]:
    """claude108's engine (the real resource server as ``res`` in ``~/.claude.json``) with
    two agents: ``backend`` (``mcpServers: [res]``) and ``frontend-dev``, the frontend
    agent a Blocked backend consults (``spec``: its fields), playing ``scripts``."""
    from coordinator.providers.anthropic import AnthropicProvider
    from coordinator.runtime.extras import session_extras

    home = Path(os.environ["HOME"])
    command, *args = zygote.launcher([sys.executable, str(SERVER)])
    env = {"MCP_FIXTURE_LOG": str(tmp_path / "reads.jsonl")}
    env |= {"MCP_FIXTURE_STARTS": str(tmp_path / "starts.jsonl"), "FIXTURE": "${CL108_TOKEN}"}
    servers = {"res": {"command": command, "args": args, "env": env}}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": servers}), encoding="utf-8")
    (home / ".claude").mkdir(exist_ok=True)
    (home / ".claude" / "settings.json").write_text("{}", encoding="utf-8")
    asker = AgentSpec(
        name="backend", description="backend", body="Backend.", extra={"mcpServers": ["res"]}
    )
    front = AgentSpec(
        name="frontend-dev", description="React frontend", body="F.", domain="frontend", **spec
    )
    registry = Registry([asker, front])
    ws = workspace(tmp_path)
    script = write_script(tmp_path / "script.yaml", scripts)
    with FakeMessagesServer(handler=ScenarioServer(script)) as fake:
        provider = AnthropicProvider(api_key="sk-test", base_url=fake.base_url, max_retries=0)
        store = Store.open(tmp_path / "s.db")
        extras = session_extras(ws, Settings(), registry, home=home, managed=None)
        yield extras.engine(registry, provider, store, Settings(), ws, model=None), store, fake
        store.close()


async def test_a_consult_of_another_agent_gets_none_of_the_lent_servers(
    tmp_path: Path,
) -> None:
    """Guard: ``backend``'s request mentions a resource, its run (over the read's servers)
    consults ``frontend-dev``, whose own ``mcpServers`` names the same server and whose
    ``disallowedTools`` takes its tool: the consult starts its own (a second start),
    without that tool (its call refused), and the asking run, resumed, uses the lent
    ones again (no third start). Fails on a tree that lends the servers to every run."""
    ping = "mcp__res__ping"
    scripts = {
        "backend": [
            {"text": blocked("Frontend / React", "How is the badge drawn")},
            {"text": DONE},
        ],
        "frontend-dev": [
            {"tool_calls": [call(ping)]},
            {"tool_calls": [call(READ, server="res", uri="env://fixture")]},
            {"text": report("Complete", "It re-renders")},
        ],
    }
    extra = {"extra": {"mcpServers": ["res"]}, "disallowed_tools": [ping]}
    with with_consultant(tmp_path, scripts, **extra) as (engine, store, fake):
        result = await engine.start("Fix @res:docs://readme", agent="backend")
        assert result.status == "complete", result.reason
        offered = [[t["name"] for t in r.body.get("tools", [])] for r in fake.requests]
        calls = results(store, result.session_id)
        events = started_events(store, result.session_id)
    asker, consult = events[0][0], events[1][0]
    assert [tools for _, tools in events] == [[ping], [], [ping]]
    assert [run for run, _ in events] == [asker, consult, asker] and consult != asker
    assert ping in offered[0] and ping not in offered[1] and READ in offered[1]
    assert calls[0][0] == ping and calls[0][2] and calls[1][:1] == (READ,) and not calls[1][2]
    assert (starts(tmp_path), reads(tmp_path)) == (2, ["docs://readme", "env://fixture"])


async def test_a_listing_too_long_keeps_its_notes(tmp_path: Path) -> None:
    """A server with 61 templates, each described in 2,000 characters (about 130,000 of
    JSON): the listing's JSON is cut, and what it says of templates after it is kept (on
    the start tree the toolset's bound cut the whole answer's end, that line with it)."""
    command, *args = zygote.launcher([sys.executable, str(SERVER)])
    env = {"MCP_FIXTURE_TEMPLATES": "60", "MCP_FIXTURE_STARTS": str(tmp_path / "starts.jsonl")}
    servers = {"res": {"command": command, "args": args, "env": env}}
    turns = [{"tool_calls": [call(LIST)]}, {"text": DONE}]
    with run_with(tmp_path, turns, servers=servers) as (engine, store, _fake, _):
        result = await engine.start("List the resources", agent="backend")
        assert result.status == "complete", result.reason
        [(_, listed, _)] = results(store, result.session_id)
    *_, cut, note = listed.splitlines()
    assert cut.startswith("[listing truncated: ") and note == TEMPLATES_NOTE
