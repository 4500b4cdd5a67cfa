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
   the agent's ``.pth`` in the venv's ``site-packages`` as the user when it started. Such
   a program is workspace code now (``implicit._virtual_env``), as ``uv run`` already was.
4. A workspace holding the home folder (``-w ~``) kept coord's own folders from agents,
   but not what runs as the user from there: the agent's line in ``~/.bashrc`` or
   ``~/.profile``, its ``core.fsmonitor`` in ``~/.gitconfig``, its ``git`` in
   ``~/.local/bin``, its ``.pth`` in the user's ``site-packages`` all ran as the user,
   out of any sandbox (next shell, ``git status``, Python). They, and ssh's, the package
   managers' and the cloud tools' settings, are protected there now
   (``workspace.HOME_FILES``); reading them stays allowed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import DONE, PLANT, backend, bash, run, tool_results, with_server
from kit import git, git_init, needs_bwrap, needs_mcp, report


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
    run(ws, home, with_server(), [{"tool_calls": [{"name": "Write", "input": plant}]}, call, DONE])
    assert not mark.exists()
    [(wrote, _), (refused, why)] = tool_results(ws)
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
    run(ws, home, with_server(), [{"tool_calls": [{"name": "Write", "input": pth}]}, DONE])
    run(ws, home, with_server(), [call, DONE])
    assert (site / "t46.pth").exists()  # the agent wrote it
    assert not mark.exists()


# ---- 4. a workspace holding the home folder (-w ~) --------------------------------------


@needs_bwrap
def test_a_home_workspace_keeps_the_users_startup_files(tmp_path: Path) -> None:
    """``-w ~``: the user's shell startup files, git's global settings, ``~/.local/bin``
    and the user's Python packages lie in the workspace, and run what they say as the
    user, out of any sandbox: the agent's line in ``~/.bashrc`` ran at the user's next
    shell, its ``core.fsmonitor`` in ``~/.gitconfig`` at the user's next ``git status`` in
    any repository, its ``git`` in ``~/.local/bin`` (first on the user's PATH) instead of
    git, its ``.pth`` at the user's next Python. No tool writes them, and
    commands see them read-only (one missing must not appear), as coord's own folders are
    kept there."""
    home = Path(os.environ["HOME"])
    (home / ".bashrc").write_text("# the user's\n", encoding="utf-8")
    (home / ".local").mkdir()
    marker = tmp_path / "ran"
    site = subprocess.run(
        ["/usr/bin/python3", "-c", "import site; print(site.getusersitepackages())"],
        env={"HOME": str(home)}, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    plant = (
        f"echo 'echo bashrc >> {marker}' >> ~/.bashrc; "
        f"git config --global core.fsmonitor 'echo fsmonitor >> {marker}; false'; "
        f"mkdir -p ~/.local/bin && printf '#!/bin/sh\\necho git >> {marker}\\n' > ~/.local/bin/git"
        f"; chmod +x ~/.local/bin/git; mkdir -p {site} && "
        f"echo 'import os; os.system(\"echo pth >> {marker}\")' > {site}/t46.pth; echo done"
    )
    profile = {"file_path": ".profile", "content": f"echo p >> {marker}\n"}
    write = {"name": "Write", "input": profile}
    turns = [bash(plant), {"tool_calls": [write]}, DONE]
    provider = run(home, home, backend(), turns)
    (result,) = provider.model.calls[-1].messages[-1]["content"]
    assert result["is_error"] and ".profile" in result["content"], result
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {"HOME": str(home), "PATH": f"{home}/.local/bin:/usr/bin:/bin"}
    git_program = shutil.which("git", path="/usr/bin:/bin") or "git"
    subprocess.run([git_program, "init", "-q"], cwd=repo, env=env, check=False)
    subprocess.run([git_program, "status"], cwd=repo, env=env, capture_output=True, check=False)
    subprocess.run(["git", "--version"], cwd=repo, env=env, capture_output=True, check=False)
    subprocess.run(["bash", "-ic", "true"], env=env, capture_output=True, check=False)
    subprocess.run(["sh", "-lc", "true"], env=env, capture_output=True, check=False)
    subprocess.run(["/usr/bin/python3", "-c", "pass"], env=env, capture_output=True, check=False)
    assert (home / ".bashrc").read_text(encoding="utf-8") == "# the user's\n"
    assert not marker.exists(), marker.read_text(encoding="utf-8")
