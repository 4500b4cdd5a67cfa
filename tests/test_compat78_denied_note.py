"""compat78: a Bash command that names a path the settings deny it gets one line naming the
path, what the sandbox did with it and the rule, with its settings file.

Before, ``cat .env`` under ``Read(./.env)`` said only ``Permission denied``, a write under
``denyWrite`` only ``Read-only file system``, and ``ls`` showed a hidden file as an empty
device: the agent could not tell a deny rule from a broken file. Real bubblewrap.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_compat76_denies import bash, folder, write

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")


async def test_a_hidden_file_named_gets_the_rule_and_its_file_never_its_content(
    tmp_path: Path,
) -> None:
    ws, home = folder(tmp_path)
    project = write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(./.env)"]}})
    note = (
        "[paths the settings deny commands: .env unreadable (shown empty) under Read(./.env) "
        f"(permissions.deny, {project}:1)]"
    )
    for command in ("cat .env", f"cat {ws.resolve() / '.env'}", "grep -r TOKEN ."):
        result = await bash(ws, home, command)
        assert note in result.content.splitlines(), (command, result.content)
        assert "hunter2" not in result.content
    listed = await bash(ws, home, "ls -a")  # (a hidden file is listed: the note says why)
    assert listed.content.splitlines()[-1] == note, listed.content
    plain = await bash(ws, home, "cat README.md config/app.yml")
    assert plain.content == "# hello\nport: 1\n"


async def test_a_read_only_path_and_a_hidden_folder_name_their_rules_in_one_line(
    tmp_path: Path,
) -> None:
    """A write into a read-only folder (the user's ``denyWrite``) and a read in a hidden one
    (the project's ``denyRead``), in one command, get one line naming both; a read of the
    read-only folder, which works, none."""
    ws, home = folder(tmp_path)
    (ws / "sub/key").write_text("K\n", encoding="utf-8")
    block = {"filesystem": {"denyWrite": ["//" + str(ws / "config")], "denyRead": ["~/x"]}}
    user = write(home / ".claude/settings.json", {"sandbox": block})
    write(ws / ".claude/settings.json", {"sandbox": {"filesystem": {"denyRead": ["./sub"]}}})
    result = await bash(ws, home, "echo x > config/app.yml; cat sub/key")
    notes = [line for line in result.content.splitlines() if line.startswith("[paths the")]
    assert notes == [
        "[paths the settings deny commands: "
        f"sub unreadable (shown empty) under ./sub (sandbox.filesystem.denyRead, "
        f"{ws / '.claude/settings.json'}); "
        f"config read-only under //{ws / 'config'} (sandbox.filesystem.denyWrite, {user})]"
    ], result.content
    assert (ws / "config/app.yml").read_text(encoding="utf-8") == "port: 1\n"
    read = await bash(ws, home, "cat config/app.yml")  # (reading a read-only path works)
    assert read.content == "port: 1\n"
