"""redteam105: a hostile agent against the newest surfaces, driven as one would (its tool
calls scripted turns of the real engine, its commands in real bubblewrap, real git, the
session in real SQLite).

1. A command may make the workspace a repository, a partial clone missing HEAD's tree whose
   promisor remote is ``xyz::there`` (a setting the guard leaves): coord's own ``git
   status`` fetched nothing since redteam104, but a later ``isolation: worktree`` run's
   ``git worktree add`` (coord's git, as the user, outside the sandbox) fetched the tree,
   starting ``git-remote-xyz`` found through PATH (an activated ``.venv/bin``, which the
   command wrote). Every git coord runs in a workspace now fetches nothing
   (``changes.git_env``).
2. A settings file's rules are read with their lines (audit105, for a refusal's
   ``file:line``), each line counted from the file's start: quadratic in the file, so a
   ``sub/.claude/settings.json`` a command of a run in the folder above wrote (or a cloned
   repository's) of 200,000 rules held the next coord started there for minutes of CPU
   (32,000: 5 s). The line ends are noted once (``settings_lines.entry_lines``).
3. In a repository a command made, the settings that make the user's git run a program
   are removed after it (``protected_guard._USERS_GIT_RUNS``), but not
   ``submodule.NAME.update``, whose ``!command`` the user's next ``git submodule update``
   ran, as the user, outside the sandbox; nor ``core.alternateRefsCommand``, which the
   user's ``git push`` into the repository ran (with an alternate a command names).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import DONE, backend, bash, needs_git, run, said, workspace
from kit import needs_bwrap

import coordinator

#: A command making the workspace a partial clone missing HEAD's tree, whose promisor
#: remote's helper is ``.venv/bin/git-remote-xyz`` (it leaves ``{mark}``).
PARTIAL = (
    "git init -q . && echo hi > a && git add a && git -c user.name=a -c user.email=a@a commit -qm1"
    " && t=$(git rev-parse 'HEAD^{{tree}}') && rm -f .git/objects/${{t:0:2}}/${{t:2}}"
    " && git config core.repositoryformatversion 1 && git config extensions.partialClone origin"
    " && git config remote.origin.promisor true && git config remote.origin.url xyz::there"
    " && mkdir -p .venv/bin && printf '#!/bin/sh\\ntouch {mark}\\n' > .venv/bin/git-remote-xyz"
    " && chmod +x .venv/bin/git-remote-xyz && echo made"
)


@needs_bwrap
@needs_git
def test_a_worktree_run_starts_no_remote_of_a_repository_a_command_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later ``isolation: worktree`` run's ``git worktree add`` ran the promisor remote's
    helper the agent wrote (PATH holding the workspace's ``.venv/bin``) as the user; now
    git fetches nothing, the run is refused its worktree and works in the workspace."""
    ws, home = workspace(tmp_path)
    monkeypatch.setenv("PATH", f"{ws}/.venv/bin{os.pathsep}{os.environ['PATH']}")
    mark = tmp_path / "remote-ran"
    provider = run(ws, home, backend(), [bash(PARTIAL.format(mark=mark)), DONE])
    assert "made" in said(provider, 1), said(provider, 1)
    assert not mark.exists()
    run(ws, home, backend(isolation="worktree"), [bash("echo x > b.txt"), DONE])
    assert not mark.exists()
    assert (ws / "b.txt").read_text() == "x\n"


