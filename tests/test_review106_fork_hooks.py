"""review106: the PostToolUse hooks on a forked Skill call's answer fire where the invoking
run works.

skills103 fired them once the sub-agent ended, while the invoking run is not driven: for a
run with ``isolation: worktree`` (or MCP servers) no drive was open, so they ran in the
workspace rather than the run's worktree (a workspace hook's sandbox could write the
workspace, which a worktree run's hooks may not: tests/test_hooks16_worktree.py) and were
told no ``effort``. Real git repository and worktree, real engine and scripted provider
(the ``anthropic`` SDK over its transport), real hook scripts, ``bwrap`` sandbox and SQLite.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from kit import workspace
from test_fork100_skill_fork import run, script, skill
from test_skills103_fork_hooks import fired, user_hooks
from test_worktree_runs import isolated, make_repo

from coordinator.config import Settings


async def test_a_worktree_runs_fork_hooks_work_in_its_worktree_told_its_effort(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills")
    make_repo(ws)
    seen = user_hooks(tmp_path)
    result, _, _ = await run(tmp_path, ws, list(isolated()), script())

    assert str(result.status) == "complete"
    got = fired(seen)
    [post] = [d for d in got if d["hook_event_name"] == "PostToolUse"]
    [batch] = [d for d in got if d["hook_event_name"] == "PostToolBatch"]
    assert post["agent_id"] == batch["agent_id"] == "1"
    assert "coord-worktrees" in batch["cwd"]
    assert post["cwd"] == batch["cwd"]  # the run's worktree, as its other hooks
    assert post["effort"] == batch["effort"] == {"level": "high"}


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap")
async def test_a_workspace_hook_on_a_worktree_runs_fork_cannot_write_the_workspace(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills")
    escape = 'echo out > "$CLAUDE_PROJECT_DIR/escaped.txt"; echo in > made_here.txt'
    post = {"PostToolUse": [{"matcher": "Skill", "hooks": [{"command": escape}]}]}
    (ws / ".claude/settings.json").write_text(json.dumps({"hooks": post}), encoding="utf-8")
    make_repo(ws)
    settings = Settings(allow_bash=True)
    result, _, _ = await run(tmp_path, ws, list(isolated()), script(), settings)

    assert str(result.status) == "complete"
    assert not (ws / "escaped.txt").exists()  # the workspace: read-only to it
    assert (ws / "made_here.txt").read_text(encoding="utf-8") == "in\n"  # worktree, merged
