"""hop73's counting tool (issue 12): where a delegation hop's work goes, in Python's terms
(``bench/bench_hop_profile.py``), a hop being (chain window - single window) / 2 as in
``bench_hop_callgrind.py``.

* A hop commits two transactions (the blocked turn with its consult's start; the consult's
  outcome with the resume), each one ``BEGIN IMMEDIATE`` ... ``COMMIT``: the durability the
  tool's figures are read against.
* The bytecodes view counts a function's own bytecodes and, inclusive, those of what it
  calls (a recursive function once per stack).

The windows run in a thread of their own, as shallow as the tool's own ``main``: the
bytecodes view walks the whole stack at every bytecode, and pytest's (and xdist's) ~100
frames under a test made that walk, not the hop, the test's cost (~5 s of CPU, 0.6 s now).
"""

from __future__ import annotations

import collections
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def profile() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        import bench_hop_profile

        yield bench_hop_profile


def _hop(profile: Any, view: str) -> list[collections.Counter[Any]]:
    counting = profile.VIEWS[view][0]
    with ThreadPoolExecutor(1) as shallow:  # (the stack the tool runs on: see above)
        chain = shallow.submit(profile._window, profile.be.CHAIN, 2, counting).result()
        single = shallow.submit(profile._window, profile.be.SINGLE, 2, counting).result()
    hops = []
    for of_chain, of_single in zip(chain, single, strict=True):
        hop = collections.Counter(of_chain)
        hop.subtract(of_single)
        hops.append(collections.Counter({k: v / 4 for k, v in hop.items() if v}))
    return hops


def test_a_hop_commits_two_transactions_of_its_statements(profile: Any) -> None:
    calls, sql = _hop(profile, "calls")
    assert sql["BEGIN IMMEDIATE"] == 2
    assert sql["COMMIT"] == 2
    assert sum(n for statement, n in sql.items() if statement.startswith("INSERT INTO runs")) == 1
    assert calls[("coordinator/runtime/engine.py", "Engine._ask")] == 1  # one consult a hop


def test_a_functions_bytecodes_are_its_own_and_inclusive(profile: Any) -> None:
    own, within = _hop(profile, "ops")
    report = ("protocols/parse.py", "parse_report")
    seed = ("protocols/seed.py", "seed_report")
    assert within[report] >= within[seed] + own[report] > own[report] > 0
    assert sum(own.values()) == within[("coordinator/runtime/engine.py", "Engine.start")]
