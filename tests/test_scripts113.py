"""scripts113: what a CI script reading ``--json`` needs, the same in every command: a
batch item names the files its session changed and the calls it had refused, as ``coord
run --json`` does (a batch script printed no files: its items had no ``files``). In
process: the process does not matter here (tests/test_scripts113_examples.py runs the
example scripts as real processes)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script

#: ``backend`` writes a file and tries one outside the workspace (refused), then reports;
#: ``ops`` changes nothing.
SCRIPT = {
    "backend": [
        {
            "tool_calls": [
                {"name": "Write", "input": {"file_path": "app/health.py", "content": "ok\n"}},
                {"name": "Write", "input": {"file_path": "/etc/coord-x", "content": "x\n"}},
            ]
        },
        {"text": report("Complete", files="app/health.py")},
    ],
    "ops": [{"text": report("Complete")}],
}


def test_a_batch_item_names_its_files_and_refused_calls_as_a_run_does(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", SCRIPT)
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(
        yaml.safe_dump(
            [{"request": "Add a health route", "agent": "backend"},
             {"request": "Check the pipeline", "agent": "ops"}]
        )
    )  # fmt: skip
    common = ("--agents-dir", agents, "--only", "--script", script, "--json")
    batch = coord("run", "--batch", tasks, "-w", ws, *common)
    assert batch.returncode == 0, batch.stderr
    items = json.loads(batch.stdout)["items"]
    alone = workspace(tmp_path / "alone")  # the same change, in a workspace of its own
    single = coord("run", "Add a health route", "--agent", "backend", "-w", alone, *common)
    assert single.returncode == 0, single.stderr
    run = json.loads(single.stdout)
    assert items[0]["files"] == run["files"] == ["app/health.py"]
    assert [r["name"] for r in items[0]["refused"]] == [r["name"] for r in run["refused"]]
    assert items[0]["refused"] and items[0]["refused"][0]["input_summary"]
    assert items[1]["files"] == [] and items[1]["refused"] == []
    assert set(run) - {"already_ended"} <= set(items[0])  # every key a run's result has


def test_sessions_json_has_the_hint_run_and_log_give_beside_resume(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"text": blocked("Product", "Which plan")}]}
    )
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir", agents,
        "--only", "--script", script, "--json",
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    run = json.loads(ran.stdout)
    (listed,) = json.loads(coord("sessions", "--json", "-w", ws, "--here").stdout)
    logged = json.loads(coord("log", run["session"], "--json", "-w", ws).stdout)
    assert listed["resume"] == run["resume"] == logged["resume"]
    assert listed["hint"] == run["hint"] == logged["hint"]
    assert listed["hint"].startswith(f"Answer with: coord resume {run['session']}")


def test_an_error_that_interrupts_a_session_gives_the_resume_that_continues_it(
    tmp_path: Path,
) -> None:
    """A run (or batch item) an error stopped mid-way (a script's unmet ``expect``) names its
    session ``interrupted``; its ``--json`` error now has ``resume``, as an interrupted
    result's has, so a script continues it without reading the hint's words."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    turn = {"expect": "the magic word", "text": report("Complete")}
    script = write_script(tmp_path / "s.yaml", {"backend": [turn]})
    common = ("-w", ws, "--agents-dir", agents, "--only", "--script", script, "--json")
    ran = coord("run", "Add a route", "--agent", "backend", *common)
    assert ran.returncode == 4, ran.stderr
    error = json.loads(ran.stdout)
    assert error["status"] == "interrupted" and error["resume"][:3] == [
        "coord", "resume", error["session"],
    ]  # fmt: skip
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(yaml.safe_dump([{"request": "Add a route", "agent": "backend"}]))
    (item,) = json.loads(coord("run", "--batch", tasks, *common).stdout)["items"]
    assert item["status"] == "interrupted" and item["resume"][:3] == [
        "coord", "resume", item["session"],
    ]  # fmt: skip
    write_script(script, {"backend": [{"text": report("Complete")}]})  # the script fixed
    again = coord(*error["resume"][1:], "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["status"] == "complete"


def test_log_json_says_when_a_session_ended_as_an_already_ended_resume_does(
    tmp_path: Path,
) -> None:
    """A nightly audit's durations: ``coord log --json``'s ``ended_at`` (epoch seconds),
    null while the session waits, then the end an already-ended resume names."""
    answer = {"expect": "Pro plan", "text": report("Complete")}
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"text": blocked("Product", "Which plan")}, answer]}
    )
    common = ("-w", ws, "--agents-dir", agents, "--only", "--script", script, "--json")
    sid = json.loads(coord("run", "Charge the card", "--agent", "backend", *common).stdout)[
        "session"
    ]
    waiting = json.loads(coord("log", sid, "--json", "-w", ws).stdout)
    assert waiting["status"] == "waiting" and waiting["ended_at"] is None
    done = coord("resume", sid, "--context", "The Pro plan", "-w", ws, "--json")
    assert done.returncode == 0, done.stderr
    again = json.loads(coord("resume", sid, "--context", "again", "-w", ws, "--json").stdout)
    logged = json.loads(coord("log", sid, "--json", "-w", ws).stdout)
    assert again["already_ended"] and logged["ended_at"] == again["ended_at"]
    assert logged["created_at"] < logged["ended_at"]
