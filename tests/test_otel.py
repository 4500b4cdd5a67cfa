"""OpenTelemetry GenAI traces of sessions: the tree, its attributes, resume, Bash's
TRACEPARENT, and a real OTLP/HTTP export to a loopback receiver."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from kit import Harness, blocked, report, serving, write_agents, write_script

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)

from coordinator.events import fan_out
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.engine import Engine
from coordinator.telemetry.otel import TraceRecorder, recorder, session_trace_ids

SCHEMA = "User: id int primary key; email str unique"


def traced(h: Harness) -> tuple[TraceRecorder, InMemorySpanExporter]:
    """Give the harness's engine a trace recorder over an in-memory exporter, reading the
    agents' descriptions from the harness's store as ``coord run``'s recorder does."""
    exporter = InMemorySpanExporter()
    rec = recorder(exporter)
    rec.describe_from(h.store)
    h.engine = Engine(
        registry=h.registry,
        provider=h.provider,
        store=h.store,
        settings=h.settings,
        workspace=h.ws,
        observer=fan_out(h.events.append, rec),
    )
    return rec, exporter


def by_name(spans: tuple[ReadableSpan, ...] | list[ReadableSpan]) -> dict[str, ReadableSpan]:
    return {s.name: s for s in spans}


def parent_name(span: ReadableSpan, spans: dict[str, ReadableSpan]) -> str | None:
    if span.parent is None:
        return None
    return next(n for n, s in spans.items() if s.context.span_id == span.parent.span_id)


def chain() -> dict[str, list[dict[str, Any]]]:
    usage = {"input_tokens": 100, "output_tokens": 20, "cache_read_input_tokens": 70,
             "cache_creation_input_tokens": 30}  # fmt: skip
    return {
        "backend": [
            {
                "tool_calls": [{"name": "Read", "input": {"file_path": "app/models/task.py"}}],
                "usage": usage,
            },
            {"text": blocked("Database", "Current User model schema"), "usage": usage},
            {
                "expect": "[coordinator:resume]",
                "text": report("Complete", "Endpoint"),
                "usage": usage,
            },
        ],
        "dba": [
            {
                "when": "User model schema",
                "text": f"{SCHEMA}\n" + report("Complete", "Schema"),
                "usage": usage,
            },
        ],
    }


async def test_a_session_is_one_genai_trace(tmp_path: Path) -> None:
    h = Harness(tmp_path, chain())
    rec, exporter = traced(h)
    result = await h.engine.start("Add a task endpoint with the owner's email", agent="backend")
    rec.close()
    spans = exporter.get_finished_spans()
    named = by_name(spans)
    assert sorted(named) == sorted(
        [
            "invoke_workflow coordinator",
            "invoke_agent backend",
            "invoke_agent dba",
            "execute_tool Read",
            *{
                f"chat {s.attributes['gen_ai.request.model']}"
                for s in spans
                if s.name.startswith("chat")
            },  # type: ignore[index]
        ]
    )
    assert len({s.context.trace_id for s in spans}) == 1
    assert spans[0].context.trace_id == session_trace_ids(result.session_id)[0]

    root = named["invoke_workflow coordinator"]
    assert root.parent is None
    assert root.attributes["gen_ai.operation.name"] == "invoke_workflow"  # type: ignore[index]
    assert root.attributes["gen_ai.conversation.id"] == result.session_id  # type: ignore[index]
    assert parent_name(named["invoke_agent backend"], named) == "invoke_workflow coordinator"
    assert parent_name(named["invoke_agent dba"], named) == "invoke_agent backend"  # consult
    tool = named["execute_tool Read"]
    assert parent_name(tool, named) == "invoke_agent backend"
    assert tool.attributes["gen_ai.tool.call.id"].startswith("toolu_")  # type: ignore[index, union-attr]

    chats = [s for s in spans if s.name.startswith("chat ")]
    assert len(chats) == 4
    for chat_span in chats:
        a = chat_span.attributes or {}
        assert a["gen_ai.operation.name"] == "chat"
        assert a["gen_ai.provider.name"] == "scripted"  # the harness runs a script
        # (the cache's reads and writes counted in the input: audit84)
        assert (a["gen_ai.usage.input_tokens"], a["gen_ai.usage.output_tokens"]) == (200, 20)
        assert a["gen_ai.usage.cache_read.input_tokens"] == 70
        assert a["gen_ai.usage.cache_creation.input_tokens"] == 30
        assert chat_span.name == f"chat {a['gen_ai.request.model']}"
    assert sum(parent_name(c, named) == "invoke_agent dba" for c in chats) == 1

    backend, dba = named["invoke_agent backend"], named["invoke_agent dba"]
    assert [e.name for e in backend.events] == ["blocked", "consult", "resumed"]
    assert backend.events[0].attributes["coordinator.domain"] == "database"  # type: ignore[index]
    costs = [s.attributes["coordinator.cost_usd"] for s in (backend, dba)]  # type: ignore[index]
    chat_costs = sum(float(c.attributes["coordinator.cost_usd"]) for c in chats)  # type: ignore[arg-type, index]
    assert costs[0] > costs[1] > 0  # backend: its own 3 calls, not the consult's
    assert sum(costs) == pytest.approx(chat_costs)  # no call counted twice
    assert root.attributes["coordinator.cost_usd"] == pytest.approx(chat_costs)  # type: ignore[index]
    assert backend.attributes["gen_ai.usage.input_tokens"] == 3 * 200  # type: ignore[index]
    h.close()


