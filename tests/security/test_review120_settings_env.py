"""review120: the settings ``env`` (review115) reaches the user's own hooks, and whether a
user's hook runs code an agent can write was judged with coord's environment alone. A
``PYTHONPATH`` (or ``NODE_OPTIONS``, ``PATH``...) in ``~/.claude/settings.json``'s ``env``
naming a workspace folder then ran the agent's module as the user, out of any sandbox.
Real hook processes."""

from __future__ import annotations

import os
from pathlib import Path

from coordinator.runtime.hook_run import HookEnv, Outcome, run_hook
from coordinator.runtime.hooks import Hook, HookEvent, HookSource


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
