"""review120: the settings ``env`` (review115) reaches the user's own hooks, and whether a
user's hook runs code an agent can write was judged with coord's environment alone. A
``PYTHONPATH`` (or ``NODE_OPTIONS``, ``PATH``...) in ``~/.claude/settings.json``'s ``env``
naming a workspace folder then ran the agent's module as the user, out of any sandbox.
Real hook processes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from coordinator.runtime.hook_run import HookEnv, Outcome, run_hook
from coordinator.runtime.hooks import Hook, HookEvent, HookSource, load_hooks
from coordinator.runtime.permission_files import load_permissions


def _users_hook(tmp_path: Path, command: str) -> Hook:
    home = tmp_path / "home" / ".claude" / "settings.json"
    return Hook(HookEvent.POST_TOOL_USE, "", command, 30.0, HookSource.USER, home, False)


async def test_a_users_hook_whose_settings_env_loads_workspace_code_runs_confined(
    tmp_path: Path,
) -> None:
    """The user's hook runs ``python3 -c 'import lint_rules'``; the user's settings ``env``
    puts the workspace's ``lib`` on ``PYTHONPATH``, where an agent wrote ``lint_rules.py``:
    the hook is confined (skipped without Bash), the agent's module never runs."""
    ws = tmp_path / "ws"
    (ws / "lib").mkdir(parents=True)
    ran = tmp_path / "ran-as-the-user"
    (ws / "lib" / "lint_rules.py").write_text(
        f"open({str(ran)!r}, 'w').write('agent code')\n", encoding="utf-8"
    )
    hook = _users_hook(tmp_path, "/usr/bin/python3 -c 'import lint_rules'")
    env = HookEnv(ws, settings_env={"PYTHONPATH": str(ws / "lib")})
    data = {"hook_event_name": "PostToolUse", "tool_name": "Read", "tool_input": {}}
    run = await run_hook(hook, data, env)
    assert not ran.exists(), "the agent's module ran as the user"
    assert run.outcome == Outcome.SKIPPED, run
    assert run.hook.confined
    assert "PYTHONPATH" not in os.environ or str(ws) not in os.environ["PYTHONPATH"]


def test_a_users_settings_file_reached_through_a_workspace_link_is_the_workspaces(
    tmp_path: Path,
) -> None:
    """``~/.claude/settings.json`` links to a dotfiles workspace's file; an agent made that
    file a link to another repository's settings outside the workspace. Followed whole the
    path ends outside, yet the agent chose it (and can switch it between the read and the
    check): its ``env`` is not read and its hooks are confined."""
    home, ws, other = tmp_path / "home", tmp_path / "dotfiles", tmp_path / "other-repo"
    (home / ".claude").mkdir(parents=True)
    (ws / "claude").mkdir(parents=True)
    other.mkdir()
    theirs = other / "settings.json"
    hooks = {"PostToolUse": [{"matcher": "", "hooks": [{"command": "/bin/true"}]}]}
    theirs.write_text(json.dumps({"env": {"NODE_OPTIONS": "--require /x.js"}, "hooks": hooks}))
    (ws / "claude" / "settings.json").symlink_to(theirs)  # the agent's link
    (home / ".claude" / "settings.json").symlink_to(ws / "claude" / "settings.json")
    found = load_permissions(ws, home=home, managed=None)
    assert dict(found.servers.env) == {}, found.servers.env
    assert any("env is not read from a file agents can write" in w for w in found.warnings)
    [hook] = load_hooks(ws, home=home, managed=None).hooks
    assert hook.confined


async def test_a_users_git_hook_with_a_settings_gitconfig_in_the_workspace_runs_confined(
    tmp_path: Path,
) -> None:
    """The user's settings ``env`` points ``GIT_CONFIG_GLOBAL`` at the workspace's
    ``tools/gitconfig``, which an agent rewrote (an alias here; ``core.fsmonitor`` runs at
    any ``git status`` the same way): the user's ``git`` hook is confined, not run as the
    user with the agent's settings."""
    ws = tmp_path / "ws"
    (ws / "tools").mkdir(parents=True)
    ran = tmp_path / "ran-as-the-user"
    (ws / "tools" / "gitconfig").write_text(f"[alias]\n\tsummary = !touch {ran}\n")
    hook = _users_hook(tmp_path, "git summary")
    env = HookEnv(ws, settings_env={"GIT_CONFIG_GLOBAL": "tools/gitconfig"})
    data = {"hook_event_name": "PostToolUse", "tool_name": "Read", "tool_input": {}}
    run = await run_hook(hook, data, env)
    assert not ran.exists(), "the agent's git settings ran as the user"
    assert run.outcome == Outcome.SKIPPED, run
    assert "GIT_CONFIG_GLOBAL" in run.hook.why
