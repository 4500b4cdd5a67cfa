"""daily76: a new user's first hour, from a clean clone: the rough edges mended.

Each test failed on the start commit 748c36f1.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import zygote
from cli import coord
from kit import report, workspace, write_script


def _background_agent(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend specialist: FastAPI endpoints.\n"
        "background: true\n---\nYou are the backend specialist.\n",
        encoding="utf-8",
    )
    return folder


def test_a_routed_background_run_records_how_it_was_routed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The detached run routes again: its log says which triggers chose the agent, never
    "given to backend, as named (not routed)" for a request the user did not name it for."""
    zygote.fork_detached_runs(monkeypatch)
    ws = workspace(tmp_path)
    agents = _background_agent(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
    base = ["--workspace", ws, "--agents-dir", agents, "--only", "--script", script]
    ran = coord("run", "Add a FastAPI endpoint", *base)
    assert ran.returncode == 0, ran.stderr
    found = re.search(r"process (\d+), as session\s+(\w+)", ran.stdout)
    assert found is not None, ran.stdout
    _, status = zygote.waitpid(int(found.group(1)))
    assert os.waitstatus_to_exitcode(status) == 0
    log = ws / ".coordinator" / "background" / f"{found.group(1)}.log"
    assert "as named (not routed)" not in log.read_text(encoding="utf-8")
    shown = json.loads(coord("log", found.group(2), "--json").stdout)
    routed = next(e for e in shown["events"] if e["kind"] == "routed")
    assert routed["agent"] == "backend" and routed["reason"] != "--agent", routed
    assert routed["score"] > 0 and routed["matched"], routed

    named = coord("run", "Add a FastAPI endpoint", *base, "--agent", "backend")
    found = re.search(r"process (\d+), as session\s+(\w+)", named.stdout)
    assert found is not None, named.stdout
    zygote.waitpid(int(found.group(1)))
    shown = json.loads(coord("log", found.group(2), "--json").stdout)
    routed = next(e for e in shown["events"] if e["kind"] == "routed")
    assert routed["reason"] == "--agent"


def test_a_scripts_unknown_key_is_said_as_every_files_is(tmp_path: Path) -> None:
    """``unknown key 'tool_call'; did you mean tool_calls?``, as a batch file, a cases file
    and the settings say it (was: ``did you mean 'tool_calls'?``, the guess quoted)."""
    ws = workspace(tmp_path)
    script = tmp_path / "s.yaml"
    script.write_text("agents:\n  backend:\n    - text: hi\n      tool_call: []\n", "utf-8")
    ran = coord("run", "Add an endpoint", "--workspace", ws, "--script", script)
    assert ran.returncode == 4
    assert ran.stderr.splitlines()[0] == (
        f"error: {script}:4: agents.backend[0]: unknown key 'tool_call'; did you mean tool_calls?"
    )


def test_a_batch_item_yaml_reads_as_no_text_says_to_quote_it(tmp_path: Path) -> None:
    """``- 404``, ``- yes``, ``- 2026-12-06`` and ``- [a, b]`` are named as what YAML read
    (was: only "must be a request string or {request: TEXT, agent: NAME}", though
    ``request: 404`` already said "quote it")."""
    ws = workspace(tmp_path)
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text("- Add a FastAPI endpoint\n- 404\n- yes\n- 2026-12-06\n- [a, b]\n", "utf-8")
    ran = coord("run", "--batch", tasks, "--workspace", ws)
    assert ran.returncode == 4
    shape = "must be a request string or {request: TEXT, agent: NAME}"
    assert [line.strip() for line in ran.stderr.splitlines()[1:5]] == [
        f"{tasks}:2: item 2 {shape}; this one is a number, not text (quote it)",
        f"{tasks}:3: item 3 {shape}; this one is true or false, not text (quote it)",
        f"{tasks}:4: item 4 {shape}; this one is a date, not text (quote it)",
        f"{tasks}:5: item 5 {shape}; this one is a list: give each request an item of its own",
    ]


@pytest.mark.parametrize(
    "command",
    [("sessions",), ("log",), ("stats",), ("run", "Add it", "--agent", "fastapi-backend-expert")],
)
def test_a_db_folder_holding_the_database_names_the_file_in_it(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """``--db .coordinator`` (the folder the help names as the default's) is refused with
    the file to name instead (was: "is not a file" and nothing to do next)."""
    ws = workspace(tmp_path)
    folder = ws / ".coordinator"
    folder.mkdir(exist_ok=True)
    (folder / "coordinator.db").touch()
    key = {"ANTHROPIC_API_KEY": "sk-test"}  # never used: the store is opened first
    ran = coord(*command, "--db", ".coordinator", "--workspace", ws, cwd=ws, env=key)
    assert ran.returncode == 4
    assert ran.stderr.splitlines() == [
        "error: session database .coordinator is not a file",
        f"It is a folder: name the database in it, --db {Path('.coordinator', 'coordinator.db')}",
    ]


def test_the_transcript_starts_with_its_first_run_not_a_blank_line(tmp_path: Path) -> None:
    """``coord log --transcript``'s first line is the first run's heading; a blank line
    stands between runs only (was: the output began with an empty line)."""
    ws = workspace(tmp_path)
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend: FastAPI endpoints.\n---\nBody.\n", "utf-8"
    )
    ran = coord("run", "Add it", "--agents-dir", agents, "--only", "--agent", "backend",
                "--script", script, "--workspace", ws, "--json")  # fmt: skip
    session = json.loads(ran.stdout)["session"]
    shown = coord("log", session, "--transcript")
    assert shown.returncode == 0
    assert shown.stdout.splitlines()[0].startswith("── backend (the request, ")


def test_the_background_announcement_keeps_its_paths_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sentence naming the detached run's log and the `coord log -f` command is one
    line for the terminal to wrap, as the other result sentences are (was: folded at 80
    columns, its log's path split in two)."""
    zygote.fork_detached_runs(monkeypatch)
    ws = workspace(tmp_path / ("deep-" * 8))
    agents = _background_agent(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
    ran = coord("run", "Add a FastAPI endpoint", "--workspace", ws, "--agents-dir", agents,
                "--only", "--script", script, env={"COLUMNS": "80"})  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    found = re.search(r"process (\d+)", ran.stdout)
    assert found is not None, ran.stdout
    zygote.waitpid(int(found.group(1)))
    log = ws / ".coordinator" / "background" / f"{found.group(1)}.log"
    assert len(ran.stdout.splitlines()) == 1 and f"output in {log}." in ran.stdout
