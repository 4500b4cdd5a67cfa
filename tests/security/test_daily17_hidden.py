"""A program the Bash sandbox hides, named by its path or reached through a link or a ``#!``
line, says so: a project's ``.venv/bin/python`` linking into ~/.pyenv, a console script
whose interpreter is there, ``#!/usr/bin/env python`` finding pyenv's shim (daily17: the
shell said only "No such file or directory"). Real bubblewrap."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import report, write_script

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


def test_a_relative_path_after_cd_is_looked_for_from_that_folder(
    toolchain: tuple[Path, Path],
) -> None:
    """daily18: ``cd app && ../.venv/bin/python`` got no hint: the path was looked for from
    the workspace only."""
    ws, tool = toolchain
    (ws / ".venv" / "bin").mkdir(parents=True)
    (ws / ".venv" / "bin" / "python").symlink_to(tool / "bin" / "tooly")
    (ws / "app").mkdir()
    ran = bash(ws, "cd app && ../.venv/bin/python x")
    assert ran.is_error and ran.hidden is not None, ran.content
    assert f"../.venv/bin/python runs {tool / 'bin' / 'tooly'}" in ran.content
    outside = bash(ws, "cd /usr && ../.venv/bin/python x")  # a folder outside: not looked in
    assert outside.hidden is None, outside.content


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


def test_the_user_is_told_too_in_the_progress_and_the_log_once_a_run(
    toolchain: tuple[Path, Path], tmp_path: Path
) -> None:
    """The model reads the hint in the output; the person running coord reads it in the
    progress lines, the chain's tree (once a run, however many commands met it) and
    ``coord log --json`` (a ``program_hidden`` event): what to add to their config."""
    ws, tool = toolchain
    (ws / ".venv" / "bin").mkdir(parents=True)
    (ws / ".venv" / "bin" / "python").symlink_to(tool / "bin" / "tooly")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "shell.md").write_text(
        "---\nname: shell\ndescription: Runs commands.\ntools: Read, Bash\n---\nYou run them.\n",
        encoding="utf-8",
    )
    calls = [{"name": "Bash", "input": {"command": c}} for c in (".venv/bin/python a", "tooly")]
    script = write_script(
        tmp_path / "s.yaml",
        {"shell": [{"tool_calls": [c]} for c in calls] + [{"text": report("Complete")}]},
    )
    ran = coord(
        "run", "Run it", "--agent", "shell", "-w", ws, "--agents-dir", agents, "--only",
        "--script", script, "--allow-bash",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    told = [line for line in ran.stderr.splitlines() if "warning: a command could not run" in line]
    assert len(told) == 2, ran.stderr
    assert f".venv/bin/python: {tool / 'bin' / 'tooly'} is in a folder the Bash" in told[0]
    assert "bash_read: [~/.tool] in your coord config" in told[0]
    tree = coord("log", "--workspace", ws, env={"COLUMNS": "200"}).stdout
    assert tree.count("warning: a command could not run") == 1, tree
    events = json.loads(coord("log", "--json", "--workspace", ws).stdout)["events"]
    hidden = [e for e in events if e["kind"] == "program_hidden"]
    assert [(e["program"], e["setting"]) for e in hidden] == [
        (".venv/bin/python", "bash_read: [~/.tool]"),
        ("tooly", "bash_read: [~/.tool]"),
    ]
    assert hidden[0]["path"] == str(tool / "bin" / "tooly")
