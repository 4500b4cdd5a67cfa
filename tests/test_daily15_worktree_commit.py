"""A command in an ``isolation: worktree`` run commits to its own branch from Bash (real
repository, real bwrap), while git's settings, hooks and the other protected paths of the
repository stay unwritable, and coord's merge still commits only to the run's branch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coordinator.events import Event
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.run_scope import run_scope
from coordinator.runtime.worktree import MergeStatus, finish_worktree, git_access, open_worktree
from coordinator.tools.base import GitAccess, ToolContext
from coordinator.tools.toolset import TOOL_NAMES, build_toolset
from tests.kit import app_repo, git

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
repo = app_repo  # the fixture: a git repository holding app.py, on main

AGENT = AgentSpec(name="backend", description="Backend.", body="b", extra={"isolation": "worktree"})
IDENTITY = "git -c user.name=Agent -c user.email=agent@example.com"
#: None of these may change the repository: git's settings, hooks, attributes, another
#: branch, the worktree's own settings and where it reads them from. (Under /tmp, where
#: the tests' repositories are, a write outside the binds lands in the sandbox's own /tmp.)
FORBIDDEN = {
    "config": "printf '[core]\\n\\tfsmonitor = touch /tmp/pwned\\n' >> {git}/config",
    "hooks/post-commit": "printf '#!/bin/sh\\n' > {git}/hooks/post-commit",
    "info/attributes": "mkdir -p {git}/info && echo '* filter=x' > {git}/info/attributes",
    "refs/heads/main": "echo 0000000000000000000000000000000000000000 > {git}/refs/heads/main",
    "worktrees/s1-1/config.worktree": "echo '[core]' > {admin}/config.worktree",
    "worktrees/s1-1/commondir": "echo /tmp > {admin}/commondir",
    "worktrees/s1-1/gitdir": "echo /tmp > {admin}/gitdir",
    "packed-refs": "echo x > {git}/packed-refs",
}


def state(git_dir: Path) -> dict[str, bytes | None]:
    """What each of :data:`FORBIDDEN`'s files holds now (None: missing)."""
    return {
        rel: (git_dir / rel).read_bytes() if (git_dir / rel).is_file() else None
        for rel in FORBIDDEN
    }


async def test_a_worktree_runs_command_commits_to_its_own_branch(repo: Path) -> None:
    tools, events = build_toolset(list(TOOL_NAMES)), list[Event]()
    ctx = ToolContext(root=repo, allow_bash=True)
    async with run_scope(
        AGENT, tools, ctx, session_id="s1", run_id=1, record=events.append
    ) as scope:
        assert scope.worktree is not None
        command = f"echo 'b = 2' > b.py && git add b.py && {IDENTITY} commit -qm 'agent commit'"
        done = await tools.execute("Bash", {"command": command}, scope.ctx)
        assert not done.is_error, done.content
        shown = await tools.execute("Bash", {"command": "git log --format=%s"}, scope.ctx)
        log = str(shown.content)  # (its objects in the run's own store)
        assert log.splitlines()[0] == "agent commit"
        admin = Path(git(scope.worktree.path, "rev-parse", "--absolute-git-dir").strip())
        before = state(repo / ".git")
        for template in FORBIDDEN.values():
            command = template.format(git=repo / ".git", admin=admin)
            await tools.execute("Bash", {"command": command}, scope.ctx)
        assert state(repo / ".git") == before
        result = await finish_worktree(scope.worktree, "agent run")
    assert result.status == MergeStatus.MERGED and result.files == ["b.py"]
    assert (repo / "b.py").read_text() == "b = 2\n"
    assert "agent commit" in git(repo, "log", "--format=%s", "main").splitlines()


async def test_coords_commit_goes_to_the_runs_branch_when_a_command_moved_head(
    repo: Path,
) -> None:
    """A command may write the worktree's own HEAD now: pointing it at ``main`` must not have
    coord's end-of-run commit land on ``main``, past the protected-path check."""
    tools, events = build_toolset(list(TOOL_NAMES)), list[Event]()
    ctx = ToolContext(root=repo, allow_bash=True)
    async with run_scope(
        AGENT, tools, ctx, session_id="s1", run_id=2, record=events.append
    ) as scope:
        assert scope.worktree is not None
        command = "echo 'c = 3' > c.py && git symbolic-ref HEAD refs/heads/main"
        done = await tools.execute("Bash", {"command": command}, scope.ctx)
        assert not done.is_error, done.content
        result = await finish_worktree(scope.worktree, "agent run")
    assert result.status == MergeStatus.MERGED and result.files == ["c.py"]
    assert git(repo, "log", "-1", "--format=%s", "main") == "coord: merge coord/s1/2\n"
    assert git(repo, "log", "-1", "--format=%s", "main^2") == "agent run\n"


async def test_no_git_folder_is_made_writable_through_a_link(repo: Path, tmp_path: Path) -> None:
    """A command in the workspace may write ``.git``: a ``refs/heads/coord`` link to another
    folder must not have that folder bound writable for a later worktree run."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".git" / "refs" / "heads" / "coord").symlink_to(elsewhere)
    wt = await open_worktree(repo, "s9", 1)
    assert git_access(wt) == GitAccess()
