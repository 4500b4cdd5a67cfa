"""Engine overhead: per model call and per delegation hop, and many sessions at once.

A "3-hop chain" here: backend blocks on Database, the database specialist blocks on DevOps,
the devops specialist answers, database resumes and answers, backend resumes and completes
(3 agent runs, 2 delegations, 5 model calls). Everything is durable: a real SQLite file in
WAL mode, each step committed before the next.

Per-call and per-hop figures are CPU time of this process (``getrusage``: user + system, so
SQLite's writes count; a hop's is also given split), steadier than wall time on a shared
machine.
``--baseline DIR`` first measures another tree (``git archive main`` extracted) in a child
process, so before and after come from one run.

Run: ``python bench/bench_engine.py [--baseline DIR]`` (writes the "engine" section), or
``python bench/bench_engine.py --paired DIR --kind sdk|instant|batch1|batch2 --sessions N
--rounds R``: two persistent processes (DIR and this tree) alternating rounds, medians and the
median of the pairwise ratios, printed only (the way the issue 12 rounds were measured).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, os.environ.get("BENCH_TREE") or str(Path(__file__).resolve().parents[1]))

from bench._results import write_section
from coordinator.config import Settings
from coordinator.providers.base import ModelRequest, ModelResponse, Usage
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.batch import LimitedProvider
from coordinator.runtime.engine import Engine
from coordinator.store.db import Store

HERE = Path(__file__).resolve()


def _report(status: str, extra: str = "") -> str:
    return f"✅ Done\n\n**Changes:**\n- x\n\n**Files:** none\n\n**Status:** {status}\n{extra}"


BLOCKED_DB = _report("Blocked", "**Domain:** Database\n**Blocker:** b\n**Required:** schema")
BLOCKED_OPS = _report("Blocked", "**Domain:** DevOps\n**Blocker:** b\n**Required:** engine")
CHAIN: dict[str, list[str]] = {
    "backend": [BLOCKED_DB, _report("Complete")],
    "dba": [BLOCKED_OPS, _report("Complete")],
    "ops": [_report("Complete")],
}
SINGLE: dict[str, list[str]] = {"backend": [_report("Complete")]}


class InstantModel:
    """A provider double answering each agent's k-th turn at once (or after ``latency``)."""

    name = "instant"

    def __init__(self, turns: dict[str, list[str]], latency: float = 0.0):
        self.turns = turns
        self.latency = latency
        self.calls = 0

    async def complete(self, request: ModelRequest) -> ModelResponse:
        k = sum(1 for m in request.messages if m["role"] == "assistant")
        self.calls += 1
        if self.latency:
            await asyncio.sleep(self.latency)
        return ModelResponse(
            content=[{"type": "text", "text": self.turns[request.agent][k]}],
            stop_reason="end_turn",
            usage=Usage(input_tokens=100, output_tokens=20),
            model=request.model,
        )

    async def aclose(self) -> None:
        return None


def scripted(turns: dict[str, list[str]], latency_ms: int = 0) -> Any:
    """The real scripted provider (Anthropic SDK + injected transport) for the same turns."""
    from coordinator.providers.scripted import ScriptedProvider

    try:  # where the script's model lives since left27; a baseline tree may predate it
        from coordinator.providers.script import ScriptedModel
    except ImportError:
        from coordinator.providers.scripted import ScriptedModel  # type: ignore[attr-defined,no-redef]

    usage = {"input_tokens": 100, "output_tokens": 20}  # as the instant double reports
    data = {
        "agents": {
            agent: [{"text": t, "latency_ms": latency_ms, "usage": usage} for t in texts]
            for agent, texts in turns.items()
        }
    }
    return ScriptedProvider(ScriptedModel.from_data(data, source="bench"))


def registry() -> Registry:
    return Registry(
        [
            AgentSpec(name=n, description=d, domain=d, tools=["Read", "Glob"], body=f"{d} agent")
            for n, d in (("backend", "backend"), ("dba", "database"), ("ops", "devops"))
        ]
    )


