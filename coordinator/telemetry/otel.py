"""OpenTelemetry traces of sessions, following the GenAI semantic conventions.

:class:`TraceRecorder` is an observer of the engine's typed events (the engine knows nothing
of OpenTelemetry). It turns one session into one trace:

* ``invoke_workflow coordinator``: the session (``gen_ai.agent.name`` ``coordinator``, as the
  GenAI conventions name a workflow since v0.1.0; ``gen_ai.conversation.id`` = session id;
  the request as ``gen_ai.input.messages``, scrubbed as the store keeps it, only when
  :data:`CAPTURE_VAR` opts in: the conventions make it Opt-In, as user text may be personal);
  a resumed session adds one such span per process, in the same trace: a root of its own
  (no parent) with a span link to the first, and the session's status when it stopped there
  (a span, once exported, never changes: the first one stays ``waiting``; the latest one
  says how the session ended, and links lead back to where it started);
* ``invoke_agent {agent}``: every run (``coordinator.run.id``: its id in the log; no
  ``gen_ai.agent.id``, kept off in-process agents' spans; ``gen_ai.agent.version``: the
  digest of the agent definition it started with; ``gen_ai.agent.description``: that
  definition's description, read from the store's copy of it when the recorder was given
  the store,
  :meth:`TraceRecorder.describe_from`); a consult is a child of the agent that asked; its
  calls' tokens summed (input and output add up to ``coord log``'s tokens);
* ``chat {model}``: every model call (``gen_ai.conversation.id`` as on the others;
  ``gen_ai.response.id``: its message's id, when stored; ``server.address`` and
  ``server.port``: the host and port of the provider's base URL, as its ``model_call``
  event keeps them, never a credential, path or query; ``gen_ai.provider.name``: the
  provider that answered,
  ``anthropic`` or ``scripted``; token usage, the input counting the cache's reads and
  writes, as the conventions' Anthropic page says);
* ``execute_tool {tool}``: every tool call, with ``gen_ai.tool.call.id`` (an MCP tool's with
  ``mcp.method.name``, a Bash command's with its ``process.exit.code``; its one-line input
  only with the content opt-in); a Bash command
  sees its span as ``TRACEPARENT``.

What ``coord log``'s tree notes under a run (its MCP servers, worktree, the files a Bash
call changed, a warning) is a span event on the run's span, named as its log event.
The routing, a resume, blocked, consult, waiting and resumed steps, and a forked skill's
start and end (``skill_forked``, ``skill_fork_done``: its sub-agent's span, a child of the
invoking run's, says the skill as ``coordinator.fork.skill``), are span events. A failed
run's or session's span has an error status and ``error.type``, the failure's kind. Cost lives under
``coordinator.*``: each agent span carries its own calls' cost, so summing agent spans
never counts a consult twice; the workflow span carries the session's total (a resumed
session's workflow spans, one per process, each its process's part). Outcomes are
``coordinator.session.status`` and ``coordinator.run.status``, as ``coord log`` shows them.

The trace id and the first span id are derived from the session id, so a session resumed in
another process continues the same trace without storing anything; a resumed process's
workflow span id derives from the session and when its first event was logged (the engine's
journal tells each event with the time the store wrote it: ``events.LOGGED_AT``); every other
span's id derives from its workflow span's and its place under it. :meth:`TraceRecorder.replay`
hears a stored session's events again, each at its stored time (``coord log --otel``): the
same events give the same spans and ids, so a backend that got a trace live keeps one copy.

This module imports OpenTelemetry at the top: import it only when tracing is enabled.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.sdk.trace.id_generator import IdGenerator, RandomIdGenerator
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from coordinator import __version__
from coordinator import events as ev
from coordinator.clip import clip, counted
from coordinator.errors import UserError
from coordinator.roster.fields import MCP_PREFIX, ResourceTool
from coordinator.sanitize import masked_url, safe_text, scrub_logging, stored_text
from coordinator.status import FILE_CHANGING_TOOLS, RunStatus, SessionStatus, written_change
from coordinator.tools.base import CALL_ENV

if TYPE_CHECKING:
    from coordinator.store.db import Store
    from coordinator.store.rows import EventRow

scrub_logging()  # the exporter's log records (a failed export names its endpoint)

#: The workflow span's ``gen_ai.agent.name`` (the GenAI conventions since their v0.1.0
#: name a workflow so, where they had ``gen_ai.workflow.name``): ``invoke_workflow coordinator``.
WORKFLOW = "coordinator"
#: How many ended sessions' workflow spans a recorder keeps for hooks logged after their
#: outcome (:meth:`TraceRecorder._after_end`): they follow it at once.
ENDED_KEPT = 64
#: The kinds of the events that end a session's workflow span as they are replayed (its
#: outcome; a process's part handed to the workers or refused), and those of them that
#: finish the session (hooks logged after one go under its span).
SPAN_ENDS: tuple[str, ...] = tuple(
    e.kind
    for e in (ev.Completed, ev.Failed, ev.Waiting, ev.Interrupted, ev.Queued, ev.AnswerRefused)
)
FINISHES: tuple[str, ...] = (ev.Completed.kind, ev.Failed.kind)
#: How many events :meth:`TraceRecorder.ended_in` reads at a time.
OPENING_ROWS = 32
#: An agent span's run id, ``coord log --json``'s ``run`` (the conventions, since v0.1.0,
#: put no ``gen_ai.agent.id`` on an in-process agent's span).
RUN_KEY = "coordinator.run.id"
#: The attribute naming the provider that ran a call (recorded with its events, never
#: assumed: a span opened before any event named it gets it from the first call's).
PROVIDER_KEY = "gen_ai.provider.name"
#: The attribute naming the model a run or call asked for.
MODEL_KEY = "gen_ai.request.model"
#: The attribute of an agent span naming the version of the agent: the digest of the
#: definition its run started with (``coord log --json``'s ``definition``).
VERSION_KEY = "gen_ai.agent.version"
#: The attribute of an agent span describing the agent (its definition's ``description``).
DESCRIPTION_KEY = "gen_ai.agent.description"
#: The attribute of a Bash call's span holding the command's exit code (the conventions'
#: process attribute).
EXIT_CODE_KEY = "process.exit.code"

#: The environment variable that opts in to message content on spans (the GenAI
#: instrumentations' own): ``true``, ``SPAN_ONLY`` or ``SPAN_AND_EVENT``; off by default.
CAPTURE_VAR = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
_CAPTURING = frozenset({"true", "span_only", "span_and_event"})
#: The attribute holding what a workflow was asked (the GenAI input messages' schema).
INPUT_KEY = "gen_ai.input.messages"
#: The attribute of a tool call's span holding its input in one line, only with the
#: content opt-in: the tool arguments are content, and the event keeps only this line, not
#: the whole arguments the conventions' ``gen_ai.tool.call.arguments`` holds (``coord log
#: --transcript`` has those).
INPUT_SUMMARY_KEY = "coordinator.input_summary"
#: The files a call changed, each ``created: a.txt`` (a Write's or Edit's span; the
#: ``bash_changed`` span event's attribute of the same name for a command's).
FILES_KEY = "coordinator.files"


def captures_content(env: Mapping[str, str] = os.environ) -> bool:
    """Whether :data:`CAPTURE_VAR` opts in to the request on the workflow span."""
    return env.get(CAPTURE_VAR, "").strip().lower() in _CAPTURING


#: Where traces go when the environment names no endpoint (the OTLP exporter's default).
DEFAULT_ENDPOINT = "http://localhost:4318/v1/traces"
#: The bound on one export, retries included (seconds), unless the environment sets the
#: exporter's own timeout: how much later a command may end when the collector hangs.
EXPORT_TIMEOUT_S = 3.0
#: The exporter's own timeout settings (when one is set, the exporter reads it).
TIMEOUT_VARS = ("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT")
#: The logger the OTLP/HTTP span exporter writes its retries and failures to.
EXPORTER_LOGGER = "opentelemetry.exporter.otlp.proto.http.trace_exporter"


def session_trace_ids(session_id: str) -> tuple[int, int]:
    """The trace id and root span id of ``session_id`` (stable across processes)."""
    digest = hashlib.sha256(session_id.encode("utf-8")).digest()
    trace_id = int.from_bytes(digest[:16], "big") or 1
    span_id = int.from_bytes(digest[16:24], "big") or 1
    return trace_id, span_id


def derived_id(*parts: object) -> int:
    """A span id derived from ``parts`` (never 0, which is no id)."""
    digest = hashlib.sha256("/".join(map(str, parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") or 1


class SessionIds(IdGenerator):
    """The ids :class:`TraceRecorder` gives (random ones for a span it names none)."""

    def __init__(self) -> None:
        self._random = RandomIdGenerator()
        self._trace: int | None = None
        self._span: int | None = None

    @contextmanager
    def given(self, trace_id: int | None, span_id: int | None) -> Iterator[None]:
        """While open, the next span gets ``span_id`` and, when it is a root, ``trace_id``
        (None: a random one)."""
        self._trace, self._span = trace_id, span_id
        try:
            yield
        finally:
            self._trace = self._span = None

    def generate_trace_id(self) -> int:
        return self._trace if self._trace is not None else self._random.generate_trace_id()

    def generate_span_id(self) -> int:
        span_id, self._span = self._span, None
        return span_id if span_id is not None else self._random.generate_span_id()


@dataclass
class _Spend:
    """What model calls (and prompt hooks) cost: a run's, or a process's part of a session."""

    cost: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0

    def add(self, e: ev.ModelCalled | ev.HookRan) -> None:
        """Count a model call's (or a prompt hook's) cost and its four kinds of tokens, so
        the span adds up to what ``coord log`` counts."""
        self.cost += e.cost_usd
        self.input_tokens += e.input_tokens
        self.output_tokens += e.output_tokens
        self.cache_read_tokens += e.cache_read_tokens
        self.cache_write_tokens += e.cache_write_tokens

    def attributes(self) -> dict[str, Any]:
        """``coordinator.cost_usd`` and the GenAI usage attributes of these totals."""
        tokens = (self.input_tokens, self.output_tokens)
        cached = (self.cache_read_tokens, self.cache_write_tokens)
        return {"coordinator.cost_usd": round(self.cost, 6), **_usage(*tokens, *cached)}


@dataclass
class _AgentSpan:
    span: Span
    provider: str = ""
    #: The model its run asked for (``gen_ai.request.model``; "" until a call names it).
    model: str = ""
    #: Its run's calls' (and prompt hooks') totals, so the span adds up to the run's.
    spent: _Spend = field(default_factory=_Spend)
    #: Whether the run waits on a question it asked (blocked, not yet resumed).
    blocked: bool = False


@dataclass
class _Session:
    sid: str
    span: Span
    agents: dict[int, _AgentSpan] = field(default_factory=dict)
    tools: dict[str, Span] = field(default_factory=dict)
    #: The file each Write or Edit call in flight names (its ``input_summary``), by its id.
    writes: dict[str, str] = field(default_factory=dict)
    #: This process's part of the session's spend (its workflow span's totals).
    spent: _Spend = field(default_factory=_Spend)
    #: How many spans were started under its workflow span (each one's id derives from it
    #: and its number: the same events give the same ids, live or replayed).
    started: int = 0
    #: Whether this process's part has begun (``routed``, or ``session_resumed``): events
    #: before it (a person's answer's UserPromptSubmit hooks, a wake) are the same process's.
    begun: bool = False
    #: A run that failed, its span not yet ended: the next event says why when it is the
    #: session's failure (its ``failure`` kind is the span's ``error.type``).
    failing: tuple[int | None, _AgentSpan] | None = None
    #: The provider named on the workflow span (``gen_ai.provider.name``, Required on an
    #: ``invoke_agent`` internal span, which the workflow span is since GenAI semconv
    #: v0.1.0): at its start, its first event's (``routed``, ``session_resumed``); else
    #: its process's first run's or model call's (an older log); "" until one is seen.
    provider: str = ""

    def name_provider(self, provider: str) -> None:
        """Name ``provider`` on the workflow span, unless it names one already."""
        if provider and not self.provider:
            self.provider = provider
            self.span.set_attribute(PROVIDER_KEY, provider)


class TraceRecorder:
    """An engine observer that records each session as a GenAI trace on ``provider``
    (``capture``: with its request on the workflow span, :func:`captures_content`)."""

    def __init__(
        self,
        provider: TracerProvider,
        ids: SessionIds,
        delivery: Delivery | None = None,
        *,
        capture: bool = False,
    ) -> None:
        self.provider = provider
        self.ids = ids
        self.delivery = delivery
        self.capture = capture
        self.tracer = provider.get_tracer("coordinator", __version__)
        self.sessions: dict[str, _Session] = {}
        #: The workflow span of each session that ended here lately (its outcome): hooks
        #: logged after it (SessionEnd's, an async hook's settled) go under it.
        self.ended: dict[str, trace.SpanContext] = {}
        #: The time of the event being replayed (ns; None: live, each span at the time
        #: the event is heard).
        self.at: int | None = None
        #: Where the agents' definitions are read (:meth:`describe_from`), and those read.
        self._store: Store | None = None
        self._descriptions: dict[str, str] = {}

    def describe_from(self, store: Store) -> None:
        """Read each agent span's ``gen_ai.agent.description`` from ``store``: the
        description of the definition its run started with (the digest its ``run_started``
        event names), live or replayed alike."""
        self._store = store

    def description(self, sid: str, digest: str | None) -> str:
        """The description of agent definition ``digest`` of session ``sid`` ("": none
        known, or no store given), scrubbed as every attribute is."""
        if not digest or self._store is None:
            return ""
        if digest not in self._descriptions:
            for known, row in self._store.definitions(sid).items():
                self._descriptions[known] = _described(row.spec)
        return self._descriptions.get(digest, "")

    def now(self) -> int:
        """When the event being recorded happened (ns since the epoch)."""
        return self.at if self.at is not None else time.time_ns()

    def logged(self) -> int:
        """When the event being recorded was logged, as the log gives it back (ns): a
        replayed event's stored time; live, the time the store wrote it at (the journal
        says: :data:`~coordinator.events.LOGGED_AT`) as the log will read it back
        (seconds, a double); an event no store wrote, now."""
        if self.at is not None:
            return self.at
        at = ev.LOGGED_AT.get()
        return ev.logged_ns(at / 1e9) if at is not None else time.time_ns()

    def __call__(self, event: ev.Event) -> None:
        event = _scrubbed(event)
        if isinstance(event, ev.HooksFired) and event.session_id not in self.sessions:
            return  # (its SessionEnd runs, logged with it, have their spans)
        if isinstance(event, ev.HookRan) and event.session_id not in self.sessions:
            if (ended := self._ended_workflow(event)) is not None:
                self._after_end(ended, event)
                return
        s = self._session(event)
        if s.failing is not None:
            _end_failed(s, event, self.now())
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, s, event)

    def replay(self, events: Iterable[tuple[ev.Event, int]]) -> None:
        """Record stored ``events`` as they were heard live, each at its stored time (ns):
        the same spans, ids and attributes, with the times the log keeps. Where a process
        stopped with its session open (killed, handed to a worker: ``queued``, or its
        answer refused: ``answer_refused``), its spans end as that process's own close
        would have ended them, at its last event; what is still open at the end ends at
        the last event (by :meth:`close`)."""
        for event, at in events:
            sid = event.session_id
            if isinstance(event, ev.SessionResumed) and self._begun(sid):
                self.end_session(sid, None)  # another process's, at its last event
            self.at = at
            self(event)
            if isinstance(event, ev.Queued | ev.AnswerRefused):
                self.end_session(sid, None)

    def _ended_workflow(self, e: ev.HookRan) -> trace.SpanContext | None:
        """The workflow span the hook run ``e``, logged while its session is not open here,
        goes under: the one its session's outcome ended here; for a late SessionEnd (owed
        by a process killed once it had stored the outcome: ``coord resume`` fires them,
        hooks113), the one that outcome ended there, found as ``coord log --otel`` finds
        it (:meth:`ended_in`); None: neither (the hook opens a workflow span of its own)."""
        from coordinator.runtime.hooks import HookEvent  # (here: ~40 modules, rarely needed)

        sid = e.session_id
        if sid not in self.ended and e.event == HookEvent.SESSION_END and self._store is not None:
            if (found := self.ended_in(self._store, sid)) is not None:
                self._keep_ended(sid, found)
        return self.ended.get(sid)

    @staticmethod
    def ended_in(store: Store, sid: str) -> trace.SpanContext | None:
        """The workflow span that the stored outcome of the session ``sid`` ended (None:
        none stored, or an event this version or the store cannot read: a trace never
        fails what it watches): found by :meth:`replay`, with nothing exported, so its id
        is the one the process that stored it gave it, live or replayed alike. Only the
        events that open it are replayed (review137: the whole log took ~1.5 s for 5,000
        events): a workflow span opens at the first event after one ends, or at a
        ``session_resumed`` of a begun one (:func:`_opening`)."""
        try:
            marks = store.event_seqs(sid, (*SPAN_ENDS, ev.Routed.kind, ev.SessionResumed.kind))
            ends = [seq for seq, kind in marks if kind in FINISHES]
            if not ends:
                return None
            after, finished = _opening(marks, ends[-1])
            ids = SessionIds()
            dry = TraceRecorder(  # (no processor: none sent)
                TracerProvider(id_generator=ids, shutdown_on_exit=False), ids
            )
            if finished:  # (hooks logged after it go under its span, opening none)
                dry.ended[sid] = trace.INVALID_SPAN_CONTEXT
            return dry._opening_span(store, sid, after)
        except UserError:  # (a StoreError too)
            return None

    def _opening_span(self, store: Store, sid: str, after: int) -> trace.SpanContext | None:
        """Replay session ``sid``'s events past ``after`` until its workflow span is open
        (or ended): that span (None: none opened)."""
        while (found := self._opened(sid)) is None and (
            rows := store.events(sid, after, OPENING_ROWS)
        ):
            after = rows[-1].seq
            for event in logged_events(rows):
                self.replay([event])
                if self._opened(sid) is not None:
                    break
        return found

    def _opened(self, sid: str) -> trace.SpanContext | None:
        """Session ``sid``'s open workflow span, else the one it ended with a finished
        outcome (None: neither)."""
        if (s := self.sessions.get(sid)) is not None:
            return s.span.get_span_context()
        ended = self.ended.get(sid)
        return ended if ended is not None and ended.is_valid else None

    def _keep_ended(self, sid: str, workflow: trace.SpanContext) -> None:
        """Keep ``workflow`` as session ``sid``'s ended workflow span (the latest
        :data:`ENDED_KEPT` sessions')."""
        self.ended[sid] = workflow
        while len(self.ended) > ENDED_KEPT:  # (a worker's or `coord mcp`'s: bounded)
            del self.ended[next(iter(self.ended))]

    def _after_end(self, workflow: trace.SpanContext, e: ev.HookRan) -> None:
        """A hook run logged once its session's outcome ended the workflow span (SessionEnd
        hooks, fired after it is stored; an async hook settled at the drive's end): a
        ``hook NAME`` span under that workflow, holding the ``hook`` event as a run's span
        would (review122: it opened a second workflow, as if the session were resumed)."""
        at = self.now()
        own = derived_id(f"{workflow.span_id:016x}", "after", e.event, self.logged())
        with self.ids.given(None, own):
            span = self.tracer.start_span(
                f"hook {e.event}",
                context=trace.set_span_in_context(trace.NonRecordingSpan(workflow)),
                attributes={"gen_ai.conversation.id": e.session_id},
                start_time=at,
            )
        attrs = _present(
            event=e.event, target=e.target, outcome=e.outcome, decision=e.decision or None,
            source=e.source, command=e.command, note=e.note or None,
        )  # fmt: skip
        span.add_event("hook", attrs, at)
        spent = _Spend()
        spent.add(e)  # (a prompt hook's model call, as the log counts it)
        span.set_attributes(spent.attributes())
        span.end(at)

    def _begun(self, sid: str) -> bool:
        """Whether session ``sid``'s open workflow span is a process's that had begun (a
        ``session_resumed`` after it is another process's)."""
        s = self.sessions.get(sid)
        return s is not None and s.begun

    def close(self) -> None:
        """End whatever is still open (a session that stopped waiting) and export it all: one
        attempt, no retries, bounded by the export timeout; what could not be sent is told
        in one line (:class:`Delivery`)."""
        for sid in list(self.sessions):
            self.end_session(sid, None)
        if self.delivery is None:
            self.provider.shutdown()
            return
        self.delivery.closing = True
        try:
            self.provider.shutdown()
        finally:
            self.delivery.finish()

    # ---- spans -------------------------------------------------------------------------

    def _session(self, event: ev.Event) -> _Session:
        s = self.sessions.get(event.session_id)
        if s is not None:
            return s
        attrs = {
            "gen_ai.operation.name": "invoke_workflow",
            "gen_ai.agent.name": WORKFLOW,
            "gen_ai.conversation.id": event.session_id,
        }
        trace_id, span_id = session_trace_ids(event.session_id)
        provider = event.provider if isinstance(event, ev.Routed | ev.SessionResumed) else ""
        if provider:  # (known at its creation, as the conventions ask: mend110)
            attrs[PROVIDER_KEY] = provider
        if isinstance(event, ev.Routed):  # a new session: its first span roots the trace
            if self.capture:  # its text scrubbed of secrets already (_scrubbed)
                attrs[INPUT_KEY] = _input_messages(event.request)
            with self.ids.given(trace_id, span_id):
                span = self.tracer.start_span(
                    f"invoke_workflow {WORKFLOW}",
                    context=Context(),
                    attributes=attrs,
                    start_time=self.now(),
                )
        else:  # a resumed session: a root of its own in the same trace, linked to the first
            first = trace.SpanContext(
                trace_id, span_id, is_remote=True, trace_flags=trace.TraceFlags(1)
            )
            # its id derives from when its first event was logged: the same live or replayed
            own = derived_id(event.session_id, "resumed", self.logged())
            with self.ids.given(trace_id, own):
                span = self.tracer.start_span(
                    f"invoke_workflow {WORKFLOW}",
                    context=Context(),
                    attributes={**attrs, "coordinator.resumed": True},
                    links=[trace.Link(first, {"coordinator.link": "resumes"})],
                    start_time=self.now(),
                )
        s = _Session(event.session_id, span, begun=isinstance(event, ev.Routed))
        s.provider = provider or ""
        self.sessions[event.session_id] = s
        return s

    def start(self, s: _Session, name: str, parent: Span, **options: Any) -> Span:
        """A span ``name`` under ``parent`` in session ``s``, its id derived from the
        workflow span's and its number there, starting now unless ``start_time`` says."""
        s.started += 1
        own = derived_id(f"{s.span.get_span_context().span_id:016x}", s.started)
        options.setdefault("start_time", self.now())
        with self.ids.given(None, own):
            return self.tracer.start_span(
                name, context=trace.set_span_in_context(parent), **options
            )

    def agent_span(self, s: _Session, run_id: int | None, agent: str, **attrs: Any) -> _AgentSpan:
        """The span of run ``run_id`` (opened on first sight: a run resumed here)."""
        key = run_id if run_id is not None else -1
        found = s.agents.get(key)
        if found is not None:
            return found
        parent_id = attrs.pop("parent_run", None)
        parent = s.agents[parent_id].span if parent_id in s.agents else s.span
        span = self.start(
            s,
            f"invoke_agent {agent}",
            parent,
            kind=SpanKind.INTERNAL,
            attributes={
                "gen_ai.operation.name": "invoke_agent",
                "gen_ai.agent.name": agent,
                "gen_ai.conversation.id": s.sid,
                **({RUN_KEY: run_id} if run_id is not None else {}),
                **{k: v for k, v in attrs.items() if v},
            },
        )
        found = _AgentSpan(
            span, str(attrs.get(PROVIDER_KEY) or ""), str(attrs.get(MODEL_KEY) or "")
        )
        s.name_provider(found.provider)
        s.agents[key] = found
        return found

    def end_agent(self, s: _Session, run_id: int | None, status: str, reason: str) -> None:
        """End run ``run_id``'s span with its status and its own totals."""
        a = s.agents.pop(run_id if run_id is not None else -1, None)
        if a is None:
            return
        a.span.set_attribute("coordinator.run.status", status)
        if status != RunStatus.FAILED:
            _end_with_totals(a, self.now())
            return
        a.span.set_status(Status(StatusCode.ERROR, reason or None))
        s.failing = (run_id, a)  # ended by the next event: the session's failure, if it is

    def end_session(
        self,
        sid: str,
        outcome: tuple[str, str] | None,
        failure: str = "",
        *,
        finished: bool = False,
    ) -> None:
        """End everything open in session ``sid``; ``outcome`` is (status, reason);
        ``failure``: a failed session's kind (its ``error.type``); ``finished``: the
        session finished (Complete, Needs Review, Failed): hooks logged after it go under
        its workflow span (:meth:`_after_end`)."""
        s = self.sessions.pop(sid, None)
        if s is None:
            return
        at = self.now()
        if s.failing is not None:
            _end_failed(s, None, at)
        for span in s.tools.values():
            span.end(at)
        for a in s.agents.values():  # runs the session stopped: as `coord log` shows them
            if outcome is not None:
                stopped = RunStatus.BLOCKED if a.blocked else SessionStatus.INTERRUPTED
                a.span.set_attribute("coordinator.run.status", stopped)
            _end_with_totals(a, at)
        s.span.set_attributes(s.spent.attributes())
        if finished:
            self._keep_ended(sid, s.span.get_span_context())
        if outcome is not None:
            status, reason = outcome
            s.span.set_attribute("coordinator.session.status", status)
            if status == SessionStatus.FAILED:
                s.span.set_status(Status(StatusCode.ERROR, reason or None))
                s.span.set_attribute("error.type", failure or OTHER_ERROR)
        s.span.end(at)


