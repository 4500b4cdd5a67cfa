"""flake105: the mcp SDK's ``stdio_client`` sends a server's stderr to ``errlog``, whose
default is the object that was ``sys.stderr`` when the SDK was first imported. A process
that imported it while ``sys.stderr`` was a stream without a file descriptor (CliRunner's,
Jupyter's, a GUI's) cannot start a server with that default: ``stderr.fileno`` raised, and
``test_ops103_resume_ended.py``'s MCP test failed in a worker where a CliRunner test had
imported the SDK first. The tests' own client gives the server an fd of its own; coord's
client gives its own pipe (``bounded.StderrTail``), whatever ``sys.stderr`` is."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from coordinator.roster.registry import Registry
from tests.kit import Harness, report

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

ROOT = Path(__file__).resolve().parents[1]

#: A fresh process that imports the SDK while ``sys.stderr`` is an ``io.StringIO`` (as a
#: CliRunner test's command does), puts its own back, then starts ``coord mcp`` with the
#: tests' client.
IMPORTED_UNDER_A_STREAM = """
import asyncio, io, json, sys
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
sys.stderr = io.StringIO()
import mcp
sys.stderr = sys.__stderr__
from test_mcp_server import SCRIPT, call, coord_mcp

async def main():
    async with coord_mcp(Path(sys.argv[2]), SCRIPT) as client:
        return await call(client, "route", request="Add a database index and SQL migration")

print(json.dumps(asyncio.run(main())))
"""


def test_the_tests_client_starts_coord_mcp_where_the_sdk_was_imported_under_a_stream(
    tmp_path: Path,
) -> None:
    run = subprocess.run(
        [sys.executable, "-c", IMPORTED_UNDER_A_STREAM, str(ROOT), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout)["agent"] == "dba"


async def test_coords_client_starts_a_stdio_server_whatever_sys_stderr_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An application embedding coord with its own ``sys.stderr`` (and the SDK imported
    under it): an agent's stdio server starts and serves its tools."""
    from mcp.client import stdio
    from test_mcp_client import agent, calls, fixture_def, user_servers

    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(stdio.stdio_client.__wrapped__, "__defaults__", (stream,))  # type: ignore[attr-defined]
    log = tmp_path / "calls.jsonl"
    user_servers(srv=fixture_def(log))
    turns = [
        {"tool_calls": [{"name": "mcp__srv__add", "input": {"a": 2, "b": 3}, "id": "toolu_add"}]},
        {"text": report("Complete", "Added with MCP"), "expect": "5"},
    ]
    h = Harness(tmp_path, {"backend": turns}, registry=Registry([agent()]))
    result = await h.engine.start("add numbers", agent="backend")
    h.close()
    assert result.status == "complete"
    assert [c["tool"] for c in calls(log)] == ["add"]
