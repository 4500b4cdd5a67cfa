"""Async hooks fired in a worktree run (``isolation: worktree``) do not outlive its
worktree: the run's end waits for them (at most ``ASYNC_GRACE`` seconds) before the
worktree is committed, merged back and removed, so what they write there is part of the
run's work; those still running then are killed, logged so, before the merge. Real git
repositories, real hook scripts; synchronised on files and the engine's events."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import report
from test_hooks import Run
from test_hooks_async import async_hook, ended, script, wait_for
from test_worktree_runs import isolated, make_repo

from coordinator.runtime import hook_async

DONE = report("Complete", "Done", files="notes.txt")
WRITE = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}


def worktree_run(tmp_path: Path, hooks: dict[str, object], hold: Path) -> Run:
    """A worktree run writing notes.txt, its last turn held until ``hold`` exists."""
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE, "hold_until": str(hold)}]}
    r = Run(tmp_path, agents, hooks, registry=isolated())
    make_repo(r.ws)
    return r


def kinds_in_order(r: Run, sid: str) -> list[str]:
    """The session's hook and worktree events, in the order they were stored."""
    return [e.kind for e in r.store.events(sid) if e.kind in ("hook", "worktree_merge")]


async def test_a_worktree_runs_end_waits_for_its_async_hook_and_merges_what_it_wrote(
    tmp_path: Path,
) -> None:
    started, release = tmp_path / "started", tmp_path / "release"
    # a formatter: it starts with the Write, is let go by the run's Stop hook (the run is
    # ending), and takes a moment to write its result into its folder, the worktree
    body = (
        f"open({str(started)!r}, 'w').close()\n{wait_for(release)}"
        "time.sleep(0.5)\nopen('formatted.txt', 'w').write('tidy')\n"
    )
    hooks = {
        **async_hook("PostToolUse", script(tmp_path, "fmt.py", body), "Write"),
        "Stop": [{"hooks": [{"command": f"touch {release}"}]}],
    }
    r = worktree_run(tmp_path, hooks, started)
    result = await r.engine.start("Write notes", agent="backend", session_id="h17wait")

    assert result.status == "complete"
    assert (r.ws / "formatted.txt").read_text() == "tidy"  # waited for, then merged back
    assert [e["outcome"] for e in r.hook_events(result.session_id) if e["event"] != "Stop"] == [
        "ok"
    ]
    assert kinds_in_order(r, result.session_id)[-2:] == ["hook", "worktree_merge"]


async def test_an_async_hook_still_running_at_a_worktree_runs_end_is_killed_before_the_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hook_async, "ASYNC_GRACE", 0.2)
    pid = tmp_path / "pid"
    body = f"import os\nopen({str(pid)!r} + '.tmp', 'w').write(str(os.getpid()))\n"
    body += f"os.rename({str(pid)!r} + '.tmp', {str(pid)!r})\n{wait_for(tmp_path / 'never')}"
    hooks = async_hook("PostToolUse", script(tmp_path, "forever.py", body), "Write", timeout=60)
    r = worktree_run(tmp_path, hooks, pid)
    result = await r.engine.start("Write notes", agent="backend", session_id="h17kill")

    assert result.status == "complete"
    assert ended(int(pid.read_text()))
    [event] = r.hook_events(result.session_id)
    assert (event["outcome"], event["note"]) == ("error", hook_async.RUN_ENDED)
    assert kinds_in_order(r, result.session_id) == ["hook", "worktree_merge"]
    assert (r.ws / "notes.txt").read_text() == "hello"