def _opening(marks: list[tuple[int, str]], end: int) -> tuple[int, bool]:
    """Where the workflow span that the event ``end`` ended opened, from ``marks`` (the
    ``seq`` and kind of a session's span-ending, ``routed`` and ``session_resumed``
    events): the ``seq`` its first event follows (the last span end before ``end``; or,
    past a ``routed``/``session_resumed`` there, just before the last ``session_resumed``,
    which ends a begun span and opens its own), and whether a finished outcome came first."""
    before = [(seq, kind) for seq, kind in marks if seq < end]
    closed = [seq for seq, kind in before if kind in SPAN_ENDS]
    after = closed[-1] if closed else 0
    opens = [seq for seq, kind in before if seq > after and kind not in SPAN_ENDS]
    if len(opens) > 1:
        after = opens[-1] - 1
    return after, any(kind in FINISHES for seq, kind in before if seq <= after)


def logged_events(rows: Iterable[EventRow]) -> list[tuple[ev.Event, int]]:
    """The stored events of ``rows`` (those this version knows), each with its time (ns);
    UserError naming the entry whose payload does not fit its kind."""
    logged = []
    for row in rows:
        try:
            event = ev.stored_event(row.session_id, row.run_id, row.kind, row.data)
        except ValueError as exc:
            raise UserError(
                f"session {row.session_id}: event {row.seq} ({row.kind}) does not fit this "
                f"version: {exc}; nothing sent"
            ) from None
        if event is not None:
            logged.append((event, ev.logged_ns(row.at)))
    return logged


