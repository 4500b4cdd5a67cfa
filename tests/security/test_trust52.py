"""trust52: git settings of repositories above and below the workspace, and the environment's.

Holes found and closed (each test fails on the session's start code, 083be241):

1. A workspace below a repository (``-w repo/sub``): the repository's ``.git/config`` and
   ``config.worktree`` lie outside the workspace, but what they include or name may lie in
   it (``include.path = ../sub/shared.gitconfig``, ``core.fsmonitor = sub/tools/fsm``, a
   filter's ``clean``, a pager): an agent wrote those, and the user's next ``git status``
   in the repository ran them. So did a relative program the workspace's own repository's
   settings name (``core.fsmonitor = tools/fsm``, run from the work tree's top).
2. A repository below the workspace (a clone in a subfolder, one whose ``.git`` file leads
   to a git directory elsewhere): the files its settings include and the programs they
   name there were every agent's to write.
3. The settings of coord's environment (``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_<n>``/
   ``GIT_CONFIG_VALUE_<n>``, ``GIT_CONFIG_PARAMETERS``, ``GIT_CONFIG_SYSTEM``), which the
   user's git, started from the same environment, reads: a program or a file to include
   they name in the workspace was every agent's to write.

Each is proven where the user meets it: the user's own ``git status`` after the session,
which ran the agent's program on the start code, runs none.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hostile import backend, bash, run, sent_results
from kit import git, git_init, needs_bwrap, report

DONE = {"text": report("Complete", "Done")}


#: What the planted files of settings are named by (the rest are programs).
SETTINGS_FILES = (".inc", ".gitconfig", "/system")


def _plant_all(ws: Path, planted: tuple[str, ...], marker: Path) -> dict[str, object]:
    """A command writing each of ``planted`` and ``evil`` (the agent's own program,
    executable: it leaves ``marker`` behind when it runs): a file of settings names it as
    ``core.fsmonitor``, a program is it."""
    made = [f"mkdir -p {os.path.dirname(p) or '.'} && printf '{_content(ws, p, marker)}' > {p}"
            for p in (*planted, "evil")]  # fmt: skip
    return bash(f"{'; '.join(made)}; chmod +x {' '.join(planted)} evil; echo done")


def _content(ws: Path, rel: str, marker: Path) -> str:
    """What :func:`_plant_all` writes to ``rel``, as ``printf``'s format."""
    if rel.endswith(SETTINGS_FILES):
        return f"[core]\\n\\tfsmonitor = {ws}/evil\\n"
    return f"#!/bin/sh\\necho ran >> {marker}\\n"


def _write(path: str, content: str) -> dict[str, object]:
    return {"tool_calls": [{"name": "Write", "input": {"file_path": path, "content": content}}]}


def _session(ws: Path, planted: tuple[str, ...], marker: Path) -> None:
    """A session in ``ws`` writing each of ``planted`` with Write, then with a command
    (:func:`_plant_all`): each Write is refused naming it, none of them stays, the agent's
    own program ``evil`` is written."""
    turns = [*(_write(p, "x") for p in planted), _plant_all(ws, planted, marker), DONE]
    results = sent_results(run(ws, Path(os.environ["HOME"]), backend(), turns))
    for rel, result in zip(planted, results, strict=False):
        assert result["is_error"] and rel in str(result["content"]), result
    assert "done" in str(results[len(planted)]["content"]), results[len(planted)]
    assert [p for p in planted if (ws / p).exists()] == []
    assert (ws / "evil").read_text(encoding="utf-8").startswith("#!/bin/sh")


def _users_git(repo: Path, *args: str, env: dict[str, str] | None = None) -> None:
    """The user's own git in ``repo`` (with ``env`` too), as the user runs it after the
    session: the settings' pager, not the environment's."""
    given = {k: v for k, v in os.environ.items() if k not in ("GIT_PAGER", "PAGER")}
    subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, check=False, timeout=60,
        env={**given, **(env or {})}, stdin=subprocess.DEVNULL,
    )  # fmt: skip


#: What the repository above the workspace ``sub`` names in it, relative to ``sub``.
ABOVE = ("shared.gitconfig", "tools/fsm", "tools/clean", "tools/pager", "git/wt.inc")


