"""links103: a pattern deny's walk before each Bash command, cheap in big trees, as strict.

With ``Read(**/.env)``-like rules coord walks the workspace (and the folders its links lead
to out of it) before every command. Kept from one command to the next now: the text of each
link on a link's way (while its folder's times are the same), and the whole walk of a
place a link leads to (while every folder it looked at there has the same times); each
folder is looked at once a command (the pattern walk, the walk for hard links' other
names and the links' ways share it). The first tests count the work a second command
does; the others show a deny still holds where those kept answers would go stale: a file
made by the previous command, a file made deep in a place behind a link, a folder swapped
on a link's way, a link made by a command. Real files, real bubblewrap.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_compat76_denies import bash, folder, write

from coordinator.runtime.bash_denies import BashDenies
from coordinator.runtime.permission_files import load_permissions
from coordinator.tools import denied
from coordinator.tools.denied import denied_paths

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")


@pytest.fixture(autouse=True)
def kept_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a walk looked at is kept at once (not only once its folder has settled)."""
    monkeypatch.setattr(denied, "_SETTLED_NS", -(10**12))


def pnpm(ws: Path, store: Path, packages: int = 12) -> None:
    """A pnpm ``node_modules``: files hard links of ``store``'s, links to siblings."""
    store.mkdir()
    for i in range(packages):
        package = ws / f"node_modules/.pnpm/p{i}@1.0.0/node_modules/p{i}"
        (package / "lib").mkdir(parents=True)
        for name in ("index.js", "lib/a.js", "test.pem"):
            kept = store / f"{i}-{name.replace('/', '_')}"
            kept.write_text("x\n", encoding="utf-8")
            os.link(kept, package / name)
        for d in (1, 2):
            j = (i + d) % packages
            (package.parent / f"p{j}").symlink_to(f"../../p{j}@1.0.0/node_modules/p{j}")
        (ws / f"node_modules/p{i}").symlink_to(f".pnpm/p{i}@1.0.0/node_modules/p{i}")


def counted(monkeypatch: pytest.MonkeyPatch, calls: Counter[tuple[str, str]]) -> None:
    """Count each ``os`` call the walk makes that looks at the disk, by its path."""
    for name in ("stat", "lstat", "readlink", "scandir"):
        real: Callable[..., Any] = getattr(os, name)

        def count(path: Any, *args: Any, _real: Any = real, _name: str = name, **kw: Any) -> Any:
            calls[(_name, str(path))] += 1
            return _real(path, *args, **kw)

        monkeypatch.setattr(os, name, count)


def test_a_second_command_in_an_unchanged_tree_reads_no_link_and_each_folder_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Read(**/*.pem)`` in a pnpm workspace (hard links, links between packages) with a
    link to a folder out of it: the second command's walk lists nothing, reads no link's
    text (each was read again each command: ~150 ms a command in a big pnpm tree), and
    looks at each folder once (the walk for the ``.pem`` files' other names looked at the
    whole workspace a second time); it finds what the first found."""
    ws, home = folder(tmp_path)
    pnpm(ws, tmp_path / "store")
    out = tmp_path / "out"
    (out / "deep/er").mkdir(parents=True)
    (out / "deep/er/k.pem").write_text("K\n", encoding="utf-8")
    (ws / "ext").symlink_to(out)
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(**/*.pem)"]}})
    check = BashDenies.of(load_permissions(ws, home=home, managed=None))
    root = ws.resolve()

    def run() -> set[Path]:
        found = denied_paths(check, root, lambda p: False, lambda p: True)
        return {d.path for d in found}

    first = run()
    assert out.resolve() / "deep/er/k.pem" in first and len(first) == 1 + 12
    calls: Counter[tuple[str, str]] = Counter()
    counted(monkeypatch, calls)
    assert run() == first
    assert not [c for c in calls if c[0] == "scandir"], calls
    read = [p for (name, p), n in calls.items() if name in ("lstat", "readlink") and "node_mo" in p]
    assert not read, read
    stats = [p for (name, p), n in calls.items() if name == "stat" and n > 1]
    twice = [p for p in stats if os.path.isdir(p)]  # (a denied file is asked of: once more)
    assert not twice, twice


