"""redteam108: a hostile agent against coord's own code where it lies in the workspace.

1. coord run from its checkout in the workspace (developing coord with coord:
   ``PYTHONPATH=$PWD python -m coordinator``, or a checkout below the workspace on
   ``PYTHONPATH``) kept that folder on ``sys.path`` whole (review117 left it): a ``typer.py``
   the agent wrote beside coord's packages ran at the next ``coord`` started there, as the
   user, outside the sandbox, with the API key. That folder now gives coord its own
   packages only (``importpath.OwnPackages``).
2. coord's ``protocols`` package (imported by every run: the report parser) was not among
   coord's own code (``workspace.own_code``): in such a checkout an agent's Write or command
   changed it, and the next run ran it. It is protected as ``coordinator/`` is.
3. A user's own hook runs as the user unless what it runs may be the agents' code; the
   environment's loader variables were looked at, but not ``PYTHONHOME`` (the standard
   library every Python the hook starts imports), the Java launcher's
   ``JDK_JAVA_OPTIONS`` and HotSpot's ``_JAVA_OPTIONS``, nor the file after
   ``-javaagent:`` in ``JAVA_TOOL_OPTIONS`` (``implicit.ENV_LOADERS``, ``_option_words``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hostile import DONE, backend, run, workspace
from test_redteam107 import PLANTED, REPO, coord, write

from coordinator.runtime.hook_run import HookEnv, Outcome, run_hook
from coordinator.runtime.hooks import Hook, HookEvent, HookSource
from coordinator.tools.base import ToolError
from coordinator.tools.workspace import check_writable, own_code_in


def checkout_in(ws: Path) -> None:
    """Make ``ws`` a checkout of coord as the process sees one (its packages in it)."""
    for name in ("coordinator", "protocols"):
        (ws / name).symlink_to(REPO / name, target_is_directory=True)


@pytest.mark.parametrize("how", ["-m", "script"])
def test_coords_own_checkout_in_the_workspace_gives_coord_no_module_an_agent_wrote(
    tmp_path: Path, how: str
) -> None:
    """The agent's ``typer.py`` (Write) beside coord's packages in the checkout coord runs
    from (``PYTHONPATH=$PWD``) was imported as coord's at the next start there."""
    ws, home = workspace(tmp_path)
    mark = tmp_path / "imported"
    provider = run(ws, home, backend(), [write("typer.py", PLANTED.format(mark=str(mark))), DONE])
    assert (ws / "typer.py").is_file(), provider.model.calls[-1].messages[-1]
    checkout_in(ws)
    if how == "-m":
        done = coord(ws, "-m", "coordinator", "--version", pythonpath=str(ws))
    else:
        script = tmp_path / "bin" / "coord"  # as the installed script is: outside the workspace
        script.parent.mkdir()
        script.write_text("import sys\nfrom coordinator.__main__ import main\nsys.exit(main())\n")
        done = coord(ws, str(script), "--version", pythonpath=str(ws))
    assert not mark.exists(), done.stderr
    assert done.returncode == 0 and "coord" in done.stdout, done.stderr


def test_coord_runs_from_its_checkout_in_the_workspace_with_its_own_packages(
    tmp_path: Path,
) -> None:
    """The same checkout still gives coord both its packages (``parse`` imports
    ``protocols``) and only them: the folder is off ``sys.path``, a finder serves them."""
    ws = (tmp_path / "ws").resolve()
    ws.mkdir()
    checkout_in(ws)
    (ws / "report.md").write_text("Done.\n\n**Status:** Complete\n")
    mark = tmp_path / "imported"
    (ws / "typer.py").write_text(PLANTED.format(mark=str(mark)))
    done = coord(ws, "-m", "coordinator", "parse", "report.md", pythonpath=str(ws))
    assert done.returncode == 0 and "Complete" in done.stdout, done.stderr
    assert not mark.exists()
    from coordinator.importpath import OwnPackages  # (new in redteam108)

    finder = OwnPackages(str(ws))
    assert finder.find_spec("typer") is None and finder.find_spec("protocols") is not None
    assert finder.find_spec("coordinator.cli", [str(ws / "coordinator")]) is None


