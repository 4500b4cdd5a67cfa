"""trust50: what trust49 left open at the trust boundary.

Holes found and closed (each test fails on the session's start code, d65859b7):

1. A program that a settings file of the user's, outside the workspace, names by path
   inside it: the user's global git settings' ``core.fsmonitor``, ``core.sshCommand``,
   ``credential.helper`` (``!/srv/tool``), ``core.hooksPath`` (a workspace that is no
   repository: every repository's hooks), a hook of Claude Code's user settings
   (``~/.claude/settings.json``: coord sandboxes it, the user's own Claude Code does not).
   The file was the user's, but the program it runs every agent's to rewrite.
2. ``-w ~``: more of the home folder that runs programs as the user without the user
   asking for the file: nvm's and pyenv's folders, gradle's init scripts, IPython's
   startup, vim's, neovim's and emacs's settings and packages, gems.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hostile import backend, bash, run, sent_results
from kit import needs_bwrap, report

DONE = {"text": report("Complete", "Done")}
PROGRAM = "#!/bin/sh\necho ran as the user\n"


def _write(path: str, content: str = PROGRAM) -> dict[str, object]:
    return {"tool_calls": [{"name": "Write", "input": {"file_path": path, "content": content}}]}


def _plant_all(planted: tuple[str, ...]) -> dict[str, object]:
    made = "; ".join(f"mkdir -p {os.path.dirname(p)} && printf x > {p}" for p in planted)
    return bash(f"{made}; echo done")


#: What the user's settings outside the workspace name in it, relative to it.
NAMED = ("tools/fsm", "tools/ssh-wrap", "tools/cred", "hooks/pre-commit", "lint/check.sh")


@needs_bwrap
def test_programs_the_users_settings_name_in_the_workspace_stay_the_users(
    tmp_path: Path,
) -> None:
    """``-w /srv``; the user's ``~/.gitconfig`` names ``/srv/tools/fsm`` (``core.fsmonitor``),
    ``sh /srv/tools/ssh-wrap`` (``core.sshCommand``), ``!/srv/tools/cred``
    (``credential.helper``) and ``/srv/hooks`` (``core.hooksPath``), and a hook of
    ``~/.claude/settings.json`` runs ``sh /srv/lint/check.sh``: Write of each is refused
    and what a command puts there does not stay (each ran as the user at the next ``git
    status``, fetch, push, commit, Claude Code session). Other files there stay writable."""
    home = Path(os.environ["HOME"])
    ws = tmp_path / "srv"
    ws.mkdir()
    (home / ".gitconfig").write_text(
        f"[core]\n\tfsmonitor = {ws}/tools/fsm\n\tsshCommand = sh {ws}/tools/ssh-wrap -v\n"
        f'\thooksPath = {ws}/hooks\n[credential "https://example.com"]\n'
        f'\thelper = "!{ws}/tools/cred get"\n',
        encoding="utf-8",
    )
    hook = {"type": "command", "command": f"sh {ws}/lint/check.sh"}
    settings = {"hooks": {"SessionStart": [{"hooks": [hook]}]}}
    (home / ".claude").mkdir(exist_ok=True)
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    turns = [*(_write(p) for p in NAMED), _plant_all(NAMED), _write("tools/notes.txt", "x")]
    provider = run(ws, home, backend(), [*turns, DONE])
    results = sent_results(provider)
    for rel, result in zip(NAMED, results, strict=False):
        assert result["is_error"] and rel in str(result["content"]), result
    assert "done" in str(results[len(NAMED)]["content"]), results[len(NAMED)]
    assert [p for p in NAMED if (ws / p).exists()] == []
    assert not results[-1]["is_error"], results[-1]
    assert (ws / "tools" / "notes.txt").read_text(encoding="utf-8") == "x"


#: What of a home folder runs programs as the user without the user asking for the file.
HOME_PLANTED = (
    ".nvm/nvm.sh",
    ".pyenv/shims/python",
    ".gradle/init.d/evil.gradle",
    ".ipython/profile_default/startup/00.py",
    ".vimrc",
    ".vim/plugin/evil.vim",
    ".config/nvim/init.lua",
    ".emacs.d/init.el",
    ".gem/ruby/3.2.0/bin/rake",
)


@needs_bwrap
def test_a_home_workspace_keeps_the_users_tools_startup_files() -> None:
    """``-w ~``: nvm's ``nvm.sh`` (sourced by the user's ``.bashrc``), pyenv's shims (on
    the user's PATH), gradle's init scripts (every build), IPython's startup, vim's,
    neovim's and emacs's settings (each start), a user gem's program: no tool writes them,
    and a command's do not stay."""
    home = Path(os.environ["HOME"])
    turns = [*(_write(p) for p in HOME_PLANTED), _plant_all(HOME_PLANTED), DONE]
    provider = run(home, home, backend(), turns)
    results = sent_results(provider)
    for rel, result in zip(HOME_PLANTED, results, strict=False):
        assert result["is_error"] and rel in str(result["content"]), result
    assert "done" in str(results[len(HOME_PLANTED)]["content"]), results[-1]
    assert [p for p in HOME_PLANTED if (home / p).exists()] == []


#: What a variable of the user's environment moves into a ``-w /srv`` workspace, by it.
MOVED = {
    "GEM_HOME": ("gems", "gems/bin/rake"),
    "PIPX_BIN_DIR": ("pipx-bin", "pipx-bin/black"),
    "PIPX_HOME": ("pipx", "pipx/venvs/black/bin/python"),
    "GRADLE_USER_HOME": ("gradle", "gradle/init.d/evil.gradle"),
    "PYENV_ROOT": ("pyenv", "pyenv/shims/python"),
    "IPYTHONDIR": ("ipy", "ipy/profile_default/startup/00.py"),
}


@needs_bwrap
def test_program_folders_a_variable_moves_into_the_workspace_stay_the_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-w /srv`` with the user's ``GEM_HOME``, ``PIPX_BIN_DIR``, ``PIPX_HOME``,
    ``GRADLE_USER_HOME``, ``PYENV_ROOT`` and ``IPYTHONDIR`` there: Write of what the user's
    tools run from them is refused, and a command's does not stay; gradle's caches stay
    the commands' to write."""
    ws = tmp_path / "srv"
    ws.mkdir()
    for name, (folder, _) in MOVED.items():
        monkeypatch.setenv(name, str(ws / folder))
    planted = tuple(rel for _, rel in MOVED.values())
    cache = bash("mkdir -p gradle/caches && echo c > gradle/caches/c")
    provider = run(ws, tmp_path / "home", backend(), [*map(_write, planted), cache, DONE])
    results = sent_results(provider)
    for rel, result in zip(planted, results, strict=False):
        assert result["is_error"] and rel in str(result["content"]), result
    assert [p for p in planted if (ws / p).exists()] == []
    assert (ws / "gradle" / "caches" / "c").read_text(encoding="utf-8") == "c\n"
