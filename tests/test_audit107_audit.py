"""What an auditor reads in the three views of one session (audit107): ``coord log``'s tree,
``coord log --json`` and its trace (``coord log --otel``, the live recorder's spans). Each
names the same things: who answered a question and which process resumed the session, how
a consultant was chosen, each run by its id, a refused call's input (in spans only with the
content opt-in), every secret scrubbed; the spans as the GenAI conventions now name them
(``gen_ai.agent.name`` on the workflow span, no ``gen_ai.agent.id`` on an in-process agent's);
docs/log-json.md naming each field of a run's ``refused`` and ``questions`` entries."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import Harness, blocked, needs_bwrap, needs_mcp, report, workspace, write_script

pytest.importorskip("opentelemetry.sdk")

from test_otel import collecting
from test_otel_replay import Collected, received

from coordinator import events as ev
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.telemetry.otel import CAPTURE_VAR

AGENT = "---\nname: ops\ndescription: Runs commands.\ntools: Write, Glob\n---\nYou run commands.\n"
#: A key the scrubber redacts, in a tool call's input: no view may hold it.
SECRET = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCD"
SCRIPT = {
    "ops": [
        {
            "tool_calls": [
                {"name": "Write", "input": {"file_path": "secret.txt", "content": "x"}},
                {"name": "Glob", "input": {"pattern": f"**/{SECRET}*"}},
            ]
        },
        {"text": blocked("Product", "Which plan name the page shows")},
        {"expect": "Pro", "text": report("Complete", "Named it")},
    ]
}
PERSON = "Ada Lovelace <ada@example.org>"
FIXTURE = Path(__file__).resolve().parent / "mcp_fixture_server.py"


@pytest.fixture
def sink() -> Iterator[Collected]:
    """A loopback OTLP/HTTP collector: its URL and what it got."""
    with collecting() as got:
        yield got


def _session(tmp_path: Path) -> tuple[str, list[str], dict[str, Any], str]:
    """A session of ``ops`` (one call refused by the workspace's settings, one whose input
    holds SECRET) blocked for a person, then answered ``--as`` PERSON: its id, ``--db``
    args, ``coord log --json`` and tree."""
    ws = workspace(tmp_path)
    (ws / ".claude").mkdir()
    deny = {"permissions": {"deny": ["Write(secret.txt)"]}}
    (ws / ".claude" / "settings.json").write_text(json.dumps(deny), encoding="utf-8")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(AGENT, encoding="utf-8")
    common = ["--db", str(tmp_path / "s.db")]
    ran = coord(
        "run", "name the plan", "--agent", "ops", "--agents-dir", agents, "--only",
        "--script", write_script(tmp_path / "script.yaml", SCRIPT), "--workspace", ws,
        "--json", *common,
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    sid = str(json.loads(ran.stdout)["session"])
    done = coord("resume", sid, "--context", "Pro", "--as", PERSON, "--workspace", ws, *common)
    assert done.returncode == 0, done.stderr
    data = json.loads(coord("log", sid, "--json", *common).stdout)
    tree = coord("log", sid, *common, env={"COLUMNS": "300"}).stdout
    return sid, common, data, tree


def _exported(tmp_path: Path, sink: Collected, **env: str) -> tuple[dict[str, Any], str, Any]:
    """The session's ``--json``, tree and the spans ``coord log --otel`` sent."""
    sid, common, data, tree = _session(tmp_path)
    url, handler = sink
    sent = coord("log", sid, *common, "--otel-endpoint", url, env=env)
    assert sent.returncode == 0, sent.stderr
    return data, tree, received(handler)


def _event(data: dict[str, Any], kind: str) -> dict[str, Any]:
    (found,) = [e for e in data["events"] if e["kind"] == kind]
    return found


def _span_events(spans: Any, name: str) -> list[dict[str, Any]]:
    return [attrs for s in spans for n, attrs in s["events"] if n == name]


def test_who_answered_and_which_process_resumed_are_in_every_view(
    tmp_path: Path, sink: Collected
) -> None:
    data, tree, spans = _exported(tmp_path, sink)
    resumed = _event(data, "resumed")
    process = _event(data, "session_resumed")["process"]
    assert resumed["person"] == PERSON and re.fullmatch(r".+:\d+", process)
    assert PERSON in tree
    (told,) = _span_events(spans, "resumed")
    # the person (a name and email) only with the content opt-in (review119)
    assert told == {"coordinator.answered_by": "person"}
    (taken,) = _span_events(spans, "session_resumed")
    assert taken["coordinator.process"] == process
    assert "Pro" not in json.dumps(told)  # the answer is content: never on a span