def _scrubbed(event: ev.Event) -> ev.Event:
    """``event`` with every text field :func:`~coordinator.sanitize.safe_text`: a span keeps
    no secret, as the store keeps none (a tool's error, a reason, a blocker)."""
    changed: dict[str, Any] = {}
    for f in fields(event):
        value = getattr(event, f.name)
        if isinstance(value, str) and (safe := stored_text(value)) != value:
            changed[f.name] = safe
    return replace(event, **changed) if changed else event


def _input_messages(request: str) -> str:
    """``request`` as the GenAI input messages (JSON text: a span's attribute holds no
    structure): one user message of one text part."""
    message = {"role": "user", "parts": [{"type": "text", "content": request}]}
    return json.dumps([message], ensure_ascii=False)


#: ``error.type`` of a failed run or session whose kind no event says (the conventions'
#: fallback value).
OTHER_ERROR = "_OTHER"


def _end_failed(s: _Session, event: ev.Event | None, at: int) -> None:
    """End the failed run's span left open: its ``error.type`` is the session's failure
    kind when ``event`` is the session failing at that run (``refusal``, ``api_error``,
    ``max_turns``, ... as ``coord log`` names it), else :data:`OTHER_ERROR`."""
    failing, s.failing = s.failing, None
    if failing is None:
        return
    run_id, a = failing
    kind = event.failure if isinstance(event, ev.Failed) and event.run_id == run_id else ""
    a.span.set_attribute("error.type", kind or OTHER_ERROR)
    _end_with_totals(a, at)


