"""review108: redteam104 made coord's ``git status`` fetch nothing (``changes.run_git``), but
the git a worktree run's merge runs (``runtime.worktree._git``) was left as it was: after a
merge that fails, ``git diff --name-only --diff-filter=U`` in the workspace compares the
work tree, so it runs ``git status`` in each repository checked out there (a gitlink's
folder holding a ``.git``). One a command made a partial clone of a promisor remote whose
URL names a remote helper (``xyz::there``: a setting the guard leaves) with HEAD's tree
missing started ``git-remote-xyz``, found through PATH (an activated ``.venv/bin`` a command
writes), as the user, outside the sandbox. The conflicted files are now listed from the
index alone, no repository inside looked into.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from coordinator.runtime.worktree import MergeStatus, finish_worktree, open_worktree
from tests.kit import git, git_init

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def made_a_partial_clone(repo: Path, helper_ran: Path) -> Path:
    """Make ``repo/vendor`` a promisor partial clone missing HEAD's tree, its remote's URL a
    helper's (``xyz::``), and ``repo/.venv/bin/git-remote-xyz`` a program leaving
    ``helper_ran``: as a command of an earlier run may leave them. The folder of programs."""
    vendor = repo / "vendor"
    tree = git(vendor, "rev-parse", "HEAD^{tree}").strip()
    (vendor / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    for key, value in (
        ("core.repositoryformatversion", "1"),
        ("extensions.partialClone", "origin"),
        ("remote.origin.promisor", "true"),
        ("remote.origin.url", "xyz::there"),
    ):
        git(vendor, "config", key, value)
    programs = repo / ".venv" / "bin"
    programs.mkdir(parents=True)
    helper = programs / "git-remote-xyz"
    helper.write_text(f"#!/bin/sh\ntouch '{helper_ran}'\nexit 1\n")
    helper.chmod(0o755)
    path = f"{programs}{os.pathsep}{os.environ['PATH']}"
    subprocess.run(
        ["git", "status"], cwd=repo, env={**os.environ, "PATH": path}, capture_output=True
    )
    assert helper_ran.exists()  # (the user's git status runs it: it is there to run)
    helper_ran.unlink()
    return programs


@needs_git
async def test_a_failed_merge_starts_no_remote_of_a_repository_checked_out_inside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "vendor").mkdir(parents=True)
    (repo / "app.py").write_text("a = 1\n")
    (repo / "vendor" / "lib.py").write_text("b = 1\n")
    (repo / ".gitignore").write_text(".venv/\n")
    git_init(repo / "vendor")
    git_init(repo)  # (vendor: a gitlink, its repository checked out in place)
    wt = await open_worktree(repo, "s1", 1)
    (wt.root / "app.py").write_text("a = 'agent'\n")
    (repo / "app.py").write_text("a = 'person'\n")
    git(repo, "commit", "-qam", "meanwhile")
    helper_ran = tmp_path / "helper-ran"
    programs = made_a_partial_clone(repo, helper_ran)
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")

    result = await finish_worktree(wt, "agent run")

    assert not helper_ran.exists()
    assert result.status == MergeStatus.CONFLICT
    assert (repo / "app.py").read_text() == "a = 'person'\n"


@needs_git
async def test_conflicted_files_are_still_named(tmp_path: Path) -> None:
    """The files a merge leaves conflicted, read from the index, each named once (the
    index holds up to three entries of each)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("a.py", "b.py", "c.py"):
        (repo / name).write_text("x = 1\n")
    git_init(repo)
    wt = await open_worktree(repo, "s1", 1)
    for name in ("a.py", "c.py", "b.py"):
        (wt.root / name).write_text("x = 'agent'\n")
    for name in ("c.py", "a.py"):
        (repo / name).write_text("x = 'person'\n")
    git(repo, "commit", "-qam", "meanwhile")
    result = await finish_worktree(wt, "agent run")
    assert result.status == MergeStatus.CONFLICT
    assert result.files == ["a.py", "c.py"]
    assert result.detail == "conflicting changes"
