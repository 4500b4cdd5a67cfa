"""Hook input fields as Claude Code gives them inside a sub-agent: ``agent_id`` with
``agent_type`` at every event a run fires (tool events too, not only SubagentStart and
Stop), the run's id, so a hook can tell two runs of one agent apart."""

from __future__ import annotations

import json
from pathlib import Path

from kit import report
from test_hooks import WRITE, Run, py_hook

DONE = report("Complete", "Done")


async def test_every_event_of_a_run_gives_its_agent_id(tmp_path: Path) -> None:
    seen = tmp_path / "seen.jsonl"
    keep = py_hook(
        tmp_path, "keep.py", f"open({str(seen)!r}, 'a').write(json.dumps(data) + '\\n')\n"
    )
    entry = {"hooks": [{"type": "command", "command": keep}]}
    events = ("PreToolUse", "PostToolUse", "Stop", "SubagentStart")
    hooks = {event: [entry] for event in events}
    r = Run(tmp_path, {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}, hooks)
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    [run] = r.store.runs(result.session_id)
    given = [json.loads(line) for line in seen.read_text().splitlines()]
    assert sorted(d["hook_event_name"] for d in given) == sorted(events)
    assert {(d["agent_id"], d["agent_type"]) for d in given} == {(str(run.id), "backend")}
