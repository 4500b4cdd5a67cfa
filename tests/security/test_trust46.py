"""trust46: a red-team round at the trust boundary, on what trust45 left.

Holes found and closed (each test fails on the session's start code, 730800fe):

1. The user's git hooks folder as the workspace itself. trust45 protected the folder
   ``core.hooksPath`` names in the work tree, but not when it is the workspace (the top,
   ``$PWD`` or ``.``; or ``app`` when the workspace is ``app``): that folder is every
   agent's to write, so a command's executable ``post-index-change`` there ran as the
   user, out of any sandbox, at the user's next ``git status``, and Write rewrote the
   committed ``pre-commit``. The files git runs as hooks there (githooks(5)'s names) are
   now protected, as the folder is elsewhere (``worktree.hooks_inside``).
2. A user's MCP server's own modules. ``python -m srv`` puts its working folder (the
   workspace) first on its path, and trust44 counted an agent's module there only when it
   shadowed the standard library or a package installed beside coord: the server's helper
   on its ``PYTHONPATH`` (or a package only its interpreter has) was imported from the
   agent's ``t46helper.py``, as the user. The server's own path counts too now
   (``implicit._import_path``: its ``PYTHONPATH``, its interpreter's ``sys.path`` asked
   once, isolated).
3. A Python whose packages lie in the workspace: a server run by the project's
   ``.venv/bin/python`` (a link out of the workspace, so no workspace file by name) ran
   the agent's ``.pth`` in the venv's ``site-packages`` as the user when it started; and
   with ``-w ~`` a managed-settings hook's ``python3`` ran one in ``~/.local/lib``. Such a
   program is workspace code now (``implicit._site_in``), as ``uv run`` already was.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import backend, bash, run
from kit import git, git_init, report

from coordinator.roster.spec import AgentSpec

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")


def _hook(marker: Path) -> str:
    """A hook the user's own git would run, as the user, outside any sandbox."""
    return f"#!/bin/sh\necho ran >> {marker}\n"


@needs_bwrap
@pytest.mark.parametrize("where", ["top", "subfolder"])
def test_hooks_folder_that_is_the_workspace_gets_no_hook(tmp_path: Path, where: str) -> None:
    """``core.hooksPath`` naming the workspace itself (the top, by its absolute path:
    git 2.39 runs no hook from ``.`` or ``./``, a later one may; or the folder the
    workspace is, ``app``): a command cannot leave a hook there for the user's next ``git status``
    (``post-index-change``) or commit, and Write cannot rewrite the committed one."""
    top = tmp_path / "repo"
    ws = top if where == "top" else top / "app"
    ws.mkdir(parents=True)
    (ws / "main.py").write_text("print('hi')\n", encoding="utf-8")
    pre_commit = ws / "pre-commit"
    pre_commit.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    pre_commit.chmod(0o755)
    git_init(top)
    git(top, "config", "core.hooksPath", str(top) if where == "top" else "app")
    marker = tmp_path / "ran"
    plant = (
        f"printf '{_hook(marker)}' > post-index-change; chmod +x post-index-change; "
        "echo changed >> main.py; true"
    )
    write = {"name": "Write", "input": {"file_path": "pre-commit", "content": _hook(marker)}}
    turns = [bash(plant), {"tool_calls": [write]}, {"text": report("Complete")}]
    provider = run(ws, tmp_path / "home", backend(), turns)
    assert (ws / "main.py").read_text(encoding="utf-8").endswith("changed\n")  # the command ran
    (result,) = provider.model.calls[-1].messages[-1]["content"]
    assert result["is_error"] and "pre-commit" in result["content"], result
    assert pre_commit.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    git(top, "status", "--short")
    git(top, "commit", "-q", "--allow-empty", "-m", "the agent's work")
    assert not (ws / "post-index-change").exists()
    assert not marker.exists()


# ---- 2. what the user's own MCP server imports from its working folder ------------------

needs_mcp = pytest.mark.skipif(
    importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"
)
DONE = {"text": report("Complete", "Done")}
#: What the agent writes to run as the user: it leaves a file outside the workspace (a
#: sandboxed process cannot write there).
PLANT = "import pathlib\npathlib.Path({mark!r}).write_text('ran as the user')\n"

#: The user's own MCP server, kept outside the workspace with a helper module of its own
#: (a project's, or a package only its interpreter has): a tool imports it when first needed.
SERVER = """
from mcp.server.mcpserver import MCPServer

server = MCPServer("t46")


@server.tool()
def fmt(text: str) -> str:
    \"\"\"Formats a text.\"\"\"
    import t46helper  # when first needed

    return t46helper.shout(text)


if __name__ == "__main__":
    server.run()
"""


def _users_server(tmp_path: Path, command: str, env: dict[str, str]) -> Path:
    """The user's server ``srv`` (``python -m t46srv``, code in ``tmp_path/servers``) in
    ``~/.claude.json``; the HOME."""
    code = tmp_path / "servers"
    code.mkdir()
    (code / "t46srv.py").write_text(SERVER, encoding="utf-8")
    (code / "t46helper.py").write_text("def shout(t):\n    return t.upper()\n", encoding="utf-8")
    home = Path(os.environ["HOME"])
    srv = {"command": command, "args": ["-m", "t46srv"], "env": env}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"srv": srv}}), encoding="utf-8")
    return home


