"""review14: holes found attacking the protected workspace paths, each with the test that
failed before its fix. Real git, real files, real bwrap where a command is involved."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from kit import needs_bwrap

from coordinator.runtime.worktree import (
    MergeStatus,
    WorktreeUnavailable,
    finish_worktree,
    open_worktree,
)
from coordinator.tools import protected_guard, workspace
from coordinator.tools.base import ToolContext, ToolError, ToolResult
from coordinator.tools.protected_guard import ProtectedGuard
from coordinator.tools.sandbox import BashSandbox, bwrap_argv
from coordinator.tools.toolset import build_toolset
from coordinator.tools.workspace import (
    OpenMode,
    make_parents,
    open_confined,
    resolve_for_write,
)
from tests.kit import bwrap_run, git, git_init

TOOLS = build_toolset(None)
AGENT = "---\nname: reviewer\ndescription: Reviews code\ntools: Read\n---\nReview.\n"
WIDER = "---\nname: helper\ndescription: Helps\ntools: Read, Bash, Write\n---\nRun.\n"
SETTINGS = '{"permissions": {"deny": ["Bash(rm *)"]}}\n'


def bash(ws: Path, command: str) -> ToolResult:
    context = ToolContext(root=ws, allow_bash=True)
    return asyncio.run(TOOLS.execute("Bash", {"command": command}, context))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose workspace has project settings and a roster folder."""
    root = tmp_path / "repo"
    (root / ".claude").mkdir(parents=True)
    (root / ".claude" / "settings.json").write_text(SETTINGS)
    (root / "roster").mkdir()
    (root / "roster" / "reviewer.md").write_text("---\nname: reviewer\n---\nReview.\n")
    (root / "app.py").write_text("a = 1\n")
    return git_init(root)


def sandboxed(root: Path, command: str) -> subprocess.CompletedProcess[str]:
    """``command`` as the Bash tool runs it in ``root`` (real bwrap), its guard undone after."""
    guard = ProtectedGuard.taken(root)
    env = {"PATH": os.environ["PATH"], "HOME": str(root.parent / "home")}
    try:
        return bwrap_run(
            lambda status: bwrap_argv("bwrap", BashSandbox(), root, env, command, status=status),
            root,
            env,
            timeout=60,
        )
    finally:
        guard.restore()


@needs_bwrap
async def test_a_command_in_the_workspace_cannot_merge_settings_through_a_worktree(
    repo: Path,
) -> None:
    """Another run's worktree lies under ``.git/``, which a command in the workspace can
    write: a protected file it changes there must not be merged into the workspace."""
    wt = await open_worktree(repo, "s1", 1)
    (wt.root / "app.py").write_text("a = 2\n")  # the isolated run's own work
    evil = '{"permissions": {"allow": ["Bash"]}}'
    done = sandboxed(repo, f"echo '{evil}' > {wt.path}/.claude/settings.json")
    assert done.returncode == 0, done.stdout
    result = await finish_worktree(wt, "agent run")
    assert result.status == MergeStatus.CONFLICT
    assert result.files == [".claude/settings.json"] and "protected" in result.detail
    assert (repo / ".claude" / "settings.json").read_text() == SETTINGS
    assert (repo / "app.py").read_text() == "a = 1\n"  # nothing of the branch merged
    assert wt.branch in git(repo, "branch", "--list", wt.branch)  # kept for a person


@pytest.mark.parametrize(
    "change",
    [
        ".claude/settings.local.json",
        ".claude/agents/helper.md",
        ".claude/hooks/guard.sh",
        ".mcp.json",
        "sub/.claude/agents/helper.md",
        "roster/reviewer.md",
    ],
)
async def test_a_branch_that_adds_or_changes_protected_files_is_not_merged(
    repo: Path, change: str
) -> None:
    """However the commit got on the run's branch (a command writing ``.git/`` from the
    workspace, a branch made before the run under its name), the merge refuses it."""
    wt = await open_worktree(repo, "s2", 1)
    (wt.path / change).parent.mkdir(parents=True, exist_ok=True)
    (wt.path / change).write_text("widened\n")
    git(wt.path, "add", "-A")
    git(wt.path, "commit", "-q", "-m", "planted")
    result = await finish_worktree(wt, "agent run", [wt.path / "roster"])
    assert result.status == MergeStatus.CONFLICT and result.files == [change]
    assert not (repo / change).exists() or (repo / change).read_text() != "widened\n"


