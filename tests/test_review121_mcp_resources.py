"""review121: claude108's MCP resource tools, reviewed as an attacker. A deny rule naming an
argument of ``ReadMcpResourceTool`` (which coord does not read) fails closed; a deny
pattern taking a server whole by a wildcard (``mcp__*``, ``mcp__re*``) hides its resources
as ``mcp__res`` does; a listing is bounded by one timeout, not one a page; a workspace
skill may not fork to an agent offered resource tools its invoker is not."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from kit import workspace
from test_claude108_mcp_resources import (
    DONE,
    LIST,
    READ,
    TOKEN,
    call,
    offered,
    results,
    run_with,
)
from test_fork100_skill_fork import agent, forked_calls, run, script, skill, skill_result

from coordinator.runtime.permission_rules import Behavior, parse_rules

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]


@pytest.fixture(autouse=True)
def _token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CL108_TOKEN", TOKEN)  # (the fixture server's definition names it)


@pytest.mark.parametrize(
    ("settings", "spec"),
    [
        ({"permissions": {"deny": [f"{READ}(docs://other)"]}}, {}),
        ({"permissions": {"ask": [f"{READ}(res:docs://readme)"]}}, {}),
        (None, {"disallowed_tools": [f"{READ}(docs://readme)"]}),
    ],
)
async def test_a_rule_naming_a_resource_argument_refuses_every_read(
    tmp_path: Path, settings: dict[str, Any] | None, spec: dict[str, Any]
) -> None:
    """coord reads no argument of the resource tools: a deny or ask rule (or an agent's
    ``disallowedTools`` entry) naming one covers every call, never none (fail closed),
    and the server is never asked."""
    turns = [{"tool_calls": [call(READ, server="res", uri="docs://readme")]}, {"text": DONE}]
    with run_with(tmp_path, turns, settings, **spec) as (engine, store, fake, _):
        result = await engine.start("Look", agent="backend")
        assert result.status == "complete", result.reason
        assert READ in offered(fake) and "mcp__res__ping" in offered(fake)
        [(_, text, is_error)] = results(store, result.session_id)
        assert is_error and f"{READ}(" in text and "docs://" in text, text
    assert not (tmp_path / "reads.jsonl").exists()  # the server read nothing


def test_such_a_rule_is_named_where_it_is_read() -> None:
    _, problems = parse_rules([f"{READ}(docs://x)", LIST], Behavior.DENY, Path("s.json"))
    assert problems == [
        f"s.json: permissions.deny: '{READ}(docs://x)' names an argument coord does not "
        "read: as a deny or ask rule it covers every call of the tool, as an allow rule none"
    ]


@pytest.mark.parametrize(
    ("settings", "spec"),
    [
        ({"permissions": {"deny": ["mcp__*"]}}, {}),
        ({"permissions": {"deny": ["mcp__re*"]}}, {}),
        ({"permissions": {"ask": ["mcp__*"]}}, {}),
        (None, {"disallowed_tools": ["mcp__r*"]}),
    ],
)
async def test_a_wildcard_taking_the_server_whole_hides_its_resources(
    tmp_path: Path, settings: dict[str, Any] | None, spec: dict[str, Any]
) -> None:
    """As ``mcp__res`` does: a pattern whose last ``*`` covers every tool of the server
    takes its resources too (neither listed nor read)."""
    turns = [{"tool_calls": [call(READ, server="res", uri="docs://readme")]}, {"text": DONE}]
    with run_with(tmp_path, turns, settings, **spec) as (engine, store, fake, _):
        result = await engine.start("Look", agent="backend")
        assert result.status == "complete", result.reason
        assert [n for n in offered(fake) if n in (LIST, READ)] == []
        [(_, text, is_error)] = results(store, result.session_id)
        assert is_error, text
    assert not (tmp_path / "reads.jsonl").exists()


async def test_a_listing_waits_one_timeout_in_all_not_one_a_page(tmp_path: Path) -> None:
    """A server answering every page slowly with the same cursor: no page is given more
    time than is left of the one timeout (the definition's) the whole listing has; the
    page past it is refused as the SDK refuses a late answer."""
    import anyio
    import mcp.types as mt
    from mcp.shared.exceptions import MCPError

    from coordinator.mcp.client import Served
    from coordinator.mcp.resources import ListResources
    from coordinator.tools.base import ToolContext
    from coordinator.tools.toolset import Toolset

    timeout, pace = 0.2, 0.08
    asked: list[tuple[float, float]] = []  # (when, seconds it was told to wait)

    class Session:
        server_capabilities = mt.ServerCapabilities(resources=mt.ResourcesCapability())

        async def send_request(self, _req: Any, _typ: Any, request_read_timeout_seconds: float):
            asked.append((anyio.current_time(), request_read_timeout_seconds))
            if request_read_timeout_seconds < pace:  # (the SDK's own wait would run out)
                raise MCPError(mt.REQUEST_TIMEOUT, "Request timed out")
            await anyio.sleep(pace)
            return mt.ListResourcesResult(resources=[], next_cursor="again")

    served = Served("slow", Session(), None, timeout)  # type: ignore[arg-type]
    got = await Toolset([ListResources([served])]).execute(
        LIST, {"server": "slow"}, ToolContext(tmp_path)
    )
    start = asked[0][0]
    assert all(when - start + waits <= timeout + 1e-6 for when, waits in asked), asked
    assert got.is_error and "MCP server 'slow' failed: no answer in 0.2 s" in got.content
    assert len(asked) < 20


@pytest.mark.parametrize(
    ("caller", "ops", "refused"),
    [
        ({"tools": ["Read", "Skill", "mcp__res__ping"]}, {"tools": ["Read", READ]}, f"({READ})"),
        (
            {"tools": ["Read", "Skill", "mcp__res__ping"]},
            {"tools": ["Read", "mcp__res"]},
            "has tools the invoking agent lacks (mcp__res)",
        ),
        (
            {"tools": None, "disallowed_tools": ["mcp__res"]},
            {"tools": None},
            "lacks the invoking agent's limits (disallowedTools: mcp__res)",
        ),
    ],
)
async def test_a_workspace_skill_may_not_fork_to_an_agent_reaching_more_of_the_server(
    tmp_path: Path, caller: dict[str, Any], ops: dict[str, Any], refused: str
) -> None:
    """backend and ops share the server ``res``; ops is offered what backend is not (a
    resource tool its ``tools`` lists, an ``mcp__`` entry, no ``disallowedTools: mcp__res``):
    a workspace skill naming ops is refused, naming it."""
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "agent: ops\n")
    servers = {"extra": {"mcpServers": ["res"]}}
    invoker = agent("backend", None).model_copy(update={**caller, **servers})
    forked = agent("ops", None, "devops").model_copy(update={**ops, **servers})
    result, calls, _ = await run(tmp_path, ws, [invoker, forked], script("ops"))
    assert str(result.status) == "complete"
    assert forked_calls(calls) == []
    got = skill_result(calls)
    assert got["is_error"] and refused in got["text"], got["text"]


async def test_the_same_servers_and_lists_let_the_fork_run(tmp_path: Path) -> None:
    """Guard: ops listing what backend lists (a resource tool, an ``mcp__`` entry, the
    same ``disallowedTools``) forks."""
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "agent: ops\n")
    same = {
        "tools": ["Read", "Skill", LIST, "mcp__res__ping"],
        "disallowed_tools": ["mcp__res__drop"],
        "extra": {"mcpServers": ["res"]},
    }
    invoker = agent("backend", None).model_copy(update=same)
    forked = agent("ops", None, "devops").model_copy(update=same)
    result, calls, _ = await run(tmp_path, ws, [invoker, forked], script("ops"))
    assert str(result.status) == "complete"
    assert len(forked_calls(calls)) == 1
    assert not skill_result(calls)["is_error"]


def test_a_resource_calls_span_names_its_mcp_method() -> None:
    """As an MCP tool's span says ``tools/call``: ``resources/list``, ``resources/read``."""
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from test_otel import by_name

    from coordinator import events as ev
    from coordinator.telemetry.otel import recorder

    exporter = InMemorySpanExporter()
    rec = recorder(exporter)
    sid = "0123456789ab"
    rec(ev.Routed(sid, None, "req", "backend"))
    rec(ev.RunStarted(sid, 1, "backend", "claude-x", 0))
    for n, (name, brief) in enumerate([(LIST, ""), (READ, "server=res, uri=docs://readme")]):
        rec(ev.ToolStarted(sid, 1, "backend", f"toolu_{n}", name, brief))
        rec(ev.ToolFinished(sid, 1, "backend", f"toolu_{n}", name, False, "x"))
    rec(ev.Completed(sid, None, "complete", "done"))
    rec.close()
    named = by_name(exporter.get_finished_spans())
    methods = [
        (named[f"execute_tool {n}"].attributes or {}).get("mcp.method.name") for n in (LIST, READ)
    ]
    assert methods == ["resources/list", "resources/read"]
