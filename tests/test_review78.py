"""review78: holes found in compat76's denies for Bash, probed with real bubblewrap.

An agent whose settings deny paths read them through another name (a hard link of a file a
pattern matches, made before the session); a published hardening rule (``Read(//**/.env)``)
refused every command in a workspace with a node_modules-sized tree.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_compat76_denies import bash, folder, write

from coordinator.tools import denied

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")


@pytest.mark.parametrize(
    "deny", ["Read(**/*.pem)", "Read(./keys/*.pem)", "Read(./keys/id.pem)", "Read(id.pem)"]
)
async def test_a_hard_link_of_a_denied_file_is_hidden_whatever_the_rule(
    tmp_path: Path, deny: str
) -> None:
    """A pattern's match with another hard link (``sub/copy``) was read through it: only a
    path named without a wildcard had its links looked for, and only where the patterns
    were walked (``./keys/*.pem``: ``keys/`` alone)."""
    ws, home = folder(tmp_path)
    (ws / "keys").mkdir()
    (ws / "keys/id.pem").write_text("PEMKEY\n", encoding="utf-8")
    os.link(ws / "keys/id.pem", ws / "sub/copy")
    write(ws / ".claude/settings.json", {"permissions": {"deny": [deny, "Read(./config/*.yml)"]}})
    result = await bash(ws, home, "cat sub/copy keys/id.pem")
    assert "PEMKEY" not in result.content and result.is_error, result.content
    assert "Permission denied" in result.content
    fine = await bash(ws, home, "cat README.md")
    assert fine.content == "# hello\n" and not fine.is_error


def tree(top: Path, folders: int, files: int) -> None:
    """``folders`` folders of ``files`` empty files each under ``top``."""
    for f in range(folders):
        (top / f"d{f}").mkdir(parents=True)
        for n in range(files):
            (top / f"d{f}/m{n}.js").write_bytes(b"")


async def test_a_big_tree_unchanged_since_the_last_command_is_not_counted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Read(//**/.env)`` (a published hardening example) walks the whole workspace before
    each command; a node_modules-sized one (200,000 entries) refused every command, after
    seconds of walking. A folder unchanged since the last walk now counts one entry (its
    listing kept), so a tree the first walk could look at stays within the bound: here the
    bound is 100 and the tree 110 entries, 90 of them walked before."""
    ws, home = folder(tmp_path)
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(//**/.env)"]}})
    tree(ws / "node_modules", 8, 10)
    monkeypatch.setattr(denied, "MAX_WALK", 100)
    monkeypatch.setattr(denied, "_SETTLED_NS", -(10**12), raising=False)  # (kept at once)
    first = await bash(ws, home, "cat .env; echo ran")
    assert "ran" in first.content.splitlines() and "hunter2" not in first.content
    tree(ws / "node_modules/new", 2, 8)
    (ws / "node_modules/new/d1/.env").write_text("KEY=deep\n", encoding="utf-8")
    os.replace(ws / "node_modules/d3/m0.js", ws / "node_modules/d3/.env")  # (a listed folder)
    second = await bash(ws, home, "cat node_modules/new/d1/.env node_modules/d3/.env; echo ran")
    assert "ran" in second.content.splitlines(), second.content
    assert "KEY=deep" not in second.content
    assert second.content.count("Permission denied") == 2, second.content


async def test_a_deny_of_the_home_folder_holding_the_workspace_says_how_to_read_it_again(
    tmp_path: Path,
) -> None:
    """``denyRead: ["~/"]`` (a published hardening example) in the user's settings, the
    workspace in the home folder: every command is refused (they could not read the
    workspace), in one line naming the rule and its file; it now also says what reads the
    workspace again, the user's ``allowRead`` naming it, with which the command runs."""
    home = tmp_path / "home"
    ws = home / "proj"
    (home / ".claude").mkdir(parents=True)
    ws.mkdir()
    (ws / "README.md").write_text("# hello\n", encoding="utf-8")
    user = home / ".claude/settings.json"
    write(user, {"sandbox": {"filesystem": {"denyRead": ["~/"]}}})
    refused = await bash(ws, home, "cat README.md")
    assert refused.is_error and "\n" not in refused.content.strip()
    assert f"~/ (sandbox.filesystem.denyRead, {user}) makes {home} unreadable" in refused.content
    assert f'add "{ws}" to sandbox.filesystem.allowRead in {user}' in refused.content
    write(user, {"sandbox": {"filesystem": {"denyRead": ["~/"], "allowRead": [str(ws)]}}})
    fine = await bash(ws, home, "cat README.md")
    assert fine.content == "# hello\n" and not fine.is_error


