"""review146: what a script reading ``--json`` meets, read across every command. A fact
has one name and one type in every output (``session``, ``agent``, ``status``,
``exit_code``, ``ended_at``, ``hint``/``fix``, ``error``); ``coord run``/``resume``'s
error object names the ``session`` (null: none started), ``status``, ``agent`` and
``fix`` as a batch item an error stopped does; a ``--script`` with no turns for the agent
a request goes to is bad input (exit 4, one message naming the file and the agent,
nothing stored), not a failed session; with ``--json`` stdout is the one JSON document
and stderr still carries what a person needs: a skipped hook, an unreadable rules file,
a Bash call refused, an MCP server that did not start."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from cli import Ran, coord
from kit import blocked, report, workspace, write_agents, write_script

FIXTURE = Path(__file__).resolve().parent / "mcp_fixture_server.py"
SHARED_ERROR = {"error": str, "hint": (str, type(None)), "exit_code": int}
STOPPED = ("session", "status", "agent", "error", "hint", "fix", "exit_code")


def _json(ran: Ran, code: int) -> Any:
    """The one JSON document on stdout of a command that exited ``code``."""
    assert ran.returncode == code, ran.stderr
    return json.loads(ran.stdout)


def _error(ran: Ran) -> dict[str, Any]:
    """A ``--json`` error: its keys typed as every error's, its exit code the process's,
    its ``error`` the line stderr says."""
    data = _json(ran, ran.returncode)
    assert ran.returncode != 0
    for key, kind in SHARED_ERROR.items():
        assert isinstance(data[key], kind), (key, data)
    assert data["exit_code"] == ran.returncode
    assert ran.stderr.startswith(f"error: {data['error']}")
    return dict(data)


def _session_facts(item: dict[str, Any], code: int | None = None) -> None:
    """A session's facts as every result and listing types them."""
    assert isinstance(item["session"], str) and isinstance(item["status"], str)
    assert isinstance(item["agent"], str)
    assert item["ended_at"] is None or isinstance(item["ended_at"], float)
    assert item["hint"] is None or isinstance(item["hint"], str)
    assert item.get("fix") is None or isinstance(item["fix"], str)
    if code is not None:
        assert item["exit_code"] == code


def _team(tmp_path: Path) -> tuple[Path, Path, Path]:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    answer = {"expect": "Pro plan", "text": report("Complete")}
    turns = [{"text": blocked("Product", "Which plan")}, answer]
    return ws, agents, write_script(tmp_path / "s.yaml", {"backend": turns * 2})


def test_every_json_command_names_the_shared_facts_one_way(tmp_path: Path) -> None:
    ws, agents, script = _team(tmp_path)
    roster = ("--agents-dir", agents, "--only")
    common = ("-w", ws, *roster, "--script", script, "--json")
    fits = _json(coord("route", "--json", "Add a users endpoint", *roster, cwd=ws), 0)
    assert fits["agent"] == "backend" and fits["hint"] is None and fits["exit_code"] == 0
    none = _json(coord("route", "--json", "zzz qqq", *roster, cwd=ws), 4)
    assert none["agent"] is None and isinstance(none["hint"], str) and none["exit_code"] == 4
    _error(coord("route", "--json", "x", "--agents-dir", tmp_path / "nope", "--only", cwd=ws))
    run = _json(coord("run", "Charge the card", "--agent", "backend", *common), 3)
    _session_facts(run, 3)
    sid = run["session"]
    resumed = _json(coord("resume", sid, "--context", "The Pro plan", "-w", ws, "--json"), 0)
    _session_facts(resumed, 0)
    assert isinstance(resumed["ended_at"], float)
    stopped = [
        _error(coord("run", "zzz qqq", *common)),  # no agent fits
        _error(coord("run", "x", "--agent", "nosuch", *common)),
        _error(coord("resume", "nosuch", "-w", ws, "--json")),
        _error(coord("run", "--batch", tmp_path / "none.yaml", *common)),
    ]
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text('- {request: "Charge it", agent: backend}\n- "zzz qqq"\n', encoding="utf-8")
    batch = _json(coord("run", "--batch", tasks, *common), 4)
    item, failed = batch["items"]
    _session_facts(item, 3)
    for error in [*stopped, failed]:  # one shape: the batch item's and the run's alike
        assert tuple(k for k in error if k in STOPPED) == STOPPED, error
        assert error["session"] is None and error["status"] == "user_error", error
        assert error["agent"] is None and error["fix"] is None
    for listed in _json(coord("sessions", "--json", "-w", ws, "--here"), 0):
        _session_facts(listed)
    logged = _json(coord("log", sid, "--json", "-w", ws), 0)
    _session_facts(logged)
    assert logged["ended_at"] == resumed["ended_at"] and logged["agent"] == run["agent"]
    _error(coord("log", "nosuch", "--json", "-w", ws))
    _error(coord("sessions", "--json", "-w", ws, "--status", "nosuch"))
    assert all(row["agent"] == "backend" for row in _json(coord("stats", "--json", "-w", ws), 0))
    _error(coord("stats", "--json", "-w", ws, "--since", "1 fortnight"))
    checked = _json(coord("agents", "validate", agents, "--json", cwd=ws), 0)
    assert checked["error_count"] == 0 and isinstance(checked["note_count"], int)
    _error(coord("agents", "validate", tmp_path / "nope", "--json", cwd=ws))
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {request: 'Add a users endpoint', expect: backend}\n", encoding="utf-8")
    scored = _json(coord("agents", "eval", cases, "--json", *roster, cwd=ws), 0)
    assert scored["exit_code"] == 0 and scored["correct"] == 1
    _error(coord("agents", "eval", tmp_path / "no.yaml", "--json", *roster, cwd=ws))
    _error(coord("workers", "--json", "--db", str(tmp_path / "x.db"), cwd=ws))
    assert _json(coord("config", "--json", "-w", ws), 0)["workspace"] == str(ws)
    _error(coord("config", "--json", "-w", tmp_path / "nows"))


