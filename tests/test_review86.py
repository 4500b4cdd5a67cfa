"""review86: the worktree's git folders git84 keeps are vouched for when they are read.

A kept worktree (an interrupted run's, in ``.git/coord-worktrees/``) has a ``.git`` file and
a ``commondir`` that a command outside its sandbox (a run without isolation: ``.git`` is
writable to it but for its settings and hooks) may rewrite before the run is resumed.
Opened again, the worktree's own git directory must still be one of the repository's
``worktrees/``: one naming the repository's git directory itself was kept as the run's own,
and :func:`git_access` made it writable to the resumed run's commands (its settings and
hooks: a ``post-commit`` hook or ``core.fsmonitor`` run as the user). Before the merge, git
must still find the folders the worktree was opened with: a ``.git`` a command elsewhere
replaced by a repository of its own had coord commit the run's files there."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.runtime.worktree import (
    MergeStatus,
    Worktree,
    WorktreeUnavailable,
    finish_worktree,
    git_access,
    open_worktree,
)
from tests.kit import app_repo, git, git_init

repo = app_repo  # the fixture: a git repository holding app.py, on main


async def kept_worktree(repo: Path) -> Worktree:
    """A worktree run's worktree, left as an interrupted run leaves it (b.py written)."""
    wt = await open_worktree(repo, "s1", 1)
    (wt.root / "b.py").write_text("b = 2\n")
    return wt


async def test_a_resumed_worktree_whose_git_file_names_the_repository_is_refused(
    repo: Path,
) -> None:
    wt = await kept_worktree(repo)
    (wt.path / ".git").write_text(f"gitdir: {repo / '.git'}\n")  # (a command elsewhere)
    with pytest.raises(WorktreeUnavailable, match="a command may have"):
        await open_worktree(repo, "s1", 1)


async def test_a_resumed_worktree_whose_commondir_names_another_repository_is_refused(
    repo: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "o.txt").write_text("o\n")
    git_init(other)
    wt = await kept_worktree(repo)
    (wt.admin / "commondir").write_text(f"{other / '.git'}\n")
    with pytest.raises(WorktreeUnavailable, match="a command may have"):
        await open_worktree(repo, "s1", 1)


async def test_a_resumed_worktree_made_a_repository_of_its_own_is_refused(
    repo: Path,
) -> None:
    wt = await kept_worktree(repo)
    (wt.path / ".git").unlink()
    git(wt.path, "init", "-q")  # its own settings and hooks, in the run's reach
    with pytest.raises(WorktreeUnavailable, match="a command may have"):
        await open_worktree(repo, "s1", 1)


async def test_a_worktree_found_again_as_it_was_is_the_same(repo: Path) -> None:
    wt = await kept_worktree(repo)
    again = await open_worktree(repo, "s1", 1)
    assert (again.admin, again.common, again.path) == (wt.admin, wt.common, wt.path)
    assert again.admin.parent == repo / ".git" / "worktrees"
    assert wt.common not in git_access(again).writable


async def test_a_worktree_made_a_repository_of_its_own_during_the_run_is_not_committed_there(
    repo: Path,
) -> None:
    """A command outside the run's sandbox replaces the worktree's ``.git`` by a repository
    of its own while the run works: the merge is refused, and no commit of the run's files
    lands in that repository (the branch and the file are kept for a person)."""
    wt = await kept_worktree(repo)
    (wt.path / ".git").unlink()
    planted = f"refs/heads/{wt.branch}"
    git(wt.path, "init", "-q")  # (holding the run's branch, as the worktree did)
    git(wt.path, "fetch", "-q", str(repo), f"{planted}:{planted}")
    git(wt.path, "symbolic-ref", "HEAD", planted)
    git(wt.path, "reset", "-q")
    git(wt.path, "config", "user.email", "x@example.com")
    git(wt.path, "config", "user.name", "X")
    with pytest.raises(WorktreeUnavailable, match="a command may have rewritten"):
        await finish_worktree(wt, "agent run")  # (merge_back: a conflict, the branch kept)
    assert git(wt.path, "rev-list", planted) == f"{wt.base}\n"  # nothing committed there
    assert (wt.root / "b.py").read_text() == "b = 2\n"
    assert git(repo, "branch", "--list", wt.branch).strip()


async def test_git_dir_in_coords_environment_does_not_choose_the_worktrees_folders(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_DIR set where coord runs (a git hook starting coord sets it): git in the worktree
    read the repository's git directory, which the run kept as the worktree's own and made
    writable to its commands (its settings and hooks). coord's git leaves it out, as
    changes.py's does: the worktree's own is its folder of ``worktrees/``."""
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    wt = await open_worktree(repo, "s1", 1)
    assert wt.admin.parent == repo / ".git" / "worktrees"
    assert repo / ".git" not in git_access(wt).writable


async def test_the_index_a_git_hook_was_given_is_not_where_the_run_stages(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_INDEX_FILE set where coord runs (``git commit`` sets it for its hooks): the
    run's ``add -A`` staged the agent's files into the user's index (then the merge failed
    on them), past the review of protected paths; now the run merges and the user's index
    stays as it was."""
    monkeypatch.setenv("GIT_INDEX_FILE", str(repo / ".git" / "index"))
    wt = await kept_worktree(repo)
    result = await finish_worktree(wt, "agent run")
    monkeypatch.delenv("GIT_INDEX_FILE")
    assert result.status == MergeStatus.MERGED, result
    assert git(repo, "status", "--porcelain") == ""
