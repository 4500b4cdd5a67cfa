"""What an auditor reads in ``coord log --json`` and the traces (audit104): each Bash
command's exit code, the agent definition each run started with, a format version, and a
reference (docs/log-json.md) naming every field coord prints."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import Harness, report, workspace, write_script

from coordinator import events as ev
from coordinator.event_kinds import EventKind
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.store.rows import current_event_fields

DOC = Path(__file__).resolve().parents[1] / "docs" / "log-json.md"
AGENT = "---\nname: ops\ndescription: Runs commands.\ntools: Bash, Write\n---\nYou run commands.\n"
#: One failing command, one that succeeds, a Write (no exit code), then a report.
SCRIPT: dict[str, list[dict[str, Any]]] = {
    "ops": [
        {
            "tool_calls": [
                {"name": "Bash", "input": {"command": "exit 3"}},
                {"name": "Bash", "input": {"command": "echo ok"}},
                {"name": "Write", "input": {"file_path": "a.txt", "content": "a\n"}},
            ]
        },
        {"text": report("Complete")},
    ]
}


def logged(tmp_path: Path) -> dict[str, Any]:
    """``coord log --json`` of a session that ran SCRIPT with Bash on."""
    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(AGENT, encoding="utf-8")
    script = write_script(tmp_path / "script.yaml", SCRIPT)
    db = tmp_path / "s.db"
    common = ["--db", str(db)]
    ran = coord(
        "run", "run the checks", "--agent", "ops", "--agents-dir", agents, "--only",
        "--script", script, "--allow-bash", "--workspace", ws, "--json", *common,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    sid = json.loads(ran.stdout)["session"]
    shown = coord("log", sid, "--json", *common)
    assert shown.returncode == 0, shown.stderr
    data: dict[str, Any] = json.loads(shown.stdout)
    return data


def test_each_bash_command_has_its_exit_code_in_the_log(tmp_path: Path) -> None:
    data = logged(tmp_path)
    results = [(e["name"], e["exit_code"]) for e in data["events"] if e["kind"] == "tool_result"]
    assert results == [("Bash", 3), ("Bash", 0), ("Write", None)]


def test_run_started_names_the_definition_the_run_used(tmp_path: Path) -> None:
    data = logged(tmp_path)
    (started,) = [e for e in data["events"] if e["kind"] == "run_started"]
    assert started["definition"] == data["chain"]["definition"]
    assert re.fullmatch(r"[0-9a-f]{64}", started["definition"])


def test_an_event_stored_before_these_fields_reads_them_as_null() -> None:
    old = {"agent": "ops", "tool_use_id": "t", "name": "Bash", "is_error": False, "summary": ""}
    assert current_event_fields("tool_result", old)["exit_code"] is None
    kept = current_event_fields("tool_result", {**old, "exit_code": 2})
    assert kept["exit_code"] == 2


# ---- the reference ----------------------------------------------------------------------


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _event_rows() -> dict[str, str]:
    """The events table of docs/log-json.md: kind -> its fields cell."""
    rows: dict[str, str] = {}
    for line in _doc().splitlines():
        m = re.match(r"\| `([a-z_]+)` \| (.*?) \| .* \|$", line)
        if m and m.group(2).startswith("`"):
            rows[m.group(1)] = m.group(2)
    return rows


def test_the_log_says_its_format_version(tmp_path: Path) -> None:
    data = logged(tmp_path)
    assert data["format_version"] == 1
    assert "`format_version` (now `1`)" in _doc()


def _keys(data: dict[str, Any]) -> set[str]:
    """Every key of the session, its options, chain run, report and events' common ones."""
    run = data["chain"]
    return set(data) | set(data["options"]) | set(run) | set(run["report"]) | {
        "seq", "run", "kind", "at",
    }  # fmt: skip


def test_every_key_the_log_prints_is_documented(tmp_path: Path) -> None:
    data = logged(tmp_path)
    doc = _doc()
    missing = sorted(k for k in _keys(data) if f"`{k}`" not in doc)
    assert missing == []
    rows = _event_rows()
    for event in data["events"]:
        cell = rows[event["kind"]]
        fields = set(event) - {"seq", "run", "kind", "at"}
        assert sorted(f for f in fields if f"`{f}`" not in cell) == [], event["kind"]


def _event_classes() -> list[type[ev.Event]]:
    return [
        cls
        for cls in vars(ev).values()
        if isinstance(cls, type) and issubclass(cls, ev.Event) and cls is not ev.Event
    ]


def test_the_documented_kinds_are_the_event_kind_members() -> None:
    """The events table of docs/log-json.md names exactly the members of EventKind, and
    every event class's kind is one of them, each member some class's (tidy113)."""
    members = {k.value for k in EventKind}
    assert sorted(set(_event_rows()) - members) == []  # a documented kind no member names
    assert sorted(members - set(_event_rows())) == []  # a member the page does not list
    kinds = [cls.kind for cls in _event_classes()]
    assert [k for k in kinds if not isinstance(k, EventKind)] == []
    assert set(kinds) == set(EventKind)


@pytest.mark.parametrize("cls", _event_classes(), ids=lambda c: c.__name__)
def test_every_event_kind_and_field_is_documented(cls: type[ev.Event]) -> None:
    cell = _event_rows().get(cls.kind)
    assert cell is not None, f"{cls.kind} is not in docs/log-json.md"
    names = [f.name for f in dataclasses.fields(cls) if f.name not in ("session_id", "run_id")]
    assert [n for n in names if f"`{n}`" not in cell] == []


# ---- the traces ---------------------------------------------------------------------------


async def test_spans_carry_exit_code_agent_version_and_conversation(tmp_path: Path) -> None:
    pytest.importorskip("opentelemetry.sdk")
    from test_otel import traced

    spec = AgentSpec(name="ops", description="devops", domain="devops", tools=["Bash"],
                     body="You are ops.")  # fmt: skip
    h = Harness(tmp_path, SCRIPT, registry=Registry([spec]), allow_bash=True)
    rec, exporter = traced(h)
    result = await h.engine.start("Check the deploy", agent="ops")
    rec.close()
    spans = exporter.get_finished_spans()
    bash = [s.attributes or {} for s in spans if s.name == "execute_tool Bash"]
    assert [a.get("process.exit.code") for a in bash] == [3, 0]
    (write,) = [s.attributes or {} for s in spans if s.name == "execute_tool Write"]
    assert "process.exit.code" not in write
    (agent,) = [s.attributes or {} for s in spans if s.name == "invoke_agent ops"]
    (run,) = h.store.runs(result.session_id)
    assert agent["gen_ai.agent.version"] == run.definition
    chats = [s.attributes or {} for s in spans if s.name.startswith("chat ")]
    assert [a["gen_ai.conversation.id"] for a in chats] == [result.session_id] * 2
    h.close()
