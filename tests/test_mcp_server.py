"""``coord mcp`` as a real process, driven by the official SDK's stdio client.

The server runs offline (``--provider scripted --script F``): routing, a durable run, a
waiting session answered through ``resume``, sessions and log, and user errors as error
results.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import zygote

from tests.kit import report, workspace, write_agents, write_script

if TYPE_CHECKING:
    from mcp import ClientSession

# On the worker that runs test_mcp_client.py, which imports the MCP SDK (not at collection).
pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]


@asynccontextmanager
async def coord_mcp(tmp_path: Path, script: dict[str, Any]) -> AsyncIterator[ClientSession]:
    from mcp import ClientSession, StdioServerParameters, stdio_client

    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend", "dba")
    path = write_script(tmp_path / "script.yaml", script)
    argv = [sys.executable, "-m", "coordinator", "mcp", "--workspace", str(ws)]
    argv += ["--agents-dir", str(agents), "--only", "--provider", "scripted", "--script", str(path)]
    # The SDK's base environment, HOME and a locale; the SDK starts the process itself, so
    # the command is the test zygote's launcher: coord mcp is forked, not exec'd (zygote.py).
    env = {"COORDINATOR_ALLOW_MODEL_REQUESTS": "0", "HOME": os.environ["HOME"]}
    env.update({k: v for k, v in os.environ.items() if k == "LANG"})
    command, *args = zygote.launcher(argv)
    params = StdioServerParameters(command=command, args=args, env=env, cwd=tmp_path)
    # The server's stderr goes to this process's own (fd 2: pytest's capture of it, shown
    # with a failing test), never to the SDK's default ``errlog``: the object that was
    # sys.stderr when the SDK was first imported, in a worker where a CliRunner test
    # imported it CliRunner's stream, with no fd to give a process (flake105).
    async with stdio_client(params, errlog=sys.__stderr__) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            yield session


async def call(client: ClientSession, tool: str, **args: Any) -> Any:
    result = await client.call_tool(tool, args)
    text = result.content[0].text  # type: ignore[union-attr]
    if result.is_error:
        return {"error": text}
    return json.loads(text)


SCRIPT = {
    "backend": [
        {
            "when": "endpoint",
            "text": report(
                "Blocked",
                domain="tests",
                blocker="Unclear expectations",
                required="Which status code for a missing task?",
            ),
        },
        {"when": "endpoint", "expect": "404", "text": report("Complete", "Endpoint added")},
    ],
    "dba": [{"text": report("Complete", "Index added")}],
}


async def check_user_errors(client: ClientSession) -> None:
    """Before any session: each user error is an error result naming what was wrong."""
    no_db = await call(client, "sessions")
    assert "no session database" in no_db["error"]
    unknown = await call(client, "run", request="x", agent="nobody")
    assert "error" in unknown and "nobody" in unknown["error"]
    missing = await call(client, "log", session="nosuch")
    assert "error" in missing and "nosuch" in missing["error"]
    bad = await call(client, "sessions", status="sleeping")
    assert "unknown status" in bad["error"]


async def test_user_errors_then_route_run_wait_resume_sessions_log(tmp_path: Path) -> None:
    """One server process for both: user errors are error results, and leave nothing behind
    that the rest of the session could see."""
    async with coord_mcp(tmp_path, SCRIPT) as client:
        await check_user_errors(client)
        listed = {t.name for t in (await client.list_tools()).tools}
        assert listed == {"route", "run", "resume", "sessions", "log"}

        routed = await call(client, "route", request="Add a database index and SQL migration")
        assert routed["agent"] == "dba" and routed["matched"]

        done = await call(client, "run", request="Add an index on tasks", agent="dba")
        assert done["status"] == "complete" and done["report"]["summary"] == "Index added"

        waiting = await call(client, "run", request="Add the endpoint GET /tasks", agent="backend")
        assert waiting["status"] == "waiting" and waiting["needs_answer"] is True
        assert "Which status code" in waiting["next"] and "resume" in waiting["next"]
        sid = waiting["session"]

        answered = await call(client, "resume", session=sid, context="Return 404")
        assert answered["status"] == "complete"
        assert answered["report"]["summary"] == "Endpoint added"

        rows = await call(client, "sessions")
        assert [r["status"] for r in rows] == ["complete", "complete"]
        log = await call(client, "log", session=sid[:8])
        kinds = [e["kind"] for e in log["events"]]
        assert "waiting" in kinds and "resumed" in kinds and log["chain"]["agent"] == "backend"


def test_coord_mcp_without_the_extra_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from coordinator.cli.app import app

    monkeypatch.setitem(sys.modules, "mcp", None)
    result = CliRunner().invoke(app, ["mcp"])
    assert result.exit_code == 4
    assert (
        result.stderr.strip()
        == "error: coord mcp needs the MCP SDK: pip install 'coordinator[mcp]'"
    )


async def test_coord_mcp_over_http_on_loopback(tmp_path: Path) -> None:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    from tests.mcp_http import coord_mcp_argv, http_server

    argv = coord_mcp_argv(tmp_path)
    env = {**os.environ, "COORDINATOR_ALLOW_MODEL_REQUESTS": "0"}
    env.pop("COORD_MCP_TOKEN", None)
    with http_server(argv, env) as (port, log):
        assert "127.0.0.1" in log
        url = f"http://127.0.0.1:{port}/mcp"
        token = log.split("'Authorization: Bearer ", 1)[1].split("'", 1)[0]  # printed at start
        bearer = {"Authorization": f"Bearer {token}"}
        async with (
            create_mcp_http_client(headers=bearer) as http,
            streamable_http_client(url, http_client=http) as (read, write),
            ClientSession(read, write) as c,
        ):
            await c.initialize()
            routed = await call(c, "route", request="Add a database index and SQL migration")
    assert routed["agent"] == "dba"
