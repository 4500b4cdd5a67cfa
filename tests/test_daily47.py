"""A Claude Code user's first day with coord (daily47): what their agent files and settings
say is honoured, or coord says plainly that it is not."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coordinator.cli.app import app


def write(folder: Path, name: str, frontmatter: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(f"---\nname: {name}\n{frontmatter}---\nWorks.\n", encoding="utf-8")
    return path


def show(folder: Path, name: str, *extra: str) -> str:
    args = ["agents", "show", name, "--agents-dir", str(folder), "--only", *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_show_names_the_claude_code_tools_the_agent_never_gets(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    tools = "tools: Read, Edit, Bash, TodoWrite, WebSearch\n"
    write(folder, "test-runner", f"description: Runs tests.\n{tools}")
    text = " ".join(show(folder, "test-runner").split())
    assert "not offered TodoWrite, WebSearch (Claude Code's own tools" in text
    data = json.loads(show(folder, "test-runner", "--json"))
    assert data["not_offered"] == ["TodoWrite", "WebSearch"]
    write(folder, "reader", "description: Reads.\ntools: Read, Grep\n")
    assert "not offered" not in show(folder, "reader")


def test_a_server_approved_only_in_the_workspace_settings_says_where(tmp_path: Path) -> None:
    """Claude Code reads ``enabledMcpjsonServers`` in ``.claude/settings.local.json``; coord
    does not (a workspace file approves nothing), and its message names that file rather
    than reading as if the user had approved nothing."""
    from coordinator.mcp.config import agent_servers
    from coordinator.roster.spec import AgentSpec

    ws = tmp_path / "ws"
    (ws / ".claude").mkdir(parents=True)
    (ws / ".mcp.json").write_text(json.dumps({"mcpServers": {"notes": {"command": "x"}}}))
    local = ws / ".claude" / "settings.local.json"
    local.write_text(json.dumps({"enabledMcpjsonServers": ["notes"]}))
    spec = AgentSpec(name="api", description="Builds.", extra={"mcpServers": ["notes"]})
    got = agent_servers(spec, ws, home=tmp_path / "home", environ={})
    assert got.servers == []
    assert "not approved" in got.problems[0]
    said = "approves it, but a file inside the workspace approves nothing"
    assert f"{local} {said}" in got.problems[0]
    local.write_text("{}")
    assert "approves it" not in agent_servers(spec, ws, home=tmp_path / "home").problems[0]


def test_a_tools_rule_holding_commas_is_one_entry(tmp_path: Path) -> None:
    """Claude Code's ``Agent(worker, researcher)`` limits which agents an agent may start: the
    comma inside it splits nothing (it warned ``'researcher' is no tool``)."""
    from coordinator.roster.loader import load_registry

    folder = tmp_path / "agents"
    write(folder, "lead", "description: Leads.\ntools: Agent(worker, researcher), Read, Bash\n")
    registry = load_registry([folder], only=True, cwd=tmp_path, cache=False)
    assert registry.get("lead").tools == ["Agent(worker, researcher)", "Read", "Bash"]
    assert registry.problems == []


def test_tools_written_without_commas_are_warned_of(tmp_path: Path) -> None:
    from coordinator.roster.loader import load_registry

    folder = tmp_path / "agents"
    write(folder, "finder", "description: Finds.\ntools: Read Grep Glob\n")
    registry = load_registry([folder], only=True, cwd=tmp_path, cache=False)
    [problem] = registry.problems
    assert problem.line == 4 and problem.severity == "warning"
    assert "'Read Grep Glob' is not one tool name: separate tools with commas" in problem.message


def test_a_misspelt_disallowed_tool_is_warned_of(tmp_path: Path) -> None:
    """``disallowedTools: Writ`` takes nothing away: the user who meant Write is told."""
    from coordinator.roster.loader import load_registry

    folder = tmp_path / "agents"
    write(folder, "safe", "description: Safe.\ndisallowedTools: Writ, Bash(rm:*)\n")
    registry = load_registry([folder], only=True, cwd=tmp_path, cache=False)
    assert [p.message for p in registry.problems] == [
        "disallowedTools: 'Writ' is no tool coord or Claude Code has; did you mean Write? "
        "(it takes nothing away)"
    ]


def test_a_settings_rule_naming_no_tool_is_warned_of() -> None:
    """``deny: ["Writ"]`` in settings.json denies nothing: said, with the tool meant."""
    from coordinator.runtime.permission_rules import Behavior, parse_rules

    _, problems = parse_rules(["Writ", "WebFetch", "mcp__gh__*"], Behavior.DENY, Path("s.json"))
    assert problems == [
        "s.json: permissions.deny: 'Writ' matches nothing: no tool is named Writ "
        "(did you mean Write?)"
    ]


def test_the_notice_says_a_skipped_pre_tool_use_hook_guards_nothing(tmp_path: Path) -> None:
    """A team's PreToolUse guard in .claude/settings.json is skipped without --allow-bash:
    the person is told that the calls it matches run without it, not only that it is
    skipped."""
    from kit import team, workspace

    from coordinator.config import Settings
    from coordinator.runtime.extras import session_extras

    ws = workspace(tmp_path)
    settings = ws / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    guard = {"matcher": "Write", "hooks": [{"type": "command", "command": "exit 2"}]}
    after = {"matcher": "Write", "hooks": [{"type": "command", "command": "echo ok"}]}
    said = "1 skipped PreToolUse hook checks nothing: the calls it matches run without it"
    hooks = {"PreToolUse": [guard], "PostToolUse": [after]}
    settings.write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    config, registry = Settings(), team("backend")
    extras = session_extras(ws, config, registry, home=tmp_path / "home")
    assert said in "\n".join(extras.notice(registry, config))
    settings.write_text(json.dumps({"hooks": {"PostToolUse": [after]}}), encoding="utf-8")
    extras = session_extras(ws, config, registry, home=tmp_path / "home")
    assert "check nothing" not in "\n".join(extras.notice(registry, config))
    with_bash = Settings(allow_bash=True)
    settings.write_text(json.dumps({"hooks": {"PreToolUse": [guard]}}), encoding="utf-8")
    extras = session_extras(ws, with_bash, registry, home=tmp_path / "home")
    assert "check nothing" not in "\n".join(extras.notice(registry, with_bash))