def _usage(input_tokens: int, output_tokens: int, read: int, written: int) -> dict[str, int]:
    """The GenAI usage attributes of Anthropic's counts: ``gen_ai.usage.input_tokens`` is
    every input token, the cache's reads and writes included (Anthropic's ``input_tokens``
    excludes them; the conventions' Anthropic page says to add them), so input and output
    add up to the tokens ``coord log`` and ``coord stats`` count."""
    return {
        "gen_ai.usage.input_tokens": input_tokens + read + written,
        "gen_ai.usage.output_tokens": output_tokens,
        "gen_ai.usage.cache_read.input_tokens": read,
        "gen_ai.usage.cache_creation.input_tokens": written,
    }


def _end_with_totals(a: _AgentSpan, at: int) -> None:
    a.span.set_attributes(a.spent.attributes())
    a.span.end(at)


# ---- one handler per event kind ---------------------------------------------------------


def _routed(r: TraceRecorder, s: _Session, e: ev.Routed) -> None:
    """A ``routed`` event on the workflow span: which agent got the request and why (the
    router's score, the triggers it matched, its reason; ``--agent``), as ``coord log
    --json``'s ``routed`` event says, and the process that started the session (the
    request itself, and who asked, a name and email, only with :data:`CAPTURE_VAR`)."""
    attrs: dict[str, Any] = _present(
        agent=e.agent, reason=e.reason, router_fallback=e.router_fallback, process=e.process,
        person=e.person if r.capture else None,
    )  # fmt: skip
    attrs["coordinator.score"] = e.score
    if e.matched:
        attrs["coordinator.matched"] = list(e.matched)
    s.span.add_event("routed", attrs, r.now())


