"""What an auditor still could not read from coord (audit106): which person answered a
question (``coord resume --as``, else the user's own git identity, else the OS user), in
the store, the tree and ``--json``; ``server.address``/``server.port`` on chat spans and
``gen_ai.agent.description`` on agent spans; the line of the settings file whose hook
blocked."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_script

AGENT = "---\nname: ops\ndescription: Runs commands.\ntools: Bash, Write\n---\nYou run commands.\n"


def _agents(tmp_path: Path) -> Path:
    agents = tmp_path / "agents"
    agents.mkdir(exist_ok=True)
    (agents / "ops.md").write_text(AGENT, encoding="utf-8")
    return agents


# ---- 1. who answered ----------------------------------------------------------------------

ASKS = {
    "ops": [
        {"text": blocked("Product", "Which plan name the page shows")},
        {"expect": "Pro", "text": report("Complete", "Named it")},
    ]
}


def _waiting(tmp_path: Path, ws: Path) -> tuple[str, list[str]]:
    """A session of agent ``ops`` in ``ws`` waiting for a person's answer: its id and the
    ``--db`` args."""
    common = ["--db", str(tmp_path / "s.db")]
    ran = coord(
        "run", "name the plan", "--agent", "ops", "--agents-dir", _agents(tmp_path), "--only",
        "--script", write_script(tmp_path / "script.yaml", ASKS), "--workspace", ws,
        "--json", *common,
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    return str(json.loads(ran.stdout)["session"]), common


def _answered(tmp_path: Path, ws: Path, *more: str, env: dict[str, str] | None = None) -> Any:
    """Answer the waiting session ``Pro`` (``more``: resume flags): its ``coord log --json``
    and its tree."""
    sid, common = _waiting(tmp_path, ws)
    done = coord("resume", sid, "--context", "Pro", "--workspace", ws, *more, *common, env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(coord("log", sid, "--json", *common).stdout)
    tree = coord("log", sid, *common, env={"COLUMNS": "300"}).stdout
    return data, tree


def _person(data: Any) -> tuple[Any, Any]:
    """The question's ``person`` and its ``resumed`` event's."""
    [question] = data["chain"]["questions"]
    [resumed] = [e for e in data["events"] if e["kind"] == "resumed"]
    assert question["answered_by"] == resumed["answered_by"] == "person"
    return question["person"], resumed["person"]


def test_resume_as_names_who_answered_in_the_log_and_its_json(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    data, tree = _answered(tmp_path, ws, "--as", "Olena Petrenko")
    assert _person(data) == ("Olena Petrenko", "Olena Petrenko")
    assert "resumed ops with a person's answer (Olena Petrenko)" in tree


def test_without_as_the_users_own_git_identity_answered(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    subprocess.run(["git", "init", "-q", str(ws)], check=True)
    for key, value in (("user.name", "Taras Shevchuk"), ("user.email", "taras@example.com")):
        # the user's own (~/.gitconfig): the repository's an agent can write (review136)
        subprocess.run(["git", "config", "--global", key, value], check=True)
    data, tree = _answered(tmp_path, ws)
    who = "Taras Shevchuk <taras@example.com>"
    assert _person(data) == (who, who)
    assert f"with a person's answer ({who})" in tree


def test_without_git_identity_the_os_user_answered(tmp_path: Path) -> None:
    ws = workspace(tmp_path)  # no repository, and the test's HOME has no ~/.gitconfig
    env = {"LOGNAME": "mykola", "GIT_CONFIG_NOSYSTEM": "1"}
    data, _ = _answered(tmp_path, ws, env=env)
    assert _person(data) == ("mykola", "mykola")


def test_as_without_an_answer_is_refused_nothing_recorded(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    sid, common = _waiting(tmp_path, ws)
    before = json.loads(coord("log", sid, "--json", *common).stdout)["events"]
    refused = coord("resume", sid, "--as", "Olena", "--workspace", ws, *common)
    assert refused.returncode == 4
    assert "--as names who answers" in refused.stderr
    assert json.loads(coord("log", sid, "--json", *common).stdout)["events"] == before


def test_as_keeps_no_secret_and_one_line(tmp_path: Path) -> None:
    from coordinator.runtime.answerer import answering_person
    from coordinator.sanitize import register_secret

    register_secret("sk-ant-api03-abcdefghijklmnop")
    kept = answering_person(tmp_path, "Olena\nsk-ant-api03-abcdefghijklmnop")
    assert kept == "Olena [redacted]"


def test_a_resume_stored_before_audit106_reads_no_person() -> None:
    """A ``resumed`` event's array of schema 15 (no ``person``) reads it as null; the tree
    then says "a person's answer" as before."""
    from coordinator.store.payloads import expand

    run = {"id": 1, "agent": "ops", "model": "m", "depth": 0, "parent_run_id": None,
           "domain": None, "definition": None}  # fmt: skip
    old = ["person", "Pro"]
    assert expand("resumed", 1, old, {1: run}) == {
        "agent": "ops",
        "answered_by": "person",
        "answer": "Pro",
        "person": None,
    }


def test_an_mcp_resume_records_the_server_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The MCP ``resume`` tool takes no name (its model would choose one): the answer is
    the server's user's, as the user's own git identity (else the OS user) says."""
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    ws = workspace(tmp_path)
    sid, common = _waiting(tmp_path, ws)
    monkeypatch.setenv("LOGNAME", "oksana")
    options = ServiceOptions(workspace=ws, db=common[1], agents_dirs=[_agents(tmp_path)])
    service = CoordinatorService(options)
    result = asyncio.run(service.resume(sid, "Pro"))
    assert result["status"] == "complete", result
    data = json.loads(coord("log", sid, "--json", *common).stdout)
    assert _person(data) == ("oksana", "oksana")


