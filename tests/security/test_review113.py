"""review113: settings of a repository a command made that run a program at the user's
next git command, missed by redteam105's list (``protected_guard._USERS_GIT_RUNS``), found
in ``git help --config``: a built-in tool's own program, ``man.<tool>.path`` (``git log
--help``), ``difftool.<tool>.path``, ``mergetool.<tool>.path``, ``browser.<tool>.path``;
and ``imap.tunnel``, ``instaweb.httpd`` and ``git send-email``'s commands. Real bubblewrap,
real git, the real engine and scripted provider, a real SQLite store.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from hostile import DONE, backend, bash, needs_git, run, said, workspace
from kit import needs_bwrap

#: A command making the workspace a repository whose ``git help`` runs ``{prog}``.
MADE = (
    "git init -q . && printf '#!/bin/sh\\ntouch {mark}\\n' > {prog} && chmod +x {prog}"
    " && git config man.man.path {prog} && git config man.viewer man && echo made"
)

#: Each further setting of git's list that names a program git runs (set to ``/bin/true``).
OTHERS = (
    "difftool.vimdiff.path",
    "mergetool.meld.path",
    "browser.firefox.path",
    "imap.tunnel",
    "instaweb.httpd",
    "sendemail.tocmd",
    "sendemail.cccmd",
    "sendemail.headercmd",
    "sendemail.sendmailcmd",
    "sendemail.smtpserver",
    "sendemail.work.tocmd",
)


@needs_bwrap
@needs_git
def test_a_man_viewer_path_a_command_set_never_runs_at_the_users_git_help(
    tmp_path: Path,
) -> None:
    """``man.man.path`` in the ``.git/config`` a command made is removed after it: the
    user's ``git log --help`` there ran the program it names, as the user."""
    ws, home = workspace(tmp_path)
    mark = tmp_path / "help-ran"
    provider = run(ws, home, backend(), [bash(MADE.format(mark=mark, prog=ws / "viewer")), DONE])
    got = said(provider, 1)
    assert "made" in got, got
    assert ".git/config: man.man.path removed" in got, got
    help_ = ["git", "log", "--help"]
    subprocess.run(help_, cwd=ws, capture_output=True, check=False, stdin=subprocess.DEVNULL)
    assert not mark.exists()


@needs_bwrap
@needs_git
def test_every_tool_program_a_command_set_is_removed(tmp_path: Path) -> None:
    """Each of :data:`OTHERS` set by a command in the repository it made is removed."""
    ws, home = workspace(tmp_path)
    sets = " && ".join(f"git config {name} /bin/true" for name in OTHERS)
    provider = run(ws, home, backend(), [bash(f"git init -q . && {sets} && echo made"), DONE])
    got = said(provider, 1)
    assert "made" in got, got
    missed = [name for name in OTHERS if f".git/config: {name} removed" not in got]
    assert missed == [], got
