"""``coord mcp --http PORT``: every request needs the bearer token, over real HTTP on loopback.

Without it any local user or process could run agents on the workspace with the user's key,
read every session's log and answer waiting questions. The server is a real ``coord mcp``
process (forked by the test zygote), synchronised on its "Uvicorn running on" line; the
client is the official SDK's streamable HTTP client, the refusals also plain HTTP requests.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.kit import workspace

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

INIT = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "probe", "version": "1"},
    },
}
ROUTE = "Add a database index and SQL migration"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "COORD_MCP_TOKEN"}
    return {**env, "COORDINATOR_ALLOW_MODEL_REQUESTS": "0", **extra}


async def _route(port: int, headers: dict[str, str]) -> dict[str, Any]:
    """The ``route`` tool through the SDK's client sending ``headers``."""
    import anyio
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    url = f"http://127.0.0.1:{port}/mcp"
    with anyio.fail_after(60):  # a safety net: the client fails or answers at once
        async with (
            create_mcp_http_client(headers=headers) as http,
            streamable_http_client(url, http_client=http) as (read, write),
            ClientSession(read, write) as client,
        ):
            await client.initialize()
            result = await client.call_tool("route", {"request": ROUTE})
    assert not result.is_error
    return dict(json.loads(result.content[0].text))  # type: ignore[union-attr]


async def _refused(port: int, headers: dict[str, str]) -> None:
    """The SDK's client fails at ``initialize``: the server answered with an HTTP error
    (the client says only that; the status is checked with :func:`_post`)."""
    from mcp.shared.exceptions import MCPError

    with pytest.raises(BaseException) as caught:
        await _route(port, headers)
    error: BaseException = caught.value
    while isinstance(error, BaseExceptionGroup) and len(error.exceptions) == 1:
        error = error.exceptions[0]
    assert isinstance(error, MCPError) and "error response" in str(error), repr(caught.value)


def _post(port: int, headers: dict[str, Any]) -> tuple[int, str, dict[str, str]]:
    """A plain initialize request: status, body and headers."""
    import httpx2

    sent = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    got = httpx2.post(
        f"http://127.0.0.1:{port}/mcp", json=INIT, headers={**sent, **headers}, timeout=60
    )
    return got.status_code, got.text, dict(got.headers)


def _printed_token(log: str) -> str:
    found = re.findall(r"'Authorization: Bearer (\S+)'", log)
    assert len(found) == 1, log
    return str(found[0])


async def test_every_http_request_needs_the_token_printed_once_at_start(tmp_path: Path) -> None:
    from tests.mcp_http import coord_mcp_argv, http_server

    with http_server(coord_mcp_argv(tmp_path), _env()) as (port, log):
        token = _printed_token(log)
        assert len(token) >= 40 and log.count(token) == 1
        bearer = {"Authorization": f"Bearer {token}"}
        assert (await _route(port, bearer))["agent"] == "dba"  # the right token: tools work
        for refused in ({}, {"Authorization": f"Bearer {token[:-1]}x"}, {"Authorization": token}):
            await _refused(port, refused)  # the SDK client: initialize fails
        answers = {
            _post(port, h)[:2]
            for h in (
                {},
                {"Authorization": "Bearer wrong-token-of-some-length"},
                {"Authorization": f"Bearer {token}{token}"},
                {"Authorization": "Bearer \u00e9\u00ff".encode("latin-1")},  # 401, no crash
                {"Authorization": f"Basic {token}"},
            )
        }
        body = json.dumps(
            {"error": "invalid_token", "error_description": "Authentication required"}
        )
        assert answers == {(401, body)}  # one answer, whatever was wrong
        _, _, headers = _post(port, {})
        assert headers["www-authenticate"].startswith("Bearer ")
        assert token not in json.dumps(headers)


async def test_a_foreign_host_or_origin_is_refused_even_with_the_token(tmp_path: Path) -> None:
    """The SDK's DNS-rebinding check: a page whose name resolves to 127.0.0.1 sends its
    own Host and Origin."""
    from tests.mcp_http import coord_mcp_argv, http_server

    with http_server(coord_mcp_argv(tmp_path), _env()) as (port, log):
        bearer = {"Authorization": f"Bearer {_printed_token(log)}"}
        await _refused(port, {**bearer, "Host": f"evil.example:{port}"})
        assert _post(port, {**bearer, "Host": f"evil.example:{port}"})[0] == 421
        assert _post(port, {**bearer, "Origin": "http://evil.example"})[0] == 403
        assert _post(port, {"Host": f"evil.example:{port}"})[0] == 401  # no token: 401 first


async def test_a_token_the_user_chose_is_used_and_never_printed(tmp_path: Path) -> None:
    from tests.mcp_http import coord_mcp_argv, http_server

    chosen = "team-laptop-7f3a9c2e41d8b605"
    with http_server(coord_mcp_argv(tmp_path), _env(COORD_MCP_TOKEN=chosen)) as (port, log):
        assert chosen not in log
        assert "Bearer the value of COORD_MCP_TOKEN'" in log
        assert (await _route(port, {"Authorization": f"Bearer {chosen}"}))["agent"] == "dba"
        assert _post(port, {"Authorization": "Bearer " + "x" * len(chosen)})[0] == 401


@pytest.mark.parametrize("value", ["", "short", "has a space in it ok", "tab\there-0123456789"])
def test_a_chosen_token_that_cannot_be_one_is_one_line(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.cli import coord

    monkeypatch.setenv("COORD_MCP_TOKEN", value)
    ran = coord("mcp", "--http", "1")
    assert ran.returncode == 4, ran.stderr
    assert ran.stderr.splitlines()[0] == (
        "error: COORD_MCP_TOKEN: a token is 16 to 512 visible ASCII characters, no spaces"
    )
    assert "Traceback" not in ran.stderr and (not value or value not in ran.stderr)


def test_the_chosen_token_leaves_the_environment_and_is_scrubbed() -> None:
    """No hook, MCP server or command coord starts inherits it; nothing coord prints or
    stores shows it."""
    from coordinator.sanitize import scrub
    from coordinator.serve.mcp_server import announce_token, http_token

    env = {"COORD_MCP_TOKEN": "chosen-token-0123456789", "HOME": "/home/u"}
    token, made = http_token(env)
    assert (token, made) == ("chosen-token-0123456789", False)
    assert env == {"HOME": "/home/u"}
    made_token, made = http_token({})
    assert made and len(made_token) >= 40 and made_token != http_token({})[0]
    announce_token(token, False, 1234)
    assert scrub(f"the token is {token}") == "the token is [redacted]"


def test_an_agents_sandboxed_command_does_not_reach_a_loopback_port(tmp_path: Path) -> None:
    """Bash's sandbox has a network namespace of its own (its own loopback): a command an
    agent runs does not reach ``coord mcp --http``'s port; ``--bash-network`` shares the
    host's (then only the token stands in the way)."""
    import asyncio
    import shutil
    import socket

    from coordinator.tools.base import ToolContext
    from coordinator.tools.sandbox import BashSandbox
    from coordinator.tools.toolset import build_toolset

    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is absent")
    ws = workspace(tmp_path)
    seen = {}
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        probe = f"exec 3<>/dev/tcp/127.0.0.1/{port} && echo reached || echo refused"
        for network in (False, True):
            context = ToolContext(root=ws, allow_bash=True, sandbox=BashSandbox(network=network))
            run = build_toolset(None).execute("Bash", {"command": probe}, context)
            seen[network] = asyncio.run(run).content
    assert "refused" in seen[False] and "reached" not in seen[False]
    assert "reached" in seen[True]
