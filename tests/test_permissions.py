"""Claude Code's permission rules (``permissions.deny``/``ask``/``allow`` of the settings
files): their syntax and where they come from. Runs that meet them: test_permissions_run.py."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from coordinator.errors import UserError
from coordinator.runtime.permission_bash import bash_matches
from coordinator.runtime.permission_files import load_permissions
from coordinator.runtime.permission_match import rule_matches
from coordinator.runtime.permission_paths import Call
from coordinator.runtime.permission_rules import Behavior, Rule
from coordinator.runtime.permissions import ASK_REFUSED
from coordinator.runtime.settings_read import read_settings

ROOT = Path("/ws")
HOME = Path("/home/me")


def write_settings(path: Path, **permissions: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"permissions": permissions}), encoding="utf-8")


@pytest.mark.parametrize(
    ("specifier", "command", "hit"),
    [
        ("npm run test", "npm run test", True),
        ("npm run test", "npm run test --watch", False),
        ("npm run test:*", "npm run test", True),
        ("npm run test:*", "npm run test --watch", True),
        ("npm run test:*", "npm run test:unit", True),
        ("npm:*", "npmx install", False),  # the legacy prefix ends at a word boundary
        ("ls *", "ls", True),  # a single trailing " *" is optional
        ("ls *", "ls -la", True),
        ("ls *", "lsof", False),
        ("git * main", "git push origin main", True),
        ("git * main", "git push origin dev", False),
        ("rm *", "echo hi && rm -rf build", True),  # any part of a compound command
        ("rm *", "cat x | rm y", True),
        ("rm *", "echo rm", False),
        ("python:*", "python script.py > out.txt 2>&1", True),  # redirections ignored
    ],
)
def test_bash_rules_match_as_in_claude_code(specifier: str, command: str, hit: bool) -> None:
    assert bash_matches(specifier, command) is hit


def rule(text: str, behavior: Behavior = Behavior.DENY) -> Rule:
    from coordinator.runtime.permission_rules import parse_rules

    rules, problems = parse_rules([text], behavior, Path("settings.json"))
    assert not problems
    return rules[0]


@pytest.mark.parametrize(
    ("text", "tool", "args", "hit"),
    [
        ("Read(./.env)", "Read", {"file_path": ".env"}, True),
        ("Read(./.env)", "Read", {"file_path": "/ws/.env"}, True),
        ("Read(./.env)", "Read", {"file_path": "app/.env"}, False),  # ./ anchors it
        ("Read(.env)", "Read", {"file_path": "app/.env"}, True),  # no slash: any depth
        ("Read(*.pem)", "Read", {"file_path": "keys/deep/server.pem"}, True),
        ("Read(./secrets/**)", "Read", {"file_path": "secrets/a/b.txt"}, True),
        ("Read(./secrets/)", "Read", {"file_path": "secrets/b.txt"}, True),
        ("Read(secrets)", "Grep", {"pattern": "x", "path": "secrets"}, True),  # Grep too
        ("Read(./.env)", "Grep", {"pattern": "x", "path": "."}, False),
        ("Read(//etc/passwd)", "Read", {"file_path": "/etc/passwd"}, True),
        ("Read(~/.ssh/**)", "Read", {"file_path": "/home/me/.ssh/id_rsa"}, True),
        ("Edit(/src/**/*.ts)", "Write", {"file_path": "src/a/b.ts"}, True),  # Edit covers Write
        ("Edit(/src/**/*.ts)", "Edit", {"file_path": "src/a/b.py"}, False),
        ("Edit(docs/**)", "Read", {"file_path": "docs/a.md"}, False),
        ("Read(./x/../.env)", "Read", {"file_path": "sub/../.env"}, True),
        ("Bash", "Bash", {"command": "ls"}, True),
        ("Bash(*)", "Bash", {"command": "ls"}, True),
        ("Write", "Edit", {"file_path": "a"}, False),
        ("mcp__github", "mcp__github__create_issue", {}, True),
        ("mcp__github__create_*", "mcp__github__create_issue", {}, True),
        ("mcp__github__list", "mcp__github__create_issue", {}, False),
        ("mcp__git", "mcp__github__create_issue", {}, False),
    ],
)
def test_rules_match_tool_calls(text: str, tool: str, args: dict[str, Any], hit: bool) -> None:
    assert rule_matches(rule(text), Call(tool, args, ROOT, HOME)) is hit


def test_every_settings_file_counts_and_deny_beats_ask(tmp_path: Path) -> None:
    home, ws = tmp_path / "home", tmp_path / "ws"
    write_settings(home / ".claude/settings.json", deny=["Bash(rm:*)"], allow=["Bash"])
    write_settings(ws / ".claude/settings.json", ask=["Bash(git push:*)", "Bash(rm:*)"])
    write_settings(ws / ".claude/settings.local.json", deny=["Read(./.env)", 7])
    managed = tmp_path / "managed.json"
    write_settings(managed, deny=["WebFetch"])
    found = load_permissions(ws, home=home, managed=managed)
    root = ws.resolve()
    rm = found.refusal("Bash", {"command": "rm -rf x"}, root)
    assert rm is not None and "Permission denied" in rm and "settings.json" in rm
    push = found.refusal("Bash", {"command": "git push origin main"}, root)
    assert push is not None and push.startswith(ASK_REFUSED)
    assert found.refusal("Read", {"file_path": ".env"}, root) is not None
    assert found.refusal("Bash", {"command": "ls"}, root) is None  # allow widens nothing
    assert found.removed_tools() == ["WebFetch"]
    assert [w for w in found.warnings if "cannot read rule 7" in w]


def test_a_workspace_file_cannot_widen_what_the_users_own_settings_allow(tmp_path: Path) -> None:
    """Trust: an agent can write the workspace's .claude/settings*.json, so its allow rules
    pre-approve nothing for a dontAsk agent, and its defaultMode may only narrow the user's
    (plan < dontAsk < the rest); deny and ask rules from it count, as they only narrow."""
    home, ws = tmp_path / "home", tmp_path / "ws"
    root = ws.resolve()

    def put(path: Path, **permissions: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"permissions": permissions}), encoding="utf-8")

    put(home / ".claude/settings.json", defaultMode="dontAsk", allow=["Edit(src/**)"])
    put(ws / ".claude/settings.json", defaultMode="bypassPermissions", allow=["Bash", "Edit"])
    found = load_permissions(ws, home=home, managed=None)
    assert found.default_mode == "dontAsk"
    assert found.refusal("Write", {"file_path": "src/a.py"}, root) is None  # the user's allow
    assert found.refusal("Write", {"file_path": "notes.txt"}, root) is not None
    assert found.refusal("Bash", {"command": "ls"}, root) is not None
    put(ws / ".claude/settings.local.json", defaultMode="plan", deny=["Read(./.env)"])
    narrowed = load_permissions(ws, home=home, managed=None)
    assert narrowed.default_mode == "plan"
    assert narrowed.refusal("Read", {"file_path": ".env"}, root) is not None


def test_a_settings_file_that_cannot_be_read_is_named_once_with_the_reason(tmp_path: Path) -> None:
    """A FIFO in place of a settings file is not waited on, and neither it nor bytes that
    are not UTF-8 repeat the path or show an errno: one message each, naming the file."""
    fifo = tmp_path / "settings.json"
    os.mkfifo(fifo)
    with pytest.raises(UserError) as caught:
        read_settings(fifo, [])
    assert str(caught.value) == f"cannot read the settings file {fifo}: not a regular file"
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{}")
    with pytest.raises(UserError) as caught:
        read_settings(binary, [])
    assert str(caught.value) == f"{binary}: invalid settings: not UTF-8 text"