@needs_bwrap
def test_a_workspace_below_a_repository_keeps_what_its_settings_name(tmp_path: Path) -> None:
    """``-w repo/sub``; ``repo/.git/config`` includes ``../sub/shared.gitconfig`` (a
    project's shared settings, tracked in ``sub``) and names ``core.fsmonitor =
    sub/tools/fsm`` and a filter's ``clean = sub/tools/clean %f`` (git runs them from the
    work tree's top); its ``config.worktree`` names ``core.pager = sub/tools/pager`` and
    includes ``../sub/git/wt.inc``, missing: none is an agent's to write, and the user's
    ``git status`` and ``git log`` in ``repo`` run nothing the agent wrote. The rest of
    ``sub`` stays writable."""
    repo = tmp_path / "repo"
    ws = repo / "sub"
    ws.mkdir(parents=True)
    (ws / "shared.gitconfig").write_text("[alias]\n\tst = status\n", encoding="utf-8")
    (ws / ".gitattributes").write_text("*.txt filter=tidy\n", encoding="utf-8")
    (ws / "a.txt").write_text("a\n", encoding="utf-8")
    git_init(repo)
    git(repo, "config", "include.path", "../sub/shared.gitconfig")
    git(repo, "config", "core.fsmonitor", "sub/tools/fsm")
    git(repo, "config", "filter.tidy.clean", "sub/tools/clean %f")
    git(repo, "config", "extensions.worktreeConfig", "true")
    git(repo, "config", "--worktree", "core.pager", "sub/tools/pager")
    git(repo, "config", "--worktree", "include.path", "../sub/git/wt.inc")
    marker = tmp_path / "ran"
    planted = tuple(p for p in ABOVE if p != "shared.gitconfig")
    _session(ws, planted, marker)
    turns = [_write("shared.gitconfig", "[core]\n\tpager = sub/x\n"), DONE]
    results = sent_results(run(ws, Path(os.environ["HOME"]), backend(), turns))
    assert results[0]["is_error"] and "shared.gitconfig" in str(results[0]["content"])
    (ws / "a.txt").write_text("changed\n", encoding="utf-8")
    _users_git(repo, "status")
    _users_git(repo, "-p", "log", "-1")
    assert not marker.exists(), marker.read_text(encoding="utf-8")


