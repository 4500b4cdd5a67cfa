"""The engine's own Python per model call and per delegation hop, paired against another tree.

The chains of ``bench_engine`` (3-hop chains and one-call sessions, instant model double)
run with the store replaced by a no-op double (every write returns at once, ids counted)
and each distinct report parsed once (then looked up): what remains is the runtime's own
code (``coordinator/runtime``: the run loop, transitions, request building, quoting), the
event objects it builds, the instant double and asyncio. Two persistent child processes,
one per tree, alternate rounds (order swapped every round); prints each tree's medians and
the median of the pairwise ratios. Prints only.

Run: ``python bench/bench_engine_own.py BASELINE_DIR [--rounds 30] [--sessions 200]``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()


class _Join:
    """The no-op transaction."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


class NullStore:
    """The store methods the engine calls on this path, each returning at once."""

    write_lock = None
    create_session = add_event = lock_session = unlock_session = staticmethod(_nothing)
    update_run = append_message = check_claim = record_step = staticmethod(_nothing)
    answer_delegation = set_session_status = staticmethod(_nothing)

    def __init__(self) -> None:
        self.ids = itertools.count(1)
        self.join = _Join()

    def transaction(self, group: bool = False) -> _Join:
        return self.join

    async def durable(self) -> None:
        return None

    async def write_turn(self) -> None:
        return None

    def start_run(self, *args: Any, **kwargs: Any) -> int:
        return next(self.ids)

    def add_delegation(self, *args: Any, **kwargs: Any) -> int:
        return next(self.ids)

    def save_definition(self, digest: str, *args: Any) -> str:
        return digest

    def defer(self, write: Any) -> None:
        write()


def _parse_once() -> None:
    """Each distinct report text is parsed once (the parser is another part's work)."""
    import protocols
    from coordinator.runtime import agent_run

    parse = protocols.parse_report
    seen: dict[str, Any] = {}

    def cached(text: str) -> Any:
        if text not in seen:
            seen[text] = parse(text)
        return seen[text]

    class Parser:
        parse_report = staticmethod(cached)
        ReportParseError = protocols.ReportParseError
        Status = protocols.Status

    agent_run.protocols = Parser  # type: ignore[assignment]


def serve() -> None:
    """The child: answer ``KIND N`` lines with CPU seconds per session."""
    sys.path.insert(0, os.environ["BENCH_TREE"])
    sys.path.insert(0, str(Path(os.environ["BENCH_TREE"]) / "bench"))
    import bench_engine as be

    from coordinator.config import Settings
    from coordinator.runtime.engine import Engine

    _parse_once()

    async def per_session(turns: dict[str, list[str]], n: int) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(max_session_cost=None, max_session_tokens=None)
            engine = Engine(
                registry=be.registry(),
                provider=be.InstantModel(turns),
                store=NullStore(),  # type: ignore[arg-type]
                settings=settings,
                workspace=Path(tmp),
            )
            await engine.start("warm up", agent="backend")
            started = time.process_time()
            for i in range(n):
                result = await engine.start(f"request {i}", agent="backend")
                if result.status != "complete":
                    raise RuntimeError(result)
            return (time.process_time() - started) / n

    print("ready", flush=True)
    for line in sys.stdin:
        kind, n = line.split()
        turns = be.CHAIN if kind == "chain" else be.SINGLE
        print(json.dumps(asyncio.run(per_session(turns, int(n)))), flush=True)


def compare(baseline: Path, rounds: int, sessions: int) -> None:
    from _trees import compare_hops

    compare_hops(HERE, baseline, rounds, sessions, "", "engine's own")


def main() -> None:
    from _trees import serve_or_compare

    serve_or_compare(serve, compare, rounds=30, sessions=200)


if __name__ == "__main__":
    main()
