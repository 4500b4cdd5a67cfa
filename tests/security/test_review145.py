"""review145: redteam114 reviewed as a user whose ordinary setups must keep working.

In a worktree run (``isolation: worktree``) a protected file of the run's checkout (HEAD's
bytes) counts as an agent's unless the workspace holds the same (redteam114: an agent's
``git commit`` chose HEAD's ``.claude/hooks/check.sh``). A user who edited the script and
has not committed yet meets the same check: the user's own PreToolUse hook refused every
tool call of the run as one running "workspace code an agent can rewrite", a protected
file it names. The refusal now says why (the checkout's copy is HEAD's, not the
workspace's) and what to do: commit it, or name it ``"$CLAUDE_PROJECT_DIR"/...`` to run
the workspace's copy, which runs as the user (a guard below).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from hostile import DONE, backend, bash, needs_git, run, workspace
from kit import git_init, needs_bwrap, scripted
from test_redteam114 import READ, _commit_script, _hooked, protected_checkout

from coordinator.config import InvalidSetting, Settings, validated
from coordinator.roster.registry import Registry
from coordinator.runtime.extras import session_extras
from coordinator.runtime.hooks import Hook, HookEvent, HookSource, confined_now
from coordinator.store.db import Store


def _hook_events(ws: Path) -> list[dict[str, object]]:
    """The hook runs a session in ``ws`` stored, in order."""
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        rows = db.execute("SELECT data FROM events WHERE kind = 'hook' ORDER BY seq")
        return [json.loads(row[0]) for row in rows]


@needs_bwrap
@needs_git
def test_a_users_uncommitted_hook_edit_refused_in_a_worktree_run_says_why_and_what_to_do(
    tmp_path: Path,
) -> None:
    """The user's edit of the committed ``.claude/hooks/check.sh``, not committed: the
    worktree run's checkout holds HEAD's bytes, so the user's hook is confined (without
    ``--allow-bash``: not run, the call refused). The refusal named only the file, a
    protected one, as "workspace code an agent can rewrite": no reason a user could find."""
    ws, home = workspace(tmp_path)
    users = tmp_path / "user-ran"
    _hooked(ws, home, users)
    (ws / ".claude" / "hooks" / "check.sh").write_text(f"echo edited > {users}\n", "utf-8")
    run(ws, home, backend(isolation="worktree"), [READ, DONE], request="Read it", allow_bash=False)
    [hook] = _hook_events(ws)
    note = str(hook["note"])
    assert hook["outcome"] == "blocked" and not users.exists(), hook
    assert "a checkout of HEAD other than the workspace's copy" in note, note
    assert "commit it" in note and '"$CLAUDE_PROJECT_DIR"/.claude/hooks/check.sh' in note, note


@needs_bwrap
@needs_git
def test_guard_naming_the_workspace_copy_runs_the_users_uncommitted_edit_as_the_user(
    tmp_path: Path,
) -> None:
    """Guard: what the refusal advises works: ``sh "$CLAUDE_PROJECT_DIR"/.claude/hooks/
    check.sh`` in a worktree run runs the workspace's (the user's, uncommitted) bytes, as
    the user."""
    ws, home = workspace(tmp_path)
    users = tmp_path / "user-ran"
    _hooked(ws, home, users)
    (ws / ".claude" / "hooks" / "check.sh").write_text(f"echo edited > {users}\n", "utf-8")
    hook = {"type": "command", "command": 'sh "$CLAUDE_PROJECT_DIR"/.claude/hooks/check.sh'}
    settings = {"hooks": {"PreToolUse": [{"hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    run(ws, home, backend(isolation="worktree"), [READ, DONE], request="Read it", allow_bash=False)
    assert users.read_text() == "edited\n", _hook_events(ws)


#: A user's hooks naming the protected script as hooks114 reads them (a shell's ``-c``
#: line, ``eval``), and one computing it as it runs (failing closed).
THROUGH_A_SHELL = [
    "sh -c 'sh .claude/hooks/check.sh'",
    "eval 'sh .claude/hooks/check.sh'",
    "bash -c 'eval \"sh .claude/hooks/check.sh\"'",
]


@needs_git
@pytest.mark.parametrize("command", THROUGH_A_SHELL)
def test_guard_a_worktree_checkouts_protected_script_through_a_shell_line(
    tmp_path: Path, command: str
) -> None:
    """Guard of the hand merge of hooks114 (``eval`` and ``-c`` lines looked into, computed
    words failing closed) with redteam114 (a checkout's protected file the user's only as
    the workspace has it): in a worktree run, a user's hook running HEAD's protected
    script through a shell line is the user's while the checkout holds the workspace's
    bytes, confined once it does not; a computed word is confined either way."""
    ws, tree = protected_checkout(tmp_path, "check.sh", "echo user\n")
    home = tmp_path / "home"

    def confined(line: str) -> bool:
        hook = Hook(HookEvent.PRE_TOOL_USE, "", line, 30.0, HookSource.USER, home, False)
        return confined_now(hook, tree, ws).confined

    assert not confined(command)  # the same bytes: the user's
    assert confined('read a <<< .claude/hooks/check.sh; sh "$a"')  # (computed: hooks114)
    (tree / ".claude" / "hooks" / "check.sh").write_text("echo agent\n", encoding="utf-8")
    assert confined(command)  # HEAD's bytes, not the workspace's: an agent's (redteam114)


def _worktree_session(ws: Path, home: Path, settings: Settings, command: str) -> str:
    """A worktree run of ``backend`` in ``ws`` with ``settings`` (Bash allowed), running
    ``command``: the session's id (as :func:`hostile.run`, its settings given)."""
    registry = Registry([backend(isolation="worktree")])
    extras = session_extras(ws, settings, registry, home=home, managed=None)
    provider = scripted({"backend": [bash(command), DONE]})
    store = Store.open(ws / ".coordinator" / "coordinator.db")
    engine = extras.engine(registry, provider, store, settings, ws, model=None)
    try:
        asyncio.run(engine.start("Train it", agent="backend"))
    finally:
        store.close()
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        [(sid,)] = db.execute("SELECT id FROM sessions")
    return str(sid)


