"""What following a Bash command's file changes costs (audit47): the snapshot before it and
the comparison after it (:mod:`coordinator.tools.changes`), beside the Bash call itself.

``make FOLDER``: four workspaces, ``git1k`` (a git repository of 1,000 committed files in
50 folders, committed a second after they were written: none "racily clean"), ``plain1k``
(the same files, no git), ``gitpnpm`` (``git1k`` with a pnpm-like ``node_modules`` of
20,000 files, ignored) and ``plainpnpm`` (that, no git: past
:data:`~coordinator.tools.changes.MAX_FILES`, not followed).

``time FOLDER [REPS]``: per workspace, the median CPU time (user + system, this process and
its children: git) and wall time of one ``snapshot`` + ``compared``, and of one sandboxed
``BashTool`` call of ``true`` with them and with them left out (both in this process).

``once WS``: one ``snapshot`` + ``compared`` of ``WS``, to run under callgrind
(``PYTHONHASHSEED=0``, ``--trace-children=yes``: git's instructions too); ``none WS``: the
imports only, to subtract. Results: RESULTS.md, "audit47".
"""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coordinator.tools import changes, shell
from coordinator.tools.base import ToolContext
from coordinator.tools.shell import BashTool

WORKSPACES = ("git1k", "plain1k", "gitpnpm", "plainpnpm")


def _files(ws: Path, count: int, folders: int) -> None:
    for n in range(count):
        folder = ws / "src" / f"pkg{n % folders}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"mod{n}.py").write_text(f"x = {n}\n", encoding="utf-8")


def _pnpm(ws: Path, count: int) -> None:
    """``node_modules/.pnpm/pkgN@1.0.0/node_modules/pkgN/`` with 10 files each."""
    for n in range(count // 10):
        pkg = ws / "node_modules" / ".pnpm" / f"pkg{n}@1.0.0" / "node_modules" / f"pkg{n}"
        (pkg / "lib").mkdir(parents=True)
        for k in range(10):
            (pkg / ("lib" if k % 2 else "") / f"f{k}.js").write_text("//\n", encoding="utf-8")


def _git(ws: Path, *args: str) -> None:
    identity = ("-c", "user.name=b", "-c", "user.email=b@example.com")
    subprocess.run(["git", *identity, *args], cwd=ws, check=True, capture_output=True)


def make(folder: Path) -> None:
    """The four workspaces under ``folder``."""
    for name in WORKSPACES:
        ws = folder / name
        _files(ws, 1000, 50)
        if name.endswith("pnpm"):
            _pnpm(ws, 20_000)
        if name.startswith("git"):
            (ws / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
            time.sleep(1.1)  # (an index no older than its files: git hashes them all again)
            _git(ws, "init", "-q")
            _git(ws, "add", "-A")
            _git(ws, "commit", "-qm", "start")


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _median(step: Callable[[], object], reps: int) -> tuple[float, float]:
    """Median CPU and wall milliseconds of ``step``."""
    cpu, wall = [], []
    for _ in range(reps):
        c, w = _cpu(), time.perf_counter()
        step()
        cpu.append((_cpu() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return statistics.median(cpu), statistics.median(wall)


def _follow(ws: Path, forget: bool = False) -> changes.Changed:
    """One snapshot and comparison (``forget``: a workspace found too big walked again)."""
    if forget:
        changes._OVER.clear()
    return changes.compared(changes.snapshot(ws))


def _bash(ws: Path, follow: bool, forget: bool) -> Callable[[], object]:
    ctx = ToolContext(ws.resolve(), allow_bash=True)
    keep = (shell.snapshot, shell.compared)

    def step() -> object:
        if forget:
            changes._OVER.clear()
        if not follow:  # (the call as START ran it: nothing taken, nothing compared)
            shell.snapshot = lambda root: changes.Snapshot(root, False, {}, "off")  # type: ignore[assignment]
            shell.compared = lambda before: changes.Changed(unfollowed="off")  # type: ignore[assignment]
        try:
            return asyncio.run(BashTool().run({"command": "true"}, ctx))
        finally:
            shell.snapshot, shell.compared = keep

    return step


def time_all(folder: Path, reps: int) -> None:
    """Print the medians per workspace (``plainpnpm, first look``: walked each time, as a
    workspace found too big is after :data:`~coordinator.tools.changes.OVER_FOR_S`)."""
    print("| workspace | follow: CPU ms (wall) | Bash `true` without: CPU ms (wall) | with |")
    print("|---|---:|---:|---:|")
    for name in (*WORKSPACES, "plainpnpm, first look"):
        ws, forget = folder / name.split(",")[0], name.endswith("first look")
        found = _follow(ws, forget)
        cpu, wall = _median(lambda ws=ws, f=forget: _follow(ws, f), reps)
        without = _median(_bash(ws, False, forget), reps)
        with_ = _median(_bash(ws, True, forget), reps)
        note = f" ({found.unfollowed})" if found.unfollowed else ""
        print(
            f"| {name}{note} | {cpu:.1f} ({wall:.1f}) | {without[0]:.1f} ({without[1]:.1f}) "
            f"| {with_[0]:.1f} ({with_[1]:.1f}) |"
        )


if __name__ == "__main__":
    command, where = sys.argv[1], Path(sys.argv[2])
    if command == "make":
        make(where)
    elif command == "time":
        time_all(where, int(sys.argv[3]) if len(sys.argv) > 3 else 31)
    elif command == "once":
        os.chdir(where)
        _follow(where)
    # (``none``: the imports only)
