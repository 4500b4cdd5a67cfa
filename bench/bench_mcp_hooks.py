"""mcp_tool hook throughput: calls per second of one mcp_tool hook (the test fixture
server's ``reply`` tool over stdio, the official SDK), run one after another as a run's
PreToolUse hooks are, the server started lazily and kept for the run (closed at its end).

Run from the repository root: ``python bench/bench_mcp_hooks.py``.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import help_asked, write_section  # noqa: E402
from coordinator.runtime.hook_mcp import HookServers  # noqa: E402
from coordinator.runtime.hook_run import HookEnv, run_hook  # noqa: E402
from coordinator.runtime.hooks import Hook, HookEvent, HookSource  # noqa: E402

CALLS = 40
ROUNDS = 3
SERVER = ROOT / "tests" / "mcp_hook_server.py"
PAYLOAD = {"hook_event_name": "PreToolUse", "tool_name": "Write", "tool_input": {}}


async def rate(ws: Path, home: Path) -> float:
    """Calls per second of ``CALLS`` mcp_tool hook runs (the first one's start included)."""
    env = HookEnv(ws, mcp=HookServers(home=home))
    hook = Hook(
        HookEvent.PRE_TOOL_USE, "", "", 60, HookSource.USER, home / ".claude/settings.json",
        False, kind="mcp_tool", server="guard", tool="reply", mcp_input='{"text": "ok"}',
    )  # fmt: skip
    started = time.perf_counter()
    try:
        for _ in range(CALLS):
            run = await run_hook(hook, PAYLOAD, env)
            if run.outcome != "ok":
                raise SystemExit(f"hook did not run: {run.outcome} {run.stderr}")
    finally:
        close = getattr(env.mcp, "close", None)
        if close is not None:
            await close()
    return CALLS / (time.perf_counter() - started)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws, home = Path(tmp) / "ws", Path(tmp) / "home"
        ws.mkdir()
        (home / ".claude").mkdir(parents=True)
        server = {"command": sys.executable, "args": [str(SERVER)]}
        (home / ".claude.json").write_text(json.dumps({"mcpServers": {"guard": server}}))
        rates = [asyncio.run(rate(ws, home)) for _ in range(ROUNDS)]
    body = "\n".join(
        [
            f"{CALLS} mcp_tool hook calls in a row (stdio server, `reply`), {ROUNDS} rounds.",
            "",
            "| calls/s (median) | min | max |",
            "|---:|---:|---:|",
            f"| {statistics.median(rates):.1f} | {min(rates):.1f} | {max(rates):.1f} |",
        ]
    )
    print(body)
    write_section("mcp_hooks", "mcp_tool hook throughput", "bench/bench_mcp_hooks.py", body)


if __name__ == "__main__":
    help_asked(__doc__)
    main()
