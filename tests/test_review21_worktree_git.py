"""Hostile commands in an ``isolation: worktree`` run (real repository, real bwrap) against
the git access a run has for ``git commit``: nothing they leave in the folders they may write
(the worktree's ``.git`` file, its own git directory, its branch's ref and log, the object
store) may move the main branch, rewrite its history, or have coord's git write elsewhere."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import pytest

from coordinator.events import Event
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.run_scope import RunScope, run_scope
from coordinator.runtime.worktree import MergeStatus, WorktreeUnavailable, finish_worktree
from coordinator.tools.base import ToolContext
from coordinator.tools.toolset import TOOL_NAMES, build_toolset
from tests.kit import app_repo, git

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
repo = app_repo  # the fixture: a git repository holding app.py, on main

AGENT = AgentSpec(name="backend", description="Backend.", body="b", extra={"isolation": "worktree"})


async def bash(scope: RunScope, command: str) -> str:
    """Run ``command`` in the run's sandbox; its output."""
    tools = scope.tools
    done = await tools.execute("Bash", {"command": command}, scope.ctx)
    return str(done.content)


async def attack(repo: Path, command: str, run_id: int = 1) -> MergeStatus:
    """A worktree run whose agent runs ``command``, then coord's end-of-run merge."""
    tools, events = build_toolset(list(TOOL_NAMES)), list[Event]()
    ctx = ToolContext(root=repo, allow_bash=True)
    async with run_scope(
        AGENT, tools, ctx, session_id="s1", run_id=run_id, record=events.append
    ) as scope:
        assert scope.worktree is not None
        print(await bash(scope, command))
        try:
            result = await finish_worktree(scope.worktree, "agent run")
        except WorktreeUnavailable:  # as merge_back records it
            return MergeStatus.CONFLICT
    return result.status


def first_parents(repo: Path) -> list[str]:
    return git(repo, "log", "--first-parent", "--format=%s", "main").splitlines()


async def test_a_symbolic_ref_for_the_runs_branch_does_not_take_coords_commit_to_main(
    repo: Path,
) -> None:
    """The run's branch made a symbolic ref to ``main``: coord's end-of-run commit (which
    checks nothing) must not land on ``main``."""
    ref = repo / ".git/refs/heads/coord/s1/1"
    await attack(repo, f"echo 'x = 1' > x.py && echo 'ref: refs/heads/main' > {ref}")
    assert first_parents(repo)[-1] == "start"
    assert "agent run" not in first_parents(repo)


async def test_a_linked_ref_for_the_runs_branch_does_not_take_coords_commit_to_main(
    repo: Path,
) -> None:
    ref = repo / ".git/refs/heads/coord/s1/1"
    await attack(
        repo, f"echo 'x = 1' > x.py && ln -sf refs/heads/main {ref}.new && mv -T {ref}.new {ref}"
    )
    assert "agent run" not in first_parents(repo)


