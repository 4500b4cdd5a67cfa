"""git84: where a repository is, asked of one ``git rev-parse`` (:func:`git_places`) and kept
by the run's worktree, gives the answers git gives one question at a time, on every layout
(a sub-folder, a linked worktree, a ``.git`` file naming a folder elsewhere; ``GIT_DIR`` left
out, review86); and a worktree run starts far fewer git processes (a PATH shim counts them)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from coordinator.events import Event
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.run_scope import run_scope
from coordinator.runtime.worktree import (
    MergeStatus,
    WorktreeUnavailable,
    commit_env,
    finish_worktree,
    git_places,
    open_worktree,
)
from coordinator.tools.base import ToolContext
from coordinator.tools.toolset import TOOL_NAMES, build_toolset
from tests.kit import app_repo, git, git_init

repo = app_repo  # the fixture: a git repository holding app.py, on main
AGENT = AgentSpec(name="backend", description="Backend.", body="b", extra={"isolation": "worktree"})


def asked_one_by_one(cwd: Path) -> tuple[Path, Path, Path, str, str]:
    """What git answers in ``cwd`` to each of git_places's questions asked alone (as coord
    asked them before), the relative common directory taken from ``cwd``."""
    top, own, common, algorithm = (
        git(cwd, "rev-parse", option).strip()
        for option in ("--show-toplevel", "--absolute-git-dir", "--git-common-dir",
                       "--show-object-format")
    )  # fmt: skip
    head = git(cwd, "rev-parse", "--verify", "HEAD^{commit}").strip()
    shared = Path(common) if os.path.isabs(common) else (cwd / common).resolve()
    return Path(top), Path(own), shared, algorithm, head


def places(cwd: Path) -> tuple[Path, Path, Path, str, str]:
    found = git_places(cwd)
    return found.top, found.own, found.common, found.object_format, found.head


def test_one_rev_parse_answers_as_its_questions_asked_alone(repo: Path, tmp_path: Path) -> None:
    (repo / "sub" / "deep").mkdir(parents=True)
    git(repo, "worktree", "add", "-q", str(tmp_path / "linked"))
    (tmp_path / "linked" / "inner").mkdir()
    separate = tmp_path / "separate"
    separate.mkdir()
    (separate / "f.txt").write_text("x\n")
    git(separate, "init", "-q", "--separate-git-dir", str(tmp_path / "elsewhere.git"))
    git(separate, "add", "-A")  # (its .git: a file naming ../elsewhere.git)
    git(separate, "-c", "user.name=D", "-c", "user.email=d@e", "commit", "-qm", "start")
    for cwd in (
        repo, repo / "sub", repo / "sub" / "deep", tmp_path / "linked",
        tmp_path / "linked" / "inner", separate,
    ):  # fmt: skip
        assert places(cwd) == asked_one_by_one(cwd), cwd
    assert git_places(repo / "sub").common == repo / ".git"
    assert git_places(tmp_path / "linked" / "inner").common == repo / ".git"
    assert git_places(separate).own == tmp_path / "elsewhere.git"


def test_git_dir_in_the_environment_is_not_where_coords_git_looks(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_DIR and GIT_WORK_TREE in coord's environment (a git hook starting coord sets
    them) do not reach its git (review86: as they reach no git of changes.py's): git_places
    answers for the folder asked, as git there answers without them."""
    expected = asked_one_by_one(repo)
    other = tmp_path / "other"
    other.mkdir()
    (other / "o.txt").write_text("o\n")
    git_init(other)
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    assert places(repo) == expected


