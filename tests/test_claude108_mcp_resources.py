"""MCP resources as Claude Code offers them (claude108): ``ListMcpResourcesTool`` and
``ReadMcpResourceTool`` over a run's connected servers. A real MCP server with resources
(tests/mcp_resource_server.py, started through the zygote's launcher), the real anthropic
SDK against the loopback fake Messages API, real hook scripts, real settings files."""

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
from kit import report, workspace, write_script
from scenario_server import ScenarioServer

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.store.db import Store

#: A module of these tests needs the mcp extra and runs in the ``mcp`` xdist group.
MCP_MARKS = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]
pytestmark = MCP_MARKS

SERVER = Path(__file__).resolve().parent / "mcp_resource_server.py"
DONE = report("Complete", "Done")
LIST, READ = "ListMcpResourcesTool", "ReadMcpResourceTool"
TOKEN = "cl108-service-token-7731"


def call(name: str, **args: Any) -> dict[str, Any]:
    return {"name": name, "input": args}


@contextmanager
def run_with(
    tmp_path: Path, turns: list[dict[str, Any]], settings: dict[str, Any] | None = None, **spec: Any
) -> Iterator[Any]:
    """An engine as ``coord run`` builds one (the user's settings file, hooks and rules),
    its provider the real anthropic SDK against the fake Messages API playing ``turns`` for
    agent ``backend``, whose ``mcpServers`` is ``res`` (the resource server, defined in
    ``~/.claude.json`` with ``FIXTURE`` a credential); ``conf``: the run's settings."""
    from coordinator.providers.anthropic import AnthropicProvider
    from coordinator.runtime.extras import session_extras

    home = Path(os.environ["HOME"])
    command, *args = zygote.launcher([sys.executable, str(SERVER)])
    env = {
        "MCP_FIXTURE_LOG": str(tmp_path / "reads.jsonl"),
        "MCP_FIXTURE_STARTS": str(tmp_path / "starts.jsonl"),
        "FIXTURE": "${CL108_TOKEN}",
    }
    conf = spec.pop("conf", None) or Settings()
    servers = spec.pop("servers", {"res": {"command": command, "args": args, "env": env}})
    (home / ".claude.json").write_text(json.dumps({"mcpServers": servers}), encoding="utf-8")
    (home / ".claude").mkdir(exist_ok=True)
    (home / ".claude" / "settings.json").write_text(json.dumps(settings or {}), encoding="utf-8")
    agent = AgentSpec(
        name="backend",
        description="backend specialist",
        body="You are the backend specialist.",
        extra={"mcpServers": spec.pop("mcp", ["res"]), **spec.pop("extra", {})},
        **spec,
    )
    registry = Registry([agent])
    script = write_script(tmp_path / "script.yaml", {"backend": turns})
    ws = workspace(tmp_path)
    with FakeMessagesServer(handler=ScenarioServer(script)) as fake:
        provider = AnthropicProvider(api_key="sk-test", base_url=fake.base_url, max_retries=0)
        store = Store.open(tmp_path / "s.db")
        extras = session_extras(ws, conf, registry, home=home, managed=None)
        engine = extras.engine(registry, provider, store, conf, ws, model=None)
        yield engine, store, fake, ws
        store.close()


def offered(fake: FakeMessagesServer) -> list[str]:
    """The tool names the first model request offered."""
    return [t["name"] for t in fake.requests[0].body.get("tools", [])]


def files_in(folder: Path) -> set[Path]:
    """Every path under ``folder`` but the session store's."""
    return {p for p in folder.rglob("*") if ".coordinator" not in p.parts}


def results(store: Store, sid: str) -> list[tuple[str, str, bool]]:
    return [(c.name, c.result or "", bool(c.is_error)) for c in store.all_tool_calls(sid)]


@pytest.fixture(autouse=True)
def _token(monkeypatch: pytest.MonkeyPatch) -> None:
    """The resource server's credential, ``${CL108_TOKEN}`` in its definition (autouse:
    modules importing it get it too)."""
    monkeypatch.setenv("CL108_TOKEN", TOKEN)