#: The token counts of a span that add up to one run's ``tokens`` in ``coord log`` (the
#: input counts the cache's reads and writes, as the GenAI conventions say: audit84).
USAGE_KEYS = ("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens")


async def test_an_agent_span_counts_every_token_coord_log_counts(tmp_path: Path) -> None:
    """audit45: an agent span summed its calls' input and output tokens alone, so with a
    prompt cache (every real run) the trace showed a fraction of the run's tokens in
    ``coord log`` and ``coord stats``; it carries the cache reads and writes too (counted
    in its input tokens since audit84)."""
    from coordinator.store.run_tree import chain_of

    h = Harness(tmp_path, chain())
    rec, exporter = traced(h)
    result = await h.engine.start("Add a task endpoint with the owner's email", agent="backend")
    rec.close()
    named = by_name(exporter.get_finished_spans())
    root = chain_of(h.store, result.session_id)
    assert root is not None and root.questions[0].consult is not None
    for node in (root, root.questions[0].consult):
        a = named[f"invoke_agent {node.run.agent}"].attributes or {}
        assert sum(int(a[k]) for k in USAGE_KEYS) == node.tokens, node.run.agent  # type: ignore[call-overload]
    backend = named["invoke_agent backend"].attributes or {}
    assert backend["gen_ai.usage.cache_read.input_tokens"] == 3 * 70
    assert backend["gen_ai.usage.cache_creation.input_tokens"] == 3 * 30
    h.close()


async def test_waiting_is_an_event_and_a_resume_continues_the_trace(tmp_path: Path) -> None:
    """The first workflow span, exported while the session waited, stays ``waiting`` (an
    exported span never changes): the resume's workflow span is a root of its own in the
    same trace, linked to the first, with the session's final status; its agent spans are
    its children (audit47: it was a child of the first)."""
    script = {
        "backend": [
            {"text": blocked("Tests", "Which test framework", "No tests yet")},
            {"expect": "A person answered", "text": report("Complete", "Done")},
        ]
    }
    h = Harness(tmp_path, script)
    rec, first_export = traced(h)
    first = await h.engine.start("Add an endpoint", agent="backend")
    rec.close()
    first_spans = by_name(first_export.get_finished_spans())
    root = first_spans["invoke_workflow coordinator"]
    assert "waiting" in [e.name for e in root.events]
    assert (root.attributes or {})["coordinator.session.status"] == "waiting"
    assert "waiting" in [e.name for e in first_spans["invoke_agent backend"].events]
    stopped = first_spans["invoke_agent backend"].attributes or {}
    assert stopped["coordinator.run.status"] == "blocked"  # as `coord log` shows the run

    rec2, second_export = traced(h)  # a new process, as far as tracing knows
    done = await h.engine.resume(first.session_id, context="Use pytest.")
    rec2.close()
    assert done.status == "complete"
    later = second_export.get_finished_spans()
    assert {s.context.trace_id for s in later} == {root.context.trace_id}
    named = by_name(later)
    resumed = named["invoke_workflow coordinator"]
    assert resumed.parent is None and resumed.context.span_id != root.context.span_id
    (link,) = resumed.links
    assert link.context.span_id == root.context.span_id
    assert (link.attributes or {})["coordinator.link"] == "resumes"
    assert (resumed.attributes or {})["coordinator.resumed"] is True
    assert (resumed.attributes or {})["coordinator.session.status"] == "complete"
    assert parent_name(named["invoke_agent backend"], named) == "invoke_workflow coordinator"
    assert "resumed" in [e.name for e in named["invoke_agent backend"].events]
    h.close()


async def test_bash_sees_the_tool_span_as_traceparent(tmp_path: Path) -> None:
    spec = AgentSpec(name="ops", description="devops", domain="devops", tools=["Bash"],
                     body="You are ops.")  # fmt: skip
    script = {
        "ops": [
            {"tool_calls": [{"name": "Bash", "input": {"command": 'echo "$TRACEPARENT" > tp'}}]},
            {"tool_calls": [{"name": "Bash", "input": {"command": 'echo "$TRACEPARENT" > tp2'}}]},
            {"text": report("Complete")},
        ]
    }
    h = Harness(tmp_path, script, registry=Registry([spec]), allow_bash=True)
    rec, exporter = traced(h)
    await h.engine.start("Check the deploy", agent="ops")
    rec.close()
    tools = [s for s in exporter.get_finished_spans() if s.name == "execute_tool Bash"]
    seen = [(h.ws / name).read_text().strip() for name in ("tp", "tp2")]
    assert seen == [f"00-{t.context.trace_id:032x}-{t.context.span_id:016x}-01" for t in tools]
    h.close()