def test_a_script_without_turns_for_the_agent_is_bad_input_and_stores_nothing(
    tmp_path: Path,
) -> None:
    """Named (``--agent web``) or routed to (``dba``), an agent the script does not script:
    a failed session was stored (exit 1, a `coord sessions` entry, a day in `coord
    stats`) for a mistake in the command's input; now exit 4 before any session."""
    ws, agents, script = _team(tmp_path)
    common = ("-w", ws, "--agents-dir", agents, "--only", "--script", script)
    for how in (("--agent", "web"), ()):
        ran = coord("run", "Add an index to the users table", *how, *common)
        assert ran.returncode == 4, ran.stdout + ran.stderr
        line, fix = ran.stderr.splitlines()
        agent = how[1] if how else "dba"
        assert line == (
            f"error: {script}: the script has no turns for agent '{agent}' (it scripts: backend)"
        )
        assert f"`{agent}:`" in fix and "--agent backend" in fix and ran.stdout == ""
    error = _error(coord("run", "Add an index", "--agent", "web", *common, "--json"))
    assert error["session"] is None and error["agent"] == "web" and error["exit_code"] == 4
    assert _json(coord("sessions", "--json", "-w", ws, "--here"), 0) == []


BACKEND = (
    "---\nname: backend\ndescription: Builds the backend endpoints.\n"
    "tools: Read, Write, Bash, mcp__srv__add\nmcpServers: [srv, bad]\n---\nYou build.\n"
)


def _said_on_stderr(ran: Ran, code: int, *lines: str) -> dict[str, Any]:
    """stdout is one JSON document, and nothing a hook printed; stderr says ``lines``."""
    data = _json(ran, code)  # json.loads of the whole of stdout
    assert "HOOK-SAID" not in ran.stdout
    for line in lines:
        assert line in ran.stderr, (line, ran.stderr)
    return dict(data)


def test_json_keeps_stdout_one_document_and_what_a_person_needs_on_stderr(
    tmp_path: Path,
) -> None:
    """A run/resume/batch with hooks (one of the user's that prints, one of the workspace's
    skipped), an unreadable rules file and two MCP servers, one of which does not start:
    the Bash call refused and the server that did not start were on no stream with --json
    (the progress lines that said them are the text view's)."""
    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND, encoding="utf-8")
    servers = {
        "srv": {"command": sys.executable, "args": [str(FIXTURE)]},
        "bad": {"command": str(tmp_path / "no-such-server")},
    }
    (Path.home() / ".claude.json").write_text(json.dumps({"mcpServers": servers}))
    hook = {"type": "command", "command": "echo HOOK-SAID-THIS; echo HOOK-SAID-THAT >&2"}
    hooks = {"hooks": {"PostToolUse": [{"matcher": "Write", "hooks": [hook]}]}}
    (Path.home() / ".claude").mkdir(exist_ok=True)
    (Path.home() / ".claude" / "settings.json").write_text(json.dumps(hooks))
    (ws / ".claude").mkdir(exist_ok=True)
    (ws / ".claude" / "settings.json").write_text(json.dumps(hooks))  # skipped: no --allow-bash
    rules = {"permissions": ["Write(secret.txt)"]}  # a list: its rules cannot be read
    (ws / ".claude" / "settings.local.json").write_text(json.dumps(rules), encoding="utf-8")
    calls = [
        {"name": "Write", "input": {"file_path": "a.txt", "content": "a\n"}},
        {"name": "Bash", "input": {"command": "ls"}},
        {"name": "mcp__srv__add", "input": {"a": 2, "b": 3}},
    ]
    turns = [{"tool_calls": calls}, {"text": blocked("Product", "Which plan")}]
    turns += [{"expect": "Pro plan", "tool_calls": calls}, {"text": report("Complete")}]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    common = ("-w", ws, "--agents-dir", agents, "--only", "--script", script, "--json")
    unread = "settings.local.json: permissions must be a mapping (ignored)"
    needed = ("skipped: ", unread, "MCP server 'bad' did not start", "Bash is off")
    run = coord("run", "Add an endpoint", "--agent", "backend", *common)
    sid = _said_on_stderr(run, 3, *needed)["session"]
    resumed = coord("resume", sid, "--context", "The Pro plan", "-w", ws, "--json")
    assert _said_on_stderr(resumed, 0, *needed[1:])["status"] == "complete"
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text('- {request: "Add an endpoint", agent: backend}\n', encoding="utf-8")
    batch = _said_on_stderr(coord("run", "--batch", tasks, *common), 3, *needed)
    assert [item["status"] for item in batch["items"]] == ["waiting"]
