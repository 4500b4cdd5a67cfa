"""isolation: worktree — real git repositories: worktree, commit, merge back, conflicts."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from coordinator.runtime.worktree import (
    MergeStatus,
    WorktreeUnavailable,
    branch_name,
    finish_worktree,
    open_worktree,
)
from tests.kit import git, git_init


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text("a = 1\nb = 2\n")
    return git_init(root)


def branches(repo: Path) -> list[str]:
    return git(repo, "branch", "--format=%(refname:short)").split()


async def test_changes_are_committed_and_merged_back(repo: Path) -> None:
    wt = await open_worktree(repo, "s1", 1)
    assert wt.branch == branch_name("s1", 1) == "coord/s1/1"
    assert wt.root != repo and (wt.root / "app.py").exists()
    (wt.root / "app.py").write_text("a = 10\nb = 2\n")
    (wt.root / "new.py").write_text("x = 1\n")
    assert not (repo / "new.py").exists()  # the workspace is untouched until the merge

    result = await finish_worktree(wt, "agent run")

    assert result.status == MergeStatus.MERGED
    assert sorted(result.files) == ["app.py", "new.py"]
    assert (repo / "new.py").read_text() == "x = 1\n"
    assert (repo / "app.py").read_text().startswith("a = 10")
    assert "coord: merge coord/s1/1" in git(repo, "log", "-1", "--format=%s")
    assert branches(repo) == ["main"] and not wt.path.exists()


async def test_no_change_removes_worktree_and_branch(repo: Path) -> None:
    wt = await open_worktree(repo, "s1", 2)
    result = await finish_worktree(wt, "agent run")
    assert result.status == MergeStatus.UNCHANGED
    assert branches(repo) == ["main"] and not wt.path.exists()
    assert git(repo, "log", "--format=%s") == "start\n"


async def test_commits_the_agent_made_are_merged(repo: Path) -> None:
    wt = await open_worktree(repo, "s1", 3)
    (wt.root / "c.txt").write_text("c\n")
    git(wt.root, "add", "c.txt")
    git(wt.root, "commit", "-q", "-m", "agent commit")
    result = await finish_worktree(wt, "agent run")
    assert result.status == MergeStatus.MERGED
    assert "agent commit" in git(repo, "log", "--format=%s")


async def test_conflict_keeps_the_branch_and_names_the_files(repo: Path) -> None:
    wt = await open_worktree(repo, "s2", 1)
    (wt.root / "app.py").write_text("a = 'agent'\nb = 2\n")
    (repo / "app.py").write_text("a = 'person'\nb = 2\n")
    git(repo, "commit", "-qam", "meanwhile")

    result = await finish_worktree(wt, "agent run")

    assert result.status == MergeStatus.CONFLICT
    assert result.files == ["app.py"]
    assert "coord/s2/1" in branches(repo)
    assert (repo / "app.py").read_text() == "a = 'person'\nb = 2\n"  # merge aborted
    assert not (repo / ".git" / "MERGE_HEAD").exists()
    assert "agent" in git(repo, "show", "coord/s2/1:app.py")


async def test_uncommitted_workspace_changes_block_the_merge_not_lose_it(repo: Path) -> None:
    wt = await open_worktree(repo, "s3", 1)
    (wt.root / "app.py").write_text("a = 'agent'\nb = 2\n")
    (repo / "app.py").write_text("a = 'uncommitted'\nb = 2\n")
    result = await finish_worktree(wt, "agent run")
    assert result.status == MergeStatus.CONFLICT
    assert result.detail
    assert (repo / "app.py").read_text() == "a = 'uncommitted'\nb = 2\n"
    assert "coord/s3/1" in branches(repo)


async def test_two_concurrent_runs_editing_different_files_both_land(repo: Path) -> None:
    one, two = await asyncio.gather(open_worktree(repo, "a", 1), open_worktree(repo, "b", 1))
    (one.root / "app.py").write_text("a = 'one'\nb = 2\n")
    (two.root / "other.py").write_text("two = 2\n")
    results = await asyncio.gather(finish_worktree(one, "one"), finish_worktree(two, "two"))
    assert [r.status for r in results] == [MergeStatus.MERGED, MergeStatus.MERGED]
    assert (repo / "app.py").read_text().startswith("a = 'one'")
    assert (repo / "other.py").exists()


async def test_reopening_finds_the_same_worktree(repo: Path) -> None:
    wt = await open_worktree(repo, "s4", 1)
    (wt.root / "half.txt").write_text("done so far\n")
    again = await open_worktree(repo, "s4", 1)
    assert again.path == wt.path and (again.root / "half.txt").exists()


async def test_a_subfolder_workspace_maps_into_the_worktree(repo: Path) -> None:
    (repo / "svc").mkdir()
    (repo / "svc" / "m.py").write_text("m = 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "svc")
    wt = await open_worktree(repo / "svc", "s5", 1)
    assert (wt.root / "m.py").exists() and wt.root.name == "svc"


async def test_not_a_repository_or_no_commit(tmp_path: Path) -> None:
    with pytest.raises(WorktreeUnavailable, match="not in a git repository"):
        await open_worktree(tmp_path, "s", 1)
    git(tmp_path, "init", "-q")
    with pytest.raises(WorktreeUnavailable, match="no commit"):
        await open_worktree(tmp_path, "s", 1)


async def test_repository_hooks_do_not_run(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text('#!/bin/sh\ntouch "$(git rev-parse --show-toplevel)/../HOOK_RAN"\nexit 1\n')
    hook.chmod(0o755)
    wt = await open_worktree(repo, "s6", 1)
    (wt.root / "x.txt").write_text("x\n")
    result = await finish_worktree(wt, "agent run")
    assert result.status == MergeStatus.MERGED
    assert not (repo.parent / "HOOK_RAN").exists()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("filter.evil.clean", "touch ../RAN; cat"),
        ("filter.evil.smudge", "touch ../RAN; cat"),
        ("filter.evil.process", "touch ../RAN"),
        ("merge.evil.driver", "touch ../RAN"),
        ("gpg.program", "touch ../RAN"),
        ("core.worktree", "../RAN.d"),
    ],
)
async def test_commands_the_repository_config_names_never_run(
    repo: Path, key: str, value: str
) -> None:
    """An agent that could write the repository's config (before it was protected, or in a
    repository its own command made) must not have coord's git run a program as the user:
    the config is read first and a run is refused its worktree when it names one."""
    (repo / ".gitattributes").write_text("* filter=evil merge=evil diff=evil\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "attributes")
    (repo.parent / "RAN.d").mkdir()  # where core.worktree would send the merged files
    git(repo, "config", key, value.replace("../RAN", str(repo.parent / "RAN")))
    with pytest.raises(WorktreeUnavailable, match=re.escape(key)):
        wt = await open_worktree(repo, "s7", 1)
        (wt.root / "app.py").write_text("a = 3\nb = 2\n")
        await finish_worktree(wt, "agent run")
    assert not (repo.parent / "RAN").exists()


async def test_a_config_changed_during_the_run_is_read_again_before_the_merge(
    repo: Path,
) -> None:
    wt = await open_worktree(repo, "s8", 1)
    (wt.root / "app.py").write_text("a = 3\nb = 2\n")
    (wt.root / ".gitattributes").write_text("* filter=evil\n")
    git(repo, "config", "filter.evil.clean", f"touch {repo.parent / 'RAN'}; cat")
    with pytest.raises(WorktreeUnavailable, match=re.escape("filter.evil.clean")):
        await finish_worktree(wt, "agent run")
    assert not (repo.parent / "RAN").exists()


async def test_git_lfs_as_it_installs_itself_is_no_command_of_an_agent(repo: Path) -> None:
    for kind, value in (
        ("clean", "git-lfs clean -- %f"),
        ("smudge", "git-lfs smudge -- %f"),
        ("process", "git-lfs filter-process"),
    ):
        git(repo, "config", f"filter.lfs.{kind}", value)
    git(repo, "config", "filter.lfs.required", "true")
    wt = await open_worktree(repo, "s9", 1)
    (wt.root / "new.txt").write_text("x\n")
    assert (await finish_worktree(wt, "agent run")).status == MergeStatus.MERGED


async def test_a_global_config_inside_the_repository_is_the_repositorys(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workspace holding the home folder: ``~/.gitconfig`` is then a file an agent can
    write, and its programs are refused as the repository's own are."""
    (repo / ".gitattributes").write_text("* filter=evil\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "attributes")
    home = repo / "home"
    home.mkdir()
    clean = f"touch {repo.parent / 'RAN'}; cat"
    (home / ".gitconfig").write_text(f'[filter "evil"]\n\tclean = {clean}\n')
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    with pytest.raises(WorktreeUnavailable, match=re.escape("filter.evil.clean")):
        wt = await open_worktree(repo, "s10", 1)
        (wt.root / "new.txt").write_text("x\n")
        await finish_worktree(wt, "agent run")
    assert not (repo.parent / "RAN").exists()
