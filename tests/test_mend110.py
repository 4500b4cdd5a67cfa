"""mend110: leftovers of review122, daily108 and audit108. An async UserPromptSubmit hook
on a request is the root run's, as an async SessionStart one is; a scripted answer that
does not match its script is the user's error; a bad option value's JSON hint is on stderr
as every other error's line is; the workflow span carries ``gen_ai.provider.name`` from its
creation."""

from __future__ import annotations

import sys
from pathlib import Path

from kit import report
from test_hooks import Run

from coordinator.events import Event, HookRan, RunStarted


async def test_an_async_prompt_hook_on_a_request_is_the_root_runs(tmp_path: Path) -> None:
    """An ``async`` UserPromptSubmit hook at a request is fired before the session exists:
    it starts once the session is stored, is logged in its root run, and its
    ``additionalContext`` arrives at that run's next turn (before, it reached no run)."""
    release, delivered = tmp_path / "release", tmp_path / "delivered"
    said = {
        "hookSpecificOutput": {"hookEventName": "UserPromptSubmit", "additionalContext": "LATE"}
    }
    body = (
        "import json, os, sys, time\njson.load(sys.stdin)\n"
        f"while not os.path.exists({str(release)!r}):\n    time.sleep(0.01)\n"
        f"print(json.dumps({said!r}))\n"
    )
    (tmp_path / "prompt.py").write_text(body, encoding="utf-8")
    entry = {"type": "command", "command": f"{sys.executable} {tmp_path / 'prompt.py'}"}
    hooks = {"UserPromptSubmit": [{"hooks": [{**entry, "async": True, "timeout": 60}]}]}
    glob = {"name": "Glob", "input": {"pattern": "*.md"}}
    turns = [
        {"tool_calls": [glob], "hold_until": str(delivered)},
        {"expect": "LATE", "text": report("Complete", "Done")},
    ]
    r = Run(tmp_path, {"backend": turns}, hooks)

    def observe(event: Event) -> None:
        if isinstance(event, RunStarted):
            release.touch()  # the session and its root run are stored: the hook may end
        if isinstance(event, HookRan):
            delivered.touch()  # its output is kept: the next turn may come

    r.engine.journal.observer = observe
    result = await r.engine.start("Add tasks", agent="backend")

    assert result.status == "complete", result.reason
    r.provider.model.assert_complete()
    [root] = r.store.runs(result.session_id)
    [hook] = [e for e in r.store.events(result.session_id) if e.kind == "hook"]
    assert (hook.data["event"], hook.run_id) == ("UserPromptSubmit", root.id)
