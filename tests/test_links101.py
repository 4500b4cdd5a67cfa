"""links101: the walk of a pattern deny through links out of the workspace, bounded to what
the sandbox shows.

trust100 made the walk before each Bash command follow a link to a folder outside the
workspace (``cat ext/.env`` under ``Read(**/.env)``); past :data:`denied.MAX_WALK` entries
every command was then refused, even where the entries lay behind one link (a dataset
mount), and the walk listed folders no command could read: the hidden home folder below a
link to ``/home``, another user's private folder (a command runs without capabilities).
Real bubblewrap, real links; bounds are set small instead of making large trees.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_compat76_denies import bash, folder, write

from coordinator.runtime.bash_denies import BashDenies
from coordinator.runtime.permission_files import load_permissions
from coordinator.tools import denied
from coordinator.tools.denied import Access, denied_paths

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")


def dataset(tmp_path: Path, files: int = 30) -> Path:
    """A folder outside the workspace with a ``.env`` among ``files`` other files."""
    out = tmp_path / "dataset"
    (out / "part").mkdir(parents=True)
    for i in range(files):
        (out / "part" / f"row{i}.csv").write_text(f"{i}\n", encoding="utf-8")
    (out / ".env").write_text("KEY=dataset\n", encoding="utf-8")
    return out


async def test_a_link_past_the_bound_hides_its_folder_and_the_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``data`` a link to a folder past the walk's bound: every command was refused; now
    the command runs, the folder is shown empty (under its own name too), a note names the
    link and why, and the rest of the workspace is as ever."""
    ws, home = folder(tmp_path)
    out = dataset(tmp_path)
    (ws / "data").symlink_to(out)
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(**/.env)"]}})
    monkeypatch.setattr(denied, "MAX_WALK", 20)  # the workspace holds fewer, the link more
    monkeypatch.setattr(denied, "LINK_WALK", 20, raising=False)
    command = f"cat data/.env; cat {out}/.env; ls data | wc -l; cat README.md; echo ran > ran"
    result = await bash(ws, home, command, readable=(out,))
    assert (ws / "ran").exists(), result.content
    assert "KEY=" not in result.content, result.content
    assert "0\n# hello\n" in result.content, result.content
    note = result.content.strip().splitlines()[-1]
    assert note.startswith("[paths the settings deny commands: "), note
    assert "; data unreadable (shown empty) under Read(**/.env)" in note, note
    assert "Read(**/.env)" in note and "over 20 entries" in note, note
    again = await bash(ws, home, "cat README.md", readable=(out,))  # (the verdict kept)
    assert again.content == "# hello\n" and not again.is_error


async def test_a_link_to_a_system_folder_past_the_bound_still_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link to ``/etc`` past the bound: hiding it would hide what commands run with
    (the shell's settings, libraries), so the command is refused with the rule, as before."""
    ws, home = folder(tmp_path)
    (ws / "sys").symlink_to("/etc")
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(**/.env)"]}})
    monkeypatch.setattr(denied, "MAX_WALK", 20)
    monkeypatch.setattr(denied, "LINK_WALK", 20, raising=False)
    result = await bash(ws, home, "echo ran > ran")
    assert result.is_error and not (ws / "ran").exists(), result.content
    assert "Read(**/.env)" in result.content and "/etc" in result.content, result.content


@pytest.mark.skipif(os.geteuid() != 0, reason="a folder of another user needs root to make")
async def test_a_private_folder_of_another_user_is_not_walked_and_stays_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``homes`` a link to a folder like ``/home``: the walk listed the hidden home folder
    and another user's private one (coord as root reads it; a command, without
    capabilities, cannot). Now neither is listed, and the command still cannot read what
    lies there (no mask needed), while the deny holds where it can read."""
    ws, home = folder(tmp_path)
    homes = tmp_path / "homes"
    for name in ("me", "bob", "pub"):
        (homes / name / "deep").mkdir(parents=True)
        (homes / name / ".env").write_text(f"KEY={name}\n", encoding="utf-8")
    os.chown(homes / "bob" / ".env", 12345, 12345)
    for path in (homes / "bob" / "deep", homes / "bob"):
        os.chown(path, 12345, 12345)
        path.chmod(0o700)
    (ws / "homes").symlink_to(homes)
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(**/.env)"]}})
    check = BashDenies.of(load_permissions(ws, home=home, managed=None))
    listed: list[str] = []
    scandir = os.scandir

    def spy(path: str) -> object:
        listed.append(str(path))
        return scandir(path)

    monkeypatch.setattr(denied.os, "scandir", spy)
    root = ws.resolve()
    found = denied_paths(check, root, lambda p: False, lambda p: True, [homes / "me"])
    monkeypatch.undo()
    assert not [p for p in listed if "/homes/me" in p or "/homes/bob" in p], listed
    assert str(ws / "homes/pub") in listed
    assert (homes / "pub/.env", Access.HIDDEN) in [(d.path, d.access) for d in found]
    result = await bash(ws, home, "cat homes/bob/.env; cat homes/pub/.env", readable=(homes,))
    assert "KEY=" not in result.content, result.content
    assert result.content.count("Permission denied") == 2, result.content
