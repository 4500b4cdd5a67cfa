"""The trust boundary's gaps found by trust28, each driven as a hostile agent would: its
tool calls scripted turns of the real engine over a real workspace, its commands in real
bubblewrap, the session in real SQLite, git the real one.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from hostile import backend, bash, run
from kit import git, git_init, needs_bwrap, report

DONE = report("Complete", "Done")


def tool(name: str, **arguments: Any) -> dict[str, Any]:
    return {"tool_calls": [{"name": name, "input": arguments}]}


# ---- 1. a .git file (or commondir) a command wrote sends worktree runs to another repo -----

OTHER_SECRET = "the-users-other-repository-PRIVATE"


def other_repository(tmp_path: Path) -> Path:
    """A repository of the user's outside the workspace, which no agent may see."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "secret.txt").write_text(OTHER_SECRET + "\n")
    return git_init(other)


@needs_bwrap
@pytest.mark.parametrize(
    "plant",
    [
        "printf 'gitdir: {git}\\n' > .git",
        "ln -s {git} .git",
        "mkdir -p .git/refs && echo {git} > .git/commondir && echo 'ref: refs/heads/main' "
        "> .git/HEAD",
    ],
    ids=["git-file", "git-link", "commondir"],
)
def test_a_git_redirect_a_command_wrote_gives_no_worktree_of_another_repository(
    tmp_path: Path, plant: str
) -> None:
    """An agent's command in a workspace that is no repository writes ``.git`` naming the
    git folder of another repository of the user's. The next worktree run made its worktree
    from that repository: the agent read its files, and its branch was merged into it (and
    its commands could write that repository's git folder). The run must be refused its
    worktree."""
    other = other_repository(tmp_path)
    ws, home = (tmp_path / "ws").resolve(), tmp_path / "home"
    ws.mkdir()
    (home / ".claude").mkdir(parents=True)
    run(ws, home, backend(), [bash(plant.format(git=other / ".git")), {"text": DONE}])
    assert (ws / ".git").exists() or (ws / ".git").is_symlink()

    read = tool("Read", file_path="secret.txt")
    write = tool("Write", file_path="planted.txt", content="agent was here\n")
    later = run(ws, home, backend(isolation="worktree"), [read, write, {"text": DONE}])
    assert OTHER_SECRET not in str(later.model.calls[1].messages)
    assert "coord: merge" not in git(other, "log", "--all", "--oneline")
    assert not any(other.glob(".git/coord-worktrees/*"))


def test_a_linked_worktree_of_the_users_still_gets_its_worktree_run(tmp_path: Path) -> None:
    """The workspace is a linked worktree the user made (``.git`` a file naming the main
    repository's folder, which names it back): worktree runs work there as before."""
    main = other_repository(tmp_path)
    ws, home = (tmp_path / "linked").resolve(), tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    git(main, "worktree", "add", "-q", "-b", "feature", str(ws))
    (ws / ".coordinator").mkdir()
    write = tool("Write", file_path="planted.txt", content="work\n")
    run(ws, home, backend(isolation="worktree"), [write, {"text": DONE}])
    assert "coord: merge" in git(ws, "log", "--oneline", "feature")


# ---- 2. a program git's automatic gc starts ------------------------------------------------


def test_a_gc_hook_in_the_repository_config_gives_no_worktree(tmp_path: Path) -> None:
    """``gc.recentObjectsHook`` (git 2.42+) is a program ``git gc`` starts when it keeps or
    packs unreachable objects, and coord's commit and merge run ``gc --auto`` (``gc.auto`` and
    ``gc.autoPackLimit`` say when: a repository's own config may say "always"). A repository
    an agent's command made may set it: the run is refused its worktree, naming it."""
    import re

    from coordinator.runtime.worktree import WorktreeUnavailable, open_worktree

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("a = 1\n")
    git_init(repo)
    git(repo, "config", "gc.auto", "1")
    git(repo, "config", "gc.recentObjectsHook", f"touch {tmp_path / 'RAN'}")
    with pytest.raises(WorktreeUnavailable, match=re.escape("gc.recentobjectshook")):
        asyncio.run(open_worktree(repo, "s1", 1))
