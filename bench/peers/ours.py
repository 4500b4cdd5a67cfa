"""The same Blocked → consult → resume → Complete cycle in coordinator, durable in SQLite.

Runs in the project's venv: ``python bench/peers/ours.py SCENARIO [CYCLES]`` prints per-cycle
CPU and wall time as JSON, like ``peers.py``. ``instant``: a provider double answering at
once (``bench_engine.InstantModel``); ``scripted``: the real Anthropic SDK over the scripted
provider's injected transport. Every state change is committed to a WAL SQLite file before
the next model call, as in any ``coord run``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.bench_engine import BLOCKED_DB, InstantModel, _report, engine, scripted

CYCLE = {"backend": [BLOCKED_DB, _report("Complete")], "dba": [_report("Complete")]}


async def measure(provider: Any, cycles: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        eng, store = engine(Path(tmp), provider)
        for i in range(5):
            await eng.start(f"warm up {i}", agent="backend")
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(cycles):
            result = await eng.start(f"request {i}", agent="backend")
            if result.status != "complete":
                raise RuntimeError(result)
        done = {
            "cpu_ms": (time.process_time() - cpu) * 1000 / cycles,
            "wall_ms": (time.perf_counter() - wall) * 1000 / cycles,
        }
        store.close()
    return done


def main() -> None:
    name = sys.argv[1]
    cycles = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    provider = InstantModel(CYCLE) if name == "instant" else scripted(CYCLE)
    result = asyncio.run(measure(provider, cycles))
    calls = provider.calls if isinstance(provider, InstantModel) else None
    result.update(
        cycles=cycles,
        model_calls=calls / (cycles + 5) if calls is not None else 3.0,
        version=f"coordinator {metadata.version('coordinator')}",
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
