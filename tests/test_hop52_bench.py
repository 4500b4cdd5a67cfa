"""hop52's measuring tool (issue 12): a hop's answer step as two statements or as one
through an ``INSTEAD OF`` trigger (``bench/bench_store_merge.py``).

* Both forms write the same: the run's row takes the turn's fields and outcome, and one step
  row is added to its session's range, read back as the step's events; so the bench
  compares equal work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def merge() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        import bench_store_merge

        yield bench_store_merge


@pytest.mark.parametrize("mode", ["two", "trigger"])
def test_both_forms_write_the_run_and_one_step_row(merge: Any, mode: str, tmp_path: Path) -> None:
    one, store, run = merge.transaction(mode, tmp_path)
    try:
        rows = store._rows("SELECT count(*) FROM event_log")[0][0]
        one(7)
        written = store.run(run)
        assert (written.turns, written.status, written.stop_reason) == (7, "complete", "end_turn")
        assert store._rows("SELECT count(*) FROM event_log")[0][0] == rows + 1
        last = store._rows("SELECT rows, message_run FROM event_log ORDER BY seq DESC LIMIT 1")
        assert (last[0][0], last[0][1]) == (merge.ROWS.format(run=run), run)
        kinds = [e.kind for e in store.events(written.session_id)][-3:]
        assert kinds == ["model_call", "report", "run_ended"]
    finally:
        store.close()
