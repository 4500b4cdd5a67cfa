"""WAL frames per 3-hop chain, by the B-tree each frame's page belongs to (issue 12).

Runs ``bench_engine``'s chains against a fresh file (``--warm`` chains first, so the
B-trees have their working size), turns automatic checkpoints off, runs ``--chains`` more
and reads the WAL back: each frame's page is mapped to its table or index with ``dbstat``
(page 1 is the file header: the page count and the free-list count live there).
``--free-list`` first makes 8 MB of pages free (a pre-grown file: new pages then come from
the free list), the nearest Python's ``sqlite3`` gets to ``SQLITE_FCNTL_CHUNK_SIZE``, which
it cannot set. Prints only.

Then the distinct pages those frames hold, by B-tree: what one checkpoint of them copies
(45 chains write about one 4 MB checkpoint's worth). ``--per-commit``: the frames of each
of a chain's six COMMITs by B-tree instead (the session's start, the two blocked steps,
the two answers, its end; a hop is commits 1-4 over two), which is where a page a hop
stops touching shows (hop36).

Run: ``python bench/bench_store_frames.py [--warm 200] [--chains 50] [--free-list]
[--per-commit]``.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import sqlite3
import struct
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.join(os.environ.get("BENCH_TREE") or ".", "bench"))
sys.path.insert(0, os.environ.get("BENCH_TREE") or str(Path(__file__).resolve().parents[1]))

import bench_engine as be

HEADER, FRAME_HEADER = 32, 24


async def write(folder: Path, warm: int, chains: int, free_list: bool) -> Path:
    engine, store = be.engine(folder, be.InstantModel(be.CHAIN))
    for _ in range(warm):
        await engine.start("warm", agent="backend")
    db = store._db
    if free_list:
        db.execute("CREATE TABLE pad (b BLOB)")
        db.execute("INSERT INTO pad VALUES (zeroblob(8000000))")
        db.execute("DROP TABLE pad")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for i in range(chains):
        await engine.start(f"request {i}", agent="backend")
    return store.path  # left open: closing would checkpoint the WAL away


def frames(path: Path) -> tuple[int, int, collections.Counter[str]]:
    """(commits, page size, frames by B-tree) in the WAL beside ``path``."""
    page_size, commits = commits_of(path)
    found: collections.Counter[str] = collections.Counter()
    for commit in commits:
        found.update(commit)
    return len(commits), page_size, found


#: The COMMITs of one 3-hop chain of ``bench_engine``: the session's start, the two blocked
#: steps, the two answers, the session's end.
CHAIN_COMMITS = 6


def commits_of(path: Path) -> tuple[int, list[collections.Counter[str]]]:
    """The page size and each COMMIT in the WAL beside ``path``, in order: its frames by
    B-tree (frames after the last commit frame, uncommitted, are left out)."""
    wal = Path(f"{path}-wal").read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]  # the WAL header's page size
    db = sqlite3.connect(path)
    owner = {page: name for name, page in db.execute("SELECT name, pageno FROM dbstat")}
    owner[1] = "page 1"
    done: list[collections.Counter[str]] = []
    current: collections.Counter[str] = collections.Counter()
    offset = HEADER
    while offset + FRAME_HEADER <= len(wal):
        page, size = struct.unpack(">II", wal[offset : offset + 8])
        current[owner.get(page, "free list")] += 1
        if size:  # a commit frame: the database's size after it
            done.append(current)
            current = collections.Counter()
        offset += FRAME_HEADER + page_size
    return page_size, done


def per_commit(commits: list[collections.Counter[str]]) -> list[dict[str, float]]:
    """The mean frames by B-tree of each of a chain's :data:`CHAIN_COMMITS` COMMITs."""
    chains = len(commits) // CHAIN_COMMITS
    means = []
    for position in range(CHAIN_COMMITS):
        total: collections.Counter[str] = collections.Counter()
        for commit in commits[position : chains * CHAIN_COMMITS : CHAIN_COMMITS]:
            total.update(commit)
        means.append({name: count / chains for name, count in total.most_common()})
    return means


def pages(path: Path) -> collections.Counter[str]:
    """Distinct pages in the WAL beside ``path``, by B-tree: what a checkpoint of it copies
    (a page written by many frames is copied once)."""
    wal = Path(f"{path}-wal").read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]
    db = sqlite3.connect(path)
    owner = {page: name for name, page in db.execute("SELECT name, pageno FROM dbstat")}
    owner[1] = "page 1"
    seen: set[int] = set()
    offset = HEADER
    while offset + FRAME_HEADER <= len(wal):
        seen.add(struct.unpack(">I", wal[offset : offset + 4])[0])
        offset += FRAME_HEADER + page_size
    return collections.Counter(owner.get(page, "free list") for page in seen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warm", type=int, default=200)
    parser.add_argument("--chains", type=int, default=50)
    parser.add_argument("--free-list", action="store_true")
    parser.add_argument("--per-commit", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = asyncio.run(write(Path(tmp), args.warm, args.chains, args.free_list))
        if args.per_commit:
            for position, means in enumerate(per_commit(commits_of(path)[1])):
                rows = ", ".join(f"{name} {count:.2f}" for name, count in means.items())
                print(f"COMMIT {position}: {sum(means.values()):.2f} frames ({rows})")
            return
        commits, page_size, found = frames(path)
        distinct = pages(path)
    n = args.chains
    total = sum(found.values())
    print(f"{total / n:.1f} frames per chain, {total / max(commits, 1):.2f} per COMMIT")
    written = total * (FRAME_HEADER + page_size) / 1024
    print(f"pages of {page_size} bytes: {written / n:.1f} KiB of WAL a chain")
    for name, count in found.most_common():
        print(f"  {name}: {count / n:.2f}")
    print(f"{sum(distinct.values())} distinct pages (what a checkpoint of these {n} copies):")
    for name, count in distinct.most_common():
        print(f"  {name}: {count}")


if __name__ == "__main__":
    main()
