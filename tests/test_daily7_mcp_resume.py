"""The MCP ``resume`` tool resumes as ``coord resume`` does (``coord mcp`` as a real process,
driven by the official SDK's stdio client, real hook scripts): hooks on or off as the session
started, and hooks or skills unlike the session's first named once (stderr, the tool's
result, the ``session_resumed`` event). Sessions the ``run`` tool starts record them."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import zygote
from kit import blocked, report, workspace, write_agents, write_script
from test_daily6_extras import add_skill
from test_hooks7_resume import prompts, user_hooks, waiting_session
from test_mcp_server import call

from coordinator.runtime.options import EXTRAS_CHANGED

if TYPE_CHECKING:
    from mcp import ClientSession

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

#: This tree's code for the server, not what the venv installed (a branch's newer schema).
ROOT = str(Path(__file__).resolve().parents[1])

#: The backend asks a question no specialist answers, then completes with the answer.
TURNS = [{"text": blocked("Tests", "test plan")}, {"text": report("Complete", "Done")}]


@asynccontextmanager
async def coord_mcp(tmp_path: Path, ws: Path) -> AsyncIterator[ClientSession]:
    """``coord mcp`` over ``ws`` with the backend of ``tmp_path/agents`` and the script
    ``tmp_path/s.yaml`` (hooks on); its stderr goes to ``tmp_path/mcp.err``."""
    from mcp import ClientSession, StdioServerParameters, stdio_client

    argv = [sys.executable, "-m", "coordinator", "mcp", "--workspace", str(ws), "--agents-dir",
            str(tmp_path / "agents"), "--only", "--provider", "scripted", "--script",
            str(tmp_path / "s.yaml")]  # fmt: skip
    env = {"COORDINATOR_ALLOW_MODEL_REQUESTS": "0", "HOME": os.environ["HOME"]}
    env.update({k: v for k, v in os.environ.items() if k == "LANG"})
    command, *args = zygote.launcher(argv)
    if [command, *args] == argv:  # no zygote: an exec'd server, given this tree's code
        env["PYTHONPATH"] = ROOT
    params = StdioServerParameters(command=command, args=args, env=env, cwd=tmp_path)
    with (tmp_path / "mcp.err").open("w") as err:
        async with stdio_client(params, errlog=err) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                yield session


def test_a_session_started_with_hooks_off_resumes_without_them(tmp_path: Path) -> None:
    log = tmp_path / "hook.log"
    user_hooks(log)  # refuses an answer mentioning "secret"; logs every prompt it sees
    ws, sid, _ = waiting_session(tmp_path, TURNS, "--no-hooks")  # coord run, in process

    async def resume_then_run() -> dict[str, Any]:
        async with coord_mcp(tmp_path, ws) as client:
            answered: dict[str, Any] = await call(
                client, "resume", session=sid, context="the secret is 42"
            )
            assert not log.exists()
            await call(client, "run", request="Add tasks", agent="backend")
        return answered

    answered = asyncio.run(resume_then_run())
    assert answered.get("status") == "complete", answered
    assert "notes" not in answered  # started with hooks off, resumed with hooks off
    assert prompts(log) == ["Add tasks"]  # the server's own sessions do run them


async def test_the_resume_tool_names_other_hooks_or_skills_once(tmp_path: Path) -> None:
    log = tmp_path / "hook.log"
    user_hooks(log)
    ws = workspace(tmp_path)
    write_agents(tmp_path / "agents", "backend")
    write_script(tmp_path / "s.yaml", {"backend": TURNS})
    async with coord_mcp(tmp_path, ws) as client:
        waiting = await call(client, "run", request="Add tasks", agent="backend")
        assert waiting.get("status") == "waiting", waiting
        sid = waiting["session"]
        add_skill(ws, "style", "Use ruff format.")  # a skill the start had not
        answered = await call(client, "resume", session=sid, context="plan: none")
        assert answered.get("status") == "complete", answered
        assert answered["notes"] == [EXTRAS_CHANGED]
        logged = await call(client, "log", session=sid)
    (event,) = [e for e in logged["events"] if e["kind"] == "session_resumed"]
    assert event["notes"] == [EXTRAS_CHANGED]
    assert (tmp_path / "mcp.err").read_text().count(EXTRAS_CHANGED) == 1
    assert prompts(log) == ["Add tasks", "plan: none"]  # started with hooks on: on again
