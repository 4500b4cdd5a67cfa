"""``background: true``: ``coord run`` starts the chain as a detached process and returns;
the session is in ``coord sessions`` and completes on its own."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import zygote
from cli import coord
from kit import report, workspace, write_script


def agent_file(folder: Path, background: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend specialist: FastAPI endpoints.\n"
        f"background: {str(background).lower()}\n---\nYou are the backend specialist.\n",
        encoding="utf-8",
    )
    return folder


def test_a_background_agent_runs_detached_and_shows_in_sessions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zygote.fork_detached_runs(monkeypatch)
    ws = workspace(tmp_path)
    agents = agent_file(tmp_path / "agents", background=True)
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
    base = ["--workspace", ws, "--agents-dir", agents, "--only"]
    ran = coord(
        "run", "Add a FastAPI endpoint", *base, "--provider", "scripted", "--script", script
    )
    assert ran.returncode == 0, ran.stderr
    found = re.search(
        r"backend runs in the background \(background: true\), process (\d+)", ran.stdout
    )
    assert found is not None, ran.stdout
    pid = int(found.group(1))
    _, status = zygote.waitpid(pid)  # the detached run is this test's child: wait for it
    assert os.waitstatus_to_exitcode(status) == 0
    sessions = json.loads(coord("sessions", "--workspace", ws, "--json").stdout)
    assert [(s["status"], s["request"]) for s in sessions] == [
        ("complete", "Add a FastAPI endpoint")
    ]
    assert (ws / ".coordinator" / "background" / f"{pid}.log").is_file()

    fg = coord(
        "run",
        "Add a FastAPI endpoint",
        *base,
        "--provider",
        "scripted",
        "--script",
        script,
        "--foreground",
    )
    assert fg.returncode == 0 and "runs in the background" not in fg.stdout
