"""review125: redteam108 reviewed as an attacker and as a user.

1. coord's checkout in the workspace (``pip install -e .`` as the README does, or
   ``PYTHONPATH=$PWD``) is on ``sys.path`` as Python starts, before coord confines its
   imports: ``site`` imports ``sitecustomize`` from any folder there, so an agent's
   ``sitecustomize.py`` (Write, or a sandboxed command) ran as the user, outside the sandbox,
   with the API key, at the next ``coord``. The startup modules beside coord's packages are
   protected now (``workspace.own_startup_in``).
2. A user's hook assigning a loader's variable the workspace through the shell's own
   spellings of it (``$PWD``, ``${PWD}``, ``$(pwd)``, a backquoted ``pwd``, ``~+``), relative
   to a folder it ``cd``s into, or through git's ``GIT_EXTERNAL_DIFF``/``GIT_PROXY_COMMAND``,
   ran the agent's code as the user.
3. The other way: ``NODE_ENV=test`` (a mode's name) in a project with a ``test/`` folder,
   and ``GIT_TRACE=1`` in the user's settings ``env``, confined the user's hooks for nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import workspace
from test_redteam107 import REPO, coord
from test_redteam108 import HOOK_DATA, _users_hook, checkout_in

from coordinator.runtime.hook_run import HookEnv, Outcome, run_hook
from coordinator.tools.base import ToolError
from coordinator.tools.workspace import check_writable

#: A session in the workspace ``argv[1]`` (home ``argv[2]``) whose agent writes Python's
#: startup modules (leaving ``argv[3]`` when imported): Write, then a sandboxed command.
DRIVE = """\
import shlex, sys
from pathlib import Path
from hostile import DONE, backend, bash, run
from test_redteam107 import PLANTED, write

ws, home, mark = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
code = PLANTED.format(mark=mark)
made = (
    f"printf %s {shlex.quote(code)} > usercustomize.py; mkdir -p sitecustomize; "
    "cp usercustomize.py sitecustomize/__init__.py; cp usercustomize.py sitecustomize.py"
)
run(ws, home, backend(), [write("sitecustomize.py", code), bash(made), DONE])
"""


def test_an_agents_sitecustomize_beside_coords_checkout_never_runs_at_the_next_start(
    tmp_path: Path,
) -> None:
    """The session runs under the coord of the checkout in its workspace (its packages come
    from there, as an editable install's do); its agent's Write of ``sitecustomize.py`` was
    allowed, and Python imported that module as the next ``coord`` started there."""
    ws, home = workspace(tmp_path)
    checkout_in(ws)
    mark = tmp_path / "imported"
    drive = tmp_path / "drive.py"
    drive.write_text(DRIVE)
    tests = REPO / "tests"
    path = os.pathsep.join([str(ws), str(tests / "security"), str(tests)])
    done = subprocess.run(
        [sys.executable, str(drive), str(ws), str(home), str(mark)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    started = coord(ws, "-m", "coordinator", "--version", pythonpath=str(ws))
    assert not mark.exists(), "the agent's module ran as the user"
    assert started.returncode == 0, started.stderr
    made = ("sitecustomize.py", "sitecustomize", "usercustomize.py")
    assert not [n for n in made if (ws / n).exists()]


def test_pythons_startup_modules_beside_coords_own_packages_are_protected() -> None:
    """The Write tool's answer names why (this process's coord is the checkout ``REPO``)."""
    for name in ("sitecustomize.py", "usercustomize.pyc", "sitecustomize/__init__.py"):
        with pytest.raises(ToolError, match="a module Python imports as it starts"):
            check_writable(REPO, REPO / name)
    check_writable(REPO, REPO / "sitecustomize_notes.md")  # (no other name)


def _user_site(ws: Path, ran: Path) -> None:
    """``ws/.pyuser``: a user base whose site-packages ``.pth`` leaves ``ran``."""
    for minor in range(9, 15):
        site = ws / ".pyuser" / "lib" / f"python3.{minor}" / "site-packages"
        site.mkdir(parents=True)
        (site / "agent.pth").write_text(f"import pathlib; pathlib.Path({str(ran)!r}).touch()\n")


@pytest.mark.parametrize(
    "assigned",
    [
        "PYTHONUSERBASE=$PWD/.pyuser",
        "PYTHONUSERBASE=${PWD}/.pyuser",
        'PYTHONUSERBASE="$(pwd)/.pyuser"',
        "PYTHONUSERBASE=`pwd`/.pyuser",
        "PYTHONUSERBASE=~+/.pyuser",
        "cd sub && PYTHONUSERBASE=../.pyuser",
        "env -C sub PYTHONUSERBASE=../.pyuser",
    ],
)
async def test_a_users_hook_naming_the_workspace_by_the_shells_spellings_runs_confined(
    tmp_path: Path, assigned: str
) -> None:
    """The hook runs in the workspace: ``$PWD/.pyuser`` is ``.pyuser`` there, and
    ``../.pyuser`` from its ``sub`` folder too; Python ran the agent's ``.pth`` as the user."""
    ws = tmp_path / "ws"
    (ws / "sub").mkdir(parents=True)
    ran = tmp_path / "ran-as-the-user"
    _user_site(ws, ran)
    hook = _users_hook(tmp_path, f"{assigned} /usr/bin/python3 -c pass")
    hooked = await run_hook(hook, HOOK_DATA, HookEnv(ws))
    assert not ran.exists(), "the agent's code ran as the user"
    assert hooked.outcome == Outcome.SKIPPED and hooked.hook.confined, hooked