# ---- 2. server.address / server.port, gen_ai.agent.description ----------------------------

#: A base URL with a user, a password, a path and a query: only its host and port may show.
BASE = "https://svc:pa55word@llm.example.com:8443/anthropic?token=abc123"


def _anthropic_over(agents: dict[str, list[dict[str, Any]]], base_url: str) -> Any:
    """The real Anthropic provider aimed at ``base_url``, answered in process by a script
    (its transport: nothing reaches the network)."""
    from coordinator.providers.anthropic import AnthropicProvider
    from coordinator.providers.script import ScriptedModel
    from coordinator.providers.scripted import ScriptedTransport

    model = ScriptedModel.from_data({"agents": agents}, source="test-script")
    return AnthropicProvider(
        api_key="sk-test", base_url=base_url, transport=ScriptedTransport(model), max_retries=0
    )


def _traced_run(tmp_path: Path, provider: Any = None) -> tuple[Any, list[Any], str]:
    """Agent ``ops`` writes a file and completes, traced with the store given to the
    recorder as ``coord run`` gives it: the harness, the finished spans, the session."""
    pytest.importorskip("opentelemetry.sdk")
    from kit import Harness
    from test_otel import traced

    from coordinator.roster.registry import Registry
    from coordinator.roster.spec import AgentSpec

    described = "Runs the release checks."
    spec = AgentSpec(name="ops", description=described, tools=["Write"], body="Ops.")
    write = {"name": "Write", "input": {"file_path": "a.txt", "content": "a\n"}}
    script = {"ops": [{"tool_calls": [write]}, {"text": report("Complete")}]}
    if provider is not None:
        provider = _anthropic_over(script, provider)
    h = Harness(tmp_path, script, registry=Registry([spec]), provider=provider)
    rec, exporter = traced(h)  # (given the store, as coord run's recorder is)
    result = asyncio.run(h.engine.start("Write a", agent="ops"))
    rec.close()
    return h, list(exporter.get_finished_spans()), result.session_id


def test_chat_spans_name_the_server_of_the_base_url_and_nothing_else(tmp_path: Path) -> None:
    h, spans, sid = _traced_run(tmp_path, provider=BASE)
    chats = [dict(s.attributes or {}) for s in spans if s.name.startswith("chat ")]
    assert len(chats) == 2
    for attrs in chats:
        assert attrs["server.address"] == "llm.example.com"
        assert attrs["server.port"] == 8443
    shown = json.dumps([dict(s.attributes or {}) for s in spans])
    assert "pa55word" not in shown and "abc123" not in shown and "svc" not in shown
    calls = [e.data for e in h.store.events(sid) if e.kind == "model_call"]
    assert [c["server"] for c in calls] == ["llm.example.com:8443"] * 2
    h.close()


