"""lead54: a coord run as root (containers, CI) runs Bash as uid 0 with no capabilities,
which still owns root's files: the host's password hashes and private keys were readable
in the read-only tree. They are hidden (``sandbox.HOST_SECRETS``); root's home folder is
not (a root coord's tools may live there). Real bwrap; skips where coord is not root or
bwrap is missing (CI runs as root)."""

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


def test_a_root_command_still_sees_roots_home_where_home_is_elsewhere(tmp_path: Path) -> None:
    """A root coord's tools may live in /root (``/root/.pyenv``) while HOME is elsewhere (a
    CI runner's): /root is not among the secrets (HOME, wherever it is, is hidden whole)."""
    if Path(os.environ["HOME"]).resolve() == Path("/root"):
        pytest.skip("HOME is /root here: hidden whole")
    listed = bash(tmp_path, "ls -A /root")
    assert sorted(listed.content.split()) == sorted(os.listdir("/root"))
