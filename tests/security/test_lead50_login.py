"""A login shell's startup files under a deny rule (lead50).

A login shell (``bash -lc``, ``sh -l``, ``bash --login``, ``exec -l bash``, ``exec -a -bash
bash``) runs ``~/.profile`` or ``~/.bash_profile`` before its commands; the line that
starts it can write them first (and, unsandboxed, an earlier call can), so what it runs is
no more read than an interactive shell's ``~/.bashrc``: a deny rule refuses it, as it does
``bash -ic``. Each line is first run by bash, which removes the file (a login shell's
``/etc/profile`` sets its own PATH, so the real ``rm`` runs, not a stub).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.security.test_shell69 import refusal

LOGIN_LINES = [
    "echo 'rm f' > ~/.bash_profile; bash -lc true",
    "echo 'rm f' > ~/.bash_profile && bash --login -c true",
    "printf 'rm f\\n' > $HOME/.profile; sh -l -c true",
    "echo 'rm f' > ~/.bash_profile; exec -l bash -c true",
    "echo 'rm f' > ~/.bash_profile; exec -a -bash bash -c true",
]


def _removes_f(command: str, folder: Path) -> bool:
    """Whether bash, in ``folder`` as HOME and working folder, removes its file ``f``."""
    (folder / "f").write_text("a\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder)}
    subprocess.run(
        ["/bin/bash", "-c", command], cwd=folder, env=env, capture_output=True, timeout=30
    )
    return not (folder / "f").exists()


@pytest.mark.parametrize("command", LOGIN_LINES)
def test_a_login_shell_s_startup_file_is_refused(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "ws"
    folder.mkdir()
    assert _removes_f(command, folder)  # bash runs the rm the startup file holds
    said = refusal(command)
    assert said is not None and "runs ~/.profile or ~/.bash_profile" in said


@pytest.mark.parametrize(
    "command", ["ls -l", "bash -c 'ls -l'", "bash -ec 'ls -la'", "bash -c 'echo hi' -l"]
)
def test_an_l_that_starts_no_login_shell_runs(command: str) -> None:
    assert refusal(command) is None
