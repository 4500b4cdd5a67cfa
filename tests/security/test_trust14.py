"""The trust boundary's remaining gaps (trust14): approved MCP servers whose code lives in
the workspace, settings and servers Bash writes below the root, repositories an agent makes,
a workspace of ``/`` or ``~``, and hard links. Real files, real bwrap, real agent tool calls.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import report, write_script

from coordinator.tools.base import ToolContext, ToolResult
from coordinator.tools.toolset import build_toolset

TOOLS = build_toolset(None)
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
READER = "---\nname: reader\ndescription: Reads files for tests\ntools: Read, Bash\n---\nRead.\n"


def call(ws: Path, name: str, args: dict[str, Any], **ctx: Any) -> ToolResult:
    context = ToolContext(root=ws, allow_bash=True, **ctx)
    return asyncio.run(TOOLS.execute(name, args, context))


# ---- 4. a workspace of / ---------------------------------------------------------------


def test_a_workspace_of_the_root_folder_is_refused(tmp_path: Path, monkeypatch: Any) -> None:
    """``-w /`` would hold /proc (coord's own environment, the API key), /dev, and every
    file of the machine: the run is refused before an agent reads anything."""
    monkeypatch.setenv("TRUST14_SECRET", "sk-trust14-secret")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "reader.md").write_text(READER, encoding="utf-8")
    calls = [{"name": "Read", "input": {"file_path": "/proc/self/environ"}}]
    script = write_script(
        tmp_path / "s.yaml", {"reader": [{"tool_calls": calls}, {"text": report("Complete")}]}
    )
    ran = coord(
        "run", "Read it", "--agent", "reader", "-w", "/", "--agents-dir", agents, "--only",
        "--db", tmp_path / "c.db", "--provider", "scripted", "--script", script, "--json",
    )  # fmt: skip
    assert ran.returncode != 0
    assert "sk-trust14-secret" not in ran.stdout + ran.stderr
    assert "workspace" in ran.stderr and "/" in ran.stderr
    assert not (tmp_path / "c.db").exists() or "sk-trust14" not in (tmp_path / "c.db").read_text(
        errors="replace"
    )


def test_tools_and_commands_refuse_a_root_of_slash(monkeypatch: Any) -> None:
    """Below the CLI (a stored session's workspace, a worker): a tool given ``/`` as its
    workspace reads nothing and runs nothing (the sandbox would bind the whole machine
    read-write, its /proc included)."""
    monkeypatch.setenv("TRUST14_SECRET", "sk-trust14-secret")
    read = call(Path("/"), "Read", {"file_path": "/proc/self/environ"})
    assert read.is_error and "sk-trust14" not in read.content
    ran = call(Path("/"), "Bash", {"command": "cat /proc/1/cmdline; touch /etc/trust14"})
    assert ran.is_error and not Path("/etc/trust14").exists()
