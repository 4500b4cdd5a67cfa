"""Candidate write shapes of the durable hop, measured by replaying its SQL (issue 12, hop29).

Records the statements (SQL and parameters) the store runs for one warm 3-hop chain of the
instant double, then replays them on a real SQLite file made by this tree's ``Store``
(same schema, 2 KiB pages, WAL, ``synchronous = NORMAL``, foreign keys on, checkpoints at
4 MB), each session with its own ids: no engine and no store Python. A *variant* changes
the file's layout (DDL), the connection's settings or the statements themselves. A "hop" is
(a chain - its first and last transactions alone) / 2, as ``bench_hop_ab.py``'s
(chain - single) / 2: a delegation's two steps (the blocked run's turn; the answer with the
resume), plus whatever a variant defers to the session's end. Many variants are **not
shippable** (an index readers need, foreign keys off, an exclusive lock): they bound what a
real change of that piece could buy. The Python a variant would add (encoding a journal's
entries, keeping ids in memory) is not in the replay.

Run: ``python bench/bench_hop_replay.py time [--rounds 30] [--sessions 200] VARIANT ...``
(CPU; the first variant is the reference; each round runs every variant once on a fresh
file, order reversed every other round; medians and median paired ratios: noisy on a
shared machine), ``python bench/bench_hop_replay.py frames VARIANT ...`` (WAL frames a hop
by B-tree, checkpoints off), and ``valgrind --tool=callgrind
--toggle-collect=pysqlite_cursor_execute python bench/bench_hop_replay.py count --sessions
N VARIANT [--ends]`` (instructions inside ``cursor.execute``; a hop = (the run without
``--ends`` - the run with it) / 2N). ``strace -f -c`` of the two ``count`` runs gives the
system calls a hop the same way. Prints only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_engine as be
import bench_store_frames

Stmt = tuple[str, Any]
NO, PACKED_RUN, PACKED_DELEGATION = object(), object(), object()  # bound at replay
WARM = 60  # chains before measuring: ~2,600 WAL frames, past the first checkpoint
PACK = 20  # a clustered id: session number << PACK | the session's k-th row


@dataclass
class Chain:
    """One recorded chain: its transactions and the ids the recording gave."""

    txns: list[list[tuple[str, Any]]]
    session: str
    runs: list[int]
    delegations: list[int]
    template: Path


class _Recorder:
    def __init__(self, cursor: sqlite3.Cursor, log: list[tuple[str, Any, int | None]]):
        self.cursor, self.log = cursor, log

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        result = self.cursor.execute(sql, params)
        self.log.append((sql, params, self.cursor.lastrowid))
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)


async def _record(folder: Path) -> Chain:
    engine, store = be.engine(folder, be.InstantModel(be.CHAIN))
    for _ in range(5):
        await engine.start("warm", agent="backend")
    log: list[tuple[str, Any, int | None]] = []
    real = store._cursor
    store._cursor = _Recorder(real, log)  # type: ignore[assignment]
    await engine.start("request 7", agent="backend")
    store._cursor = real
    store.close()
    txns: list[list[tuple[str, Any]]] = []
    for sql, params, _ in log:
        if sql.startswith("BEGIN"):
            txns.append([])
        txns[-1].append((sql, params))
    first = next(p for s, p, _ in log if s.startswith("INSERT INTO sessions"))
    ids = {
        kind: [r for s, _, r in log if s.startswith(f"INSERT INTO {kind}")]
        for kind in ("runs", "delegations")
    }
    template = folder / "template.db"
    shutil.copy(folder / "bench.db", template)
    return Chain(txns, first[0], ids["runs"], ids["delegations"], template)  # type: ignore[arg-type]


def record(folder: Path) -> Chain:
    """Record one warm chain of this tree's engine and store; the file is the template."""
    return asyncio.run(_record(folder))


@dataclass
class Variant:
    """A write shape: DDL on the template, settings, and a rewrite of each statement."""

    name: str = "base"
    ddl: tuple[str, ...] = ()
    pragmas: tuple[str, ...] = ()
    rewrites: list[Callable[[list[Stmt]], list[Stmt]]] = field(default_factory=list)
    clustered: bool = False  # run and delegation ids packed with the session's number
    none_adapter: bool = False  # None bound through a registered adapter (no lookup miss)

    def rewrite(self, txn: list[Stmt]) -> list[Stmt]:
        for change in self.rewrites:
            txn = change(txn)
        return txn


