"""compat100: an http/sse MCP server's ``headersHelper`` runs at each connection.

Claude Code's MCP page: ``headersHelper`` is a command printing a JSON object of headers,
run at connection time with ``CLAUDE_CODE_MCP_SERVER_NAME``/``_URL`` set, its headers over
the definition's ``headers``; a project's helper runs only once the workspace is trusted.
coord read no ``headersHelper`` (the server started without its headers, a line said so).
A real MCP server (the official SDK, over loopback HTTP) logs the headers it got; the
helpers are real scripts.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coordinator.roster.registry import Registry
from tests.kit import Harness, report
from tests.test_mcp_client import FIXTURE, agent, user_servers

pytestmark = pytest.mark.xdist_group("mcp")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """A real MCP server over HTTP logging the headers of each request: its port, its log."""
    from tests.mcp_http import http_server

    log = tmp_path_factory.mktemp("mcp-headers") / "headers.jsonl"
    env = {**os.environ, "MCP_FIXTURE_HEADERS": str(log)}
    argv = [sys.executable, str(FIXTURE), "--web"]
    with http_server(lambda port: [*argv, str(port)], env) as (port, _):
        yield port, log


def helper(tmp_path: Path, body: str) -> str:
    """A helper script (outside the workspace) whose Python ``body`` runs; its command."""
    path = tmp_path / "helper.py"
    path.write_text("import json, os, sys\n" + body, encoding="utf-8")
    return f"{sys.executable} {path}"


async def run(tmp_path: Path, echo: bool) -> tuple[Harness, Any]:
    turns: list[dict[str, Any]] = [{"text": report("Complete")}]
    if echo:
        call = {"name": "mcp__web__echo", "input": {"text": "hi"}}
        turns = [{"tool_calls": [call]}, {"text": report("Complete"), "expect": "echo: hi"}]
    h = Harness(tmp_path, {"backend": turns}, registry=Registry([agent(mcp=["web"])]))
    return h, await h.engine.start("try", agent="backend")


def problems(h: Harness, session: str) -> list[str]:
    started = [e for e in h.store.events(session) if e.kind == "mcp_servers"]
    return list(started[0].data["problems"])


async def test_the_helpers_headers_are_sent_over_the_definitions(
    tmp_path: Path, served: tuple[int, Path]
) -> None:
    port, log = served
    url = f"http://127.0.0.1:{port}/mcp"
    command = helper(
        tmp_path,
        "name = os.environ['CLAUDE_CODE_MCP_SERVER_NAME']\n"
        "at = os.environ['CLAUDE_CODE_MCP_SERVER_URL']\n"
        "print(json.dumps({'authorization': f'Bearer fresh-{name}-{at.endswith(\"/mcp\")}'}))\n",
    )
    static = {"X-Token": "static", "Authorization": "Bearer old"}
    user_servers(web={"type": "http", "url": url, "headers": static, "headersHelper": command})
    seen = len(log.read_text().splitlines()) if log.exists() else 0
    h, result = await run(tmp_path, echo=True)

    assert str(result.status) == "complete"
    sent = [json.loads(line) for line in log.read_text().splitlines()[seen:]]
    assert sent
    assert all(s == {"authorization": "Bearer fresh-web-True", "x-token": "static"} for s in sent)
    assert not any("headersHelper" in p for p in problems(h, result.session_id))
    h.close()


async def test_a_failing_helper_keeps_its_server_from_starting(
    tmp_path: Path, served: tuple[int, Path]
) -> None:
    port, _ = served
    command = helper(tmp_path, "sys.stderr.write('no ticket'); sys.exit(3)\n")
    user_servers(
        web={"type": "http", "url": f"http://127.0.0.1:{port}/mcp", "headersHelper": command}
    )
    h, result = await run(tmp_path, echo=False)

    [line] = [p for p in problems(h, result.session_id) if "web" in p]
    assert "did not start" in line and "headersHelper exited 3: no ticket" in line
    h.close()


async def test_a_workspace_helper_an_agent_can_rewrite_is_never_run(
    tmp_path: Path, served: tuple[int, Path]
) -> None:
    port, _ = served
    h, _ = await run(tmp_path, echo=False)  # (the workspace made)
    ran = tmp_path / "ran.txt"
    (h.ws / "token.sh").write_text(f"touch {ran}\necho '{{}}'\n", encoding="utf-8")
    server = {"type": "http", "url": f"http://127.0.0.1:{port}/mcp", "headersHelper": "sh token.sh"}
    (h.ws / ".mcp.json").write_text(json.dumps({"mcpServers": {"web": server}}), encoding="utf-8")
    home = Path(os.environ["HOME"])
    approve = {"enabledMcpjsonServers": ["web"]}
    (home / ".claude").mkdir(exist_ok=True)
    (home / ".claude/settings.json").write_text(json.dumps(approve), encoding="utf-8")
    (home / ".claude.json").unlink(missing_ok=True)
    result = await h.engine.start("try again", agent="backend")

    [line] = [p for p in problems(h, result.session_id) if "web" in p]
    assert "token.sh" in line and "headersHelper" in line and "not started" in line
    assert not ran.exists()
    h.close()


async def test_always_load_is_honoured_and_not_named_as_unread(
    tmp_path: Path, served: tuple[int, Path]
) -> None:
    port, _ = served
    user_servers(web={"type": "http", "url": f"http://127.0.0.1:{port}/mcp", "alwaysLoad": True})
    h, result = await run(tmp_path, echo=True)

    assert str(result.status) == "complete"
    assert problems(h, result.session_id) == []
    h.close()
