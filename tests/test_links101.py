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

import asyncio
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from test_compat76_denies import bash, folder, write

from coordinator.runtime.bash_denies import BashDenies
from coordinator.runtime.permission_files import load_permissions
from coordinator.tools import denied
from coordinator.tools.denied import Access, denied_paths
from coordinator.tools.mounts import Mount

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


def a_ca_certificate() -> str:
    """The name of a CA certificate of the system's (``/etc/ssl/certs``); skips if none."""
    certs = sorted(Path("/etc/ssl/certs").glob("*.pem"))
    if not certs:
        pytest.skip("no CA certificates in /etc/ssl/certs")
    return certs[0].name


@pytest.mark.parametrize("bound", [20, None], ids=["past-the-bound", "within-it"])
async def test_a_link_to_a_system_folder_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bound: int | None
) -> None:
    """A link to ``/etc`` (redteam103): past the bound the command was refused (hiding
    ``/etc`` would hide what commands run with), and within it ``Read(**/*.pem)`` hid the
    CA certificates every TLS client reads, under every name. A pattern written for the
    workspace follows no link into the system's folders, which every command reads by
    their own names anyway: the command runs, the certificates read, the workspace's own
    key stays hidden."""
    cert = a_ca_certificate()
    ws, home = folder(tmp_path)
    (ws / "sys").symlink_to("/etc")
    (ws / "keys").mkdir()
    (ws / "keys/a.pem").write_text("-----BEGIN PRIVATE KEY-----\n", encoding="utf-8")
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(**/*.pem)"]}})
    if bound is not None:  # (/etc holds more: it was refused so)
        monkeypatch.setattr(denied, "MAX_WALK", bound)
        monkeypatch.setattr(denied, "LINK_WALK", bound, raising=False)
    command = f"cat sys/ssl/certs/{cert} | head -1; cat /etc/ssl/certs/{cert} | head -1; "
    result = await bash(ws, home, command + "cat keys/a.pem; echo ran > ran")
    assert (ws / "ran").exists(), result.content
    assert result.content.count("-----BEGIN CERTIFICATE-----") == 2, result.content
    assert "PRIVATE KEY" not in result.content, result.content


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


def test_a_mount_that_does_not_answer_refuses_the_command_in_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``data`` a link into a network mount that stopped answering (redteam103): the
    walk's first look there blocks in the kernel, and it held the command, and coord's
    event loop with it, for ever. Each mount point on a link's way is looked at in a
    thread of its own, for at most ``LOOK_SECONDS``: past them the command is refused,
    naming the link and the mount; once the mount answers, commands run again. (The hung
    mount is played by a look at its point that waits for the test.)"""
    ws, home = folder(tmp_path)
    nfs = tmp_path / "nfs"
    (nfs / "share").mkdir(parents=True)
    (ws / "data").symlink_to(nfs / "share")
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(**/.env)"]}})
    answering = threading.Event()
    lstat = os.lstat

    def hung(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if os.fspath(path) == str(nfs):
            answering.wait()
        return lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", hung)
    monkeypatch.setattr(denied, "read_mounts", lambda: [Mount("0:99", "", str(nfs))], raising=False)
    monkeypatch.setattr(denied, "LOOK_SECONDS", 0.05, raising=False)
    results: list[Any] = []
    call = threading.Thread(target=lambda: results.append(asyncio.run(bash(ws, home, "echo a"))))
    call.start()
    call.join(60)  # (only a guard: the start tree's walk never came back)
    held_for_ever = call.is_alive()
    answering.set()
    call.join()
    assert not held_for_ever, "the command's walk waited on the mount"
    (refused,) = results
    assert refused.is_error and "did not answer" in refused.content, refused.content
    assert str(ws / "data") in refused.content and str(nfs) in refused.content
    # (the mount answers again: set above)
    again = asyncio.run(bash(ws, home, "echo ran"))
    assert again.content.strip() == "ran", again.content