def _no_pragma(txn: list[Stmt]) -> list[Stmt]:
    return [s for s in txn if not s[0].startswith("PRAGMA")]


_SUB = "(SELECT no FROM sessions WHERE id = ?1)"


def _literal_no(txn: list[Stmt]) -> list[Stmt]:
    """The session's number bound instead of a sub-select by its id."""
    out = []
    for sql, p in txn:
        if _SUB in sql:
            sql, p = sql.replace(_SUB, f"?{len(p) + 1}"), (*p, NO)
        elif _SUB.replace("?1", "?") in sql:
            sql, p = sql.replace(_SUB.replace("?1", "?"), "?"), (NO, *p[1:])
        out.append((sql, p))
    return out


def _merge_run_updates(txn: list[Stmt]) -> list[Stmt]:
    """Step 2's two ``UPDATE runs`` (the answering run's turn, the resumed run's status) as
    one statement, by ``CASE id``."""
    big = [i for i, (s, _) in enumerate(txn) if s.startswith("UPDATE runs SET turns")]
    small = [i for i, (s, _) in enumerate(txn) if s.startswith("UPDATE runs SET status")]
    if not (big and small):
        return txn
    sql, p = txn[big[0]]
    q = txn[small[0]][1]
    names = [
        c.split(" = ")[0] for c in sql[len("UPDATE runs SET ") : sql.index(" WHERE")].split(", ")
    ]
    sets, args = [], [p[-1], q[-1]]
    for i, name in enumerate(names):
        if name == "status":
            sets.append(f"status = CASE id WHEN ?1 THEN ?{len(args) + 1} ELSE ?{len(args) + 2} END")
            args += [p[i], q[0]]
        else:
            sets.append(f"{name} = CASE id WHEN ?1 THEN ?{len(args) + 1} ELSE {name} END")
            args.append(p[i])
    merged = (f"UPDATE runs SET {', '.join(sets)} WHERE id IN (?1, ?2)", tuple(args))
    out = [s for i, s in enumerate(txn) if i not in (big[0], small[0])]
    out.insert(big[0], merged)
    return out


def _packed_ids(bound: bool) -> Callable[[list[Stmt]], list[Stmt]]:
    """Runs and delegations inserted with ids packing the session's number: a session's rows
    share pages and are one rowid range (no by-session index needed). ``bound``: the id
    is a parameter (the store would keep the next one in memory); else SQL finds it."""

    def change(txn: list[Stmt]) -> list[Stmt]:
        out = []
        for sql, p in txn:
            for table, marker in (("runs", PACKED_RUN), ("delegations", PACKED_DELEGATION)):
                head = f"INSERT INTO {table} (session_id, "
                if sql.startswith(head):
                    n = f"?{len(p) + 1}"  # the next parameter: the id, or the session's number
                    found = (
                        f"(SELECT COALESCE(MAX(id) + 1, {n} << {PACK}) FROM {table}"
                        f" WHERE id >= {n} << {PACK} AND id < ({n} + 1) << {PACK})"
                    )
                    value = n if bound else found
                    sql = f"INSERT INTO {table} (id, session_id, " + sql[len(head) :].replace(
                        "VALUES (?1, ", f"VALUES ({value}, ?1, "
                    )
                    p = (*p, marker if bound else NO)
            out.append((sql, p))
        return out

    return change


