"""compat81: names Claude Code's current docs give that coord read as mistakes.

* ``permissionMode: manual`` (and ``defaultMode: manual``): Claude Code's alias of
  ``default`` (v2.1.200; sub-agents and permissions pages), which coord warned of as an
  unknown mode.
* hook events its hooks reference documents (``PostToolBatch``, ``StopFailure``,
  ``WorktreeCreate``...) that a coord run never fires: coord called them unknown events, as
  if misspelt.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.runtime.hooks import load_hooks
from coordinator.runtime.permissions import load_permissions


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_permission_mode_manual_is_default_without_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    write(
        folder / "rev.md",
        "---\nname: rev\ndescription: reviews code\npermissionMode: manual\n---\nReview.\n",
    )
    registry = load_registry([folder], only=True, cache=False, managed=None)
    assert registry.get("rev").permission_mode == "default"
    assert [p.message for p in registry.problems] == []


def test_default_mode_manual_is_read_as_default(tmp_path: Path) -> None:
    ws, home = tmp_path / "ws", tmp_path / "home"
    write(ws / ".claude/settings.json", json.dumps({"permissions": {"defaultMode": "manual"}}))
    write(home / ".claude/settings.json", json.dumps({"permissions": {"defaultMode": "manual"}}))
    rules = load_permissions(ws, home=home, managed=None)
    assert rules.default_mode == "default"
    assert not any("defaultMode" in w for w in rules.warnings)


@pytest.mark.parametrize(
    "event", ["PostToolBatch", "StopFailure", "WorktreeCreate", "PermissionDenied", "Setup"]
)
def test_documented_events_coord_never_fires_are_named_so_not_unknown(
    tmp_path: Path, event: str
) -> None:
    home, ws = tmp_path / "home", tmp_path / "ws"
    hooks = {event: [{"hooks": [{"type": "command", "command": "echo hi"}]}]}
    path = write(home / ".claude/settings.json", json.dumps({"hooks": hooks}))
    found = load_hooks(ws, home=home, managed=None)
    assert found.hooks == []
    assert found.warnings == [f"{path}: {event} hooks never fire in a coord run (ignored)"]


def test_a_misspelt_event_is_still_unknown_and_guessed(tmp_path: Path) -> None:
    home, ws = tmp_path / "home", tmp_path / "ws"
    hooks = {"PostToolBach": [{"hooks": [{"type": "command", "command": "echo hi"}]}]}
    write(home / ".claude/settings.json", json.dumps({"hooks": hooks}))
    [warning] = load_hooks(ws, home=home, managed=None).warnings
    assert "unknown hook event 'PostToolBach'" in warning and "PostToolBatch" in warning