def _merge(ws: Path) -> dict[str, Any]:
    """The one worktree merge a session in ``ws`` stored."""
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        [(data,)] = db.execute("SELECT data FROM events WHERE kind = 'worktree_merge'")
    merged: dict[str, Any] = json.loads(data)
    return merged


#: An agent's command changing a model file of the project (2 MiB: past a limit of 1 MB).
MODEL = "head -c 2097152 /dev/zero > model.bin && echo trained"


@needs_bwrap
@needs_git
def test_a_worktree_runs_changes_past_the_commit_limit_are_recoverable_from_coord_log(
    tmp_path: Path,
) -> None:
    """A legit project's large file changed by an agent's command, past the commit limit
    (1 GiB by default, 1 MB here): nothing committed, the worktree kept. ``coord log``
    told the person to ``git diff HEAD...BRANCH`` (empty: nothing was committed), then
    ``git merge BRANCH`` (merges nothing) or ``git branch -D BRANCH`` (refused: the kept
    worktree has it checked out), and named no setting raising the limit (there was none).
    Now it names where the files are, how to commit and merge them, and the setting."""
    ws, home = workspace(tmp_path)
    (ws / ".gitignore").write_text(".coordinator/\n", encoding="utf-8")
    git_init(ws)
    sid = _worktree_session(ws, home, Settings(allow_bash=True, worktree_max_commit_mb=1), MODEL)
    merge = _merge(ws)
    assert merge["status"] == "conflict" and merge["files"] == ["model.bin"], merge
    [kept] = (ws / ".git" / "coord-worktrees").glob("*/model.bin")
    log = coord("log", sid, "-w", ws)
    shown = " ".join(log.stdout.split())  # (the tree wraps its lines)
    assert "worktree_max_commit_mb" in shown, shown
    assert f"git -C {kept.parent} add -A" in shown and "git merge" in shown, shown
    assert "git diff HEAD..." not in shown, shown
    subprocess.run(["git", "-C", kept.parent, "add", "-A"], check=True)  # (as it says)
    subprocess.run(
        ["git", "-C", kept.parent, "-c", "user.name=u", "-c", "user.email=u@u", "commit",
         "-qm", "kept"], check=True,
    )  # fmt: skip
    subprocess.run(["git", "-C", ws, "merge", "-q", merge["branch"]], check=True)
    assert (ws / "model.bin").stat().st_size == 2 << 20


