"""Hooks fired in a worktree run (``isolation: worktree``) get what Claude Code gives a
worktree session's hooks: the worktree as their working directory and input ``cwd``, the
workspace as ``CLAUDE_PROJECT_DIR``; and a workspace (confined) hook's sandbox has only the
worktree writable, as the run's agents do, so it cannot write the workspace. Real git
repositories, real hook scripts, the real Bash sandbox."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from kit import report
from test_hooks import Run
from test_hooks_prompt import engine_with
from test_review16_hooks import in_worktree
from test_worktree_runs import isolated, make_repo

from coordinator.config import Settings

DONE = report("Complete", "Done", files="notes.txt")
WRITE = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}
SEEN = 'printf "%s\\n%s\\n" "$PWD" "$CLAUDE_PROJECT_DIR" > {out}; cat >> {out}'


def post_write(command: str) -> dict[str, object]:
    return {"PostToolUse": [{"matcher": "Write", "hooks": [{"command": command}]}]}


@pytest.mark.parametrize("event", ["PostToolUse", "Stop"])
async def test_a_hook_in_a_worktree_run_works_in_the_worktree(tmp_path: Path, event: str) -> None:
    out = tmp_path / "seen"
    hooks = {event: [{"hooks": [{"command": SEEN.format(out=out)}]}]}
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    r = Run(tmp_path, agents, hooks, registry=isolated())
    make_repo(r.ws)
    sid = "hooks16wt"
    result = await r.engine.start("Write notes", agent="backend", session_id=sid)

    assert result.status == "complete"
    pwd, project, given = out.read_text().split("\n", 2)
    worktree = in_worktree(tmp_path, sid, "")
    assert Path(pwd) == worktree  # where it runs
    assert json.loads(given)["cwd"] == str(worktree).rstrip("/")  # what it is told
    assert Path(project) == r.ws.resolve()  # CLAUDE_PROJECT_DIR: the workspace, as Claude Code


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap")
async def test_a_workspace_hook_in_a_worktree_run_cannot_write_the_workspace(
    tmp_path: Path,
) -> None:
    """The agents of a worktree run write only the worktree; a hook from the workspace's
    settings (which an agent could have written) must not do more: its sandbox binds the
    worktree read-write and leaves the workspace read-only."""
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    r = Run(tmp_path, agents, None, registry=isolated())
    escape = 'echo out > "$CLAUDE_PROJECT_DIR/escaped.txt"; echo in > made_here.txt'
    settings = r.ws / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"hooks": post_write(escape)}), encoding="utf-8")
    make_repo(r.ws)
    engine = engine_with(r, Settings(allow_bash=True))
    sid = "hooks16box"
    result = await engine.start("Write notes", agent="backend", session_id=sid)

    assert result.status == "complete"
    [event] = r.hook_events(sid)
    assert event["outcome"] == "ok", event
    assert not (r.ws / "escaped.txt").exists()  # the workspace: read-only to it
    assert (r.ws / "made_here.txt").read_text() == "in\n"  # written in the worktree, merged
