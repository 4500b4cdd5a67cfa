"""What an auditor holding only the store can answer of one chain (audit113), in ``coord
log``'s tree, ``--json`` and the trace ``coord log --otel`` rebuilds. The chain: a root run
that writes, edits and runs a failing Bash command (an API key in it), has one call refused
by a settings rule and one by a PreToolUse hook, calls a real stdio MCP server's tool,
consults a specialist, waits for a person (``coord resume --context --as``), then stops at
a spent budget and is resumed with a raised one.

What the store did not say before: which limit a budget wait hit (the tree said nothing of
the wait nor of the process that resumed after it), which tool call made each change to a
file, each Bash command with its exit code but by pairing raw events, and the scripted
provider's message ids repeated in each resuming process.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, needs_bwrap, needs_mcp, report, workspace, write_script

from coordinator.event_kinds import EventKind
from coordinator.status import WaitReason
from coordinator.store.resumes import resumed_line
from coordinator.store.rows import EventRow, current_event_fields

pytest.importorskip("opentelemetry.sdk")

from test_otel import collecting
from test_otel_replay import received

KEY = "sk-ant-api03-AUDIT113CANARYxyzxyzxyzxyzxyzxyzxyzxyzxyzxyz-AAAAAAAA"
PERSON = "Ada Lovelace <ada@example.org>"
FIXTURE = Path(__file__).resolve().parent / "mcp_fixture_server.py"
BACKEND = (
    "---\nname: backend\ndescription: Builds the backend.\n"
    "tools: Read, Write, Edit, Bash, mcp__srv__add\nmcpServers: [srv]\n---\nYou build things.\n"
)
DBA = "---\nname: dba\ndescription: Database schemas.\ndomain: Database\ntools: Write\n---\nSQL.\n"
HOOK = 'case "$(cat)" in *blocked.txt*) echo "no writes to blocked.txt" >&2; exit 2;; esac\n'
COMMAND = f"echo hi > b.txt; echo {KEY} > k.txt; ls nope"


def _write(path: str) -> dict[str, Any]:
    return {"name": "Write", "input": {"file_path": path, "content": f"{path}\n"}}


def _script() -> dict[str, list[dict[str, Any]]]:
    first = [
        _write("a.txt"),
        _write("secret.txt"),  # refused by the settings' deny rule
        _write("blocked.txt"),  # refused by the PreToolUse hook
        {"name": "Bash", "input": {"command": COMMAND}},
        {"name": "mcp__srv__add", "input": {"a": 2, "b": 3}},
    ]
    edit = {"name": "Edit", "input": {"file_path": "a.txt", "old_string": "a", "new_string": "P"}}
    return {
        "backend": [
            {"tool_calls": first, "usage": {"input_tokens": 1000, "output_tokens": 100}},
            {"text": blocked("Database", "the users table schema")},
            {"text": blocked("Product", "which plan name the page shows")},
            # the session's spend passes max_session_cost: the next call waits for a raise
            {"expect": "Pro", "tool_calls": [edit], "usage": {"input_tokens": 200000}},
            {"text": report("Complete", "Done", files="a.txt")},
        ],
        "dba": [{"tool_calls": [_write("schema.sql")]}, {"text": report("Complete", "users")}],
    }


def _team(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The workspace (a deny rule, a blocking hook), the agents and a home whose
    ``.claude.json`` defines the MCP server ``srv`` (the fixture, over stdio)."""
    ws = workspace(tmp_path)
    claude = ws / ".claude"
    claude.mkdir(exist_ok=True)
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
    home = tmp_path / "home"
    home.mkdir()
    srv = {"command": sys.executable, "args": [str(FIXTURE)]}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"srv": srv}}))
    return ws, agents, home


