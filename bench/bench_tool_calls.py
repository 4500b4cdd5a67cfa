"""What one tool call costs: a sandboxed Bash ``true`` (in a plain folder, in a git
repository of 2,000 files, and in a ``node_modules`` of 20,000 folders), a Grep and a Glob
over that repository, and a confined
(workspace) hook ``true``. Milliseconds of wall time per call (median, and minimum, of
rounds taken in turn), and CPU milliseconds per call of coord and of its children
together (``getrusage``: what the host pays, whatever else runs).

Run from the repository root: ``python bench/bench_tool_calls.py [label]``; the section
is written to bench/RESULTS.md only with ``--write``. Note ``uptime``: other work on the
machine moves the wall times, less the CPU ones.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import help_asked, write_section  # noqa: E402
from coordinator.config import Settings  # noqa: E402
from coordinator.runtime.extras import confiner  # noqa: E402
from coordinator.runtime.hook_run import HookEnv, run_hook  # noqa: E402
from coordinator.runtime.hooks import Hook, HookEvent, HookSource  # noqa: E402
from coordinator.tools.base import ToolContext  # noqa: E402
from coordinator.tools.sandbox import BashSandbox  # noqa: E402
from coordinator.tools.toolset import build_toolset  # noqa: E402

ROUNDS, PER_ROUND = 5, 8
FILES = 2000
#: Packages x folders a package of the big tree (a node_modules: 20,000 folders, a file each).
PACKAGES, PACKAGE_FOLDERS = 400, 50


def cpu_ms() -> float:
    """CPU seconds (user + system) of this process and its reaped children, in ms."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return (own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime) * 1000


def make_repo(folder: Path) -> Path:
    """A git repository of :data:`FILES` small Python files, committed."""
    for i in range(FILES):
        sub = folder / f"pkg{i % 40}"
        sub.mkdir(exist_ok=True)
        (sub / f"mod{i}.py").write_text(f"def f{i}():\n    return {i}\n", encoding="utf-8")
    run = {"cwd": folder, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q"], **run)  # type: ignore[call-overload]
    subprocess.run(["git", "add", "-A"], **run)  # type: ignore[call-overload]
    subprocess.run(
        ["git", "-c", "user.email=b@b", "-c", "user.name=b", "commit", "-qm", "files"], **run
    )  # type: ignore[call-overload]
    return folder


def make_big_tree(folder: Path) -> Path:
    """A ``node_modules`` of :data:`PACKAGES` packages of :data:`PACKAGE_FOLDERS` folders,
    a small file in each (20,000 folders), in ``folder``."""
    for package in range(PACKAGES):
        for i in range(PACKAGE_FOLDERS):
            sub = folder / "node_modules" / f"pkg{package}" / ("lib" if i % 2 else "dist") / f"d{i}"
            sub.mkdir(parents=True)
            (sub / "index.js").write_text("module.exports = 1;\n", encoding="utf-8")
    return folder


Call = Callable[[], Awaitable[object]]


def calls(plain: Path, repo: Path, big: Path) -> dict[str, Call]:
    toolset = build_toolset(None)
    sandbox = BashSandbox()

    def tool(name: str, args: dict[str, object], root: Path) -> Call:
        ctx = ToolContext(root=root, allow_bash=True, sandbox=sandbox)

        async def call() -> object:
            result = await toolset.execute(name, args, ctx)
            if result.is_error:
                raise SystemExit(f"{name} failed: {result.content}")
            return result

        return call

    confine, _ = confiner(Settings(allow_bash=True))
    hook = Hook(HookEvent.PRE_TOOL_USE, "", "true", 60, HookSource.USER, plain, True)
    payload = {"hook_event_name": "PreToolUse", "tool_name": "Write", "tool_input": {}}

    async def hooked() -> object:
        return await run_hook(hook, payload, HookEnv(plain, confine=confine))

    return {
        "Bash `true`, plain folder": tool("Bash", {"command": "true"}, plain),
        "Bash `true`, 2,000-file repository": tool("Bash", {"command": "true"}, repo),
        "Bash `true`, 20,000 folders (node_modules)": tool("Bash", {"command": "true"}, big),
        "Grep `return 7`, 2,000 files": tool("Grep", {"pattern": "return 7"}, repo),
        "Glob `**/mod1*.py`, 2,000 files": tool("Glob", {"pattern": "**/mod1*.py"}, repo),
        "Grep `def f1`, one file": tool("Grep", {"pattern": "def f1", "path": "pkg1"}, repo),
        "confined hook `true`": hooked,
    }


async def measure(named: dict[str, Call]) -> dict[str, tuple[list[float], list[float]]]:
    """Per call: wall ms of each call, CPU ms per call of each round; rounds in turn."""
    found: dict[str, tuple[list[float], list[float]]] = {n: ([], []) for n in named}
    for call in named.values():
        await call()  # warm up
    for _ in range(ROUNDS):
        for name, call in named.items():
            walls, cpus = found[name]
            cpu = cpu_ms()
            for _ in range(PER_ROUND):
                started = time.perf_counter()
                await call()
                walls.append((time.perf_counter() - started) * 1000)
            cpus.append((cpu_ms() - cpu) / PER_ROUND)
    return found


def main() -> None:
    label = next((a for a in sys.argv[1:] if not a.startswith("--")), "this tree")
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    with tempfile.TemporaryDirectory(prefix="bench-tools-") as tmp:
        plain, repo, big = Path(tmp) / "plain", Path(tmp) / "repo", Path(tmp) / "big"
        for folder in (plain, repo, big):
            folder.mkdir()
        named = calls(plain, make_repo(repo), make_big_tree(big))
        if "--only-big" in sys.argv:
            named = {name: call for name, call in named.items() if "20,000" in name}
        found = asyncio.run(measure(named))
    rows = [
        f"| {name} | {statistics.median(w):.1f} | {min(w):.1f} | {statistics.median(c):.1f} |"
        for name, (w, c) in found.items()
    ]
    body = "\n".join(
        [
            f"{label}; {ROUNDS} rounds x {PER_ROUND} calls, in turn; "
            f"load: {load.split('load average:')[-1].strip()}",
            "",
            "| call | median ms | min ms | CPU ms a call (coord + children) |",
            "|---|---:|---:|---:|",
            *rows,
        ]
    )
    print(body)
    if "--write" in sys.argv:
        write_section("tool-calls", "Tool call cost", "bench/bench_tool_calls.py", body)


if __name__ == "__main__":
    help_asked(__doc__)
    main()
