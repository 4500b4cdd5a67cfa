"""lead54: a coord run as root (containers, CI) runs Bash as uid 0 with no capabilities,
which still owns root's files: the host's password hashes and private keys were readable
in the read-only tree. They are hidden (``sandbox.HOST_SECRETS``); a workspace below one
(``-w /root/proj``) is still shown. Real bwrap; skips where coord is not root or bwrap is
missing (CI runs as root)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_sandbox_bash import bash

pytestmark = [
    pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed"),
    pytest.mark.skipif(os.geteuid() != 0, reason="only root reads the host's secrets"),
]


@pytest.mark.skipif(not Path("/etc/shadow").is_file(), reason="no /etc/shadow here")
def test_a_root_command_reads_no_password_hash(tmp_path: Path) -> None:
    first = Path("/etc/shadow").read_text().split(":", 1)[0] + ":"  # (root:)
    result = bash(tmp_path, "cat /etc/shadow /etc/gshadow; head -c 5 /etc/ssh/ssh_host_*_key")
    assert first not in result.content and "PRIVATE KEY" not in result.content
    assert "Permission denied" in result.content  # (a stand-in no one may open)


def test_a_root_command_lists_nothing_of_roots_home_unless_it_holds_the_workspace(
    tmp_path: Path,
) -> None:
    listed = bash(tmp_path, "ls -A /root | wc -l")
    assert listed.content.split() == ["0"]
    ws = Path("/root") / f".lead54-{tmp_path.name}"  # a workspace in root's home
    ws.mkdir()
    try:
        (ws / "f.txt").write_text("mine\n")
        assert bash(ws, "cat f.txt").content.split() == ["mine"]
    finally:
        shutil.rmtree(ws)
