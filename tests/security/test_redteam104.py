"""redteam104: a hostile agent whose writes in the workspace coord itself reads or runs later,
outside the sandbox, driven as one would (its tool calls scripted turns of the real engine,
its commands in real bubblewrap, real git, the session in real SQLite).

1. In a workspace that was no repository, a command may make one (``git init``): its hooks
   and the settings that make git run a program are removed after the command, but only
   from ``.git/config``. With ``extensions.worktreeConfig`` git reads
   ``.git/config.worktree`` too: its ``core.fsmonitor`` ran at the user's next ``git
   status``, and a promisor remote's ``uploadpack`` there at coord's own (the ``git
   status`` before the next Bash command: a partial clone missing HEAD's tree fetches it).
   The guard now reads both files (``protected_guard._programs_removed``).
2. Settings the guard leaves (a promisor remote's URL ``xyz::there``) still made coord's
   ``git status`` start ``git-remote-xyz``, found through PATH (an activated
   ``.venv/bin``, which a command writes), and a file of settings a command rewrites while
   another runs (a concurrent session, a confined server) could name any ``uploadpack``:
   coord's own git lists files with nothing fetched (``changes._NO_FETCH``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from hostile import DONE, backend, bash, needs_git, run, said, workspace
from kit import needs_bwrap

from coordinator.tools.changes import snapshot

#: A command making the workspace a repository whose HEAD tree is missing, a partial clone
#: of the promisor remote ``origin`` (its settings written with ``git config {where}``).
PARTIAL = (
    "git init -q . && echo hi > a && git add a && git -c user.name=a -c user.email=a@a commit -qm1"
    " && t=$(git rev-parse 'HEAD^{{tree}}') && rm -f .git/objects/${{t:0:2}}/${{t:2}}"
    " && git config core.repositoryformatversion 1 && git config extensions.partialClone origin"
    " && git config extensions.worktreeConfig true"
    " && git config {where} remote.origin.promisor true"
)


@needs_bwrap
@needs_git
def test_a_fresh_repositorys_config_worktree_runs_nothing_at_the_users_git_status(
    tmp_path: Path,
) -> None:
    """``core.fsmonitor`` in the ``config.worktree`` of a repository a command made is
    removed after it, as in its ``config``: the user's next ``git status`` there ran it."""
    ws, home = workspace(tmp_path)
    mark = tmp_path / "fsmonitor-ran"
    command = (
        "git init -q . && git config extensions.worktreeConfig true"
        f" && git config --worktree core.fsmonitor 'touch {mark}; false #' && echo made"
    )
    provider = run(ws, home, backend(), [bash(command), DONE])
    got = said(provider, 1)
    assert "made" in got, got
    assert ".git/config.worktree: core.fsmonitor removed" in got, got
    subprocess.run(["git", "status"], cwd=ws, capture_output=True, check=False)
    assert not mark.exists()


@needs_bwrap
@needs_git
@pytest.mark.parametrize(
    "remote",
    [
        pytest.param(
            " && git config --worktree remote.origin.url /nowhere"
            " && git config --worktree remote.origin.uploadpack \"sh -c 'touch {mark}'; false\"",
            id="uploadpack in config.worktree",
        ),
        pytest.param(
            " && git config remote.origin.url xyz::there && mkdir -p .venv/bin"
            " && printf '#!/bin/sh\\ntouch {mark}\\n' > .venv/bin/git-remote-xyz"
            " && chmod +x .venv/bin/git-remote-xyz",
            id="a remote helper through PATH",
        ),
    ],
)
def test_coords_git_status_starts_no_remote_of_a_repository_a_command_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, remote: str
) -> None:
    """The ``git status`` coord runs before the next command (to find what it changes) ran
    the promisor remote's ``uploadpack`` or ``git-remote-xyz`` (PATH holding the
    workspace's ``.venv/bin``, as an activated virtual environment does) as the user,
    outside the sandbox; now it fetches nothing, and the command's changes are still
    followed (the workspace walked)."""
    ws, home = workspace(tmp_path)
    monkeypatch.setenv("PATH", f"{ws}/.venv/bin{os.pathsep}{os.environ['PATH']}")
    mark = tmp_path / "remote-ran"
    made = PARTIAL.format(where="--worktree") + remote.format(mark=mark) + " && echo made"
    provider = run(ws, home, backend(), [bash(made), bash("echo x > b.txt"), DONE])
    assert "made" in said(provider, 1), said(provider, 1)
    assert not mark.exists()
    assert "Error" not in said(provider, 2), said(provider, 2)
    assert (ws / "b.txt").read_text() == "x\n"