def _run_started(r: TraceRecorder, s: _Session, e: ev.RunStarted) -> None:
    r.agent_span(
        s,
        e.run_id,
        e.agent,
        parent_run=e.parent_run,
        **{
            MODEL_KEY: e.model,
            "coordinator.consult.domain": e.domain,
            PROVIDER_KEY: e.provider,
            VERSION_KEY: e.definition,
            DESCRIPTION_KEY: r.description(s.sid, e.definition),
        },
    )


def _described(spec: str) -> str:
    """The ``description`` of a stored agent definition (its spec's JSON), scrubbed; ""."""
    try:
        data = json.loads(spec)
    except ValueError:
        return ""
    description = data.get("description") if isinstance(data, dict) else None
    return safe_text(description) if isinstance(description, str) else ""


def _server(server: str) -> dict[str, Any]:
    """``server.address`` and ``server.port`` of a call's ``host:port`` (its
    ``model_call`` event's ``server``; nothing for "")."""
    if not server:
        return {}
    parts = urlsplit(f"//{server}")
    try:
        port = parts.port
    except ValueError:  # (a stored value edited by hand)
        port = None
    attrs: dict[str, Any] = {"server.address": parts.hostname or server}
    return {**attrs, "server.port": port} if port else attrs


def _model_called(r: TraceRecorder, s: _Session, e: ev.ModelCalled) -> None:
    a = r.agent_span(s, e.run_id, e.agent)
    if e.provider and not a.provider:  # a run resumed here: its span named it not yet
        a.provider = e.provider
        a.span.set_attribute(PROVIDER_KEY, e.provider)
    s.name_provider(e.provider)
    if e.model and not a.model:  # the same: the model its start named
        a.model = e.model
        a.span.set_attribute(MODEL_KEY, e.model)
    a.spent.add(e)
    s.spent.add(e)
    end = r.now()
    span = r.start(
        s,
        f"chat {e.model}",
        a.span,
        kind=SpanKind.CLIENT,
        start_time=end - e.ms * 1_000_000,
        attributes={
            "gen_ai.operation.name": "chat",
            "gen_ai.conversation.id": s.sid,
            **({PROVIDER_KEY: e.provider} if e.provider else {}),
            MODEL_KEY: e.model,
            "gen_ai.response.model": e.model,
            "gen_ai.response.finish_reasons": [e.stop_reason or "unknown"],
            **({"gen_ai.response.id": e.response_id} if e.response_id else {}),
            **_server(e.server),
            **_usage(e.input_tokens, e.output_tokens, e.cache_read_tokens, e.cache_write_tokens),
            "coordinator.cost_usd": e.cost_usd,
            "coordinator.turn": e.turn,
        },
    )
    span.end(end_time=end)


