"""``coord mcp``'s error results tell a client what to do with the tools and their
arguments, never with the CLI's flags or commands (which its ``coord`` lines keep)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from cli import coord
from kit import report, write_agents, write_script

from coordinator.runtime.options import ModelChoice

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

#: What only a command line can use: a flag, or a ``coord`` command.
CLI_ONLY = re.compile(r"(?<![\w-])--[a-z]|\bcoord [a-z]")

SCRIPT = {
    "backend": [
        {"when": "endpoint", "text": report("Complete", "Endpoint added")},
        {"when": "outage", "error": {"status": 529}},
        {"when": "rejected", "error": {"status": 401, "type": "authentication_error"}},
    ]
}


async def tool_error(server: object, tool: str, **args: object) -> str:
    """The text of the error result ``tool`` gives for ``args``."""
    from mcp.server.mcpserver.exceptions import ToolError

    with pytest.raises(ToolError) as caught:
        await server.call_tool(tool, args)  # type: ignore[attr-defined]
    return str(caught.value)


async def tool_errors(ws: Path, agents: Path, script: Path) -> tuple[dict[str, str], str]:
    """The error results of the tools for a request no agent fits, one interrupted and
    given an answer (its id), and an unknown session (a resume of a session that ended is
    a result since ops103, ``already_ended``: no error)."""
    from coordinator.serve.mcp_server import build_server
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    choice = ModelChoice("scripted", script)
    service = CoordinatorService(ServiceOptions(ws, agents_dirs=[agents], only=True, choice=choice))
    server = build_server(service)
    ended = (await service.run("Add the endpoint GET /tasks", agent="backend"))["session"]
    stopped = await service.run("Survive the outage", agent="backend")
    assert stopped["status"] == "interrupted"
    errors = {
        "no agent fits": await tool_error(server, "run", request="Bake a sourdough loaf"),
        "not waiting": await tool_error(
            server, "resume", session=stopped["session"], context="Use 404"
        ),
        "unknown session": await tool_error(server, "log", session="nosuch"),
        "key rejected mid-run": await tool_error(
            server, "run", request="The rejected key", agent="backend"
        ),
    }
    again = await service.resume(ended)
    assert (again["status"], again["already_ended"]) == ("complete", True)
    return errors, stopped["session"]


def test_tool_errors_name_the_tools_arguments_not_the_clis_flags(tmp_path: Path) -> None:
    import asyncio

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", SCRIPT)
    ws = tmp_path / "ws"
    ws.mkdir()
    errors, stopped = asyncio.run(tool_errors(ws, agents, script))
    for what, text in errors.items():
        assert not CLI_ONLY.search(text), (what, text)
    assert "the `agent` argument of `run`" in errors["no agent fits"]
    assert "Call `resume` without `context`." in errors["not waiting"]
    assert "`sessions` lists" in errors["unknown session"]
    rejected = errors["key rejected mid-run"]  # what resuming needs first, then how (daily29)
    assert re.search(r"session ([0-9a-f]{12}) is interrupted\n", rejected), rejected
    assert "restart it with a valid ANTHROPIC_API_KEY" in rejected
    assert re.search(r"Once that is fixed, call `resume` with session='[0-9a-f]{12}'", rejected)

    cli = coord("resume", stopped, "--context", "Use 404", "--workspace", ws)
    assert cli.returncode == 4 and "Resume it without --context." in cli.stderr
