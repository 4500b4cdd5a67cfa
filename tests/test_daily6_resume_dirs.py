"""A local ``coord resume`` whose remembered ``--agents-dir`` folder is gone: the session
goes on with its stored definitions, says so once on stderr, and its log keeps the note."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from cli import coord
from kit import report, workspace, write_agents, write_script

from coordinator.config import Settings
from coordinator.runtime.options import ModelChoice, SessionOptions

OUTAGE = {"status": 529, "type": "overloaded_error", "message": "Overloaded"}


def interrupted_session(tmp_path: Path) -> tuple[Path, Path, str]:
    """A backend session started with ``--agents-dir AGENTS --only``, interrupted by an
    outage in its first model call: its workspace, agents folder and id."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents", "backend")
    outage = write_script(tmp_path / "a.yaml", {"backend": [{"error": OUTAGE}]})
    ran = coord("run", "Add an endpoint", "--agent", "backend", "--agents-dir", agents,
                "--only", "--provider", "scripted", "--script", outage, "--json",
                cwd=ws)  # fmt: skip
    assert ran.returncode != 0 and "interrupted" in ran.stdout, ran.stderr
    return ws, agents, json.loads(ran.stdout)["session"]


def done_script(tmp_path: Path) -> Path:
    return write_script(tmp_path / "b.yaml", {"backend": [{"text": report("Complete")}]})


def assert_set_aside(resumed: Any, sid: str, folder: Path, ws: Path) -> None:
    """A resume that went on without ``folder``: exit 0, one stderr line naming it, the same
    note in ``resume --json``, the ``session_resumed`` event and the ``coord log`` tree."""
    assert resumed.returncode == 0, resumed.stderr
    missing = [line for line in resumed.stderr.splitlines() if str(folder) in line]
    assert missing == [
        f"session {sid}: agents folder {folder} is not on this machine; the session goes on"
        " with its stored agent definitions"
    ], resumed.stderr
    out = json.loads(resumed.stdout)
    assert out["status"] == "complete"
    assert out["notes"] == [missing[0].removeprefix(f"session {sid}: ")]
    logged = json.loads(coord("log", sid, "--json", cwd=ws).stdout)
    (event,) = [e for e in logged["events"] if e["kind"] == "session_resumed"]
    assert event["notes"] == out["notes"]
    # the tree wraps the note where the folder's length makes it: read it without its lines
    flat = " ".join(re.sub(r"[│├└─]", " ", coord("log", sid, cwd=ws).stdout).split())
    assert "resumed: agents folder" in flat and "stored agent definitions" in flat, flat


def test_resume_with_its_agents_folder_gone_uses_the_stored_definitions(tmp_path: Path) -> None:
    ws, agents, sid = interrupted_session(tmp_path)
    shutil.rmtree(agents)  # moved, deleted, another checkout
    resumed = coord("resume", sid, "--script", done_script(tmp_path), "--json", cwd=ws)
    assert_set_aside(resumed, sid, agents, ws)


def test_a_missing_agents_dir_given_again_is_still_an_error(tmp_path: Path) -> None:
    ws, agents, sid = interrupted_session(tmp_path)
    shutil.rmtree(agents)
    gone = tmp_path / "elsewhere"
    resumed = coord("resume", sid, "--agents-dir", gone, "--script", done_script(tmp_path),
                    cwd=ws)  # fmt: skip
    assert resumed.returncode == 4
    assert f"cannot read --agents-dir {gone}: No such file or directory" in resumed.stderr


def test_agents_dir_given_again_overrides_the_missing_folder(tmp_path: Path) -> None:
    ws, agents, sid = interrupted_session(tmp_path)
    moved = agents.rename(tmp_path / "moved")
    resumed = coord("resume", sid, "--agents-dir", moved, "--script", done_script(tmp_path),
                    "--json", cwd=ws)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert "not on this machine" not in resumed.stderr
    assert "notes" not in json.loads(resumed.stdout)
    logged = json.loads(coord("log", sid, "--json", cwd=ws).stdout)
    (event,) = [e for e in logged["events"] if e["kind"] == "session_resumed"]
    assert event["notes"] == []


def remembered(tmp_path: Path, *names: str) -> tuple[SessionOptions, list[Path]]:
    dirs = [tmp_path / n for n in names]
    choice = ModelChoice("scripted", None, None, None)
    return SessionOptions.remember(choice, agents_dirs=dirs, only=True), dirs


def test_resume_setup_sets_aside_only_the_missing_remembered_folders(tmp_path: Path) -> None:
    saved, (here, gone) = remembered(tmp_path, "here", "gone")
    write_agents(here, "backend")
    setup = saved.resume_setup(Settings())
    assert (setup.dirs, setup.missing, setup.only) == ((here,), (gone,), True)
    (note,) = setup.notes(tmp_path, [])
    assert str(gone) in note and "stored agent definitions" in note
    assert [a.name for a in setup.registry(tmp_path)] == ["backend"]


def test_resume_setup_with_every_only_folder_gone_is_an_empty_roster(tmp_path: Path) -> None:
    saved, _ = remembered(tmp_path, "gone")
    setup = saved.resume_setup(Settings())
    assert len(setup.registry(tmp_path)) == 0  # the stored definitions alone
    given: Any = saved.resume_setup(Settings(), agents_dirs=[tmp_path / "other"])
    assert given.missing == () and given.dirs == (tmp_path / "other",)