@needs_bwrap
def test_a_relative_program_the_workspaces_own_settings_name(tmp_path: Path) -> None:
    """The workspace's repository has ``core.fsmonitor = tools/fsm`` (run from the work
    tree's top): the program is not an agent's to write, and the user's next ``git
    status`` runs nothing the agent wrote."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "README").write_text("r\n", encoding="utf-8")
    git_init(ws)
    git(ws, "config", "core.fsmonitor", "tools/fsm")
    marker = tmp_path / "ran"
    _session(ws, ("tools/fsm",), marker)
    _users_git(ws, "status")
    assert not marker.exists(), marker.read_text(encoding="utf-8")


#: What the repositories below the workspace name in it, relative to it.
BELOW = (
    "proj/shared.gitconfig", "common.inc", "proj/tools/fsm", "lib/tools/fsm", "lib/lib.inc",
    "app/mod/mod.inc", "app/mod/tools/fsm",
)  # fmt: skip


@needs_bwrap
def test_repositories_below_the_workspace_keep_what_their_settings_name(tmp_path: Path) -> None:
    """``-w /srv`` (no repository) holds the clone ``proj``, whose ``.git/config``
    includes ``../shared.gitconfig`` (``proj/shared.gitconfig``) and ``../../common.inc``
    (missing), and names ``core.fsmonitor = tools/fsm``; and ``lib``, whose ``.git`` file
    leads to a git directory outside the workspace that includes ``/srv/lib/lib.inc`` and
    names ``core.fsmonitor = tools/fsm``; and the submodule ``mod`` of ``app``, whose
    settings (in ``app/.git/modules/mod``) include ``mod/mod.inc`` and name
    ``core.fsmonitor = tools/fsm``: none is an agent's to write, and the user's ``git
    status`` in each runs nothing the agent wrote."""
    ws = tmp_path / "srv"
    (ws / "proj").mkdir(parents=True)
    (ws / "proj" / "README").write_text("p\n", encoding="utf-8")
    (ws / "lib").mkdir()
    (ws / "lib" / "README").write_text("l\n", encoding="utf-8")
    git_init(ws / "proj")
    git(ws / "proj", "config", "--add", "include.path", "../shared.gitconfig")
    git(ws / "proj", "config", "--add", "include.path", "../../common.inc")
    git(ws / "proj", "config", "core.fsmonitor", "tools/fsm")
    git(ws / "lib", "init", "-q", "--separate-git-dir", str(tmp_path / "lib.git"))
    git(ws / "lib", "config", "include.path", f"{ws}/lib/lib.inc")
    git(ws / "lib", "config", "core.fsmonitor", "tools/fsm")
    _submodule(tmp_path, ws / "app")
    marker = tmp_path / "ran"
    _session(ws, BELOW, marker)
    for repo in ("proj", "lib", "app/mod"):
        _users_git(ws / repo, "status")
    assert not marker.exists(), marker.read_text(encoding="utf-8")


def _submodule(tmp_path: Path, app: Path) -> None:
    """``app`` made a repository with the submodule ``mod``, whose settings include
    ``../../../mod/mod.inc`` (from ``app/.git/modules/mod``) and name ``core.fsmonitor =
    tools/fsm``."""
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "README").write_text("m\n", encoding="utf-8")
    git_init(tmp_path / "mod")
    app.mkdir()
    (app / "README").write_text("a\n", encoding="utf-8")
    git_init(app)
    git(app, "-c", "protocol.file.allow=always", "submodule", "add", "-q", "../../mod", "mod")
    git(app / "mod", "config", "include.path", "../../../mod/mod.inc")
    git(app / "mod", "config", "core.fsmonitor", "tools/fsm")


#: What the environment's git settings name in the workspace, relative to it.
ENVIRONMENT = (
    "tools/fsm", "git/env.inc", "tools/env-pager", "tools/clean", "git/param.inc",
    "git/system",
)  # fmt: skip


@needs_bwrap
def test_settings_of_the_environment_keep_what_they_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """coord runs with ``GIT_CONFIG_COUNT=2`` (``core.fsmonitor = /srv/tools/fsm``,
    ``include.path = /srv/git/env.inc``, which names ``core.pager = /srv/tools/env-pager``
    once there), ``GIT_CONFIG_PARAMETERS`` (``'filter.tidy.clean'='/srv/tools/clean %f'``,
    ``'include.path'='/srv/git/param.inc'``) and ``GIT_CONFIG_SYSTEM=/srv/git/system``;
    ``-w /srv`` is a repository: none of those is an agent's to write, and the user's
    ``git status`` with that environment runs nothing the agent wrote."""
    ws = tmp_path / "srv"
    (ws / "git").mkdir(parents=True)
    (ws / "git" / "env.inc").write_text(
        f"[core]\n\tpager = {ws}/tools/env-pager\n", encoding="utf-8"
    )
    (ws / ".gitattributes").write_text("*.txt filter=tidy\n", encoding="utf-8")
    (ws / "a.txt").write_text("a\n", encoding="utf-8")
    git_init(ws)
    env = {
        "GIT_CONFIG_COUNT": "2",
        "GIT_CONFIG_KEY_0": "core.fsmonitor",
        "GIT_CONFIG_VALUE_0": f"{ws}/tools/fsm",
        "GIT_CONFIG_KEY_1": "include.path",
        "GIT_CONFIG_VALUE_1": f"{ws}/git/env.inc",
        "GIT_CONFIG_PARAMETERS": f"'filter.tidy.clean'='{ws}/tools/clean %f' "
        f"'include.path'='{ws}/git/param.inc'",
        "GIT_CONFIG_SYSTEM": f"{ws}/git/system",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    marker = tmp_path / "ran"
    planted = tuple(p for p in ENVIRONMENT if p != "git/env.inc")
    _session(ws, planted, marker)
    assert (ws / "git" / "env.inc").read_text(encoding="utf-8").startswith("[core]")
    (ws / "a.txt").write_text("changed\n", encoding="utf-8")
    _users_git(ws, "status", env=env)
    _users_git(ws, "-p", "log", "-1", env=env)
    assert not marker.exists(), marker.read_text(encoding="utf-8")


def test_a_git_config_count_that_is_no_number_names_nothing() -> None:
    """``GIT_CONFIG_COUNT`` of a digit Python's ``int`` refuses (``²``) is no count (git
    refuses it too): nothing is read, and coord's start does not end in a traceback."""
    from coordinator.tools.gitconfigs import environment

    assert environment({"GIT_CONFIG_COUNT": "²", "GIT_CONFIG_KEY_0": "core.pager"}) == []
