"""review78: holes found in compat76's denies for Bash, probed with real bubblewrap.

An agent whose settings deny paths reads or writes them through another name: a hard
link of a file a pattern matches (``Read(**/*.pem)``), made before the session.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_compat76_denies import bash, folder, write

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