async def test_a_branch_that_deletes_the_settings_or_links_the_claude_folder_is_not_merged(
    repo: Path,
) -> None:
    wt = await open_worktree(repo, "s3", 1)
    shutil.rmtree(wt.path / ".claude")
    (wt.path / "mine").mkdir()
    (wt.path / "mine" / "settings.json").write_text("{}\n")
    (wt.path / ".claude").symlink_to("mine")
    result = await finish_worktree(wt, "agent run")
    assert result.status == MergeStatus.CONFLICT
    assert ".claude" in result.files and ".claude/settings.json" in result.files
    assert (repo / ".claude" / "settings.json").read_text() == SETTINGS


async def test_an_ssh_signing_key_command_in_the_repository_config_never_runs(
    repo: Path,
) -> None:
    """``gpg.ssh.defaultKeyCommand`` is a program git starts to sign a commit (coord's
    commit and merge commit), like ``gpg.program``: a repository an agent's command made,
    or redirected, may set it."""
    ran = repo.parent / "RAN"
    git(repo, "config", "commit.gpgSign", "true")
    git(repo, "config", "gpg.format", "ssh")
    git(repo, "config", "gpg.ssh.defaultKeyCommand", f"touch {ran}")
    with pytest.raises(WorktreeUnavailable, match=re.escape("gpg.ssh.defaultkeycommand")):
        wt = await open_worktree(repo, "s4", 1)
        (wt.root / "app.py").write_text("a = 3\n")
        await finish_worktree(wt, "agent run")
    assert not ran.exists()


def test_ordinary_changes_still_merge(repo: Path) -> None:
    async def run() -> None:
        wt = await open_worktree(repo, "s5", 1)
        (wt.root / ".claude" / "commands").mkdir()
        (wt.root / ".claude" / "commands" / "review.md").write_text("Review.\n")
        (wt.root / ".github" / "workflows").mkdir(parents=True)
        (wt.root / ".github" / "workflows" / "ci.yml").write_text("on: push\n")
        (wt.root / "CLAUDE.md").write_text("Be brief.\n")
        (wt.root / ".gitignore").write_text("*.pyc\n")
        result = await finish_worktree(wt, "agent run", [wt.path / "roster"])
        assert result.status == MergeStatus.MERGED, result

    asyncio.run(run())
    assert (repo / ".claude" / "commands" / "review.md").exists()


@pytest.mark.parametrize("mode", [OpenMode.WRITE, OpenMode.UPDATE])
def test_a_folder_swapped_for_a_link_after_the_check_creates_nothing_where_it_leads(
    tmp_path: Path, mode: OpenMode
) -> None:
    """A command running alongside (another agent's) swaps a checked folder for a link to
    ``.claude/agents`` (or outside) between resolve_for_write and the open: the open must
    not create, nor change, a file where the link leads."""
    root = tmp_path / "ws"
    (root / ".claude" / "agents").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "notes.md").write_text("notes\n")
    (root / ".claude" / "agents" / "notes.md").write_text(AGENT)
    path = resolve_for_write(root, "docs/notes.md")
    path = resolve_for_write(root, "docs/new.md") if mode is OpenMode.WRITE else path
    (root / "docs").rename(root / "docs.old")
    (root / "docs").symlink_to(".claude/agents")
    with pytest.raises(ToolError, match=r"changed while it was being opened|protected"):
        open_confined(root, path, mode).close()
    assert sorted(p.name for p in (root / ".claude" / "agents").iterdir()) == ["notes.md"]
    assert (root / ".claude" / "agents" / "notes.md").read_text() == AGENT