async def test_resources_are_listed_and_read_through_the_run_servers_and_hooks_see_them(
    tmp_path: Path,
) -> None:
    """The two tools are offered beside the server's own; the listing gives each resource's
    uri, name, mimeType, description and server; a text resource is read as text; a blob
    is summarised (type, size), never shown nor written anywhere; PreToolUse and
    PostToolUse hooks matching the names see the calls and their answers."""
    seen = tmp_path / "hooks.jsonl"
    logged = f"import sys; open({str(seen)!r}, 'a').write(sys.stdin.read() + '\\n')"
    logger = f'{sys.executable} -c "{logged}"'
    entry = {"matcher": f"{LIST}|{READ}", "hooks": [{"type": "command", "command": logger}]}
    hooks = {"hooks": {"PreToolUse": [entry], "PostToolUse": [entry]}}
    turns = [
        {"tool_calls": [call(LIST)]},
        {"tool_calls": [call(READ, server="res", uri="docs://readme")]},
        {"tool_calls": [call(READ, server="res", uri="data://logo.png")]},
        {"text": DONE},
    ]
    with run_with(tmp_path, turns, hooks) as (engine, store, fake, _):
        before = files_in(tmp_path)
        result = await engine.start("What resources are there?", agent="backend")
        after = files_in(tmp_path)
        assert result.status == "complete", result.reason
        assert offered(fake) == [*offered(fake)[:-3], "mcp__res__ping", LIST, READ]
        (_, text, _), (_, readme, _), (_, logo, err) = results(store, result.session_id)
        listed = json.JSONDecoder().raw_decode(text)[0]  # (a note on templates after it)
        assert listed[0] == {
            "uri": "docs://readme",
            "name": "readme",
            "mimeType": "text/markdown",
            "description": "The project's readme",
            "server": "res",
        }
        assert {r.get("uri") for r in listed} >= {"data://logo.png", "big://text"}
        [part] = json.loads(readme)["contents"]
        assert part["text"].startswith("# Fixture\nResources are read-only data.")
        [blob] = json.loads(logo)["contents"]
        assert blob["text"] == "[binary resource: 3,000 bytes of image/png, not shown]"
        assert not err
        sent = json.dumps([r.body for r in fake.requests])
        assert "Resources are read-only data." in sent and "AAAAAAAAAAAA" not in sent
        made = {p.name for p in after - before if not p.name.startswith("s.db")}
        assert made == {"hooks.jsonl", "reads.jsonl", "starts.jsonl"}  # (no blob saved)
    fired = [json.loads(line) for line in seen.read_text().splitlines()]
    assert [(h["hook_event_name"], h["tool_name"]) for h in fired] == [
        (event, name) for name in (LIST, READ, READ) for event in ("PreToolUse", "PostToolUse")
    ]
    assert fired[2]["tool_input"] == {"server": "res", "uri": "docs://readme"}
    assert "read-only data" in json.dumps(fired[3]["tool_response"])


