"""trust51: the user's global git settings, read through their includes.

Holes found and closed (each test fails on the session's start code, f0d20a29):

1. A file the user's global git settings include (``[include] path``, ``[includeIf
   "gitdir:..."] path``: absolute, relative to the including file, ``~/``, and what it
   includes in turn) that lies in the workspace: an agent writing it set
   ``core.fsmonitor``, a credential helper, aliases, for every repository of the user.
   The file is protected, and the programs it names there; so is a file the workspace's
   repository's own settings include (``include.path = ../.gitconfig``, a project's
   shared settings kept in a tracked file).
2. A relative global ``core.hooksPath`` (``.githooks``): git runs each repository's
   folder of that name; one in a repository in the workspace is protected.
3. More programs the global git settings name by path in the workspace that git runs on
   everyday commands without being asked for them: the pager, the editors, external
   diff and textconv, filter and merge drivers, gpg's program, ``init.templateDir``.
4. A FIFO where the user's global git settings (or a file they include) are named held
   the session's start for good: settings files are opened without waiting.
5. A user's MCP server started through a shell script whose Python cannot import the
   module beside it (``PYTHONSAFEPATH=1``, trust48): its start failure says why and how
   to opt out, as trust49 did for hooks.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from hostile import backend, bash, run, sent_results, with_server
from kit import git, git_init, needs_bwrap, needs_mcp, report

DONE = {"text": report("Complete", "Done")}
PROGRAM = "#!/bin/sh\necho ran as the user\n"
INCLUDED = "[core]\n\tpager = less\n"


def _write(path: str, content: str = PROGRAM) -> dict[str, object]:
    return {"tool_calls": [{"name": "Write", "input": {"file_path": path, "content": content}}]}


def _plant_all(planted: tuple[str, ...]) -> dict[str, object]:
    made = "; ".join(f"mkdir -p {os.path.dirname(p)} && printf x > {p}" for p in planted)
    return bash(f"{made}; echo done")


def _refused_and_gone(ws: Path, home: Path, planted: tuple[str, ...], free: str) -> None:
    """A session writing each of ``planted`` with Write, then with a command, then ``free``:
    each Write is refused naming it, none of them stays, ``free`` is written."""
    turns = [*(_write(p) for p in planted), _plant_all(planted), _write(free, "x")]
    results = sent_results(run(ws, home, backend(), [*turns, DONE]))
    for rel, result in zip(planted, results, strict=False):
        assert result["is_error"] and rel in str(result["content"]), result
    assert "done" in str(results[len(planted)]["content"]), results[len(planted)]
    assert [p for p in planted if (ws / p).exists()] == []
    assert not results[-1]["is_error"], results[-1]
    assert (ws / free).read_text(encoding="utf-8") == "x"


#: What the included files (and what they name) are, relative to the workspace.
INCLUDES = ("git/extra.inc", "git/work.inc", "git/more.inc", "git/deep/last.inc", "tools/fsm")


@needs_bwrap
def test_files_the_users_git_settings_include_stay_the_users(tmp_path: Path) -> None:
    """``-w /srv``; ``~/.gitconfig`` includes ``/srv/git/extra.inc`` and, under
    ``includeIf "gitdir:~/work/"``, ``../srv/git/work.inc`` (relative to its folder, as git
    reads it); ``extra.inc`` includes ``more.inc`` (from its own folder) and ``~/``'s way to
    ``deep/last.inc``, and names ``core.fsmonitor = /srv/tools/fsm``: none of them is an
    agent's to write (a missing one neither: git reads it once it is there)."""
    home = Path(os.environ["HOME"])
    ws = tmp_path / "srv"
    (ws / "git").mkdir(parents=True)
    up = os.path.relpath(ws, home)
    (home / ".gitconfig").write_text(
        f'[include]\n\tpath = {ws}/git/extra.inc\n[includeIf "gitdir:~/work/"]\n'
        f'\tpath = "{up}/git/work.inc" ; the work identity\n',
        encoding="utf-8",
    )
    (ws / "git" / "extra.inc").write_text(
        f"[Include]\n\tpath = more.inc\n\tpath = ~/{up}/git/deep/last.inc\n"
        f"[core]\n\tfsmonitor = {ws}/tools/fsm\n",
        encoding="utf-8",
    )
    planted = tuple(p for p in INCLUDES if p != "git/extra.inc")
    _refused_and_gone(ws, home, planted, "git/notes.txt")
    assert (ws / "git" / "extra.inc").read_text(encoding="utf-8").startswith("[Include]")
    turns = [_write("git/extra.inc", INCLUDED), bash("printf x > git/extra.inc"), DONE]
    results = sent_results(run(ws, home, backend(), turns))
    assert results[0]["is_error"] and "git/extra.inc" in str(results[0]["content"])
    assert (ws / "git" / "extra.inc").read_text(encoding="utf-8").startswith("[Include]")


