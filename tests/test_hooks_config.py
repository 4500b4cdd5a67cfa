"""Where hooks come from and which ones run: settings precedence, matchers, trust."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coordinator.errors import UserError
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.hooks import (
    DEFAULT_TIMEOUT,
    Hook,
    HookEvent,
    HookSource,
    load_hooks,
    session_hooks,
)


def settings(path: Path, hooks: dict[str, Any], **more: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"hooks": hooks, **more}), encoding="utf-8")


def group(command: str, matcher: str | None = None, **entry: Any) -> list[dict[str, Any]]:
    spec: dict[str, Any] = {"hooks": [{"type": "command", "command": command, **entry}]}
    if matcher is not None:
        spec["matcher"] = matcher
    return [spec]


def one(matcher: str, event: HookEvent = HookEvent.PRE_TOOL_USE) -> Hook:
    return Hook(event, matcher, "true", 60, HookSource.USER, Path("s.json"), False)


@pytest.mark.parametrize(
    ("matcher", "name", "hit"),
    [
        ("", "Write", True),
        ("*", "Bash", True),
        ("Write", "Write", True),
        ("Write", "WriteFile", False),
        ("Edit|Write", "Write", True),
        ("Edit|Write", "Read", False),
        ("Notebook.*", "NotebookEdit", True),
        ("mcp__.*", "mcp__github__search", True),
        ("mcp__.*", "Read", False),
        ("[", "Read", False),  # a broken regex matches nothing
    ],
)
def test_matchers_follow_claude_code(matcher: str, name: str, hit: bool) -> None:
    assert one(matcher).matches(name) is hit


@pytest.mark.parametrize(
    ("matcher", "name", "hit"),
    [
        # letters, digits, _, -, spaces, commas and | only: a list of exact names
        ("Edit, Write", "Write", True),
        ("Edit,Write", "Edit", True),
        ("Edit | Write", "Write", True),
        ("Edit, Write", "Read", False),
        ("mcp__memory", "mcp__memory__create", False),  # a server prefix is not a regex
        ("code-reviewer", "code-reviewer", True),
        # anything else: a regular expression tested anywhere in the name (unanchored)
        ("^Notebook", "NotebookEdit", True),
        ("^Notebook", "MyNotebook", False),
        ("mcp__.*__read", "mcp__fs__read_file", True),
        ("^Bash$", "Bash", True),
        ("^Bash$", "Bashful", False),
    ],
)
def test_matcher_lists_and_unanchored_regexes_as_in_claude_code(
    matcher: str, name: str, hit: bool
) -> None:
    """Claude Code's hooks reference: a matcher of only letters, digits, ``_``, ``-``,
    spaces, ``,`` and ``|`` is an exact name or a list of them; any other character makes it
    a JavaScript regular expression, tested (``RegExp.test``) without anchors."""
    assert one(matcher).matches(name) is hit


def test_matcher_is_ignored_for_events_without_one() -> None:
    assert one("Write", HookEvent.USER_PROMPT_SUBMIT).matches(None)
    assert one("Write", HookEvent.STOP).matches("backend")


def test_all_three_settings_files_are_merged_and_trust_follows_the_file(tmp_path: Path) -> None:
    home, ws = tmp_path / "home", tmp_path / "ws"
    settings(home / ".claude/settings.json", {"PreToolUse": group("user-guard", "Bash")})
    settings(ws / ".claude/settings.json", {"PreToolUse": group("project-fmt", "Write")})
    settings(ws / ".claude/settings.local.json", {"Stop": group("local-stop", timeout=5)})
    found = load_hooks(ws, home=home)
    by_command = {h.command: h for h in found.hooks}
    assert [h.source for h in found.hooks] == [
        HookSource.USER,
        HookSource.PROJECT,
        HookSource.LOCAL,
    ]
    assert not by_command["user-guard"].confined
    assert by_command["project-fmt"].confined and by_command["local-stop"].confined
    assert by_command["local-stop"].timeout == 5
    assert by_command["user-guard"].timeout == DEFAULT_TIMEOUT
    assert [h.command for h in found.for_event(HookEvent.PRE_TOOL_USE, "a", "Bash")] == [
        "user-guard"
    ]


def test_the_same_command_twice_runs_once(tmp_path: Path) -> None:
    home, ws = tmp_path / "home", tmp_path / "ws"
    settings(home / ".claude/settings.json", {"PreToolUse": group("guard")})
    settings(ws / ".claude/settings.json", {"PreToolUse": group("guard", "*")})
    found = load_hooks(ws, home=home)
    assert len(found.for_event(HookEvent.PRE_TOOL_USE, "a", "Read")) == 1


def test_a_workspace_file_cannot_turn_off_the_users_hooks(tmp_path: Path) -> None:
    home, ws = tmp_path / "home", tmp_path / "ws"
    settings(home / ".claude/settings.json", {"PreToolUse": group("user-guard")})
    settings(ws / ".claude/settings.json", {"PreToolUse": group("mine")}, disableAllHooks=True)
    assert [h.command for h in load_hooks(ws, home=home).hooks] == ["user-guard"]
    settings(
        home / ".claude/settings.json", {"PreToolUse": group("user-guard")}, disableAllHooks=True
    )
    assert load_hooks(ws, home=home).for_event(HookEvent.PRE_TOOL_USE, "a", "Read") == []


def test_agent_hooks_apply_to_their_agent_and_stop_means_its_own_stop(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    spec = AgentSpec(
        name="backend",
        description="d",
        source=ws / ".claude/agents/backend.md",
        extra={"hooks": {"Stop": group("check"), "PreToolUse": group("fmt", "Write")}},
    )
    found = session_hooks(ws, [spec, AgentSpec(name="dba", description="d")], home=tmp_path)
    assert [h.command for h in found.for_event(HookEvent.SUBAGENT_STOP, "backend", "x")] == [
        "check"
    ]
    assert [h.command for h in found.for_event(HookEvent.STOP, "backend")] == ["check"]
    assert found.for_event(HookEvent.PRE_TOOL_USE, "dba", "Write") == []
    assert all(h.confined for h in found.agent_hooks["backend"])  # its file is in the workspace


def test_bad_entries_are_warned_about_and_bad_json_is_one_clear_error(tmp_path: Path) -> None:
    home, ws = tmp_path / "home", tmp_path / "ws"
    hooks = {
        "Notification": group("notify"),
        "Bogus": group("x"),
        "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "webhook", "url": "?"}]}],
    }
    settings(ws / ".claude/settings.json", hooks)
    found = load_hooks(ws, home=home)
    assert found.hooks == []
    text = "\n".join(found.warnings)
    assert "Notification hooks never fire" in text and "unknown hook event 'Bogus'" in text
    assert "unknown hook type 'webhook' (entry ignored)" in text
    (ws / ".claude/settings.local.json").write_text('{"hooks": {,}}', encoding="utf-8")
    with pytest.raises(UserError, match=r"settings.local.json:1: invalid JSON"):
        load_hooks(ws, home=home)


def test_no_hooks_loads_nothing(tmp_path: Path) -> None:
    settings(tmp_path / "home/.claude/settings.json", {"PreToolUse": group("guard")})
    found = load_hooks(tmp_path, home=tmp_path / "home", enabled=False)
    assert not found.enabled and found.for_event(HookEvent.PRE_TOOL_USE, "a", "Read") == []


def test_default_timeouts_are_claude_codes(tmp_path: Path) -> None:
    """Claude Code's hooks reference: a command hook without ``timeout`` gets 600 seconds
    whatever its event (30 s is the default of a prompt hook, which coord does not run); a
    hook's own ``timeout`` wins."""
    home, ws = tmp_path / "home", tmp_path / "ws"
    hooks = {
        "PreToolUse": group("guard", "Bash"),
        "Stop": group("check"),
        "UserPromptSubmit": group("screen"),
        "PostToolUse": group("fmt", timeout=900),
    }
    settings(home / ".claude/settings.json", hooks)
    by_command = {h.command: h.timeout for h in load_hooks(ws, home=home).hooks}
    assert by_command == {"guard": 600, "check": 600, "screen": 600, "fmt": 900}
    assert DEFAULT_TIMEOUT == 600