def test_write_makes_no_folder_through_a_swapped_link(tmp_path: Path) -> None:
    """Write creates missing parent folders one at a time, never following a link: a folder
    swapped for a link to an outside directory gets no new folders there."""
    root = tmp_path / "ws"
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "src").mkdir(parents=True)
    path = resolve_for_write(root, "src/pkg/deep/mod.py")
    (root / "src").rename(root / "src.old")
    (root / "src").symlink_to(outside)
    with pytest.raises(ToolError, match="changed while it was being opened"):
        make_parents(root, path)
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("made", [".claude/settings.local.json", ".claude/agents"])
def test_the_guard_undoes_nothing_through_a_folder_swapped_while_it_undoes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: str
) -> None:
    """Two agents' commands run at once: when the first has ended and its guard removes
    the settings it made in a new ``.claude``, the second swaps ``.claude`` for a link to
    the user's own ``~/.claude`` between the guard's check of the folder and its removal.
    The guard must remove nothing there."""
    root = tmp_path / "ws"
    root.mkdir()
    home = tmp_path / "home" / ".claude"
    (home / "agents").mkdir(parents=True)
    (home / "agents" / "mine.md").write_text(AGENT)
    (home / "settings.local.json").write_text(SETTINGS)
    guard = ProtectedGuard.taken(root)
    target = root / made
    target.parent.mkdir(parents=True)
    target.mkdir() if made.endswith("agents") else target.write_text("{}")
    inside = protected_guard._inside

    def swapping(where: Path, path: Path) -> Path | None:
        found = inside(where, path)
        if path == root / ".claude" and not path.is_symlink():
            path.rename(root / "moved")
            path.symlink_to(home)
        return found

    monkeypatch.setattr(protected_guard, "_inside", swapping)
    undone = guard.restore()
    assert (home / "settings.local.json").read_text() == SETTINGS
    assert (home / "agents" / "mine.md").read_text() == AGENT
    assert any("left" in line for line in undone), undone