def test_an_installed_coord_in_the_workspace_keeps_its_site_packages(tmp_path: Path) -> None:
    """Guard: a coord installed in the workspace's own virtual environment (its
    site-packages in a prefix, kept from agents whole) keeps that folder on the path."""
    from coordinator.importpath import own_in_workspace  # (new in redteam108)

    prefix_site = Path(sys.prefix) / "lib" / "site-packages"
    assert not own_in_workspace(sys.prefix, str(prefix_site))
    assert own_in_workspace(str(tmp_path), str(tmp_path / "checkout"))
    assert own_in_workspace(str(tmp_path / "elsewhere"), str(tmp_path / "co"), ("../co",))


def test_coords_protocols_package_is_protected_as_its_own_code() -> None:
    """An agent's Write to ``protocols/`` of the coord it runs under, in the workspace, was
    allowed (and the Bash sandbox left it writable): the next run imports it."""
    assert REPO / "protocols" in own_code_in(REPO), own_code_in(REPO)
    with pytest.raises(ToolError, match="coordinator's own code"):
        check_writable(REPO, REPO / "protocols" / "report.py")
    with pytest.raises(ToolError, match="coordinator's own code"):
        check_writable(REPO, REPO / "protocols" / "new.py")
    assert os.path.isdir(REPO / "protocols")


def _users_hook(tmp_path: Path, command: str) -> Hook:
    """A PostToolUse hook of the user's own ``~/.claude/settings.json``."""
    home = tmp_path / "home" / ".claude" / "settings.json"
    return Hook(HookEvent.POST_TOOL_USE, "", command, 30.0, HookSource.USER, home, False)


HOOK_DATA = {"hook_event_name": "PostToolUse", "tool_name": "Read", "tool_input": {}}


