"""ops70: a worker that stops on time. A SIGTERM while a session's tool call runs (a long
test suite, a build) lets the call run for ``--stop-grace`` seconds, then ends it (its
sandbox and every process in it), stores the call done with a result saying so, and hands
the session back: the next worker's model reads that result, nothing is run or stored
twice (before: the worker waited for the call, past systemd's 90 s, and was SIGKILLed
mid-step)."""

from __future__ import annotations

import json
import os
import queue
import signal
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import report, write_script
from test_hooks_async import ended
from test_workers_pg import InProcessWorker, line_with, read_into, store_at, worker

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def bash_agent(folder: Path) -> Path:
    """An agent ``backend`` with Bash."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend specialist: FastAPI endpoints, services.\n"
        "domain: backend\ntools: Read, Edit, Bash\n---\n\nYou are the backend specialist.\n",
        encoding="utf-8",
    )
    return folder


def running(token: str) -> list[int]:
    """The processes whose command line holds ``token`` (sandboxed ones too: the host's
    /proc shows every process of its pid namespaces)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if token.encode() in argv and b"/proc" not in argv:
            found.append(int(entry.name))
    return found


def left_running(token: str) -> list[int]:
    """The processes of ``token`` that do not end within 30 s: a process group's SIGKILL is
    delivered to each process as it is next scheduled, so one killed a moment ago may still
    be listed by :func:`running` on a loaded machine (a test failed so once). Waits on each
    one's pidfd (:func:`test_hooks_async.ended`), no polling."""
    return [pid for pid in running(token) if not ended(pid)]


def wait_for(path: Path) -> None:
    """Return once ``path`` exists (the command made it: it is running)."""
    import time

    for _ in range(12_000):
        if path.exists():
            return
        time.sleep(0.005)
    raise AssertionError(f"{path} never appeared")


def long_command_session(
    tmp: Path, url: str, first: str = "", *, stray: bool = True, unsandboxed: bool = False
) -> tuple[str, Path, str]:
    """A session queued for the workers whose first turn runs a long Bash command (``first``,
    then it notes its start in ``started``, then sleeps ~80 days, with a stray started by
    ``setsid`` unless not ``stray``; ``--unsandboxed-bash`` when ``unsandboxed``), then
    reports: its id, workspace and the command's token."""
    token = f"{uuid.uuid4().int % 10**6 + 7_000_000}"  # a sleep of ~80 days: ours alone
    command = f"{first}echo run >> started; " + (f"setsid sleep {token} & " if stray else "")
    command += f"sleep {token}"
    turns: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "Bash", "input": {"command": command, "timeout": 600_000}}]},
        {"text": report("Complete", "Done")},
    ]
    script = write_script(tmp / "s.yaml", {"backend": turns})
    ws = tmp / "roots" / "ws"
    ws.mkdir(parents=True)
    ran = coord(
        "run", "run the suite", "--agent", "backend", "--workspace", ws, "--db", url,
        "--detach", "--provider", "scripted", "--script", script,
        "--agents-dir", bash_agent(tmp / "agents"), "--only", "--allow-bash",
        *(["--unsandboxed-bash"] if unsandboxed else []),
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.strip(), ws, token


def next_line_with(lines: queue.Queue[str], needle: str) -> str:
    """The first line read into ``lines`` holding ``needle``, within 60 s of the last."""
    while True:
        try:
            line = lines.get(timeout=60)
        except queue.Empty:
            raise AssertionError(f"no {needle!r} within 60 s") from None
        if needle in line:
            return line


def tool_results(url: str, sid: str) -> list[dict[str, Any]]:
    """Every tool result the session's model was given, in order."""
    with closing(store_at(url)) as store:
        return [
            block
            for run in store.runs(sid)
            for message in store.messages(run.id)
            if message["role"] == "user" and isinstance(message["content"], list)
            for block in message["content"]
            if block.get("type") == "tool_result"
        ]


def test_sigterm_ends_a_long_tool_call_after_the_grace_and_hands_the_session_back(
    tmp_path: Path, pg_url: str
) -> None:
    """SIGTERM while the session's Bash command sleeps for 600 s: after `--stop-grace 1` the
    command and its setsid'd stray are gone, the call is stored done with the stop's result,
    the session is handed back `after step 1` and the worker exits 0; a second worker goes
    on from there: its model reads that result once, the command never runs again."""
    sid, ws, token = long_command_session(tmp_path, pg_url)
    proc = worker(pg_url, tmp_path, "--lease", "60", "--stop-grace", "1")
    try:
        line_with(proc, f"driving {sid} epoch 1")
        wait_for(ws / "started")  # the command runs
        assert running(token)
        proc.send_signal(signal.SIGTERM)
        said = line_with(proc, "stopping: ")
        lines: queue.Queue[str] = queue.Queue()
        read_into(proc, lines)  # (a worker waiting for the command must not hang the test)
        handed = next_line_with(lines, f"handed back {sid}")
        assert proc.wait(timeout=60) == 0
        left = left_running(token)  # (before the test's own kills below)
    finally:
        proc.kill()
        for pid in running(token):
            os.kill(pid, signal.SIGKILL)
    assert "a model call, hook or tool call in flight is ended after 1 s" in said
    assert handed.strip() == f"handed back {sid} after step 1"
    assert left == []  # the command and its stray, ended with the sandbox
    [stored] = tool_results(pg_url, sid)  # the turn's results, for the next model call
    with closing(store_at(pg_url)) as store:
        [run] = store.runs(sid)
        [call] = store.tool_calls(run.id, 1).values()
        [job] = store.jobs()
    assert (call.state, call.is_error) == ("done", True)
    assert "was shut down while this call ran and ended it 1 s later" in (call.result or "")
    assert job["state"] == "todo"
    taker = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0, drain=True)
    try:
        taker.line_with(f"claimed {sid} epoch 2")
        taker.line_with(f"ended {sid} complete")
    finally:
        taker.stop()
    [given] = tool_results(pg_url, sid)  # once, as stored
    assert given == stored
    assert given["is_error"] is True
    assert "ended it 1 s later (its processes killed)" in json.dumps(given["content"])
    assert (ws / "started").read_text() == "run\n"  # never run again