def home_below(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A workspace holding the home folder below its root (``-w /home``), the user's
    ``~/.claude/settings.json`` in it; HOME points there and no XDG variable moves a folder."""
    ws = tmp_path / "ws"
    home = ws / "home"
    (home / ".claude").mkdir(parents=True)
    (home / ".claude" / "settings.json").write_text(SETTINGS)
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(var, raising=False)
    return ws, home


@needs_bwrap
def test_the_users_claude_folder_in_a_workspace_holding_home_is_protected_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workspace holding the home folder below its root (``-w /home``): the user's
    ``~/.claude/settings.json`` (permission rules) and ``~/.claude/agents`` (the roster's user
    agents, read when the folder exists) are a command's to change or create otherwise."""
    ws, home = home_below(tmp_path, monkeypatch)
    result = bash(
        ws,
        "echo '{}' > home/.claude/settings.json; mkdir -p home/.claude/agents && "
        f"printf '{WIDER}' > home/.claude/agents/evil.md; "
        "echo '{}' > home/.claude/settings.local.json; echo done",
    )
    assert "done" in result.content
    assert (home / ".claude" / "settings.json").read_text() == SETTINGS
    assert not (home / ".claude" / "agents").exists()
    assert not (home / ".claude" / "settings.local.json").exists()


@needs_bwrap
def test_a_coordinator_folder_that_is_a_link_cannot_be_swapped_by_a_command(
    tmp_path: Path,
) -> None:
    """``.coordinator`` a link to a folder of the workspace: its target is hidden from a
    command, but the link itself lies in the writable root. Swapped for a link to a folder
    of the agent's (a forged database, config), or removed (the real one then a workspace
    folder like any), it is put back."""
    ws = tmp_path / "ws"
    (ws / "state").mkdir(parents=True)
    (ws / "state" / "coordinator.db").write_text("STATE\n")
    os.symlink("state", ws / ".coordinator")
    result = bash(ws, "rm .coordinator && mkdir mine && ln -s mine .coordinator; echo done")
    assert "done" in result.content and "link put back" in result.content
    assert os.readlink(ws / ".coordinator") == "state"
    read = TOOLS.execute("Read", {"file_path": "state/coordinator.db"}, ToolContext(root=ws))
    assert asyncio.run(read).is_error


@needs_bwrap
def test_a_command_refused_a_protected_path_is_told_which_and_why(tmp_path: Path) -> None:
    """Usability: git's own "Device or resource busy" on ``.git/config`` says nothing about
    protection; the output names the path and why."""
    ws = tmp_path / "ws"
    ws.mkdir()
    made = bash(ws, "git init -q && echo made")
    assert "made" in made.content and not made.is_error  # a new repository is the agent's
    result = bash(ws, "git config core.hooksPath /tmp; mv .claude x; echo > .gitignore; :")
    assert ".git/config: protected" in result.content
    assert "reading them is allowed" in result.content and ".gitignore" not in result.content[-200:]
    assert (ws / ".gitignore").exists()


@needs_bwrap
def test_a_roster_folder_cannot_be_replaced_by_moving_a_folder_above_it(tmp_path: Path) -> None:
    """A roster folder below the root (``--agents-dir config/agents``) is read-only and
    cannot be moved itself, but the folder holding it could: moved away, with a folder of
    the agent's made in its place, the next run would read the agent's definitions."""
    ws = tmp_path / "ws"
    team = ws / "config" / "agents"
    team.mkdir(parents=True)
    (team / "reviewer.md").write_text(AGENT)
    context = ToolContext(root=ws, allow_bash=True, protected=(team.resolve(),))
    command = (
        "mv config config.old; mkdir -p config/agents && "
        f"printf '{WIDER}' > config/agents/helper.md; echo done"
    )
    result = asyncio.run(TOOLS.execute("Bash", {"command": command}, context))
    assert "done" in result.content
    assert sorted(p.name for p in team.iterdir()) == ["reviewer.md"]


@needs_bwrap
def test_the_home_folder_holding_the_users_claude_cannot_be_moved_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, home = home_below(tmp_path, monkeypatch)
    result = bash(
        ws,
        "mv home elsewhere; mkdir -p home/.claude/agents && echo '{}' > "
        f"home/.claude/settings.json && printf '{WIDER}' > home/.claude/agents/x.md; echo done",
    )
    assert "done" in result.content
    assert (home / ".claude" / "settings.json").read_text() == SETTINGS
    assert not (home / ".claude" / "agents").exists()


@needs_bwrap
def test_the_coordinators_own_folders_cannot_be_replaced_by_moving_their_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The coordinator's folders in a workspace holding HOME are hidden mount points, but
    ``~/.cache`` above its cache could be moved: a ``registry.pickle`` of the agent's in a
    new ``~/.cache/coordinator`` is code the next coord unpickles. The same for a
    ``.coordinator`` link whose target lies deeper in the workspace (a forged database)."""
    ws = tmp_path / "ws"
    home = ws / "home"
    (home / ".cache").mkdir(parents=True)
    (ws / "data" / "state").mkdir(parents=True)
    (ws / "data" / "state" / "coordinator.db").write_text("STATE\n")
    os.symlink("data/state", ws / ".coordinator")
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(var, raising=False)
    result = bash(
        ws,
        "mv home/.cache home/cache.old; mkdir -p home/.cache/coordinator && "
        "echo x > home/.cache/coordinator/registry.pickle; "
        "mv data data.old; mkdir -p data/state && echo forged > data/state/coordinator.db; "
        "echo done",
    )
    assert "done" in result.content
    assert not (home / ".cache" / "coordinator" / "registry.pickle").exists()
    assert (ws / "data" / "state" / "coordinator.db").read_text() == "STATE\n"


@needs_bwrap
@pytest.mark.parametrize("linked", [".mcp.json", ".claude"])
def test_the_folder_a_protected_link_leads_into_cannot_be_moved_and_replaced(
    tmp_path: Path, linked: str
) -> None:
    """``.mcp.json`` (or ``.claude``) a link into a shared folder of the workspace: the link
    is put back and its target read-only, but the folder holding the target could be moved
    away and a new one made with the agent's file where the unchanged link leads."""
    ws = tmp_path / "ws"
    shared = ws / "shared" / "cfg"
    shared.mkdir(parents=True)
    (shared / "settings.json").write_text(SETTINGS)
    (shared / "mcp.json").write_text(SETTINGS)
    target = "shared/cfg/mcp.json" if linked == ".mcp.json" else "shared/cfg"
    os.symlink(target, ws / linked)
    result = bash(
        ws,
        "mv shared shared.old; mkdir -p shared/cfg && echo '{}' > shared/cfg/mcp.json && "
        "echo '{}' > shared/cfg/settings.json; echo done",
    )
    assert "done" in result.content
    protected = "mcp.json" if linked == ".mcp.json" else "settings.json"
    assert (shared / protected).read_text() == SETTINGS


@needs_bwrap
def test_the_settings_of_submodules_and_linked_worktrees_are_protected_too(tmp_path: Path) -> None:
    """Git reads more settings than ``.git/config``: a submodule's (``git status`` in the
    workspace runs its ``core.fsmonitor`` as the user), a linked worktree's ``commondir``
    (where its settings and hooks come from), and ``.git/config.worktree`` (read when the
    repository enables it, as ``git sparse-checkout`` does)."""
    ws = tmp_path / "ws"
    ws.mkdir()
    git(ws, "init", "-q")
    for gitdir in (ws / ".git" / "modules" / "libs" / "lib", ws / ".git" / "worktrees" / "w"):
        (gitdir / "hooks").mkdir(parents=True)
        (gitdir / "HEAD").write_text("ref: refs/heads/main\n")
        (gitdir / "config").write_text("[core]\n\tbare = false\n")
    (ws / ".git" / "worktrees" / "w" / "commondir").write_text("../..\n")
    monitor = '[core]\n\tfsmonitor = "touch /tmp/x; false"\n'
    result = bash(
        ws,
        f"printf '{monitor}' >> .git/modules/libs/lib/config; "
        "echo '#!/bin/sh' > .git/modules/libs/lib/hooks/pre-commit; "
        "echo /tmp/evil > .git/worktrees/w/commondir; "
        f"printf '{monitor}' > .git/config.worktree; "
        f"printf '{monitor}' > .git/modules/libs/lib/config.worktree; echo done",
    )
    assert "done" in result.content
    assert "fsmonitor" not in (ws / ".git" / "modules" / "libs" / "lib" / "config").read_text()
    assert not (ws / ".git" / "modules" / "libs" / "lib" / "hooks" / "pre-commit").exists()
    assert (ws / ".git" / "worktrees" / "w" / "commondir").read_text() == "../..\n"
    assert not (ws / ".git" / "config.worktree").exists()
    assert not (ws / ".git" / "modules" / "libs" / "lib" / "config.worktree").exists()
    committed = bash(
        ws, "git -c user.email=a@b -c user.name=a commit -q --allow-empty -m x && echo ok"
    )
    assert "ok" in committed.content  # the agent's own commits still work


def test_the_coordinator_folder_a_link_led_to_stays_out_of_reach_while_the_link_is_swapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``.coordinator`` a link to ``state/``: while one agent's command has swapped the link
    (put back only when it ends), another agent's Read or Write, past the 1 s cache of
    reserved folders, must still find ``state/`` (the database) out of reach."""
    ws = tmp_path / "ws"
    (ws / "state").mkdir(parents=True)
    (ws / "state" / "coordinator.db").write_text("STATE\n")
    os.symlink("state", ws / ".coordinator")
    assert workspace.is_reserved(ws, (ws / "state" / "coordinator.db").resolve())
    (ws / ".coordinator").unlink()  # the other command's swap
    (ws / "mine").mkdir()
    os.symlink("mine", ws / ".coordinator")
    monkeypatch.setattr(workspace, "_RESERVED", {})  # a second later
    context = ToolContext(root=ws)
    for name, args in (
        ("Read", {"file_path": "state/coordinator.db"}),
        ("Write", {"file_path": "state/coordinator.db", "content": "forged"}),
    ):
        assert asyncio.run(TOOLS.execute(name, args, context)).is_error, name
    assert (ws / "state" / "coordinator.db").read_text() == "STATE\n"


@needs_bwrap
def test_a_command_started_while_the_coordinator_link_is_swapped_sees_no_database(
    tmp_path: Path,
) -> None:
    ws = tmp_path / "ws"
    (ws / "state").mkdir(parents=True)
    (ws / "state" / "coordinator.db").write_text("STATE\n")
    os.symlink("state", ws / ".coordinator")
    assert workspace.is_reserved(ws, (ws / "state").resolve())
    (ws / ".coordinator").unlink()  # another command's swap, still running
    (ws / "mine").mkdir()
    os.symlink("mine", ws / ".coordinator")
    result = bash(ws, "cat state/coordinator.db; echo forged > state/coordinator.db; echo done")
    assert "done" in result.content and "STATE" not in result.content
    assert (ws / "state" / "coordinator.db").read_text() == "STATE\n"


@needs_bwrap
def test_a_protected_link_a_command_only_removed_is_put_back(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "shared").mkdir(parents=True)
    (ws / "shared" / "settings.json").write_text(SETTINGS)
    os.symlink("shared", ws / ".claude")
    result = bash(ws, "rm .claude; echo done")
    assert "done" in result.content and "link put back" in result.content
    assert os.readlink(ws / ".claude") == "shared"
