"""Workers on a shared PostgreSQL store: real worker processes, kill -9, SIGSTOP, a person's
answer from another process. Nothing whose result was stored runs twice."""

from __future__ import annotations

import os
import signal
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from kit import blocked, report, write_agents, write_script

MARK = "# effects"


def hop(n: int, latency_ms: int) -> dict[str, Any]:
    """One model call whose tool appends a line (a repeated tool would append it twice)."""
    edit = {"file_path": "effects.log", "old_string": MARK, "new_string": f"{MARK}\nhop {n}"}
    return {"latency_ms": latency_ms, "tool_calls": [{"name": "Edit", "input": edit}]}


def chain(hops: int, latency_ms: int, first_ms: int | None = None) -> dict[str, Any]:
    turns = [hop(n, first_ms if n == 1 and first_ms else latency_ms) for n in range(1, hops + 1)]
    turns.append({"latency_ms": latency_ms, "text": report("Complete", "Done")})
    return {"backend": turns}


def submit(tmp: Path, url: str, script: Path, agents: Path, n: int) -> list[str]:
    """``coord run --detach`` for ``n`` sessions, each in its own workspace under roots/."""
    ids = []
    for i in range(n):
        ws = tmp / "roots" / f"ws{i}"
        ws.mkdir(parents=True)
        (ws / "effects.log").write_text(MARK + "\n", encoding="utf-8")
        ran = coord(
            "run",
            f"task {i}",
            "--agent",
            "backend",
            "--workspace",
            ws,
            "--db",
            url,
            "--detach",
            "--provider",
            "scripted",
            "--script",
            script,
            "--agents-dir",
            agents,
            "--only",
        )
        assert ran.returncode == 0, ran.stderr
        ids.append(ran.stdout.strip())
    return ids


def worker(url: str, tmp: Path, *extra: str) -> subprocess.Popen[str]:
    return spawn("worker", "--db", url, "--workspace-root", tmp / "roots", *extra)


def line_with(proc: subprocess.Popen[str], needle: str) -> str:
    """Read the worker's stderr up to the first line containing ``needle``."""
    assert proc.stderr is not None
    for line in proc.stderr:
        print("W", proc.pid, line, end="")
        if needle in line:
            return line
    raise AssertionError(f"worker exited (code {proc.wait()}) before printing {needle!r}")


def store_at(url: str) -> Any:
    from coordinator.store.pg import PgStore

    return PgStore.connect(url)


def check_nothing_repeated(url: str, tmp: Path, ids: list[str], hops: int) -> None:
    with closing(store_at(url)) as store:
        for sid in ids:
            row = store.session(sid)
            assert row.status == "complete", (sid, row.status, row.reason)
            for run in store.runs(sid):
                roles = [m["role"] for m in store.messages(run.id)]
                assert roles.count("assistant") == hops + 1, (sid, roles)  # each reply once
            lines = (Path(row.workspace) / "effects.log").read_text().splitlines()[1:]
            assert len(lines) == len(set(lines)), (sid, lines)  # no tool effect twice
            assert set(lines) <= {f"hop {n}" for n in range(1, hops + 1)}
        assert {j["state"] for j in store.jobs()} == {"done"}


def test_three_workers_one_killed_mid_chain_every_session_completes_once(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=3, latency_ms=40))
    ids = submit(tmp_path, pg_url, script, agents, 24)
    workers = [worker(pg_url, tmp_path, "--drain", "--concurrency", "2") for _ in range(3)]
    victim = workers[0]
    line_with(victim, "ended ")  # it has driven one session to its end ...
    line_with(victim, "claimed ")  # ... and is in the middle of the next ones
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    for w in workers[1:]:
        assert w.wait(timeout=120) == 0, w.stderr.read() if w.stderr else ""
    check_nothing_repeated(pg_url, tmp_path, ids, hops=3)
    with closing(store_at(pg_url)) as store:
        assert max(j["attempts"] for j in store.jobs()) >= 2  # a killed claim was taken over


def test_a_paused_worker_is_fenced_and_stops_without_writing(tmp_path: Path, pg_url: str) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=2, latency_ms=10, first_ms=1500))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    paused = worker(pg_url, tmp_path, "--lease", "1")
    line_with(paused, f"driving {sid} epoch 1")
    os.kill(paused.pid, signal.SIGSTOP)  # in its first model call, past its lease
    try:
        taker = worker(pg_url, tmp_path, "--lease", "1", "--drain")
        line_with(taker, f"claimed {sid} epoch 2")
        line_with(taker, f"ended {sid} complete")
        assert taker.wait(timeout=60) == 0
    finally:
        os.kill(paused.pid, signal.SIGCONT)
    line_with(paused, f"fenced {sid}")  # refused at its next write or claim check
    paused.send_signal(signal.SIGTERM)
    paused.wait(timeout=30)
    check_nothing_repeated(pg_url, tmp_path, [sid], hops=2)


def test_a_waiting_session_answered_from_another_process_is_continued_by_a_worker(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    turns = [
        {"text": blocked("Database", "the User model schema")},
        {"expect": "email is unique", "text": report("Complete", "Used the schema")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    first = worker(pg_url, tmp_path, "--drain")
    assert first.wait(timeout=60) == 0
    with closing(store_at(pg_url)) as store:
        assert store.session(sid).status == "waiting"  # no database agent in this roster
    answered = coord("resume", sid, "--context", "email is unique", "--db", pg_url)
    assert answered.returncode == 0, answered.stderr
    with closing(store_at(pg_url)) as store:
        assert store.session(sid).status == "running"
        assert [j["state"] for j in store.jobs()] == ["todo"]
    second = worker(pg_url, tmp_path, "--drain")
    assert second.wait(timeout=60) == 0
    with closing(store_at(pg_url)) as store:
        assert store.session(sid).status == "complete"


def test_detach_needs_a_postgres_store(tmp_path: Path) -> None:
    ran = coord(
        "run", "add an endpoint", "--db", tmp_path / "s.db", "--detach", "--provider", "scripted"
    )
    assert ran.returncode == 4
    assert "--detach needs" in ran.stderr


def test_a_worker_needs_a_postgres_store(tmp_path: Path) -> None:
    ran = coord("worker", "--db", tmp_path / "s.db")
    assert ran.returncode == 4
    assert "needs a shared PostgreSQL store" in ran.stderr


pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def test_run_without_detach_drives_here_on_the_shared_store(tmp_path: Path, pg_url: str) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=2, latency_ms=0))
    ws = tmp_path / "roots" / "here"
    ws.mkdir(parents=True)
    (ws / "effects.log").write_text(MARK + "\n", encoding="utf-8")
    ran = coord(
        "run",
        "task",
        "--agent",
        "backend",
        "--workspace",
        ws,
        "--db",
        pg_url,
        "--json",
        "--provider",
        "scripted",
        "--script",
        script,
        "--agents-dir",
        agents,
        "--only",
    )
    assert ran.returncode == 0, ran.stderr
    assert (ws / "effects.log").read_text().splitlines()[1:] == ["hop 2", "hop 1"]
    with closing(store_at(pg_url)) as store:
        assert [s.status for s in store.sessions()] == ["complete"]
        assert store.jobs() == []  # nothing was queued for workers
