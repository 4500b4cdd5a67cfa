"""ops71: a stopping worker is done within its grace whatever its session was doing. A
model call (a long streamed reply) or hooks still in flight `--stop-grace` seconds after
SIGTERM are ended, nothing of them stored, and the session handed back before them: the
next worker makes that call or fires those hooks again, nothing that had finished is
repeated (before: the worker waited for them, a hook up to its own 10 min timeout, past
systemd's 90 s, and was SIGKILLed mid-step)."""

from __future__ import annotations

import json
import os
import queue
import signal
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from kit import write_agents, write_script
from test_ops67_pg import HOPS, held_session, replies
from test_ops70_stop_pg import left_running, next_line_with, running, tool_results, wait_for
from test_workers_pg import (
    InProcessWorker,
    call_held,
    chain,
    check_nothing_repeated,
    line_with,
    read_into,
    store_at,
    submit,
    worker,
)

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def stopped_after_grace(proc: object, sid: str) -> str:
    """SIGTERM the worker ``proc`` and return its hand-back line for ``sid`` (it exits 0)."""
    import subprocess

    assert isinstance(proc, subprocess.Popen)
    proc.send_signal(signal.SIGTERM)
    line_with(proc, "stopping: ")
    lines: queue.Queue[str] = queue.Queue()
    read_into(proc, lines)  # (a worker waiting for the step must not hang the test)
    handed = next_line_with(lines, f"handed back {sid}")
    assert proc.wait(timeout=60) == 0
    return handed.strip()


def stopped_in_a_hook(
    pg_url: str, tmp: Path, sid: str, ws: Path, token: str
) -> tuple[str, list[int]]:
    """A worker (``--stop-grace 1``) drives ``sid`` until its hook holds (``hook.held`` in
    ``ws``), then is stopped: its hand-back line and the processes of ``token`` left
    running (each killed after)."""
    proc = worker(pg_url, tmp, "--lease", "60", "--stop-grace", "1")
    try:
        line_with(proc, f"driving {sid} epoch 1")
        wait_for(ws / "hook.held")
        handed = stopped_after_grace(proc, sid)
        left = left_running(token)
    finally:
        proc.kill()
        for pid in running(token):
            os.kill(pid, signal.SIGKILL)
    return handed, left


def test_sigterm_ends_a_model_call_still_in_flight_after_the_grace(
    tmp_path: Path, pg_url: str
) -> None:
    """SIGTERM while the first model call is held past `--stop-grace 1`: the call is ended,
    not stored, the session handed back before it with a line saying a paid call was cut,
    the worker exits 0; the next worker makes the call again and completes the chain, each
    reply stored once, each tool run once."""
    sid, gate = held_session(tmp_path, pg_url)
    proc = worker(pg_url, tmp_path, "--lease", "60", "--stop-grace", "1")
    try:
        line_with(proc, f"driving {sid} epoch 1")
        call_held(gate)  # held in its first model call, and never let go here
        handed = stopped_after_grace(proc, sid)
    finally:
        proc.kill()
    assert handed == (
        f"handed back {sid} after step 0: the stop ended a model call in flight 1 s after"
        " the stop (paid, not stored)"
    )
    assert replies(pg_url, sid) == 0
    with closing(store_at(pg_url)) as store:
        [job] = store.jobs()
    assert job["state"] == "todo"
    gate.touch()
    taker = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0, drain=True)
    try:
        taker.line_with(f"claimed {sid} epoch 2")
        taker.line_with(f"ended {sid} complete")
    finally:
        taker.stop()
    check_nothing_repeated(pg_url, [sid], hops=HOPS)


def hooked_session(tmp: Path, url: str, event: str) -> tuple[str, Path, str]:
    """A queued chain of :data:`HOPS` Edits whose ``event`` hook on Edit holds its first
    firing (it notes ``hook.held``, then sleeps ~80 days) until ``hook.go`` exists; each
    firing that ends appends to ``hook.log``: the session, its workspace, the sleep's
    token."""
    token = f"{uuid.uuid4().int % 10**6 + 7_000_000}"
    agents = write_agents(tmp / "agents", "backend")
    script = write_script(tmp / "s.yaml", chain(hops=HOPS, latency_ms=0))
    ws = tmp / "roots" / "ws0"
    hook = f"[ -e hook.go ] || {{ touch hook.held; sleep {token}; }}; echo fired >> hook.log"
    settings = {"hooks": {event: [{"matcher": "Edit", "hooks": [{"type": "command",
                "command": hook}]}]}}  # fmt: skip
    (ws / ".claude").mkdir(parents=True)
    (ws / ".claude" / "settings.json").write_text(json.dumps(settings))
    [sid] = submit(tmp, url, script, agents, 1, 0, "--allow-bash")
    return sid, ws, token


