"""Hook overhead: milliseconds per hook run (a ``true`` command), as the user's own hook
(``bash -c``) and as a workspace hook in the Bash sandbox (bubblewrap), median of runs.

Run from the repository root: ``python bench/bench_hooks.py``.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import help_asked, write_section  # noqa: E402
from coordinator.config import Settings  # noqa: E402
from coordinator.runtime.extras import confiner  # noqa: E402
from coordinator.runtime.hook_run import HookEnv, run_hook  # noqa: E402
from coordinator.runtime.hooks import Hook, HookEvent, HookSource  # noqa: E402

RUNS = 40
PAYLOAD = {"hook_event_name": "PreToolUse", "tool_name": "Write", "tool_input": {}}


async def timings(ws: Path, confined: bool) -> list[float]:
    confine, _ = confiner(Settings(allow_bash=True)) if confined else (None, "")
    env = HookEnv(ws, confine=confine)
    hook = Hook(HookEvent.PRE_TOOL_USE, "", "true", 60, HookSource.USER, ws, confined)
    await run_hook(hook, PAYLOAD, env)  # warm up
    found = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run = await run_hook(hook, PAYLOAD, env)
        found.append((time.perf_counter() - started) * 1000)
        if run.outcome != "ok":
            raise SystemExit(f"hook did not run: {run.outcome} {run.stderr}")
    return found


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        kinds = [("user hook (bash -c)", False)]
        if shutil.which("bwrap"):
            kinds.append(("workspace hook (bubblewrap sandbox)", True))
        for label, confined in kinds:
            ms = asyncio.run(timings(Path(tmp), confined))
            p90 = statistics.quantiles(ms, n=10)[-1]
            rows.append(f"| {label} | {statistics.median(ms):.1f} | {p90:.1f} |")
    body = "\n".join(
        [
            f"{RUNS} runs of a `true` hook with a PreToolUse payload on stdin.",
            "",
            "| hook | median ms | p90 ms |",
            "|---|---:|---:|",
            *rows,
        ]
    )
    print(body)
    write_section("hooks", "Hook overhead", "bench/bench_hooks.py", body)


if __name__ == "__main__":
    help_asked(__doc__)
    main()
