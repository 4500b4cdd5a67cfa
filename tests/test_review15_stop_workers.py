"""review15: a stopped batch tells every worker at once, and waits for each even when a
second signal (Ctrl-C after SIGTERM, or again) comes while it waits."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.context import ForkProcess
from multiprocessing.process import BaseProcess
from typing import cast

import pytest

from coordinator.runtime.batch import (
    BatchItem,
    BatchTask,
    Share,
    ShareDone,
    _stop_workers,
    run_in_workers,
)
from coordinator.runtime.drive import Terminated, sigterm_as_interrupt


class FakeWorker:
    """A worker process as ``_stop_workers`` sees it: what was done to it goes to ``log``;
    its ``join`` may deliver a signal to this process (one arriving while it waits)."""

    #: It has ended (not yet joined): a Ctrl-C is not passed on to it.
    exitcode = 0
    pid = None

    def __init__(self, name: str, log: list[str], signal_on_join: int | None = None) -> None:
        self.name, self.log, self.signal_on_join = name, log, signal_on_join

    def terminate(self) -> None:
        self.log.append(f"terminate {self.name}")

    def join(self) -> None:
        if self.signal_on_join is not None:
            os.kill(os.getpid(), self.signal_on_join)
        self.log.append(f"join {self.name}")


def _ended_pipe() -> Connection:
    """The batch's end of a worker's pipe, the worker's end already closed (reports sent)."""
    mine, theirs = multiprocessing.Pipe(duplex=False)
    theirs.close()
    return mine


def _workers(
    log: list[str], signal_on_join: int | None = None
) -> list[tuple[BaseProcess, Connection]]:
    """Two workers that have ended: the first's join may bring a signal."""
    first = FakeWorker("a", log, signal_on_join)
    second = FakeWorker("b", log)
    return [(cast(BaseProcess, w), _ended_pipe()) for w in (first, second)]


@pytest.fixture
def ctrl_c_raises() -> Iterator[None]:
    """SIGINT is Python's KeyboardInterrupt here (as in a terminal's ``coord``)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def test_sigterm_reaches_every_worker_before_the_batch_waits_for_any(
    ctrl_c_raises: None,
) -> None:
    log: list[str] = []
    with sigterm_as_interrupt():
        _stop_workers(_workers(log), Terminated())
    assert log[:2] == ["terminate a", "terminate b"]
    assert sorted(log[2:]) == ["join a", "join b"]


@pytest.mark.parametrize("first", [Terminated(), KeyboardInterrupt()])
def test_a_ctrl_c_while_the_batch_waits_for_its_workers_leaves_none_unjoined(
    ctrl_c_raises: None, first: KeyboardInterrupt
) -> None:
    log: list[str] = []
    with sigterm_as_interrupt():
        _stop_workers(_workers(log, signal_on_join=signal.SIGINT), first)
    assert "join a" in log and "join b" in log
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_second_sigterm_while_the_batch_waits_is_only_noted(ctrl_c_raises: None) -> None:
    log: list[str] = []
    with sigterm_as_interrupt():
        _stop_workers(_workers(log, signal_on_join=signal.SIGTERM), Terminated())
    assert "join a" in log and "join b" in log


# ---- a worker that cannot be forked leaves none of the others running -------------------


def test_a_worker_that_cannot_be_forked_stops_those_started_and_reads_their_pipes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``os.fork`` failing (EAGAIN: a process limit; ENOMEM) for the second worker: the
    error is raised once the first has been stopped and waited for, its pipe read (its
    report, larger than a pipe holds, would otherwise block it forever, and the exit's
    join of it with it)."""
    started: list[BaseProcess] = []
    real_start = ForkProcess.start

    def start(process: ForkProcess) -> None:
        if started:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        real_start(process)
        started.append(process)

    monkeypatch.setattr(ForkProcess, "start", start)

    def run(share: Share, limit: int) -> ShareDone:
        return ShareDone([BatchItem(i, task, error="x" * (1 << 20)) for i, task in share])

    tasks = [BatchTask("one"), BatchTask("two")]
    try:
        with sigterm_as_interrupt(), pytest.raises(BlockingIOError):
            run_in_workers(tasks, 2, 2, run)
        [worker] = started
        assert worker.exitcode is not None  # waited for: not left running
    finally:
        for process in started:  # (without the fix: not left blocked behind the test)
            if process.is_alive():
                process.kill()
                process.join()


# ---- what a stopped batch that left no session interrupted says -------------------------


@pytest.mark.parametrize(
    ("terminated", "how"), [(True, "terminated (SIGTERM)"), (False, "interrupted")]
)
def test_a_stopped_batch_that_left_no_session_interrupted_does_not_say_none_started(
    terminated: bool, how: str
) -> None:
    """A stop after the batch's sessions had ended (the last report being read, say) left
    none interrupted, though every one ran: the message claims nothing it cannot know."""
    from coordinator.runtime.batch import BatchStopped

    [line] = BatchStopped([], terminated=terminated).lines()
    assert "before a session" not in line
    assert line == f"{how}: no session of the batch was left interrupted"


# ---- a worker stopped while it sends its report ends quietly ----------------------------


class StoppedWhileSending:
    """A worker's end of its pipe, where the batch's SIGTERM (passed on by
    :func:`_stop_workers`) or Ctrl-C arrives during the send of its report: a report
    larger than a pipe holds blocks until the batch reads it, which it does only after
    the worker it reads first."""

    def __init__(self, stop: KeyboardInterrupt) -> None:
        self.stop, self.closed = stop, False

    def send(self, obj: object) -> None:
        raise self.stop

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize("stop", [Terminated(), KeyboardInterrupt()])
def test_a_worker_stopped_while_it_sends_its_report_ends_without_a_traceback(
    stop: KeyboardInterrupt,
) -> None:
    """(An exception out of the worker's target is printed by multiprocessing, with
    its traceback, on the batch's stderr.) Its sessions had ended: nothing to record."""
    from coordinator.runtime.batch import CtrlCHeld, _worker

    conn = StoppedWhileSending(stop)

    def run(share: Share, limit: int) -> ShareDone:
        return ShareDone([BatchItem(i, task, error="done") for i, task in share])

    _worker(cast(Connection, conn), run, [(0, BatchTask("one"))], 1, CtrlCHeld(False))
    assert conn.closed