@pytest.mark.parametrize("event", ["PreToolUse", "PostToolUse"])
def test_sigterm_ends_a_hook_still_running_after_the_grace(
    tmp_path: Path, pg_url: str, event: str
) -> None:
    """SIGTERM while the first Edit's hook sleeps past `--stop-grace 1`: the hook's process
    is killed, the session handed back with a line naming the hooks ended, the worker exits
    0. PreToolUse: the Edit never started, so the next worker fires the hook again and runs
    it once. PostToolUse: the Edit ran, so its result is stored, saying its hooks were
    ended, and it is never run again. Either way the chain completes, nothing repeated."""
    sid, ws, token = hooked_session(tmp_path, pg_url, event)
    handed, left = stopped_in_a_hook(pg_url, tmp_path, sid, ws, token)
    assert handed == f"handed back {sid} after step 1: the stop ended its {event} hooks"
    assert left == []  # the hook's process, killed with its run
    assert not (ws / "hook.log").exists()
    effects = (ws / "effects.log").read_text().splitlines()[1:]
    given = tool_results(pg_url, sid)
    if event == "PreToolUse":
        assert effects == []
        assert given == []
    else:
        assert effects == ["hop 1"]
        with closing(store_at(pg_url)) as store:
            [run] = store.runs(sid)
            [call] = store.tool_calls(run.id, 1).values()
        assert call.state == "done"
        assert "its PostToolUse hooks were ended by the worker's shutdown" in (call.result or "")
    (ws / "hook.go").touch()
    taker = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0, drain=True)
    try:
        taker.line_with(f"claimed {sid} epoch 2")
        taker.line_with(f"ended {sid} complete")
    finally:
        taker.stop()
    fired = HOPS if event == "PreToolUse" else HOPS - 1  # (the ended run never wrote)
    assert (ws / "hook.log").read_text().splitlines() == ["fired"] * fired
    check_nothing_repeated(pg_url, [sid], hops=HOPS)


def test_a_bash_command_ended_by_the_stop_keeps_what_it_output_scrubbed(
    tmp_path: Path, pg_url: str
) -> None:
    """A sandboxed command that printed two lines (one holding an API key) and the start of
    a third before its long sleep, ended by the stop: its stored result keeps the lines it
    printed, the key scrubbed as in any command's output, not the unfinished one (it may
    hold a secret cut short), then the stop's note (before: "its output is lost")."""
    from test_ops70_stop_pg import long_command_session

    key = "sk-ant-api03-ops71" + "x" * 24
    printed = f"echo partial-ops71-line; echo key={key}; printf 'tail=https://u:hunter2sec'; "
    sid, ws, token = long_command_session(tmp_path, pg_url, printed)
    proc = worker(pg_url, tmp_path, "--lease", "60", "--stop-grace", "1")
    try:
        line_with(proc, f"driving {sid} epoch 1")
        wait_for(ws / "started")  # it printed both lines, and sleeps
        handed = stopped_after_grace(proc, sid)
    finally:
        proc.kill()
        for pid in running(token):
            os.kill(pid, signal.SIGKILL)
    assert handed == f"handed back {sid} after step 1"  # (a tool call: stored, nothing cut)
    with closing(store_at(pg_url)) as store:
        [run] = store.runs(sid)
        [call] = store.tool_calls(run.id, 1).values()
    text = call.result or ""
    assert (call.state, call.is_error) == ("done", True)
    assert text.startswith("partial-ops71-line\nkey=")
    assert key not in text
    assert "hunter2sec" not in text  # the line it was in when ended: left out (lead50)
    assert "ended it 1 s later (its processes killed)" in text
    assert "what it output until then is above" in text
    [given] = tool_results(pg_url, sid)
    assert key not in json.dumps(given)