def test_managed_hooks_run_first_and_only_managed_settings_turn_them_off(
    tmp_path: Path,
) -> None:
    """Claude Code reads hooks from the managed settings too, first; disableAllHooks in any
    other file (or --no-hooks) cannot turn them off, only the managed file's own can."""
    home, ws = tmp_path / "home", tmp_path / "ws"
    managed = tmp_path / "etc/managed-settings.json"
    settings(managed, {"PreToolUse": group("audit", "Bash")})
    settings(home / ".claude/settings.json", {"PreToolUse": group("user-guard")})
    settings(ws / ".claude/settings.json", {"PreToolUse": group("mine")})

    def commands(**kw: Any) -> list[str]:
        found = load_hooks(ws, home=home, managed=managed, **kw)
        return [h.command for h in found.for_event(HookEvent.PRE_TOOL_USE, "a", "Bash")]

    assert commands() == ["audit", "user-guard", "mine"]
    [first] = load_hooks(ws, home=home, managed=managed).hooks[:1]
    assert first.source == HookSource.MANAGED and not first.confined
    # (named by file:line, as a settings.json hook is: tidy107; the file is one line here)
    assert first.label() == "PreToolUse[Bash] (managed, managed-settings.json:1): audit"
    assert commands(enabled=False) == ["audit"]  # --no-hooks
    settings(
        home / ".claude/settings.json", {"PreToolUse": group("user-guard")}, disableAllHooks=True
    )
    assert commands() == ["audit"]
    settings(managed, {"PreToolUse": group("audit", "Bash")}, disableAllHooks=True)
    assert commands() == [] and not load_hooks(ws, home=home, managed=managed).enabled


