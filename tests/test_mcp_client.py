"""MCP client: an agent's mcpServers started for its run, tools named mcp__server__tool,
tools/disallowedTools patterns, results in the store, resume never repeats a stored call.

The server is a real process (tests/mcp_fixture_server.py, the official SDK); the model is
the scripted provider. A stdio server is started by the run itself (so the tests of what a
stdio server gets, its cwd, environment and ``${VAR}`` expansion, start their own); the tests
of what does not depend on the transport or on a fresh process share one HTTP server per
module (``web``: streamable HTTP and SSE in one process), each reading only the calls made
since it began.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import zygote
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.mcp.config import agent_servers, allowed, pattern_matches, tool_name
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from tests.kit import Harness, report, scripted

# The MCP SDK is imported by the tests that start servers, not at collection: the tests of
# MCP (this module and test_mcp_server.py) run on one xdist worker, and the other never
# imports the SDK (~0.5 s). The shared HTTP server serves them all.
pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

FIXTURE = Path(__file__).resolve().parent / "mcp_fixture_server.py"


def fixture_def(log: Path) -> dict[str, Any]:
    """The fixture server as a stdio definition; coord starts it through the test zygote's
    launcher, so it is forked, not exec'd (zygote.py)."""
    command, *args = zygote.launcher([sys.executable, str(FIXTURE)])
    return {
        "command": command,
        "args": args,
        "env": {"MCP_FIXTURE_LOG": str(log), "FIXTURE": "${FIXTURE_VALUE:-plain}"},
    }


def user_servers(**servers: Any) -> None:
    """Define servers in ~/.claude.json (the user's own settings: trusted)."""
    home = Path(os.environ["HOME"])
    (home / ".claude.json").write_text(json.dumps({"mcpServers": servers}), encoding="utf-8")


def agent(**fields: Any) -> AgentSpec:
    extra = {"mcpServers": fields.pop("mcp", ["srv"])}
    return AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        body="You are the backend specialist.",
        extra=extra,
        **fields,
    )