def test_the_server_port_is_the_scheme_default_and_scripted_calls_name_none(
    tmp_path: Path,
) -> None:
    import httpx2

    from coordinator.providers.anthropic import server_of

    assert server_of(httpx2.URL("https://api.anthropic.com")) == "api.anthropic.com:443"
    assert server_of(httpx2.URL("http://[::1]:8080/v1?k=1")) == "[::1]:8080"
    h, spans, _ = _traced_run(tmp_path)  # the scripted provider: no server
    chats = [dict(s.attributes or {}) for s in spans if s.name.startswith("chat ")]
    assert chats and not any("server.address" in a for a in chats)
    h.close()


def test_agent_spans_carry_the_agent_description(tmp_path: Path) -> None:
    h, spans, _ = _traced_run(tmp_path)
    [agent] = [s for s in spans if s.name == "invoke_agent ops"]
    assert (agent.attributes or {})["gen_ai.agent.description"] == "Runs the release checks."
    h.close()


def test_a_model_call_stored_before_its_server_reads_it_as_null() -> None:
    from coordinator.store.payloads import expand

    run = {"id": 1, "agent": "ops", "model": "m", "depth": 0, "parent_run_id": None,
           "domain": None, "definition": None}  # fmt: skip
    audit105 = [1, "end_turn", 10, 5, 0.001, 20, "m", 0, 0, "anthropic", "msg_1"]
    assert expand("model_call", 1, audit105, {1: run})["server"] is None
    assert expand("model_call", 1, audit105[:-1], {1: run})["response_id"] is None


def test_coord_run_and_its_replay_send_the_agent_description(tmp_path: Path) -> None:
    """``coord run`` (the store handed to its recorder) and ``coord log --otel`` (the
    stored session replayed) both send ``gen_ai.agent.description``."""
    pytest.importorskip("opentelemetry.sdk")
    from kit import DESCRIPTIONS
    from test_otel import collecting, run_exporting
    from test_otel_replay import received

    with collecting() as (url, handler):
        session = json.loads(run_exporting(tmp_path, url).stdout)["session"]
        live = [s for s in received(handler) if s["name"] == "invoke_agent backend"]
    with collecting() as (url, handler):
        env = {"OTEL_EXPORTER_OTLP_ENDPOINT": url}
        sent = coord("log", session, "--otel", "--workspace", tmp_path / "ws", env=env)
        assert sent.returncode == 0, sent.stderr
        replayed = [s for s in received(handler) if s["name"] == "invoke_agent backend"]
    for spans in (live, replayed):
        [agent] = spans
        assert agent["attributes"]["gen_ai.agent.description"] == DESCRIPTIONS["backend"]


# ---- 3. a hook's block names its file and line --------------------------------------------

USER_HOOKS = """{
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Write",
        "hooks": [
          {
            "type": "command",
            "command": "echo 'no writes today' >&2; exit 2"
          }
        ]
      }
    ]
  }
}
"""


