"""Timing CLI processes of this tree and, with ``--baseline DIR``, of another copy of it.

A tree is a folder holding ``coordinator/`` and ``protocols/`` (e.g. ``git archive main``
extracted to /tmp): ``python -m coordinator`` run with that folder as its working
directory imports that copy, so one run of a bench measures before and after side by side.
CPU time (user + system of the child) is reported beside wall time: on a shared, loaded
machine it is the steadier of the two.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Timing:
    """Medians over fresh processes, in ms, and the last exit code and output size."""

    wall_ms: float
    cpu_ms: float
    code: int
    out_bytes: int


def trees(argv: list[str] | None = None) -> dict[str, Path]:
    """``{"baseline": DIR, "this tree": ROOT}`` (the baseline only when given)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=Path, help="another tree to time first")
    args = parser.parse_args(argv)
    found: dict[str, Path] = {}
    if args.baseline is not None:
        found["baseline"] = args.baseline.resolve()
    found["this tree"] = ROOT
    return found


def time_process(
    argv: list[str], cwd: Path, runs: int, env: dict[str, str] | None = None
) -> Timing:
    """Run ``python ARGV`` ``runs`` times in ``cwd`` (with ``env`` added to this process's
    environment); median wall and CPU time."""
    walls, cpus, code, size = [], [], 0, 0
    full_env = {**os.environ, **env} if env else None
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, *argv], cwd=cwd, capture_output=True, check=False, env=full_env
        )
        walls.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        code, size = proc.returncode, len(proc.stdout)
    return Timing(statistics.median(walls), statistics.median(cpus), code, size)


def median_timing(samples: list[Timing]) -> Timing:
    """One Timing from single runs: median wall and CPU, the last exit code and size."""
    return Timing(
        statistics.median(t.wall_ms for t in samples),
        statistics.median(t.cpu_ms for t in samples),
        samples[-1].code,
        samples[-1].out_bytes,
    )


def serve_child(script: Path, tree: Path) -> subprocess.Popen[str]:
    """Start ``script --serve`` for ``tree`` (``BENCH_TREE``) and wait for its "ready" line."""
    env = {**os.environ, "BENCH_TREE": str(tree)}
    proc = subprocess.Popen(
        [sys.executable, str(script), "--serve"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if proc.stdout is None or proc.stdout.readline().strip() != "ready":
        raise RuntimeError(f"the bench process for {tree} did not start")
    return proc


def ask_child(proc: subprocess.Popen[str], kind: str, n: int) -> float:
    """Ask a served child for ``n`` sessions of ``kind``: its CPU seconds per session."""
    if proc.stdin is None or proc.stdout is None:
        raise RuntimeError("the bench process has no pipes")
    proc.stdin.write(f"{kind} {n}\n")
    proc.stdin.flush()
    return float(json.loads(proc.stdout.readline()))
