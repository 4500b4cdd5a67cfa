"""review144: audit113's ``file_changes`` and the refusal rules it read, attacked.

* A worktree run's merged files were yielded at each of its tool calls, then again after
  them all, and ``file_changes`` dropped the repeats by a list search: calls x files x
  files to read (400 calls and 400 merged files: 8 s for ``coord log``). Now once a run.
* A hook's refusal named ``settings.json:14`` without its folder while a deny rule's
  names the whole path: now both name the file as a path.
* The tree named no MCP tool call (``--json``'s events and the spans did).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from cli import coord, spawn
from kit import needs_mcp, report, wait_for_file, workspace, write_script

from coordinator.event_kinds import EventKind
from coordinator.store.db import Store
from coordinator.store.files_changed import _changes, file_changes
from coordinator.store.rows import CallState, EventRow, ToolCallRow

OPS = "---\nname: ops\ndescription: Operations.\ntools: Write\n---\nYou write.\n"


def _write(path: str) -> dict[str, Any]:
    return {"name": "Write", "input": {"file_path": path, "content": f"{path}\n"}}


def _read(k: int) -> ToolCallRow:
    return ToolCallRow(1, k, f"toolu_{k}", "Read", "{}", CallState.DONE, "x", False, 1.0, 2.0)


def test_a_worktree_runs_merged_files_are_read_once_however_many_calls_it_made(
    tmp_path: Path,
) -> None:
    merge = {"status": "merged", "files": ["a.txt", "b.txt"]}
    events = [EventRow(1, "s", 1, EventKind.WORKTREE_MERGE, merge, 5.0)]
    calls = [_read(k) for k in range(3)]
    store = Store.open(tmp_path / "s.db")
    assert list(_changes(store, calls, events, str(tmp_path))) == [(1, "a.txt"), (1, "b.txt")]
    merged = {"tool": None, "tool_use_id": None, "change": "merged"}
    assert file_changes(store, calls, events, str(tmp_path)) == {
        1: [{"path": "a.txt", **merged}, {"path": "b.txt", **merged}]
    }
    # a worktree run that called no tool (a hook wrote): its files all the same
    assert list(_changes(store, [], events, str(tmp_path))) == [(1, "a.txt"), (1, "b.txt")]


USER_SETTINGS = {
    "permissions": {"deny": ["Write(secret.txt)"]},
    "hooks": {
        "PreToolUse": [
            {
                "matcher": "Write",
                "hooks": [{"type": "command", "command": "grep -q blocked.txt && exit 2; true"}],
            }
        ]
    },
}


def test_a_hooks_refusal_names_its_settings_file_as_a_deny_rules_does(tmp_path: Path) -> None:
    """One settings file refuses two Writes, by a deny rule and by a PreToolUse hook: both
    refusals' rules name the file by the same path (the hook's named ``settings.json:N``)."""
    settings = Path.home() / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps(USER_SETTINGS, indent=2), encoding="utf-8")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(OPS, encoding="utf-8")
    writes = [_write("secret.txt"), _write("blocked.txt")]
    script = {"ops": [{"tool_calls": writes}, {"text": report("Complete")}]}
    common = ["--db", str(tmp_path / "s.db")]
    ran = coord(
        "run", "write", "--agent", "ops", "--agents-dir", agents, "--only",
        "--script", write_script(tmp_path / "script.yaml", script),
        "--workspace", workspace(tmp_path), "--json", *common,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    data = json.loads(coord("log", json.loads(ran.stdout)["session"], "--json", *common).stdout)
    denied, hooked = data["chain"]["refused"]
    assert (denied["by"], hooked["by"]) == ("settings deny", "PreToolUse hook")
    named = [re.findall(r"(\S*settings\.json):\d+\)", r["rule"]) for r in (denied, hooked)]
    assert named == [[str(settings)], [str(settings)]], (denied["rule"], hooked["rule"])


FIXTURE = Path(__file__).resolve().parent / "mcp_fixture_server.py"
MCP_AGENT = (
    "---\nname: ops\ndescription: Operations.\n"
    "tools: mcp__srv__add, mcp__srv__fail\nmcpServers: [srv]\n---\nYou add.\n"
)


@needs_mcp
def test_the_tree_names_a_runs_mcp_tool_calls(tmp_path: Path) -> None:
    """A run calls a stdio MCP server's ``add`` twice and its ``fail`` once: the tree
    names both tools, how often each ran and that one failed (it named none)."""
    home = tmp_path / "home"
    home.mkdir()
    srv = {"command": sys.executable, "args": [str(FIXTURE)]}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"srv": srv}}))
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(MCP_AGENT, encoding="utf-8")
    add = {"name": "mcp__srv__add", "input": {"a": 2, "b": 3}}
    fail = {"name": "mcp__srv__fail", "input": {"reason": "no"}}
    script = {"ops": [{"tool_calls": [add, fail, add]}, {"text": report("Complete")}]}
    common = ["--db", str(tmp_path / "s.db")]
    ran = coord(
        "run", "add", "--agent", "ops", "--agents-dir", agents, "--only",
        "--script", write_script(tmp_path / "script.yaml", script),
        "--workspace", workspace(tmp_path), "--json", *common, env={"HOME": str(home)},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    sid = json.loads(ran.stdout)["session"]
    data = json.loads(coord("log", sid, "--json", *common).stdout)
    results = [(e["name"], e["is_error"]) for e in data["events"] if e["kind"] == "tool_result"]
    assert results == [("mcp__srv__add", False), ("mcp__srv__fail", True), ("mcp__srv__add", False)]
    tree = coord("log", sid, *common, env={"COLUMNS": "400"}).stdout
    assert "MCP calls: mcp__srv__add (2 calls), mcp__srv__fail (1 call, 1 failed)" in tree, tree


def _ids(sid: str, common: list[str]) -> list[str]:
    events = json.loads(coord("log", sid, "--json", *common).stdout)["events"]
    return [e["response_id"] for e in events if e["kind"] == "model_call"]


def test_scripted_message_ids_are_the_same_after_a_kill_and_resume(tmp_path: Path) -> None:
    """Guard (docs/scripted-provider.md): ``coord run`` killed with SIGKILL while its second
    model call is held, then resumed: the session's message ids are those of the same
    session run without a kill, none repeated (a count of the process's calls gave
    ``msg_scripted_1`` in each process)."""
    gate = tmp_path / "gate"
    turns = [
        {"tool_calls": [_write("a.txt")]},
        {"text": report("Complete"), "hold_until": str(gate)},
    ]
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(OPS, encoding="utf-8")
    script = write_script(tmp_path / "script.yaml", {"ops": turns})
    common = ["--db", str(tmp_path / "s.db")]
    flags = ["--script", script, "--agents-dir", agents, *common]
    gate.touch()  # the same session, run through
    whole = coord("run", "write a", "--agent", "ops", "--only", "--json", "--workspace",
                  workspace(tmp_path / "one"), *flags)  # fmt: skip
    assert whole.returncode == 0, whole.stderr
    gate.unlink()
    gate.with_name("gate.held").unlink(missing_ok=True)
    proc = spawn("run", "write a", "--agent", "ops", "--only", "--workspace",
                 workspace(tmp_path / "two"), *flags)  # fmt: skip
    try:
        wait_for_file(gate.with_name("gate.held"), proc)
    finally:
        proc.kill()
        proc.communicate()
    sessions = json.loads(coord("sessions", "--json", *common).stdout)
    (killed,) = [
        s["session"] for s in sessions if s["session"] != json.loads(whole.stdout)["session"]
    ]
    gate.touch()
    assert coord("resume", killed, *flags).returncode == 0
    ids = _ids(killed, common)
    assert len(ids) == 2 and len(set(ids)) == 2, ids
    assert ids == _ids(json.loads(whole.stdout)["session"], common)
