"""Timing CLI processes of this tree and, with ``--baseline DIR``, of another copy of it.

A tree is a folder holding ``coordinator/`` and ``protocols/`` (e.g. ``git archive main``
extracted to /tmp): ``python -m coordinator`` run with that folder as its working
directory imports that copy, so one run of a bench measures before and after side by side.
CPU time (user + system of the child) is reported beside wall time: on a shared, loaded
machine it is the steadier of the two.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
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
    """``{"baseline": DIR, "this tree": ROOT}`` (the baseline only when given), each
    compiled to bytecode first, as ``pip install`` leaves a package: where Python writes no
    bytecode (``PYTHONDONTWRITEBYTECODE``, a read-only tree), every fresh process would
    otherwise time the compiler, not the command."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=Path, help="another tree to time first")
    args = parser.parse_args(argv)
    found: dict[str, Path] = {}
    if args.baseline is not None:
        found["baseline"] = args.baseline.resolve()
    found["this tree"] = ROOT
    for tree in found.values():
        for package in ("coordinator", "protocols"):
            compileall.compile_dir(tree / package, quiet=1)
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


def serve_child(
    script: Path, tree: Path, extra: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """Start ``script --serve`` for ``tree`` (``BENCH_TREE``, and ``extra`` in its
    environment) and wait for its "ready" line."""
    env = {**os.environ, **(extra or {}), "BENCH_TREE": str(tree)}
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


def compare_hops(
    script: Path,
    baseline: Path,
    rounds: int,
    sessions: int,
    prefix: str,
    label: str,
    baseline_env: dict[str, str] | None = None,
) -> None:
    """Paired, interleaved rounds of ``script``'s served children, one per tree: 3-hop chains
    and one-call sessions (kinds ``PREFIX + "chain"``/``"single"``); prints each tree's
    medians per model call and per delegation hop and the median of the pairwise ratios.
    ``baseline_env``: more environment for the baseline's child only (the baseline may be
    this tree itself, measured another way)."""
    trees = {"baseline": baseline.resolve(), "this tree": script.parents[1]}
    procs = {
        name: serve_child(script, tree, baseline_env if name == "baseline" else None)
        for name, tree in trees.items()
    }
    per: dict[str, dict[str, list[float]]] = {k: {"call": [], "hop": []} for k in trees}
    ratios: dict[str, list[float]] = {"call": [], "hop": []}
    for r in range(rounds):
        order = list(trees) if r % 2 == 0 else list(reversed(trees))
        got = {}
        for name in order:
            chain = ask_child(procs[name], prefix + "chain", sessions)
            single = ask_child(procs[name], prefix + "single", sessions)
            got[name] = {"call": chain / 5 * 1e6, "hop": (chain - single) / 2 * 1e6}
        for what in ("call", "hop"):
            for name in trees:
                per[name][what].append(got[name][what])
            ratios[what].append(got["this tree"][what] / got["baseline"][what])
    for proc in procs.values():
        proc.terminate()
        proc.wait()
    for name in trees:
        call, hop = (statistics.median(per[name][w]) for w in ("call", "hop"))
        print(f"{name}: {call:,.0f} µs per model call, {hop:,.0f} µs per hop ({label})")
    call, hop = (statistics.median(ratios[w]) for w in ("call", "hop"))
    print(f"ratio (median of pairs): call {call:.3f}, hop {hop:.3f}")
    print(f"load average: {[f'{x:.2f}' for x in os.getloadavg()]}")


def serve_or_compare(
    serve: Callable[[], None],
    compare: Callable[[Path, int, int], None],
    *,
    rounds: int,
    sessions: int,
) -> None:
    """The main of a bench whose child process is the script itself: ``--serve`` is the
    child; otherwise ``compare(BASELINE, --rounds, --sessions)``."""
    if "--serve" in sys.argv:
        serve()
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("baseline", type=Path)
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--sessions", type=int, default=sessions)
    args = parser.parse_args()
    compare(args.baseline, args.rounds, args.sessions)