def test_spans_name_the_workflow_and_runs_as_the_conventions_now_do(
    tmp_path: Path, sink: Collected
) -> None:
    data, _, spans = _exported(tmp_path, sink)
    flows = [s["attributes"] for s in spans if s["name"] == "invoke_workflow coordinator"]
    assert len(flows) == 2  # the first process's and the resuming one's
    assert all(a["gen_ai.agent.name"] == "coordinator" for a in flows)
    assert all("gen_ai.workflow.name" not in a for a in flows)
    agents = [s["attributes"] for s in spans if s["name"] == "invoke_agent ops"]
    assert [a["coordinator.run.id"] for a in agents] == [data["chain"]["run"]] * 2
    assert all("gen_ai.agent.id" not in s["attributes"] for s in spans)


def test_a_refused_calls_input_is_on_its_span_with_the_content_opt_in(
    tmp_path: Path, sink: Collected
) -> None:
    data, tree, spans = _exported(tmp_path, sink, **{CAPTURE_VAR: "true"})
    (refused,) = data["chain"]["refused"]
    (span,) = [s for s in spans if s["name"] == "execute_tool Write"]
    assert span["attributes"]["coordinator.input_summary"] == refused["input_summary"]
    assert span["attributes"]["coordinator.refused_rule"] == refused["rule"]
    assert f"refused: Write {refused['input_summary']}" in tree
    (glob,) = [s for s in spans if s["name"] == "execute_tool Glob"]
    assert (
        glob["attributes"]["coordinator.input_summary"]
        == _event(data, "tool_call")["input_summary"]
    )
    assert "[redacted]" in glob["attributes"]["coordinator.input_summary"]
    assert SECRET not in json.dumps(spans) + json.dumps(data) + tree


def test_without_the_opt_in_no_span_holds_a_calls_input(tmp_path: Path, sink: Collected) -> None:
    _, _, spans = _exported(tmp_path, sink)
    tools = [s for s in spans if s["name"].startswith("execute_tool ")]
    assert len(tools) == 2
    assert all("coordinator.input_summary" not in s["attributes"] for s in tools)


# ---- how the consultant was chosen --------------------------------------------------------

RANKED = {
    "ops": [
        {"text": blocked("Database", "The columns of the users table")},
        {"expect": "[coordinator:resume]", "text": report("Complete", "Done")},
    ],
    "dba": [{"text": report("Complete", "users has id and email")}],
}


async def test_the_consult_span_event_says_how_its_consultant_was_chosen(tmp_path: Path) -> None:
    from test_otel import traced

    specs = [
        AgentSpec(name="ops", description="Runs commands.", domain="devops", body="Ops."),
        AgentSpec(name="dba", description="Knows the users table and its columns.",
                  domain="database", body="DBA."),
        AgentSpec(name="reports", description="Builds sales dashboards.", domain="database",
                  body="Reports."),
    ]  # fmt: skip
    h = Harness(tmp_path, RANKED, registry=Registry(specs))
    rec, exporter = traced(h)
    result = await h.engine.start("Check the users", agent="ops")
    rec.close()
    (started,) = [e for e in h.events if isinstance(e, ev.ConsultChosen)]
    assert [e.kind for e in h.store.events(result.session_id)].count("consult_started") == 1
    (agent,) = [s for s in exporter.get_finished_spans() if s.name == "invoke_agent ops"]
    (consult,) = [dict(e.attributes or {}) for e in agent.events if e.name == "consult"]
    assert started.chosen and started.why
    assert consult == {
        "coordinator.consultant": "dba",
        "coordinator.domain": "database",
        "coordinator.child_run": started.child_run,
        "coordinator.chosen": started.chosen,
        "coordinator.why": started.why,
        "coordinator.matched": tuple(started.matched),
    }
    (child,) = [s for s in exporter.get_finished_spans() if s.name == "invoke_agent dba"]
    assert (child.attributes or {})["coordinator.run.id"] == started.child_run
    h.close()


# ---- docs/log-json.md: each entry's own fields -------------------------------------------

DOC = Path(__file__).resolve().parents[1] / "docs" / "log-json.md"


def _row(key: str) -> str:
    """The line of docs/log-json.md's run table that documents ``key``."""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"| `{key}` |"):
            return line
    raise AssertionError(f"{key} has no row")


