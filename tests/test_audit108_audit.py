"""What an auditor reads of one hard chain in the three views (audit108): ``coord log``'s
tree, ``coord log --json`` and the trace (live, and ``coord log --otel``'s replay). The
chain: a root run whose calls are refused by a settings rule and by a blocking PreToolUse
hook, a Bash command, a forked skill's sub-agent, a consult by domain, a question a person
answers (``--as``), the resuming process killed with -9 mid-step and resumed again.

Each view names the process that started the session (``routed.process``), the workflow
span names its provider (``gen_ai.provider.name``: Required on the ``invoke_agent``
internal span the workflow span is since GenAI semconv v0.1.0), the views count the same
calls, tokens, cost and refusals, and docs/traces.md names every attribute and span event
the trace carries (as docs/log-json.md names every ``--json`` field both ways)."""

from __future__ import annotations

import json
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from kit import blocked, needs_bwrap, report, wait_for_file, workspace, write_script

pytest.importorskip("opentelemetry.sdk")

from test_otel import collecting
from test_otel_replay import received

from coordinator import events as ev
from coordinator.store.rows import current_event_fields

DOCS = Path(__file__).resolve().parent.parent / "docs"
PERSON = "Ada Lovelace <ada@example.org>"
BACKEND = (
    "---\nname: backend\ndescription: Builds the backend.\n"
    "tools: Read, Write, Edit, Glob, Bash, Skill\n---\nYou build things.\n"
)
DBA = "---\nname: dba\ndescription: Database schemas.\ndomain: Database\ntools: Write\n---\nSQL.\n"
SKILL = (
    "---\nname: summarize\ndescription: Summarize the workspace\ncontext: fork\n---\n"
    "SUMMARIZE-SKILL: list the files.\n"
)
HOOK = 'case "$(cat)" in *blocked.txt*) echo "no writes to blocked.txt" >&2; exit 2;; esac\n'
TASK = "build the thing"


def _write(path: str, name: str) -> dict[str, Any]:
    return {"name": "Write", "input": {"file_path": path, "content": f"{name}\n"}}


def _script(gate: Path) -> dict[str, list[dict[str, Any]]]:
    first = [
        _write("a.txt", "a"),
        _write("secret.txt", "s"),  # refused by the settings' deny rule
        _write("blocked.txt", "b"),  # refused by the PreToolUse hook
        {"name": "Bash", "input": {"command": "echo hi > b.txt"}},
        {"name": "Skill", "input": {"skill": "summarize"}},
    ]
    edit = {"name": "Edit", "input": {"file_path": "a.txt", "old_string": "a", "new_string": "A"}}
    root = [
        {"tool_calls": first},
        {"text": blocked("Database", "the users table schema")},
        {"tool_calls": [edit]},
        {"text": blocked("Product", "which plan name the page shows")},
        {"expect": "Pro", "tool_calls": [_write("c.txt", "c")]},
        {"hold_until": str(gate), "text": report("Complete", "Done")},
    ]
    fork = [
        {"tool_calls": [{"name": "Glob", "input": {"pattern": "*"}}]},
        {"text": report("Complete", "Two files")},
    ]
    return {
        "backend": [{**t, "when": TASK} for t in root]
        + [{**t, "when": "SUMMARIZE-SKILL"} for t in fork],
        "dba": [{"tool_calls": [_write("schema.sql", "users")]}, {"text": report("Complete")}],
    }


def _team(tmp_path: Path) -> tuple[Path, Path]:
    """The workspace (a deny rule, a blocking hook, a forking skill) and the agents."""
    ws = workspace(tmp_path)
    claude = ws / ".claude"
    (claude / "skills" / "summarize").mkdir(parents=True)
    (claude / "skills" / "summarize" / "SKILL.md").write_text(SKILL, encoding="utf-8")
    (claude / "block.sh").write_text(HOOK, encoding="utf-8")
    hook = {"type": "command", "command": 'sh "$CLAUDE_PROJECT_DIR/.claude/block.sh"'}
    settings = {
        "permissions": {"deny": ["Write(secret.txt)"]},
        "hooks": {"PreToolUse": [{"matcher": "Write", "hooks": [hook]}]},
    }
    (claude / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND, encoding="utf-8")
    (agents / "dba.md").write_text(DBA, encoding="utf-8")
    return ws, agents