async def test_a_linked_reflog_does_not_have_coord_append_elsewhere(
    repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    log = repo / ".git/logs/refs/heads/coord/s1/1"
    await attack(repo, f"echo 'x = 1' > x.py && rm -f {log} && ln -s {outside} {log}")
    assert not outside.exists()


async def test_a_linked_head_reflog_does_not_have_coord_append_elsewhere(
    repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside2.txt"
    admin = repo / ".git/worktrees/s1-1"
    await attack(
        repo, f"echo 'x = 1' > x.py && rm -f {admin}/logs/HEAD && ln -s {outside} {admin}/logs/HEAD"
    )
    assert not outside.exists()


async def test_a_rewritten_git_file_does_not_take_coords_commit_to_main(repo: Path) -> None:
    """The worktree's ``.git`` file pointed at the repository's own git directory."""
    await attack(repo, f"echo 'x = 1' > x.py && echo 'gitdir: {repo / '.git'}' > .git; cat .git")
    assert "agent run" not in first_parents(repo)
    assert git(repo, "symbolic-ref", "HEAD") == "refs/heads/main\n"


async def test_a_replaced_object_does_not_change_mains_history(repo: Path) -> None:
    """The repository's objects are read-only to commands (the run writes a store of its
    own): a loose object of ``main`` replaced would rewrite its history."""
    blob = git(repo, "rev-parse", "main:app.py").strip()
    path = repo / ".git/objects" / blob[:2] / blob[2:]
    script = "import zlib,sys; sys.stdout.buffer.write(zlib.compress(b'blob 10\\x00a = 666 #\\n'))"
    forged = path.with_name("forged")
    await attack(repo, f'python3 -c "{script}" > {forged}; rm -f {path}; mv {forged} {path}')
    assert zlib.decompress(path.read_bytes()) == b"blob 6\x00a = 1\n"


async def test_alternates_cannot_be_planted(repo: Path) -> None:
    alternates = repo / ".git/objects/info/alternates"
    await attack(repo, f"mkdir -p {alternates.parent} && echo /tmp/elsewhere > {alternates}")
    assert not alternates.exists()


FORGE = (
    "import hashlib, os, zlib; "
    "name = hashlib.sha1(b'blob 6\\x00b = 2\\n').hexdigest(); "
    "folder = os.path.join(os.environ['GIT_OBJECT_DIRECTORY'], name[:2]); "
    "os.makedirs(folder, exist_ok=True); "
    "open(os.path.join(folder, name[2:]), 'wb').write(zlib.compress(b'blob 6\\x00EVIL!\\n'))"
)


async def test_a_forged_object_in_the_runs_store_is_not_taken_into_the_repository(
    repo: Path,
) -> None:
    """An object named as the content ``b = 2`` holding another: taken in, it would stand for
    ``b = 2`` in the user's every later commit of that content."""
    status = await attack(repo, f'echo "x = 1" > x.py && python3 -c "{FORGE}"')
    assert status == MergeStatus.CONFLICT
    (repo / "b.py").write_text("b = 2\n")
    git(repo, "add", "b.py")
    git(repo, "commit", "-qm", "user")
    assert git(repo, "show", "HEAD:b.py") == "b = 2\n"


async def test_an_agent_that_commits_repacks_and_amends_is_merged_with_its_history(
    repo: Path,
) -> None:
    """Daily use: several commits, an amend, a rebase, ``git gc`` (its pack taken in whole)."""
    script = (
        "echo 'x = 1' > x.py && git add x.py && git commit -qm one && "
        "echo 'y = 1' > y.py && git add y.py && git commit -qm two && "
        "echo 'y = 2' > y.py && git commit -qam 'two, amended' --amend && "
        "git rebase -q HEAD~1 && git gc -q 2>&1; git log --format=%s"
    )
    script = f"{script}; git gc -q; git log -1 --format=%s"  # (its pack taken in once)
    assert await attack(repo, script) == MergeStatus.MERGED
    log = git(repo, "log", "--format=%s", "main^2").splitlines()
    assert log[:3] == ["two, amended", "one", "start"]
    assert git(repo, "fsck", "--no-dangling") == ""


async def test_a_refused_tag_or_stash_says_what_the_runs_git_may_write(repo: Path) -> None:
    """``git stash``'s own message ("Cannot save the current status") names no cause."""
    tools, events = build_toolset(list(TOOL_NAMES)), list[Event]()
    ctx = ToolContext(root=repo, allow_bash=True)
    async with run_scope(
        AGENT, tools, ctx, session_id="s1", run_id=1, record=events.append
    ) as scope:
        for command in ("git tag v1", "echo 'a = 2' > app.py && git stash"):
            said = await bash(scope, command)
            assert "commits only to its branch coord/s1/1" in said, said
        assert "commits only" not in await bash(scope, "git log --oneline")


async def test_the_user_sees_the_runs_commits_while_it_is_on(repo: Path) -> None:
    """The run's objects are taken in after each command: the user's ``git log --all`` and
    ``git gc`` work while a run is on (its branch names commits the repository has)."""
    tools, events = build_toolset(list(TOOL_NAMES)), list[Event]()
    ctx = ToolContext(root=repo, allow_bash=True)
    async with run_scope(
        AGENT, tools, ctx, session_id="s1", run_id=1, record=events.append
    ) as scope:
        await bash(scope, "echo 'x = 1' > x.py && git add x.py && git commit -qm one")
        assert git(repo, "log", "--format=%s", "coord/s1/1") == "one\nstart\n"
        git(repo, "gc", "-q")
        await bash(scope, "echo 'y = 1' > y.py && git add y.py && git commit -qm two")
        assert await finish_worktree(scope.worktree, "agent run") is not None
    assert git(repo, "log", "--format=%s", "main^2") == "two\none\nstart\n"


async def test_a_linked_store_does_not_bring_another_repositorys_objects_in(
    repo: Path, tmp_path: Path
) -> None:
    """The run's store made a link to a repository the sandbox hides: coord must not take
    that repository's objects into this one, where a later command could read them."""
    private = tmp_path / "private"
    private.mkdir()
    git(private, "init", "-q")
    (private / "secret.txt").write_text("the secret\n")
    git(private, "add", "secret.txt")
    blob = git(private, "hash-object", "secret.txt").strip()
    store = repo / ".git/worktrees/s1-1/coord-objects"
    await attack(repo, f"rm -rf {store} && ln -s {private / '.git/objects'} {store}")
    assert not (repo / ".git/objects" / blob[:2] / blob[2:]).exists()


async def test_a_committed_protected_path_is_still_kept_from_the_merge(repo: Path) -> None:
    """A command commits ``.claude/settings.json`` with git's plumbing (the file itself is
    read-only to it): the merge-back still refuses the branch."""
    script = (
        'blob=$(echo \'{"permissions": {"allow": ["Bash"]}}\' | git hash-object -w --stdin)'
        " && git update-index --add --cacheinfo 100644,$blob,.claude/settings.json"
        " && git update-index --skip-worktree .claude/settings.json"  # past coord's add -A
        " && git commit -qm settings"
    )
    assert await attack(repo, script) == MergeStatus.CONFLICT
    assert "settings" not in git(repo, "log", "--format=%s", "main").splitlines()


async def test_no_hard_link_to_a_file_outside_lands_in_the_runs_git_folders(
    repo: Path,
) -> None:
    """A hard link from the run's store to the repository's objects (or anything outside
    its binds) is refused by the kernel: a write through it would change the file."""
    blob = git(repo, "rev-parse", "main:app.py").strip()
    source = repo / ".git/objects" / blob[:2] / blob[2:]
    store = repo / ".git/worktrees/s1-1/coord-objects"
    said = await bash_once(repo, f"mkdir -p {store}/{blob[:2]} && ln {source} {store}/{blob[:2]}/")
    assert "Invalid cross-device link" in said, said


async def bash_once(repo: Path, command: str) -> str:
    """``command``'s output in a worktree run of its own, then the run merged back."""
    tools, events = build_toolset(list(TOOL_NAMES)), list[Event]()
    ctx = ToolContext(root=repo, allow_bash=True)
    async with run_scope(
        AGENT, tools, ctx, session_id="s1", run_id=1, record=events.append
    ) as scope:
        said = await bash(scope, command)
        assert scope.worktree is not None
        await finish_worktree(scope.worktree, "agent run")
    return said


async def test_a_link_a_command_left_is_removed_when_it_ends(repo: Path, tmp_path: Path) -> None:
    """Not only at the merge: the user's own git, while the run is on, meets no link either
    (a ``git commit`` of theirs in the run's worktree would append where it leads)."""
    log = repo / ".git/logs/refs/heads/coord/s1/1"
    tools, events = build_toolset(list(TOOL_NAMES)), list[Event]()
    ctx = ToolContext(root=repo, allow_bash=True)
    async with run_scope(
        AGENT, tools, ctx, session_id="s1", run_id=1, record=events.append
    ) as scope:
        said = await bash(scope, f"rm -f {log} && ln -s {tmp_path / 'outside'} {log}")
        assert f"removed: {log}" in said
        assert not log.is_symlink()


async def test_a_command_changes_no_other_runs_branch_of_its_session(repo: Path) -> None:
    """Run 1's branch, kept for a person to merge, is not run 2's to rewrite (a protected
    change the person would merge by hand), nor is a later run's to plant."""
    git(repo, "branch", "coord/s1/1")
    kept = git(repo, "rev-parse", "coord/s1/1")
    script = (
        "echo 'x = 1' > x.py && git add x.py && git commit -qm planted"
        " && git update-ref refs/heads/coord/s1/1 HEAD && git update-ref refs/heads/coord/s1/3 HEAD"
    )
    tools, events = build_toolset(list(TOOL_NAMES)), list[Event]()
    ctx = ToolContext(root=repo, allow_bash=True)
    async with run_scope(
        AGENT, tools, ctx, session_id="s1", run_id=2, record=events.append
    ) as scope:
        said = await bash(scope, script)
        assert "put back:" in said, said
    assert git(repo, "rev-parse", "coord/s1/1") == kept
    assert "coord/s1/3" not in git(repo, "branch", "--list", "coord/*")


async def test_head_is_put_back_on_the_runs_branch_when_a_command_ends(repo: Path) -> None:
    """HEAD made to name ``main``: a user's hook committing in the worktree (outside the
    sandbox) would commit to ``main``, past the merge's checks."""
    tools, events = build_toolset(list(TOOL_NAMES)), list[Event]()
    ctx = ToolContext(root=repo, allow_bash=True)
    async with run_scope(
        AGENT, tools, ctx, session_id="s1", run_id=1, record=events.append
    ) as scope:
        assert scope.worktree is not None
        said = await bash(scope, "git symbolic-ref HEAD refs/heads/main")
        assert "it named refs/heads/main" in said, said
        assert git(scope.worktree.path, "symbolic-ref", "HEAD") == "refs/heads/coord/s1/1\n"
        said = await bash(scope, "git checkout -q --detach && git symbolic-ref -q HEAD; echo $?")
        assert said.strip() == "1"  # a detached HEAD moves no branch: left as it is
