"""claude104: a ``context: fork`` skill's own ``!`command``` runs at most once, whatever
kills coord.

skills103 gave a preloaded skill's commands a ledger (``skill_command`` events: each stored
started before it runs and with its output once it ends). A forked skill's text is rendered
when its Skill call is made, before the call is stored (it is stored with its sub-agent's
run, one transaction): a kill -9 while one of its commands ran left no call stored, and
``coord resume`` ran the call, so every command, again. The same ledger now notes a fork's
commands under its call's id: a resume reuses an ended one's output, does not run again one
that started and never ended (the sub-agent's task says its output was lost to an
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
from coordinator.store.db import Store

DONE = report("Complete", "Root done")
FORKED = report("Complete", "FORK-ANSWER: steps taken")
#: A forked skill of three commands: one that ends, one that blocks until ``release``
#: exists, one after it; each notes each start in its own file.
STEPS = (
    "---\nname: steps\ndescription: Three steps\ncontext: fork\n---\n"
    "STEPS-TASK\n"
    "First: !`echo x >> one.txt; echo first-output`\n"
    "Second: !`echo x >> two.txt; until [ -e release ]; do sleep 0.05; done; echo second-output`\n"
    "Third: !`echo x >> three.txt; echo third-output`\n"
)
BACKEND = "---\nname: backend\ndescription: Backend specialist\ndomain: backend\n---\nBackend.\n"
CALL = {"name": "Skill", "input": {"skill": "steps"}}


def test_a_fork_skills_command_killed_mid_way_is_not_run_again_on_resume(
    tmp_path: Path,
) -> None:
    ws, agents = workspace(tmp_path), tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND, encoding="utf-8")
    skill(ws / ".claude/skills", "steps", STEPS)
    turns = [
        {"when": "Take the", "tool_calls": [CALL]},
        {"when": "Take the", "text": DONE},
        {"when": "STEPS-TASK", "text": FORKED},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--allow-bash")
    proc = spawn("run", "Take the steps", *base, "--agent", "backend", "--script", script)
    try:  # the second command started: it waits for ``release``
        wait_for_file(ws / "two.txt", proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=120)
    (ws / "release").touch()  # (a command still running ends; one run again would not wait)
    db = ws / ".coordinator" / "coordinator.db"
    [(sid,)] = rows(db, "SELECT id FROM sessions")
    assert rows(db, "SELECT count(*) FROM tool_calls") == [(0,)]  # the call: not stored yet

    done = coord("resume", sid, "--workspace", ws, "--allow-bash", "--script", script, "--json")

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "complete"
    assert (ws / "one.txt").read_text(encoding="utf-8") == "x\n"  # ended: its output kept
    assert (ws / "two.txt").read_text(encoding="utf-8") == "x\n"  # started: not run again
    assert (ws / "three.txt").read_text(encoding="utf-8") == "x\n"  # never started: run once
    assert rows(db, "SELECT id, parent_run_id, status FROM runs ORDER BY id") == [
        (1, None, "complete"),
        (2, 1, "complete"),
    ]
    store = Store.open(db)
    try:
        task = json.dumps(store.messages(2)[0]["content"])
    finally:
        store.close()
    assert "First: first-output" in task
    assert "Second: second-output" not in task
    assert "Second: !`echo x >> two.txt; until" in task and LOST in task
    assert "Third: third-output" in task
    [(call,)] = rows(db, "SELECT tool_use_id FROM tool_calls WHERE name = 'Skill'")
    noted = rows(db, "SELECT data FROM events WHERE kind = 'skill_command' ORDER BY seq")
    said = [(d["call"], d["n"], d["output"]) for d in (json.loads(r[0]) for r in noted)]
    assert said == [
        (call, 1, None),
        (call, 1, "first-output"),
        (call, 2, None),
        (call, 3, None),
        (call, 3, "third-output"),
    ]
