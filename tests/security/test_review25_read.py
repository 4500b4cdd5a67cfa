"""review25: what a ``bash_read`` folder shows and what the hidden-program hint says, where
an agent has a hand in it. A folder reached through the workspace is the agent's to point
anywhere (a link to ~/.ssh), another project's session folder inside a bash_read folder is
coord's own, and a file a command merely failed to read is no hidden program to show.
Real bubblewrap."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from kit import sandboxed_bash

from coordinator.tools import owned

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
bash = sandboxed_bash


@pytest.fixture
def secrets(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace, and a key in ~/.ssh (HOME is the test's)."""
    home = Path(os.environ["HOME"])
    (home / ".ssh").mkdir()
    (home / ".ssh" / "id_ed25519").write_text("PRIVATE KEY\n", encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    return ws, home


@pytest.mark.parametrize(
    ("link", "to", "named"), [("vendor", ".ssh", "vendor"), ("deps", "", "deps/.ssh")]
)
def test_an_agent_cannot_point_a_bash_read_folder_in_the_workspace_at_home(
    secrets: tuple[Path, Path], link: str, to: str, named: str
) -> None:
    ws, home = secrets
    made = bash(ws, f"ln -s {home / to} {link}", ws / named)  # the folder was missing
    assert not made.is_error, made.content
    ran = bash(ws, f"cat {home / '.ssh' / 'id_ed25519'} {named}/id_ed25519", ws / named)
    assert "PRIVATE KEY" not in ran.content


def test_an_agent_cannot_redirect_a_bash_read_link_that_leads_into_the_workspace(
    secrets: tuple[Path, Path],
) -> None:
    ws, home = secrets
    (ws / "toolchain").mkdir()
    (home / ".pyenv").symlink_to(ws / "toolchain")  # the user's link, into the project
    bash(ws, f"rmdir toolchain && ln -s {home / '.ssh'} toolchain", home / ".pyenv")
    ran = bash(ws, f"cat {home / '.ssh' / 'id_ed25519'} ~/.pyenv/id_ed25519", home / ".pyenv")
    assert "PRIVATE KEY" not in ran.content


def test_another_projects_session_folder_stays_hidden_inside_a_bash_read_folder(
    secrets: tuple[Path, Path],
) -> None:
    ws, home = secrets
    other = home / "projects" / "other" / ".coordinator"
    other.mkdir(parents=True)
    owned.claim(other)  # coord made it: its sessions are coord's
    (other / "notes.txt").write_text("another project's session\n", encoding="utf-8")
    (home / "projects" / "lib.txt").write_text("shared library\n", encoding="utf-8")
    ran = bash(
        ws, "cat ~/projects/lib.txt ~/projects/other/.coordinator/notes.txt", home / "projects"
    )
    assert "shared library" in ran.content
    assert "another project's session" not in ran.content


def test_a_bash_read_folder_inside_coords_own_stays_hidden(secrets: tuple[Path, Path]) -> None:
    ws, home = secrets
    data = home / ".local" / "share" / "coordinator" / "sessions"
    data.mkdir(parents=True)
    (data / "index").write_text("the session index\n", encoding="utf-8")
    ran = bash(ws, f"cat {data / 'index'}", data)
    assert "the session index" not in ran.content


def test_reading_a_hidden_file_is_no_hidden_program(secrets: tuple[Path, Path]) -> None:
    ws, home = secrets
    ran = bash(ws, f"cat {home / '.ssh' / 'id_ed25519'}")
    assert "No such file or directory" in ran.content
    assert ran.hidden is None
    assert "bash_read" not in ran.content  # coord does not suggest showing ~/.ssh


def test_a_missing_interpreter_is_no_hidden_program(secrets: tuple[Path, Path]) -> None:
    ws, home = secrets
    script = ws / "run"
    script.write_text(f"#!{home / '.nothing' / 'python'}\nprint(1)\n", encoding="utf-8")
    script.chmod(0o755)
    ran = bash(ws, "./run")
    assert ran.is_error
    assert ran.hidden is None, ran.content
    assert "bash_read" not in ran.content


def test_the_hint_still_names_a_hidden_program(
    secrets: tuple[Path, Path], monkeypatch: Any
) -> None:
    ws, home = secrets
    tool = home / ".tool" / "bin" / "tooly"
    tool.parent.mkdir(parents=True)
    tool.write_text("#!/bin/sh\necho ran\n", encoding="utf-8")
    tool.chmod(0o755)
    ran = bash(ws, str(tool))
    assert ran.hidden is not None and ran.hidden.path == tool
    assert "bash_read: [~/.tool]" in ran.content
