"""ops73: what a stopping worker leaves. A second SIGTERM exits at once, and still ends
the process groups of the unsandboxed commands it runs (before: ``os._exit`` skipped the
exit-time kill, and the command ran on, an orphan, after its worker was gone)."""

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
from cli import coord, spawn
from kit import blocked, report, write_agents, write_script
from test_ops70_stop_pg import left_running, long_command_session, running, wait_for
from test_ops71_stop_pg import stopped_after_grace, stopped_in_a_hook
from test_workers_pg import (
    InProcessWorker,
    call_held,
    line_with,
    read_into,
    store_at,
    submit,
    worker,
)

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def allowing_unsandboxed(tmp: Path) -> dict[str, str]:
    """The environment of a worker whose own config allows unsandboxed Bash."""
    xdg = tmp / "xdg"
    (xdg / "coordinator").mkdir(parents=True)
    (xdg / "coordinator" / "config.yaml").write_text("unsandboxed_bash: true\n")
    return {"XDG_CONFIG_HOME": str(xdg)}


def test_a_second_sigterm_still_ends_an_unsandboxed_commands_processes(
    tmp_path: Path, pg_url: str
) -> None:
    """SIGTERM while an unsandboxed command runs (the grace long), then SIGTERM again: the
    worker exits at once (143) and the command's process group is killed with it."""
    sid, ws, token = long_command_session(tmp_path, pg_url, stray=False, unsandboxed=True)
    proc = spawn(
        "worker", "--db", pg_url, "--workspace-root", tmp_path / "roots", "--lease", "60",
        "--stop-grace", "600", env=allowing_unsandboxed(tmp_path),
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    try:
        line_with(proc, f"driving {sid} epoch 1")
        wait_for(ws / "started")
        assert running(token)  # the command runs, unsandboxed
        proc.send_signal(signal.SIGTERM)
        line_with(proc, "stopping: ")
        read_into(proc, lines)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 128 + signal.SIGTERM
        left = left_running(token)
    finally:
        proc.kill()
        for pid in running(token):
            os.kill(pid, signal.SIGKILL)
    assert left == []


def prompt_hook(home: Path) -> None:
    """The user's UserPromptSubmit hook (in ``home``, the CLAUDE_CONFIG_DIR): it notes each
    firing in the workspace's ``prompt.log`` and adds a context."""
    said = {"hookSpecificOutput": {"hookEventName": "UserPromptSubmit",
            "additionalContext": "HOOKCTX73"}}  # fmt: skip
    command = f"echo fired >> prompt.log; printf '%s' '{json.dumps(said)}'"
    hooks = {"UserPromptSubmit": [{"hooks": [{"type": "command", "command": command}]}]}
    home.mkdir()
    (home / "settings.json").write_text(json.dumps({"hooks": hooks}))


def test_a_queued_answers_prompt_hooks_run_once_where_it_is_given_and_a_hand_back_keeps_it(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`coord resume --context` on a shared store fires UserPromptSubmit in its own process
    (bounded by nothing of a worker's: no worker runs it), stores the answer with the hooks'
    context, then queues the session. A worker stopped during the next model call hands it
    back; the next worker gives the model the answer and its context, and no worker fires
    the hooks again."""
    home = tmp_path / "claude-home"
    prompt_hook(home)
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(home))
    gate = tmp_path / "go"
    turns = [
        {"text": blocked("Database", "the User model schema")},
        {"expect": "email is unique", "hold_until": str(gate),
         "text": report("Complete", "Used the schema")},
    ]  # fmt: skip
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    [sid] = submit(tmp_path, pg_url, script, write_agents(tmp_path / "agents", "backend"), 1)
    ws = tmp_path / "roots" / "ws0"
    first = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0, drain=True)
    try:
        first.line_with(f"ended {sid} waiting")
    finally:
        first.stop()
    log = ws / "prompt.log"
    assert log.read_text().splitlines() == ["fired"]  # the request's, by `coord run`
    answered = coord("resume", sid, "--context", "email is unique", "--db", pg_url)
    assert answered.returncode == 0, answered.stderr
    assert log.read_text().splitlines() == ["fired"] * 2  # the answer's, here
    proc = worker(pg_url, tmp_path, "--lease", "60", "--stop-grace", "1")
    try:
        line_with(proc, f"driving {sid} epoch")
        call_held(gate)
        handed = stopped_after_grace(proc, sid)
    finally:
        proc.kill()
    assert "the stop ended a model call in flight" in handed
    gate.touch()
    taker = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0, drain=True)
    try:
        taker.line_with(f"ended {sid} complete")  # the script's `expect`: the answer given
    finally:
        taker.stop()
    assert log.read_text().splitlines() == ["fired"] * 2  # by no worker
    with closing(store_at(pg_url)) as store:
        [run] = store.runs(sid)
        given = [m for m in store.messages(run.id) if "email is unique" in json.dumps(m)]
    assert len(given) == 1 and "HOOKCTX73" in json.dumps(given)


def nested_read_session(tmp: Path, url: str) -> tuple[str, Path, str]:
    """A queued session whose first turn Reads ``sub/x.py`` (bringing ``sub/CLAUDE.md``),
    then reports; the workspace's InstructionsLoaded hook holds its first firing (it notes
    ``hook.held``, then sleeps ~80 days) until ``hook.go`` exists, each firing that ends
    appending to ``hook.log``: the session, its workspace, the sleep's token."""
    token = f"{uuid.uuid4().int % 10**6 + 7_000_000}"
    turns: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "Read", "input": {"file_path": "sub/x.py"}}]},
        {"text": report("Complete", "Done")},
    ]
    script = write_script(tmp / "s.yaml", {"backend": turns})
    ws = tmp / "roots" / "ws0"
    (ws / "sub").mkdir(parents=True)
    (ws / "sub" / "x.py").write_text("print(1)\n")
    (ws / "sub" / "CLAUDE.md").write_text("SUBRULE73: async only.\n")
    hook = f"[ -e hook.go ] || {{ touch hook.held; sleep {token}; }}; echo fired >> hook.log"
    hooks = {"InstructionsLoaded": [{"hooks": [{"type": "command", "command": hook}]}]}
    (ws / ".claude").mkdir()
    (ws / ".claude" / "settings.json").write_text(json.dumps({"hooks": hooks}))
    agents = write_agents(tmp / "agents", "backend")
    [sid] = submit(tmp, url, script, agents, 1, 0, "--allow-bash")
    return sid, ws, token


def test_instructions_loaded_hooks_the_stop_ended_fire_again_for_the_next_worker(
    tmp_path: Path, pg_url: str
) -> None:
    """SIGTERM while the InstructionsLoaded hook of the file a Read brought sleeps past
    `--stop-grace 1`: the hook is killed and the session handed back before the turn's
    results are stored; the next worker reuses the Read's stored result (not run again),
    gives the model the file once and fires the hook for it again (before: the results were
    stored first, so the next worker never fired it: the firing was lost)."""
    sid, ws, token = nested_read_session(tmp_path, pg_url)
    handed, left = stopped_in_a_hook(pg_url, tmp_path, sid, ws, token)
    assert handed.endswith("the stop ended its InstructionsLoaded hooks"), handed
    assert left == []
    (ws / "hook.go").touch()
    taker = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0, drain=True)
    try:
        taker.line_with(f"ended {sid} complete")
    finally:
        taker.stop()
    assert (ws / "hook.log").read_text().splitlines() == ["fired"]
    with closing(store_at(pg_url)) as store:
        [run] = store.runs(sid)
        said = json.dumps(store.messages(run.id))
    assert said.count("SUBRULE73") == 1
