"""redteam112: the trust boundary again, from an agent's position.

1. A user's hook passing a workspace place through a shell variable of its own
   (``a=.pyuser; PYTHONUSERBASE=$a python3``, ``export X=./wrap; GIT_SSH_COMMAND=$X git``,
   ``s=./check.sh; sh "$s"``, ``${U:-.pyuser}``, a ``for`` loop's word) ran the agent's
   code as the user: the checks read the words as written. The line's own variables are
   expanded now (:mod:`coordinator.tools.shell_vars`), for an MCP server's command line
   and its ``headersHelper`` too (``t=token.sh; echo "...$(sh $t)"`` ran as the user).
2. The files coord's own loader variables name in the workspace (``NODE_OPTIONS=--require
   lib/setup``, ``_JAVA_OPTIONS=-javaagent:lib/agent.jar``, ``PYTHONHOME``, ``LD_PRELOAD``)
   were any agent's to write: the user's hooks using them ran confined, but the user's
   next ``node`` or ``java`` (and coord's own next start, for the last two) ran the agent's
   code. They are protected now, as the files ``BASH_ENV`` names were.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hostile import DONE, backend, bash, workspace
from hostile import run as session
from kit import needs_bwrap
from test_redteam107 import write
from test_redteam108 import HOOK_DATA, _users_hook
from test_review125 import _user_site

from coordinator.runtime.hook_run import HookEnv, Outcome, run_hook
from tests.test_compat100_headers_helper import run, served

__all__ = ["served"]


@pytest.mark.parametrize(
    "command",
    [
        "a=.pyuser; PYTHONUSERBASE=$a /usr/bin/python3 -c pass",
        'export a=.pyuser && PYTHONUSERBASE="${a}" /usr/bin/python3 -c pass',
        "a=.pyuser; export PYTHONUSERBASE=$a; /usr/bin/python3 -c pass",
        "d=.; b=$d/.pyuser; PYTHONUSERBASE=$b /usr/bin/python3 -c pass",
        "PYTHONUSERBASE=${U:-.pyuser} /usr/bin/python3 -c pass",
        "for d in .pyuser; do PYTHONUSERBASE=$d /usr/bin/python3 -c pass; done",
        "export X=./wrap; GIT_SSH_COMMAND=$X git ls-remote ssh://example.invalid/r",
        's=./wrap; sh "$s"',
        "s=./wrap; $s",
    ],
)
async def test_a_users_hook_naming_the_workspace_through_its_own_variable_runs_confined(
    tmp_path: Path, command: str
) -> None:
    """Each ran the agent's ``.pth`` line (Python's user site) or its ``wrap`` program as
    the user, outside the sandbox: the variable's value was never read."""
    ws = tmp_path / "ws"
    ws.mkdir()
    ran = tmp_path / "ran-as-the-user"
    _user_site(ws, ran)
    (ws / "wrap").write_text(f"#!/bin/sh\ntouch {ran}\n")
    (ws / "wrap").chmod(0o755)
    hooked = await run_hook(_users_hook(tmp_path, command), HOOK_DATA, HookEnv(ws))
    assert not ran.exists(), "the agent's code ran as the user"
    assert hooked.outcome == Outcome.SKIPPED and hooked.hook.confined, hooked


#: Ordinary hooks using variables of their own: none names what the workspace holds.
ORDINARY = [
    'f=$(jq -r .tool_input.file_path); [ -n "$f" ] && echo "$f" >> {tmp}/log',
    'LOG=${{LOG_DIR:-{tmp}}}/hooks.log; date >> "$LOG"',
    'cd "${{CLAUDE_PROJECT_DIR:-.}}" && git --version >/dev/null',
    "PATH=$HOME/.local/bin:$PATH true",
    'export NODE_OPTIONS="--max-old-space-size=$MEM"; true',
    "ENV=prod; RAILS_ENV=$ENV true",
    "for f in src tests; do ls $f >/dev/null; done",
]


