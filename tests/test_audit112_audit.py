"""What an auditor could not tie together in one chain (audit112): which tool call a hook
decided on, and who asked for the session from which process.

The chain: a user's PreToolUse guard on Write (it refuses ``blocked.txt``) and a PostToolUse
hook on Read, a root run whose Write and Read calls they gate, a consult, a person's
answer. Each ``hook`` event names the call it ran on (``tool_use_id``) in ``--json``, the
tree names the call on the hook's line (``PreToolUse[Write blocked.txt] blocked``), the
trace's ``hook`` span event carries it as the call's ``execute_tool`` span does
(``gen_ai.tool.call.id``, live and replayed). The ``routed`` event names who asked
(``person``: the user's own git identity, else the OS user, as an answer's without
``--as``), the tree's request names them and the process that started the session
(``routed.process``), and the trace carries the person only under the content opt-in."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_script

pytest.importorskip("opentelemetry.sdk")

from test_otel import collecting
from test_otel_replay import received

from coordinator.runtime.answerer import answering_person
from coordinator.store.rows import current_event_fields

PERSON = "Ada Lovelace <ada@example.org>"
TASK = "build the thing"
BACKEND = "---\nname: backend\ndescription: Builds.\ntools: Read, Write\n---\nBuild.\n"
DBA = "---\nname: dba\ndescription: Schemas.\ndomain: Database\ntools: Read\n---\nSQL.\n"
GUARD = 'case "$(cat)" in *blocked.txt*) echo "no writes to blocked.txt" >&2; exit 2;; esac'


def _write(path: str) -> dict[str, Any]:
    return {"name": "Write", "input": {"file_path": path, "content": "x\n"}}


def _read(path: str) -> dict[str, Any]:
    return {"name": "Read", "input": {"file_path": path}}


def _script(path: Path) -> Path:
    root = [
        {"tool_calls": [_write("a.txt"), _write("blocked.txt"), _read("a.txt")]},
        {"text": blocked("Database", "the users table schema")},
        {"text": blocked("Product", "which plan name the page shows")},
        {"expect": "Pro", "tool_calls": [_write("c.txt")]},
        {"text": report("Complete", "Done")},
    ]
    dba = [{"tool_calls": [_read("a.txt")]}, {"text": report("Complete", "Schema")}]
    return write_script(path, {"backend": root, "dba": dba})


def _user_hooks() -> None:
    """A user's PreToolUse guard on Write and a PostToolUse hook on Read (~/.claude)."""
    guard = {"matcher": "Write", "hooks": [{"type": "command", "command": GUARD}]}
    seen = {"matcher": "Read", "hooks": [{"type": "command", "command": "true"}]}
    settings = Path(os.environ["HOME"]) / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    hooks = {"PreToolUse": [guard], "PostToolUse": [seen]}
    settings.write_text(json.dumps({"hooks": hooks}), encoding="utf-8")


@pytest.fixture
def chain(tmp_path: Path) -> dict[str, Any]:
    """The chain's ``--json``, tree (wide), live and replayed spans."""
    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND, encoding="utf-8")
    (agents / "dba.md").write_text(DBA, encoding="utf-8")
    _user_hooks()
    db = ["--db", str(tmp_path / "s.db")]
    script = _script(tmp_path / "s.yaml")
    with collecting() as (url, handler):
        env = {"OTEL_EXPORTER_OTLP_ENDPOINT": url}
        ran = coord(
            "run", TASK, "--agent", "backend", "--agents-dir", agents, "--only", "--script",
            script, "--workspace", ws, "--json", *db, env=env,
        )  # fmt: skip
        assert ran.returncode == 3, ran.stderr
        sid = str(json.loads(ran.stdout)["session"])
        done = coord("resume", sid, "--context", "Pro", "--as", PERSON, *db, env=env)
        assert done.returncode == 0, done.stderr
        live = received(handler)
    with collecting() as (url, handler):  # replayed under the content opt-in
        opted = {"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"}
        assert coord("log", sid, *db, "--otel-endpoint", url, env=opted).returncode == 0
        replayed = received(handler)
    data = json.loads(coord("log", sid, "--json", *db).stdout)
    tree = coord("log", sid, *db, env={"COLUMNS": "300"}).stdout
    asker = answering_person(ws)
    return {"data": data, "tree": tree, "live": live, "replayed": replayed, "asker": asker}


