"""review19: holes in trust15's reading of commands that run workspace code without naming
a file (wrappers with options, operators without spaces, ``$(...)``, a program run in a
workspace folder, ``pytest``'s tests, ``node -e``, a path variable naming workspace code),
and what trust15 changed in daily use. Real files, real bwrap, real runs."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import needs_bwrap, writer_script

WRITER = "---\nname: writer\ndescription: Writes files for tests\ntools: Write, Bash\n---\nW.\n"

#: A hook command, and the workspace file an agent writes that it then runs.
HOLES = {
    "nice -n 5 make check": "Makefile",
    "timeout 60 make check": "Makefile",
    "timeout -s KILL 60 npm test": "package.json",
    "env -u CI make": "Makefile",
    "echo . | xargs -n1 make -C": "Makefile",
    "true;make": "Makefile",
    "true&&npm test": "package.json",
    "echo $(make -s version)": "Makefile",
    "echo `make -s version`": "Makefile",
    "if true; then make; fi": "Makefile",
    "bash -c -- 'make check'": "Makefile",
    "eval 'make check'": "Makefile",
    "make -C sub": "sub/Makefile",
    "make --directory=sub": "sub/Makefile",
    "npm --prefix sub test": "sub/package.json",
    "npm test --prefix=sub": "sub/package.json",
    "cd sub && npm test": "sub/package.json",
    "(cd sub; make)": "sub/Makefile",
    "pytest -q": "tests/test_app.py",
    "pytest tests": "tests/conftest.py",
    "python3 -m pytest": "pkg/tests/conftest.py",
    "node -e 'require(\"lint\")'": "node_modules/lint/index.js",
    "node --require ./hook.js /opt/srv.js": "hook.js",
    "PYTHONPATH=lib python3 /opt/tool.py": "lib/json.py",
    "env PYTHONPATH=./site python3 /opt/tool.py": "site/json.py",
    "PATH=./bin:/usr/bin make": "bin/make",
    "NODE_OPTIONS='--require ./x.js' node /opt/srv.js": "x.js",
    "LD_PRELOAD=./lib.so ls": "lib.so",
    "eslint .": "eslint.config.js",  # a config that is a module it runs
    "pre-commit run --all-files": ".pre-commit-config.yaml",
    "ninja -C build": "build/build.ninja",
}


@pytest.mark.parametrize("line", list(HOLES))
def test_a_command_running_workspace_code_is_seen_however_written(
    tmp_path: Path, line: str
) -> None:
    """Each hook command runs the file an agent wrote once it is there: it is workspace
    code (confined), and not before. (A loader's variable naming a workspace folder counts
    as soon as the folder is there: ``PYTHONPATH=src`` with ``src/`` present is confined.)"""
    from coordinator.tools.command_files import writable_file_named as runs

    ws = tmp_path / "ws"
    (ws / "sub").mkdir(parents=True)
    (ws / "src").mkdir()
    assert runs(ws, shlex.split(line)) is None, line
    held = ws / HOLES[line]
    held.parent.mkdir(parents=True, exist_ok=True)
    held.write_text("x", encoding="utf-8")
    assert runs(ws, shlex.split(line)) is not None, line


def test_ordinary_commands_stay_unconfined(tmp_path: Path) -> None:
    """Words that only mention a program, or a folder, run nothing of the workspace."""
    from coordinator.tools.command_files import writable_file_named as runs

    ws = tmp_path / "ws"
    (ws / "sub").mkdir(parents=True)
    for name in ("Makefile", "package.json", "sub/Makefile", "app.py"):
        (ws / name).write_text("x", encoding="utf-8")
    for line in [
        "echo make", "git commit -m 'make it'", "ls sub", "node /opt/srv.js",
        "python3 /opt/tool.py", "notify-send done", "git -C sub status", "CI=1 git status",
    ]:  # fmt: skip
        assert runs(ws, shlex.split(line)) is None, line


@needs_bwrap
def test_a_users_timeout_make_hook_runs_an_agents_makefile_only_in_the_sandbox(
    tmp_path: Path,
) -> None:
    """The user's Stop hook is ``timeout 60 make -s check`` (a wrapper with an argument).
    An agent writes the Makefile; its recipe must not write outside the workspace."""
    ws, home = tmp_path / "ws", Path(os.environ["HOME"])
    ws.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    hook = {"type": "command", "command": "timeout 60 make -s check"}
    settings = {"hooks": {"Stop": [{"hooks": [hook]}]}}
    (home / ".claude").mkdir(exist_ok=True)
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    recipe = f"check:\n\ttouch {outside}/owned; touch ran-here\n"
    write = {"name": "Write", "input": {"file_path": "Makefile", "content": recipe}}
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "writer.md").write_text(WRITER, encoding="utf-8")
    script = writer_script(tmp_path / "s.yaml", [write])
    ran: Any = coord(
        "run", "Do it", "--agent", "writer", "-w", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script, "--json", "--allow-bash",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert (ws / "ran-here").exists(), "the hook did not run at all"
    assert not (outside / "owned").exists(), "the agent's Makefile ran as the user"


def test_a_users_npm_test_hook_is_told_how_to_run_it(tmp_path: Path) -> None:
    """The user's own Stop hook ``npm test`` in a node project is confined (package.json is
    the agent's to rewrite). Without --allow-bash it is skipped: the user is told it is
    their hook running workspace code and that --allow-bash runs it in the sandbox, not
    that an agent wrote it nor to move a script into .claude/hooks/ (there is none)."""
    ws, home = tmp_path / "ws", Path(os.environ["HOME"])
    ws.mkdir()
    (ws / "package.json").write_text('{"scripts": {"test": "echo ok"}}', encoding="utf-8")
    settings = {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "npm test"}]}]}}
    (home / ".claude").mkdir(exist_ok=True)
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    write = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hi"}}
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "writer.md").write_text(WRITER, encoding="utf-8")
    script = writer_script(tmp_path / "s.yaml", [write])
    ran: Any = coord(
        "run", "Do it", "--agent", "writer", "-w", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    said = ran.stdout + ran.stderr
    warning = next(line for line in ran.stderr.splitlines() if "npm, which reads" in line)
    assert "--allow-bash" in warning and ".claude/hooks/" not in warning, warning
    skipped = next(line for line in said.splitlines() if "skipped (user)" in line)
    assert "workspace code" in skipped, skipped
