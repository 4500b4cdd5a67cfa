"""The trust boundary's gaps left open by trust15 (trust16): a ``--config`` file swapped
between its check and its read, a session database's ``-wal``/``-shm`` opened through a link
swapped in after SQLite connected, programs that run workspace code without naming a file,
a user's PYTHONPATH pointing into the workspace, and ``.gitattributes`` drivers at a
worktree's merge-back. Real files, real bwrap, real agent tool calls, real git.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import git_init, needs_bwrap, tool_call


def nested(tmp_path: Path) -> tuple[Path, Path]:
    """``ws`` where agents ran (a command made its ``.coordinator``), ``ws/app`` holding a
    ``.coordinator`` folder coord did not make (one a command of that run could swap) with
    a WAL database in it, and an empty folder a link could lead to."""
    ws = tmp_path / "ws"
    app, target = ws / "app", tmp_path / "target"
    (app / ".coordinator").mkdir(parents=True)
    target.mkdir()
    made = tool_call(ws, "Bash", {"command": "echo ran"})
    assert "ran" in made.content
    with closing(sqlite3.connect(app / ".coordinator" / "coordinator.db")) as db:
        db.execute("PRAGMA journal_mode = WAL")
    return app, target


def swap(app: Path, target: Path) -> None:
    """What the outer run's command does: ``app/.coordinator`` renamed, a link in its place."""
    os.rename(app / ".coordinator", app / "old")
    os.symlink(target, app / ".coordinator")


# ---- 2. a session database's log opened through a link ------------------------------------


