"""``bash_read``: folders the Bash sandbox hides (HOME, /tmp) that commands may read, such as a
toolchain in ~/.pyenv; coord's own folders stay hidden inside them, nothing there is writable,
and a program the sandbox hides says so when a command cannot find it. Real bubblewrap."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import sandboxed_bash

from coordinator.config import InvalidSetting, validated
from coordinator.errors import UserError
from coordinator.tools.sandbox import bash_sandbox

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
bash = sandboxed_bash


@pytest.fixture
def tool(tmp_path: Path, monkeypatch: Any) -> tuple[Path, Path]:
    """A workspace, and a program ``hello`` in ~/.tool/bin on PATH (HOME is the test's)."""
    home = Path(os.environ["HOME"])
    bin_dir = home / ".tool" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "hello").write_text("#!/bin/sh\necho hello from the tool\n", encoding="utf-8")
    (bin_dir / "hello").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    ws = tmp_path / "ws"
    ws.mkdir()
    return ws, home


def test_a_program_in_home_is_hidden_and_the_output_says_how_to_show_it(
    tool: tuple[Path, Path],
) -> None:
    ws, _ = tool
    ran = bash(ws, "hello")
    assert ran.is_error and "[exit code 127]" in ran.content
    assert "bash_read: [~/.tool]" in ran.content
    assert "hides from commands" in ran.content


def test_a_bash_read_folder_runs_its_programs_and_stays_read_only(tool: tuple[Path, Path]) -> None:
    ws, home = tool
    ran = bash(ws, "hello && touch ~/.tool/planted", home / ".tool")
    assert ran.is_error, ran.content
    assert "hello from the tool" in ran.content
    assert "Read-only file system" in ran.content
    assert not (home / ".tool" / "planted").exists()
    assert "bash_read" not in ran.content  # it was found: no hint


def test_coords_own_folders_stay_hidden_inside_a_bash_read_folder(tool: tuple[Path, Path]) -> None:
    ws, home = tool
    own = home / ".config" / "coordinator"
    own.mkdir(parents=True)
    (own / "config.yaml").write_text("allow_bash: true\n", encoding="utf-8")
    (home / ".config" / "tool.ini").write_text("colour = blue\n", encoding="utf-8")
    ran = bash(ws, "cat ~/.config/tool.ini; ls -A ~/.config/coordinator | wc -l", home / ".config")
    assert "colour = blue" in ran.content
    assert ran.content.split()[-1] == "0", ran.content  # an empty folder where coord's was
    touched = bash(ws, "echo x > ~/.config/coordinator/config.yaml", home / ".config")
    assert touched.is_error
    assert (own / "config.yaml").read_text(encoding="utf-8") == "allow_bash: true\n"


def test_a_linked_bash_read_folder_shows_at_the_link_and_its_target(
    tool: tuple[Path, Path], tmp_path: Path
) -> None:
    ws, home = tool
    target = tmp_path / "versions"  # under /tmp, which the sandbox hides too
    target.mkdir()
    (target / "VERSION").write_text("3.11\n", encoding="utf-8")
    (home / ".pyenv").symlink_to(target)
    ran = bash(ws, f"cat ~/.pyenv/VERSION {target}/VERSION", home / ".pyenv")
    assert ran.content.split() == ["3.11", "3.11"], ran.content


@pytest.mark.skipif(os.getuid() != 0, reason="making another user's link needs root")
def test_a_bash_read_link_another_user_made_is_not_shown(
    tool: tuple[Path, Path], tmp_path: Path
) -> None:
    """trust19: a ``bash_read`` folder missing in /tmp can be made a link by another local
    user, to a folder of this user's (``~/.ssh``); such a link is not followed."""
    ws, home = tool
    secret = home / ".ssh"
    secret.mkdir()
    (secret / "id_ed25519").write_text("PRIVATE KEY\n", encoding="utf-8")
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    mine.symlink_to(secret)
    theirs.symlink_to(secret)
    os.lchown(theirs, 65534, 65534)  # nobody's
    ran = bash(ws, f"cat {theirs}/id_ed25519", theirs)
    assert "PRIVATE KEY" not in ran.content, ran.content
    shown = bash(ws, f"cat {mine}/id_ed25519", mine)  # the user's own link: as asked
    assert "PRIVATE KEY" in shown.content, shown.content


def test_bash_read_naming_home_or_a_relative_path_is_refused(tool: tuple[Path, Path]) -> None:
    _, home = tool
    with pytest.raises(UserError, match="holds the home folder"):
        bash_sandbox(validated({"bash_read": ["~"]}))
    with pytest.raises(UserError, match="holds the home folder"):
        bash_sandbox(validated({"bash_read": [str(home.parent)]}))
    with pytest.raises(InvalidSetting, match="bash_read"):
        validated({"bash_read": ["tools/bin"]})
    assert validated({"bash_read": ["~/.tool"]}).bash_read == [home / ".tool"]


def test_a_workspace_config_cannot_set_bash_read(tool: tuple[Path, Path]) -> None:
    ws, _ = tool
    (ws / ".coordinator").mkdir()
    (ws / ".coordinator" / "config.yaml").write_text("bash_read: [~/.ssh]\n", encoding="utf-8")
    shown = coord("config", "--workspace", ws)
    assert shown.returncode == 4
    assert "'bash_read' cannot be set in a config file inside the workspace" in shown.stderr