@pytest.mark.parametrize(
    "variable", ["JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "PYTHONHOME"]
)
async def test_a_users_hook_whose_jvm_options_name_a_workspace_agent_runs_confined(
    tmp_path: Path, variable: str
) -> None:
    """``-javaagent:lib/agent.jar`` (the JVM loads and runs that jar) in the options the
    Java launcher or HotSpot reads: ``JAVA_TOOL_OPTIONS`` was looked at, but its file
    after the ``:`` was not; the launcher's other two not at all; nor ``PYTHONHOME``."""
    ws = tmp_path / "ws"
    (ws / "lib").mkdir(parents=True)
    (ws / "lib" / "agent.jar").write_bytes(b"PK")
    value = "lib" if variable == "PYTHONHOME" else "-Xmx64m -javaagent:lib/agent.jar=verbose"
    program = sys.executable if variable == "PYTHONHOME" else "java"
    hook = _users_hook(tmp_path, f"{program} -version")
    run = await run_hook(hook, HOOK_DATA, HookEnv(ws, settings_env={variable: value}))
    assert run.outcome == Outcome.SKIPPED and run.hook.confined, run
    assert variable in run.hook.why, run.hook.why


@pytest.mark.parametrize(
    ("assigned", "program"),
    [
        ("PYTHONUSERBASE=.pyuser", "/usr/bin/python3 -c pass"),
        ("GIT_SSH_COMMAND=./ssh-wrap", "git ls-remote ssh://example.invalid/r"),
        ("GIT_TEMPLATE_DIR=tpl", "git init -q {tmp}/made"),
    ],
)
async def test_a_users_hook_assigning_a_program_variable_to_the_workspace_runs_confined(
    tmp_path: Path, assigned: str, program: str
) -> None:
    """The user's hook ``PYTHONUSERBASE=.pyuser python3 ...``: Python ran the ``.pth``
    lines an agent wrote in that folder's site-packages, as the user. Assignments of
    variables naming a program to run (git's ssh command, its template hooks) count as a
    loader's do."""
    ws = tmp_path / "ws"
    site = ws / ".pyuser" / "lib"
    site.mkdir(parents=True)
    ran = tmp_path / "ran-as-the-user"
    for name in ("python3.9", "python3.10", "python3.11", "python3.12", "python3.13"):  # any
        (site / name / "site-packages").mkdir(parents=True)
        (site / name / "site-packages" / "agent.pth").write_text(
            f"import pathlib; pathlib.Path({str(ran)!r}).touch()\n"
        )
    (ws / "ssh-wrap").write_text(f"#!/bin/sh\ntouch {ran}\n")
    (ws / "ssh-wrap").chmod(0o755)
    (ws / "tpl" / "hooks").mkdir(parents=True)
    hook = _users_hook(tmp_path, f"{assigned} {program.format(tmp=tmp_path)}")
    run = await run_hook(hook, HOOK_DATA, HookEnv(ws))
    assert not ran.exists(), "the agent's code ran as the user"
    assert run.outcome == Outcome.SKIPPED and run.hook.confined, run


async def test_a_users_node_hook_requiring_a_workspace_file_without_its_ending_runs_confined(
    tmp_path: Path,
) -> None:
    """``NODE_OPTIONS=--require ./lib/setup`` (the user's settings ``env``): node loads
    ``lib/setup.js``, which an agent wrote; the name without its ending was not taken for
    that file, and the user's hook ran it as the user."""
    ws = tmp_path / "ws"
    (ws / "lib").mkdir(parents=True)
    ran = tmp_path / "ran-as-the-user"
    (ws / "lib" / "setup.js").write_text(f"require('fs').writeFileSync({str(ran)!r}, 'x')\n")
    hook = _users_hook(tmp_path, "node -e 0")
    env = HookEnv(ws, settings_env={"NODE_OPTIONS": "--require ./lib/setup"})
    run = await run_hook(hook, HOOK_DATA, env)
    assert not ran.exists(), "the agent's script ran as the user"
    assert run.outcome == Outcome.SKIPPED and run.hook.confined, run


async def test_a_users_hook_assigning_node_options_without_the_files_ending_runs_confined(
    tmp_path: Path,
) -> None:
    """The same, assigned on the hook's own command line."""
    ws = tmp_path / "ws"
    (ws / "lib").mkdir(parents=True)
    ran = tmp_path / "ran-as-the-user"
    (ws / "lib" / "setup.js").write_text(f"require('fs').writeFileSync({str(ran)!r}, 'x')\n")
    hook = _users_hook(tmp_path, "NODE_OPTIONS='--require ./lib/setup' node -e 0")
    run = await run_hook(hook, HOOK_DATA, HookEnv(ws))
    assert not ran.exists(), "the agent's script ran as the user"
    assert run.outcome == Outcome.SKIPPED and run.hook.confined, run


async def test_a_users_hook_with_gits_plain_settings_variables_is_not_confined(
    tmp_path: Path,
) -> None:
    """Guard the other way: ``GIT_AUTHOR_NAME=Alice`` or ``GIT_TERMINAL_PROMPT=0`` in the
    user's settings ``env`` names no place, yet each, read as a relative path, confined
    (and without Bash skipped) every hook of the user's; a path-valued one still does."""
    ws = tmp_path / "ws"
    ws.mkdir()
    hook = _users_hook(tmp_path, "true")
    plain = {"GIT_AUTHOR_NAME": "Alice Smith", "GIT_TERMINAL_PROMPT": "0"}
    run = await run_hook(hook, HOOK_DATA, HookEnv(ws, settings_env=plain))
    assert run.outcome == Outcome.OK and not run.hook.confined, run
    pathed = {**plain, "GIT_CONFIG_GLOBAL": ".gitconfig"}
    run = await run_hook(hook, HOOK_DATA, HookEnv(ws, settings_env=pathed))
    assert run.outcome == Outcome.SKIPPED and run.hook.confined, run


@pytest.mark.parametrize(
    "command", ["node ./lib/check", "node lib/check", "node -r ./lib/check -e 0"]
)
async def test_a_users_node_hook_naming_a_workspace_script_without_its_ending_runs_confined(
    tmp_path: Path, command: str
) -> None:
    """``node scripts/lint`` runs ``scripts/lint.js``: the word named no file, so the
    user's hook ran the agent's script as the user."""
    ws = tmp_path / "ws"
    (ws / "lib").mkdir(parents=True)
    ran = tmp_path / "ran-as-the-user"
    (ws / "lib" / "check.js").write_text(f"require('fs').writeFileSync({str(ran)!r}, 'x')\n")
    run = await run_hook(_users_hook(tmp_path, command), HOOK_DATA, HookEnv(ws))
    assert not ran.exists(), "the agent's script ran as the user"
    assert run.outcome == Outcome.SKIPPED and run.hook.confined, run
