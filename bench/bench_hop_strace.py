"""System calls per delegation hop, by ``strace -f -c`` (issue 12; hop34 counted them by hand).

Four processes of the tree (``BENCH_TREE``, as in ``bench_engine.py``), each under
``strace -f -c``: 20 unmeasured sessions of the instant double on a fresh file, then ``N``
more or none, of 3-hop chains and of one-call sessions. A hop's calls are
``((chain N - chain 0) - (single N - single 0)) / (2 N)``: what starting a process, opening
the file and the warm-up cost cancels, and so does what a session's start and end cost. The
kernel's part of a hop lives here (callgrind counts none of it): two ``pwrite64`` a WAL
frame (its header, then the page), the WAL's locks (``fcntl``), the checkpoints' reads
(``pread64``) and syncs.

Run: ``python bench/bench_hop_strace.py [--sessions 50]``. Prints only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve()
#: The calls printed first (the rest follow, most frequent first).
NAMED = ("pwrite64", "fcntl", "pread64", "fdatasync", "fsync")
WARM = 20


def counts(text: str) -> dict[str, int]:
    """Calls by system call name in ``strace -c`` output (``% time  seconds  usecs/call
    calls  [errors]  syscall``; the header, rules and total left out)."""
    found: dict[str, int] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 5 or not parts[3].isdigit() or parts[-1] == "total":
            continue
        found[parts[-1]] = int(parts[3])
    return found


def per_hop(
    chain: tuple[dict[str, int], dict[str, int]],
    single: tuple[dict[str, int], dict[str, int]],
    sessions: int,
) -> dict[str, float]:
    """Calls a hop from the four counts (each pair: without, then with ``sessions`` more)."""
    names = set().union(*chain, *single)
    hop = {}
    for name in names:
        more = chain[1].get(name, 0) - chain[0].get(name, 0)
        less = single[1].get(name, 0) - single[0].get(name, 0)
        hop[name] = (more - less) / (2 * sessions)
    return hop


def child(kind: str, sessions: int) -> None:
    """Run ``WARM + sessions`` sessions of ``kind`` on a fresh file (the measured process)."""
    sys.path.insert(0, str(HERE.parent))
    import bench_engine as be

    turns = be.CHAIN if kind == "chain" else be.SINGLE

    async def run(folder: Path) -> None:
        engine, store = be.engine(folder, be.InstantModel(turns))
        for i in range(WARM + sessions):
            await engine.start(f"request {i}", agent="backend")
        store.close()

    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(Path(tmp)))


def traced(kind: str, sessions: int) -> dict[str, int]:
    """The calls of one child process (``strace -f -c``), by name."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "strace.txt"
        command = ["strace", "-f", "-c", "-o", str(out), sys.executable, str(HERE)]
        subprocess.run([*command, "--child", kind, str(sessions)], check=True)
        return counts(out.read_text())


def measure(sessions: int) -> dict[str, float]:
    """Calls a hop of the tree this runs in."""
    chain = (traced("chain", 0), traced("chain", sessions))
    single = (traced("single", 0), traced("single", sessions))
    return per_hop(chain, single, sessions)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    hop = measure(args.sessions)
    rest = sorted((n for n in hop if n not in NAMED), key=lambda n: -abs(hop[n]))
    for name in [*NAMED, *rest]:
        if abs(hop.get(name, 0.0)) >= 0.01:
            print(f"{name}: {hop[name]:.2f}")
    print(f"all: {sum(hop.values()):.2f} calls a hop")


if __name__ == "__main__":
    sys.path.insert(0, os.environ.get("BENCH_TREE") or str(HERE.parents[1]))
    main()