def test_a_repository_with_no_commit_and_a_folder_in_none(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    found = git_places(empty)
    assert (found.top, found.own, found.head) == (empty, empty / ".git", "")
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    (nowhere / ".git").write_text("gitdir: /no/such/folder\n")  # (not even git's)
    with pytest.raises(WorktreeUnavailable, match="not in a git repository"):
        git_places(nowhere)


async def test_a_path_holding_a_line_break_is_refused_not_misread(tmp_path: Path) -> None:
    """git prints rev-parse's answers one a line, unquoted: a repository whose path holds a
    line break is refused a worktree (one clear message), nothing made in its .git."""
    odd = tmp_path / "odd\nname"
    odd.mkdir()
    (odd / "a.py").write_text("a = 1\n")
    git_init(odd)
    with pytest.raises(WorktreeUnavailable, match="line break"):
        git_places(odd)
    with pytest.raises(WorktreeUnavailable, match="line break"):
        await open_worktree(odd, "s1", 1)
    assert not (odd / ".git" / "coord-worktrees").exists()


async def test_a_worktree_keeps_where_git_put_it_and_merges_into_a_linked_worktree(
    repo: Path, tmp_path: Path
) -> None:
    """The workspace is itself a linked worktree of the user's: the run's worktree lives in
    the repository's git directory, keeps its own git directory as git names it, and its
    change is merged into the linked worktree's branch."""
    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "feature", str(linked))
    wt = await open_worktree(linked, "s1", 1)
    assert wt.common == repo / ".git" and wt.object_format == "sha1"
    assert str(wt.admin) == git(wt.path, "rev-parse", "--absolute-git-dir").strip()
    (wt.root / "b.py").write_text("b = 2\n")
    result = await finish_worktree(wt, "agent run")
    assert result.status == MergeStatus.MERGED and result.files == ["b.py"]
    assert (linked / "b.py").read_text() == "b = 2\n" and not (repo / "b.py").exists()
    assert git(repo, "log", "-1", "--format=%s", "feature").startswith("coord: merge")


def test_commit_env_reads_the_identity_as_git_config_does(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last of several values, as ``git config user.name`` reads it; coord's fallback
    where none is set (the user's own settings left out)."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(repo, "config", "--add", "user.name", "Second")
    env = commit_env(repo)
    assert env["GIT_AUTHOR_NAME"] == git(repo, "config", "user.name").strip() == "Second"
    assert env["GIT_COMMITTER_EMAIL"] == "dev@example.com"
    git(repo, "config", "--unset", "user.email")
    assert commit_env(repo)["GIT_AUTHOR_EMAIL"] == "coord@localhost"


# ---- counted ----------------------------------------------------------------------------

SHIM = '#!/bin/sh\nprintf "%s\\t%s\\n" "$PPID" "$*" >> "{log}"\nexec {git} "$@"\n'


def counting_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``git`` first on PATH that logs each start (its parent's id, its arguments) to the
    file returned, then runs the real one."""
    real = shutil.which("git")
    assert real is not None
    folder, log = tmp_path / "shim", tmp_path / "git.log"
    folder.mkdir()
    (folder / "git").write_text(SHIM.format(log=log, git=real))
    (folder / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def coords_git(log: Path) -> list[str]:
    """The git commands this process (coord) started, in order."""
    lines = log.read_text().splitlines() if log.exists() else []
    mine = str(os.getpid())
    return [line.split("\t", 1)[1] for line in lines if line.split("\t", 1)[0] == mine]


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
async def test_a_worktree_run_starts_few_git_processes_and_a_command_none(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One worktree run with a command: git was started 66 times (30 of them rev-parse
    asking again where the repository is, 9 after each command); the command's settling
    starts no git now, and the run at most 32 in all."""
    log = counting_git(tmp_path, monkeypatch)
    tools, events = build_toolset(list(TOOL_NAMES)), list[Event]()
    ctx = ToolContext(root=repo, allow_bash=True)
    async with run_scope(
        AGENT, tools, ctx, session_id="s1", run_id=1, record=events.append
    ) as scope:
        assert scope.worktree is not None
        opened = len(coords_git(log))
        done = await tools.execute("Bash", {"command": "echo 'b = 2' > b.py"}, scope.ctx)
        assert not done.is_error, done.content
        during = coords_git(log)[opened:]
        result = await finish_worktree(scope.worktree, "agent run")
    assert result.status == MergeStatus.MERGED and result.files == ["b.py"]
    assert [c for c in during if "rev-parse" in c and "--git-path" not in c] == []
    started = coords_git(log)
    assert len(started) <= 32, "\n".join(started)
    assert sum("rev-parse" in c for c in started) <= 8, "\n".join(started)
