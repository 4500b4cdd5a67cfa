"""review16: defects found in the agent and mcp_tool hooks and the new handler fields
(each test fails without its fix)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from coordinator.runtime.hooks import HookSource, load_hooks, parse_hooks


def entries(*hooks: dict[str, Any]) -> dict[str, Any]:
    return {"PreToolUse": [{"matcher": "Write", "hooks": list(hooks)}]}


def test_a_hook_type_that_is_not_a_string_is_warned_about_not_a_crash(tmp_path: Path) -> None:
    """``"type": []`` in a workspace settings file (JSON) made loading raise TypeError
    (unhashable list), failing every run instead of warning about the entry."""
    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / ".claude").mkdir(parents=True)
    (home / ".claude").mkdir(parents=True)
    hooks = entries({"type": ["agent"], "prompt": "x"}, {"type": {"a": 1}}, {"command": "ok"})
    (ws / ".claude/settings.json").write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    found = load_hooks(ws, home=home, managed=None)
    assert [h.command for h in found.hooks] == ["ok"]
    warnings = "\n".join(found.warnings)
    assert "unknown hook type ['agent'] (entry ignored)" in warnings
    assert "unknown hook type {'a': 1} (entry ignored)" in warnings


def test_an_mcp_tool_input_json_cannot_hold_is_warned_about_not_a_crash() -> None:
    """An agent file's ``hooks:`` frontmatter is YAML: an mcp_tool hook's ``input`` holding
    a date, or keys of mixed types, made ``json.dumps`` raise TypeError when the agent's
    hooks were read (its run failed with a traceback)."""
    path = Path("/elsewhere/agents/backend.md")
    tool = {"type": "mcp_tool", "server": "s", "tool": "t"}
    dated = {**tool, "input": {"when": datetime.date(2026, 1, 1)}}
    mixed = {**tool, "input": {1: "a", "b": 2}}
    plain = {**tool, "input": {"n": 1}}
    hooks, problems = parse_hooks(
        entries(dated, mixed, plain), HookSource.AGENT, path, False, agent="backend"
    )
    assert [h.mcp_input for h in hooks] == ['{"n": 1}']
    assert sum("'input' must be a JSON object (entry ignored)" in p for p in problems) == 2
