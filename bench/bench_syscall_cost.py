"""What the kernel's part of a hop costs: system CPU of the calls SQLite makes (hop42).

``bench_hop_strace.py`` counts a hop's calls; callgrind counts none of their kernel time.
This times the same calls alone, as SQLite makes them in WAL mode: a frame is two
``pwrite64`` (its 24-byte header, then a 2 KiB page) appended to a log that restarts at
4 MB (as after a checkpoint), a WAL lock is a one-byte ``fcntl`` lock and its unlock, a
read is one ``pread64`` of a page (a checkpoint's), and 16 random bytes one ``getrandom``.
System CPU from ``getrusage`` (user CPU beside it: the Python loop's own).

Run: ``python bench/bench_syscall_cost.py [--calls 50000]``. Prints only.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import resource
import tempfile
from collections.abc import Callable
from pathlib import Path

PAGE, HEADER, WAL_BYTES = 2048, 24, 4 << 20


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime, own.ru_stime


def _timed(calls: int, one: Callable[[int], None]) -> tuple[float, float]:
    """(user, system) µs per call of ``one(i)``."""
    start = _cpu()
    for i in range(calls):
        one(i)
    end = _cpu()
    return ((end[0] - start[0]) / calls * 1e6, (end[1] - start[1]) / calls * 1e6)


def measure(folder: Path, calls: int) -> dict[str, tuple[float, float]]:
    """(user, system) µs of a WAL frame's writes, a lock taken and released, a page read and
    16 random bytes."""
    log = os.open(folder / "wal", os.O_RDWR | os.O_CREAT)
    shm = os.open(folder / "shm", os.O_RDWR | os.O_CREAT)
    page, header = b"p" * PAGE, b"h" * HEADER
    frames = WAL_BYTES // (PAGE + HEADER)

    def frame(i: int) -> None:
        at = (i % frames) * (PAGE + HEADER)
        os.pwrite(log, header, at)
        os.pwrite(log, page, at + HEADER)

    def lock(_: int) -> None:
        fcntl.lockf(shm, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 124)
        fcntl.lockf(shm, fcntl.LOCK_UN, 1, 124)

    def read(i: int) -> None:
        os.pread(log, PAGE, (i % frames) * (PAGE + HEADER) + HEADER)

    try:
        return {
            "frame (2 pwrite64)": _timed(calls, frame),
            "lock + unlock (2 fcntl)": _timed(calls, lock),
            "page read (pread64)": _timed(calls, read),
            "getrandom(16)": _timed(calls, lambda _: os.urandom(16)),
        }
    finally:
        os.close(log)
        os.close(shm)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            for name, (user, system) in measure(Path(tmp), args.calls).items():
                print(f"{name}: system {system:.2f} µs, user {user:.2f} µs")


if __name__ == "__main__":
    main()
