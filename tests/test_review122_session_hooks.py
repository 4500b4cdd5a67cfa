"""review122: claude109's SessionStart/SessionEnd hooks as ``coord log`` tells them. A
person's answer fires the SessionStart ``resume`` hooks (the plugins' common matcher
``startup|resume|clear|compact``) and logs their runs before the ``session_resumed``
event: the tree must not read that as a process killed after its last event."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cli import coord
from kit import blocked, report, workspace, write_agents, write_script
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from test_cli_hooks import user_hooks
from test_hooks import Run
from test_hooks_async import GatedHook

from coordinator.config import Settings
from coordinator.runtime.engine import Engine
from coordinator.runtime.stopping import StepStop
from coordinator.telemetry.otel import logged_events, recorder


def _entry(matcher: str, command: str) -> dict[str, Any]:
    return {"matcher": matcher, "hooks": [{"type": "command", "command": command}]}


def test_an_answered_session_with_session_start_hooks_reads_as_a_wait_not_a_kill(
    tmp_path: Path,
) -> None:
    """Run, wait for a person, answer, complete: SessionStart ``startup`` context in the
    first message, ``resume`` context after the answer, SessionEnd once; the tree shows the
    answer (the question's line) and no "ended without a word" line."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    user_hooks(
        {
            "SessionStart": [_entry("startup|resume|clear|compact", "echo plugin-rules")],
            "SessionEnd": [_entry("", "echo bye")],
        }
    )
    turns = [
        {"expect": "plugin-rules", "text": blocked("Tests", "test plan")},
        {"expect": "Use pytest", "text": report("Complete", "Done")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    scripted = ["--provider", "scripted", "--script", script]
    common = ["--workspace", ws]
    base = [*common, "--agents-dir", agents, "--only", "--agent", "backend", *scripted]
    ran = coord("run", "Write notes", *base, "--json")
    assert ran.returncode == 3, ran.stderr  # waiting for a person
    sid = json.loads(ran.stdout)["session"]
    done = coord("resume", sid, "--context", "Use pytest", *common, *scripted)
    assert done.returncode == 0, done.stderr

    tree = coord("log", sid, *common, env={"COLUMNS": "400"}).stdout
    assert "resumed backend with a person's answer" in tree, tree
    assert "ended without a word" not in tree, tree
    assert "interrupted" not in tree, tree
    events = json.loads(coord("log", sid, *common, "--json").stdout)["events"]
    hooks = [(e["event"], e["target"]) for e in events if e["kind"] == "hook"]
    assert hooks == [
        ("SessionStart", "startup"),
        ("SessionStart", "resume"),
        ("SessionEnd", "other"),
    ]


class _StopsTheWorker(BaseHTTPRequestHandler):
    """A SessionEnd http hook's server: the request arrives while the hook runs; the worker's
    stall watch is told to end the step in flight then (on the engine's loop), and the
    answer is held back until the test ends."""

    step: StepStop
    loop: asyncio.AbstractEventLoop
    release: threading.Event

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.loop.call_soon_threadsafe(self.step.stall, 1.0)
        self.release.wait()
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


async def test_a_workers_stop_during_session_end_hooks_keeps_the_finished_sessions_result(
    tmp_path: Path,
) -> None:
    """A worker's stop (or stall watch) whose grace runs out while SessionEnd hooks run
    (the session's outcome already stored) ends those hooks only: the drive returns the
    session's result. Before, the step's cut escaped the drive of a finished session,
    nothing to hand back, and the worker's job raised."""
    release = threading.Event()
    handler = type(
        "Handler",
        (_StopsTheWorker,),
        {"step": StepStop(), "loop": asyncio.get_running_loop(), "release": release},
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    serving = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01})
    serving.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/end"
        end = {"hooks": [{"type": "http", "url": url}]}
        r = Run(
            tmp_path, {"backend": [{"text": report("Complete", "Done")}]}, {"SessionEnd": [end]}
        )
        engine = Engine(
            registry=r.registry,
            provider=r.provider,
            store=r.store,
            settings=Settings(),
            workspace=r.ws,
            hooks=r.extras.hooks,
            hook_env=r.extras.env,
            preload=r.extras.preload,
            step_stop=handler.step,
        )
        result = await engine.start("Add tasks", agent="backend")
        assert result.status == "complete", result.reason
        assert r.store.session(result.session_id).status == "complete"
    finally:
        release.set()
        httpd.shutdown()
        serving.join()
        httpd.server_close()


async def test_an_async_session_start_hooks_context_reaches_the_root_runs_next_turn(
    tmp_path: Path,
) -> None:
    """An ``async`` SessionStart hook (a plugin keeping start-up fast) is the root run's:
    logged in it, its ``additionalContext`` given at that run's next turn, as any async
    hook's. Before, fired with no run, its output reached no run (and one finishing before
    the session was stored was not even logged)."""
    gate = GatedHook.write(tmp_path, "SessionStart", "ASYNC")
    r = Run(tmp_path, {"backend": gate.turns()}, gate.hooks)
    r.engine.journal.observer = gate.on_root_run
    result = await r.engine.start("Add tasks", agent="backend")

    assert result.status == "complete", result.reason
    r.provider.model.assert_complete()
    [root] = r.store.runs(result.session_id)
    [hook] = [e for e in r.store.events(result.session_id) if e.kind == "hook"]
    assert (hook.data["event"], hook.data["target"], hook.run_id) == (
        "SessionStart",
        "startup",
        root.id,
    )


def _spans(exporter: InMemorySpanExporter) -> list[tuple[str, int, int | None, int]]:
    return sorted(
        (s.name, s.context.span_id, s.parent.span_id if s.parent else None, s.context.trace_id)
        for s in exporter.get_finished_spans()
    )


async def test_session_end_hooks_are_in_the_sessions_trace_not_a_second_workflow(
    tmp_path: Path,
) -> None:
    """SessionEnd hooks run once the session's outcome (which ends its workflow span) is
    stored: their run is a ``hook SessionEnd`` span under that workflow, live and replayed
    alike (``coord trace``). Before, it opened a second ``invoke_workflow`` root marked
    resumed, holding only the hook."""
    end = {"SessionEnd": [{"hooks": [{"type": "command", "command": "echo bye"}]}]}
    r = Run(tmp_path, {"backend": [{"text": report("Complete", "Done")}]}, end)
    live = InMemorySpanExporter()
    rec = recorder(live)
    r.engine.journal.observer = rec
    result = await r.engine.start("Add tasks", agent="backend")
    rec.close()

    spans = _spans(live)
    names = [name for name, *_ in spans]
    assert names.count("invoke_workflow coordinator") == 1, names
    [workflow] = [s for s in spans if s[0] == "invoke_workflow coordinator"]
    [hook] = [s for s in spans if s[0] == "hook SessionEnd"]
    assert hook[2] == workflow[1] and hook[3] == workflow[3]
    [done] = [s for s in live.get_finished_spans() if s.name == "hook SessionEnd"]
    assert [e.name for e in done.events] == ["hook"]

    replayed = InMemorySpanExporter()
    again = recorder(replayed)
    again.replay(logged_events(r.store.events(result.session_id)))
    again.close()
    assert _spans(replayed) == spans
