"""coord's user config follows ``XDG_CONFIG_HOME`` as a Linux user expects
(``$XDG_CONFIG_HOME/coordinator/config.yaml``; unset, empty or relative: ``~/.config``), and
the folder chosen is hidden from agents' tools and commands as ``~/.config/coordinator`` is."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import needs_bwrap

from coordinator.config import considered_files, user_config
from coordinator.tools.base import ToolContext, ToolResult
from coordinator.tools.toolset import build_toolset


def _settings(ws: Path) -> dict[str, Any]:
    shown = coord("config", "--workspace", str(ws), "--json")
    assert shown.returncode == 0, shown.stderr
    settings: dict[str, Any] = json.loads(shown.stdout)["settings"]
    return settings


def _write(folder: Path, turns: int) -> Path:
    path = folder / "coordinator" / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(f"max_turns: {turns}\n")
    return path


def test_xdg_config_home_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Set, the XDG folder is the user's config (``~/.config`` then is not read)."""
    ws = tmp_path / "ws"
    ws.mkdir()
    _write(Path.home() / ".config", 5)
    chosen = _write(tmp_path / "xdg", 7)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert user_config() == chosen
    assert considered_files(ws)[0] == chosen
    assert _settings(ws)["max_turns"] == {"value": 7, "from": str(chosen)}


@pytest.mark.parametrize("value", [None, "", "relative/config"])
def test_without_an_absolute_xdg_config_home_it_is_dot_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    """Unset, empty or relative (the XDG spec ignores a relative path): ``~/.config``."""
    ws = tmp_path / "ws"
    ws.mkdir()
    home = _write(Path.home() / ".config", 5)
    if value is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", value)
    assert user_config() == home
    assert _settings(ws)["max_turns"] == {"value": 5, "from": str(home)}


def _call(ws: Path, name: str, args: dict[str, Any]) -> ToolResult:
    context = ToolContext(root=ws, allow_bash=True)
    return asyncio.run(build_toolset(None).execute(name, args, context))


def test_the_xdg_config_folder_in_a_workspace_is_out_of_the_tools_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workspace holding ``$XDG_CONFIG_HOME``: no tool reads or writes coord's config."""
    ws = tmp_path / "ws"
    config = _write(ws / "xdg", 7)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(ws / "xdg"))
    for name, args in (
        ("Read", {"file_path": "xdg/coordinator/config.yaml"}),
        ("Write", {"file_path": "xdg/coordinator/config.yaml", "content": "max_turns: 99\n"}),
    ):
        result = _call(ws, name, args)
        assert result.is_error and "coordinator" in result.content, (name, result.content)
    assert config.read_text() == "max_turns: 7\n"


@needs_bwrap
def test_the_xdg_config_folder_is_hidden_from_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """...and a sandboxed command neither sees nor changes it."""
    ws = tmp_path / "ws"
    config = _write(ws / "xdg", 7)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(ws / "xdg"))
    target = "xdg/coordinator/config.yaml"
    command = f"cat {target}; echo 'max_turns: 99' > {target}; echo done"
    shown = _call(ws, "Bash", {"command": command})
    assert "done" in shown.content and "max_turns: 7" not in shown.content
    assert config.read_text() == "max_turns: 7\n"