#: ``mcp.method.name`` of an MCP tool's call (the conventions' MCP page: an MCP call traced
#: as an ``execute_tool`` span carries the MCP attributes on it).
MCP_CALL = "tools/call"
#: ``mcp.method.name`` of the resource tools' calls (the requests they send a server).
MCP_METHODS: dict[str, str] = {
    ResourceTool.LIST: "resources/list",
    ResourceTool.READ: "resources/read",
}


def _tool_span(r: TraceRecorder, s: _Session, e: ev.ToolStarted | ev.ToolRefused) -> Span:
    """The ``execute_tool`` span of ``e``'s call, under its run's span; with the content
    opt-in (:data:`CAPTURE_VAR`), its input in one line as ``coord log --json`` has it
    (:data:`INPUT_SUMMARY_KEY`, scrubbed), a refused call's too."""
    a = r.agent_span(s, e.run_id, e.agent)
    method = MCP_CALL if e.name.startswith(MCP_PREFIX) else MCP_METHODS.get(e.name)
    mcp: dict[str, Any] = {"mcp.method.name": method} if method else {}
    if r.capture and e.input_summary:
        mcp[INPUT_SUMMARY_KEY] = e.input_summary
    return r.start(
        s,
        f"execute_tool {e.name}",
        a.span,
        attributes={
            "gen_ai.operation.name": "execute_tool",
            "gen_ai.tool.name": e.name,
            "gen_ai.tool.call.id": e.tool_use_id,
            "gen_ai.tool.type": "function",
            **mcp,
        },
    )


def _tool_started(r: TraceRecorder, s: _Session, e: ev.ToolStarted) -> None:
    span = s.tools[e.tool_use_id] = _tool_span(r, s, e)
    if e.name in FILE_CHANGING_TOOLS:
        s.writes[e.tool_use_id] = e.input_summary
    carrier: dict[str, str] = {}
    TraceContextTextMapPropagator().inject(carrier, trace.set_span_in_context(span))
    CALL_ENV.set({"TRACEPARENT": carrier["traceparent"]})


#: ``error.type`` of a tool call's span refused before it ran (a failed call's: tool_error).
REFUSED_ERROR = "tool_refused"


def _tool_finished(r: TraceRecorder, s: _Session, e: ev.ToolFinished) -> None:
    """The call's span ended: a Bash command's exit code, a failure's ``error.type``, the
    file a Write or Edit changed (``coordinator.files``, as a ``bash_changed`` event's:
    ``created: a.txt``; audit113: traces named only the files commands changed)."""
    CALL_ENV.set({})
    span = s.tools.pop(e.tool_use_id, None)
    path = s.writes.pop(e.tool_use_id, "")
    if span is None:  # a call interrupted in an earlier process
        return
    change = written_change(e.summary) if path and not e.is_error else None
    if change is not None:
        span.set_attribute(FILES_KEY, [f"{change}: {path}"])
    if e.exit_code is not None:
        span.set_attribute(EXIT_CODE_KEY, e.exit_code)
    if e.is_error:
        span.set_status(Status(StatusCode.ERROR, e.summary[:200] or None))
        span.set_attribute("error.type", "tool_error")
    span.end(r.now())


def _tool_refused(r: TraceRecorder, s: _Session, e: ev.ToolRefused) -> None:
    """The call's span ended as an error of type ``tool_refused`` (the GenAI conventions'
    ``error.type``), with what refused it; its ``tool_result`` that follows finds it ended.
    A call refused before it started (no ``tool_call`` event: a permission rule, a hook,
    Bash off) has its span made here."""
    span = s.tools.pop(e.tool_use_id, None)
    if span is None:
        span = _tool_span(r, s, e)
    span.set_status(Status(StatusCode.ERROR, e.reason[:200] or None))
    span.set_attributes(
        {
            "error.type": REFUSED_ERROR,
            "coordinator.refused_by": e.by,
            **({"coordinator.refused_rule": e.rule} if e.rule else {}),
        }
    )
    span.end(r.now())


def _hook_ran(r: TraceRecorder, s: _Session, e: ev.HookRan) -> None:
    """A ``hook`` span event on its run's span (the session's, for a hook before any run),
    named as ``coord log`` names it, then a ``hook_tool_call`` span event for each tool call
    an agent hook's model made (a hook has no span of its own to hold them as spans); a
    prompt hook's model call counted in the totals as the log counts it. A hook fired on a
    tool call names it as its ``execute_tool`` span does (``gen_ai.tool.call.id``)."""
    attrs = _present(
        event=e.event, target=e.target, outcome=e.outcome, decision=e.decision or None,
        source=e.source, command=e.command, note=e.note or None,
    )  # fmt: skip
    if e.tool_use_id:
        attrs["gen_ai.tool.call.id"] = e.tool_use_id
    s.spent.add(e)
    if e.run_id is None:
        span = s.span
    else:
        a = r.agent_span(s, e.run_id, e.agent)
        a.spent.add(e)
        span = a.span
    span.add_event("hook", attrs, r.now())
    for call in e.calls:
        span.add_event("hook_tool_call", _hook_call(e, call), r.now())


def _hook_call(e: ev.HookRan, call: Mapping[str, str]) -> dict[str, str]:
    """The attributes of one of an agent hook's tool calls: its hook's event and command,
    the tool (as an ``execute_tool`` span names it), its input, how it ended and why."""
    return {
        **_present(event=e.event, command=e.command),
        "gen_ai.tool.name": call.get("name", ""),
        **_present(
            input=call.get("input_summary"), outcome=call.get("outcome"), reason=call.get("reason")
        ),
    }


def _blocked(r: TraceRecorder, s: _Session, e: ev.Blocked) -> None:
    a = r.agent_span(s, e.run_id, e.agent)
    a.blocked = True
    attrs = _present(domain=e.domain, blocker=e.blocker, required=e.required)
    a.span.add_event("blocked", attrs, r.now())


def _consult(r: TraceRecorder, s: _Session, e: ev.ConsultStarted) -> None:
    """A ``consult`` span event on the asking run's span: the consultant, its run (the
    ``run`` of its own span) and, when chosen by more than the domain, how (``chosen``,
    the question's ``matched`` words, ``why``), as ``coord log`` tells the choice."""
    key = e.run_id if e.run_id is not None else -1
    if key in s.agents:
        attrs: dict[str, Any] = _present(consultant=e.consultant, domain=e.domain)
        attrs["coordinator.child_run"] = e.child_run
        if isinstance(e, ev.ConsultChosen):
            attrs.update(_present(chosen=e.chosen, why=e.why))
            if e.matched:
                attrs["coordinator.matched"] = [safe_text(word) for word in e.matched]
        s.agents[key].span.add_event("consult", attrs, r.now())