def test_a_settings_hook_that_blocks_is_named_with_its_line(tmp_path: Path) -> None:
    """The user's PreToolUse hook on line 9 of ~/.claude/settings.json blocks a Write:
    the stored refusal, ``--json`` and the tree name ``settings.json:9``."""
    settings = Path.home() / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(USER_HOOKS, encoding="utf-8")
    ws = workspace(tmp_path)
    write = {"name": "Write", "input": {"file_path": "a.txt", "content": "a\n"}}
    script = {"ops": [{"tool_calls": [write]}, {"text": report("Complete")}]}
    common = ["--db", str(tmp_path / "s.db")]
    ran = coord(
        "run", "write a", "--agent", "ops", "--agents-dir", _agents(tmp_path), "--only",
        "--script", write_script(tmp_path / "script.yaml", script), "--workspace", ws,
        "--json", *common,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    sid = json.loads(ran.stdout)["session"]
    data = json.loads(coord("log", sid, "--json", *common).stdout)
    [refused] = data["chain"]["refused"]
    assert refused["by"] == "PreToolUse hook"
    assert f"(user, {settings}:9)" in refused["rule"]  # its path (review144)
    tree = coord("log", sid, *common, env={"COLUMNS": "400"}).stdout
    assert "settings.json:9" in tree


PLUGIN_HOOKS = """{
  "description": "Checks",
  "hooks": {
    "PostToolUse": [
      {"matcher": "Edit", "hooks": [{"type": "command", "command": "true"}]},
      {
        "matcher": "Write",
        "hooks": [
          {"type": "http", "url": "https://hooks.example.com/x"},
          {
            "type": "command",
            "command": "${CLAUDE_PLUGIN_ROOT}/check.sh"
          }
        ]
      }
    ]
  }
}
"""


def test_a_plugins_hooks_are_named_with_their_lines(tmp_path: Path) -> None:
    from test_plugins62 import enable, install

    from coordinator.runtime.hooks import load_hooks

    root = install(manifest={"name": "backend-kit", "hooks": "./hooks.json"})
    (root / "hooks.json").write_text(PLUGIN_HOOKS, encoding="utf-8")
    enable()
    ws = tmp_path / "ws"
    ws.mkdir()
    found = load_hooks(ws, managed=None)
    labels = [h.label() for h in found.hooks]
    assert [label.split(": ")[0] for label in labels] == [
        "PostToolUse[Edit] (plugin backend-kit@mkt, hooks.json:5)",
        "PostToolUse[Write] (plugin backend-kit@mkt, hooks.json:9)",
        "PostToolUse[Write] (plugin backend-kit@mkt, hooks.json:12)",
    ]


def test_hook_lines_follow_groups_a_bad_entry_leaves_in_place() -> None:
    from coordinator.runtime.settings_lines import hook_lines

    text = '{"hooks": {"Stop": [7, {"hooks": [{"type": "command",\n"command": "x"}]}]}}'
    assert hook_lines(text) == {"Stop": [[], [2]]}
    assert hook_lines("{not json") == {}


GUARDED = """---
name: ops
description: Runs commands.
tools: Write
hooks:
  PreToolUse:
    - matcher: Write
      hooks:
        - type: command
          command: "echo 'not here' >&2; exit 2"
---
You run commands.
"""


def test_an_agent_frontmatter_hook_that_blocks_is_named_with_its_line(tmp_path: Path) -> None:
    """The hook of ops.md's frontmatter (its command on line 10) blocks a Write: the
    refusal names ``ops.md:10``."""
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(GUARDED, encoding="utf-8")
    ws = workspace(tmp_path)
    write = {"name": "Write", "input": {"file_path": "a.txt", "content": "a\n"}}
    script = {"ops": [{"tool_calls": [write]}, {"text": report("Complete")}]}
    common = ["--db", str(tmp_path / "s.db")]
    ran = coord(
        "run", "write a", "--agent", "ops", "--agents-dir", agents, "--only",
        "--script", write_script(tmp_path / "script.yaml", script), "--workspace", ws,
        "--json", *common,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    data = json.loads(coord("log", json.loads(ran.stdout)["session"], "--json", *common).stdout)
    [refused] = data["chain"]["refused"]
    assert f"(agent ops, {agents / 'ops.md'}:10)" in refused["rule"]  # its path (review144)


def test_a_frontmatter_changed_since_names_no_line(tmp_path: Path) -> None:
    from coordinator.runtime.settings_lines import frontmatter_hook_lines

    path = tmp_path / "ops.md"
    path.write_text(GUARDED, encoding="utf-8")
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [
        {"type": "command", "command": "echo 'not here' >&2; exit 2"}]}]}  # fmt: skip
    assert frontmatter_hook_lines(path, hooks) == {"PreToolUse": [[10]]}
    assert frontmatter_hook_lines(path, {"PreToolUse": []}) == {}
    assert frontmatter_hook_lines(tmp_path / "gone.md", hooks) == {}