@dataclass
class Chain:
    """The chain's session: its id, ``--json``, tree, live and replayed spans."""

    sid: str
    data: dict[str, Any]
    tree: str
    live: list[dict[str, Any]]
    replayed: list[dict[str, Any]]
    #: ``host:pid`` of the process that ran ``coord run`` and the last resume (this one:
    #: in-process), and of the resume killed mid-step
    started_by: str
    killed: str


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    tmp_path = tmp_path_factory.mktemp("chain")
    ws, agents = _team(tmp_path)
    gate = tmp_path / "gate"
    common = ["--db", str(tmp_path / "s.db")]
    script = write_script(tmp_path / "script.yaml", _script(gate))
    with collecting() as (url, handler):
        env = {"OTEL_EXPORTER_OTLP_ENDPOINT": url}
        ran = coord(
            "run", TASK, "--agent", "backend", "--agents-dir", agents, "--only", "--script",
            script, "--workspace", ws, "--allow-bash", "--json", *common, env=env,
        )  # fmt: skip
        assert ran.returncode == 3, ran.stderr
        sid = str(json.loads(ran.stdout)["session"])
        answering = spawn("resume", sid, "--context", "Pro", "--as", PERSON, *common, env=env)
        try:  # killed with -9 while its last model call is in flight
            wait_for_file(gate.with_name("gate.held"), answering)
        finally:
            answering.kill()
            answering.communicate()
        gate.touch()
        done = coord("resume", sid, *common, env=env)
        assert done.returncode == 0, done.stderr
        live = received(handler)
    with collecting() as (url, handler):
        sent = coord("log", sid, *common, "--otel-endpoint", url)
        assert sent.returncode == 0, sent.stderr
        replayed = received(handler)
    data = json.loads(coord("log", sid, "--json", *common).stdout)
    tree = coord("log", sid, *common, env={"COLUMNS": "400"}).stdout
    here = f"{socket.gethostname()}:{os.getpid()}"
    killed = f"{socket.gethostname()}:{answering.pid}"
    return Chain(sid, data, tree, live, replayed, here, killed)


def _events(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in data["events"] if e["kind"] == kind]


def _workflows(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for s in spans if s["name"].startswith("invoke_workflow")]


