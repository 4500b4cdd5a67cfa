"""review112: a file an agent wrote and committed, or wrote in a repository it made, is
still among its changes.

A Bash command's changes are what ``git status`` lists before and after it. A command that
wrote ``c.txt`` and committed it (or removed a tracked file and committed that) left a
clean status on both sides, as did a ``git checkout`` rewriting tracked files; a command
that ran ``git init nest`` and wrote ``nest/s.txt`` left one entry, ``nest/``, that coord
does not follow (a repository the user keeps in the workspace, not walked). All were
listed as changing nothing (``bash_changed`` events: ``coord log``, Files). Now a command
that moved HEAD has the paths the two commits differ in as changes, and a repository
nested since the session's first command has its files followed; one the user had is
still not walked.

Real git, real ``bwrap``, the real engine with scripted turns, the session in real SQLite.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hostile import DONE, backend, bash, run
from test_claude105_ignored import changed_files, repository

pytestmark = [
    pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git not installed"),
]

GIT = "git -c user.name=a -c user.email=a@a"


def test_a_file_written_and_committed_in_one_command_is_listed(tmp_path: Path) -> None:
    ws, home = repository(tmp_path)
    turns = [
        bash(f"echo c > c.txt && git add c.txt && {GIT} commit -qm c && echo ok"),
        bash(f"git rm -q app.py && {GIT} commit -qm gone && echo ok"),
        bash("echo d > d.txt && echo ok"),  # (no commit: as before)
        bash(f"git add d.txt && {GIT} commit -qm d && echo ok"),  # (committed unchanged)
        bash(
            f"git checkout -qb b && echo b > sub/keep.py && {GIT} commit -qam b && git switch -q -"
        ),
        bash("git checkout -q b && echo ok"),  # (a checkout rewrote it)
        DONE,
    ]
    run(ws, home, backend(), turns)

    assert changed_files(ws) == [
        ["c.txt", "created"],
        ["app.py", "deleted"],
        ["d.txt", "created"],
        ["sub/keep.py", "updated"],
    ]


def test_files_in_a_repository_an_agent_made_are_listed(tmp_path: Path) -> None:
    ws, home = repository(tmp_path)
    mine = ws / "vendor"  # (a repository the user keeps in the workspace, untracked)
    mine.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=mine, check=True)
    (mine / "lib.py").write_text("lib\n")
    turns = [
        bash("git init -q nest && echo s > nest/s.txt && mkdir nest/d && echo t > nest/d/t.txt"),
        bash("echo more >> nest/s.txt && echo v > vendor/v.txt"),
        DONE,
    ]
    run(ws, home, backend(), turns)

    assert changed_files(ws) == [
        ["nest/d/t.txt", "created"],
        ["nest/s.txt", "created"],
        ["nest/s.txt", "updated"],
    ]