async def test_settings_rules_and_the_agents_lists_govern_them(tmp_path: Path) -> None:
    """A bare deny rule takes ``ReadMcpResourceTool`` out of the list (a call of it is
    refused, naming the rule); an ask rule on ``ListMcpResourcesTool`` refuses its call
    (nobody to ask)."""
    rules = {"permissions": {"deny": [READ], "ask": [LIST]}}
    turns = [{"tool_calls": [call(LIST), call(READ, server="res", uri="docs://readme")]}]
    with run_with(tmp_path, [*turns, {"text": DONE}], rules) as (engine, store, fake, _):
        result = await engine.start("Look", agent="backend")
        assert result.status == "complete", result.reason
        assert LIST in offered(fake) and READ not in offered(fake)
        (_, asked, e1), (_, denied, e2) = results(store, result.session_id)
        assert e1 and "asks a person to confirm" in asked and LIST in asked
        assert e2 and f"the rule {READ} (permissions.deny" in denied
    assert not (tmp_path / "reads.jsonl").exists()  # the server read nothing


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"tools": ["Read", "mcp__res"]}, []),  # an allow-list without them
        ({"tools": ["Read", LIST]}, [LIST]),
        ({"disallowed_tools": [READ]}, [LIST]),
        ({"disallowed_tools": ["mcp__res"]}, []),  # the only server taken whole
        ({"servers": {"res": {"command": "/nonexistent/cl108-server"}}}, []),  # none connected
        ({"settings": {"permissions": {"ask": ["mcp__res"]}}}, []),  # nobody to confirm
    ],
)
async def test_offered_only_with_a_server_connected_and_as_the_agents_lists_allow(
    tmp_path: Path, spec: dict[str, Any], expected: list[str]
) -> None:
    settings = spec.pop("settings", None)
    with run_with(tmp_path, [{"text": DONE}], settings, **spec) as (engine, _, fake, _):
        result = await engine.start("Look", agent="backend")
        assert result.status == "complete", result.reason
        assert [n for n in offered(fake) if n in (LIST, READ)] == expected


async def test_a_secret_in_a_resource_is_scrubbed_and_a_big_one_is_bounded(
    tmp_path: Path,
) -> None:
    """The server's credential (its ``FIXTURE``, from ``${CL108_TOKEN}``) read back through
    a resource reaches neither the model nor the store; a 200,000-character resource is
    cut (with a note) as any tool output; an unknown server's name is an error naming
    those there are."""
    turns = [
        {"tool_calls": [call(READ, server="res", uri="env://fixture")]},
        {"tool_calls": [call(READ, server="res", uri="big://text")]},
        {"tool_calls": [call(LIST, server="nope")]},
        {"text": DONE},
    ]
    with run_with(tmp_path, turns) as (engine, store, fake, _):
        result = await engine.start("Look", agent="backend")
        assert result.status == "complete", result.reason
        (_, secret, _), (_, big, _), (_, unknown, err) = results(store, result.session_id)
        assert "value=[redacted]" in secret
        assert TOKEN not in json.dumps([r.body for r in fake.requests])
        assert TOKEN not in (tmp_path / "s.db").read_bytes().decode("latin-1")
        # (bounds115: as an MCP tool's answer, 50,000 characters; was 30,000)
        assert len(big) < 52_000 and "exceeded 50,000 characters: 150,000 of 200,000" in big
        assert err and 'Server "nope" not found. Available servers: res' in unknown
    reads = (tmp_path / "reads.jsonl").read_text().splitlines()
    assert [json.loads(r)["read"] for r in reads] == ["env://fixture", "big://text"]


async def test_a_server_run_as_the_user_is_not_asked_once_it_would_run_an_agents_code(
    tmp_path: Path,
) -> None:
    """The check every call of a tool of such a server gets (``agents_code``) holds for a
    resource read: the request is never sent."""
    from coordinator.mcp.client import Served
    from coordinator.mcp.resources import ReadResource
    from coordinator.tools.base import ToolContext
    from coordinator.tools.toolset import Toolset

    class Session:  # (never asked: the check refuses first)
        server_capabilities = type("Caps", (), {"resources": object()})()

    served = Served("res", Session(), lambda: "smtplib.py")  # type: ignore[arg-type]
    tools = Toolset([ReadResource([served])])
    got = await tools.execute(
        READ, {"server": "res", "uri": "docs://readme"}, ToolContext(tmp_path)
    )
    assert (
        got.is_error and "not called: it runs as the user, and now runs smtplib.py" in got.content
    )


def test_agents_show_no_longer_calls_them_not_offered() -> None:
    from coordinator.roster.fields import unoffered_tools

    assert unoffered_tools(["WebSearch", LIST, f"{READ}", "Read"]) == ["WebSearch"]