def _halved(txn: list[Stmt]) -> list[Stmt]:
    """Bound for compaction: a step row's two JSON texts half as long (not valid JSON)."""
    out = []
    for sql, p in txn:
        if sql.startswith("INSERT INTO event_log"):
            p = (p[0], p[1], p[2][: len(p[2]) // 2], p[3], p[4][: len(p[4]) // 2])
        out.append((sql, p))
    return out


def _journal(txn: list[Stmt]) -> list[Stmt]:
    """Bound for a step journal (store6's shape): a transaction's run, delegation and
    session changes ride in its step row as JSON (column ``ops``), nothing else is
    written; applying them to ``runs`` and ``delegations`` later is not counted, nor is
    encoding them (its cost: ``ops`` of the ``count`` command's output)."""
    step = [i for i, (s, _) in enumerate(txn) if s.startswith("INSERT INTO event_log")]
    if not step:
        return txn
    ops = [
        [sql.split(" (")[0].split(" SET")[0], list(p)]
        for sql, p in txn
        if sql.startswith(("INSERT INTO runs", "INSERT INTO delegations", "UPDATE"))
    ]
    sql, p = txn[step[0]]
    row = (
        sql.replace("messages) VALUES", "messages, ops) VALUES").removesuffix(")") + ", ?)",
        (*p[:3], None, p[4], json.dumps(ops, separators=(",", ":"))),
    )
    keep = [
        s
        for s in txn
        if not s[0].startswith(
            (
                "INSERT INTO runs",
                "INSERT INTO delegations",
                "UPDATE runs",
                "UPDATE delegations",
                "INSERT INTO event_log",
            )
        )
    ]
    return [*keep[:-1], row, keep[-1]]  # before the COMMIT


def _journal_applied() -> Callable[[list[Stmt]], list[Stmt]]:
    """The journal with its apply counted: the session's runs and delegations inserted once
    each in its last transaction (store6 applied at a session's end, from memory)."""
    rows: list[Stmt] = []

    def change(txn: list[Stmt]) -> list[Stmt]:
        if any(sql.startswith("INSERT INTO sessions") for sql, _ in txn):
            rows.clear()
        rows.extend(s for s in txn if s[0].startswith(("INSERT INTO runs", "INSERT INTO deleg")))
        out = _journal(txn)
        if any(sql.startswith("UPDATE sessions") for sql, _ in txn):
            runs = [s for s in rows if s[0].startswith("INSERT INTO runs")]
            out[-1:-1] = runs + [s for s in rows if s not in runs]
        return out

    return change


def _drop(*indexes: str) -> tuple[str, ...]:
    """(``events_by_session`` is gone since schema 9: ``event_log`` is keyed by session.)"""
    return tuple(f"DROP INDEX IF EXISTS {i}" for i in indexes)


_SESSION_INDEXES = ("runs_by_session", "delegations_by_session", "events_by_session")
VARIANTS: dict[str, Callable[[], Variant]] = {
    "base": Variant,
    "drop-runs-index": lambda: Variant("drop-runs-index", _drop("runs_by_session")),
    "drop-delegations-index": lambda: Variant(
        "drop-delegations-index", _drop("delegations_by_session")
    ),
    "drop-events-index": lambda: Variant("drop-events-index", _drop("events_by_session")),
    "drop-three-indexes": lambda: Variant("drop-three-indexes", _drop(*_SESSION_INDEXES)),
    "no-pragma": lambda: Variant("no-pragma", rewrites=[_no_pragma]),
    "literal-no": lambda: Variant("literal-no", rewrites=[_literal_no]),
    "merge-run-updates": lambda: Variant("merge-run-updates", rewrites=[_merge_run_updates]),
    "statements-all": lambda: Variant(
        "statements-all", rewrites=[_no_pragma, _literal_no, _merge_run_updates]
    ),
    "clustered-sql": lambda: Variant(
        "clustered-sql",
        _drop(*_SESSION_INDEXES[:2]),
        rewrites=[_packed_ids(False)],
        clustered=True,
    ),
    "clustered-bound": lambda: Variant(
        "clustered-bound",
        _drop(*_SESSION_INDEXES[:2]),
        rewrites=[_packed_ids(True)],
        clustered=True,
    ),
    "journal-bound": lambda: Variant(
        "journal-bound", ("ALTER TABLE event_log ADD COLUMN ops TEXT",), rewrites=[_journal]
    ),
    "journal-applied": lambda: Variant(
        "journal-applied",
        ("ALTER TABLE event_log ADD COLUMN ops TEXT",),
        rewrites=[_journal_applied()],
    ),
    "halved-rows": lambda: Variant("halved-rows", rewrites=[_halved]),
    "none-adapter": lambda: Variant("none-adapter", none_adapter=True),
    "foreign-keys-off": lambda: Variant("foreign-keys-off", pragmas=("foreign_keys = OFF",)),
    "exclusive-lock": lambda: Variant("exclusive-lock", pragmas=("locking_mode = EXCLUSIVE",)),
    "ceiling": lambda: Variant(
        "ceiling",
        _drop(*_SESSION_INDEXES),
        ("foreign_keys = OFF",),
        [_no_pragma, _literal_no],
    ),
}


def connect(path: Path, variant: Variant) -> sqlite3.Connection:
    """The store's connection settings (``schema``), then the variant's."""
    if variant.none_adapter:  # process-wide: sqlite3 otherwise looks up __adapt__ and
        sqlite3.register_adapter(type(None), lambda value: value)  # __conform__ for None
    db = sqlite3.connect(path, isolation_level=None)
    db.row_factory = sqlite3.Row
    settings = (
        "busy_timeout = 30000",
        "journal_mode = WAL",
        "synchronous = NORMAL",
        "foreign_keys = ON",
        "wal_autocheckpoint = 2000",
    )
    for pragma in (*settings, *variant.pragmas):
        db.execute(f"PRAGMA {pragma}")
    return db


def prepare(chain: Chain, folder: Path, variant: Variant) -> sqlite3.Connection:
    """A fresh copy of the template with the variant's layout, connected."""
    path = folder / f"{variant.name}.db"
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    shutil.copy(chain.template, path)
    with sqlite3.connect(path, isolation_level=None) as db:
        for ddl in variant.ddl:
            db.execute(ddl)
    db.close()
    return connect(path, variant)


class Planner:
    """Binds each replayed session's ids (SQLite gives MAX + 1; packed: no << PACK | k)."""

    def __init__(self, chain: Chain, db: sqlite3.Connection, variant: Variant):
        top = lambda sql: db.execute(sql).fetchone()[0] or 0  # noqa: E731
        self.chain, self.variant = chain, variant
        self.run, self.delegation = (
            top("SELECT MAX(id) FROM runs"),
            top("SELECT MAX(id) FROM delegations"),
        )
        self.no = top("SELECT MAX(no) FROM sessions")

    def plan(self, ends: bool = False) -> list[list[Stmt]]:
        """One chain's transactions with a new session's ids bound."""
        self.no += 1
        sid, runs, dels = os.urandom(6).hex(), {}, {}
        txns = self.chain.txns
        out = []
        for t, txn in enumerate(txns):
            if ends and 0 < t < len(txns) - 1:
                continue
            stmts = []
            for sql, p in self.variant.rewrite(txn):
                if sql.startswith("INSERT INTO runs"):
                    self.run += 1
                    new = (self.no << PACK) + len(runs) if self.variant.clustered else self.run
                    runs[self.chain.runs[len(runs)]] = new
                elif sql.startswith("INSERT INTO delegations"):
                    self.delegation += 1
                    new = (
                        (self.no << PACK) + len(dels) if self.variant.clustered else self.delegation
                    )
                    dels[self.chain.delegations[len(dels)]] = new
                stmts.append((sql, self._bind(sql, p, sid, runs, dels) if p else p))
            out.append(stmts)
        return out

    def _bind(
        self, sql: str, params: Any, sid: str, runs: dict[Any, int], dels: dict[Any, int]
    ) -> Any:
        """The recorded parameters with this session's ids (the newest run and delegation
        are the ones being inserted)."""
        marks = {
            id(NO): self.no,
            id(PACKED_RUN): next(reversed(runs.values()), 0),
            id(PACKED_DELEGATION): next(reversed(dels.values()), 0),
        }
        p = [sid if v == self.chain.session else marks.get(id(v), v) for v in params]
        if sql.startswith("UPDATE runs SET turns = CASE"):
            p[0], p[1] = runs[p[0]], runs[p[1]]
        elif sql.startswith(("INSERT INTO runs", "INSERT INTO delegations")):
            p[1] = runs[p[1]] if p[1] is not None else None
            if sql.startswith("INSERT INTO delegations"):
                p[2] = runs[p[2]] if p[2] is not None else None
        elif sql.startswith("UPDATE runs"):
            p[-1] = runs[p[-1]]
        elif sql.startswith("UPDATE delegations"):
            p[-1] = dels[p[-1]]
        elif sql.startswith("INSERT INTO event_log") and p[3] is not None:
            p[3] = runs[p[3]]
        return tuple(p)


def replay(db: sqlite3.Connection, txns: list[list[Stmt]], clock: Callable[[], float]) -> float:
    """Run one planned chain; what ``clock`` moved over its middle transactions."""
    cursor, spent, last = db.cursor(), 0.0, len(txns) - 1
    for t, txn in enumerate(txns):
        started = clock()
        for sql, params in txn:
            cursor.execute(sql, params)
        if 0 < t < last:
            spent += clock() - started
    return spent


def _chain(db: sqlite3.Connection, txns: list[list[Stmt]]) -> float:
    """CPU seconds of one planned chain, every transaction."""
    cursor = db.cursor()
    started = time.process_time()
    for txn in txns:
        for sql, params in txn:
            cursor.execute(sql, params)
    return time.process_time() - started


def hop(chain: Chain, folder: Path, variant: Variant, sessions: int, warm: int = WARM) -> float:
    """CPU seconds a hop: (a chain - its first and last transactions alone) / 2, whole
    chains and ends alternating (``sessions`` of each) on a fresh file after ``warm``
    chains (enough to fill the WAL once, so the measured commits reuse it as a file in
    use does). What a variant defers to a session's end (an apply) is counted."""
    db = prepare(chain, folder, variant)
    planner = Planner(chain, db, variant)
    plans = [planner.plan(ends=i >= warm and i % 2 == 1) for i in range(warm + 2 * sessions)]
    for txns in plans[:warm]:
        _chain(db, txns)
    spent = [_chain(db, txns) for txns in plans[warm:]]
    db.close()
    return (sum(spent[0::2]) - sum(spent[1::2])) / sessions / 2


def _wal(chain: Chain, folder: Path, variant: Variant, sessions: int, ends: bool) -> Counter[str]:
    """WAL frames by B-tree of ``sessions`` chains (``ends``: their first and last
    transactions only) after five, checkpoints off."""
    db = prepare(chain, folder, variant)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    planner = Planner(chain, db, variant)
    for _ in range(5):
        replay(db, planner.plan(), time.process_time)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for _ in range(sessions):
        replay(db, planner.plan(ends), time.process_time)
    db.execute("PRAGMA locking_mode = NORMAL")  # exclusive-lock: let the reader in
    db.execute("SELECT count(*) FROM sessions").fetchone()
    found = bench_store_frames.frames(folder / f"{variant.name}.db")[2]
    db.close()
    return found


def frames(chain: Chain, folder: Path, variant: Variant, sessions: int = 50) -> Counter[str]:
    """WAL frames a hop by B-tree: (chains - their ends) / 2 per chain."""
    full = _wal(chain, folder, variant, sessions, False)
    full.subtract(_wal(chain, folder, variant, sessions, True))
    return Counter({k: v / sessions / 2 for k, v in full.items() if v})


def compare(names: list[str], rounds: int, sessions: int) -> None:
    variants = [VARIANTS[n]() for n in names]
    got: list[list[float]] = [[] for _ in variants]
    with tempfile.TemporaryDirectory() as tmp:
        chain = record(Path(tmp))
        for r in range(rounds):
            order = list(range(len(variants)))[:: -1 if r % 2 else 1]
            for i in order:
                got[i].append(hop(chain, Path(tmp), variants[i], sessions))
    for variant, xs in zip(variants, got, strict=True):
        ratio = statistics.median(x / b for x, b in zip(xs, got[0], strict=True))
        print(f"{variant.name:24} {statistics.median(xs) * 1e6:7.1f} us a hop  ratio {ratio:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=("time", "frames", "count"))
    parser.add_argument("variants", nargs="+", metavar="VARIANT", help=", ".join(VARIANTS))
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--ends", action="store_true", help="count: first and last transactions")
    args = parser.parse_args()
    unknown = [n for n in args.variants if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")
    if args.command == "time":
        compare(args.variants, args.rounds, args.sessions)
        return
    with tempfile.TemporaryDirectory() as tmp:
        chain = record(Path(tmp))
        for name in args.variants:
            variant = VARIANTS[name]()
            if args.command == "frames":
                found = frames(chain, Path(tmp), variant)
                parts = ", ".join(f"{k} {v:.2f}" for k, v in found.most_common())
                print(f"{name:24} {sum(found.values()):6.2f} WAL frames a hop: {parts}")
                continue
            db = prepare(chain, Path(tmp), variant)
            planner = Planner(chain, db, variant)
            plans = [planner.plan(args.ends) for _ in range(args.sessions)]
            for txns in plans:
                replay(db, txns, time.process_time)
            db.close()


if __name__ == "__main__":
    main()
