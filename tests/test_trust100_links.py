"""trust100: a settings pattern's deny holds for a path reached through a link to a folder
outside the workspace.

Before each Bash command the sandbox walks the workspace for the files a pattern such as
``Read(**/.env)`` or ``Read(./vendor/**/*.pem)`` matches; the walk did not follow links, so
``cat ext/.env`` (``ext`` a link to a folder outside the workspace the sandbox shows) printed
a file the Read tool refuses under that very name (and under its own: outside the
workspace). Probed with real bubblewrap.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_compat76_denies import bash, folder, write

from coordinator.runtime.permission_files import load_permissions

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")


def outside(tmp_path: Path) -> Path:
    """A folder outside the workspace holding a ``.env`` and a ``sub/.env``."""
    out = tmp_path / "shared"
    (out / "sub").mkdir(parents=True)
    (out / ".env").write_text("KEY=outside\n", encoding="utf-8")
    (out / "sub/.env").write_text("KEY=deeper\n", encoding="utf-8")
    (out / "notes.txt").write_text("plain notes\n", encoding="utf-8")
    return out


async def test_a_name_pattern_holds_through_a_link_out_of_the_workspace(tmp_path: Path) -> None:
    """``Read(**/.env)``, ``ext`` a link to a ``bash_read`` folder: the Read tool refuses
    ``ext/.env``; Bash printed it, and the one below it. Now both are unreadable, and the
    rest of that folder still reads."""
    ws, home = folder(tmp_path)
    out = outside(tmp_path)
    (ws / "ext").symlink_to(out)
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(**/.env)"]}})
    rules = load_permissions(ws, home=home, managed=None)
    assert rules.refusal("Read", {"file_path": "ext/.env"}, ws) is not None
    result = await bash(ws, home, "cat ext/.env; cat ext/sub/.env", readable=(out,))
    assert "KEY=" not in result.content, result.content
    assert result.content.count("Permission denied") == 2, result.content
    fine = await bash(ws, home, "cat ext/notes.txt", readable=(out,))
    assert fine.content == "plain notes\n" and not fine.is_error


async def test_a_folder_pattern_holds_through_a_link_out_of_the_workspace(
    tmp_path: Path,
) -> None:
    """``Read(./vendor/**/*.pem)``, ``vendor/certs`` a link to a ``bash_read`` folder: the
    walk of ``vendor`` stopped at the link, and ``cat vendor/certs/a.pem`` printed the key
    the Read tool refuses (and refuses under its real name: outside the workspace)."""
    ws, home = folder(tmp_path)
    certs = tmp_path / "shared/certs"
    certs.mkdir(parents=True)
    (certs / "a.pem").write_text("PEMKEY\n", encoding="utf-8")
    (certs / "readme").write_text("about keys\n", encoding="utf-8")
    (ws / "vendor").mkdir()
    (ws / "vendor/certs").symlink_to(certs)
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(./vendor/**/*.pem)"]}})
    rules = load_permissions(ws, home=home, managed=None)
    assert rules.refusal("Read", {"file_path": "vendor/certs/a.pem"}, ws) is not None
    result = await bash(ws, home, "cat vendor/certs/a.pem", readable=(certs,))
    assert "PEMKEY" not in result.content and result.is_error, result.content
    fine = await bash(ws, home, "cat vendor/certs/readme", readable=(certs,))
    assert fine.content == "about keys\n" and not fine.is_error


async def test_a_link_inside_the_workspace_leaves_its_files_to_their_own_names(
    tmp_path: Path,
) -> None:
    """``Read(./docs/**/*.pem)``, ``docs/keys`` a link to ``vault`` in the workspace: the
    rule does not cover ``vault/a.pem``, which the Read tool reads under that name; a
    command reads it too (the walk does not follow the link: hiding the file would deny
    what no rule denies)."""
    ws, home = folder(tmp_path)
    (ws / "vault").mkdir()
    (ws / "vault/a.pem").write_text("PEMKEY\n", encoding="utf-8")
    (ws / "docs").mkdir()
    (ws / "docs/keys").symlink_to("../vault")
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(./docs/**/*.pem)"]}})
    rules = load_permissions(ws, home=home, managed=None)
    assert rules.refusal("Read", {"file_path": "vault/a.pem"}, ws) is None
    result = await bash(ws, home, "cat vault/a.pem")
    assert result.content == "PEMKEY\n" and not result.is_error, result.content


async def test_a_link_loop_and_a_link_to_the_workspace_end_the_walk(tmp_path: Path) -> None:
    """Links that lead back (``loop`` to the workspace, ``a/b`` to ``a``'s parent: not
    followed; ``shared/sub/back`` to ``shared``, outside: followed once) end the walk:
    commands run, and each ``.env`` stays unreadable under every name."""
    ws, home = folder(tmp_path)
    out = outside(tmp_path)
    (ws / "loop").symlink_to(ws)
    (ws / "a").mkdir()
    (ws / "a/b").symlink_to("..")
    (ws / "ext").symlink_to(out)
    (out / "sub/back").symlink_to(out)
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(**/.env)"]}})
    command = "cat loop/.env a/b/.env ext/sub/back/.env; echo ran"
    result = await bash(ws, home, command, readable=(out,))
    assert "ran" in result.content.splitlines(), result.content
    assert "KEY=" not in result.content and "hunter2" not in result.content, result.content