def _skill_forked(r: TraceRecorder, s: _Session, e: ev.SkillForked) -> None:
    """A forked skill's start, told as a consult's is: a ``skill_forked`` span event on the
    invoking run's span (the skill, the sub-agent), and the sub-agent's own span (a child
    of it, opened by its ``run_started``) named the skill it runs."""
    attrs = _present(skill=e.skill, agent=e.agent)
    if e.run_id is not None and e.run_id in s.agents:
        s.agents[e.run_id].span.add_event("skill_forked", attrs, r.now())
    child = s.agents.get(e.child_run)
    if child is not None:
        child.span.set_attribute("coordinator.fork.skill", e.skill)


def _skill_fork_done(r: TraceRecorder, s: _Session, e: ev.SkillForkDone) -> None:
    """A forked skill's end: a ``skill_fork_done`` span event on the invoking run's span
    (the sub-agent and how it ended), as ``resumed`` tells a consult's answer."""
    if e.run_id is not None and e.run_id in s.agents:
        attrs = _present(agent=e.agent, status=e.status)
        s.agents[e.run_id].span.add_event("skill_fork_done", attrs, r.now())


def _waiting(r: TraceRecorder, s: _Session, e: ev.Waiting) -> None:
    attrs = _present(
        reason=e.waiting_reason,
        domain=e.domain,
        blocker=e.blocker,
        required=e.required,
        detail=e.detail,
    )
    r.agent_span(s, e.run_id, e.agent).span.add_event("waiting", attrs, r.now())
    s.span.add_event("waiting", attrs, r.now())
    r.end_session(e.session_id, ("waiting", e.waiting_reason))


def _resumed(r: TraceRecorder, s: _Session, e: ev.Resumed) -> None:
    # named as every event's are: coordinator.*; who answered, never the answer (content);
    # the person (a name and email: personal data) only with the content opt-in
    attrs = _present(answered_by=e.answered_by, person=e.person if r.capture else None)
    a = r.agent_span(s, e.run_id, e.agent)
    a.blocked = False
    a.span.add_event("resumed", attrs, r.now())


def _session_resumed(r: TraceRecorder, s: _Session, e: ev.SessionResumed) -> None:
    """A ``session_resumed`` event on this process's workflow span: whether a person's
    answer came with it, which process took it up (``host:pid``) and what the resume could
    not rebuild (``coord log --json``'s ``session_resumed`` event)."""
    s.begun = True
    attrs: dict[str, Any] = {"coordinator.with_context": e.with_context}
    attrs.update(_present(process=e.process))
    if e.notes:
        attrs["coordinator.notes"] = [safe_text(note) for note in e.notes]
    s.span.add_event("session_resumed", attrs, r.now())


def _run_note(r: TraceRecorder, s: _Session, e: ev.Event) -> None:
    """A span event named as its log event's kind, on its run's span, for what ``coord
    log``'s tree notes under a run: its MCP servers (their tools and problems), its worktree
    and how it merged, the files a Bash call changed (each ``how: path``), a warning (Bash
    off, a hidden program, isolation skipped); every field under ``coordinator.*`` as
    ``coord log --json`` names it, texts scrubbed."""
    attrs: dict[str, Any] = {}
    for f in fields(e):
        value = getattr(e, f.name)
        if f.name in ("session_id", "run_id", "agent") or not value:
            continue
        if isinstance(value, dict):
            value = [f"{k}: {v}" for k, v in value.items()]
        elif isinstance(value, list):
            value = [": ".join(v[::-1]) if isinstance(v, list) else str(v) for v in value]
        attrs[f"coordinator.{f.name}"] = _bounded(value)
    r.agent_span(s, e.run_id, getattr(e, "agent", "")).span.add_event(e.kind, attrs, r.now())


#: The most items a run note's list keeps on its span event (a Bash call may change 10,000
#: files: ``coord log`` has them all), and the most characters of each text it keeps.
NOTE_ITEMS = 50
NOTE_CHARS = 1000


def _bounded(value: Any) -> Any:
    """A run note's field as a span event keeps it: a text clipped to :data:`NOTE_CHARS`,
    a list to :data:`NOTE_ITEMS` items (the last saying how many more), each scrubbed."""
    if isinstance(value, str):
        return _clipped(value)
    if not isinstance(value, list):
        return value
    kept = [_clipped(safe_text(v)) for v in value[:NOTE_ITEMS]]
    if len(value) > NOTE_ITEMS:
        kept.append(f"... and {len(value) - NOTE_ITEMS:,} more (coord log has them all)")
    return kept


def _clipped(text: str) -> str:
    """``text`` as it is, or past :data:`NOTE_CHARS` clipped to them."""
    return text if len(text) <= NOTE_CHARS else clip(text, NOTE_CHARS)


def _run_ended(r: TraceRecorder, s: _Session, e: ev.RunEnded) -> None:
    r.end_agent(s, e.run_id, e.status, e.reason)


def _completed(r: TraceRecorder, s: _Session, e: ev.Completed) -> None:
    r.end_session(e.session_id, (e.status, e.summary), finished=True)


def _failed(r: TraceRecorder, s: _Session, e: ev.Failed) -> None:
    r.end_session(e.session_id, ("failed", e.reason), e.failure, finished=True)


def _interrupted(r: TraceRecorder, s: _Session, e: ev.Interrupted) -> None:
    s.span.add_event("interrupted", _present(reason=e.reason), r.now())
    r.end_session(e.session_id, ("interrupted", e.reason))


#: The events told as :func:`_run_note` tells them (the tree's notes under a run).
RUN_NOTES: tuple[type[ev.Event], ...] = (
    ev.McpStarted, ev.WorktreeOpened, ev.WorktreeMade, ev.WorktreeMerged,
    ev.IsolationSkipped, ev.ProgramHidden, ev.BashOff, ev.BashChanged, ev.StepEnded,
)  # fmt: skip

