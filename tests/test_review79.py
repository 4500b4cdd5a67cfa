"""review79: the fifty-third session's production diff read as a reviewer.

A workspace settings file's ``sandbox.filesystem.allowRead`` re-opens nothing (compat76:
only the user's and managed ``allowRead`` keep a ``denyRead`` holding the workspace from
refusing every command), yet its warning said it did.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coordinator.runtime.bash_denies import BashDenies
from coordinator.runtime.permission_files import load_permissions


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_workspace_allow_read_is_not_said_to_reopen(tmp_path: Path) -> None:
    """The project's ``allowRead`` is warned as what it is: read by nothing; the user's
    keeps its words (it may re-open the workspace)."""
    ws, home = tmp_path / "ws", tmp_path / "home"
    project = write(ws / ".claude/settings.json", {"sandbox": {"filesystem": {"allowRead": ["."]}}})
    user = write(home / ".claude/settings.json", {"sandbox": {"filesystem": {"allowRead": ["~"]}}})
    rules = load_permissions(ws, home=home, managed=None)
    said = {w.partition(": ")[0]: w for w in rules.warnings}
    assert "it only keeps a denyRead holding the workspace" in said[str(user)]
    mine = said[str(project)]
    assert "it only keeps a denyRead" not in mine, mine
    assert mine.endswith("a workspace file's allowRead re-opens nothing"), mine
    assert rules.read_reopened == ["~/"]  # (the user's alone, as before)
    assert BashDenies.of(rules) is None


def test_a_path_no_file_system_can_hold_is_no_crash(tmp_path: Path) -> None:
    """A settings path with a lone surrogate (JSON ``"\\ud800"``: no file name can hold it)
    crashed every Bash command with a UnicodeEncodeError (the walk's ``os.stat``, the
    ``allowRead``'s ``realpath``); now the sandbox keys' entry is one warning, skipped, and
    a rule's pattern with one matches nothing."""
    from coordinator.tools.denied import denied_paths

    home = tmp_path / "home"
    ws = home / "ws"
    (ws / "certs").mkdir(parents=True)
    (ws / "certs/a.pem").write_text("key\n", encoding="utf-8")
    project = write(
        ws / ".claude/settings.json",
        {
            "permissions": {"deny": ["Read(./\ud800/*.pem)", "Read(./certs/*.pem)"]},
            "sandbox": {"filesystem": {"denyRead": ["./\ud800/*.key", "~/"]}},
        },
    )
    write(
        home / ".claude/settings.json",
        {"sandbox": {"filesystem": {"allowRead": ["/\ud800", "~/ws"]}}},
    )
    rules = load_permissions(ws, home=home, managed=None)
    bad = "./\ud800/*.key"
    assert f"{project}: sandbox.filesystem.denyRead: {bad!r} is no path: skipped" in rules.warnings
    assert rules.read_reopened == ["~/ws"]
    found = denied_paths(BashDenies.of(rules), ws.resolve(), lambda p: True, lambda p: True)
    assert [d.path for d in found] == [(ws / "certs/a.pem").resolve()]
