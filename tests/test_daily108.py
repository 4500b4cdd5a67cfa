"""daily108: rough edges for scripts and daily use, each checked where it is decided."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord

# ---- coord agents new --json: a script learns the new file's path ------------------------


def test_agents_new_json_names_the_file_and_how_to_try_it(tmp_path: Path) -> None:
    """``coord agents new`` had no ``--json`` (list/show/validate/eval have it): a script
    could not learn the file it wrote. Its JSON names the agent, the file (absolute), the
    ``--agents-dir`` a command needs to see it, its notes and the commands that try it; a
    refusal is JSON too."""
    made = coord("agents", "new", "qa-expert", "--domain", "Tests", "-t", "pytest", "--json",
                 cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    said = json.loads(made.stdout)
    assert Path(said["path"]) == tmp_path / ".claude/agents/qa-expert.md"
    assert Path(said["path"]).is_file() and said["agents_dir"] is None
    assert said["name"] == "qa-expert" and said["try"][1] == [
        "coord",
        "agents",
        "show",
        "qa-expert",
    ]
    again = coord("agents", "new", "qa-expert", "--domain", "Tests", "-t", "pytest", "--json",
                  cwd=tmp_path)  # fmt: skip
    assert again.returncode == 4 and "exists already" in json.loads(again.stdout)["error"]

    from coordinator.roster.scaffold import create_agent

    other = tmp_path / "elsewhere"
    created = create_agent(other, tmp_path, "pay-expert", "Payments", ["stripe"], requests=[],
                           not_for=[], model="sonnet")  # fmt: skip
    data = created.to_json()
    assert data["path"] == str(other / "pay-expert.md") and data["agents_dir"] == str(other)
    assert data["try"][0] == ["coord", "route", "stripe", "--agents-dir", str(other)]


# ---- --help shows the help whatever else the words hold ----------------------------------


def test_help_anywhere_shows_the_help_and_exits_0(tmp_path: Path) -> None:
    """``coord route --file --help`` (click took ``--help`` as the file, refused: exit 4),
    ``coord route --help --file``, ``coord log -f --bogus --help``: the help was asked for
    and is what is shown, exit 0, at every level; an unknown command stays an error, and
    ``--help`` after ``--`` is a word of the request."""
    for words in (
        ("route", "--file", "--help"),
        ("route", "--help", "--file"),
        ("log", "-f", "--bogus", "--help"),
        ("sessions", "rm", "--help", "--older-than"),
        ("agents", "--bogus", "--help"),
        ("--bogus", "--help"),
        ("resume", "--context", "--help"),
    ):
        shown = coord(*words, cwd=tmp_path)
        assert shown.returncode == 0, (words, shown.stderr)
        assert "Usage:" in shown.stdout and not shown.stderr, words
    assert coord("bogus", "--help", cwd=tmp_path).returncode == 4
    quoted = coord("route", "--json", "--", "--help", cwd=tmp_path)
    assert "Usage:" not in quoted.stdout


# ---- coord sessions --json: a script's list is never cut at a screen's 20 ----------------


def test_a_scripts_session_list_is_whole_unless_it_asks_for_a_limit(tmp_path: Path) -> None:
    """``coord sessions --json`` was cut at 20, the cut said on stderr alone: a script
    looking its session up missed it past 20 newer ones. Without ``--limit`` a script's
    list holds every match; a screen's still shows 20 and says how to see more; ``--limit``
    cuts both."""
    from coordinator.store.db import Store

    db = tmp_path / "s.db"
    store = Store.open(db)
    try:
        made = [store.create_session(f"r{n}", tmp_path, {}) for n in range(22)]
    finally:
        store.close()
    listed = coord("sessions", "--db", str(db), "--json", cwd=tmp_path)
    assert sorted(s["session"] for s in json.loads(listed.stdout)) == sorted(made)
    assert listed.stderr == ""
    shown = coord("sessions", "--db", str(db), cwd=tmp_path)
    assert "22 sessions match, the newest 20 shown" in shown.stderr
    cut = coord("sessions", "--db", str(db), "--json", "--limit", "3", cwd=tmp_path)
    assert len(json.loads(cut.stdout)) == 3 and "newest 3 shown" in cut.stderr
    from coordinator.runtime.lookup import SHOWN_AT_MOST, SessionFilter

    assert SessionFilter(whole=True).query().limit > 10**9
    assert SessionFilter().query().limit == SHOWN_AT_MOST == 20


# ---- a SIGTERM'd run's JSON has a result's keys: the agent, reason, question -------------


def test_a_sigterm_runs_json_names_its_agent_as_a_results_does(tmp_path: Path) -> None:
    """A run stopped by SIGTERM (CI's timeout) gave ``session/status/exit_code/resume/hint``
    alone: a script branching on a Blocked run's ``agent``/``question``/``waiting_for``
    met missing keys. They are there, the agent the session was routed to, null for none."""
    import signal

    from cli import finish, spawn
    from kit import report, wait_for_file, workspace, write_agents, write_script

    ws, agents, gate = workspace(tmp_path), write_agents(tmp_path / "agents"), tmp_path / "gate"
    held = [{"text": report("Complete", "Charged"), "hold_until": str(gate)}]
    script = write_script(tmp_path / "s.yaml", {"backend": held})
    job = spawn("run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir",
                agents, "--only", "--script", script, "--json", cwd=ws)  # fmt: skip
    try:
        wait_for_file(gate.with_name("gate.held"), job)
    except AssertionError:
        job.kill()
        raise
    job.send_signal(signal.SIGTERM)
    out, err = finish(job)
    assert job.returncode == 143, err
    stopped = json.loads(out)
    assert stopped["agent"] == "backend", stopped
    assert {"reason", "question", "waiting_for"} <= stopped.keys()
    assert (stopped["question"], stopped["waiting_for"]) == (None, None)
    assert stopped["resume"][:3] == ["coord", "resume", stopped["session"]]


# ---- coord demo 2>&1 | head: no project left behind that nobody was told of --------------


def test_a_demo_whose_reader_left_leaves_no_project_nobody_was_told_of(tmp_path: Path) -> None:
    """``coord demo 2>&1 | head``: the reader left mid-run, the session was interrupted
    and the temporary project kept for ``coord resume``, but the note saying where went to
    the closed pipe too: a project in the temporary folder nobody knew of, a session listed
    for ever. It is removed with its session, and the command ends as a closed pipe ends
    it (141, no traceback)."""
    import os
    import subprocess
    import sys

    from coordinator.errors import EXIT_BROKEN_PIPE

    temp = tmp_path / "tmp"
    temp.mkdir()
    reader, closed = os.pipe()
    os.close(reader)  # the reader has left before the first line
    try:
        ended = subprocess.run(
            [sys.executable, "-m", "coordinator", "demo", "--offline"],
            stdout=closed, stderr=closed, stdin=subprocess.DEVNULL, cwd=tmp_path,
            env={**os.environ, "TMPDIR": str(temp)}, timeout=300, check=False,
        )  # fmt: skip
    finally:
        os.close(closed)
    assert ended.returncode == EXIT_BROKEN_PIPE
    assert list(temp.iterdir()) == []
    listed = coord("sessions", "--json", cwd=tmp_path)
    assert json.loads(listed.stdout) == [], listed.stdout