@needs_git
def test_a_snapshot_fetches_nothing_while_a_command_holds_the_settings(tmp_path: Path) -> None:
    """A snapshot taken while another program writes the repository's settings (a command
    of a concurrent session, a confined server: the guard undoes them only after it)
    starts no ``uploadpack`` of a promisor remote, and still lists the files."""
    ws = (tmp_path / "ws").resolve()
    ws.mkdir()
    mark = tmp_path / "remote-ran"
    command = PARTIAL.format(where="") + (
        " && git config remote.origin.url /nowhere"
        f" && git config remote.origin.uploadpack \"sh -c 'touch {mark}'; false\""
    )
    subprocess.run(["bash", "-c", command], cwd=ws, check=True, capture_output=True)
    (ws / "b.txt").write_text("x\n")
    taken = snapshot(ws)
    assert not mark.exists()
    assert "b.txt" in taken.files, taken


def changed_files(ws: Path) -> list[list[str]]:
    """The files the run's Bash commands changed, as its ``bash_changed`` events name them."""
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        rows = db.execute("SELECT data FROM events WHERE kind = 'bash_changed' ORDER BY seq")
        return [f for (data,) in rows for f in json.loads(data)["files"]]


@needs_bwrap
@needs_git
@pytest.mark.parametrize("flag", ["--skip-worktree", "--assume-unchanged"])
def test_a_change_the_command_hides_from_git_status_is_still_listed(
    tmp_path: Path, flag: str
) -> None:
    """A command that changes a tracked file and marks it in the index so ``git status``
    does not compare it (any command can: the index is the work tree's) was listed as
    changing nothing (`coord log`, the progress lines; the user's ``git diff`` shows
    nothing either); now the file is listed as updated."""
    ws, home = workspace(tmp_path)
    for name in ("app.py", "sub/keep.py"):
        (ws / name).parent.mkdir(exist_ok=True)
        (ws / name).write_text("ok\n")
    git = ["git", "-c", "user.name=a", "-c", "user.email=a@a"]
    subprocess.run([*git, "init", "-q"], cwd=ws, check=True)
    subprocess.run([*git, "add", "."], cwd=ws, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=ws, check=True)
    command = f"echo 'import os' >> app.py && git update-index {flag} app.py"
    later = "echo x >> sub/keep.py && echo x >> app.py"  # (the index as it was)
    run(ws, home, backend(), [bash(command), bash(later), DONE])
    assert changed_files(ws) == [
        ["app.py", "updated"], ["app.py", "updated"], ["sub/keep.py", "updated"]
    ]  # fmt: skip


@needs_git
def test_a_sparse_checkouts_skipped_files_are_not_stamped(tmp_path: Path) -> None:
    """A file the index marks skip-worktree that is not on disk (a sparse checkout leaves
    thousands so) is not in the snapshot; one a command marked and kept is."""
    ws = (tmp_path / "ws").resolve()
    (ws / "sub").mkdir(parents=True)
    for name in ("gone.py", "kept.py", "sub/other.py"):
        (ws / name).write_text("ok\n")
    git = ["git", "-c", "user.name=a", "-c", "user.email=a@a"]
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "start"]):
        subprocess.run([*git, *args], cwd=ws, check=True)
    subprocess.run(["git", "update-index", "--skip-worktree", "gone.py", "kept.py"], cwd=ws)
    (ws / "gone.py").unlink()
    subprocess.run(["git", "update-index", "--assume-unchanged", "sub/other.py"], cwd=ws)
    assert sorted(snapshot(ws).files) == ["kept.py", "sub/other.py"]
    assert sorted(snapshot(ws / "sub").files) == ["other.py"]