async def test_a_file_and_a_link_made_by_the_last_command_are_denied_in_the_next(
    tmp_path: Path,
) -> None:
    """A ``.env`` made by a command deep in a folder walked before (its folders' listings
    kept), and a link made by a command to a folder out of the workspace holding one: the
    next command reads neither."""
    ws, home = folder(tmp_path)
    out = tmp_path / "out"
    (out / "a/b").mkdir(parents=True)
    (out / "a/b/.env").write_text("KEY=linked\n", encoding="utf-8")
    (ws / "src/x/y").mkdir(parents=True)
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(**/.env)"]}})
    made = await bash(
        ws, home, f"echo KEY=made > src/x/y/.env && ln -s {out} later; echo ok", (out,)
    )
    assert made.content.startswith("ok"), made.content
    result = await bash(ws, home, "cat src/x/y/.env; cat later/a/b/.env; echo ran", (out,))
    assert "KEY=" not in result.content and "ran" in result.content, result.content
    assert result.content.count("Permission denied") == 2, result.content


async def test_a_file_made_deep_behind_a_link_between_commands_is_denied(
    tmp_path: Path,
) -> None:
    """``ext`` a link to a folder out of the workspace, walked (and kept) by the first
    command: a ``.env`` made four folders down by someone else (only that folder's times
    change, not those of the folder the link leads to) is denied the next command."""
    ws, home = folder(tmp_path)
    out = tmp_path / "out"
    (out / "a/b/c/d").mkdir(parents=True)
    (out / "a/b/c/d/notes").write_text("plain\n", encoding="utf-8")
    (ws / "ext").symlink_to(out)
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(**/.env)"]}})
    first = await bash(ws, home, "cat ext/a/b/c/d/notes", (out,))
    assert first.content == "plain\n", first.content
    top = os.stat(out)
    (out / "a/b/c/d/.env").write_text("KEY=deep\n", encoding="utf-8")
    assert os.stat(out).st_mtime_ns == top.st_mtime_ns  # (the place's own times as they were)
    result = await bash(ws, home, "cat ext/a/b/c/d/.env; echo ran", (out,))
    assert "KEY=deep" not in result.content and "ran" in result.content, result.content


@pytest.mark.parametrize("swap", ["folder renamed", "link re-pointed"])
async def test_a_folder_swapped_on_a_links_way_is_walked_where_it_now_leads(
    tmp_path: Path, swap: str
) -> None:
    """``ext`` leads through a link out of the workspace (``out/cur`` -> ``v1``): after
    the first command another folder, holding ``.env`` files, takes ``v1``'s name (``v1``
    renamed away), or ``cur`` is replaced by a link to it; the next command reads none of
    them (what was kept of the link's way and of the place is looked at again: their
    folders changed)."""
    ws, home = folder(tmp_path)
    out = tmp_path / "out"
    (out / "v1/sub").mkdir(parents=True)
    (out / "v2/sub").mkdir(parents=True)
    (out / "v2/.env").write_text("KEY=swapped\n", encoding="utf-8")
    (out / "v2/sub/.env").write_text("KEY=swapped-deep\n", encoding="utf-8")
    (out / "cur").symlink_to("v1")
    (ws / "ext").symlink_to(out / "cur")
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(**/.env)"]}})
    first = await bash(ws, home, "ls ext/", (out,))
    assert first.content == "sub\n", first.content
    if swap == "folder renamed":
        os.rename(out / "v1", out / "old")
        os.rename(out / "v2", out / "v1")
    else:
        (out / "new").symlink_to("v2")
        os.replace(out / "new", out / "cur")
    result = await bash(ws, home, "ls -a ext/; cat ext/.env ext/sub/.env; echo ran", (out,))
    assert "KEY=" not in result.content and "ran" in result.content, result.content
    assert ".env" in result.content  # (it is there, and it is the one walked now)
