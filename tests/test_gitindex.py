"""The gitlinks a Bash command's guard watches (``tools/gitindex.py``), on real git
indexes: the same as git lists them in every index shape, and git not started for an index
that cannot hold one (the common case: ~5 ms a listing saved twice a Bash call)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coordinator.tools.gitindex import gitlinks, may_hold_gitlinks
from tests.kit import git, git_init

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
GIT = shutil.which("git") or "git"


def listed_by_git(root: Path) -> list[str]:
    """The gitlinks as ``git ls-files --stage`` lists them."""
    lines = git(root, "ls-files", "--stage").splitlines()
    return [line.partition("\t")[2] for line in lines if line.startswith("160000 ")]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A repository of 300 files in 10 folders, none a gitlink."""
    root = tmp_path / "repo"
    for i in range(300):
        (root / f"d{i % 10}").mkdir(parents=True, exist_ok=True)
        (root / f"d{i % 10}" / f"f{i}.txt").write_text(f"{i}\n" * (i % 7))
    return git_init(root)


def add_gitlink(root: Path, path: str) -> None:
    """A gitlink at ``path`` in the index (as ``git add`` of a nested repository makes)."""
    commit = git(root, "rev-parse", "HEAD").strip()
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{commit},{path}")


def test_an_index_of_files_alone_is_read_without_starting_git(files: Path) -> None:
    assert not may_hold_gitlinks(files / ".git")
    assert gitlinks(files, GIT) == listed_by_git(files) == []


def test_a_repository_with_no_index_yet_holds_none(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    assert not may_hold_gitlinks(tmp_path / ".git")
    assert gitlinks(tmp_path, GIT) == []


@pytest.mark.parametrize("version", ["2", "3", "4"])
def test_a_gitlink_is_found_in_every_index_version(files: Path, version: str) -> None:
    add_gitlink(files, "vendor/lib")
    git(files, "update-index", "--index-version", version)
    assert may_hold_gitlinks(files / ".git")
    assert gitlinks(files, GIT) == listed_by_git(files) == ["vendor/lib"]


def test_a_gitlink_in_a_split_indexs_shared_part_is_found(files: Path) -> None:
    add_gitlink(files, "sub")
    git(files, "update-index", "--split-index")
    git(files, "update-index", "--add", "--cacheinfo", "100644," + "e" * 40 + ",extra.txt")
    assert gitlinks(files, GIT) == listed_by_git(files) == ["sub"]


def test_an_index_that_is_a_link_is_left_to_git(files: Path) -> None:
    index = files / ".git" / "index"
    index.rename(files / ".git" / "real-index")
    index.symlink_to("real-index")
    assert may_hold_gitlinks(files / ".git")
