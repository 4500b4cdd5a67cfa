"""The engine's own Python per delegation hop, counted (issue 12, branch engine3).

cProfile counts every call made from the runtime's modules (engine, agent_run, consult,
state, prompts, run_scope, options, rebuild) and from the standard-library helpers only
they use, for 3-hop chains against one-call sessions with an instant model double and a
real store. The count is deterministic for a given tree: 307 calls per hop (304 per
one-call session) before this branch, 220 (96) after. The bound leaves room for small
changes, not for a return of per-call rebuilding (a request, plan or scope per model call
costs more than the margin).
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
from pathlib import Path

from coordinator.config import Settings
from coordinator.runtime.engine import Engine
from coordinator.store.db import Store
from tests.kit import InstantTurns, blocked, report, team

RUNTIME = tuple(
    f"coordinator/runtime/{m}.py"
    for m in ("engine", "agent_run", "consult", "state", "prompts", "run_scope", "options")
)
STDLIB_HELPERS = ("dataclasses.py", "copy.py", "secrets.py")
CHAIN = {
    "backend": [blocked("database", "The schema"), report("Complete")],
    "dba": [blocked("devops", "The pipeline"), report("Complete")],
    "ops": [report("Complete")],
}
SINGLE = {"backend": [report("Complete")]}
SESSIONS = 20


def _calls(tmp_path: Path, turns: dict[str, list[str]]) -> float:
    """Calls made from the runtime's code per session."""
    store = Store.open(tmp_path / f"{len(turns)}.db")
    settings = Settings(max_session_cost=None, max_session_tokens=None)
    engine = Engine(
        registry=team("backend", "dba", "ops"),
        provider=InstantTurns(turns),
        store=store,
        settings=settings,
        workspace=tmp_path,
    )
    profile = cProfile.Profile()

    async def run() -> None:
        await engine.start("warm up", agent="backend")
        profile.enable()
        for i in range(SESSIONS):
            result = await engine.start(f"request {i}", agent="backend")
            assert result.status == "complete"
        profile.disable()

    asyncio.run(run())
    store.close()
    made = 0
    for _, _, _, _, callers in pstats.Stats(profile).stats.values():  # type: ignore[attr-defined]
        for caller, counts in callers.items():
            if caller[0].endswith(RUNTIME) or caller[0].endswith(STDLIB_HELPERS):
                made += counts[0]
    return made / SESSIONS


def test_the_engine_makes_few_calls_per_delegation_hop(tmp_path: Path) -> None:
    chain = _calls(tmp_path, CHAIN)
    single = _calls(tmp_path, SINGLE)
    per_hop = (chain - single) / 2
    print(f"runtime calls: {per_hop:.0f} per hop, {single:.0f} per one-call session")
    assert per_hop <= 250, f"{per_hop:.0f} calls per hop from the runtime (220 expected)"
    assert single <= 130, f"{single:.0f} calls per one-call session (96 expected)"