_HANDLERS: dict[type[ev.Event], Any] = {
    ev.Routed: _routed,
    ev.RunStarted: _run_started,
    ev.ModelCalled: _model_called,
    ev.ToolStarted: _tool_started,
    ev.ToolFinished: _tool_finished,
    ev.ToolRefused: _tool_refused,
    ev.HookRan: _hook_ran,
    ev.Blocked: _blocked,
    ev.ConsultStarted: _consult,
    ev.ConsultChosen: _consult,
    ev.SkillForked: _skill_forked,
    ev.SkillForkDone: _skill_fork_done,
    ev.Waiting: _waiting,
    ev.Resumed: _resumed,
    ev.SessionResumed: _session_resumed,
    ev.RunEnded: _run_ended,
    ev.Completed: _completed,
    ev.Failed: _failed,
    ev.Interrupted: _interrupted,
    **dict.fromkeys(RUN_NOTES, _run_note),
}


def _present(**values: str | None) -> dict[str, str]:
    return {f"coordinator.{k}": v for k, v in values.items() if v}


def recorder(
    exporter: SpanExporter,
    *,
    timeout_s: float | None = None,
    delivery: Delivery | None = None,
    capture: bool = False,
    queue: int | None = None,
) -> TraceRecorder:
    """A recorder exporting to ``exporter`` in the background (flushed by ``close``);
    ``timeout_s``: the processor's export timeout, when the exporter has one; ``capture``:
    each session's request on its workflow span; ``queue``: how many ended spans may wait
    for an export (the processor's default, 2048, unless given: more are dropped)."""
    ids = SessionIds()
    provider = TracerProvider(
        resource=Resource.create({"service.name": "coordinator", "service.version": __version__}),
        id_generator=ids,
    )
    millis = None if timeout_s is None else timeout_s * 1000
    processor = BatchSpanProcessor(exporter, max_queue_size=queue, export_timeout_millis=millis)
    provider.add_span_processor(processor)
    return TraceRecorder(provider, ids, delivery, capture=capture)


def otlp_recorder(
    env: Mapping[str, str] = os.environ, warn: Callable[[str], None] | None = None
) -> TraceRecorder:
    """A recorder exporting OTLP/HTTP to ``OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT`` (default
    ``http://localhost:4318``), with the exporter's own environment settings
    (:func:`otlp_delivery`); ``warn`` gets the one line saying what could not be sent, and
    where it was to go."""
    delivery, timeout = otlp_delivery(env, warn or (lambda line: None))
    return recorder(delivery, timeout_s=timeout, delivery=delivery, capture=captures_content(env))


def otlp_delivery(
    env: Mapping[str, str], warn: Callable[[str], None]
) -> tuple[Delivery, float | None]:
    """The OTLP/HTTP exporter the environment names, watched (:class:`Delivery`), and the
    bound on one export: :data:`EXPORT_TIMEOUT_S` unless the environment sets the
    exporter's own timeout (then None)."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    if endpoint is None and env.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        endpoint = traces_url(env["OTEL_EXPORTER_OTLP_ENDPOINT"])
    timeout = None if any(env.get(name) for name in TIMEOUT_VARS) else EXPORT_TIMEOUT_S
    inner = OTLPSpanExporter(endpoint=endpoint, timeout=timeout)
    return Delivery(inner, masked_url(endpoint or DEFAULT_ENDPOINT), warn), timeout


def traces_url(base: str) -> str:
    """The traces URL of an ``OTEL_EXPORTER_OTLP_ENDPOINT`` base: ``v1/traces`` appended
    to its path, before any query (``https://host/otlp?tenant=a`` ->
    ``https://host/otlp/v1/traces?tenant=a``, not ``...?tenant=a/v1/traces``)."""
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/v1/traces"))


class Delivery(SpanExporter):
    """The OTLP exporter, watched: the spans it could not send are counted and told in one
    line when the recorder closes, in place of the exporter's own log lines (each retry's
    warning, then its error). Once ``closing``, the first failure ends the exporter's
    retries: a command ends when its run does, not after the exporter's backoff."""

    def __init__(self, inner: SpanExporter, endpoint: str, warn: Callable[[str], None]) -> None:
        self.inner = inner
        self.endpoint = endpoint
        self.warn = warn
        #: What the line names as setting the endpoint (``coord log``: its option).
        self.set_by = "OTEL_EXPORTER_OTLP_ENDPOINT"
        self.closing = False
        self.sent = 0
        self.dropped = 0
        self.reason: str | None = None
        self._lock = threading.Lock()
        self._stopped = False
        self._log = _Quieted(self)
        self._log.attach()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        """Export through the exporter; count what it could not send."""
        result = self.inner.export(spans)
        if result is SpanExportResult.SUCCESS:
            self.sent += len(spans)
        else:
            self.dropped += len(spans)
        return result

    def failed(self, record: logging.LogRecord) -> None:
        """The exporter logged a failure: keep the first reason; when closing, stop it."""
        if self.reason is None:
            self.reason = failure_reason(record)
        if self.closing:
            self.shutdown()

    def shutdown(self) -> None:
        """Shut the exporter down once (this ends a retry's wait at once)."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        self.inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.inner.force_flush(timeout_millis)

    def finish(self) -> None:
        """The exporter's logger given back; the one line, when spans were not sent."""
        self._log.detach()
        if self.dropped:
            why = f" ({self.reason})" if self.reason else ""
            self.warn(
                f"traces not sent: {counted(self.dropped, 'span')} for {self.endpoint} "
                f"{'was' if self.dropped == 1 else 'were'} dropped{why}; "
                f"is an OTLP collector listening there? ({self.set_by} sets where)"
            )


class _Quieted(logging.Handler):
    """The exporter's logger, while attached: its records go to :meth:`Delivery.failed`,
    not to stderr."""

    def __init__(self, delivery: Delivery) -> None:
        super().__init__(logging.WARNING)
        self.delivery = delivery
        self.logger = logging.getLogger(EXPORTER_LOGGER)
        self._propagate = self.logger.propagate

    def attach(self) -> None:
        self.logger.addHandler(self)
        self.logger.propagate = False

    def detach(self) -> None:
        self.logger.removeHandler(self)
        self.logger.propagate = self._propagate

    def emit(self, record: logging.LogRecord) -> None:
        self.delivery.failed(record)


def failure_reason(record: logging.LogRecord) -> str | None:
    """A few words on why an export failed, from the exporter's log record (its arguments:
    an HTTP status, a reason phrase or the transport's exception)."""
    args = record.args if isinstance(record.args, tuple) else ()
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool):
            return f"HTTP {arg}"
        if isinstance(arg, BaseException | str) and arg not in ("spans", ""):
            # a retried status's phrase, or the transport's exception (as its scrubbed text
            # when it held a secret: an endpoint's ``?api_key=``)
            text = str(arg).lower()
            if "refused" in text:
                return "connection refused"
            if "timed out" in text or "timeout" in text:
                return "timed out"
            return arg if isinstance(arg, str) else type(arg).__name__
    if "timeout" in record.getMessage():
        return "no answer in time"
    return None