# ---- a real OTLP/HTTP export, from the CLI ----------------------------------------------


class _Collector(BaseHTTPRequestHandler):
    posts: list[tuple[str, bytes]]
    received: threading.Event

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.posts.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.received.set()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def collecting() -> Iterator[tuple[str, type[_Collector]]]:
    """A loopback OTLP/HTTP collector while open: its URL, and its handler's class, which
    holds the posts it got."""
    handler = type("Collector", (_Collector,), {"posts": [], "received": threading.Event()})
    with serving(handler) as url:
        yield url, handler


@pytest.fixture
def collector() -> Iterator[tuple[str, type[_Collector]]]:
    with collecting() as got:
        yield got


def run_exporting(tmp_path: Path, endpoint: str) -> Any:
    """`coord run --json` of one scripted Complete session in a fresh workspace, its spans
    exported to ``endpoint`` (OTEL_EXPORTER_OTLP_ENDPOINT); the finished command."""
    from cli import coord

    ws = tmp_path / "ws"
    ws.mkdir()
    agents = write_agents(tmp_path / "team", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    proc = coord("run", "Add a login endpoint", "--agent", "backend", "--workspace", ws,
                 "--agents-dir", agents, "--only", "--script", script, "--json",
                 env={"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint})  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc


def test_coord_run_exports_otlp_http_to_the_endpoint(
    tmp_path: Path, collector: tuple[str, type[_Collector]]
) -> None:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )

    url, handler = collector
    proc = run_exporting(tmp_path, url)
    session = json.loads(proc.stdout)["session"]
    assert handler.received.is_set()  # close() flushed before the command returned
    paths = {p for p, _ in handler.posts}
    assert paths == {"/v1/traces"}
    names, conversation = [], set()
    for _, body in handler.posts:
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        for rs in request.resource_spans:
            for ss in rs.scope_spans:
                for span in ss.spans:
                    names.append(span.name)
                    attrs = {a.key: a.value.string_value for a in span.attributes}
                    if "gen_ai.conversation.id" in attrs:
                        conversation.add(attrs["gen_ai.conversation.id"])
    assert "invoke_workflow coordinator" in names and "invoke_agent backend" in names
    assert conversation == {session}


def test_an_endpoint_with_a_query_gets_the_traces_path_before_it(
    tmp_path: Path, collector: tuple[str, type[_Collector]]
) -> None:
    """``OTEL_EXPORTER_OTLP_ENDPOINT=http://host/otlp?tenant=a`` (a gateway's tenant or
    key in the query): the spans go to ``/otlp/v1/traces?tenant=a``; the path was appended
    after the query, so they went to ``/otlp?tenant=a/v1/traces`` (audit63 noticed)."""
    url, handler = collector
    run_exporting(tmp_path, url + "/otlp?tenant=a")
    assert handler.received.is_set()
    assert {p for p, _ in handler.posts} == {"/otlp/v1/traces?tenant=a"}


def test_otel_is_not_imported_unless_enabled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli import coord_probe, zygote_modules

    for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    agents = write_agents(tmp_path / "team", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    # A forked coord (no SDK import to pay) can show this: the zygote preloads none of it.
    assert not otel_modules(zygote_modules())
    probe = coord_probe("run", "Add a login endpoint", "--agent", "backend", "--workspace",
                        tmp_path, "--agents-dir", agents, "--only", "--script", script,
                        preloaded=True)  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    assert "coordinator.runtime.engine" in probe.modules  # it did run
    assert not otel_modules(probe.modules)


def otel_modules(modules: frozenset[str]) -> list[str]:
    """Our tracing module and OpenTelemetry's SDK and exporters among ``modules`` (the
    anthropic SDK itself imports opentelemetry.context when it is installed)."""
    prefixes = ("coordinator.telemetry.otel", "opentelemetry.sdk", "opentelemetry.exporter")
    return sorted(m for m in modules if m.startswith(prefixes))


def test_tracing_needs_the_extra_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from coordinator.errors import UserError
    from coordinator.telemetry import start_tracing, tracing_requested

    assert not tracing_requested(False, {})
    assert tracing_requested(False, {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1"})
    assert start_tracing(False, {}) is None
    monkeypatch.setitem(sys.modules, "coordinator.telemetry.otel", None)  # not installed
    with pytest.raises(UserError, match="needs the otel extra"):
        start_tracing(True, {})
