"""What an auditor still could not read from coord (audit105): the line of the settings
rule that refused a call, a killed-and-resumed session in the tree, the zone of the tree's
times and the transcript's times, ``coord stats`` for one session, more GenAI span
attributes, and who answered a person's question."""

from __future__ import annotations

import json
import os
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from kit import report, wait_for_file, workspace, write_script

AGENT = "---\nname: ops\ndescription: Runs commands.\ntools: Bash, Write\n---\nYou run commands.\n"


def _agents(tmp_path: Path) -> Path:
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(AGENT, encoding="utf-8")
    return agents


def _ran(
    tmp_path: Path, ws: Path, script: dict[str, Any], *more: str, db: Path | None = None
) -> tuple[str, list[str]]:
    """Run ``script`` with agent ``ops`` in ``ws``: the session id and the ``--db`` args
    (the store ``db``, else one in ``tmp_path``)."""
    common = ["--db", str(db or tmp_path / "s.db")]
    ran = coord(
        "run", "run the checks", "--agent", "ops", "--agents-dir", _agents(tmp_path), "--only",
        "--script", write_script(tmp_path / "script.yaml", script), "--workspace", ws,
        "--json", *more, *common,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return str(json.loads(ran.stdout)["session"]), common


# ---- 1. a refusal names the rule's line --------------------------------------------------

SETTINGS = """{
  "permissions": {
    "allow": ["Read"],
    "deny": [
      "Read(./.env)",
      "Bash(git push:*)"
    ]
  }
}
"""


def test_a_refusal_names_the_rule_as_written_and_its_line(tmp_path: Path) -> None:
    """The deny rule on line 6 of the workspace's settings refuses ``git push``: the stored
    refusal, ``coord log``'s tree and ``--json`` name ``settings.json:6``."""
    ws = workspace(tmp_path)
    (ws / ".claude").mkdir(exist_ok=True)
    settings = ws / ".claude" / "settings.json"
    settings.write_text(SETTINGS, encoding="utf-8")
    push = {"name": "Bash", "input": {"command": "git push origin main"}}
    script = {"ops": [{"tool_calls": [push]}, {"text": report("Complete")}]}
    sid, common = _ran(tmp_path, ws, script)
    rule = f"Bash(git push:*) (permissions.deny, {settings}:6)"
    data = json.loads(coord("log", sid, "--json", *common).stdout)
    [refused] = data["chain"]["refused"]
    assert refused["rule"] == rule
    [event] = [e for e in data["events"] if e["kind"] == "tool_refused"]
    assert event["rule"] == rule
    tree = coord("log", sid, *common, env={"COLUMNS": "400"}).stdout
    assert f"settings deny {rule}" in tree


# ---- 2. a killed-and-resumed session says so in its tree ---------------------------------


def test_a_session_killed_and_resumed_says_so_in_its_tree(tmp_path: Path) -> None:
    """``coord run`` killed with SIGKILL while its second model call is held (after a
    Write), then resumed here: the tree says it was interrupted with no word after its last
    event, when, and when and by which process it was resumed; ``--json``'s
    ``session_resumed`` names that process."""
    ws = workspace(tmp_path)
    gate = tmp_path / "gate"
    write = {"name": "Write", "input": {"file_path": "a.txt", "content": "a\n"}}
    turns = [{"tool_calls": [write]}, {"text": report("Complete"), "hold_until": str(gate)}]
    script = write_script(tmp_path / "script.yaml", {"ops": turns})
    common = ["--db", str(tmp_path / "s.db")]
    flags = ["--script", script, "--workspace", ws, *common]
    proc = spawn(
        "run", "write a", "--agent", "ops", "--agents-dir", _agents(tmp_path), "--only", *flags
    )
    try:
        wait_for_file(gate.with_name("gate.held"), proc)
    finally:
        proc.kill()
        proc.communicate()
    sid = json.loads(coord("sessions", "--json", *common).stdout)[0]["session"]
    gate.touch()
    resumed = coord("resume", sid, *flags)
    assert resumed.returncode == 0, resumed.stderr
    here = f"{socket.gethostname()}:{os.getpid()}"
    events = json.loads(coord("log", sid, "--json", *common).stdout)["events"]
    [event] = [e for e in events if e["kind"] == "session_resumed"]
    assert event["process"] == here
    tree = coord("log", sid, *common, env={"COLUMNS": "400"}).stdout
    said = re.search(
        r"interrupted: its process ended without a word after its last event \((\w+)\) at "
        r"(\d\d:\d\d:\d\d); resumed at (\d\d:\d\d:\d\d) by (\S+)",
        tree,
    )
    assert said is not None, tree
    before = events[events.index(event) - 1]
    assert said.group(1) == before["kind"]
    assert said.group(2) == time.strftime("%H:%M:%S", time.localtime(before["at"]))
    assert said.group(3) == time.strftime("%H:%M:%S", time.localtime(event["at"]))
    assert said.group(4) == here


# ---- 3. the zone of the times, and times in the transcript --------------------------------


@pytest.fixture
def india() -> Iterator[None]:
    """Local time five and a half hours ahead of UTC (a POSIX TZ: no zone files needed)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "IST-5:30"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_the_tree_names_the_zone_of_its_times(tmp_path: Path, india: None) -> None:
    ws = workspace(tmp_path)
    sid, common = _ran(tmp_path, ws, {"ops": [{"text": report("Complete")}]})
    created = json.loads(coord("log", sid, "--json", *common).stdout)["created_at"]
    tree = coord("log", sid, *common, env={"COLUMNS": "400"}).stdout
    shown = time.strftime("%Y-%m-%d %H:%M", time.localtime(created))
    assert f"{shown} UTC+05:30" in tree


def test_the_transcript_gives_each_entry_its_time(tmp_path: Path, india: None) -> None:
    """``--transcript --json``: the run's start, the model call that wrote the assistant's
    words and calls, each tool call's start and end; the text view's heading names its
    start and zone."""
    ws = workspace(tmp_path)
    write = {"name": "Write", "input": {"file_path": "a.txt", "content": "a\n"}}
    turns = [{"text": "Writing.", "tool_calls": [write]}, {"text": report("Complete")}]
    sid, common = _ran(tmp_path, ws, {"ops": turns})
    events = json.loads(coord("log", sid, "--json", *common).stdout)["events"]
    [started] = [e["at"] for e in events if e["kind"] == "run_started"]
    calls = [e["at"] for e in events if e["kind"] == "model_call"]
    entries = json.loads(coord("log", sid, "--transcript", "--json", *common).stdout)["transcript"]
    at = {e["kind"]: [x["at"] for x in entries if x["kind"] == e["kind"]] for e in entries}
    assert at["run"] == [started]
    assert at["assistant"] == calls
    assert at["to_agent"] == [None]  # what it was told went with the first call
    [called], [ended] = at["tool_call"], at["tool_result"]
    assert calls[0] <= called <= ended <= calls[1]
    shown = coord("log", sid, "--transcript", *common, env={"COLUMNS": "400"}).stdout
    day = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started))
    assert shown.splitlines()[0].endswith(f" at {day} UTC+05:30")


# ---- 4. coord stats for one session -------------------------------------------------------


def test_stats_counts_one_session_named_as_log_names_it(tmp_path: Path) -> None:
    """Two sessions in one store: ``coord stats --session PREFIX`` counts the one it names
    (its run, tokens and cost as ``coord log --json`` gives them); without it, both."""
    ws = workspace(tmp_path)
    first, common = _ran(tmp_path, ws, {"ops": [{"text": report("Complete")}]})
    (tmp_path / "again").mkdir()
    again = {"ops": [{"text": report("Complete")}]}
    second, _ = _ran(tmp_path / "again", ws, again, db=tmp_path / "s.db")
    shown = json.loads(coord("stats", "--session", first[:6], "--json", *common).stdout)
    logged = json.loads(coord("log", first, "--json", *common).stdout)
    assert [row["runs"] for row in shown] == [1]
    assert shown[0]["cost_usd"] == pytest.approx(logged["cost_usd"])
    every = json.loads(coord("stats", "--json", *common).stdout)
    assert sum(row["runs"] for row in every) == 2
    both = coord("stats", "--session", second, "--since", "1d", *common)
    assert both.returncode != 0 and "--session and --since" in both.stderr
    assert "Traceback" not in both.stderr


# ---- 5. the chat spans' gen_ai.response.id ------------------------------------------------


async def test_each_chat_span_and_model_call_names_its_message_id(tmp_path: Path) -> None:
    """The Messages API's message id of each call: in its ``model_call`` event (stored
    compact, read back) and as its ``chat`` span's ``gen_ai.response.id``."""
    pytest.importorskip("opentelemetry.sdk")
    from kit import Harness
    from test_otel import traced

    from coordinator.roster.registry import Registry
    from coordinator.roster.spec import AgentSpec

    spec = AgentSpec(name="ops", description="Runs commands.", tools=["Write"], body="Ops.")
    write = {"name": "Write", "input": {"file_path": "a.txt", "content": "a\n"}}
    script = {"ops": [{"tool_calls": [write]}, {"text": report("Complete")}]}
    h = Harness(tmp_path, script, registry=Registry([spec]))
    rec, exporter = traced(h)
    result = await h.engine.start("Write a", agent="ops")
    rec.close()
    ids = [
        e.data["response_id"] for e in h.store.events(result.session_id) if e.kind == "model_call"
    ]
    assert len(ids) == 2 and all(i.startswith("msg_") for i in ids) and len(set(ids)) == 2
    chats = [
        s.attributes or {} for s in exporter.get_finished_spans() if s.name.startswith("chat ")
    ]
    assert [a["gen_ai.response.id"] for a in chats] == ids
    h.close()


def test_a_model_call_stored_before_its_message_id_reads_it_as_null() -> None:
    from coordinator.store.payloads import expand

    run = {"id": 1, "agent": "ops", "model": "m", "depth": 0, "parent_run_id": None,
           "domain": None, "definition": None}  # fmt: skip
    old = [1, "end_turn", 10, 5, 0.001, 20, "m", 0, 0, "scripted"]  # schema 15's array
    assert expand("model_call", 1, old, {1: run})["response_id"] is None
    with pytest.raises(ValueError):
        expand("model_call", 1, old[:-1], {1: run})
