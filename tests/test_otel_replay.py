"""``coord log SESSION --otel``: a stored session's trace rebuilt from its event log and sent
over OTLP/HTTP to a loopback collector: the spans the live recorder gave (names, ids,
parents, attributes, events, links), at the times the log keeps; a session killed with -9
mid-chain; a resumed one; bad input in one line."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import (
    Harness,
    blocked,
    report,
    wait_for_event,
    workspace,
    write_agents,
    write_script,
)

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from opentelemetry.sdk.trace import ReadableSpan
from test_otel import _Collector, chain, collecting, traced

from coordinator.telemetry.otel import CAPTURE_VAR, session_trace_ids

Collected = tuple[str, type[_Collector]]


@pytest.fixture
def sink() -> Iterator[Collected]:
    with collecting() as got:
        yield got


#: A key the scrubber redacts, in a request: no span may hold it, live or replayed.
SECRET = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCD"


def _value(v: AnyValue) -> Any:
    which = v.WhichOneof("value")
    if which == "array_value":
        return [_value(x) for x in v.array_value.values]
    return getattr(v, which)


def _attrs(kvs: Any) -> dict[str, Any]:
    return {kv.key: _value(kv.value) for kv in kvs}


def _plain(attrs: Any) -> dict[str, Any]:
    """Attributes as sent: a tuple as a list, a StrEnum as its text."""

    def sent(v: Any) -> Any:
        return list(v) if isinstance(v, tuple) else str(v) if isinstance(v, str) else v

    return {k: sent(v) for k, v in (attrs or {}).items()}


def received(handler: type[_Collector]) -> list[dict[str, Any]]:
    """Every span the collector got, as plain data."""
    spans = []
    for _, body in handler.posts:
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        for rs in request.resource_spans:
            for ss in rs.scope_spans:
                for s in ss.spans:
                    spans.append(
                        {
                            "trace": int.from_bytes(s.trace_id, "big"),
                            "id": int.from_bytes(s.span_id, "big"),
                            "parent": int.from_bytes(s.parent_span_id, "big") or None,
                            "name": s.name,
                            "status": s.status.code,
                            "attributes": _attrs(s.attributes),
                            "events": [(e.name, _attrs(e.attributes)) for e in s.events],
                            "links": [
                                (int.from_bytes(x.span_id, "big"), _attrs(x.attributes))
                                for x in s.links
                            ],
                            "start": s.start_time_unix_nano,
                            "end": s.end_time_unix_nano,
                            "event_times": [e.time_unix_nano for e in s.events],
                        }
                    )
    return spans


def live(spans: tuple[ReadableSpan, ...]) -> list[dict[str, Any]]:
    """The live recorder's spans, as :func:`received` gives the collector's."""
    return [
        {
            "trace": s.context.trace_id,
            "id": s.context.span_id,
            "parent": s.parent.span_id if s.parent else None,
            "name": s.name,
            "status": s.status.status_code.value,
            "attributes": _plain(s.attributes),
            "events": [(e.name, _plain(e.attributes)) for e in s.events],
            "links": [(x.context.span_id, _plain(x.attributes)) for x in s.links],
        }
        for s in spans
    ]


SHAPE = ("trace", "id", "parent", "name", "status", "attributes", "events", "links")


def shapes(spans: list[dict[str, Any]], keys: tuple[str, ...] = SHAPE) -> list[dict[str, Any]]:
    return sorted(({k: s[k] for k in keys} for s in spans), key=lambda s: (s["name"], s["id"]))


def export(db: Path, session: str, url: str, *more: str, **env: str) -> Any:
    from cli import coord

    return coord("log", session, "--db", db, "--otel-endpoint", url, *more, env=env)


async def test_a_stored_session_exports_the_spans_the_live_recorder_gave(
    tmp_path: Path, sink: Collected, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Routed, a consult, a tool call, blocked and resumed: the same spans, ids included,
    so a backend that got the live ones sees them again (content opted in both times, the
    request's key scrubbed both times)."""
    url, handler = sink
    h = Harness(tmp_path, chain())
    rec, exporter = traced(h)
    rec.capture = True
    result = await h.engine.start(f"Add a task endpoint, key {SECRET}", agent="backend")
    rec.close()
    before = live(exporter.get_finished_spans())
    h.close()

    ran = export(h.db, result.session_id, url, **{CAPTURE_VAR: "true"})
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(f"session {result.session_id}: {len(before)} spans sent to ")
    after = received(handler)
    assert shapes(after) == shapes(before)
    root = next(s for s in after if s["parent"] is None)
    assert (root["trace"], root["id"]) == session_trace_ids(result.session_id)
    assert "[redacted]" in root["attributes"]["gen_ai.input.messages"]
    assert SECRET not in str(after)


