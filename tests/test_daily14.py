"""daily14: what a CLI or CI user still trips on: SIGINT sent to a batch's parent alone, a
Ctrl-C before the run starts, a signal inside a batch's event loop, async hooks after
kill -9, and the totals of a request refused by a prompt hook."""

from __future__ import annotations

import signal
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import finish
from kit import OnRunStart
from test_daily10 import _batch
from test_daily13 import REQUESTS, _gone, held_batch

from coordinator.events import Event

__all__ = ["held_batch"]  # the fixture, used here by name

# ---- SIGINT sent to a batch's parent alone (a supervisor, a script) ---------------------


def test_sigint_to_the_batchs_parent_alone_stops_its_workers_too(
    held_batch: dict[str, Any],
) -> None:
    """``kill -INT PID`` reaches the batch's process only, not the terminal's group: it
    passes it on to its workers as it does SIGTERM, names every session it left
    interrupted and exits 130, with no worker left running."""
    proc, sids = held_batch["proc"], held_batch["sids"]
    proc.send_signal(signal.SIGINT)
    _, err = finish(proc, timeout=30)  # the calls are held: without it a worker never ends
    assert proc.returncode == 130, err
    assert f"interrupted — {len(REQUESTS)} session(s) of the batch left interrupted" in err
    assert all(f"coord resume {sid}" in err for sid in sids), err
    assert "Traceback" not in err
    assert all(_gone(pid) for pid in held_batch["workers"])
    with closing(sqlite3.connect(held_batch["db"])) as con:
        statuses = {row[0] for row in con.execute("SELECT status FROM sessions")}
    assert statuses == {"interrupted"}


# ---- a batch's SIGTERM inside its event loop is never lost --------------------------------


class SignalsWhenCollected:
    """An object whose finaliser gets ``signum`` (as a signal arriving while the loop runs
    a finaliser: an HTTP response's, a transport's, garbage collected between two tasks)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum

    def __del__(self) -> None:
        signal.raise_signal(self.signum)  # its handler runs here, before this returns


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_finaliser_in_a_batchs_loop_stops_the_batch(
    tmp_path: Path, signum: int
) -> None:
    """Python raises a handler's exception where the main thread is; in a finaliser it is
    printed as "ignored" and lost: the batch ran on to its end as if never signalled (with
    calls held by a model, until they answer). Noted instead, the signal stops it."""
    from coordinator.runtime.batch import BatchStopped

    def collect_one(event: Event) -> None:
        SignalsWhenCollected(signum)  # made and collected at once, in the loop

    stopped = _batch(tmp_path, OnRunStart(collect_one), 1)
    assert isinstance(stopped, BatchStopped), stopped
    assert stopped.terminated == (signum == signal.SIGTERM)
    assert stopped.sessions  # the sessions it stopped are resumable
