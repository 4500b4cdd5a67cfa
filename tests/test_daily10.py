"""daily10: defects a demanding user would trip on, each checked where it is decided."""

from __future__ import annotations

import io
import os
import signal
from contextlib import closing
from pathlib import Path

import pytest
import yaml
from kit import OnRunStart, report, write_agents, write_script

from coordinator.events import Event

# ---- Ctrl-C of a batch lists its own sessions only --------------------------------------

REQUESTS = ["Add a FastAPI endpoint", "Add an API route"]


def _intruder(ws: Path, request: str) -> str:
    """Another `coord run` in the same workspace, started while the batch runs with the
    same text: a running session nobody holds (shown interrupted). Written before the batch
    (which holds the write lock across its ticks), with a creation time a minute ahead."""
    import time

    from coordinator.store.db import Store
    from coordinator.store.paths import db_path

    with closing(Store.open(db_path(ws))) as store:
        sid = store.create_session(request, ws, {})
        store._db.execute(
            "UPDATE sessions SET created_at = ? WHERE id = ?", (time.time() + 60, sid)
        )
        store._db.commit()
    return sid


def _batch(tmp_path: Path, view: OnRunStart, workers: int) -> object:
    from coordinator.runtime.launch import RunBatch, RunFlags, plan_run

    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(yaml.safe_dump(REQUESTS * workers), "utf-8")
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}] * 2 * workers}
    )
    flags = RunFlags(batch=tasks, workspace=tmp_path, agents_dir=[write_agents(tmp_path / "a")],
                     only=True, script=script)  # fmt: skip
    plan = plan_run(flags, io.BytesIO(), lambda notice: None)
    assert isinstance(plan.step, RunBatch)
    return plan.batch(lambda: None, view).run(plan.step.tasks, workers)


def test_ctrl_c_of_a_batch_leaves_out_another_runs_session_with_the_same_text(
    tmp_path: Path,
) -> None:
    from coordinator.runtime.batch import BatchStopped

    started: list[str] = []
    intruder = _intruder(tmp_path, REQUESTS[0])

    def stop_at_the_second(event: Event) -> None:
        started.append(event.session_id)
        if len(started) == 2:
            signal.raise_signal(signal.SIGINT)

    stopped = _batch(tmp_path, OnRunStart(stop_at_the_second), 1)
    assert isinstance(stopped, BatchStopped)
    assert stopped.sessions and set(stopped.sessions) <= set(started)
    assert intruder not in stopped.sessions


class _SecondForkWaits:
    """An at-fork hook of this process: its second fork (the batch starting its second
    worker) waits until the first worker says, through a pipe, that it has sent the
    Ctrl-C. The Ctrl-C therefore reaches the parent while it is in ``os.fork``'s hooks,
    where Python reports an exception as "ignored" instead of raising it. Disarmed after
    the test (a fork hook cannot be unregistered)."""

    def __init__(self) -> None:
        self.parent = os.getpid()
        self.forks = 0
        self.armed = True
        self.read_end, self.write_end = os.pipe()
        os.register_at_fork(before=self.before_fork)

    def before_fork(self) -> None:
        import select

        if not self.armed or os.getpid() != self.parent:
            return
        self.forks += 1
        if self.forks == 2:  # a guard against a hang, not a timing: the worker writes first
            ready, _, _ = select.select([self.read_end], [], [], 60)
            if ready:
                os.read(self.read_end, 1)

    def ctrl_c_sent(self) -> None:
        os.write(self.write_end, b"x")

    def close(self) -> None:
        self.armed = False
        os.close(self.read_end)
        os.close(self.write_end)


def test_ctrl_c_of_a_batch_in_workers_leaves_out_another_runs_session(tmp_path: Path) -> None:
    """Ctrl-C while the batch is still starting its workers (the first one has started a
    session; the second is being forked) lists that session, not another run's."""
    from coordinator.runtime.batch import BatchStopped

    intruder = _intruder(tmp_path, REQUESTS[0])
    marker = tmp_path / "fired"
    stopped_here = tmp_path / "stopped"
    second_fork = _SecondForkWaits()

    def stop_once(event: Event) -> None:
        """In one worker: the other run's session, then Ctrl-C of the whole batch (the
        terminal sends SIGINT to every process of the group: here to the parent and this
        worker; the second worker does not exist yet)."""
        if os.getpid() == second_fork.parent:
            return
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        stopped_here.write_text(event.session_id)
        os.kill(second_fork.parent, signal.SIGINT)
        second_fork.ctrl_c_sent()
        signal.raise_signal(signal.SIGINT)

    try:
        stopped = _batch(tmp_path, OnRunStart(stop_once), 2)
    finally:
        second_fork.close()
    assert second_fork.forks == 2
    assert isinstance(stopped, BatchStopped)
    mine = stopped_here.read_text()
    assert mine in stopped.sessions and intruder not in stopped.sessions


