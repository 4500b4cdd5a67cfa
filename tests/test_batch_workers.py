"""A batch split across worker processes: every item runs once, in one process, and the
results come back in the file's order with the batch's exit code."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import yaml
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script

from coordinator.errors import EXIT_FAILED, EXIT_USER_ERROR, UserError
from coordinator.runtime.batch import (
    BatchItem,
    BatchTask,
    Share,
    ShareDone,
    batch_exit_code,
    limits,
    run_in_workers,
    shares,
    worker_count,
)

TASKS = [BatchTask(f"task {i}", "backend") for i in range(7)]


def test_calls_in_flight_are_shared_out_and_add_up() -> None:
    assert limits(5, 2) == [3, 2]
    assert limits(4, 4) == [1, 1, 1, 1]
    assert sum(limits(1000, 3)) == 1000
    numbered = shares(TASKS, 3)
    assert [[i for i, _ in share] for share in numbered] == [[0, 3, 6], [1, 4], [2, 5]]


def test_worker_count_never_exceeds_the_tasks_or_the_calls_in_flight() -> None:
    assert worker_count(7, 4, 2) == 2
    assert worker_count(1, 4, 2) == 1  # one task: no second process
    assert worker_count(7, 1, 2) == 1  # one call in flight: one process can use it
    assert worker_count(399, 1000) == 1  # a smaller batch: one process unless asked
    with pytest.raises(UserError, match=r"--workers: must be at least 1 \(got 0\)"):
        worker_count(7, 4, 0)


def _pid_runner(share: Share, limit: int) -> ShareDone:
    """Stands for a worker's sessions: each item says which process ran it."""
    items = [BatchItem(i, task, error=f"{os.getpid()}") for i, task in share]
    return ShareDone(items, peak=limit)


def test_each_item_runs_once_in_one_worker_and_comes_back_in_order() -> None:
    done = run_in_workers(TASKS, 4, 2, _pid_runner)
    assert [item.index for item in done.items] == list(range(7))
    assert [item.task for item in done.items] == TASKS
    pids = [item.error for item in done.items]
    assert len(set(pids)) == 2 and str(os.getpid()) not in pids  # two forked workers
    assert pids[0::2] == [pids[0]] * 4 and pids[1::2] == [pids[1]] * 3
    assert done.peak == 4  # the workers' peaks (here their limits, 2 + 2) add up


def _dies_in_second_share(share: Share, limit: int) -> ShareDone:
    if share[0][0] == 1:
        os._exit(3)  # the worker dies without a word (kill -9, out of memory)
    if share[0][0] == 2:
        raise UserError("the store is read-only")
    return ShareDone([BatchItem(i, task, error="ran") for i, task in share])


def test_a_worker_that_dies_or_fails_leaves_only_its_own_items_failed() -> None:
    done = run_in_workers(TASKS, 3, 3, _dies_in_second_share)
    by_share = {i: item for i, item in enumerate(done.items)}
    assert [by_share[i].error for i in (0, 3, 6)] == ["ran"] * 3
    died = by_share[1]
    assert died.error is not None and "exit code 3" in died.error
    assert died.exit_code == EXIT_FAILED
    assert by_share[2].error == "the store is read-only"
    assert by_share[2].exit_code == EXIT_USER_ERROR
    assert batch_exit_code(done.items) == EXIT_USER_ERROR


def test_coord_run_batch_with_two_workers_drives_every_session_once(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"text": blocked("Database", "User schema")},
                {"expect": "[coordinator:resume]", "text": report("Complete")},
            ],
            "dba": [{"text": "email: str\n" + report("Complete", "Schema")}],
        },
    )
    items: list[object] = [{"request": f"Task {i}", "agent": "backend"} for i in range(6)]
    items.insert(3, {"request": "What should I cook for dinner tonight?"})  # no agent fits
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(yaml.safe_dump(items))
    proc = coord(
        "run", "--batch", tasks, "--workers", "2", "--concurrency", "4", "--workspace", ws,
        "--agents-dir", agents, "--only", "--provider", "scripted", "--script", script, "--json",
    )  # fmt: skip
    assert proc.returncode == EXIT_USER_ERROR, proc.stderr  # the item no agent fits
    out = json.loads(proc.stdout)
    assert out["workers"] == 2 and out["exit_code"] == EXIT_USER_ERROR
    assert 2 <= out["peak_in_flight"] <= 4
    assert [i["index"] for i in out["items"]] == list(range(7))
    assert [i["request"] for i in out["items"]] == [it["request"] for it in items]  # type: ignore[index]
    statuses = [i.get("status") for i in out["items"]]
    assert statuses == ["complete"] * 3 + ["user_error"] + ["complete"] * 3
    assert "no agent fits" in out["items"][3]["error"], out["items"][3]
    sessions = {i["session"] for i in out["items"] if i["session"] is not None}
    db = ws / ".coordinator" / "coordinator.db"
    with closing(sqlite3.connect(db)) as con:
        stored = dict(con.execute("SELECT id, status FROM sessions").fetchall())
        calls = con.execute(
            "SELECT session_id, COUNT(*) FROM events WHERE kind = 'model_call' GROUP BY session_id"
        ).fetchall()
    assert stored == dict.fromkeys(sessions, "complete")
    assert sorted(n for _, n in calls) == [3] * 6  # each chain driven once: 3 model calls


def test_workers_without_a_batch_or_below_one_is_one_clear_message(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    alone = coord("run", "Add an endpoint", "--workers", "2", "--workspace", ws)
    assert alone.returncode == EXIT_USER_ERROR
    assert "--workers splits a batch" in alone.stderr and "Traceback" not in alone.stderr
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(yaml.safe_dump(["Add an endpoint"]))
    zero = coord("run", "--batch", tasks, "--workers", "0", "--workspace", ws)
    assert zero.returncode == EXIT_USER_ERROR
    assert "--workers: must be at least 1 (got 0)" in zero.stderr
