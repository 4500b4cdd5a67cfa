"""kill -9 in the middle of a chain, then ``coord resume``: nothing repeated, nothing lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from cli import coord, spawn
from kit import (
    consult_chain as chain,
)
from kit import (
    release,
    report,
    wait_for_event,
    wait_for_line,
    workspace,
    write_agents,
    write_script,
)

from coordinator.store.db import SCHEMA_VERSION


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchall()


def killed_mid_chain(tmp_path: Path) -> tuple[Path, Path, int | None]:
    """A real ``coord run`` of the 3-hop chain, SIGKILLed once the consultant's Read is done
    (its next model call in flight, for an hour): the workspace, its database, and the
    process's return code."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    db = ws / ".coordinator" / "coordinator.db"
    hang = write_script(tmp_path / "hang.yaml", chain(latency_ms=3_600_000))  # until killed
    proc = spawn(
        "run", "Add a task endpoint", "--agent", "backend", "--workspace", ws,
        "--agents-dir", agents, "--only", "--provider", "scripted", "--script", hang, "--json",
    )  # fmt: skip
    try:
        wait_for_event(db, "kind = 'tool_result' AND data LIKE '%\"Read\"%'", proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=120)  # a safety net: the SIGKILL ends it
    return ws, db, proc.returncode


def killed_in_old_schema(tmp_path: Path, rewrite: Callable[[Path], None]) -> tuple[Path, Path]:
    """:func:`killed_mid_chain`, its database then rewritten by ``rewrite`` as an older
    schema kept it: the workspace and the database."""
    ws, db, _ = killed_mid_chain(tmp_path)
    rewrite(db)
    assert rows(db, "PRAGMA user_version")[0][0] < SCHEMA_VERSION
    return ws, db


def resumes_after_the_upgrade(tmp_path: Path, ws: Path, db: Path) -> None:
    """The killed session of an older schema's ``db`` is listed (the open upgrades the
    file), then resumed to its end: nothing repeated, every old event kept, numbered on."""
    before = rows(db, "SELECT seq, kind, data FROM events ORDER BY seq")  # the old view
    listed = json.loads(coord("sessions", "--json", "--workspace", ws).stdout)
    assert [s["status"] for s in listed] == ["interrupted"]
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]  # upgraded by that open
    fast = write_script(tmp_path / "fast.yaml", chain(latency_ms=0))
    done = coord("resume", listed[0]["session"][:6], "--workspace", ws, "--script", fast, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "complete"

    main = (ws / "app/main.py").read_text()
    assert main.count("# before-consult") == 1 and main.count("# after-resume") == 1
    after = rows(db, "SELECT seq, kind, data FROM events ORDER BY seq")
    assert after[: len(before)] == before  # every event kept, numbered on
    assert [seq for seq, _, _ in after] == list(range(1, len(after) + 1))
    assert after[len(before)][1] == "session_resumed" and after[-1][1] == "completed"


def test_sigkill_mid_chain_then_resume_repeats_nothing_and_keeps_every_event(
    tmp_path: Path,
) -> None:
    ws, db, returncode = killed_mid_chain(tmp_path)
    assert returncode == -signal.SIGKILL
    before = rows(db, "SELECT seq, kind, data FROM events ORDER BY seq")
    assert (ws / "app/main.py").read_text().count("# before-consult") == 1

    listed = json.loads(coord("sessions", "--json", "--workspace", ws).stdout)
    assert [s["status"] for s in listed] == ["interrupted"]  # nobody holds it any more

    fast = write_script(tmp_path / "fast.yaml", chain(latency_ms=0))
    done = coord("resume", listed[0]["session"], "--workspace", ws, "--script", fast, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "complete"

    main = (ws / "app/main.py").read_text()
    assert main.count("# before-consult") == 1 and main.count("# after-resume") == 1
    tools = rows(
        db,
        "SELECT r.agent, t.name, t.state FROM tool_calls t JOIN runs r ON r.id = t.run_id"
        " ORDER BY t.started_at",
    )
    assert tools == [
        ("backend", "Edit", "done"),
        ("dba", "Read", "done"),
        ("backend", "Edit", "done"),
    ]
    calls = rows(
        db,
        "SELECT r.agent, COUNT(*) FROM events e JOIN runs r ON r.id = e.run_id"
        " WHERE e.kind = 'model_call' GROUP BY r.agent ORDER BY r.agent",
    )
    assert calls == [("backend", 4), ("dba", 2)]  # no completed model call was repeated

    after = rows(db, "SELECT seq, kind, data FROM events ORDER BY seq")
    assert after[: len(before)] == before  # every event kept, in order
    assert [seq for seq, _, _ in after] == list(range(1, len(after) + 1))
    kinds = [kind for _, kind, _ in after[len(before) :]]
    assert kinds == [
        "session_resumed",
        "model_call",
        "report",
        "run_ended",
        "consult_done",
        "resumed",
        "model_call",
        "tool_call",
        "tool_result",
        "model_call",
        "report",
        "run_ended",
        "completed",
    ]


def test_a_tool_killed_mid_call_is_reported_interrupted_not_rerun(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend work\ndomain: backend\n"
        "tools: Bash, Read\n---\nYou are the backend specialist.\n"
    )
    db = ws / ".coordinator" / "coordinator.db"
    os.mkfifo(ws / "started.fifo")
    os.mkfifo(ws / "gate.fifo")
    # the side effect, then "I am running", then wait for the test (an hour at most)
    command = (
        "echo ran >> ran.txt && timeout 3600 sh -c 'echo started > started.fifo && cat gate.fifo'"
    )
    bash = {"name": "Bash", "input": {"command": command}}
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"tool_calls": [bash]},
                {"expect": "Interrupted: the coordinator stopped", "text": report("Complete")},
            ]
        },
    )
    proc = spawn(
        "run", "Run the migration", "--agent", "backend", "--workspace", ws, "--allow-bash",
        "--agents-dir", agents, "--only", "--provider", "scripted", "--script", script,
    )  # fmt: skip
    try:
        assert wait_for_line(ws / "started.fifo", proc) == "started"  # the tool is running
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    release(ws / "gate.fifo")  # the orphaned command ends now, not in an hour
    sid = rows(db, "SELECT id FROM sessions")[0][0]
    done = coord("resume", sid, "--workspace", ws)
    assert done.returncode == 0, done.stderr
    assert (ws / "ran.txt").read_text() == "ran\n"  # the side effect happened once
    (state,) = rows(db, "SELECT state, is_error, result FROM tool_calls")
    assert state[:2] == ("done", 1)
    assert state[2].startswith("Interrupted: the coordinator stopped")