def _interrupted_worker(share: list[tuple[int, object]], limit: int) -> object:
    """A worker Ctrl-C reached: the last one started sends SIGINT to its parent, each one
    stops (its share reported failed: "interrupted")."""
    if share[0][0] == 1:
        os.kill(os.getppid(), signal.SIGINT)
    raise KeyboardInterrupt


#: The parent holds SIGINT back until it waits for its workers' reports (so the Ctrl-C
#: reaches it there, not in the middle of a fork, whatever the timing).
_LARGE_BATCH_PROGRAM = """
import signal, sys
sys.path.insert(0, "tests")
from test_daily10 import _interrupted_worker
from coordinator.runtime import batch

collect = batch._collect
def collect_with_ctrl_c(*args):
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    return collect(*args)
batch._collect = collect_with_ctrl_c
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
tasks = [batch.BatchTask(f"request {i} " + "x" * 200) for i in range(2000)]
try:
    batch.run_in_workers(tasks, 2, 2, _interrupted_worker)
except KeyboardInterrupt:
    print("stopped")
"""


def test_ctrl_c_of_a_large_batch_in_workers_ends_without_a_second_one() -> None:
    """Each worker's report of its interrupted share (far over a pipe's 64 KiB here) is
    read before the worker is waited for, so neither waits for the other."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _LARGE_BATCH_PROGRAM], capture_output=True, text=True,
        timeout=60, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    assert done.stdout.strip() == "stopped", done.stderr


# ---- settings that would stop every session are refused where they are read -------------


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("max_turns", 0, "must be at least 1"),
        ("max_output_tokens", 0, "must be at least 1"),
        ("max_session_cost", -1, "must be above 0"),
        ("max_session_cost", 0, "must be above 0"),
        ("max_session_tokens", 0, "must be above 0"),
        ("bash_timeout", 0, "must be above 0"),
        ("max_depth", -1, "must be at least 0"),
        ("max_report_repairs", -1, "must be at least 0"),
        ("max_continuations", -1, "must be at least 0"),
    ],
)
def test_a_limit_that_would_stop_every_session_is_refused(
    key: str, value: float, reason: str
) -> None:
    from coordinator.config import InvalidSetting, validated

    with pytest.raises(InvalidSetting) as caught:
        validated({key: value})
    assert caught.value.key == key and reason in caught.value.reason


def test_no_budget_and_the_lowest_limits_are_still_settings() -> None:
    from coordinator.config import validated

    settings = validated({"max_session_cost": None, "max_session_tokens": None, "max_depth": 0,
                          "max_report_repairs": 0, "max_turns": 1})  # fmt: skip
    assert settings.max_session_cost is None and settings.max_session_tokens is None
    assert (settings.max_depth, settings.max_report_repairs, settings.max_turns) == (0, 0, 1)


def test_a_spent_budget_says_to_raise_it_not_to_answer_a_question(tmp_path: Path) -> None:
    """A session whose budget is spent waits with no question: the command says which limit
    and how to go on, instead of "Required: ?" and an answer to give."""
    from cli import coord

    ws = tmp_path / "ws"
    ws.mkdir()
    config = tmp_path / "budget.yaml"  # outside the workspace: a budget is the user's to set
    config.write_text("max_session_cost: 0.001\n", encoding="utf-8")
    glob = {"tool_calls": [{"name": "Glob", "input": {"pattern": "*"}}]}
    script = write_script(tmp_path / "s.yaml", {"backend": [glob, {"text": report("Complete")}]})
    ran = coord("run", "Add an endpoint", "--workspace", ws, "--agent", "backend", "--script",
                script, "--agents-dir", write_agents(tmp_path / "a"), "--only",
                "--config", config)  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    out = ran.stdout + ran.stderr
    assert "Required: ?" not in out and "--context" not in out, out
    assert "max_session_cost is $0.001" in out and "Raise max_session_cost" in out, out
    sid = next(w for w in out.split() if len(w) == 12 and w.isalnum())
    assert f"continue with: coord resume {sid}" in out, out


# ---- --agent with --batch: the agent of every item that names none ----------------------


def test_agent_with_a_batch_is_the_agent_of_each_item_naming_none(tmp_path: Path) -> None:
    """Before, ``--agent`` with ``--batch`` was silently ignored: every item was routed."""
    import json

    from cli import coord

    tasks = tmp_path / "tasks.yaml"
    items = ["Add an index on tasks.owner_id", {"request": "Add a column", "agent": "dba"},
             "Write a Dockerfile for the API"]  # fmt: skip
    tasks.write_text(yaml.safe_dump(items), "utf-8")
    done = {"text": report("Complete")}
    script = write_script(tmp_path / "s.yaml", {"backend": [done] * 2, "dba": [done]})
    common = ["--workspace", tmp_path, "--agents-dir", write_agents(tmp_path / "a"), "--only",
              "--script", script]  # fmt: skip
    ran = coord("run", "--batch", tasks, "--agent", "backend", "--json", *common)
    assert ran.returncode == 0, ran.stderr
    agents = [item["agent"] for item in json.loads(ran.stdout)["items"]]
    assert agents == ["backend", "dba", "backend"]
    unknown = coord("run", "--batch", tasks, "--agent", "nobody", *common)
    assert unknown.returncode == 4 and unknown.stderr.count("unknown agent: nobody") == 1


@pytest.mark.parametrize(
    ("item", "why"),
    [
        ({"request": "Add a column", "agnt": "dba"}, "unknown key 'agnt'; did you mean agent?"),
        ({"agent": "dba"}, "its request is missing or empty"),
        ({"request": "Add a column", "agent": ["dba"]}, "its agent must be a name"),
        ("  ", "this one is empty"),
    ],
)
def test_a_malformed_batch_item_says_what_is_wrong_with_it(
    tmp_path: Path, item: object, why: str
) -> None:
    from coordinator.errors import UserError
    from coordinator.runtime.batch import load_tasks

    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(yaml.safe_dump(["Add an index", item]), "utf-8")
    with pytest.raises(UserError, match="item 2 must be a request string") as caught:
        load_tasks(tasks)
    assert str(caught.value).endswith(why)


# ---- what a write-ahead log holds, read without SQLite ---------------------------------


def _log_of(tmp_path: Path, checkpoint: bool) -> tuple[Path, Path]:
    """A database whose writer died with a committed change in its -wal (copied into the
    file too when ``checkpoint``)."""
    import sqlite3
    import subprocess
    import sys

    db = tmp_path / "c.db"
    with closing(sqlite3.connect(db, isolation_level=None)) as con:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("CREATE TABLE t (x)")
    full = "con.execute('PRAGMA wal_checkpoint(FULL)')" if checkpoint else ""
    program = (
        "import os, sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "con.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "con.execute('INSERT INTO t VALUES (1)')\n"
        f"{full}\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", program, str(db)], check=True)
    return Path(f"{db}-wal"), db


def test_a_log_holds_changes_until_the_file_has_each_committed_page(tmp_path: Path) -> None:
    from coordinator.store import wal as log

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    pending, db = _log_of(tmp_path / "a", checkpoint=False)
    assert log.unapplied_changes(pending, db)
    applied, copied = _log_of(tmp_path / "b", checkpoint=True)
    assert not log.unapplied_changes(applied, copied)
    torn = bytearray(pending.read_bytes())  # the first frame's page altered: its checksum
    torn[log.WAL_HEADER + log.FRAME_HEADER + 100] ^= 0xFF  # fails, so SQLite reads none
    pending.write_bytes(bytes(torn))
    assert not log.unapplied_changes(pending, db)
    assert not log.unapplied_changes(tmp_path / "none-wal", db)
    with open(applied, "r+b") as f:
        f.truncate(log.MAX_READ + 1)  # too large to read: assumed to hold changes
    assert log.unapplied_changes(applied, copied)
