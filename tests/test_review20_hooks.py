"""review20: hooks16 (asyncRewake, kept mcp_tool connections, hooks in worktree runs)
checked with real parts: real hook scripts, real git worktrees, the real MCP SDK server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from kit import report
from test_hooks import Run
from test_hooks_prompt import engine_with
from test_worktree_runs import isolated, make_repo

from coordinator.config import Settings
from coordinator.runtime.hooks import load_hooks

DONE = report("Complete", "Done", files="notes.txt")
WRITE = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}


def post_write(command: str) -> dict[str, object]:
    return {"PostToolUse": [{"matcher": "Write", "hooks": [{"command": command}]}]}


async def test_a_worktree_runs_hook_naming_a_workspace_script_written_since_is_confined(
    tmp_path: Path,
) -> None:
    """A user's hook runs ``"$CLAUDE_PROJECT_DIR"/tool.sh``: the workspace's file, which an
    agent of the session (one not isolated) wrote after the hooks were read. Fired in a
    worktree run, the hook's re-check must look where ``$CLAUDE_PROJECT_DIR`` leads (the
    workspace), not in the worktree (which lacks the uncommitted file): else the agent's
    script runs as the user, outside the sandbox."""
    ran = tmp_path / "ran_as_user"
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    r = Run(tmp_path, agents, post_write('sh "$CLAUDE_PROJECT_DIR"/tool.sh'), registry=isolated())
    make_repo(r.ws)
    (r.ws / "tool.sh").write_text(f"touch {ran}\n")  # an agent's, after the hooks were read
    sid = "review20wt"
    result = await r.engine.start("Write notes", agent="backend", session_id=sid)

    assert result.status == "complete"
    [event] = r.hook_events(sid)
    assert not ran.exists(), event  # the agent's script did not run as the user
    assert event["outcome"] == "skipped", event  # confined, and Bash is not allowed


ESCAPES = (
    "echo x > team/evil.md; echo x > ../escaped.txt; echo x > ../../escaped_git.txt; "
    'echo x > .git; echo x > "$CLAUDE_PROJECT_DIR/.git/escaped.txt"; '
    'ln -s "$CLAUDE_PROJECT_DIR" link && echo x > link/linked.txt; '
    "echo in > made_here.txt; exit 0"
)


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap")
@pytest.mark.parametrize("sub", ["", "app"])
async def test_a_confined_hook_in_a_worktree_run_writes_only_the_worktree(
    tmp_path: Path, sub: str
) -> None:
    """A workspace hook (its settings file agent-writable: confined) in a worktree run tries
    the roster folder's copy in the worktree (through the merge's Confiner remap), the
    workspace through ``..``, the main ``.git`` (by ``..`` and by path), the worktree's
    ``.git`` file and a link to the workspace; only its plain write lands. ``sub``: the
    workspace a sub-folder of its repository (the worktree's root one level down)."""
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    registry = isolated()
    r = Run(tmp_path, agents, None, registry=registry)
    repo = r.ws
    ws = repo / sub if sub else repo
    (ws / "team").mkdir(parents=True)
    (ws / "team" / "backend.md").write_text("the roster\n")
    registry.source_dirs = [ws / "team"]
    settings = ws / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"hooks": post_write(ESCAPES)}), encoding="utf-8")
    make_repo(repo)
    r.ws = ws
    engine = engine_with(r, Settings(allow_bash=True))
    sid = "review20box"
    result = await engine.start("Write notes", agent="backend", session_id=sid)

    assert result.status == "complete", result
    [event] = r.hook_events(sid)
    assert event["outcome"] == "ok", event
    assert (ws / "made_here.txt").read_text() == "in\n"  # its worktree's write, merged
    assert sorted(p.name for p in (ws / "team").iterdir()) == ["backend.md"]
    assert not (repo / ".git" / "escaped.txt").exists()
    assert not list(repo.rglob("escaped*.txt")) and not list(repo.rglob("linked.txt"))


async def test_a_relative_hook_path_missing_in_the_worktree_says_how_to_name_it(
    tmp_path: Path,
) -> None:
    """The user's PreToolUse hook runs ``python3 .claude/hooks/check.py``, a script the
    repository does not track: in a worktree run it runs in the worktree, which lacks it.
    Python's exit 2 there would read as the hook blocking every Write with its "can't open
    file"; the note says where the hook ran and how to name the script instead."""
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    command = {"command": "python3 .claude/hooks/check.py"}
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [command]}]}
    r = Run(tmp_path, agents, hooks, registry=isolated())
    make_repo(r.ws)
    (r.ws / ".claude" / "hooks").mkdir(parents=True)
    (r.ws / ".claude" / "hooks" / "check.py").write_text("print('checked')\n")
    sid = "review20rel"
    result = await r.engine.start("Write notes", agent="backend", session_id=sid)

    assert result.status == "complete"
    [event] = r.hook_events(sid)
    assert event["outcome"] == "blocked"  # python's exit 2, as Claude Code reads it
    assert 'name it "$CLAUDE_PROJECT_DIR"/.claude/hooks/check.py' in event["note"], event


@pytest.mark.parametrize(
    "command",
    [
        "& ./scripts/check.ps1",
        "& .\\scripts\\check.ps1",
        '& "$env:CLAUDE_PROJECT_DIR\\scripts\\check.ps1"',
        "& $Env:CLAUDE_PROJECT_DIR/scripts/check.ps1 -Strict",
        '& "${env:CLAUDE_PROJECT_DIR}/scripts/check.ps1"',
    ],
)
def test_a_powershell_hook_running_a_workspace_script_is_confined(
    tmp_path: Path, command: str
) -> None:
    """A user's powershell hook runs ``scripts/check.ps1``, which an agent can rewrite, as
    PowerShell writes it (``\\`` as a separator, ``$env:CLAUDE_PROJECT_DIR``): confined, as
    the same hook written for bash is, not run as the user."""
    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / "scripts").mkdir(parents=True)
    (ws / "scripts" / "check.ps1").write_text("exit 0\n")
    (home / ".claude").mkdir(parents=True)
    entry = {"type": "command", "command": command, "shell": "powershell"}
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [entry]}]}
    (home / ".claude" / "settings.json").write_text(json.dumps({"hooks": hooks}))
    [hook] = load_hooks(ws, home=home, managed=None).hooks
    assert hook.confined, command
