"""The git directories a Bash command's guard watches (``tools/gitdirs.py``): a walk of the
workspace remembered between commands, each folder read again only when it changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from kit import git

from coordinator.tools import gitdirs
from coordinator.tools.gitdirs import git_dirs


@pytest.fixture(autouse=True)
def trusted_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder's remembered listing trusted at once (not after a second): the walk's
    memory is what is tested."""
    monkeypatch.setattr(gitdirs, "SETTLING_NS", 0)


def test_a_repository_made_in_a_folder_walked_before_is_found(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert git_dirs(tmp_path) == []
    git(deep, "init", "-q")
    git(tmp_path, "init", "-q", "--bare", "a/lib.git")
    assert git_dirs(tmp_path) == [tmp_path / "a" / "b" / "c" / ".git", tmp_path / "a" / "lib.git"]
    assert git_dirs(tmp_path) == [tmp_path / "a" / "b" / "c" / ".git", tmp_path / "a" / "lib.git"]


def test_a_submodules_git_directory_is_found_and_a_repositorys_bulk_is_not_walked(
    tmp_path: Path,
) -> None:
    git(tmp_path, "init", "-q")
    modules = tmp_path / ".git" / "modules" / "lib"
    modules.parent.mkdir()
    git(tmp_path, "init", "-q", "--bare", str(modules))
    (tmp_path / ".git" / "objects" / "ab").mkdir()
    git(tmp_path, "init", "-q", "--bare", ".git/objects/ab/hidden")  # nobody runs git there
    assert git_dirs(tmp_path) == [tmp_path / ".git", modules]


def test_gone_linked_skipped_and_look_alike_folders_are_not_git_directories(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    git(elsewhere.parent, "init", "-q", "elsewhere")
    ws = tmp_path / "ws"
    (ws / "own").mkdir(parents=True)
    git(ws / "own", "init", "-q")
    os.symlink(elsewhere, ws / "linked")
    look = ws / "web"
    for folder in ("objects", "refs", "hooks"):
        (look / folder).mkdir(parents=True)
    (look / "HEAD").write_text("notes\n")
    assert git_dirs(ws) == [ws / "own" / ".git"]
    assert git_dirs(ws, {ws / "own"}) == []
    (look / "HEAD").write_text("ref: refs/heads/main\n")
    assert git_dirs(ws) == [ws / "own" / ".git", look]
    (look / "HEAD").write_text("0123456789ABCDEF0123456789abcdef01234567 and the rest\n")
    assert git_dirs(ws) == [ws / "own" / ".git", look]  # git reads 40 digits, not the rest


def test_the_whole_machine_is_never_walked() -> None:
    """``/`` is no workspace (tools refuse it): its guard must not walk every folder."""
    assert git_dirs(Path("/")) == []