def test_a_database_outage_during_a_hook_waits_for_the_server_and_fires_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server stops while a PreToolUse hook runs; the hook ends while it is down. The
    write after it (the hook's run logged) waits for the server, as the write after a model
    call or a tool does, and takes the claim up again at the same epoch: the session
    completes at epoch 1, the hook fired once (before: one attempt, the write failed, the
    session was fenced and its job retried at epoch 2, firing the hook again)."""
    import threading

    from kit import write_agents
    from pgcluster import _bindir, private_cluster
    from test_ops67_pg import HOPS, data_directory, server_ctl
    from test_workers_pg import chain, check_nothing_repeated, submit

    from coordinator.store import pg

    if _bindir() is None:
        pytest.skip("PostgreSQL binaries absent (/usr/lib/postgresql/*/bin/initdb)")
    refused = threading.Event()
    opened = pg._open

    def counted(*args: Any) -> Any:
        try:
            return opened(*args)
        except Exception:
            refused.set()
            raise

    monkeypatch.setattr(pg, "_open", counted)
    with private_cluster() as url:
        agents = write_agents(tmp_path / "agents", "backend")
        script = write_script(tmp_path / "s.yaml", chain(hops=HOPS, latency_ms=0))
        ws = tmp_path / "roots" / "ws0"
        hook = "[ -e hook.go ] || { touch hook.held; until [ -e hook.go ]; do sleep 0.02; done; }"
        hooks = {"PreToolUse": [{"matcher": "Edit", "hooks": [{"type": "command", "command":
                 f"{hook}; echo fired >> hook.log"}]}]}  # fmt: skip
        (ws / ".claude").mkdir(parents=True)
        (ws / ".claude" / "settings.json").write_text(json.dumps({"hooks": hooks}))
        [sid] = submit(tmp_path, url, script, agents, 1, 0, "--allow-bash")
        data = data_directory(url)
        live = InProcessWorker(url, tmp_path / "roots", lease=60.0)
        try:
            live.line_with(f"driving {sid} epoch 1")
            wait_for(ws / "hook.held")  # the first call's hook runs
            server_ctl(data, "stop")
            (ws / "hook.go").touch()  # it ends while the server is down
            assert refused.wait(timeout=60), "the store never tried to open its connection"
            server_ctl(data, "restart")  # (a start would forget its port)
            live.line_with(f"ended {sid} ", timeout=90)
        finally:
            (ws / "hook.go").touch()
            live.stop()
        assert not [line for line in live.log if "epoch 2" in line or "fenced" in line], live.log
        assert (ws / "hook.log").read_text().splitlines() == ["fired"] * HOPS
        check_nothing_repeated(url, [sid], hops=HOPS)
