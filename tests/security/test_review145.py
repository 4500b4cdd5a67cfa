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

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from hostile import DONE, backend, needs_bwrap, needs_git, run, workspace
from kit import git_init
from test_redteam114 import READ, _hooked

from coordinator.runtime.hooks import Hook, HookEvent, HookSource, confined_now


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
    ws = tmp_path / "ws"
    (ws / ".claude" / "hooks").mkdir(parents=True)
    (ws / ".claude" / "hooks" / "check.sh").write_text("echo user\n", encoding="utf-8")
    git_init(ws)
    tree = tmp_path / "tree"
    subprocess.run(["git", "worktree", "add", "-q", str(tree)], cwd=ws, check=True)
    home = tmp_path / "home"

    def confined(line: str) -> bool:
        hook = Hook(HookEvent.PRE_TOOL_USE, "", line, 30.0, HookSource.USER, home, False)
        return confined_now(hook, tree, ws).confined

    assert not confined(command)  # the same bytes: the user's
    assert confined('read a <<< .claude/hooks/check.sh; sh "$a"')  # (computed: hooks114)
    (tree / ".claude" / "hooks" / "check.sh").write_text("echo agent\n", encoding="utf-8")
    assert confined(command)  # HEAD's bytes, not the workspace's: an agent's (redteam114)
