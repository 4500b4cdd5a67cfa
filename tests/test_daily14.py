"""daily14: what a CLI or CI user still trips on: SIGINT sent to a batch's parent alone, a
Ctrl-C before the run starts, a signal inside a batch's event loop, async hooks after
kill -9, and the totals of a request refused by a prompt hook."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import finish, spawn
from kit import OnRunStart, report, workspace, write_agents, write_script
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
    _, err = finish(proc)  # the calls are held: without it a worker never ends
    assert proc.returncode == 130, err
    assert f"interrupted — {len(REQUESTS)} sessions of the batch left interrupted" in err
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


# ---- Ctrl-C before the run starts --------------------------------------------------------


def _open_to_write(fifo: Path, proc: subprocess.Popen[str]) -> int:
    """The named pipe opened to write, which returns once ``proc`` has opened it to read;
    fails as soon as ``proc`` ends without having done so."""
    opened: list[int] = []
    opening = threading.Thread(target=lambda: opened.append(os.open(fifo, os.O_WRONLY)))
    opening.start()
    while not opened:
        opening.join(timeout=0.05)
        if not opened and proc.poll() is not None:
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # lets the thread go
            opening.join()
            raise AssertionError(f"coord ended before reading {fifo.name}: {proc.communicate()}")
    return opened[0]


def _wait_until_reading(proc: subprocess.Popen[str]) -> None:
    """Return once ``proc`` sleeps waiting on the pipe (in ``poll``, beside its wake-up fd,
    since daily15: a signal landing between its open and that wait ends it too, see
    test_daily15_sigint_pipe.py; this test checks the Ctrl-C during the wait)."""
    wchan = Path(f"/proc/{proc.pid}/wchan")
    while not any(
        where in wchan.read_text(encoding="ascii", errors="replace")
        for where in ("pipe_read", "do_sys_poll", "poll_schedule_timeout")
    ):
        if proc.poll() is not None:
            raise AssertionError(f"coord ended before reading: {proc.communicate()}")
        threading.Event().wait(0.01)  # the kernel's state is the event; this only paces


@pytest.mark.parametrize(("how", "json_out"), [("--file", False), ("--batch", True)])
def test_ctrl_c_before_the_run_starts_exits_130_with_one_line(
    tmp_path: Path, how: str, json_out: bool
) -> None:
    """Ctrl-C while ``coord run`` still reads its request or batch file (as while it
    routes, loads the roster or opens the store): exit 130 and one line, no "Aborted!"
    (click's exit 1) nor traceback, and no session left behind. The file is a named pipe:
    the test's open of it returns once coord has opened it to read."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    fifo = tmp_path / "request"
    os.mkfifo(fifo)
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    proc = spawn(
        "run", how, fifo, "--agent", "backend", "--workspace", ws, "--agents-dir", agents,
        "--only", "--provider", "scripted", "--script", script,
        *(["--json"] if json_out else []),
    )  # fmt: skip
    writer = _open_to_write(fifo, proc)  # coord reads it now: it has not started a run
    try:
        _wait_until_reading(proc)
        proc.send_signal(signal.SIGINT)
        out, err = finish(proc)
    finally:
        os.close(writer)
    assert proc.returncode == 130, err
    assert err.splitlines() == ["interrupted before a session started"], err
    if json_out:
        assert json.loads(out) == {
            "session": None, "status": "interrupted", "agent": None, "exit_code": 130,
            "reason": "", "question": None, "waiting_for": None, "resume": None,
            "hint": "interrupted before a session started",
        }  # fmt: skip
    db = ws / ".coordinator" / "coordinator.db"
    if db.exists():
        with closing(sqlite3.connect(db)) as con:
            assert con.execute("SELECT count(*) FROM sessions").fetchone() == (0,)


# ---- a kill -9 of coord leaves none of its hooks running --------------------------------


def test_a_kill_9_of_coord_run_leaves_none_of_its_async_hooks_running(tmp_path: Path) -> None:
    """coord killed with SIGKILL cannot kill its hooks' process groups: each group watches a
    pipe only coord holds open, and ends itself when it closes (it did not: each ran on
    until its ``timeout``)."""
    from test_hooks_async import ended, run_with_a_forever_hook

    proc, _, shell, child = run_with_a_forever_hook(tmp_path)
    proc.kill()
    try:
        finish(proc)
        assert ended(shell) and ended(child)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(shell, signal.SIGKILL)  # a failed test leaves nothing behind


# ---- a refused request's prompt hook call: `coord sessions` counts it as `coord log` does --


async def test_sessions_counts_a_refused_requests_prompt_hook_call_as_log_does(
    tmp_path: Path,
) -> None:
    """The refused session has no run; its hook's model call is in its ``hook`` event
    only. ``coord sessions`` (and its ``--json``) summed runs alone and showed 0 tokens,
    $0 for a call ``coord log`` and the session's result count."""
    from test_hooks import Run
    from test_hooks_prompt import HOOK_USAGE, answer, prompt_hook

    from coordinator.runtime.hook_prompt import PROMPT_AGENT
    from coordinator.store import listing, session_log
    from coordinator.store.rows import SessionQuery

    refusal = answer('{"ok": false, "reason": "no deploys on Friday"}', usage=HOOK_USAGE)
    r = Run(tmp_path, {PROMPT_AGENT: [refusal]}, prompt_hook("UserPromptSubmit", "OK? $ARGUMENTS"))
    result = await r.engine.start("Deploy now", agent="backend")
    logged = session_log.log_json(r.store, r.store.session(result.session_id))
    assert logged["tokens"] == 730 and logged["cost_usd"] > 0
    [line] = listing.session_lines(r.store, SessionQuery(), None)
    listed = line.to_json()
    assert (listed["tokens"], listed["cost_usd"]) == (logged["tokens"], logged["cost_usd"])