@needs_bwrap
@pytest.mark.parametrize(
    ("hooks", "planted"),
    [
        (".githooks", ("proj/.githooks/pre-commit", "proj/.githooks/post-index-change")),
        (".", ("proj/pre-commit", "proj/post-index-change")),
    ],
)
def test_a_relative_global_hooks_path_in_a_repository_of_the_workspace(
    tmp_path: Path, hooks: str, planted: tuple[str, ...]
) -> None:
    """``~/.gitconfig``'s ``core.hooksPath = .githooks``; ``-w /srv``, no repository, holds
    the repository ``proj``: its ``.githooks`` is where the user's git runs its hooks
    from, so no agent writes there; its other files stay writable. With ``hooksPath = .``
    the files named as hooks in ``proj`` are kept, the rest of it stays writable."""
    home = Path(os.environ["HOME"])
    ws = tmp_path / "srv"
    (ws / "proj").mkdir(parents=True)
    (ws / "proj" / "README").write_text("proj\n", encoding="utf-8")
    git_init(ws / "proj")
    (home / ".gitconfig").write_text(f"[core]\n\thooksPath = {hooks}\n", encoding="utf-8")
    _refused_and_gone(ws, home, planted, "proj/notes.txt")


@needs_bwrap
def test_files_the_repositorys_own_git_settings_include_stay_the_users(tmp_path: Path) -> None:
    """The workspace's repository has ``git config include.path ../.gitconfig`` (a project
    sharing its settings in a tracked file) and ``include.path ../git/local.inc``, missing:
    neither is an agent's to write (its ``core.fsmonitor`` ran at the user's next ``git
    status`` there); the project's other files stay writable."""
    home = Path(os.environ["HOME"])
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / ".gitconfig").write_text("[alias]\n\tst = status\n", encoding="utf-8")
    git_init(ws)
    git(ws, "config", "--add", "include.path", "../.gitconfig")
    git(ws, "config", "--add", "include.path", "../git/local.inc")
    _refused_and_gone(ws, home, ("git/local.inc",), "notes.txt")
    turns = [_write(".gitconfig", INCLUDED), bash("printf x > .gitconfig"), DONE]
    results = sent_results(run(ws, home, backend(), turns))
    assert results[0]["is_error"] and ".gitconfig" in str(results[0]["content"]), results[0]
    assert (ws / ".gitconfig").read_text(encoding="utf-8") == "[alias]\n\tst = status\n"


#: What the user's global git settings name in the workspace that git runs unasked.
UNASKED = (
    "tools/pager", "tools/log-pager", "tools/editor", "tools/seq-editor", "tools/ext-diff",
    "tools/pdf2txt", "tools/lfs", "tools/clean", "tools/sign", "tools/merge-ours",
    "tools/askpass", "tpl/hooks/post-checkout",
)  # fmt: skip