def test_each_field_of_a_refused_entry_is_named_in_its_row(tmp_path: Path) -> None:
    data = _session(tmp_path)[2]
    (refused,) = data["chain"]["refused"]
    row = _row("refused")
    assert [k for k in refused if f"`{k}`" not in row] == []


def test_each_field_of_a_question_is_named_in_its_paragraph(tmp_path: Path) -> None:
    data = _session(tmp_path)[2]
    (question,) = data["chain"]["questions"]
    text = DOC.read_text(encoding="utf-8")
    para = text[text.index("A question: ") : text.index("## Events")]
    assert [k for k in question if f"`{k}`" not in para] == []


# ---- what the tree notes under a run: MCP servers, the files Bash changed, warnings ------


def _notes(spans: Any, agent: str) -> dict[str, dict[str, Any]]:
    """The span events of ``invoke_agent {agent}`` named as the tree's notes' log events."""
    (span,) = [s for s in spans if s.name == f"invoke_agent {agent}"]
    return {e.name: dict(e.attributes or {}) for e in span.events}


@needs_mcp
@pytest.mark.xdist_group("mcp")
async def test_a_runs_mcp_servers_and_their_problems_are_on_its_span(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_otel import traced

    key = "a107-query-key-0001"
    monkeypatch.setenv("A107_QUERY_KEY", key)
    srv = {"command": sys.executable, "args": [str(FIXTURE)]}
    gone = {"type": "http", "url": "http://127.0.0.1:9/mcp?api_key=${A107_QUERY_KEY}"}
    home = Path(os.environ["HOME"])
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"srv": srv, "gone": gone}}))
    spec = AgentSpec(name="backend", description="backend", domain="backend", body="B.",
                     extra={"mcpServers": ["srv", "gone"]})  # fmt: skip
    h = Harness(tmp_path, {"backend": [{"text": report("Complete")}]}, registry=Registry([spec]))
    rec, exporter = traced(h)
    result = await h.engine.start("who are you", agent="backend")
    rec.close()
    (logged,) = [e.data for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
    told = _notes(exporter.get_finished_spans(), "backend")["mcp_servers"]
    assert list(told["coordinator.servers"]) == logged["servers"] == ["srv", "gone"]
    assert list(told["coordinator.tools"]) == logged["tools"] and logged["tools"]
    assert list(told["coordinator.problems"]) == logged["problems"] and logged["problems"]
    assert list(told["coordinator.sources"]) == [f"{k}: {v}" for k, v in logged["sources"].items()]
    assert key not in json.dumps(told)
    h.close()


@needs_bwrap
async def test_the_files_a_bash_command_changed_are_on_its_runs_span(tmp_path: Path) -> None:
    from test_otel import traced

    spec = AgentSpec(name="ops", description="devops", domain="devops", tools=["Bash"],
                     body="You are ops.")  # fmt: skip
    bash = {"name": "Bash", "input": {"command": "echo x > made.txt"}, "id": "toolu_made"}
    script = {"ops": [{"tool_calls": [bash]}, {"text": report("Complete")}]}
    h = Harness(tmp_path, script, registry=Registry([spec]), allow_bash=True)
    rec, exporter = traced(h)
    result = await h.engine.start("Make the file", agent="ops")
    rec.close()
    (logged,) = [e.data for e in h.store.events(result.session_id) if e.kind == "bash_changed"]
    assert logged["files"] == [["made.txt", "created"]]
    told = _notes(exporter.get_finished_spans(), "ops")["bash_changed"]
    assert told == {"coordinator.tool_use_id": "toolu_made",
                    "coordinator.files": ("created: made.txt",)}  # fmt: skip
    h.close()


async def test_bash_off_is_a_warning_on_the_runs_span(tmp_path: Path) -> None:
    from test_otel import traced

    spec = AgentSpec(name="ops", description="devops", domain="devops", tools=["Bash"],
                     body="You are ops.")  # fmt: skip
    bash = {"name": "Bash", "input": {"command": "make"}, "id": "toolu_make"}
    script = {"ops": [{"tool_calls": [bash]}, {"text": report("Complete")}]}
    h = Harness(tmp_path, script, registry=Registry([spec]))
    rec, exporter = traced(h)
    result = await h.engine.start("Build it", agent="ops")
    rec.close()
    (logged,) = [e.data for e in h.store.events(result.session_id) if e.kind == "bash_off"]
    told = _notes(exporter.get_finished_spans(), "ops")["bash_off"]
    assert told == {"coordinator.note": logged["note"]}
    h.close()