async def test_the_spans_carry_the_stored_events_times(tmp_path: Path, sink: Collected) -> None:
    """Each span starts and ends, and each span event is, when the log says (a model call's
    span: its stored time, less its milliseconds); not when the export ran."""
    url, handler = sink
    h = Harness(tmp_path, chain())
    result = await h.engine.start("Add a task endpoint", agent="backend")
    stored = h.store.events(result.session_id)
    h.close()
    assert export(h.db, result.session_id, url).returncode == 0
    ns = {e.seq: round(e.at * 1e9) for e in stored}
    by_kind = [(e.kind, ns[e.seq], e.data) for e in stored]
    spans = received(handler)
    root = next(s for s in spans if s["parent"] is None)
    assert root["start"] == by_kind[0][1]  # routed
    assert root["end"] == by_kind[-1][1]  # completed
    chats = sorted(s["end"] for s in spans if s["name"].startswith("chat "))
    calls = [(at, data["ms"]) for kind, at, data in by_kind if kind == "model_call"]
    assert chats == [at for at, _ in calls]
    assert sorted(s["start"] for s in spans if s["name"].startswith("chat ")) == sorted(
        at - ms * 1_000_000 for at, ms in calls
    )
    (backend,) = [s for s in spans if s["name"] == "invoke_agent backend"]
    blocked_at = next(at for kind, at, _ in by_kind if kind == "blocked")
    assert backend["event_times"][0] == blocked_at