def calls(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


@dataclass(frozen=True)
class Web:
    """The module's HTTP fixture server: its port and the file its calls are logged to."""

    port: int
    log: Path

    def url(self, kind: str = "http") -> str:
        return f"http://127.0.0.1:{self.port}/{'sse' if kind == 'sse' else 'mcp'}"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """One real MCP server over HTTP (both transports) for the tests of this module."""
    from tests.mcp_http import http_server

    log = tmp_path_factory.mktemp("mcp-web") / "calls.jsonl"
    env = {**os.environ, "MCP_FIXTURE_LOG": str(log)}
    with http_server(lambda port: [sys.executable, str(FIXTURE), "--web", str(port)], env) as (
        port,
        _,
    ):
        yield Web(port, log)


@pytest.fixture
def srv(web: Web) -> Callable[[], list[dict[str, Any]]]:
    """``srv`` in the user's settings is the shared HTTP server; returns the calls it got
    since this test began (tests in a worker run one at a time)."""
    user_servers(srv={"type": "http", "url": web.url()})
    seen = len(calls(web.log))
    return lambda: calls(web.log)[seen:]


# ---- names, patterns, definitions --------------------------------------------------------


def test_tool_names_and_patterns_follow_claude_code() -> None:
    name = tool_name("my.srv", "get issue")
    assert name == "mcp__my_srv__get_issue"
    assert pattern_matches("mcp__my_srv", "my.srv", name)
    assert pattern_matches("mcp__my_srv__*", "my.srv", name)
    assert pattern_matches("mcp__my_srv__get_issue", "my.srv", name)
    assert not pattern_matches("mcp__my_srv__other", "my.srv", name)
    assert not pattern_matches("mcp__other", "my.srv", name)
    add = tool_name("srv", "add")
    assert allowed(agent(), "srv", add)  # tools missing: every tool
    assert not allowed(agent(tools=["Read"]), "srv", add)
    assert allowed(agent(tools=["Read", "mcp__srv"]), "srv", add)
    assert not allowed(agent(disallowed_tools=["mcp__srv__add"]), "srv", add)


def test_workspace_definitions_need_the_users_approval(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / ".mcp.json").write_text(json.dumps({"mcpServers": {"srv": {"command": "x"}}}))
    got = agent_servers(agent(), ws, environ={})
    assert got.servers == []
    assert "not approved" in got.problems[0] and "enabledMcpjsonServers" in got.problems[0]

    home = Path(os.environ["HOME"])
    (home / ".claude").mkdir(exist_ok=True)
    (home / ".claude" / "settings.json").write_text(json.dumps({"enabledMcpjsonServers": ["srv"]}))
    got = agent_servers(agent(), ws, environ={})
    assert [s.name for s in got.servers] == ["srv"] and got.problems == []


def test_claude_json_project_entry_defines_and_approves(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / ".claude").mkdir(parents=True)
    (ws / ".mcp.json").write_text(json.dumps({"mcpServers": {"srv": {"command": "x"}}}))
    # the workspace cannot approve its own server
    local = {"enabledMcpjsonServers": ["srv"], "enableAllProjectMcpServers": True}
    (ws / ".claude" / "settings.local.json").write_text(json.dumps(local))
    assert agent_servers(agent(), ws, environ={}).servers == []

    home = Path(os.environ["HOME"])
    project = {"enabledMcpjsonServers": ["srv"], "mcpServers": {"own": {"command": "own-bin"}}}
    (home / ".claude.json").write_text(json.dumps({"projects": {str(ws.resolve()): project}}))
    got = agent_servers(agent(mcp=["srv", "own"]), ws, environ={})
    assert [(s.name, s.command) for s in got.servers] == [("srv", "x"), ("own", "own-bin")]


def test_an_inline_server_in_an_agent_file_inside_the_workspace_needs_approval(
    tmp_path: Path,
) -> None:
    ws = tmp_path / "ws"
    (ws / ".claude" / "agents").mkdir(parents=True)
    spec = agent(mcp=[{"evil": {"command": "curl"}}]).model_copy(
        update={"source": ws / ".claude" / "agents" / "backend.md"}
    )
    got = agent_servers(spec, ws, environ={})
    assert got.servers == [] and "not approved" in got.problems[0]
    outside = spec.model_copy(update={"source": tmp_path / "team" / "backend.md"})
    assert [s.name for s in agent_servers(outside, ws, environ={}).servers] == ["evil"]


def test_inline_unknown_and_broken_entries(tmp_path: Path) -> None:
    spec = agent(
        mcp=["nowhere", {"inline": {"command": "srv-bin", "args": ["--x", "${V}"]}}, {"bad": 3}]
    )
    got = agent_servers(spec, tmp_path, environ={"V": "expanded"})
    assert [(s.name, s.command, s.args) for s in got.servers] == [
        ("inline", "srv-bin", ("--x", "expanded"))
    ]
    assert any("'nowhere' is not defined" in p for p in got.problems)
    assert any("'bad'" in p and "mapping" in p for p in got.problems)


def test_a_missing_variable_without_a_default_is_one_error_naming_file_and_server(
    tmp_path: Path,
) -> None:
    """Claude Code: ``${VAR}`` expands, ``${VAR:-default}`` takes the default only when VAR
    is unset, and a variable unset without a default makes the definition fail to parse."""
    home = tmp_path / "home"
    home.mkdir()
    servers = {
        "gh": {
            "command": "gh-mcp",
            "args": ["--host", "${GH_HOST:-github.com}", "--org", "${GH_ORG:-none}"],
            "env": {"GH_TOKEN": "${GH_TOKEN}", "EMPTY": "${GH_EMPTY:-}"},
        },
        "api": {"type": "http", "url": "https://${API_HOST}/mcp", "headers": {"X": "${KEY}"}},
    }
    (home / ".claude.json").write_text(json.dumps({"mcpServers": servers}), encoding="utf-8")
    spec = agent(mcp=["gh", "api"])
    ws = tmp_path / "ws"  # the home folder is outside the workspace: its servers are trusted
    ws.mkdir()

    got = agent_servers(spec, ws, home=home, environ={"GH_ORG": "", "GH_TOKEN": "t"})
    [gh] = got.servers
    assert gh.args == ("--host", "github.com", "--org", "")  # set but empty: no default
    assert dict(gh.env) == {"GH_TOKEN": "t", "EMPTY": ""}
    [problem] = got.problems
    assert problem == (
        f"server 'api' in {home / '.claude.json'}: environment variables API_HOST, KEY are "
        "not set and have no default (${VAR:-default}); the server is not started"
    )
    missing = agent_servers(spec, ws, home=home, environ={"API_HOST": "h", "KEY": "k"})
    assert [s.name for s in missing.servers] == ["api"]
    assert missing.problems == [
        f"server 'gh' in {home / '.claude.json'}: environment variable GH_TOKEN is not set "
        "and has no default (${VAR:-default}); the server is not started"
    ]


# ---- runs ----------------------------------------------------------------------------------


def mcp_turns() -> list[dict[str, Any]]:
    return [
        {
            "tool_calls": [
                {"name": "mcp__srv__add", "input": {"a": 2, "b": 3}, "id": "toolu_add"},
                {"name": "mcp__srv__fail", "input": {"reason": "why"}, "id": "toolu_fail"},
                {"name": "mcp__srv__whoami", "input": {}, "id": "toolu_who"},
            ]
        },
        {"text": report("Complete", "Added with MCP"), "expect": "5"},
    ]


async def test_agent_calls_mcp_tools_through_the_store(tmp_path: Path) -> None:
    log = tmp_path / "calls.jsonl"
    user_servers(srv=fixture_def(log))
    h = Harness(tmp_path, {"backend": mcp_turns()}, registry=Registry([agent()]))
    os.environ["ANTHROPIC_API_KEY_FOR_TEST"] = "must-not-leak"
    try:
        result = await h.engine.start("add numbers", agent="backend")
    finally:
        del os.environ["ANTHROPIC_API_KEY_FOR_TEST"]
    assert result.status == "complete"
    assert [c["tool"] for c in calls(log)] == ["add", "fail", "whoami"]
    rows = {r.tool_use_id: r for r in h.store.all_tool_calls(result.session_id)}
    assert rows["toolu_add"].result == "5" and not rows["toolu_add"].is_error
    assert rows["toolu_fail"].is_error
    who = json.loads(rows["toolu_who"].result or "{}")
    assert who["cwd"] == str(h.ws.resolve())  # the server runs in the workspace
    assert who["secrets"] == []  # an allow-listed environment
    assert who["env"] == "plain"  # ${VAR:-default} expanded
    started = [e for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
    assert started[0].data["servers"] == ["srv"]
    shown = CliRunner().invoke(app, ["log", result.session_id, "--db", str(h.db)])
    assert "MCP srv: 4 tools" in shown.stdout
    assert set(started[0].data["tools"]) == {
        "mcp__srv__add",
        "mcp__srv__echo",
        "mcp__srv__fail",
        "mcp__srv__whoami",
    }
    h.close()


async def test_tools_patterns_limit_what_the_model_is_offered(
    tmp_path: Path, srv: Callable[[], list[dict[str, Any]]]
) -> None:
    spec = agent(
        tools=["Read", "mcp__srv__echo", "mcp__srv__add"], disallowed_tools=["mcp__srv__add"]
    )
    turns = [
        {"tool_calls": [{"name": "mcp__srv__add", "input": {"a": 1, "b": 1}, "id": "toolu_x"}]},
        {"text": report("Complete"), "expect": "no tool named"},
    ]
    h = Harness(tmp_path, {"backend": turns}, registry=Registry([spec]))
    result = await h.engine.start("try", agent="backend")
    assert result.status == "complete"
    assert srv() == []  # refused before reaching the server
    started = [e for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
    assert started[0].data["tools"] == ["mcp__srv__echo"]
    assert started[0].data["problems"] == []
    h.close()


async def test_an_allow_list_without_the_server_is_named(
    tmp_path: Path, srv: Callable[[], list[dict[str, Any]]]
) -> None:
    h = Harness(
        tmp_path,
        {"backend": [{"text": report("Complete")}]},
        registry=Registry([agent(tools=["Read"])]),
    )
    result = await h.engine.start("try", agent="backend")
    started = [e for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
    assert started[0].data["tools"] == []
    assert "add mcp__srv to tools" in started[0].data["problems"][0]
    h.close()


async def test_a_bare_deny_rule_leaves_the_servers_tools_out_of_the_list(
    tmp_path: Path, srv: Callable[[], list[dict[str, Any]]]
) -> None:
    """A bare ``deny`` of an MCP server (``mcp__srv``) or tool (``mcp__srv__add``) takes its
    tools away from the model, as a bare deny of a built-in tool does (Claude Code removes
    them from the context); a call of one anyway reaches nothing."""
    from coordinator.runtime.extras import session_extras

    home = Path(os.environ["HOME"])
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    offered: list[set[str]] = []
    notes: list[list[str]] = []
    for deny, turns in (
        (
            ["mcp__srv"],
            [mcp_turns()[0], {"text": report("Complete"), "expect": "the rule mcp__srv "}],
        ),
        (["mcp__srv__add", "mcp__srv__fail"], [{"text": report("Complete")}]),
    ):
        settings.write_text(json.dumps({"permissions": {"deny": deny}}), encoding="utf-8")
        h = Harness(tmp_path / str(len(offered)), {"backend": turns}, registry=Registry([agent()]))
        extras = session_extras(h.ws, h.settings, h.registry, home=home)
        engine = extras.engine(h.registry, h.provider, h.store, h.settings, h.ws, model=None)
        result = await engine.start("add numbers", agent="backend")
        assert result.status == "complete"
        h.provider.model.assert_complete()
        offered.append({t for t in h.provider.model.calls[0].tools if t.startswith("mcp__")})
        started = [e for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
        assert set(started[0].data["tools"]) == offered[-1]
        notes.append(started[0].data["problems"])
        h.close()
    assert srv() == []  # nothing reached the server
    assert offered == [set(), {"mcp__srv__echo", "mcp__srv__whoami"}]
    assert notes == [
        ["server 'srv' not started: the permissions.deny rule mcp__srv takes all its tools away"],
        [],
    ]


async def test_a_server_that_cannot_start_is_named_and_the_run_goes_on(tmp_path: Path) -> None:
    user_servers(broken={"command": str(tmp_path / "no-such-server")})
    turns = [{"text": report("Complete")}]
    h = Harness(tmp_path, {"backend": turns}, registry=Registry([agent(mcp=["broken"])]))
    result = await h.engine.start("try", agent="backend")
    assert result.status == "complete"
    started = [e for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
    assert "did not start" in started[0].data["problems"][0]
    h.close()


async def test_resume_never_repeats_a_stored_mcp_call(
    tmp_path: Path, srv: Callable[[], list[dict[str, Any]]]
) -> None:
    outage = {"error": {"status": 529, "message": "Overloaded", "retry_after": 0}}
    first = [mcp_turns()[0], outage]
    h = Harness(tmp_path, {"backend": first}, registry=Registry([agent()]))
    stopped = await h.engine.start("add numbers", agent="backend")
    assert stopped.status == "interrupted"
    assert [c["tool"] for c in srv()] == ["add", "fail", "whoami"]
    h.close()

    again = Harness(tmp_path, {"backend": mcp_turns()}, registry=Registry([agent()]))
    result = await again.engine.resume(stopped.session_id)
    assert result.status == "complete"
    assert len(srv()) == 3  # nothing called twice
    again.close()


async def test_consult_runs_get_their_own_servers(
    tmp_path: Path, srv: Callable[[], list[dict[str, Any]]]
) -> None:
    dba = AgentSpec(
        name="dba",
        description="database specialist",
        domain="database",
        extra={"mcpServers": ["srv"]},
    )
    backend = AgentSpec(name="backend", description="backend specialist", domain="backend")
    script = {
        "backend": [
            {"text": report("Blocked", domain="database", blocker="b", required="the schema")},
            {"text": report("Complete"), "expect": "echo: users"},
        ],
        "dba": [
            {"tool_calls": [{"name": "mcp__srv__echo", "input": {"text": "users"}}]},
            {"text": report("Complete", "echo: users")},
        ],
    }
    h = Harness(tmp_path, script, registry=Registry([backend, dba]), provider=scripted(script))
    result = await h.engine.start("do it", agent="backend")
    assert result.status == "complete"
    assert [c["tool"] for c in srv()] == ["echo"]
    h.close()


async def test_without_the_extra_the_run_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_servers(srv=fixture_def(tmp_path / "calls.jsonl"))
    monkeypatch.setitem(sys.modules, "mcp", None)  # import mcp -> ImportError
    h = Harness(tmp_path, {"backend": [{"text": report("Complete")}]}, registry=Registry([agent()]))
    result = await h.engine.start("try", agent="backend")
    assert result.status == "complete"
    started = [e for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
    assert started[0].data["problems"] == [
        "MCP servers not started: pip install 'coordinator[mcp]'"
    ]
    h.close()


@pytest.mark.parametrize("kind", ["http", "sse"])
async def test_an_http_server_is_used_the_same_way(tmp_path: Path, web: Web, kind: str) -> None:
    seen = len(calls(web.log))
    turns = [
        {"tool_calls": [{"name": "mcp__web__echo", "input": {"text": f"over {kind}"}}]},
        {"text": report("Complete"), "expect": f"echo: over {kind}"},
    ]
    user_servers(web={"type": kind, "url": web.url(kind)})
    h = Harness(tmp_path, {"backend": turns}, registry=Registry([agent(mcp=["web"])]))
    result = await h.engine.start("try", agent="backend")
    assert result.status == "complete"
    assert calls(web.log)[seen:] == [{"tool": "echo", "text": f"over {kind}"}]
    started = [e for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
    assert started[0].data["servers"] == ["web"]
    h.close()
