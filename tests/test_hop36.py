"""hop36's measuring tools (issue 12): a chain's WAL frames by COMMIT
(``bench/bench_store_frames.py --per-commit``) and a hop's system calls
(``bench/bench_hop_strace.py``).

* The frames of each COMMIT add up to the chain's, and show what a hop's two kinds of
  step write: a blocked step a new run and a new delegation, an answer neither (nor a
  delegation's page: schema 11, hop40).
* ``strace -c`` output is read by name, with or without an errors column, its total left
  out; a hop is the chains' extra calls less the one-call sessions', over two a chain.
"""

from __future__ import annotations

import asyncio
import collections
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def bench() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        import bench_hop_strace
        import bench_store_frames

        yield bench_store_frames, bench_hop_strace


@pytest.fixture(scope="module")
def wal(bench: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    frames, _ = bench
    folder = tmp_path_factory.mktemp("frames")
    path: Path = asyncio.run(frames.write(folder, 3, 4, False))
    return path


def test_the_commits_add_up_to_the_chains_frames(bench: Any, wal: Path) -> None:
    frames, _ = bench
    page_size, commits = frames.commits_of(wal)
    assert page_size == 2048
    assert len(commits) == 4 * frames.CHAIN_COMMITS
    total: collections.Counter[str] = collections.Counter()
    for commit in commits:
        total.update(commit)
    assert frames.frames(wal) == (len(commits), page_size, total)
    means = frames.per_commit(commits)
    assert len(means) == frames.CHAIN_COMMITS
    assert sum(sum(m.values()) for m in means) == pytest.approx(sum(total.values()) / 4)


def test_a_blocked_step_indexes_a_new_run_and_neither_step_writes_a_delegation(
    bench: Any, wal: Path
) -> None:
    frames, _ = bench
    start, *blocked_and_answers, end = frames.per_commit(frames.commits_of(wal)[1])
    blocked, answers = blocked_and_answers[:2], blocked_and_answers[2:]
    for step in blocked:  # the consult's run holds its question: no row (hop44)
        assert step["runs_by_session"] >= 1 and "delegations" not in step
    for step in (*blocked, *answers):
        assert "delegations_by_session" not in step
    for step in answers:  # the question reads answered by its consult's outcome (hop40)
        assert "runs_by_session" not in step and "delegations" not in step
        assert step["event_log"] >= 1
    assert "sessions" in start and "sessions" in end  # made, then its status at the end


STRACE = """\
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 40.10    0.010000           2      3360           pwrite64
 20.00    0.005000           1      1210        12 fcntl
  1.00    0.000100           1       273           pread64
------ ----------- ----------- --------- --------- ----------------
100.00    0.015100           3      4843        12 total
"""


def test_strace_counts_are_read_by_name_without_the_total(bench: Any) -> None:
    _, strace = bench
    assert strace.counts(STRACE) == {"pwrite64": 3360, "fcntl": 1210, "pread64": 273}


def test_a_hop_is_the_chains_extra_calls_less_the_single_sessions_over_two(
    bench: Any,
) -> None:
    _, strace = bench
    chain = ({"pwrite64": 1000, "fcntl": 500}, {"pwrite64": 4500, "fcntl": 1800})
    single = ({"pwrite64": 900, "fcntl": 480}, {"pwrite64": 1100, "fcntl": 580, "brk": 2})
    hop = strace.per_hop(chain, single, 50)
    assert hop == {"pwrite64": (3500 - 200) / 100, "fcntl": (1300 - 100) / 100, "brk": -0.02}