@needs_bwrap
@needs_git
def test_the_commit_limit_is_a_users_setting(tmp_path: Path) -> None:
    """Raised (``worktree_max_commit_mb``), the same run merges; a workspace config cannot
    set it (an agent's file would lift it), nor may it be below 1."""
    ws, home = workspace(tmp_path)
    (ws / ".gitignore").write_text(".coordinator/\n", encoding="utf-8")
    git_init(ws)
    _worktree_session(ws, home, Settings(allow_bash=True, worktree_max_commit_mb=4), MODEL)
    assert _merge(ws)["status"] == "merged" and (ws / "model.bin").stat().st_size == 2 << 20
    with pytest.raises(InvalidSetting):
        validated({"worktree_max_commit_mb": 0})
    assert validated({"worktree_max_commit_mb": None}).worktree_max_commit_mb is None


@needs_bwrap
@needs_git
def test_coord_log_says_a_command_moved_head_and_which_protected_paths_it_chose(
    tmp_path: Path,
) -> None:
    """redteam114 left HEAD the agents' to move: a command's ``git commit`` chooses HEAD's
    ``.claude/hooks/check.sh`` (the file on disk unchanged), and the user's own ``git
    checkout .`` or ``reset --hard`` later writes the agent's script there, as the user.
    ``coord log`` listed the path as the command's change ("updated"), nothing more. It
    now says the command moved HEAD and warns of the protected paths the commit chose; a
    command committing an ordinary file gets one plain line."""
    ws, home = workspace(tmp_path)
    _hooked(ws, home, tmp_path / "user-ran")
    mark = tmp_path / "agent-ran"
    plain = (
        "echo x > notes.txt && git add notes.txt"
        " && git -c user.name=a -c user.email=a@a commit -qm notes"
    )
    run(ws, home, backend(), [bash(_commit_script(mark)), bash(plain), DONE])
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        [(sid,)] = db.execute("SELECT id FROM sessions")
        rows = db.execute("SELECT data FROM events WHERE kind = 'bash_changed' ORDER BY seq")
        changed = [json.loads(row[0]) for row in rows]
    assert changed[0]["protected"] == [".claude/hooks/check.sh"], changed
    assert changed[1]["protected"] == [] and changed[1]["head"], changed
    shown = " ".join(coord("log", sid, "-w", ws).stdout.split())
    assert "warning: a command moved HEAD from" in shown, shown
    assert "changing protected paths: .claude/hooks/check.sh" in shown, shown
    assert "`git checkout .`" in shown and shown.count("a command moved HEAD") == 2, shown


@needs_git
def test_the_advice_names_the_checkouts_file_relative_to_it(tmp_path: Path) -> None:
    """A hook naming the script as ``$PWD/...`` (the checkout, where it runs) is told to
    name ``"$CLAUDE_PROJECT_DIR"/.claude/hooks/check.sh``, not the checkout's whole path
    after it."""
    ws, tree = protected_checkout(tmp_path, "check.sh", "echo user\n")
    (ws / ".claude" / "hooks" / "check.sh").write_text("echo edited\n", encoding="utf-8")
    line = 'sh "$PWD"/.claude/hooks/check.sh'
    hook = Hook(HookEvent.PRE_TOOL_USE, "", line, 30.0, HookSource.USER, tmp_path, False)
    why = confined_now(hook, tree, ws).why
    assert why.startswith(".claude/hooks/check.sh as the run's worktree holds it"), why
    assert why.endswith(
        'name it "$CLAUDE_PROJECT_DIR"/.claude/hooks/check.sh to run the workspace\'s'
    )
