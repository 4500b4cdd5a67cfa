"""skills103: a preloaded skill's ``!`command``` runs at most once, whatever kills coord.

tidy102 stored a run's rendered system prompt before its first model call, so a resume does
not render it again; but a kill -9 while one of its preloaded skills' commands ran left no
prompt stored, and ``coord resume`` ran every command again (one that deploys, or appends,
twice). Each command is now stored as started before it starts and with its output once it
ends (a ``skill_command`` event); a resume reuses an ended one's output, does not run again
one that started and never ended (the agent's text says its output was lost to an
interruption), and runs those never started. A real ``coord run`` killed with -9 while a
command blocks on a file this test controls, then ``coord resume``; real SKILL.md, agent
file, ``bwrap`` sandbox and SQLite store.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

from cli import coord, spawn
from kit import report, rows, wait_for_file, workspace, write_script
from test_skill96_skill_tool import skill

from coordinator.runtime.skill_shell import LOST

DONE = report("Complete", "Done")
#: Three commands: one that ends, one that blocks until ``release`` exists, one after it;
#: each notes each start in its own file.
STEPS = (
    "---\nname: steps\ndescription: Three steps\n---\n"
    "First: !`echo x >> one.txt; echo first-output`\n"
    "Second: !`echo x >> two.txt; until [ -e release ]; do sleep 0.05; done; echo second-output`\n"
    "Third: !`echo x >> three.txt; echo third-output`\n"
)
BACKEND = (
    "---\nname: backend\ndescription: Backend specialist\ndomain: backend\n"
    "skills: [steps]\n---\nYou are the backend specialist.\n"
)


def test_a_command_killed_mid_way_is_not_run_again_on_resume(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND, encoding="utf-8")
    skill(ws / ".claude/skills", "steps", STEPS)
    script = write_script(tmp_path / "done.yaml", {"backend": [{"text": DONE}]})
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--allow-bash")
    proc = spawn("run", "Do the steps", *base, "--agent", "backend", "--script", script)
    try:  # the second command started: it waits for ``release``
        wait_for_file(ws / "two.txt", proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=120)
    (ws / "release").touch()  # (a command still running ends; one run again would not wait)
    db = ws / ".coordinator" / "coordinator.db"
    [(sid,)] = rows(db, "SELECT id FROM sessions")

    done = coord("resume", sid, "--workspace", ws, "--allow-bash", "--script", script, "--json")

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "complete"
    assert (ws / "one.txt").read_text(encoding="utf-8") == "x\n"  # ended: its output kept
    assert (ws / "two.txt").read_text(encoding="utf-8") == "x\n"  # started: not run again
    assert (ws / "three.txt").read_text(encoding="utf-8") == "x\n"  # never started: run once
    [(system,)] = rows(db, "SELECT system FROM runs")
    assert "First: first-output" in system
    assert "Second: second-output" not in system
    assert "Second: !`echo x >> two.txt; until" in system and LOST in system
    assert "Third: third-output" in system
    noted = rows(db, "SELECT data FROM events WHERE kind = 'skill_command' ORDER BY seq")
    said = [(d["n"], d["output"]) for d in (json.loads(r[0]) for r in noted)]
    assert said == [(1, None), (1, "first-output"), (2, None), (3, None), (3, "third-output")]
