"""ci102: a CI job that drives coord: waiting for a session another process drives tells
its outcome by the exit code; a job a signal stopped, or one that lost a race for a
question, is told what a script needs to go on."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cli import coord, finish, spawn
from kit import (
    blocked,
    report,
    wait_for_file,
    waiting_run,
    workspace,
    write_agents,
    write_script,
)

from coordinator.errors import EXIT_OTHER_QUESTION

ASK = blocked("Payments", "the merchant id", blocker="No merchant id configured")


def _ran(tmp_path: Path, text: str) -> tuple[str, Path, int]:
    """A session whose agent ``backend`` reports ``text`` at once: id, workspace, exit."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": text}]})
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir", agents,
        "--only", "--script", script, "--json",
    )  # fmt: skip
    return str(json.loads(ran.stdout)["session"]), ws, ran.returncode


@pytest.mark.parametrize(
    ("text", "code"),
    [(report("Complete", "Charged"), 0), (report("Needs Review", "Unsure"), 2), (ASK, 3)],
    ids=["complete", "needs_review", "waiting"],
)
def test_log_follow_exits_with_the_sessions_outcome(tmp_path: Path, text: str, code: int) -> None:
    """A job that queued a session (``--detach``) or started a background agent waits for
    it with ``coord log -f ID``: it exited 0 whatever the outcome, so the job could not
    tell a session that needs review or waits for a person from one that completed. It
    exits as ``coord run`` did (text and ``--json``); a plain ``coord log`` still exits 0."""
    sid, ws, ran = _ran(tmp_path, text)
    assert ran == code
    followed = coord("log", "-f", sid, cwd=ws)
    assert followed.returncode == code, followed.stderr
    assert f"session {sid}" in followed.stdout
    scripted = coord("log", "--follow", sid, "--json", cwd=ws)
    assert scripted.returncode == code, scripted.stderr
    assert json.loads(scripted.stdout)["session"] == sid
    assert coord("log", sid, cwd=ws).returncode == 0


def test_log_follow_json_of_a_waiting_session_says_what_it_waits_for(tmp_path: Path) -> None:
    """After ``coord log -f ID --json`` exits 3 the job must tell a person's question from
    a spent budget and show the question: ``coord log --json`` had ``resume`` but neither
    ``question`` nor ``waiting_for`` (``coord run`` and ``coord sessions --json`` have
    both). It gives them as those do."""
    sid, ws, data = waiting_run(tmp_path / "asks", ASK, report("Complete"))
    log = json.loads(coord("log", "-f", sid, "--json", "-w", ws).stdout)  # from where it ran
    assert (log["question"], log["waiting_for"]) == (data["question"], None)
    assert log["question"]["required"] == "the merchant id"
    assert log["resume"] == data["resume"]
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    read = {"tool_calls": [{"name": "Read", "input": {"file_path": "README.md"}}]}
    script = write_script(tmp_path / "s.yaml", {"backend": [read, {"text": report("Complete")}]})
    config = tmp_path / "budget.yaml"
    config.write_text("max_session_tokens: 50\n", encoding="utf-8")
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir", agents,
        "--only", "--script", script, "--config", config, "--json",
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    spent = json.loads(ran.stdout)
    assert spent["waiting_for"]["waiting_reason"] == "budget"
    followed = coord("log", "-f", spent["session"], "--json", "-w", ws)
    assert followed.returncode == 3
    log = json.loads(followed.stdout)
    assert (log["question"], log["waiting_for"]) == (None, spent["waiting_for"])
    done = json.loads(
        coord(
            "log",
            _ran(tmp_path / "done", report("Complete"))[0],
            "--json",
            cwd=tmp_path / "done" / "ws",
        ).stdout
    )
    assert (done["question"], done["waiting_for"]) == (None, None)


def _until_held(gate: Path, proc: subprocess.Popen[str]) -> None:
    """Return once ``proc``'s model call waits at ``gate`` (the scripted provider makes
    ``GATE.held`` then); fail as soon as ``proc`` ends first."""
    wait_for_file(gate.with_name(gate.name + ".held"), proc)


def _held_resume(tmp_path: Path) -> tuple[str, Path, list[Any], Path, subprocess.Popen[str]]:
    """Job A: a waiting session's ``resume`` argv (its answer from a file), whose model
    call after the answer waits at a gate: the session's id, workspace, the argv, the gate
    and the process, once it holds the session."""
    gate = tmp_path / "gate"
    done = report("Complete", "Charged")
    sid, ws, data = waiting_run(tmp_path, ASK, done)
    turns = [{"text": ASK}, {"text": done, "hold_until": str(gate)}]
    held = write_script(tmp_path / "held.yaml", {"backend": turns})
    answer = tmp_path / "answer.txt"
    answer.write_text("merchant 42\n", encoding="utf-8")
    argv = [*data["resume"][1:-2], "--context-file", answer, "--script", held, "--json"]
    job_a = spawn(*argv, cwd=ws)
    try:
        _until_held(gate, job_a)
    except AssertionError:
        job_a.kill()
        raise
    return sid, ws, argv, gate, job_a


def test_a_second_job_is_told_the_session_runs_in_another(tmp_path: Path) -> None:
    """Job A answered the question and drives the session; job B (same ``resume`` argv)
    is refused with exit 6, and named the session ``interrupted``: B would have run
    ``coord resume ID`` into A's lock. It names it ``running``, as ``coord sessions``
    shows it, and says ``coord log -f ID`` waits for it."""
    sid, ws, argv, gate, job_a = _held_resume(tmp_path)
    try:
        job_b = coord(*argv, cwd=ws)
    finally:
        gate.touch()
        out, err = finish(job_a)
    assert job_a.returncode == 0, err
    assert job_b.returncode == EXIT_OTHER_QUESTION, job_b.stderr
    refused: dict[str, Any] = json.loads(job_b.stdout)
    assert (refused["session"], refused["status"]) == (sid, "running")
    assert "it asks no question now (running)" in refused["error"]
    assert refused["hint"] == (
        "Another job answered it and drives the session now: wait for it with"
        f" `coord log -f {sid}`."
    )
    assert json.loads(out)["status"] == "complete"


def test_a_job_stopped_by_sigterm_gives_the_argv_that_continues_it(tmp_path: Path) -> None:
    """CI stops job A (SIGTERM, a timeout): its ``--json`` named the session but gave
    ``hint`` alone, where every other result a session can be continued from gives
    ``resume``, the argument list; it gives it now, and that list continues the session.
    CI's retry of the same job is refused (exit 6: the answer is recorded) and was told
    "another job answered it ... see `coord log`": it is told to continue it."""
    sid, ws, argv, gate, job_a = _held_resume(tmp_path)
    job_a.send_signal(signal.SIGTERM)
    out, err = finish(job_a)
    assert job_a.returncode == 143, err
    stopped = json.loads(out)
    assert (stopped["session"], stopped["status"]) == (sid, "interrupted")
    assert stopped["resume"] == ["coord", "resume", sid]
    retried = coord(*argv, cwd=ws)  # CI's retry of the job: its answer is recorded already
    assert retried.returncode == EXIT_OTHER_QUESTION
    assert json.loads(retried.stdout)["hint"] == (
        "It was answered (by another job, or by this one before it was stopped);"
        f" continue it with `coord resume {sid}`."
    )
    gate.touch()
    again = coord(*stopped["resume"][1:], "--json", cwd=ws)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["status"] == "complete"