@needs_bwrap
@needs_git
def test_a_worktree_run_starts_no_ssh_a_command_wrote_for_the_users_partial_clone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the user's own partial clone (its promisor remote reached over ssh), a command
    removes HEAD's tree from the objects and writes ``.venv/bin/ssh``: a later worktree
    run's ``git worktree add`` fetched the tree, starting that ``ssh`` (found through PATH)
    as the user. Now nothing is fetched."""
    ws, home = workspace(tmp_path)
    monkeypatch.setenv("PATH", f"{ws}/.venv/bin{os.pathsep}{os.environ['PATH']}")
    user = (
        "git init -q . && echo hi > a && git add a && git -c user.name=a -c user.email=a@a"
        " commit -qm1 && git config core.repositoryformatversion 1"
        " && git config extensions.partialClone origin && git config remote.origin.promisor true"
        " && git config remote.origin.url ssh://git@example.invalid/x.git"
    )
    subprocess.run(["bash", "-c", user], cwd=ws, check=True, capture_output=True)
    mark = tmp_path / "ssh-ran"
    command = (
        "t=$(git rev-parse 'HEAD^{tree}') && rm -f .git/objects/${t:0:2}/${t:2}"
        f" && mkdir -p .venv/bin && printf '#!/bin/sh\\ntouch {mark}\\n' > .venv/bin/ssh"
        " && chmod +x .venv/bin/ssh && echo made"
    )
    provider = run(ws, home, backend(), [bash(command), DONE])
    assert "made" in said(provider, 1), said(provider, 1)
    assert not mark.exists()
    run(ws, home, backend(isolation="worktree"), [bash("echo x > b.txt"), DONE])
    assert not mark.exists()


#: What the next coord started in ``sub`` reads of its settings, in a process of its own,
#: under a limit of CPU time (not of wall-clock time: the machine may be busy).
LOAD = """
import resource, sys
from pathlib import Path
from coordinator.runtime.permission_files import load_permissions
resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
rules = load_permissions(Path(sys.argv[1]), home=Path(sys.argv[2]), managed=None)
print(len(rules.rules), rules.rules[-1].line)
"""
#: A command writing ``sub/.claude/settings.json`` of 200,000 deny rules (3.7 MB).
MANY_RULES = (
    'mkdir -p sub/.claude && python3 -c \'import json; json.dump({"permissions": {"deny":'
    ' ["Bash(x%d)" % i for i in range(200000)]}}, open("sub/.claude/settings.json",'
    ' "w"), indent=1)\' && echo written'
)


@needs_bwrap
def test_a_settings_file_of_many_rules_a_command_wrote_is_read_in_linear_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next coord in ``sub`` reads the rules a command of a run above wrote, each with
    its line, within a minute of CPU (it took minutes: each line counted from the start)."""
    outer, home = workspace(tmp_path)
    monkeypatch.setenv("HOME", str(home))
    (outer / "sub").mkdir()
    provider = run(outer, home, backend(), [bash(MANY_RULES), DONE])
    assert "written" in said(provider, 1), said(provider, 1)
    env = {**os.environ, "PYTHONPATH": str(Path(coordinator.__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(outer / "sub"), str(home)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"killed past a minute of CPU: {done.returncode} {done.stderr}"
    assert done.stdout.split() == ["200000", "200003"], done.stdout


#: A command making the workspace a repository with the submodule ``sub`` (checked out at
#: another commit than the one recorded) whose update is the command ``touch {mark}``.
SUBMODULE = (
    "git init -q . && git init -q sub && c='git -c user.name=a -c user.email=a@a'"
    " && $c -C sub commit -q --allow-empty -m1 && a=$(git -C sub rev-parse HEAD)"
    " && $c -C sub commit -q --allow-empty -m2"
    " && printf '[submodule \"sub\"]\\n\\tpath = sub\\n\\turl = ./sub\\n' > .gitmodules"
    " && git update-index --add --cacheinfo 160000,$a,sub && git add .gitmodules"
    " && $c commit -qm top && git config submodule.sub.url ./sub"
    " && git config submodule.sub.update '!touch {mark}' && echo made"
)


@needs_bwrap
@needs_git
def test_a_submodule_update_command_a_command_set_is_removed(tmp_path: Path) -> None:
    """``submodule.sub.update = !touch ...`` in the ``.git/config`` a command made is
    removed after it: the user's ``git submodule update`` there ran it."""
    ws, home = workspace(tmp_path)
    mark = tmp_path / "update-ran"
    provider = run(ws, home, backend(), [bash(SUBMODULE.format(mark=mark)), DONE])
    got = said(provider, 1)
    assert "made" in got, got
    assert ".git/config: submodule.sub.update removed" in got, got
    subprocess.run(["git", "submodule", "update"], cwd=ws, capture_output=True, check=False)
    assert not mark.exists()


@needs_bwrap
@needs_git
def test_an_alternate_refs_command_a_command_set_is_removed(tmp_path: Path) -> None:
    """``core.alternateRefsCommand`` in the ``.git/config`` a command made (with an object
    alternate) is removed after it: a ``git push`` of the user's into it ran it."""
    ws, home = workspace(tmp_path)
    mark = tmp_path / "alternate-ran"
    command = (
        "git init -q . && git init -q alt && git -C alt -c user.name=a -c user.email=a@a"
        ' commit -q --allow-empty -m a && echo "$PWD/alt/.git/objects"'
        " > .git/objects/info/alternates"
        f" && git config core.alternateRefsCommand 'touch {mark}; echo' && echo made"
    )
    provider = run(ws, home, backend(), [bash(command), DONE])
    got = said(provider, 1)
    assert "made" in got, got
    assert ".git/config: core.alternaterefscommand removed" in got, got
    src = tmp_path / "src"
    subprocess.run(["git", "init", "-q", str(src)], check=True)
    commit = ["git", "-c", "user.name=a", "-c", "user.email=a@a", "commit", "-q"]
    subprocess.run([*commit, "--allow-empty", "-m", "s"], cwd=src, check=True)
    push = ["git", "push", "-q", str(ws), "HEAD:refs/heads/x"]
    subprocess.run(push, cwd=src, capture_output=True, check=False)
    assert not mark.exists()