@pytest.mark.parametrize(
    ("denies", "inside"),
    [
        (["Read(./secrets/**)", "Read(./secrets/db)"], "db"),
        (["Read(./secrets/**)", "Read(**/*.pem)"], "k.pem"),
        (["Read(./.env)", "Read(./secrets/**)"], "envlink"),
    ],
)
async def test_a_denied_file_inside_a_hidden_folder_leaves_commands_running(
    tmp_path: Path, denies: list[str], inside: str
) -> None:
    """A file denied in a folder denied whole (named by both rules, matched by a pattern, or
    a hard link of another denied file) was masked inside the folder's empty read-only
    stand-in: bwrap could not make its mount point there, and no command ran at all."""
    ws, home = folder(tmp_path)
    (ws / "secrets").mkdir()
    (ws / "secrets/db").write_text("SECRET=1\n", encoding="utf-8")
    (ws / "secrets/k.pem").write_text("PEMKEY\n", encoding="utf-8")
    os.link(ws / ".env", ws / "secrets/envlink")
    write(ws / ".claude/settings.json", {"permissions": {"deny": denies}})
    result = await bash(ws, home, f"cat README.md; cat secrets/{inside}")
    assert result.content.startswith("# hello\n"), result.content
    assert "No such file or directory" in result.content
    for secret in ("SECRET", "PEMKEY", "hunter2"):
        assert secret not in result.content


async def test_a_pattern_through_a_linked_folder_sees_a_file_made_in_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Read(./certs/*.pem)``, ``certs`` a link to a ``bash_read`` folder: the walk lists
    where the link leads, and a file made there since the last command is found (a kept
    listing is compared by the times of the folder listed, not of the link)."""
    ws, home = folder(tmp_path)
    tools = tmp_path / "tools"
    (tools / "certs").mkdir(parents=True)
    (ws / "certs").symlink_to(tools / "certs")
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(./certs/*.pem)"]}})
    monkeypatch.setattr(denied, "_SETTLED_NS", -(10**12), raising=False)
    assert not (await bash(ws, home, "ls certs/", readable=(tools,))).is_error
    (tools / "certs/new.pem").write_text("PEMKEY\n", encoding="utf-8")
    result = await bash(ws, home, "cat certs/new.pem", readable=(tools,))
    assert "PEMKEY" not in result.content and result.is_error, result.content


async def test_a_hard_linked_file_past_the_walk_bound_is_named_in_the_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Read(./.env)`` alone, ``.env`` with another hard link: its other names are looked
    for in the whole workspace; past the bound the refusal named "patterns ( first)", no
    rule. It now names the file, its rule and its settings file."""
    ws, home = folder(tmp_path)
    os.link(ws / ".env", ws / "sub/copy")
    settings = write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(./.env)"]}})
    monkeypatch.setattr(denied, "MAX_WALK", 3)
    result = await bash(ws, home, "echo ran > ran.txt")
    assert result.is_error and not (ws / "ran.txt").exists()
    assert "\n" not in result.content.strip() and "( first)" not in result.content
    assert f"{ws}/.env (Read(./.env) (permissions.deny, {settings}:1))" in result.content
    assert "more than 3 entries" in result.content