def _with_server() -> AgentSpec:
    spec = backend(mcpServers=["srv"])
    spec.tools.append("mcp__srv")
    return spec


def _tool_results(ws: Path) -> list[tuple[bool, str]]:
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        rows = db.execute("SELECT data FROM events WHERE kind = 'tool_result' ORDER BY seq")
        return [(e["is_error"], e["summary"]) for e in (json.loads(r[0]) for r in rows)]


@needs_mcp
@pytest.mark.xdist_group("mcp")
def test_a_users_server_imports_no_helper_of_its_own_name_from_the_workspace(
    tmp_path: Path,
) -> None:
    """``python -m t46srv`` puts its working folder, the workspace, first on its path: the
    ``t46helper.py`` an agent wrote there shadows the server's own helper (on its
    ``PYTHONPATH``; a package of its interpreter alike), neither the standard library's
    nor one installed beside coord, which were all trust44 looked for. The server is not
    called once it would import it."""
    mark = tmp_path / "outside" / "PWNED"
    mark.parent.mkdir()
    code = str(tmp_path / "servers")
    home = _users_server(tmp_path, sys.executable, {"PYTHONPATH": code})
    ws = tmp_path / "ws"
    ws.mkdir()
    call = {"tool_calls": [{"name": "mcp__srv__fmt", "input": {"text": "hi"}}]}
    plant = {"file_path": "t46helper.py", "content": PLANT.format(mark=str(mark))}
    run(ws, home, _with_server(), [{"tool_calls": [{"name": "Write", "input": plant}]}, call, DONE])
    assert not mark.exists()
    [(wrote, _), (refused, why)] = _tool_results(ws)
    assert not wrote and refused and "t46helper.py" in why and "not called" in why


@needs_mcp
@pytest.mark.xdist_group("mcp")
def test_a_users_server_run_by_the_workspaces_virtual_environment_runs_confined(
    tmp_path: Path,
) -> None:
    """The user's server run by the project's own ``.venv/bin/python`` (a link out of the
    workspace, so no workspace file by its name): that interpreter reads the venv's
    ``site-packages``, and runs a ``.pth`` file's ``import`` line there as it starts. An
    agent's ``.pth`` ran as the user when the server started for the next session; the
    server now runs confined, and is not called as the user once the venv is there."""
    mark = tmp_path / "outside" / "PWNED"
    mark.parent.mkdir()
    ws = tmp_path / "ws"
    ws.mkdir()
    venv = ws / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    mcp_origin = importlib.util.find_spec("mcp").origin  # type: ignore[union-attr]
    code = os.pathsep.join([str(tmp_path / "servers"), str(Path(str(mcp_origin)).parents[1])])
    home = _users_server(tmp_path, str(venv / "bin" / "python"), {"PYTHONPATH": code})
    (site,) = venv.glob("lib/python*/site-packages")
    pth = {
        "file_path": str(site.relative_to(ws) / "t46.pth"),
        "content": f"import pathlib; pathlib.Path({str(mark)!r}).write_text('ran as the user')\n",
    }
    call = {"tool_calls": [{"name": "mcp__srv__fmt", "input": {"text": "hi"}}]}
    run(ws, home, _with_server(), [{"tool_calls": [{"name": "Write", "input": pth}]}, DONE])
    run(ws, home, _with_server(), [call, DONE])
    assert (site / "t46.pth").exists()  # the agent wrote it
    assert not mark.exists()


@needs_bwrap
def test_a_users_hook_in_a_home_workspace_runs_no_user_site_pth_as_the_user(
    tmp_path: Path,
) -> None:
    """``-w ~``: the user's own ``site-packages`` (``~/.local/lib/python3.X``) lies in the
    workspace, and a system Python reads its ``.pth`` files as it starts: the managed
    settings' PreToolUse hook (``python3 -c ...``; the user's own settings file lies in
    such a workspace, and its hooks run confined already) ran the agent's as the user at
    the next tool call. It now runs confined."""
    python = "/usr/bin/python3"
    if not Path(python).exists():
        pytest.skip("no system Python")
    mark = tmp_path / "outside" / "PWNED"
    mark.parent.mkdir()
    version = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    home = Path(os.environ["HOME"])
    site = home / ".local" / "lib" / f"python{version}" / "site-packages"
    site.mkdir(parents=True)
    hook = {"type": "command", "command": f"{python} -c pass"}
    settings = {"hooks": {"PreToolUse": [{"matcher": "Read", "hooks": [hook]}]}}
    managed = tmp_path / "managed-settings.json"
    managed.write_text(json.dumps(settings), encoding="utf-8")
    (home / "notes.txt").write_text("notes\n", encoding="utf-8")
    pth = {
        "file_path": str(site.relative_to(home) / "t46.pth"),
        "content": f"import pathlib; pathlib.Path({str(mark)!r}).write_text('ran as the user')\n",
    }
    read = {"name": "Read", "input": {"file_path": "notes.txt"}}
    turns = [{"tool_calls": [{"name": "Write", "input": pth}]}, {"tool_calls": [read]}, DONE]
    run(home, home, backend(), turns, managed=managed)
    assert (site / "t46.pth").exists()  # the agent wrote it
    assert not mark.exists()
