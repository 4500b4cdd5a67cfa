"""What MCP servers and worktrees add to an agent run.

- start a stdio MCP server (the tests' SDK fixture) and list its tools, then close it;
- one MCP tool call through coord's McpTool (the run's view of a server);
- open a worktree of a small repository, change one file, commit and merge it back.

Run from the repository root: ``python bench/bench_mcp_worktree.py`` (needs coordinator[mcp]).
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import help_asked, write_section  # noqa: E402
from coordinator.mcp.client import open_servers  # noqa: E402
from coordinator.mcp.config import ServerConfig, Transport  # noqa: E402
from coordinator.runtime.worktree import finish_worktree, open_worktree  # noqa: E402
from coordinator.tools.base import ToolContext  # noqa: E402

STARTS, CALLS, MERGES = 5, 200, 10
FIXTURE = ROOT / "tests" / "mcp_fixture_server.py"


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:,.1f}"


async def mcp(cwd: Path) -> tuple[list[float], list[float]]:
    config = ServerConfig("srv", Transport.STDIO, "bench", True, sys.executable, (str(FIXTURE),))
    starts, calls = [], []
    for _ in range(STARTS):
        t = time.perf_counter()
        async with open_servers([config], cwd=cwd) as opened:
            starts.append(time.perf_counter() - t)
            add = next(tool for tool in opened.tools if tool.name == "mcp__srv__add")
            if not calls:
                for i in range(CALLS):
                    t = time.perf_counter()
                    await add.run({"a": i, "b": 1}, ToolContext(root=cwd))
                    calls.append(time.perf_counter() - t)
    return starts, calls


async def worktrees(repo: Path) -> list[float]:
    samples = []
    for i in range(MERGES):
        t = time.perf_counter()
        wt = await open_worktree(repo, "bench", i)
        (wt.root / f"f{i}.txt").write_text(f"{i}\n")
        await finish_worktree(wt, f"bench {i}")
        samples.append(time.perf_counter() - t)
    return samples


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        git(repo, "init", "-q", "-b", "main")
        git(
            repo,
            "-c",
            "user.email=b@x",
            "-c",
            "user.name=b",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "0",
        )
        git(repo, "config", "user.email", "b@x")
        git(repo, "config", "user.name", "b")
        starts, calls = asyncio.run(mcp(repo))
        merges = asyncio.run(worktrees(repo))
    body = (
        "| step | median ms | runs |\n|---|---:|---:|\n"
        f"| start a stdio MCP server (Python SDK) + list tools | {ms(starts)} | {STARTS} |\n"
        f"| one MCP tool call (McpTool → server → result) | {ms(calls)} | {CALLS} |\n"
        f"| worktree: open, change a file, commit, merge back, remove | {ms(merges)} | {MERGES} |\n"
    )
    write_section("mcp_worktree", "MCP servers and worktrees", "bench/bench_mcp_worktree.py", body)
    print(body)


if __name__ == "__main__":
    help_asked(__doc__)
    main()