def _span_events(spans: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [attrs for s in spans for n, attrs in s["events"] if n == name]


# ---- which process ran each part ------------------------------------------------------


@needs_bwrap
def test_the_process_that_started_the_session_is_in_its_log_and_trace(chain: Chain) -> None:
    (routed,) = _events(chain.data, "routed")
    assert routed["process"] == chain.started_by
    resumes = [e["process"] for e in _events(chain.data, "session_resumed")]
    assert resumes == [chain.killed, chain.started_by]
    for spans in (chain.live, chain.replayed):
        (told,) = _span_events(spans, "routed")
        assert told["coordinator.process"] == chain.started_by
    said = [a["coordinator.process"] for a in _span_events(chain.replayed, "session_resumed")]
    assert said == resumes  # the killed process's part too, replayed


def test_a_routed_event_stored_before_reads_its_process_as_null() -> None:
    old = {"request": "r", "agent": "a", "score": 0.0, "matched": [], "reason": "--agent"}
    assert current_event_fields("routed", old)["process"] is None
    event = ev.stored_event("s", None, "routed", old)
    assert isinstance(event, ev.Routed) and event.process == ""


# ---- the workflow span as the conventions now ask -------------------------------------


@needs_bwrap
def test_every_workflow_span_names_its_provider(chain: Chain) -> None:
    assert len(_workflows(chain.live)) == 2  # the killed process sent none
    assert len(_workflows(chain.replayed)) == 3
    for span in _workflows(chain.live) + _workflows(chain.replayed):
        assert span["attributes"]["gen_ai.provider.name"] == "scripted"
    providers = {e["provider"] for e in _events(chain.data, "model_call")}
    assert providers == {"scripted"}


@needs_bwrap
def test_the_workflow_spans_add_up_to_the_sessions_tokens_as_to_its_cost(chain: Chain) -> None:
    """The workflow span is an ``invoke_agent`` internal span (semconv v0.1.0), whose
    ``gen_ai.usage.*`` are Recommended: each process's part, adding up to ``coord log``'s."""
    spans = _workflows(chain.replayed)
    usage = [
        s["attributes"]["gen_ai.usage.input_tokens"] + s["attributes"]["gen_ai.usage.output_tokens"]
        for s in spans
    ]
    assert sum(usage) == chain.data["tokens"] and all(usage)
    reads = sum(s["attributes"]["gen_ai.usage.cache_read.input_tokens"] for s in spans)
    assert reads == sum(e["cache_read_tokens"] for e in _events(chain.data, "model_call"))
    for span in _workflows(chain.live):  # live, the two processes that ended
        assert span["attributes"]["gen_ai.usage.output_tokens"] > 0


# ---- the three views agree ------------------------------------------------------------


@needs_bwrap
def test_the_views_count_the_same_calls_tokens_cost_and_refusals(chain: Chain) -> None:
    """A guard (passes on the start tree too): each model call a chat span with its id,
    tokens and cost summing to the session's, each refusal a span saying what refused it."""
    data, spans = chain.data, chain.replayed
    calls = _events(data, "model_call")
    chats = [s for s in spans if s["name"].startswith("chat ")]
    assert sorted(e["response_id"] for e in calls) == sorted(
        s["attributes"]["gen_ai.response.id"] for s in chats
    )
    tokens = sum(
        s["attributes"]["gen_ai.usage.input_tokens"] + s["attributes"]["gen_ai.usage.output_tokens"]
        for s in chats
    )
    assert tokens == data["tokens"]
    cost = sum(s["attributes"]["coordinator.cost_usd"] for s in _workflows(spans))
    assert round(cost, 6) == data["cost_usd"]
    refused = {e["tool_use_id"]: e for e in _events(data, "tool_refused")}
    assert [r["by"] for r in refused.values()] == ["settings deny", "PreToolUse hook"]
    on_spans = {
        s["attributes"]["gen_ai.tool.call.id"]: s["attributes"]
        for s in spans
        if s["attributes"].get("error.type") == "tool_refused"
    }
    assert {k: (v["by"], v["rule"]) for k, v in refused.items()} == {
        k: (a["coordinator.refused_by"], a["coordinator.refused_rule"]) for k, a in on_spans.items()
    }
    assert [r["tool_use_id"] for r in data["chain"]["refused"]] == list(refused)
    assert "refused: Write secret.txt" in chain.tree and "refused: Write blocked.txt" in chain.tree
    (answered,) = [e for e in _events(data, "resumed") if e["answered_by"] == "person"]
    assert answered["person"] == PERSON and PERSON in chain.tree


# ---- the docs name what is emitted ----------------------------------------------------


def _named(doc: str, key: str) -> bool:
    """Whether docs/traces.md names ``key``: as written, or a ``coordinator.`` span
    event attribute by its name in the events table."""
    return f"`{key}`" in doc or f"`{key.removeprefix('coordinator.')}`" in _events_table(doc)


def _events_table(doc: str) -> str:
    return doc[doc.index("| span event | on |") :]


@needs_bwrap
def test_docs_traces_names_every_attribute_and_span_event_emitted(chain: Chain) -> None:
    doc = (DOCS / "traces.md").read_text(encoding="utf-8")
    table = doc[doc.index("## Every span, attribute and span event") :]
    spans = chain.live + chain.replayed
    keys = {k for s in spans for k in s["attributes"]}
    keys |= {k for s in spans for _, attrs in s["links"] for k in attrs}
    assert sorted(k for k in keys if f"`{k}`" not in table) == []
    names = {n for s in spans for n, _ in s["events"]}
    assert sorted(n for n in names if f"`{n}`" not in _events_table(table)) == []
    event_keys = {k for s in spans for _, attrs in s["events"] for k in attrs}
    assert sorted(k for k in event_keys if not _named(table, k)) == []
    for span in {s["name"].split(" ")[0] for s in spans}:
        assert re.search(rf"\| `{span} ", table), span


@needs_bwrap
def test_each_field_of_a_refused_entry_is_emitted_as_its_row_names_it(chain: Chain) -> None:
    """Both ways: the ``refused`` row named an ``agent`` no entry has."""
    doc = (DOCS / "log-json.md").read_text(encoding="utf-8")
    (row,) = [line for line in doc.splitlines() if line.startswith("| `refused` |")]
    named = re.findall(r"`([a-z_]+)`", row.split("|")[2])
    for entry in chain.data["chain"]["refused"]:
        assert named == list(entry)


@needs_bwrap
def test_a_session_resumed_twice_counts_each_process_s_calls_once_live(chain: Chain) -> None:
    """review123: each live workflow span carries only its own process's usage (a resumed
    process does not count again what the processes before it spent): the two live spans
    are two of the three replayed ones, whose sum is the session's tokens."""

    def usage(span: dict[str, Any]) -> tuple[int, int, int, float]:
        a = span["attributes"]
        tokens = (a["gen_ai.usage.input_tokens"], a["gen_ai.usage.output_tokens"])
        return (*tokens, a["gen_ai.usage.cache_read.input_tokens"], a["coordinator.cost_usd"])

    replayed = [usage(s) for s in _workflows(chain.replayed)]
    live = [usage(s) for s in _workflows(chain.live)]
    assert sum(u[0] + u[1] for u in replayed) == chain.data["tokens"]
    for part in live:
        assert part in replayed
        replayed.remove(part)
    assert len(replayed) == 1  # the killed process's part, sent by no live exporter