def _events(data: dict[str, Any], *kinds: str) -> list[dict[str, Any]]:
    return [e for e in data["events"] if e["kind"] in kinds]


def test_each_tool_hook_names_the_call_it_decided_on(chain: dict[str, Any]) -> None:
    data = chain["data"]
    calls = {e["tool_use_id"]: (e["name"], e["input_summary"])
             for e in _events(data, "tool_call", "tool_refused")}  # fmt: skip
    hooks = _events(data, "hook")
    on = [(h["event"], h["outcome"], calls.get(h["tool_use_id"])) for h in hooks]
    assert on == [
        ("PreToolUse", "ok", ("Write", "a.txt")),
        ("PreToolUse", "blocked", ("Write", "blocked.txt")),
        ("PostToolUse", "ok", ("Read", "a.txt")),
        ("PostToolUse", "ok", ("Read", "a.txt")),  # the consultant's
        ("PreToolUse", "ok", ("Write", "c.txt")),
    ]
    (refused,) = _events(data, "tool_refused")
    assert hooks[1]["tool_use_id"] == refused["tool_use_id"]
    assert hooks[2]["run"] == 1 and hooks[3]["run"] == 2  # the same summary, two calls
    assert hooks[2]["tool_use_id"] != hooks[3]["tool_use_id"]


def test_the_tree_names_the_call_on_each_hook_line(chain: dict[str, Any]) -> None:
    tree = chain["tree"]
    assert "hook PreToolUse[Write a.txt] ok (exit 0, user)" in tree
    assert "hook PreToolUse[Write blocked.txt] blocked (exit 2, user): no writes" in tree
    assert tree.count("hook PostToolUse[Read a.txt] ok (exit 0, user)") == 2
    assert "hook PreToolUse[Write c.txt] ok (exit 0, user)" in tree


def test_the_log_names_who_asked_and_from_which_process(chain: dict[str, Any]) -> None:
    (routed,) = _events(chain["data"], "routed")
    here = f"{socket.gethostname()}:{os.getpid()}"  # coord run ran in this process
    assert chain["asker"] and (routed["person"], routed["process"]) == (chain["asker"], here)
    (resumed,) = [e for e in _events(chain["data"], "resumed") if e["person"]]
    assert resumed["person"] == PERSON  # (who answered: --as; who asked: the workspace's)
    lines = chain["tree"].splitlines()
    assert lines[1].endswith(f"“{TASK}”")
    assert lines[2].endswith(f"started by {chain['asker']} on {here}")


def test_the_trace_names_who_asked_only_under_the_content_opt_in(chain: dict[str, Any]) -> None:
    def routed(spans: list[dict[str, Any]]) -> dict[str, Any]:
        (attrs,) = [a for s in spans for name, a in s["events"] if name == "routed"]
        return attrs

    assert "coordinator.person" not in routed(chain["live"])
    assert routed(chain["replayed"])["coordinator.person"] == chain["asker"]


def test_the_trace_s_hook_events_carry_the_call_s_id(chain: dict[str, Any]) -> None:
    logged = [h["tool_use_id"] for h in _events(chain["data"], "hook")]
    for spans in (chain["live"], chain["replayed"]):
        tools = {s["attributes"]["gen_ai.tool.call.id"] for s in spans
                 if s["name"].startswith("execute_tool")}  # fmt: skip
        hooked = sorted(
            (attrs for s in spans for name, attrs in s["events"] if name == "hook"),
            key=lambda a: logged.index(a["gen_ai.tool.call.id"]),
        )
        ids = [a["gen_ai.tool.call.id"] for a in hooked]
        assert ids == logged and set(ids) <= tools


def test_events_stored_before_read_their_call_and_asker_as_null() -> None:
    old = {"agent": "a", "event": "Stop", "source": "user", "command": "true", "outcome": "ok"}
    assert current_event_fields("hook", old)["tool_use_id"] is None
    routed = {"request": "r", "agent": "a", "reason": "--agent", "router_fallback": ""}
    assert current_event_fields("routed", routed)["person"] is None