def test_allow_managed_hooks_only_drops_every_other_hook(tmp_path: Path) -> None:
    """``allowManagedHooksOnly: true`` in the managed settings: user, project, local and
    agent-file hooks are not loaded; in any other file it means nothing."""
    home, ws = tmp_path / "home", tmp_path / "ws"
    managed = tmp_path / "etc/managed-settings.json"
    settings(home / ".claude/settings.json", {"PreToolUse": group("user-guard")})
    settings(
        ws / ".claude/settings.json", {"PreToolUse": group("mine")}, allowManagedHooksOnly=True
    )
    spec = AgentSpec(
        name="backend",
        description="d",
        source=tmp_path / "team/backend.md",
        extra={"hooks": {"PreToolUse": group("fmt")}},
    )

    def commands() -> list[str]:
        found = session_hooks(ws, [spec], home=home, managed=managed)
        return [h.command for h in found.for_event(HookEvent.PRE_TOOL_USE, "backend", "Bash")]

    assert commands() == ["user-guard", "mine", "fmt"]  # no managed file: nothing changes
    settings(managed, {"PreToolUse": group("audit")}, allowManagedHooksOnly=True)
    assert commands() == ["audit"]


@pytest.mark.parametrize(
    ("decisions", "deferred", "block"),
    [
        (["defer"], True, False),
        (["defer", "ask"], True, False),  # defer beats ask
        (["defer", "allow"], True, False),
        (["defer", "deny"], False, True),  # deny beats defer
        (["ask"], False, True),
    ],
)
def test_permission_decisions_combine_as_in_claude_code(
    decisions: list[str], deferred: bool, block: bool
) -> None:
    """Claude Code's order for several PreToolUse hooks: deny > defer > ask > allow."""
    from coordinator.runtime.hook_run import HookRun, Outcome, combine

    runs = [
        HookRun(
            one(""),
            Outcome.BLOCKED if d in ("deny", "ask") else Outcome.OK,
            0,
            data={"hookSpecificOutput": {"permissionDecision": d}},
        )
        for d in decisions
    ]
    verdict = combine(HookEvent.PRE_TOOL_USE, runs)
    assert (verdict.deferred is not None, verdict.block) == (deferred, block)