@pytest.mark.parametrize(
    "command",
    [
        "GIT_EXTERNAL_DIFF=./wrap git diff --no-index {tmp}/a {tmp}/b",
        "GIT_PROXY_COMMAND=./wrap git ls-remote git://example.invalid/r",
    ],
)
async def test_a_users_hook_giving_git_a_workspace_program_runs_confined(
    tmp_path: Path, command: str
) -> None:
    """git runs the program these name (its diff, its proxy): the agent's ``wrap``."""
    ws = tmp_path / "ws"
    ws.mkdir()
    ran = tmp_path / "ran-as-the-user"
    (ws / "wrap").write_text(f"#!/bin/sh\ntouch {ran}\n")
    (ws / "wrap").chmod(0o755)
    (tmp_path / "a").write_text("a\n")  # (the user's files: outside the workspace)
    (tmp_path / "b").write_text("b\n")
    hook = _users_hook(tmp_path, command.format(tmp=tmp_path))
    hooked = await run_hook(hook, HOOK_DATA, HookEnv(ws))
    assert not ran.exists(), "the agent's program ran as the user"
    assert hooked.outcome == Outcome.SKIPPED and hooked.hook.confined, hooked


async def test_a_users_node_hook_with_a_mode_name_runs_as_the_user(tmp_path: Path) -> None:
    """``NODE_ENV=test node ~/hook.js`` (the user's own script) in a project with a
    ``test/`` folder: ``test`` named that folder, and the hook ran confined (skipped
    without Bash) for nothing."""
    ws = tmp_path / "ws"
    (ws / "test").mkdir(parents=True)
    done = tmp_path / "hook-ran"
    script = tmp_path / "home" / "hook.js"
    script.parent.mkdir(parents=True)
    script.write_text(f"require('fs').writeFileSync({str(done)!r}, process.env.NODE_ENV)\n")
    hook = _users_hook(tmp_path, f"NODE_ENV=test RAILS_ENV=test node {script}")
    hooked = await run_hook(hook, HOOK_DATA, HookEnv(ws))
    assert hooked.outcome == Outcome.OK and not hooked.hook.confined, hooked
    assert done.read_text() == "test"


async def test_a_users_hook_with_gits_trace_in_the_settings_runs_as_the_user(
    tmp_path: Path,
) -> None:
    """``GIT_TRACE=1`` (trace to the standard error) in the user's settings ``env`` named a
    file ``1`` in the workspace, and every hook of the user's ran confined; an absolute
    trace file in the workspace still counts (a guard)."""
    ws = tmp_path / "ws"
    ws.mkdir()
    hook = _users_hook(tmp_path, "true")
    plain = {"GIT_TRACE": "1", "GIT_TRACE2_EVENT": "true", "GIT_CURL_VERBOSE": "1"}
    hooked = await run_hook(hook, HOOK_DATA, HookEnv(ws, settings_env=plain))
    assert hooked.outcome == Outcome.OK and not hooked.hook.confined, hooked
    traced = {"GIT_TRACE": str(ws / "trace.log")}
    hooked = await run_hook(hook, HOOK_DATA, HookEnv(ws, settings_env=traced))
    assert hooked.hook.confined, hooked
