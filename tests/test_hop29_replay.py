"""The hop's SQL replay (issue 12, branch hop29): ``bench/bench_hop_replay.py``.

* What it records of today's store is a hop's two steps as the brief and RESULTS.md describe
  them, so "the middle transactions over two" is a delegation hop.
* Every variant replays whole chains on a file of today's schema: no constraint fails, the
  file stays sound, each session gets its own rows.
* Its WAL-frame count sees a B-tree fewer.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def replay() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        import bench_hop_replay

        yield bench_hop_replay


@pytest.fixture(scope="module")
def chain(replay: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return replay.record(tmp_path_factory.mktemp("chain"))


def _kinds(txn: list[tuple[str, Any]]) -> list[str]:
    return [" ".join(sql.split()[:3]) for sql, _ in txn if not sql.startswith(("BEGIN", "COMMIT"))]


def test_the_recorded_chain_is_two_hops_of_two_steps(chain: Any) -> None:
    assert len(chain.txns) == 6  # the session's start, 2 x 2 hop steps, its end
    # no PRAGMA data_version (hop32); the blocked run's row: no, its next write takes what
    # it is owed (hop46)
    blocked = ["INSERT INTO runs"]
    blocked += ["INSERT INTO event_log"]  # the consult's run holds its question (hop44)
    # the resumed run's row: no (hop39); its question's: no, the consult's outcome says it
    # (hop40)
    answered = ["UPDATE runs SET", "INSERT INTO event_log"]
    assert [_kinds(t) for t in chain.txns[1:5]] == [blocked, blocked, answered, answered]
    assert len(chain.runs) == 3 and chain.delegations == []


@pytest.mark.parametrize(
    "name",
    [
        "base",
        "drop-three-indexes",
        "statements-all",
        "clustered-sql",
        "clustered-bound",
        "journal-bound",
        "journal-applied",
        "none-adapter",
        "ceiling",
    ],
)
def test_every_variant_replays_whole_chains(
    replay: Any, chain: Any, tmp_path: Path, name: str
) -> None:
    variant = replay.VARIANTS[name]()
    db = replay.prepare(chain, tmp_path, variant)
    before = {
        t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("runs", "event_log")
    }
    planner = replay.Planner(chain, db, variant)
    for _ in range(3):
        assert replay.replay(db, planner.plan(), time.process_time) > 0
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT count(*) FROM event_log").fetchone()[0] == before["event_log"] + 18
    runs = db.execute("SELECT count(*) FROM runs").fetchone()[0] - before["runs"]
    assert runs == (0 if name == "journal-bound" else 9)  # the journal writes no run
    sessions = db.execute("SELECT count(DISTINCT seq >> 32) FROM event_log").fetchone()[0]
    assert sessions == 6 + 3  # five warm-up chains and the recorded one, then three
    db.close()


def test_frames_count_a_b_tree_fewer(replay: Any, chain: Any, tmp_path: Path) -> None:
    base = replay.frames(chain, tmp_path, replay.VARIANTS["base"](), sessions=10)
    fewer = replay.frames(chain, tmp_path, replay.VARIANTS["drop-runs-index"](), sessions=10)
    assert 6 < base.total() < 16  # a hop's two commits, ~3.5 pages each (schema 16; 4.2 at 15)
    assert "events_by_session" not in base  # event_log is keyed by session (schema 9)
    assert base["runs_by_session"] >= 0.9  # one page of the index a run started
    assert "runs_by_session" not in fewer
    assert base.total() - fewer.total() >= 0.9


def test_a_variant_file_is_sqlite_with_the_stores_settings(
    replay: Any, chain: Any, tmp_path: Path
) -> None:
    db = replay.prepare(chain, tmp_path, replay.VARIANTS["base"]())
    assert isinstance(db, sqlite3.Connection)
    settings = [db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("journal_mode", "page_size")]
    assert settings == ["wal", 2048]
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()
