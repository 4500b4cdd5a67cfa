"""review72: a worker's second SIGTERM (or Ctrl-C) exits at once even when its log line
cannot be written (stderr a pipe whose reader the same Ctrl-C ended, ``coord worker 2>&1 |
tee w.log``): before, the BrokenPipeError left the callback before ``os._exit``, and the
worker ran on, its unsandboxed commands with it."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from coordinator.runtime import worker
from coordinator.tools import shell


async def test_a_second_sigterm_exits_when_its_line_cannot_be_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    exited: list[int] = []
    done = asyncio.Event()
    killed: list[bool] = []

    def exit_now(code: int) -> None:
        exited.append(code)
        done.set()

    def broken_log(line: str) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(worker.os, "_exit", exit_now)
    monkeypatch.setattr(shell, "kill_live_groups", lambda: killed.append(True))
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    worker.stop_on_signals(stop, broken_log)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        await stop.wait()  # the first: the worker stops taking sessions
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(done.wait(), 10)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    assert exited == [128 + signal.SIGTERM] and killed == [True]
