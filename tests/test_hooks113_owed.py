"""hooks113: loose ends of hooks112's owed hooks. A skill's async UserPromptSubmit hook,
registered by a Skill tool call, fired with an answer queued for the workers
(``coord resume --context ... --detach``), is started by the drive that takes the session
(``coord resume --here``): real PostgreSQL, real ``coord`` processes, a real SKILL.md and
hook command, the real scripted provider."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from cli import coord, spawn
from kit import blocked, report, write_script
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from test_hooks import Run
from test_ops88_unclaimed_pg import until

from coordinator.runtime.lookup import AlreadyEnded
from coordinator.telemetry.otel import logged_events, recorder

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

BACKEND = (
    "---\nname: backend\ndescription: Backend specialist\ndomain: backend\n"
    "tools: Read, Glob, Skill\n---\n\nYou are the backend specialist.\n"
)
SAID = {"hookSpecificOutput": {"hookEventName": "UserPromptSubmit", "additionalContext": "ASYNC"}}


def _note_skill(tmp_path: Path) -> Path:
    """A user skill ``note`` whose ``hooks`` register an async UserPromptSubmit hook that
    counts its runs in ``runs`` and says ``ASYNC`` as its context."""
    runs = tmp_path / "runs"
    body = (
        "import json, sys\n"
        "json.load(sys.stdin)\n"
        f"open({str(runs)!r}, 'a').write('ran\\n')\n"
        f"print(json.dumps({SAID!r}))\n"
    )
    (tmp_path / "note.py").write_text(body, encoding="utf-8")
    command = f"{sys.executable} {tmp_path / 'note.py'}"
    _write_note_skill("UserPromptSubmit", command, "NOTE-TEXT", run_async=True)
    return runs


def _write_note_skill(event: str, command: str, body: str, *, run_async: bool = False) -> None:
    """The user skill ``note``, its text ``body``, whose ``hooks`` run ``command`` at
    ``event`` (async when asked)."""
    hooks = (
        f"hooks:\n  {event}:\n    - hooks:\n        - type: command\n"
        f"          command: {json.dumps(command)}\n"
    ) + ("          async: true\n" if run_async else "")
    path = Path(os.environ["HOME"]) / ".claude/skills/note/SKILL.md"
    path.parent.mkdir(parents=True)
    text = f"---\nname: note\ndescription: The note skill\n{hooks}---\n{body}\n"
    path.write_text(text, encoding="utf-8")


def _workspace_and_agents(tmp_path: Path) -> tuple[Path, Path]:
    """A new workspace and an agents folder holding ``BACKEND``."""
    ws = tmp_path / "ws"
    ws.mkdir()
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND, encoding="utf-8")
    return ws, agents


SKILL_RAN = (
    "SELECT count(*) > 0 FROM events WHERE session_id = %s AND kind = 'hook'"
    " AND data::jsonb ->> 'event' = 'UserPromptSubmit'"
)


def test_a_skills_async_prompt_hook_fired_with_a_detached_answer_runs_where_it_is_driven(
    tmp_path: Path, pg_url: str
) -> None:
    """The session invokes ``note`` (its async UserPromptSubmit hook registered from then
    on) and waits for a person; ``coord resume --context 42`` queues the answer (a shared
    store's resume is detached), the skill's hook owed; ``coord resume --here`` drives
    it: the hook runs there once and its context reaches the answered run's next turn.
    Before, the driving process chose the owed hooks before it read the session's invoked
    skills: the hook never ran there and the run never heard it."""
    runs = _note_skill(tmp_path)
    ws, agents = _workspace_and_agents(tmp_path)
    gate = tmp_path / "gate"
    glob = {"name": "Glob", "input": {"pattern": "*.md"}}
    script = write_script(
        tmp_path / "s.yaml",
        {"backend": [
            {"tool_calls": [{"name": "Skill", "input": {"skill": "note"}}]},
            {"text": blocked("Payments", "the merchant id")},
            {"tool_calls": [glob], "hold_until": str(gate)},  # (the answer's first turn)
            {"expect": "ASYNC", "text": report("Complete", "Done")},
        ]},
    )  # fmt: skip
    common: list[str | Path] = ["--agents-dir", agents, "--only", "--db", pg_url]
    common += ["--script", script]
    ran = coord("run", "task", "--agent", "backend", "--workspace", ws, "--json", *common)
    assert ran.returncode == 3, ran.stderr  # waits for the merchant id
    sid = json.loads(ran.stdout)["session"]
    queued = coord("resume", sid, "--context", "42", *common)  # (a shared store: queued)
    assert queued.returncode == 0, queued.stderr
    assert not runs.exists()  # not run where the answer was given
    proc = spawn("resume", sid, "--here", "--json", *common)
    try:
        with psycopg.connect(pg_url, autocommit=True) as con:
            until(con, SKILL_RAN, sid)  # its output kept for the run: the next turn may come
        gate.touch()
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, (out, err)
    assert json.loads(out)["status"] == "complete"
    assert runs.read_text(encoding="utf-8") == "ran\n"
    with psycopg.connect(pg_url, autocommit=True) as con:
        rows = con.execute(
            "SELECT kind, data::jsonb ->> 'source' FROM events WHERE session_id = %s"
            " AND kind IN ('hook', 'hooks_owed', 'hooks_fired') ORDER BY seq",
            (sid,),
        ).fetchall()
    assert rows == [("hooks_owed", None), ("hooks_fired", None), ("hook", "skill note")], rows


# ---- a late SessionEnd's span: in the session's trace, under its ending workflow ----------


def _spans(spans: list[ReadableSpan]) -> list[tuple[str, int, int | None, int]]:
    return sorted(
        (s.name, s.context.span_id, s.parent.span_id if s.parent else None, s.context.trace_id)
        for s in spans
    )


async def test_a_late_session_end_is_a_hook_span_under_the_workflow_that_ended_the_session(
    tmp_path: Path,
) -> None:
    """A session blocks, is answered and completes in another process (its workflow span
    a resumed one's); that process dies before its SessionEnd hooks' runs are stored (they
    stay owed); a later ``coord resume`` fires them. Their run is a ``hook SessionEnd``
    span in the session's trace under the workflow span that ended it, as within the
    process that ends a session (review122) and as ``coord log --otel`` replays it: the
    late process opens no workflow span. Before, it opened a new ``invoke_workflow`` root
    (marked resumed, no status), the trace's latest, which should say how the session
    ended."""
    end = {"SessionEnd": [{"hooks": [{"type": "command", "command": "echo bye"}]}]}
    turns = [{"text": blocked("Payments", "the merchant id")}, {"text": report("Complete")}]
    r = Run(tmp_path, {"backend": turns}, end)
    gate = r.engine.hooks
    assert gate is not None
    live: list[InMemorySpanExporter] = []

    async def traced(call: Any, cut: bool = False) -> Any:
        """``call`` as one process, its own recorder (its spans in a new ``live[-1]``);
        ``cut``: killed before its SessionEnd hooks' runs are stored (they stay owed)."""
        live.append(InMemorySpanExporter())
        rec = recorder(live[-1])
        rec.describe_from(r.store)
        r.engine.journal.observer = rec
        if cut:
            gate.session_end = _killed  # type: ignore[method-assign]
        try:
            return await call()
        finally:
            gate.__dict__.pop("session_end", None)
            rec.close()

    first = await traced(lambda: r.engine.start("Add tasks", agent="backend"))
    sid = first.session_id
    done = await traced(lambda: r.engine.resume(sid, context="42"), cut=True)
    assert done.status == "complete"
    with pytest.raises(AlreadyEnded):
        await traced(lambda: r.engine.resume(sid))  # fires them, late
    assert [e.data for e in r.store.events(sid) if e.kind == "hooks_fired"] == [
        {"event": "SessionEnd", "late": True}
    ]

    late = live[2].get_finished_spans()
    assert [s.name for s in late] == ["hook SessionEnd"], [s.name for s in late]
    [ending] = [s for s in live[1].get_finished_spans() if s.name.startswith("invoke_workflow")]
    assert dict(ending.attributes or {})["coordinator.session.status"] == "complete"
    [hook] = late
    assert hook.parent is not None and hook.parent.span_id == ending.context.span_id
    assert hook.context.trace_id == ending.context.trace_id
    assert [e.name for e in hook.events] == ["hook"]

    replayed = InMemorySpanExporter()
    again = recorder(replayed)
    again.replay(logged_events(r.store.events(sid)))
    again.close()
    assert _spans(list(replayed.get_finished_spans())) == _spans(
        [s for exporter in live for s in exporter.get_finished_spans()]
    )


async def _killed(*args: Any, **kwargs: Any) -> None:
    """A process killed once its session's outcome is stored, before its SessionEnd hooks'
    runs are."""


def test_a_skills_session_start_hook_fires_at_an_answer_in_a_new_process(
    tmp_path: Path,
) -> None:
    """A skill invoked before its session waited registers a SessionStart hook; the answer
    (``coord resume --context``, a new process) fires SessionStart (``resume``) before
    UserPromptSubmit: the skill's hook runs and its context reaches the answered run.
    Before, SessionStart chose its hooks before the session's invoked skills were read (the
    UserPromptSubmit after it read them): the skill's hook did not run."""
    said = {"hookSpecificOutput": {"hookEventName": "SessionStart", "additionalContext": "HI"}}
    command = f"echo {json.dumps(json.dumps(said))[1:-1]!r}"
    _write_note_skill("SessionStart", command, "NOTE")
    ws, agents = _workspace_and_agents(tmp_path)
    script = write_script(
        tmp_path / "s.yaml",
        {"backend": [
            {"tool_calls": [{"name": "Skill", "input": {"skill": "note"}}]},
            {"text": blocked("Payments", "the merchant id")},
            {"expect": "HI", "text": report("Complete", "Done")},
        ]},
    )  # fmt: skip
    common: list[str | Path] = ["--agents-dir", agents, "--only", "--script", script]
    ran = coord("run", "task", "--agent", "backend", "--workspace", ws, "--json", *common)
    assert ran.returncode == 3, ran.stderr
    sid = json.loads(ran.stdout)["session"]
    done = coord("resume", sid, "--workspace", ws, "--context", "42", "--json", *common)
    assert done.returncode == 0, (done.stdout, done.stderr)
