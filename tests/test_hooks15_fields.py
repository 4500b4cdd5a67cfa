"""A hook handler's ``if`` (Claude Code's permission-rule syntax: the hook runs only for the
tool calls it covers, at tool events), and the other handler fields Claude Code documents:
``statusMessage`` and ``once`` accepted, ``asyncRewake`` a background hook that wakes,
``shell: powershell`` loaded, another ``shell`` not, an unknown field warned about and
never failing a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import report
from test_hooks import Run, py_hook

from coordinator.runtime.hooks import HookEvent, load_hooks

DONE = report("Complete", "Done")


def write(name: str, content: str = "x") -> dict[str, Any]:
    return {"name": "Write", "input": {"file_path": name, "content": content}}


def guarded(command: str, condition: str, event: str = "PreToolUse", **extra: Any) -> Any:
    entry = {"type": "command", "command": command, "if": condition, **extra}
    return {event: [{"matcher": "Write|Edit", "hooks": [entry]}]}


def loaded(tmp_path: Path, hooks: dict[str, Any]) -> tuple[list[Any], str]:
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True, exist_ok=True)
    (home / ".claude/settings.json").write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    found = load_hooks(tmp_path / "ws", home=home, managed=None)
    return found.hooks, "\n".join(found.warnings)


async def test_an_if_rule_runs_the_hook_only_for_the_calls_it_covers(tmp_path: Path) -> None:
    guard = py_hook(
        tmp_path,
        "guard.py",
        "print('no markdown: ' + data['tool_input']['file_path'], file=sys.stderr)\nsys.exit(2)\n",
    )
    agents = {
        "backend": [
            {"tool_calls": [write("notes.txt")]},
            {"tool_calls": [write("docs/guide.md")]},
            {"expect": "no markdown: docs/guide.md", "text": DONE},
        ]
    }
    r = Run(tmp_path, agents, guarded(guard, "Write(*.md)"))
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert (r.ws / "notes.txt").read_text() == "x"  # not covered: the hook never ran
    assert not (r.ws / "docs/guide.md").exists()  # covered: refused
    [event] = r.hook_events(result.session_id)
    assert (event["target"], event["outcome"]) == ("Write", "blocked")


async def test_an_if_rule_on_bash_matches_each_part_of_a_command(tmp_path: Path) -> None:
    hook = guarded("exit 2", "Bash(git push *)")
    hook["PreToolUse"][0]["matcher"] = "Bash"
    [only], _ = loaded(tmp_path, hook)
    root = tmp_path
    assert only.applies("Bash", {"command": "git push origin main"}, root)
    assert only.applies("Bash", {"command": "make && git push -f"}, root)
    assert not only.applies("Bash", {"command": "git status"}, root)
    assert not only.applies("Write", {"file_path": "git push x"}, root)


def test_an_if_rule_is_read_at_tool_events_only_and_must_be_readable(tmp_path: Path) -> None:
    hooks = {
        **guarded("a", "Write(*.md)", "Stop"),
        **guarded("b", "Write(*.md", "PostToolUse"),
        **guarded("c", "Edit(src/**)", "PostToolUseFailure"),
    }
    found, warnings = loaded(tmp_path, hooks)
    assert [(h.event, h.command) for h in found] == [(HookEvent.POST_TOOL_USE_FAILURE, "c")]
    assert "'if' is read at tool events only: the hook never runs" in warnings
    assert "cannot read the hook's 'if' rule 'Write(*.md'" in warnings
    assert "if Edit(src/**)" in found[0].label()


def test_documented_handler_fields_are_accepted_and_unknown_ones_warned_about(
    tmp_path: Path,
) -> None:
    entries = [
        {"type": "command", "command": "a", "statusMessage": "Checking...", "once": True},
        {"type": "command", "command": "b", "asyncRewake": True},
        {"type": "command", "command": "c", "shell": "powershell"},
        {"type": "command", "command": "d", "colour": "blue"},
        {"type": "command", "command": "e", "shell": "zsh"},
        {"type": "prompt", "prompt": "p?", "statusMessage": "Thinking"},
    ]
    found, warnings = loaded(tmp_path, {"PreToolUse": [{"hooks": entries}]})
    by_command = {h.command or h.prompt: h for h in found}
    assert sorted(by_command) == ["a", "b", "c", "d", "p?"]
    assert not by_command["a"].background and by_command["b"].background
    assert by_command["b"].rewake and by_command["c"].shell == "powershell"
    assert "statusMessage" not in warnings and "once" not in warnings
    assert "asyncRewake" not in warnings and "'powershell'" not in warnings
    assert "command hooks run with bash or powershell (shell 'zsh'" in warnings
    assert "command hook field colour not read" in warnings


async def test_an_unknown_field_never_fails_a_run(tmp_path: Path) -> None:
    guard = py_hook(
        tmp_path, "deny.py", "import sys\nprint('refused', file=sys.stderr)\nsys.exit(2)\n"
    )
    entry = {"type": "command", "command": guard, "futureField": {"x": 1}, "statusMessage": "…"}
    agents = {
        "backend": [{"tool_calls": [write("notes.txt")]}, {"expect": "refused", "text": DONE}]
    }
    r = Run(tmp_path, agents, {"PreToolUse": [{"matcher": "Write", "hooks": [entry]}]})
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert not (r.ws / "notes.txt").exists()