def test_a_session_killed_with_9_mid_chain_exports_its_part(
    tmp_path: Path, sink: Collected
) -> None:
    """`coord run` (no tracing) killed with -9 while its second model call is in flight:
    what it stored (the run, its first call, its tool call) is a trace all the same, each
    span ended at the last stored event; the command says the session had not stopped."""
    from cli import spawn

    url, handler = sink
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "notes.txt").write_text("hello\n")
    agents = write_agents(tmp_path / "team", "backend")
    turns = [
        {"tool_calls": [{"name": "Read", "input": {"file_path": "notes.txt"}}]},
        {"hold_until": str(tmp_path / "never"), "text": report("Complete")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    proc = spawn("run", "Add a login endpoint", "--agent", "backend", "--workspace", ws,
                 "--agents-dir", agents, "--only", "--script", script)  # fmt: skip
    db = ws / ".coordinator" / "coordinator.db"
    try:
        wait_for_event(db, "kind = 'tool_result'", proc)
    finally:
        proc.kill()
        proc.communicate()
    with closing(sqlite3.connect(db)) as con:
        ((session, status),) = con.execute("SELECT id, status FROM sessions").fetchall()
        (last,) = con.execute("SELECT max(at) FROM events").fetchone()
    assert status == "running"

    ran = export(db, session, url)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.rstrip().endswith("(still running: the part so far)")
    spans = {s["name"]: s for s in received(handler)}
    assert sorted(spans) == [
        "chat claude-sonnet-5-5", "execute_tool Read", "invoke_agent backend",
        "invoke_workflow coordinator",
    ]  # fmt: skip
    root = spans["invoke_workflow coordinator"]
    assert (root["trace"], root["id"]) == session_trace_ids(session)
    assert spans["invoke_agent backend"]["parent"] == root["id"]
    assert spans["execute_tool Read"]["parent"] == spans["invoke_agent backend"]["id"]
    assert "coordinator.session.status" not in root["attributes"]  # it never said
    assert root["end"] == spans["invoke_agent backend"]["end"] == round(last * 1e9)


async def test_a_resumed_session_is_one_trace_its_resume_linked_as_live(
    tmp_path: Path, sink: Collected
) -> None:
    """Waiting, then resumed in another process: one trace of two roots, the resume's
    linked to the first (``resumes``) with the session's end; the spans as the two live
    recorders gave them, ids included (the resume's root's id derives from when its first
    event was logged, live as replayed: it was random live)."""
    url, handler = sink
    script = {
        "backend": [
            {"text": blocked("Tests", "Which test framework", "No tests yet")},
            {"expect": "A person answered", "text": report("Complete", "Done")},
        ]
    }
    h = Harness(tmp_path, script)
    rec, first = traced(h)
    waiting = await h.engine.start("Add an endpoint", agent="backend")
    rec.close()
    rec2, second = traced(h)
    await h.engine.resume(waiting.session_id, context="Use pytest.")
    rec2.close()
    h.close()
    before = live(first.get_finished_spans()) + live(second.get_finished_spans())

    assert export(h.db, waiting.session_id, url).returncode == 0
    after = received(handler)
    assert len({s["trace"] for s in after}) == 1
    roots = sorted((s for s in after if s["parent"] is None), key=lambda s: s["start"])
    assert [r["attributes"]["coordinator.session.status"] for r in roots] == [
        "waiting", "complete",
    ]  # fmt: skip
    assert roots[1]["links"] == [(roots[0]["id"], {"coordinator.link": "resumes"})]
    assert roots[1]["attributes"]["coordinator.resumed"] is True
    assert shapes(after) == shapes(before)


async def test_bad_input_is_one_line_and_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unknown session, nothing listening at the endpoint, the otel extra missing: one
    line each, a non-zero exit, no traceback."""
    import socket

    from cli import coord

    h = Harness(tmp_path, {"backend": [{"text": report("Complete")}]})
    done = await h.engine.start("Add an endpoint", agent="backend")
    h.close()
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    refused = export(h.db, done.session_id, f"http://127.0.0.1:{port}")
    assert refused.returncode != 0
    assert refused.stderr.count("\n") <= 2 and "Traceback" not in refused.stderr
    assert "traces not sent" in refused.stderr and "connection refused" in refused.stderr
    unknown = coord("log", "nosuchsession", "--db", h.db, "--otel")
    assert unknown.returncode != 0 and "Traceback" not in unknown.stderr
    monkeypatch.setitem(sys.modules, "coordinator.telemetry.otel", None)  # not installed
    missing = export(h.db, done.session_id, f"http://127.0.0.1:{port}")
    assert missing.returncode != 0
    assert "needs the otel extra" in missing.stderr and "Traceback" not in missing.stderr


async def test_coord_log_imports_opentelemetry_only_with_otel(
    tmp_path: Path, sink: Collected
) -> None:
    """`coord log SESSION` stays light (no OpenTelemetry SDK or exporter, nor our tracing
    module); `--otel` brings them in, and sends."""
    from cli import coord_probe
    from test_otel import otel_modules

    url, handler = sink
    h = Harness(tmp_path, {"backend": [{"text": report("Complete")}]})
    done = await h.engine.start("Add an endpoint", agent="backend")
    h.close()
    shown = coord_probe("log", done.session_id, "--db", h.db)
    assert shown.returncode == 0, shown.stderr
    assert not otel_modules(shown.modules)
    sent = coord_probe("log", done.session_id, "--db", h.db, "--otel-endpoint", url)
    assert sent.returncode == 0, sent.stderr
    assert "coordinator.telemetry.otel" in sent.modules and handler.posts


def test_an_answer_through_a_userpromptsubmit_hook_exports_the_resume_as_live(
    tmp_path: Path, sink: Collected
) -> None:
    """`coord resume --context` through a UserPromptSubmit hook: the hook's run is logged
    before ``session_resumed``, in the resuming process. Exported, each process is one
    workflow span, as live: the answer refused (its hook and ``answer_refused``), then
    the one taken (its hook and ``session_resumed`` together, not an empty span ended at
    ``session_resumed``, nor the refused process's span taking the next one's hook)."""
    from cli import coord
    from test_hooks7_resume import user_hooks

    url, handler = sink
    user_hooks(tmp_path / "hook.log")
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    turns = [
        {"expect": "ctx: ticket-42", "text": blocked("Tests", "test plan")},
        {"expect": "ctx: ticket-42", "text": report("Complete", "Done")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    args = ["--workspace", ws, "--agents-dir", agents, "--only", "--provider", "scripted",
            "--script", script, "--otel"]  # fmt: skip
    with collecting() as (live_url, live_handler):
        env = {"OTEL_EXPORTER_OTLP_ENDPOINT": live_url}
        first = coord("run", "Add tasks", "--agent", "backend", "--json", *args, env=env)
        sid = json.loads(first.stdout)["session"]
        refused = coord("resume", sid, "--context", "the secret is 42", *args, env=env)
        assert refused.returncode == 4, refused.stderr
        second = coord("resume", sid, "--context", "Use pytest", *args, env=env)
        assert second.returncode == 0, second.stderr
    before = received(live_handler)

    assert export(ws / ".coordinator" / "coordinator.db", sid, url).returncode == 0
    after = received(handler)
    assert len([s for s in after if s["parent"] is None]) == 3
    assert shapes(after) == shapes(before)  # ids included: a backend keeps one copy


@pytest.mark.parametrize(
    "url", ["http://u:pw-1234secret@[::1", "ftp://127.0.0.1:4318", "localhost:4318", ""]
)
async def test_an_endpoint_that_is_no_http_url_is_one_line_naming_it(
    tmp_path: Path, url: str
) -> None:
    """`--otel-endpoint` that is no http(s) URL with a host: one line naming the option and
    the URL (its password masked), nothing sent, no traceback (an unclosed IPv6 bracket
    was Python's ValueError; another scheme, a send failing as if nothing listened)."""
    h = Harness(tmp_path, {"backend": [{"text": report("Complete")}]})
    done = await h.engine.start("Add an endpoint", agent="backend")
    h.close()
    ran = export(h.db, done.session_id, url)
    assert ran.returncode != 0 and "Traceback" not in ran.stderr
    assert "--otel-endpoint: not an http(s) URL" in ran.stderr
    assert "traces not sent" not in ran.stderr and "pw-1234secret" not in ran.stderr


async def test_a_stored_payload_that_does_not_fit_its_kind_is_one_line_nothing_sent(
    tmp_path: Path, sink: Collected
) -> None:
    """A log entry whose field holds what its type cannot (a model call's ``ms`` null, as
    an edited or foreign store may hold): one line naming the session, the entry and the
    field, a non-zero exit, no span sent (was a TypeError traceback mid-replay)."""
    url, handler = sink
    h = Harness(tmp_path, {"backend": [{"text": report("Complete")}]})
    done = await h.engine.start("Add an endpoint", agent="backend")
    h.close()
    with closing(sqlite3.connect(h.db)) as con, con:
        ((seq,),) = con.execute("SELECT seq FROM events WHERE kind = 'model_call'")
        con.execute("UPDATE events SET data = json_set(data, '$[5]', json('null')) WHERE seq = ?",
                    (seq,))  # fmt: skip
    ran = export(h.db, done.session_id, url)
    assert ran.returncode != 0 and "Traceback" not in ran.stderr
    assert f"session {done.session_id}: event {seq} (model_call) does not fit" in ran.stderr
    assert "'ms' is null, not int; nothing sent" in ran.stderr
    assert not handler.posts


async def test_a_refused_endpoint_with_a_key_is_said_short_naming_the_option(
    tmp_path: Path,
) -> None:
    """`--otel-endpoint` with a key in its query, nothing listening: the line names the
    reason in two words, as for a URL with no key (the scrubbed exception's text was the
    reason: a whole urllib3 message), the key masked, and the option that set where it
    went (not OTEL_EXPORTER_OTLP_ENDPOINT, which the user never set)."""
    import socket

    h = Harness(tmp_path, {"backend": [{"text": report("Complete")}]})
    done = await h.engine.start("Add an endpoint", agent="backend")
    h.close()
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ran = export(h.db, done.session_id, f"http://127.0.0.1:{port}/?api_key=k3y-r92-secret")
    assert ran.returncode != 0
    assert f"http://127.0.0.1:{port}/v1/traces?api_key=*** were dropped (connection refused)" in (
        ran.stderr
    )
    assert "(--otel-endpoint sets where)" in ran.stderr and "k3y-r92" not in ran.stderr


def test_a_session_killed_then_resumed_exports_the_ids_the_resume_sent_live(
    tmp_path: Path, sink: Collected
) -> None:
    """`coord run` (no tracing) killed with -9 mid-chain, then `coord resume --otel` to a
    collector: exported from the store afterwards, the resumed process's spans are the
    ones that collector got live, ids included (its workflow span's was random live: a
    backend that got both kept two copies); the killed process's part comes too."""
    from cli import coord, spawn

    url, handler = sink
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "notes.txt").write_text("hello\n")
    agents = write_agents(tmp_path / "team", "backend")
    turns = [
        {"tool_calls": [{"name": "Read", "input": {"file_path": "notes.txt"}}]},
        {"hold_until": str(tmp_path / "go"), "text": report("Complete")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    flags = ("--workspace", ws, "--agents-dir", agents, "--only", "--script", script)
    proc = spawn("run", "Add a login endpoint", "--agent", "backend", *flags)
    db = ws / ".coordinator" / "coordinator.db"
    try:
        wait_for_event(db, "kind = 'tool_result'", proc)
    finally:
        proc.kill()
        proc.communicate()
    with closing(sqlite3.connect(db)) as con:
        ((session,),) = con.execute("SELECT id FROM sessions").fetchall()
    (tmp_path / "go").write_text("")
    with collecting() as (live_url, live_handler):
        env = {"OTEL_EXPORTER_OTLP_ENDPOINT": live_url}
        resumed = coord("resume", session, *flags, "--otel", env=env)
        assert resumed.returncode == 0, resumed.stderr
    before = received(live_handler)

    assert export(db, session, url).returncode == 0
    after = received(handler)
    (root,) = [s for s in before if s["parent"] is None]
    assert root["attributes"]["coordinator.resumed"] is True
    sent_live = {s["id"] for s in before}
    assert shapes([s for s in after if s["id"] in sent_live]) == shapes(before)
    assert len([s for s in after if s["parent"] is None]) == 2  # the killed part, the resume
