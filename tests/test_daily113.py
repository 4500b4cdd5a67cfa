"""daily113: rough edges a script meets. With ``--json`` stderr holds what went wrong or
will not apply, not the routine ``hooks: N active`` listing; a session's end is
``ended_at`` in every result and listing (``coord sessions --json`` lacked it; ``coord
run``/``resume --json`` had it only for an already-ended resume); ``coord agents validate``
counts an info note as a note, not a warning; ``coord log --json`` names the ``agent``
and ``coord route --json`` the ``hint`` (null) as the others do; ``ci-resume.sh`` says no
session was started where it printed ``session null: null``. In process (CliRunner) but the
script's test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script

REPO = Path(__file__).resolve().parents[1]
HOOK = {"PostToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": "true"}]}]}
WRITES = {
    "backend": [
        {"tool_calls": [{"name": "Write", "input": {"file_path": "a.txt", "content": "a\n"}}]},
        {"text": report("Complete", files="a.txt")},
    ]
}


def settings(path: Path, body: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body), encoding="utf-8")


def test_run_json_leaves_the_hooks_listing_off_stderr_but_not_a_skipped_hook(
    tmp_path: Path,
) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": WRITES["backend"] * 4})
    settings(Path.home() / ".claude" / "settings.json", {"hooks": HOOK})
    common = ("--agent", "backend", "-w", ws, "--agents-dir", agents, "--only", "--script", script)
    text = coord("run", "Add a file", *common)
    assert text.returncode == 0, text.stderr
    assert "hooks: 1 active" in text.stderr  # the person's view keeps it
    quiet = coord("run", "Add a file", *common, "--json")
    assert quiet.returncode == 0, quiet.stderr
    assert "hooks:" not in quiet.stderr and json.loads(quiet.stdout)["status"] == "complete"
    settings(ws / ".claude" / "settings.json", {"hooks": HOOK})  # skipped: no --allow-bash
    skipped = coord("run", "Add a file", *common, "--json")
    assert "hooks: 1 of 2 active" in skipped.stderr and "skipped: " in skipped.stderr


def test_every_result_and_listing_says_when_the_session_ended(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    answer = {"expect": "Pro plan", "text": report("Complete")}
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"text": blocked("Product", "Which plan")}, answer]}
    )
    common = ("-w", ws, "--agents-dir", agents, "--only", "--script", script, "--json")
    run = json.loads(coord("run", "Charge the card", "--agent", "backend", *common).stdout)
    assert run["status"] == "waiting" and run["ended_at"] is None
    (listed,) = json.loads(coord("sessions", "--json", "-w", ws, "--here").stdout)
    assert listed["ended_at"] is None
    done = coord("resume", run["session"], "--context", "The Pro plan", "-w", ws, "--json")
    resumed = json.loads(done.stdout)
    (listed,) = json.loads(coord("sessions", "--json", "-w", ws, "--here").stdout)
    logged = json.loads(coord("log", run["session"], "--json", "-w", ws).stdout)
    again = json.loads(coord("resume", run["session"], "-w", ws, "--json").stdout)
    assert resumed["already_ended"] is False and again["already_ended"] is True
    assert isinstance(logged["ended_at"], float)
    assert resumed["ended_at"] == listed["ended_at"] == logged["ended_at"] == again["ended_at"]
    assert logged["agent"] == listed["agent"] == run["agent"] == "backend"


def test_route_json_has_a_hint_whether_or_not_an_agent_fits(tmp_path: Path) -> None:
    """A script reads ``hint`` as from any other command: null when an agent fits."""
    fits = json.loads(coord("route", "--json", "Add a users endpoint", cwd=tmp_path).stdout)
    none = json.loads(coord("route", "--json", "zzz qqq", cwd=tmp_path).stdout)
    assert fits["agent"] and fits["hint"] is None
    assert none["agent"] is None and "--agent NAME" in none["hint"]


def test_a_batch_item_says_when_its_session_ended_as_a_run_does(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", WRITES)
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text('- {request: "Add a file", agent: backend}\n', encoding="utf-8")
    common = ("-w", ws, "--agents-dir", agents, "--only", "--script", script, "--json")
    (item,) = json.loads(coord("run", "--batch", tasks, *common).stdout)["items"]
    logged = json.loads(coord("log", item["session"], "--json", "-w", ws).stdout)
    assert item["ended_at"] == logged["ended_at"] and item["ended_at"] is not None


def test_validate_counts_an_info_note_as_a_note_not_a_warning(tmp_path: Path) -> None:
    """A workspace settings file enabling a plugin: an info note (it turns plugins off,
    never on), no fault in any agent file."""
    settings(tmp_path / ".claude" / "settings.json", {"enabledPlugins": {"kit@mkt": True}})
    ran = coord("agents", "validate", "--json", cwd=tmp_path)  # the bundled agents: no fault
    data = json.loads(ran.stdout)
    assert [p["severity"] for p in data["problems"]] == ["info"]
    assert ran.returncode == 0 and data["warning_count"] == 0 and data["note_count"] == 1
    line = coord("agents", "validate", cwd=tmp_path).stdout.splitlines()[-1]
    assert line.endswith("agents loaded, 1 note")
    assert "\n1 note: `coord agents validate" in coord("agents", "list", cwd=tmp_path).stdout


@pytest.mark.skipif(shutil.which("jq") is None, reason="the script uses jq")
def test_ci_resume_says_no_session_was_started_when_none_was(tmp_path: Path) -> None:
    """A real ``coord run --json`` that no agent fits (exit 4, an error's JSON: no session)."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents", "backend")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "COORD"))}
    env |= {
        "HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
        "COORD": f"{sys.executable} -m coordinator",
    }
    ran = subprocess.run(
        ["bash", str(REPO / "examples" / "scripts" / "ci-resume.sh"), "zzz qqq",
         str(REPO / "examples" / "scripts" / "answers.tsv"), "--agents-dir", str(agents), "--only"],
        cwd=ws, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert ran.returncode == 4, ran.stderr
    assert "null" not in ran.stdout and "no session was started (exit 4)" in ran.stdout