@dataclass
class Chain:
    """The chain's session: its id, ``--json``, tree, transcript, replayed spans, store."""

    sid: str
    data: dict[str, Any]
    tree: str
    transcript: str
    spans: list[dict[str, Any]]
    db: Path


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    tmp_path = tmp_path_factory.mktemp("chain")
    ws, agents, home = _team(tmp_path)
    db = tmp_path / "s.db"
    low, raised = tmp_path / "low.yaml", tmp_path / "raised.yaml"
    low.write_text("max_session_cost: 0.1\n", encoding="utf-8")
    raised.write_text("max_session_cost: 50\n", encoding="utf-8")
    env = {"HOME": str(home), "ANTHROPIC_API_KEY": KEY}
    common = ["--db", str(db)]
    ran = coord(
        "run", "build the thing", "--agent", "backend", "--agents-dir", agents, "--only",
        "--script", write_script(tmp_path / "script.yaml", _script()), "--workspace", ws,
        "--allow-bash", "--config", low, "--json", *common, env=env,
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    sid = str(json.loads(ran.stdout)["session"])
    answered = coord(
        "resume", sid, "--context", "Pro", "--as", PERSON, "--config", low, *common, env=env
    )
    assert answered.returncode == 3, answered.stderr  # the budget is spent
    done = coord("resume", sid, "--config", raised, *common, env=env)
    assert done.returncode == 0, done.stderr
    with collecting() as (url, handler):
        sent = coord("log", sid, *common, "--otel-endpoint", url)
        assert sent.returncode == 0, sent.stderr
        spans = received(handler)
    data = json.loads(coord("log", sid, "--json", *common).stdout)
    tree = coord("log", sid, *common, env={"COLUMNS": "400"}).stdout
    transcript = coord("log", sid, "--transcript", *common, env={"COLUMNS": "400"}).stdout
    return Chain(sid, data, tree, transcript, spans, db)


def _events(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in data["events"] if e["kind"] == kind]


def _span_events(spans: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [attrs for s in spans for n, attrs in s["events"] if n == name]


# ---- a budget's wait: which limit, and who resumed after it ---------------------------

BUDGET = re.compile(r"session cost \$0\.\d{4}; max_session_cost is \$0\.1")


@needs_bwrap
@needs_mcp
def test_a_budget_wait_names_its_limit_in_the_log_tree_and_trace(chain: Chain) -> None:
    asked, spent = _events(chain.data, "waiting")
    assert asked["detail"] == "no specialist answers for product"
    assert spent["waiting_reason"] == WaitReason.BUDGET and BUDGET.fullmatch(spent["detail"])
    last = _events(chain.data, "session_resumed")[-1]
    said = re.search(
        r"waited for a raised budget \((.+)\) at \S+; resumed at \S+ by (\S+)", chain.tree
    )
    assert said is not None, chain.tree
    assert said.groups() == (spent["detail"], last["process"])
    told = [a for a in _span_events(chain.spans, "waiting") if a["coordinator.reason"] == "budget"]
    assert told and {a["coordinator.detail"] for a in told} == {spent["detail"]}


def test_a_waiting_event_stored_before_reads_its_detail_as_null() -> None:
    old = {"waiting_reason": "budget", "agent": "a", "domain": None}
    assert current_event_fields("waiting", old)["detail"] is None
    waited = EventRow(1, "s", 3, EventKind.WAITING, old, 100.0)
    resumed = EventRow(2, "s", None, EventKind.SESSION_RESUMED, {"process": "h:1"}, 160.0)
    line = resumed_line(waited, resumed)
    assert line is not None and line.startswith("waited for a raised budget at ")
    assert line.endswith(" by h:1")


# ---- which tool call changed each file; each command and its exit code ----------------


@needs_bwrap
@needs_mcp
def test_each_change_to_a_file_names_the_tool_call_that_made_it(chain: Chain) -> None:
    calls = {e["tool_use_id"]: e for e in _events(chain.data, "tool_call")}
    root = chain.data["chain"]
    made = [(c["path"], c["tool"], c["change"]) for c in root["file_changes"]]
    assert made == [
        ("a.txt", "Write", "created"),
        ("b.txt", "Bash", "created"),
        ("k.txt", "Bash", "created"),
        ("a.txt", "Edit", "updated"),
    ]
    for change in root["file_changes"]:  # each is one of the run's logged calls
        assert calls[change["tool_use_id"]]["name"] == change["tool"]
        assert calls[change["tool_use_id"]]["run"] == root["run"]
    (consult,) = [q["consult"] for q in root["questions"] if q["consult"]]
    assert [(c["path"], c["tool"]) for c in consult["file_changes"]] == [("schema.sql", "Write")]


@needs_bwrap
@needs_mcp
def test_each_bash_command_is_listed_with_its_exit_code_and_a_failed_one_in_the_tree(
    chain: Chain,
) -> None:
    (command,) = chain.data["chain"]["commands"]
    (result,) = [e for e in _events(chain.data, "tool_result") if e["name"] == "Bash"]
    assert command["tool_use_id"] == result["tool_use_id"]
    assert command["command"] == COMMAND.replace(KEY, "[redacted]")
    assert command["exit_code"] == 2 and command["is_error"] is True
    assert command["ms"] >= 0 and command["started_at"] >= chain.data["created_at"]
    assert f"Bash exit 2: {command['command']}" in chain.tree
    assert chain.data["chain"]["questions"][0]["consult"]["commands"] == []


@needs_bwrap
@needs_mcp
def test_the_trace_names_every_file_each_agent_changed_by_its_call(chain: Chain) -> None:
    def logged(run: dict[str, Any]) -> list[tuple[str, str]]:
        return [(c["tool_use_id"], f"{c['change']}: {c['path']}") for c in run["file_changes"]]

    root = chain.data["chain"]
    consult = root["questions"][0]["consult"]
    traced = [
        (s["attributes"]["gen_ai.tool.call.id"], f)
        for s in chain.spans
        for f in s["attributes"].get("coordinator.files", [])
    ]
    for attrs in _span_events(chain.spans, "bash_changed"):
        traced += [(attrs["coordinator.tool_use_id"], f) for f in attrs["coordinator.files"]]
    assert sorted(traced) == sorted(logged(root) + logged(consult))


@needs_bwrap
@needs_mcp
def test_the_tree_names_a_runs_mcp_servers_once_however_often_it_was_resumed(
    chain: Chain,
) -> None:
    started = [e for e in _events(chain.data, "mcp_servers") if e["run"] == 1]
    assert len(started) == 4  # its start, the consult's answer, the person's, the budget's
    assert chain.tree.count("MCP srv: 1 tool") == 1
    # the MCP call itself: its span says it is one (the log's tool_call names its tool)
    (mcp,) = [s for s in chain.spans if s["name"] == "execute_tool mcp__srv__add"]
    assert mcp["attributes"]["mcp.method.name"] == "tools/call"


# ---- which call a model answer was ----------------------------------------------------


@needs_bwrap
@needs_mcp
def test_every_model_call_of_a_scripted_session_has_its_own_response_id(chain: Chain) -> None:
    ids = [e["response_id"] for e in _events(chain.data, "model_call")]
    assert len(ids) == 7 and len(set(ids)) == len(ids), ids  # three processes' calls
    spans = [
        s["attributes"]["gen_ai.response.id"] for s in chain.spans if s["name"].startswith("chat")
    ]
    assert sorted(spans) == sorted(ids)


# ---- the API key is nowhere (a guard) -------------------------------------------------


@needs_bwrap
@needs_mcp
def test_the_api_key_is_in_no_view_nor_in_the_store(chain: Chain) -> None:
    """Guard: the key set in the environment, and typed by an agent in a command, appears
    in none of the views, nor in the bytes of the store's files."""
    shown = (json.dumps(chain.data), chain.tree, chain.transcript, json.dumps(chain.spans))
    assert not [view for view in shown if KEY in view or "AUDIT113CANARY" in view]
    assert "[redacted]" in chain.transcript
    stored = [p for p in chain.db.parent.iterdir() if p.name.startswith(chain.db.name)]
    assert stored and not [p for p in stored if b"AUDIT113CANARY" in p.read_bytes()]
