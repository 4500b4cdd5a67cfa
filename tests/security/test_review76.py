"""review76: shell74's two readings that let a line run a script unread, a venv's
``activate`` made just before and a script written from literal text, trusted the
writing command to have run: a line whose write may not happen (``;``, ``||``, ``!``, a
command that succeeds writing nothing: ``python3 -m venv --help``, ``--upgrade``, ``echo
virtualenv .venv``) ran a workspace file already there. Each is run by ``/bin/bash`` in a
scratch folder holding that file with ``rm f`` in it, ``rm`` a logging stub
(:func:`tests.security.test_shell73.ran_rm`), and read by the deny rule ``Bash(rm:*)``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.test_shell69 import refusal
from tests.security.test_shell73 import ran_rm, refused_by_rm

#: A literal script the line may not have written before running it.
NOT_WRITTEN_SCRIPT = [
    "false && printf 'echo hi\\n' > s.sh; bash s.sh",
    "false && printf 'echo hi\\n' > s.sh; ./s.sh",
    "true || echo hi > s.sh; ./s.sh",
    "set -C; printf 'echo hi\\n' > s.sh; ./s.sh",
    "set -C && printf 'echo hi\\n' > s.sh || ./s.sh",
    "false && echo hi > s.sh || ./s.sh",
    "false && echo hi > s.sh # '\n./s.sh # '",
]


@pytest.mark.parametrize("command", NOT_WRITTEN_SCRIPT)
def test_a_script_the_line_may_not_write_is_read(command: str, tmp_path: Path) -> None:
    """A workspace ``s.sh`` holding ``rm f``, and a line whose ``printf``/``echo`` may
    not write it before it runs: the workspace's script is read (refused)."""
    (tmp_path / "s.sh").write_text("rm f\n", encoding="utf-8")
    (tmp_path / "s.sh").chmod(0o755)
    refused_by_rm(command, tmp_path)
    assert ran_rm(command, tmp_path)


@pytest.mark.parametrize(
    "command",
    [
        "printf 'echo a; echo b || true\\n' > s.sh && chmod +x s.sh && ./s.sh",
        "echo 'echo hi' > s.sh && bash s.sh && echo done",
    ],
)
def test_a_line_that_writes_then_runs_still_runs(command: str, tmp_path: Path) -> None:
    """The everyday lines stay let through (no file there yet)."""
    assert refusal(command, tmp_path) is None
