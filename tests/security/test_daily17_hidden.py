"""A program the Bash sandbox hides, named by its path or reached through a link or a ``#!``
line, says so: a project's ``.venv/bin/python`` linking into ~/.pyenv, a console script
whose interpreter is there, ``#!/usr/bin/env python`` finding pyenv's shim (daily17: the
shell said only "No such file or directory"). Real bubblewrap."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from coordinator.tools.base import ToolContext, ToolResult
from coordinator.tools.sandbox import BashSandbox
from coordinator.tools.toolset import build_toolset

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
TOOLS = build_toolset(None)


def bash(ws: Path, command: str, *readable: Path) -> ToolResult:
    context = ToolContext(root=ws, allow_bash=True, sandbox=BashSandbox(readable=readable))
    return asyncio.run(TOOLS.execute("Bash", {"command": command}, context))


def executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def toolchain(tmp_path: Path, monkeypatch: Any) -> tuple[Path, Path]:
    """A workspace, and an interpreter ``tooly`` in ~/.tool/bin on PATH (HOME: the test's)."""
    tool = Path(os.environ["HOME"]) / ".tool"
    executable(tool / "bin" / "tooly", '#!/bin/sh\necho "tooly ran $1"\n')
    monkeypatch.setenv("PATH", f"{tool / 'bin'}{os.pathsep}{os.environ['PATH']}")
    ws = tmp_path / "ws"
    ws.mkdir()
    return ws, tool


def test_a_venv_link_into_home_names_its_target_and_bash_read(
    toolchain: tuple[Path, Path],
) -> None:
    ws, tool = toolchain
    (ws / ".venv" / "bin").mkdir(parents=True)
    (ws / ".venv" / "bin" / "python").symlink_to(tool / "bin" / "tooly")
    ran = bash(ws, ".venv/bin/python x")
    assert ran.is_error and "No such file or directory" in ran.content
    assert f".venv/bin/python runs {tool / 'bin' / 'tooly'}" in ran.content
    assert "bash_read: [~/.tool]" in ran.content
    shown = bash(ws, ".venv/bin/python x", tool)
    assert shown.content.strip() == "tooly ran x"


def test_a_script_whose_interpreter_is_hidden_names_it(toolchain: tuple[Path, Path]) -> None:
    ws, tool = toolchain
    executable(ws / "bin" / "lint", f"#!{tool / 'bin' / 'tooly'}\n")
    ran = bash(ws, "bin/lint")
    assert ran.is_error and "[exit code 12" in ran.content
    assert f"bin/lint runs {tool / 'bin' / 'tooly'}" in ran.content
    assert "bash_read: [~/.tool]" in ran.content


def test_env_in_a_shebang_finding_a_hidden_program_names_it(toolchain: tuple[Path, Path]) -> None:
    ws, tool = toolchain
    executable(ws / "run.py", "#!/usr/bin/env tooly\n")
    ran = bash(ws, "./run.py")
    assert ran.is_error and "No such file or directory" in ran.content
    assert f"tooly is {tool / 'bin' / 'tooly'}" in ran.content
    assert "bash_read: [~/.tool]" in ran.content


def test_a_program_missing_everywhere_or_in_the_workspace_gets_no_hint(
    toolchain: tuple[Path, Path],
) -> None:
    ws, _ = toolchain  # the workspace lies in /tmp, which the sandbox hides but for it
    executable(ws / "broken.sh", "#!/nonexistent/interpreter\n")
    (ws / "dangling").symlink_to(ws / "gone")
    for command in ("./broken.sh", "./dangling", "./absent", "absent-program"):
        ran = bash(ws, command)
        assert ran.is_error, command
        assert "bash_read" not in ran.content, (command, ran.content)