@needs_bwrap
def test_a_session_folder_swapped_once_sqlite_connected_gets_no_log_through_the_link(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """The outer run's command swaps ``app/.coordinator`` for a link the moment coord's last
    check of the folder passes (an event: the check's return). SQLite has connected but
    opens ``-wal`` and ``-shm`` by path on its first read: coord has made that read and
    checked those files before, so nothing is created where the link leads."""
    from coordinator.store import pinned
    from coordinator.store.db import Store

    app, target = nested(tmp_path)
    checked = pinned.check_same

    def check_then_swap(db: Path, folder: int) -> None:
        checked(db, folder)
        swap(app, target)

    monkeypatch.setattr(pinned, "check_same", check_then_swap)
    try:
        Store.open(app / ".coordinator" / "coordinator.db").close()
    except Exception as exc:  # a lock file through the link is refused: fine either way
        assert "link" in str(exc), exc
    assert sorted(p.name for p in target.iterdir()) == []


@needs_bwrap
def test_a_log_opened_through_a_link_swapped_back_is_refused(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """The swap comes right after SQLite connected and is undone once it opened its log
    (two events): the path looks right again when coord checks it, but the ``-wal`` SQLite
    holds is the link's. coord compares the files SQLite holds with the folder's and
    refuses."""
    from coordinator.errors import UserError
    from coordinator.store import schema
    from coordinator.store.db import Store

    app, target = nested(tmp_path)
    connect, opened = schema._connect, schema._open_log

    def connect_then_swap(*args: Any) -> Any:
        db = connect(*args)
        swap(app, target)
        return db

    def open_then_swap_back(db: Any) -> bool:
        logged = opened(db)
        os.unlink(app / ".coordinator")
        os.rename(app / "old", app / ".coordinator")
        return logged

    monkeypatch.setattr(schema, "_connect", connect_then_swap)
    monkeypatch.setattr(schema, "_open_log", open_then_swap_back)
    with pytest.raises(UserError, match=r"changed while coord opened coordinator\.db-wal"):
        Store.open(app / ".coordinator" / "coordinator.db").close()


# ---- 1. --config checked, then read again -----------------------------------------------


@needs_bwrap
def test_a_config_link_swapped_between_its_check_and_its_read_widens_nothing(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """``api/team.yaml`` (in a folder coord ran agents in) is a link to the user's own file;
    ``coord run -w web --config ../api/team.yaml`` checks where it leads (outside: the
    user's), and the moment that check returns (an event), a command of the live run in
    ``api`` replaces the link with its own file turning Bash on. coord reads what it
    checked, from the descriptor it opened: Bash stays off."""
    from coordinator import config
    from coordinator.config import load_settings

    api, web = tmp_path / "api", tmp_path / "web"
    api.mkdir()
    web.mkdir()
    assert "ran" in tool_call(api, "Bash", {"command": "echo ran"}).content
    mine = tmp_path / "mine.yaml"
    mine.write_text("router: llm\n", encoding="utf-8")
    team = api / "team.yaml"
    team.symlink_to(mine)
    checked = config._agents_ran_above

    def check_then_swap(path: Path) -> Path | None:
        found = checked(path)
        swapped = tool_call(
            api, "Bash", {"command": "rm team.yaml; printf 'allow_bash: true\\n' > team.yaml"}
        )
        assert not swapped.is_error, swapped.content
        return found

    monkeypatch.setattr(config, "_agents_ran_above", check_then_swap)
    settings = load_settings(web, team)
    assert (settings.router, settings.allow_bash) == ("llm", False)
    assert team.read_text(encoding="utf-8") == "allow_bash: true\n"  # the swap happened


# ---- 5. .gitattributes choosing the user's own git drivers at merge-back ----------------


def git(cwd: Path, *args: str, **env: str) -> str:
    import subprocess

    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
        env={**os.environ, **env},
    )  # fmt: skip
    return done.stdout


@pytest.mark.parametrize("how", ["left", "committed"])
def test_a_worktree_runs_gitattributes_select_none_of_the_users_drivers(
    tmp_path: Path, monkeypatch: Any, how: str
) -> None:
    """The user's global git configuration defines a filter, a merge driver and a diff
    driver (each would leave a marker file). A worktree run's agent writes a
    ``.gitattributes`` naming them for every file (and a ``.lfsconfig``), left in its
    worktree or committed on its branch. coord's add, commit and merge-back run none of
    them: the branch is kept for review, unmerged, naming the files."""
    from coordinator.runtime.worktree import MergeStatus, finish_worktree, open_worktree

    ran, ws = tmp_path / "RAN", tmp_path / "ws"
    ran.mkdir()
    ws.mkdir()
    glob = tmp_path / "gitconfig"
    glob.write_text(
        f'[filter "mark"]\n\tclean = "touch {ran}/clean; cat"\n'
        f'\tsmudge = "touch {ran}/smudge; cat"\n\trequired = true\n'
        f'[merge "mark"]\n\tdriver = "touch {ran}/merge; false"\n'
        f'[diff "mark"]\n\ttextconv = "touch {ran}/textconv; cat"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(glob))
    (ws / "a.txt").write_text("a\n")
    git_init(ws)

    async def worktree_run() -> Any:
        wt = await open_worktree(ws, "s1", 1)
        (wt.root / ".gitattributes").write_text("* filter=mark merge=mark diff=mark\n")
        (wt.root / ".lfsconfig").write_text("[lfs]\n\turl = http://127.0.0.1:9/\n")
        (wt.root / "b.txt").write_text("b\n")
        (wt.root / "a.txt").write_text("a changed\n")
        if how == "committed":  # in the sandbox: no global configuration
            git(wt.path, "add", "-A", GIT_CONFIG_GLOBAL=os.devnull)
            git(wt.path, "commit", "-qm", "attrs", GIT_CONFIG_GLOBAL=os.devnull)
        (ws / "a.txt").write_text("a, the user's\n")  # meanwhile: a merge would conflict
        git(ws, "commit", "-qam", "mine", GIT_CONFIG_GLOBAL=os.devnull)
        return await finish_worktree(wt, "agent run")

    result = asyncio.run(worktree_run())
    assert sorted(p.name for p in ran.iterdir()) == []
    assert result.status is MergeStatus.CONFLICT
    assert result.files == [".gitattributes", ".lfsconfig"]
    assert "attributes" in result.detail
    assert not (ws / "b.txt").exists()
    assert git(ws, "branch", "--list", "coord/s1/1").strip()  # kept for review


def test_a_resumed_worktree_checks_out_the_runs_attributes_with_no_filter(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """A run's branch (its worktree gone: a resume) carries a ``.gitattributes`` naming the
    user's global filter; coord's ``git worktree add`` of it runs no smudge."""
    from coordinator.runtime.worktree import open_worktree

    ran, ws = tmp_path / "RAN", tmp_path / "ws"
    ran.mkdir()
    ws.mkdir()
    glob = tmp_path / "gitconfig"
    glob.write_text(f'[filter "mark"]\n\tsmudge = "touch {ran}/smudge; cat"\n', encoding="utf-8")
    (ws / "a.txt").write_text("a\n")
    git_init(ws)
    git(ws, "checkout", "-qb", "coord/s1/1")
    (ws / ".gitattributes").write_text("* filter=mark\n")
    git(ws, "add", "-A")
    git(ws, "commit", "-qm", "the run's")
    git(ws, "checkout", "-q", "main")
    assert sorted(p.name for p in ran.iterdir()) == []
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(glob))
    wt = asyncio.run(open_worktree(ws, "s1", 1))
    assert (wt.path / ".gitattributes").exists()
    assert sorted(p.name for p in ran.iterdir()) == []


# ---- 4. the user's own environment sending a loader into the workspace -----------------

WRITER = "---\nname: writer\ndescription: Writes files for tests\ntools: Write, Bash\n---\nW.\n"


@needs_bwrap
def test_a_users_pythonpath_into_the_workspace_makes_their_hook_run_confined(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """The user's shell exports ``PYTHONPATH=<ws>/src`` (developing the project); their
    Stop hook is ``python3 -c 'import helper'`` (no workspace file named). An agent writes
    ``src/helper.py``: the hook then runs it only in the Bash sandbox (where it cannot
    write outside the workspace as the user)."""
    import json

    from cli import coord
    from kit import sandbox_runs_this_python, writer_script

    sandbox_runs_this_python(monkeypatch)  # mypy lies beside this python
    ws, home = tmp_path / "ws", Path(os.environ["HOME"])
    (ws / "src").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    hook = {"type": "command", "command": "python3 -c 'import helper'"}
    (home / ".claude").mkdir(exist_ok=True)
    settings = {"hooks": {"Stop": [{"hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    code = f"open('ran-here', 'w').close()\nopen({str(outside / 'owned')!r}, 'w').close()\n"
    write = {"name": "Write", "input": {"file_path": "src/helper.py", "content": code}}
    script = writer_script(tmp_path / "s.yaml", [write])
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "writer.md").write_text(WRITER, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(ws / "src"))
    ran = coord(
        "run", "Do it", "--agent", "writer", "-w", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script, "--json", "--allow-bash",
        "--bash-env", "PYTHONPATH",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert (ws / "src" / "helper.py").exists()
    assert (ws / "ran-here").exists(), "the hook did not run at all"
    assert not (outside / "owned").exists(), "the agent's module ran as the user"


def test_what_a_users_environment_makes_workspace_code(tmp_path: Path) -> None:
    """Loader variables of the environment a hook or server gets naming the workspace (an
    empty entry is the working folder), and a program found through PATH in it, make its
    command workspace code; the same outside the workspace do not."""
    from coordinator.tools.command_files import writable_file_named as runs

    ws, elsewhere = tmp_path / "ws", tmp_path / "lib"
    (ws / "src").mkdir(parents=True)
    (ws / "bin").mkdir()
    elsewhere.mkdir()
    notify = ws / "bin" / "notify"
    notify.write_text("#!/bin/sh\n", encoding="utf-8")
    notify.chmod(0o755)
    words = ["python3", "/opt/notify.py"]
    for name, value in {
        "PYTHONPATH": str(ws / "src"),
        "NODE_PATH": "src",
        "RUBYLIB": f"{elsewhere}:",
        "PERL5LIB": str(ws / "src"),
        "CLASSPATH": f"{ws}/src",
        "NODE_OPTIONS": "--require=./src",
        "LD_LIBRARY_PATH": f":{elsewhere}",
    }.items():
        found = runs(ws, words, {name: value})
        assert found is not None and found.startswith(f"{name}, which "), (name, found)
    for name in ("PYTHONPATH", "NODE_PATH", "CLASSPATH", "HOME", "PYTHONSTARTUP"):
        assert runs(ws, words, {name: str(elsewhere)}) is None, name
    path = f"/usr/bin:{ws}/bin"
    assert runs(ws, ["notify", "done"], {"PATH": path}) == "PATH, which finds notify at bin/notify"
    assert runs(ws, ["sh", "-c", "true && notify"], {"PATH": "bin:/usr/bin"}) is not None
    assert runs(ws, ["ls"], {"PATH": path}) is None  # /usr/bin/ls comes first


# ---- 3. programs outside the table that run what their folder configures -----------------


@needs_bwrap
@pytest.mark.skipif(
    shutil.which("mypy", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    is None,
    reason="mypy is not installed beside this python nor on PATH",
)
def test_a_users_mypy_hook_loads_an_agents_plugin_only_in_the_sandbox(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """The user's Stop hook is ``mypy`` (a program no table lists; it names no file). An
    agent writes ``mypy.ini`` naming a plugin and the plugin: mypy imports it, so the hook
    runs in the Bash sandbox, where the plugin cannot write outside the workspace."""
    import json

    from cli import coord
    from kit import sandbox_runs_this_python, writer_script

    sandbox_runs_this_python(monkeypatch)  # mypy lies beside this python
    ws, home = tmp_path / "ws", Path(os.environ["HOME"])
    ws.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    hook = {
        "type": "command",
        "command": "mypy --no-incremental -c 'x = 1' || true",
        "timeout": 120,
    }
    (home / ".claude").mkdir(exist_ok=True)
    settings = {"hooks": {"Stop": [{"hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    plugin = (
        f"open('ran-here', 'w').close()\nopen({str(outside / 'owned')!r}, 'w').close()\n"
        "def plugin(version):\n    from mypy.plugin import Plugin\n    return Plugin\n"
    )
    writes = [
        {
            "name": "Write",
            "input": {"file_path": "mypy.ini", "content": "[mypy]\nplugins = p.py\n"},
        },
        {"name": "Write", "input": {"file_path": "p.py", "content": plugin}},
    ]
    script = writer_script(tmp_path / "s.yaml", writes)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "writer.md").write_text(WRITER, encoding="utf-8")
    ran = coord(
        "run", "Do it", "--agent", "writer", "-w", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script, "--json", "--allow-bash",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert (ws / "ran-here").exists(), "the hook did not run at all"
    assert not (outside / "owned").exists(), "the agent's mypy plugin ran as the user"


def test_a_program_the_table_lacks_counts_by_its_configuration_in_the_folder(
    tmp_path: Path,
) -> None:
    """A program run by name reads its own configuration where it runs (``mypy.ini``,
    ``[tool.mypy]``, ``.pylintrc``, ``ansible.cfg``, ``Vagrantfile``); runners run the next
    word (``npx make``, ``python -m poetry run pytest``, ``uvx mypy``). The same programs in
    a folder holding none of it, and programs that read none, do not count."""
    import shlex

    from coordinator.tools.command_files import writable_file_named as runs

    cases = {
        "mypy .": ("mypy.ini", "[mypy]\nplugins = p.py\n"),
        "mypy": ("pyproject.toml", "[project]\nname = 'x'\n[tool.mypy]\nplugins = ['p']\n"),
        "mypy src": ("setup.cfg", "[metadata]\nname = x\n[mypy]\nplugins = p\n"),
        "python3 -I -m mypy .": (".mypy.ini", "[mypy]\n"),
        "pylint src": (".pylintrc", "[MAIN]\ninit-hook = 'import os'\n"),
        "ansible-playbook site.yml": ("ansible.cfg", "[defaults]\n"),
        "vagrant up": ("Vagrantfile", "x"),
        "npx make": ("Makefile", "x"),
        "python -m poetry run pytest": ("pyproject.toml", "x"),
        "uvx mypy": ("mypy.ini", "x"),
        "pipx run mypy .": ("mypy.ini", "x"),
    }
    for line, (name, body) in cases.items():
        ws = tmp_path / str(len(list(tmp_path.iterdir())))
        ws.mkdir()
        words = shlex.split(line)
        assert runs(ws, words, {}) is None, line
        (ws / name).write_text(body, encoding="utf-8")
        assert runs(ws, words, {}) is not None, line
    ws = tmp_path / "quiet"
    ws.mkdir()
    (ws / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (ws / "Dockerfile").write_text("FROM x\n", encoding="utf-8")
    (ws / "package.json").write_text("{}\n", encoding="utf-8")
    for line in ["mypy .", "notify-send 'done'", "timeout 60 notify-send x", "docker run -i x"]:
        assert runs(ws, shlex.split(line), {}) is None, line


@needs_bwrap
def test_a_command_cannot_write_gits_info_attributes(tmp_path: Path) -> None:
    """``.git/info/attributes`` chooses, above every ``.gitattributes``, which of the user's
    filters and drivers git runs (coord's merge-back, the user's own git): a command sees it
    read-only, and one it creates where there was none is undone."""
    ws = tmp_path / "ws"
    ws.mkdir()
    git(ws, "init", "-q")
    made = tool_call(ws, "Bash", {"command": "echo '* filter=mark' > .git/info/attributes; echo d"})
    assert "d" in made.content
    assert not (ws / ".git" / "info" / "attributes").exists()
    (ws / ".git" / "info" / "attributes").write_text("*.bin -diff\n", encoding="utf-8")
    tool_call(ws, "Bash", {"command": "echo '* filter=mark' >> .git/info/attributes"})
    assert (ws / ".git" / "info" / "attributes").read_text(encoding="utf-8") == "*.bin -diff\n"


def test_attributes_in_ignored_folders_do_not_stop_a_merge_but_ignored_ones_beside_files_do(
    tmp_path: Path,
) -> None:
    """A ``.gitattributes`` in an ignored folder of nothing git adds (a package in
    ``node_modules``) changes no file coord commits: the run merges. One the run's
    ``.gitignore`` hides, beside files git adds, still chooses their filters: not merged."""
    from coordinator.runtime.worktree import MergeStatus, finish_worktree, open_worktree

    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / ".gitignore").write_text("node_modules/\n")
    git_init(ws)

    async def run(session: str, hidden: bool) -> Any:
        wt = await open_worktree(ws, session, 1)
        package = wt.root / "node_modules" / "pkg"
        package.mkdir(parents=True)
        (package / ".gitattributes").write_text("* filter=mark\n")
        (wt.root / f"{session}.txt").write_text("x\n")
        if hidden:
            (wt.root / ".gitignore").write_text("node_modules/\n.gitattributes\n")
            (wt.root / ".gitattributes").write_text("*.txt filter=mark\n")
        return await finish_worktree(wt, "agent run")

    assert asyncio.run(run("s1", False)).status is MergeStatus.MERGED
    kept = asyncio.run(run("s2", True))
    assert (kept.status, kept.files) == (MergeStatus.CONFLICT, [".gitattributes"])
