"""A new user's first hour (daily17): what they met, as they met it, in the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, report, workspace, write_script


def test_validating_a_folder_finds_redirect_targets_in_the_roster_it_joins(
    tmp_path: Path,
) -> None:
    """``agents new --not-for TOPIC=fastapi-backend-expert`` then ``agents validate`` of the
    folder: the bundled agent is where the file's redirect leads, so no warning; a target
    no roster holds still is one, once, as ``path:line: warning: …``."""
    ws = tmp_path / "proj"
    ws.mkdir()
    made = coord(
        "agents", "new", "payments-expert", "--domain", "Payments", "-t", "Stripe",
        "--not-for", "invoice PDFs=fastapi-backend-expert", cwd=ws,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stderr == ""
    folder = ws / ".claude" / "agents"
    for target in (folder, folder / "payments-expert.md"):
        checked = coord("agents", "validate", target, "--json", cwd=ws)
        assert checked.returncode == 0, checked.stderr
        found = json.loads(checked.stdout)
        assert (found["agent_count"], found["warning_count"]) == (1, 0), found["problems"]

    unknown = coord(
        "agents", "new", "queue-expert", "--domain", "Queues", "-t", "RabbitMQ",
        "--not-for", "billing=nobody-here", cwd=ws,
    )  # fmt: skip
    assert unknown.returncode == 0
    (line,) = unknown.stderr.splitlines()
    assert line.endswith(
        ": warning: queue-expert: redirect target 'nobody-here' is not in the roster"
    )
    assert line.count("warning") == 1
    checked = coord("agents", "validate", folder, "--json", cwd=ws)
    problems = json.loads(checked.stdout)["problems"]
    assert [p["message"] for p in problems] == [
        "queue-expert: redirect target 'nobody-here' is not in the roster"
    ]


def test_resume_allow_bash_turns_bash_on_for_a_session_started_without_it(
    tmp_path: Path,
) -> None:
    """The model is told "the user can enable Bash with --allow-bash"; a person answering
    with ``coord resume --allow-bash`` gets it (before: "No such option"), the log says so,
    and a later resume without it has no Bash again."""
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap not installed")
    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "shell.md").write_text(
        "---\nname: shell\ndescription: Runs commands.\ntools: Read, Bash\n---\nYou run them.\n",
        encoding="utf-8",
    )
    echo = {"tool_calls": [{"name": "Bash", "input": {"command": "echo ran-in-the-sandbox"}}]}
    ask = {"text": blocked("Product", "Allow shell commands")}
    script = write_script(
        tmp_path / "s.yaml",
        {"shell": [echo, ask, echo, ask, echo, {"text": report("Complete")}]},
    )
    args = ["--workspace", ws, "--agents-dir", agents, "--only", "--script", script]
    started = coord("run", "Run it", "--agent", "shell", *args, "--json")
    assert started.returncode == 3, started.stderr
    sid = json.loads(started.stdout)["session"]
    resumed = coord("resume", sid, "--context", "go", "--allow-bash", "--json", cwd=ws)
    assert resumed.returncode == 3, resumed.stderr  # asked again, with Bash run this time
    assert "--allow-bash: agents may run shell commands from this resume on" in resumed.stderr
    again = coord("resume", sid, "--context", "once more", "--json", cwd=ws)
    assert again.returncode == 0, again.stderr
    log = json.loads(coord("log", sid, "--json", cwd=ws).stdout)
    results = [e for e in log["events"] if e["kind"] == "tool_result"]
    assert [r["is_error"] for r in results] == [True, False, True]
    assert results[1]["summary"] == "ran-in-the-sandbox"
    notes = [e["notes"] for e in log["events"] if e["kind"] == "session_resumed"]
    assert notes == [["--allow-bash: agents may run shell commands from this resume on"], []]


def test_a_resume_queued_for_the_workers_refuses_allow_bash() -> None:
    from coordinator.errors import UserError
    from coordinator.runtime.launch import ResumeFlags
    from coordinator.runtime.options import ModelChoice

    with pytest.raises(UserError, match="--allow-bash cannot be handed to the workers") as caught:
        ResumeFlags(allow_bash=True).for_the_worker(ModelChoice(None, None, None, None))
    assert "Pass --here" in (caught.value.hint or "")


def test_a_sandbox_flag_without_bash_is_refused_not_silently_ignored(tmp_path: Path) -> None:
    """``--bash-network`` (``--bash-env``, ``--unsandboxed-bash``) without Bash changed
    nothing and said nothing; now it is one error naming the flag and what turns Bash on.
    With Bash on in the user's config, the flag is taken."""
    ws = workspace(tmp_path)
    script = write_script(tmp_path / "s.yaml", {"shell": [{"text": report("Complete")}]})
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "shell.md").write_text(
        "---\nname: shell\ndescription: Runs commands.\ntools: Read, Bash\n---\nYou run them.\n",
        encoding="utf-8",
    )
    args = ["--agent", "shell", "-w", ws, "--agents-dir", agents, "--only", "--script", script]
    refused = coord("run", "Run it", *args, "--bash-network", "--bash-env", "TOKEN")
    assert refused.returncode == 4
    assert refused.stderr.splitlines() == [
        "error: --bash-network and --bash-env apply to Bash, which is off: nothing would change",
        "Add --allow-bash (or allow_bash: true in your coord config).",
    ]
    as_json = coord("run", "Run it", *args, "--unsandboxed-bash", "--json")
    assert json.loads(as_json.stdout)["error"].startswith("--unsandboxed-bash applies to Bash")
    config = tmp_path / "mine.yaml"
    config.write_text("allow_bash: true\n", encoding="utf-8")
    taken = coord("run", "Run it", *args, "--bash-network", "--config", config, "--json")
    assert taken.returncode == 0, taken.stderr
    assert json.loads(coord("log", "--json", cwd=ws).stdout)["options"]["bash_network"] is True
