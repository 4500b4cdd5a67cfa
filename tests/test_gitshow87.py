"""gitshow87: a file the settings deny Bash that git holds is warned of at a run's start.

The Bash sandbox hides ``.env`` under ``Read(./.env)``, but a committed ``.env`` stays
readable through git's objects (``git show HEAD:.env``). Before, nothing said so; now
``coord run --allow-bash`` warns once, one line per such file (naming it, the rule and its
settings file); an untracked denied file gets no warning, and a run whose denies name no
workspace path starts no more git than before. Real git, real settings files, real
bubblewrap, the scripted provider through the CLI.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from cli import coord
from kit import git, git_init, report, write_agent, write_script

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")


def _setup(tmp_path: Path, deny: list[str], *, commit: bool) -> tuple[Path, Path, Path]:
    """A git workspace holding ``.env`` (committed or not), its settings denying ``deny``,
    a roster of ``worker`` and its script; a ``git`` on PATH that logs its arguments."""
    ws, home = tmp_path / "ws", tmp_path / "home"
    ws.mkdir()
    (ws / "app.py").write_text("a = 1\n", encoding="utf-8")
    git_init(ws)
    (ws / ".env").write_text("TOKEN=hunter2\n", encoding="utf-8")
    if commit:
        git(ws, "add", ".env")
        git(ws, "commit", "-q", "-m", "secret")
    settings = ws / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps({"permissions": {"deny": deny}}), encoding="utf-8")
    (home / ".claude").mkdir(parents=True)
    write_agent(tmp_path / "agents", "worker", "Works on the app.")
    script = write_script(tmp_path / "s.yaml", {"worker": [{"text": report("Complete")}]})
    logged = tmp_path / "bin" / "git"
    logged.parent.mkdir()
    logged.write_text(
        f'#!/bin/sh\necho "$*" >> {tmp_path / "git.log"}\nexec {shutil.which("git")} "$@"\n',
        encoding="utf-8",
    )
    logged.chmod(logged.stat().st_mode | stat.S_IXUSR)
    return ws, home, script


def _run(tmp_path: Path, ws: Path, home: Path, script: Path) -> tuple[str, list[str]]:
    """``coord run --allow-bash`` of agent ``worker``: its stderr and the git commands it
    started."""
    path = f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"
    ran = coord(
        "run", "Fix the app", "--agent", "worker", "--workspace", ws, "--db", tmp_path / "s.db",
        "--agents-dir", tmp_path / "agents", "--only", "--allow-bash",
        "--provider", "scripted", "--script", script,
        env={"HOME": str(home), "PATH": path},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    log = tmp_path / "git.log"
    return ran.stderr, log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_a_committed_denied_file_is_warned_of_once_naming_it_and_its_rule(
    tmp_path: Path,
) -> None:
    ws, home, script = _setup(tmp_path, ["Read(./.env)"], commit=True)
    stderr, _ = _run(tmp_path, ws, home, script)
    held = [line for line in stderr.splitlines() if "git repository holds" in line]
    settings = ws.resolve() / ".claude" / "settings.json"
    assert held == [
        f"warning: .env: Read(./.env) (permissions.deny, {settings}:1) hides it from Bash"
        " commands, but the workspace's git repository holds it (its index or HEAD): its"
        " committed contents stay readable through git's history in Bash (git show"
        " HEAD:PATH). Remove it from the repository's history and rotate any secret it"
        " holds, or run without --allow-bash"
    ], stderr
    assert "hunter2" not in stderr


def test_a_pattern_s_committed_matches_are_capped(tmp_path: Path) -> None:
    """``denyRead: ["**/*.key"]`` (a name at any depth): 7 committed keys, an 8th untracked:
    5 named, then "and 2 more"."""
    ws, home, script = _setup(tmp_path, [], commit=False)
    for n in range(8):
        (ws / "keys" / f"d{n}").mkdir(parents=True)
        (ws / "keys" / f"d{n}" / "k.key").write_text("K\n", encoding="utf-8")
    git(ws, "add", *(f"keys/d{n}/k.key" for n in range(7)))
    git(ws, "commit", "-q", "-m", "keys")
    (ws / ".claude/settings.json").write_text(
        json.dumps({"sandbox": {"filesystem": {"denyRead": ["**/*.key"]}}}), encoding="utf-8"
    )
    stderr, _ = _run(tmp_path, ws, home, script)
    held = [line for line in stderr.splitlines() if "git repository holds" in line]
    assert [line.split(":")[1].strip() for line in held[:5]] == [
        f"keys/d{n}/k.key" for n in range(5)
    ], stderr
    assert held[5] == (
        "warning: and 2 more files denied to Bash that the workspace's git repository holds,"
        " readable through its history as well"
    )
    assert len(held) == 6 and "(sandbox.filesystem.denyRead," in held[0]


def test_an_untracked_denied_file_gets_no_warning(tmp_path: Path) -> None:
    ws, home, script = _setup(tmp_path, ["Read(./.env)"], commit=False)
    stderr, started = _run(tmp_path, ws, home, script)
    assert "git's history" not in stderr, stderr
    assert sum(" ls-files " in line for line in started) == 1, started


def test_no_workspace_deny_starts_no_git_for_it(tmp_path: Path) -> None:
    """A deny naming only a home path (and none at all) adds no git start; a workspace
    deny's ``ls-files`` is the one git start added."""
    ws, home, script = _setup(tmp_path, ["Read(~/.ssh/**)"], commit=True)
    stderr, started = _run(tmp_path, ws, home, script)
    assert "git's history" not in stderr
    assert not any("ls-files" in line for line in started), started
    (ws / ".claude/settings.json").unlink()
    (tmp_path / "git.log").unlink(missing_ok=True)
    _, started = _run(tmp_path, ws, home, script)
    assert not any("ls-files" in line for line in started), started
    _setup_deny(ws, ["Read(./.env)"])  # (the log sees the one a workspace deny starts)
    _, started = _run(tmp_path, ws, home, script)
    assert sum(" ls-files " in line for line in started) == 1, started


def _setup_deny(ws: Path, deny: list[str]) -> None:
    (ws / ".claude/settings.json").write_text(
        json.dumps({"permissions": {"deny": deny}}), encoding="utf-8"
    )


def test_a_staged_file_and_one_only_in_head_are_held(tmp_path: Path) -> None:
    """The index (``git show :.env``) and HEAD (a file ``git rm --cached`` since) both
    count; a file in neither, nor a repository with no commit yet, does not break it."""
    ws, home, _ = _setup(tmp_path, ["Read(./.env)", "Read(./staged.txt)"], commit=True)
    git(ws, "rm", "-q", "--cached", ".env")
    (ws / "staged.txt").write_text("S\n", encoding="utf-8")
    git(ws, "add", "staged.txt")
    from coordinator.runtime.bash_denies import BashDenies
    from coordinator.runtime.permission_files import load_permissions
    from coordinator.tools import git_held

    root = ws.resolve()
    check = BashDenies.of(load_permissions(root, home=home, managed=None))
    assert check is not None
    assert [d.path.name for d in git_held.git_held(check, root)] == [".env", "staged.txt"]
    shutil.rmtree(ws / ".git")
    git(ws, "init", "-q")
    git(ws, "add", "staged.txt")
    assert [d.path.name for d in git_held.git_held(check, root)] == ["staged.txt"]
