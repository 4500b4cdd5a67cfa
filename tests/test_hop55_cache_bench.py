"""hop55's measuring tool (issue 12): a hop's cache and branch events by object and by
function from callgrind's dumps (``bench/bench_hop_cache.py``).

* A function's own cost leaves out what the functions it calls cost (callgrind writes
  those inclusive, after a ``calls=`` line), and compressed names (``(3) name``, then
  ``(3)``) name the same function.
* A hop's figure is (chain window - single window) / 2 per session, as
  ``bench_hop_callgrind.py --read`` gives for instructions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
HEADER = "events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim\n"


@pytest.fixture(scope="module")
def cache() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        import bench_hop_cache

        yield bench_hop_cache


def _dump(path: Path, scale: int) -> None:
    path.write_text(
        HEADER
        + "ob=(1) /usr/lib/x86_64-linux-gnu/libsqlite3.so.0\nfl=(1) ???\n"
        + f"fn=(1) sqlite3VdbeExec\n0 {100 * scale} 0 0 0 {scale} 0 0 0 0 0 {2 * scale}\n"
        + "cob=(2) /usr/bin/python3.11\ncfn=(2) PyObject_Call\ncalls=1 0\n0 99999 9 9\n"
        + f"ob=(2)\nfn=(2)\n0 {50 * scale}\n+2 {10 * scale} 0 0 {scale}\n"
    )


def test_own_costs_leave_out_calls_and_follow_compressed_names(cache: Any, tmp_path: Path) -> None:
    _dump(tmp_path / "cg.out.1", 1)
    costs = cache.self_costs(tmp_path / "cg.out.1")
    sqlite = costs[("/usr/lib/x86_64-linux-gnu/libsqlite3.so.0", "sqlite3VdbeExec")]
    python = costs[("/usr/bin/python3.11", "PyObject_Call")]
    assert (sqlite[0], sqlite[4], sqlite[10]) == (100, 1, 2)
    assert (python[0], python[3]) == (60, 1)


def test_a_hop_is_half_the_chain_minus_the_single_window_a_session(
    cache: Any, tmp_path: Path
) -> None:
    _dump(tmp_path / "cg.out.1", 9)  # the chain window
    _dump(tmp_path / "cg.out.2", 1)  # the single one
    hop = cache.per_hop(tmp_path, 2)
    objects = cache.by_object(hop)
    assert objects["libsqlite3"][0] == (900 - 100) / 2 / 2
    assert objects["python3"][0] == (540 - 60) / 2 / 2
    # two I1 misses, two D1 misses (10 cycles each) and four mispredicts (15) a hop
    row = [sum(r[i] for r in objects.values()) for i in range(len(cache.EVENTS))]
    assert cache.cycles(row) == 320 + 10 * 2 + 10 * 2 + 15 * 4