async def test_ordinary_hooks_with_their_own_variables_run_as_the_user(tmp_path: Path) -> None:
    """(A guard.) Nothing these name is the agent's to write: they run, unconfined, in a
    workspace with a project's usual folders."""
    ws = tmp_path / "ws"
    for folder in ("src", "tests", "test", ".venv/bin"):
        (ws / folder).mkdir(parents=True)
    (ws / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    for command in ORDINARY:
        hook = _users_hook(tmp_path, command.format(tmp=tmp_path))
        hooked = await run_hook(hook, HOOK_DATA, HookEnv(ws))
        assert hooked.outcome == Outcome.OK and not hooked.hook.confined, (command, hooked)


@pytest.mark.xdist_group("mcp")
async def test_a_headers_helper_running_a_workspace_script_through_a_variable_never_runs(
    tmp_path: Path, served: tuple[int, Path]
) -> None:
    """The project's ``.mcp.json`` server, approved by the user; its helper's script is the
    agent's ``token.sh``, named through the helper's own variable: it ran as the user."""
    port, _ = served
    h, _ = await run(tmp_path, echo=False)  # (the workspace made)
    ran = tmp_path / "ran.txt"
    (h.ws / "token.sh").write_text(f"touch {ran}\necho t0k\n", encoding="utf-8")
    command = 't=token.sh; echo "{\\"Authorization\\": \\"Bearer $(sh $t)\\"}"'
    server = {"type": "http", "url": f"http://127.0.0.1:{port}/mcp", "headersHelper": command}
    (h.ws / ".mcp.json").write_text(json.dumps({"mcpServers": {"web": server}}), encoding="utf-8")
    home = Path(os.environ["HOME"])
    (home / ".claude").mkdir(exist_ok=True)
    approve = {"enabledMcpjsonServers": ["web"]}
    (home / ".claude/settings.json").write_text(json.dumps(approve), encoding="utf-8")
    (home / ".claude.json").unlink(missing_ok=True)
    await h.engine.start("try again", agent="backend")
    assert not ran.exists(), "the agent's script ran as the user"
    h.close()


@needs_bwrap
@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("NODE_OPTIONS", "--max-old-space-size=512 --require {ws}/lib/setup"),
        ("_JAVA_OPTIONS", "-Xmx64m -javaagent:{ws}/lib/setup.js=verbose"),
        ("JDK_JAVA_OPTIONS", "-javaagent:lib/setup.js"),
        ("LD_AUDIT", "{ws}/lib/setup.js"),
    ],
)
def test_an_agent_never_writes_the_code_coords_loader_variables_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    """The agent writes the preload (Write, then a sandboxed command); the user's next
    ``node`` with the same ``NODE_OPTIONS`` ran it as the user."""
    ws, home = workspace(tmp_path)
    monkeypatch.setenv(variable, value.format(ws=ws))
    mark = tmp_path / "ran-as-the-user"
    code = f"require('fs').writeFileSync({str(mark)!r}, 'x')\n"
    made = f"mkdir -p lib && printf %s {json.dumps(code)} > lib/setup.js"
    session(ws, home, backend(), [write("lib/setup.js", code), bash(made), DONE])
    assert not (ws / "lib" / "setup.js").exists(), "the agent wrote what the loader runs"
    if variable == "NODE_OPTIONS" and shutil.which("node"):
        env = {**os.environ, "NODE_OPTIONS": value.format(ws=ws)}
        subprocess.run(["node", "-e", "0"], cwd=tmp_path, env=env, capture_output=True)
        assert not mark.exists()


def test_the_code_every_loader_variable_names_in_a_workspace_is_protected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python's standard library, the dynamic loader's preloads and folders, Ruby's ``-r``;
    a project's own folders of modules (``PYTHONPATH=src``) stay the agents' to edit."""
    from coordinator.tools.home_files import home_files_inside

    ws = tmp_path.resolve()
    given = {
        "PYTHONHOME": f"{ws}/py", "LD_PRELOAD": f"{ws}/pre.so", "LD_LIBRARY_PATH": "libs",
        "RUBYOPT": "-Ilib -r./boot", "PYTHONPATH": "src", "NODE_PATH": f"{ws}/nm",
    }  # fmt: skip
    for name, value in given.items():
        monkeypatch.setenv(name, value)
    found = {p.relative_to(ws).as_posix() for p in home_files_inside(ws)}
    assert {"py", "pre.so", "libs/libc.so.6", "boot", "boot.rb"} <= found, found
    assert not {"src", "nm", "lib", "libs"} & found, found  # (build output: review132)