@needs_bwrap
def test_programs_git_runs_unasked_that_the_global_settings_name(tmp_path: Path) -> None:
    """``-w /srv``; ``~/.gitconfig`` names, in it, ``core.pager``, ``pager.log``,
    ``core.editor``, ``sequence.editor``, ``diff.external``, a diff driver's ``textconv``,
    a filter's ``process`` and ``clean``, ``gpg.ssh.program``, a merge driver,
    ``core.askPass`` and ``init.templateDir`` (its hooks go into each new repository):
    git runs each as the user on everyday commands; none is an agent's to write. An
    alias's program (``git NAME`` asks for it) stays writable."""
    home = Path(os.environ["HOME"])
    ws = tmp_path / "srv"
    ws.mkdir()
    t = f"{ws}/tools"
    (home / ".gitconfig").write_text(
        f"[core]\n\tpager = {t}/pager -R\n\teditor = '{t}/editor'\n\taskPass = {t}/askpass\n"
        f"[pager]\n\tlog = {t}/log-pager\n[sequence]\n\teditor = {t}/seq-editor\n"
        f'[diff]\n\texternal = {t}/ext-diff\n[diff "pdf"]\n\ttextconv = {t}/pdf2txt\n'
        f'[filter "lfs"]\n\tprocess = {t}/lfs filter-process\n\tclean = {t}/clean %f\n'
        f'[gpg "ssh"]\n\tprogram = {t}/sign\n[merge "ours"]\n\tdriver = {t}/merge-ours %A\n'
        f"[init]\n\ttemplateDir = {ws}/tpl\n[alias]\n\tx = !{t}/alias\n",
        encoding="utf-8",
    )
    _refused_and_gone(ws, home, UNASKED, "tools/alias")


def test_a_fifo_named_as_the_users_git_settings_does_not_hold_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``GIT_CONFIG_GLOBAL`` names a FIFO in the workspace (``-w /srv``), and
    ``~/.gitconfig`` includes another: the session's start reads neither (waiting on
    one held it for good), and still protects both."""
    from coordinator.tools.home_files import home_files_inside

    ws = tmp_path / "srv"
    ws.mkdir()
    fifos = [ws / "global.fifo", ws / "included.fifo"]
    for fifo in fifos:
        os.mkfifo(fifo)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(fifos[0]))
    home = Path(os.environ["HOME"])
    (home / ".gitconfig").write_text(f"[include]\n\tpath = {fifos[1]}\n", encoding="utf-8")
    found: list[tuple[Path, ...]] = []
    reader = threading.Thread(target=lambda: found.append(home_files_inside(ws)), daemon=True)
    reader.start()
    reader.join(timeout=60)
    for fifo in fifos:  # (a reader held in open() is let go)
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert not reader.is_alive()
    assert set(fifos) <= set(found[0])


#: The user's MCP server, which imports the module beside it.
SERVER = """
from mcp.server.mcpserver import MCPServer

import t51sibling

server = MCPServer("t51")


@server.tool()
def fmt(text: str) -> str:
    return t51sibling.shout(text)


if __name__ == "__main__":
    server.run()
"""


@needs_mcp
@pytest.mark.xdist_group("mcp")
@pytest.mark.parametrize("how", ["imports", "fails"])
def test_a_users_server_run_by_a_shell_script_that_cannot_import_says_why(
    tmp_path: Path, how: str
) -> None:
    """The user's server ``sh ~/servers/run.sh`` runs ``python3 t51srv.py`` beside it,
    which imports ``t51sibling`` beside it: with ``PYTHONSAFEPATH=1`` (trust48) the
    script's folder is not on its path, and the server's start failed with a bare
    ``ModuleNotFoundError``. What the log says of it says coord set the variable, and
    how to opt out; a server that fails otherwise gets no such note."""
    home = Path(os.environ["HOME"])
    code = home / "servers"
    code.mkdir()
    (code / "t51srv.py").write_text(SERVER, encoding="utf-8")
    (code / "t51sibling.py").write_text("def shout(t):\n    return t.upper()\n", encoding="utf-8")
    started = '"$(dirname "$0")/t51srv.py"' if how == "imports" else "-c 'raise SystemExit(3)'"
    (code / "run.sh").write_text(f"exec {sys.executable} {started}\n", encoding="utf-8")
    srv = {"command": "sh", "args": [str(code / "run.sh")]}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"srv": srv}}), encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    run(ws, home, with_server(), [DONE])
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        rows = db.execute("SELECT data FROM events WHERE kind = 'mcp_servers'").fetchall()
    [said] = [p for r in rows for p in json.loads(r[0])["problems"] if "'srv'" in p]
    assert "did not start" in said, said
    if how == "imports":
        assert "No module named 't51sibling'" in said, said
        assert "PYTHONSAFEPATH=1" in said and '"PYTHONSAFEPATH": ""' in said, said
    else:
        assert "PYTHONSAFEPATH" not in said, said
