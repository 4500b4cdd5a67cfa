"""Cold start of the daily commands in this tree against another checkout (issue 15).

Each tree runs its own ``coord demo`` in its own HOME (a tree cannot read a database of a
newer schema), then the commands run interleaved in fresh processes; the child's CPU time
(user + system) is steadier than wall time on a shared machine.

``python bench/bench_daily_start.py BASELINE_DIR [RUNS]`` (e.g. a ``git archive`` of an
older commit unpacked into BASELINE_DIR).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cpu_ms(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    """CPU milliseconds of one fresh ``python -m coordinator ARGV`` run from ``cwd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "coordinator", *argv], cwd=cwd, capture_output=True, env=env
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{cwd}: coord {' '.join(argv)} failed: {done.stderr[-300:]!r}")
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return used * 1000


def prepare(tree: Path, home: Path) -> tuple[dict[str, str], list[list[str]]]:
    """A demo session made by ``tree`` in ``home``, and the commands to time there."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    ws = home / "ws"
    out = subprocess.run(
        [sys.executable, "-m", "coordinator", "demo", "--workspace", str(ws), "--json"],
        cwd=tree,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    sid = json.loads(out)["session"]
    commands = [
        ["--help"],
        ["route", "Створи endpoint для задач"],
        ["sessions", "--workspace", str(ws)],
        ["log", sid, "--workspace", str(ws)],
    ]
    return env, commands


def main() -> None:
    baseline = Path(sys.argv[1]).resolve()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    trees = {"baseline": baseline, "this tree": ROOT}
    scratch = Path(tempfile.mkdtemp(prefix="coord-daily-start-"))
    try:
        setups = {name: prepare(tree, scratch / name) for name, tree in trees.items()}
        labels = [c[0] for c in setups["this tree"][1]]
        times: dict[str, dict[str, list[float]]] = {
            label: {n: [] for n in trees} for label in labels
        }
        for _ in range(runs):
            for index, label in enumerate(labels):
                for name, tree in trees.items():
                    env, commands = setups[name]
                    times[label][name].append(cpu_ms(commands[index], tree, env))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("| command | baseline CPU ms, median (min) | this tree |")
    print("|---|---:|---:|")
    for label in labels:
        cells = [f"{statistics.median(v):.0f} ({min(v):.0f})" for v in times[label].values()]
        print(f"| `coord {label}` | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