def engine(folder: Path, provider: Any, store: Store | None = None) -> tuple[Engine, Store]:
    """An engine over ``folder``'s bench database (``store``: one already open)."""
    store = store or Store.open(folder / "bench.db")
    settings = Settings(max_session_cost=None, max_session_tokens=None)
    eng = Engine(
        registry=registry(), provider=provider, store=store, settings=settings, workspace=folder
    )
    return eng, store


async def sequential(
    provider: Any, sessions: int, stored: int = 0, *, checkpointed: bool = False
) -> float:
    """CPU seconds per session (user + system: :func:`sequential_split`)."""
    user, system = await sequential_split(provider, sessions, stored, checkpointed=checkpointed)
    return user + system


def user_system() -> tuple[float, float]:
    """User and system CPU seconds of this process so far (the kernel's share is SQLite's
    system calls: WAL writes, locks, reads)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime, own.ru_stime


async def sequential_split(
    provider: Any, sessions: int, stored: int = 0, *, checkpointed: bool = False
) -> tuple[float, float]:
    """(user, system) CPU seconds per session, sessions run one after another (after
    ``stored`` 3-hop chains of the instant double, unmeasured: a file already holding
    sessions). Linux splits a precise total by sampled ticks: the split is right on
    average over many rounds, not in one.

    ``checkpointed``: the measured sessions start on an empty WAL and their time includes
    copying what they wrote into the file (:func:`_checkpoint`), so every measurement pays
    for its own checkpoints whatever the file held before; without it a window pays for
    whichever automatic checkpoints fall inside it (none on a fresh file at 40 sessions,
    one or two on a file in use)."""
    with tempfile.TemporaryDirectory() as tmp:
        eng, store = engine(Path(tmp), provider)
        if stored:  # on the same connection, as one process's earlier sessions
            filler, _ = engine(Path(tmp), InstantModel(CHAIN), store)
            for _ in range(stored):
                await filler.start("stored", agent="backend")
        await eng.start("warm up", agent="backend")
        if checkpointed:
            _checkpoint(store, "TRUNCATE")
        started = user_system()
        for i in range(sessions):
            result = await eng.start(f"request {i}", agent="backend")
            if result.status != "complete":
                raise RuntimeError(result)
        if checkpointed:
            _checkpoint(store, "PASSIVE")
        ended = user_system()
        store.close()
    return (ended[0] - started[0]) / sessions, (ended[1] - started[1]) / sessions


def _checkpoint(store: Store, mode: str) -> None:
    """Copy every committed WAL frame into the database file (``TRUNCATE`` also empties
    the WAL); raises when a frame was left behind."""
    busy, _, _ = store._db.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    if busy:
        raise RuntimeError(f"wal_checkpoint({mode}) was blocked")


async def per_hop(make: Any, sessions: int) -> tuple[float, float]:
    """(µs per model call, µs per delegation hop) with an instant model."""
    chain = min([await sequential(make(CHAIN), sessions) for _ in range(3)])
    single = min([await sequential(make(SINGLE), sessions) for _ in range(3)])
    return chain / 5 * 1e6, (chain - single) / 2 * 1e6


async def concurrent(
    sessions: int, latency: float, limit: int, *, trace: bool = False
) -> dict[str, float]:
    """Wall time (or, with ``trace``, peak traced memory) of ``sessions`` 3-hop chains at once."""
    with tempfile.TemporaryDirectory() as tmp:
        model = LimitedProvider(InstantModel(CHAIN, latency), limit)
        eng, store = engine(Path(tmp), model)
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        results = await asyncio.gather(
            *(eng.start(f"request {i}", agent="backend") for i in range(sessions))
        )
        wall = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        tracemalloc.stop()
        store.close()
    if any(r.status != "complete" for r in results):
        raise RuntimeError("a session did not complete")
    return {"wall": wall, "peak_mib": peak / 2**20, "peak_in_flight": model.peak}


async def batch_through_sdk(sessions: int, latency_ms: int) -> float:
    """Wall seconds of ``sessions`` 3-hop chains at once through the scripted SDK path."""
    with tempfile.TemporaryDirectory() as tmp:
        eng, store = engine(Path(tmp), scripted(CHAIN, latency_ms))
        started = time.perf_counter()
        results = await asyncio.gather(
            *(eng.start(f"request {i}", agent="backend") for i in range(sessions))
        )
        wall = time.perf_counter() - started
        store.close()
    if any(r.status != "complete" for r in results):
        raise RuntimeError("a session did not complete")
    return wall


def _has_group_commit(batch: Any) -> bool:
    """Whether the tree measured shares commits in a batch (a later tree than some baselines)."""
    import inspect

    return "share_commits" in inspect.signature(batch.run_share).parameters


def cpu_seconds() -> float:
    """User + system CPU of this process and of its children that have ended (workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def batch_cost(sessions: int, latency_ms: int, workers: int = 1) -> tuple[float, float]:
    """(wall seconds, CPU seconds of every process) of :func:`batch_command`."""
    cpu = cpu_seconds()
    wall = batch_command(sessions, latency_ms, workers)
    return wall, cpu_seconds() - cpu


def batch_command(sessions: int, latency_ms: int, workers: int = 1) -> float:
    """Wall seconds of ``coord run --batch --workers W``'s core for ``sessions`` 3-hop chains
    through the scripted SDK path (``runtime.batch.run_in_workers``); a tree without workers
    runs them all in this process (as ``batch_through_sdk``)."""
    try:
        from coordinator.runtime import batch
    except ImportError:
        return asyncio.run(batch_through_sdk(sessions, latency_ms))
    if not hasattr(batch, "run_in_workers"):
        return asyncio.run(batch_through_sdk(sessions, latency_ms))
    tasks = [batch.BatchTask(f"request {i}", "backend") for i in range(sessions)]
    with tempfile.TemporaryDirectory() as tmp:
        Store.open(Path(tmp) / "bench.db").close()

        def run_share(share: Any, limit: int) -> Any:
            if hasattr(batch, "write_turns"):  # as `coord run --batch` runs a share
                return _turns_share(batch, Path(tmp), share, limit, latency_ms, workers)
            eng, store = engine(Path(tmp), scripted(CHAIN, latency_ms))
            alone = {"share_commits": workers == 1} if _has_group_commit(batch) else {}
            try:
                items = asyncio.run(batch.run_share(eng, share, **alone))
            finally:
                store.close()
            return batch.ShareDone(items)

        workers = batch.worker_count(sessions, sessions, workers)
        started = time.perf_counter()
        done = batch.run_in_workers(tasks, sessions, workers, run_share)
        wall = time.perf_counter() - started
    if any(i.result is None or i.result.status != "complete" for i in done.items):
        raise RuntimeError("a session did not complete")
    return float(wall)


def _turns_share(
    batch: Any, folder: Path, share: Any, limit: int, latency_ms: int, workers: int
) -> Any:
    """One process's share with the write turns of a tree that has them (``BatchDrive.run_share``
    without the CLI's view and hooks); ``BENCH_TURNS`` names a file to append its turns to."""
    store = Store.open(folder / "bench.db")
    turns = batch.write_turns(store, workers)
    provider = batch.LimitedProvider(scripted(CHAIN, latency_ms), limit)
    settings = Settings(max_session_cost=None, max_session_tokens=None)
    eng = Engine(
        registry=registry(), provider=provider, store=store, settings=settings, workspace=folder
    )
    try:
        items = asyncio.run(batch.run_share(eng, share, turns=turns))
    finally:
        if turns is not None:
            turns.close()
            _note_turns(turns)
        store.close()
    return batch.ShareDone(items)


def _note_turns(turns: Any) -> None:
    where = os.environ.get("BENCH_TURNS")
    if where:
        with open(where, "a", encoding="utf-8") as out:
            out.write(json.dumps({"turns": turns.turns, "waited_s": turns.waited}) + "\n")


def measure() -> dict[str, float]:
    """Every figure of this bench, for the tree on ``sys.path``."""
    load = os.getloadavg()[0]
    instant = asyncio.run(per_hop(lambda turns: InstantModel(turns), 200))
    through_sdk = asyncio.run(per_hop(lambda turns: scripted(turns), 60))
    found = {
        "call_instant": instant[0],
        "hop_instant": instant[1],
        "call_sdk": through_sdk[0],
        "hop_sdk": through_sdk[1],
    }
    for limit in (200, 50):
        run = asyncio.run(concurrent(200, 0.050, limit))
        found[f"wall_{limit}"] = run["wall"]
        found[f"peak_{limit}"] = run["peak_in_flight"]
        found[f"mib_{limit}"] = asyncio.run(concurrent(200, 0.050, limit, trace=True))["peak_mib"]
    found["batch_1"], found["cpu_1"] = batch_cost(1, 50)
    found["batch_1000"], found["cpu_1000"] = batch_cost(1000, 50)
    cores = os.cpu_count() or 1
    found["batch_1000_cores"], found["cpu_1000_cores"] = batch_cost(1000, 50, cores)
    found["cpus"] = float(os.cpu_count() or 1)
    found["load_start"], found["load_end"] = load, os.getloadavg()[0]
    found["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return found


def baseline(tree: Path) -> dict[str, float]:
    """:func:`measure` in a child process importing ``tree``."""
    env = {**os.environ, "BENCH_TREE": str(tree)}
    out = subprocess.run(
        [sys.executable, str(HERE), "--emit-json"],
        cwd=tree,
        env=env,
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


ROWS = [
    ("engine CPU per model call, instant double", "call_instant", "{:,.0f} µs", 1.0),
    ("engine CPU per delegation hop, instant double", "hop_instant", "{:,.0f} µs", 1.0),
    ("engine CPU per model call, scripted SDK path", "call_sdk", "{:,.0f} µs", 1.0),
    ("engine CPU per delegation hop, scripted SDK path", "hop_sdk", "{:,.0f} µs", 1.0),
    ("200 chains at once, no limit (ideal 250 ms)", "wall_200", "{:,.0f} ms", 1000.0),
    ("200 chains, 50 in flight (ideal 1,000 ms)", "wall_50", "{:,.0f} ms", 1000.0),
    ("peak Python memory, 200 chains at once", "mib_200", "{:.1f} MiB", 1.0),
    ("1 chain, scripted SDK path, 50 ms per call", "batch_1", "{:,.0f} ms", 1000.0),
    ("1,000 chains at once, scripted SDK path, 50 ms per call", "batch_1000", "{:,.0f} ms", 1e3),
    (
        "the same, `--workers` = cores (where the tree has workers)",
        "batch_1000_cores",
        "{:,.0f} ms",
        1000.0,
    ),
    ("process peak RSS (the driving process; workers are forked)", "rss_mib", "{:.0f} MiB", 1.0),
    ("load average (1 min) when the tree's run started", "load_start", "{:.1f}", 1.0),
    ("load average (1 min) when it ended", "load_end", "{:.1f}", 1.0),
    ("CPU of 1 chain's batch (all processes)", "cpu_1", "{:,.0f} ms", 1000.0),
    ("CPU of 1,000 chains' batch, one process", "cpu_1000", "{:,.0f} ms", 1000.0),
    ("CPU of 1,000 chains' batch, `--workers` = cores", "cpu_1000_cores", "{:,.0f} ms", 1000.0),
]


def table(columns: dict[str, dict[str, float]]) -> str:
    """The before/after table in Markdown."""
    names = list(columns)
    lines = [
        "| measure | " + " | ".join(names) + " |",
        "| --- |" + " ---: |" * len(names),
    ]
    for label, key, fmt, scale in ROWS:
        cells = [fmt.format(columns[n][key] * scale) for n in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for key, label in (("batch_1000", ""), ("batch_1000_cores", ", `--workers` = cores")):
        extra = [columns[n][key] - columns[n]["batch_1"] for n in names]
        lines.append(
            f"| 1,000 chains over 1 chain in the same command{label} | "
            + " | ".join(f"+{e * 1000:,.0f} ms" for e in extra)
            + " |"
        )
    return "\n".join(lines)


def one_round(kind: str, sessions: int) -> dict[str, float]:
    """One paired round's figures: ``sdk``/``instant`` (µs per call and per hop, CPU) or
    ``batchW`` (1 chain and ``sessions`` chains with W workers: wall and CPU seconds).
    A hop's CPU is also given as user and system (``hop_user_us``, ``hop_sys_us``)."""
    if kind in ("sdk", "instant"):
        make = scripted if kind == "sdk" else InstantModel
        chain = asyncio.run(sequential_split(make(CHAIN), sessions))
        single = asyncio.run(sequential_split(make(SINGLE), sessions))
        user, system = ((c - s) / 2 * 1e6 for c, s in zip(chain, single, strict=True))
        return {
            "call_us": sum(chain) / 5 * 1e6,
            "hop_us": user + system,
            "hop_user_us": user,
            "hop_sys_us": system,
        }
    workers = int(kind.removeprefix("batch") or 1)
    wall_1, cpu_1 = batch_cost(1, 50, workers)
    wall_n, cpu_n = batch_cost(sessions, 50, workers)
    return {"over_s": wall_n - wall_1, "wall_n_s": wall_n, "cpu_n_s": cpu_n, "cpu_1_s": cpu_1}


def serve() -> None:
    """Answer ``KIND SESSIONS`` lines on stdin with one JSON line each (``--paired``'s child)."""
    for line in sys.stdin:
        kind, sessions = line.split()
        print(json.dumps(one_round(kind, int(sessions))), flush=True)


def paired(base: Path, kind: str, sessions: int, rounds: int, base_kind: str | None = None) -> str:
    """Two persistent processes, ``base`` and this tree, alternating ``rounds`` rounds (the
    order swapped every round): medians, the median of the pairwise ratios, the ratio of the
    means (steadier for the system CPU, sampled by ticks), the load.
    ``base_kind``: what the base runs, when not ``kind`` (a batch in one process before
    against workers after)."""
    kinds = {"base": base_kind or kind, "this": kind}
    import statistics

    trees = {"base": base.resolve(), "this": HERE.parents[1]}
    children = {
        name: subprocess.Popen(
            [sys.executable, str(HERE), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "BENCH_TREE": str(tree)},
        )
        for name, tree in trees.items()
    }
    found: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    loads = []
    for r in range(rounds):
        for name in list(trees)[:: 1 if r % 2 == 0 else -1]:
            child = children[name]
            if child.stdin is None or child.stdout is None:
                raise RuntimeError("a paired child has no pipes")
            child.stdin.write(f"{kinds[name]} {sessions}\n")
            child.stdin.flush()
            found[name].append(json.loads(child.stdout.readline()))
        loads.append(os.getloadavg()[0])
    for child in children.values():
        child.communicate()
    what = kind if base_kind is None else f"{base_kind} (base) vs {kind} (this)"
    lines = [
        f"{what}, {sessions} sessions, {rounds} rounds, load {min(loads):.1f}-{max(loads):.1f}"
    ]
    for key in found["base"][0]:
        a, b = ([x[key] for x in found[n]] for n in ("base", "this"))
        ratio = statistics.median(y / x for x, y in zip(a, b, strict=True) if x)
        means = statistics.mean(b) / statistics.mean(a) if statistics.mean(a) else 0.0
        lines.append(
            f"  {key}: base {statistics.median(a):,.3f}  this {statistics.median(b):,.3f}"
            f"  ratio {ratio:.3f}  (means {means:.3f})"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--emit-json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--paired",
        type=Path,
        metavar="DIR",
        help="alternate rounds of --kind against the tree DIR; print, write nothing",
    )
    parser.add_argument("--kind", default="sdk", help="sdk, instant, batch1, batch2, ...")
    parser.add_argument("--base-kind", help="the --paired base runs this kind instead")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    if args.paired is not None:
        print(paired(args.paired, args.kind, args.sessions, args.rounds, args.base_kind))
        return
    if args.emit_json:
        print(json.dumps(measure()))
        return
    columns: dict[str, dict[str, float]] = {}
    if args.baseline is not None:
        columns["baseline"] = baseline(args.baseline.resolve())
    columns["this tree"] = measure()
    body = "\n".join(
        [
            "Durable SQLite (WAL, `synchronous=NORMAL`, each step committed before the next "
            "model call or tool) in a temp folder; 3-hop chain = backend → database → devops "
            "consults, 5 model calls, 2 delegations. Per call = CPU per 3-hop session / 5; per "
            "hop = (3-hop session - 1-call session) / 2; best of 3 batches.",
            "",
            table(columns),
        ]
    )
    print(body)
    write_section("engine", "Engine", "bench/bench_engine.py", body)


if __name__ == "__main__":
    main()
