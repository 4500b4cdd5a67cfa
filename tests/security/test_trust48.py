"""trust48: what the last sessions noticed at the trust boundary and left open.

Holes found and closed (each test fails on the session's start code, edb8542a):

1. A user's Python imports an agent's module found nowhere else. ``python -m srv`` (and
   ``-c``, a program on stdin, a ``-c`` child of :mod:`multiprocessing`) puts its working
   folder, the workspace, first on its path; trust44 and trust46 counted an agent's module
   there only when it shadowed one the server has (the standard library, its
   ``PYTHONPATH``, its interpreter's packages). An optional import of a module installed
   nowhere (``try: import uvloop``, as uvicorn's "auto" loop does) found the agent's
   ``uvloop.py`` instead, and ran it as the user, out of any sandbox. A user's server or
   hook run as the user now gets ``PYTHONSAFEPATH=1`` (``implicit.safe_path``), with the
   folder of a Python script it runs first on its ``PYTHONPATH`` (``-P`` drops it too: the
   ``script`` case passes on the start code, and fails without that folder). Programs
   that put their working folder on their path themselves (``uvicorn main:app``) read
   every module there (``implicit._APP_RUNNERS``).
2. Credentials a variable of the user's environment moves into the workspace
   (``AWS_SHARED_CREDENTIALS_FILE``, ``KUBECONFIG``, ``DOCKER_CONFIG``, a relative
   ``XDG_CONFIG_HOME``...) were shown to every tool and command: hidden now as trust47 hid
   the home folder's (``workspace.CREDENTIAL_VARIABLES``), and protected with what such a
   variable names that runs programs as the user (``GIT_CONFIG_GLOBAL``).
3. A ``bash_read`` folder showed commands the credentials below it (``~/.cargo``'s
   crates.io token, ``~/.config``'s gh token): masked now, but one the user names.
4. ``-w ~``: the user's PATH folders in the home folder (``~/bin``, ``~/go/bin``) took
   the agent's ``git``: protected now, as ``~/.local/bin`` was.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest
from hostile import (
    DONE,
    PLANT,
    backend,
    bash,
    run,
    sent_results,
    tool_results,
    with_server,
)
from kit import needs_bwrap, needs_mcp

# ---- 1. a module installed nowhere, imported from the working folder --------------------

#: The user's own MCP server, kept outside the workspace: a tool imports an optional
#: accelerator, installed nowhere, when first needed (uvicorn's "auto" loop and uvloop),
#: and a helper module beside it (a script's siblings are its modules).
SERVER = """
from mcp.server.mcpserver import MCPServer

import t48sibling

server = MCPServer("t48")


@server.tool()
def fmt(text: str) -> str:
    \"\"\"Formats a text.\"\"\"
    try:
        import t48uvloop  # optional: installed nowhere
    except ImportError:
        pass
    return t48sibling.shout(text)


if __name__ == "__main__":
    server.run()
"""


def _users_server(tmp_path: Path, args: list[str], env: dict[str, str]) -> Path:
    """The user's server ``srv`` (``sys.executable`` with ``args``, its code in
    ``tmp_path/servers``) in ``~/.claude.json``; the HOME."""
    code = tmp_path / "servers"
    code.mkdir()
    (code / "t48srv.py").write_text(SERVER, encoding="utf-8")
    (code / "t48sibling.py").write_text("def shout(t):\n    return t.upper()\n", encoding="utf-8")
    home = Path(os.environ["HOME"])
    srv = {"command": sys.executable, "args": args, "env": env}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"srv": srv}}), encoding="utf-8")
    return home


@needs_mcp
@pytest.mark.xdist_group("mcp")
@pytest.mark.parametrize("how", ["-m", "script"])
def test_a_users_server_imports_no_module_of_the_workspace_found_nowhere_else(
    tmp_path: Path, how: str
) -> None:
    """``python -m t48srv`` (its code on its ``PYTHONPATH``, outside the workspace) runs in
    the workspace, first on its path: a tool's ``try: import t48uvloop``, a module
    installed nowhere, imported the agent's ``t48uvloop.py`` as the user. It gets the
    server's own answer now, the agent's module unread; and a server run as a script
    (``python /elsewhere/t48srv.py``) still imports the modules beside it."""
    mark = tmp_path / "outside" / "PWNED"
    mark.parent.mkdir()
    code = str(tmp_path / "servers")
    module = (["-m", "t48srv"], {"PYTHONPATH": code})
    args, env = module if how == "-m" else ([f"{code}/t48srv.py"], {})
    home = _users_server(tmp_path, args, env)
    ws = tmp_path / "ws"
    ws.mkdir()
    plant = {"file_path": "t48uvloop.py", "content": PLANT.format(mark=str(mark))}
    call = {"tool_calls": [{"name": "mcp__srv__fmt", "input": {"text": "hi"}}]}
    run(ws, home, with_server(), [{"tool_calls": [{"name": "Write", "input": plant}]}, call, DONE])
    assert (ws / "t48uvloop.py").exists()  # the agent wrote it
    assert not mark.exists()
    [(wrote, _), (failed, answer)] = tool_results(ws)
    assert not wrote and not failed and "HI" in answer, answer


def test_a_users_hook_imports_no_module_of_the_workspace_found_nowhere_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user's own hook ``python3 -m t48hook`` (its code on the user's ``PYTHONPATH``,
    outside the workspace) runs in the workspace after each Write: its optional ``import
    t48fast``, installed nowhere, imported the agent's ``t48fast.py`` as the user."""
    mark = tmp_path / "outside" / "PWNED"
    mark.parent.mkdir()
    lib = tmp_path / "lib"
    lib.mkdir()
    ran = lib / "ran"
    missing = f"    open({str(ran)!r}, 'a').write('.')\n"
    hook_code = f"try:\n    import t48fast\nexcept ImportError:\n{missing}"
    (lib / "t48hook.py").write_text(hook_code, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(lib))
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    hook = {"type": "command", "command": f"{sys.executable} -m t48hook"}
    settings = {"hooks": {"PostToolUse": [{"matcher": "Write", "hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    plant = {"file_path": "t48fast.py", "content": PLANT.format(mark=str(mark))}
    again = {"file_path": "notes.txt", "content": "x"}
    writes = [{"tool_calls": [{"name": "Write", "input": w}]} for w in (plant, again)]
    run(ws, home, backend(), [*writes, DONE])
    assert (ws / "t48fast.py").exists() and (ws / "notes.txt").exists()
    assert not mark.exists()
    assert ran.read_text(encoding="utf-8") == "..", "the hook ran after each Write"


@pytest.mark.skipif(importlib.util.find_spec("uvicorn") is None, reason="uvicorn is absent")
def test_a_users_hook_running_uvicorn_on_the_workspaces_app_runs_confined(
    tmp_path: Path,
) -> None:
    """``python -m uvicorn t48app:app`` puts its working folder on its path itself (its
    ``--app-dir``, ``PYTHONSAFEPATH`` or not) and imports the app from there: the agent's
    ``t48app.py``, which shadows nothing, ran as the user. Such a program's modules there
    are workspace code now (``implicit._APP_RUNNERS``): the hook runs confined."""
    mark = tmp_path / "outside" / "PWNED"
    mark.parent.mkdir()
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    hook = {"type": "command", "command": f"{sys.executable} -m uvicorn t48app:app"}
    settings = {"hooks": {"PostToolUse": [{"matcher": "Write", "hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    app = PLANT.format(mark=str(mark)) + "import os\nos._exit(0)\n"
    plant = {"file_path": "t48app.py", "content": app}
    run(ws, home, backend(), [{"tool_calls": [{"name": "Write", "input": plant}]}, DONE])
    assert (ws / "t48app.py").exists()
    assert not mark.exists()


# ---- 2. credentials a variable moves into the workspace ---------------------------------

#: The secret each credential file holds in these tests.
TOKEN = "t48-SECRET-TOKEN"


def _read(path: str) -> dict[str, object]:
    return {"tool_calls": [{"name": "Read", "input": {"file_path": path}}]}


@needs_bwrap
def test_credentials_a_variable_moves_into_the_workspace_are_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-w /srv`` with the user's ``AWS_SHARED_CREDENTIALS_FILE=/srv/secrets/aws``, a
    ``KUBECONFIG`` list, ``DOCKER_CONFIG=/srv/dock`` and a relative ``XDG_CONFIG_HOME``
    (gh's token in ``.cfg/gh``: git and gh follow one from the folder they run in): Read
    is refused naming the variable, Glob lists and Grep searches none of them, a
    command's ``cat`` sees them empty. trust47 hid them only in the home folder."""
    ws = tmp_path / "srv"
    files = {
        "secrets/aws": f"[default]\naws_secret_access_key = {TOKEN}\n",
        "kube/a.yaml": f"token: {TOKEN}\n",
        "kube/b.yaml": f"token: {TOKEN}\n",
        "dock/config.json": f'{{"auths": {{"r": {{"auth": "{TOKEN}"}}}}}}',
        ".cfg/gh/hosts.yml": f"github.com:\n    oauth_token: {TOKEN}\n",
        "notes.txt": "the project's notes\n",
    }
    for rel, text in files.items():
        (ws / rel).parent.mkdir(parents=True, exist_ok=True)
        (ws / rel).write_text(text, encoding="utf-8")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(ws / "secrets" / "aws"))
    monkeypatch.setenv("KUBECONFIG", f"{ws / 'kube' / 'a.yaml'}:{ws / 'kube' / 'b.yaml'}")
    monkeypatch.setenv("DOCKER_CONFIG", str(ws / "dock"))
    monkeypatch.setenv("XDG_CONFIG_HOME", ".cfg")
    hidden = [rel for rel in files if rel != "notes.txt"]
    cat = bash(f"cat {' '.join(hidden)}; grep -r t48-SECRET . ; echo end")
    turns = [
        *(_read(rel) for rel in hidden),
        {"tool_calls": [{"name": "Glob", "input": {"pattern": "**/*"}}]},
        {"tool_calls": [{"name": "Grep", "input": {"pattern": "t48-SECRET"}}]},
        cat,
        DONE,
    ]
    provider = run(ws, tmp_path / "home", backend(), turns)
    results = sent_results(provider)
    sent = "\n".join(str(r["content"]) for r in results)
    assert TOKEN not in sent, sent
    named = [
        "AWS_SHARED_CREDENTIALS_FILE",
        "KUBECONFIG",
        "KUBECONFIG",
        "DOCKER_CONFIG",
        ".config/gh",
    ]
    for result, name in zip(results, named, strict=False):
        assert result["is_error"] and name in str(result["content"]), result
    listed = str(results[len(hidden)]["content"])
    assert "notes.txt" in listed and "aws" not in listed and "a.yaml" not in listed, listed
    assert "end" in str(results[-1]["content"])
    assert (ws / "secrets" / "aws").read_text(encoding="utf-8").endswith(f"{TOKEN}\n")


@needs_bwrap
def test_gits_global_settings_a_variable_moves_into_the_workspace_stay_the_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``GIT_CONFIG_GLOBAL=/srv/dotfiles/gitconfig`` in a ``-w /srv`` workspace: Write
    is refused, and a command's ``core.fsmonitor`` there is taken back (the user's next
    ``git status`` ran it as the user); an ``AWS_CONFIG_FILE`` a command makes there (its
    ``credential_process`` runs as the user) does not stay."""
    ws = tmp_path / "srv"
    (ws / "dotfiles").mkdir(parents=True)
    gitconfig = ws / "dotfiles" / "gitconfig"
    gitconfig.write_text("[user]\n\tname = me\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(ws / "aws-config"))
    write = {"file_path": "dotfiles/gitconfig", "content": "[core]\n\tfsmonitor = evil\n"}
    plant = "printf '[core]\\n\\tfsmonitor = evil\\n' >> dotfiles/gitconfig; "
    plant += "printf '[default]\\ncredential_process = evil\\n' > aws-config; echo done"
    turns = [{"tool_calls": [{"name": "Write", "input": write}]}, bash(plant), DONE]
    provider = run(ws, tmp_path / "home", backend(), turns)
    results = sent_results(provider)
    assert results[0]["is_error"] and "dotfiles/gitconfig" in str(results[0]["content"])
    assert "fsmonitor" not in gitconfig.read_text(encoding="utf-8")
    assert not (ws / "aws-config").exists()


# ---- 3. the user's bash_read folders holding credentials ---------------------------------


@needs_bwrap
def test_a_bash_read_folder_shows_commands_no_credential_below_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user's ``bash_read`` folders are shown read-only to commands (one holding the
    home folder is refused, one in a ``-w ~`` workspace is the workspace's, masked): a
    toolchain's ``~/.cargo`` showed its ``credentials.toml`` (crates.io's token), and
    ``~/.config`` gh's token. The credentials below such a folder are masked now, as in a
    workspace holding the home folder; one the user names itself (``~/.aws``) stays
    readable: asked for by name."""
    home = tmp_path / "home" / "me"
    (home / "proj").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    files = {
        ".aws/credentials": "NAMED-BY-THE-USER\n",
        ".cargo/credentials.toml": f'[registry]\ntoken = "{TOKEN}"\n',
        ".cargo/env": "the toolchain's env\n",
        ".config/gh/hosts.yml": f"github.com:\n    oauth_token: {TOKEN}\n",
        ".config/tool/settings": "a tool's settings\n",
    }
    for rel, text in files.items():
        (home / rel).parent.mkdir(parents=True, exist_ok=True)
        (home / rel).write_text(text, encoding="utf-8")
    readable = (home / ".cargo", home / ".config", home / ".aws")
    command = "cd ~ && cat " + " ".join(files) + "; echo end"
    provider = run(home / "proj", home, backend(), [bash(command), DONE], readable=readable)
    (result,) = sent_results(provider)
    out = str(result["content"])
    assert TOKEN not in out, out
    for shown in ("end", "toolchain", "a tool's settings", "NAMED-BY-THE-USER"):
        assert shown in out, out


# ---- 4. the user's PATH folders in a workspace holding the home folder -------------------


@needs_bwrap
def test_a_home_workspace_keeps_the_users_path_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-w ~`` with the user's ``~/bin`` and ``~/go/bin`` on PATH (trust46 kept only
    ``~/.local/bin``): the agent's ``git`` there ran instead of git at the user's next
    ``git status``. No tool writes there, and a command's program there does not stay."""
    home = Path(os.environ["HOME"])
    for folder in ("bin", "go/bin"):
        (home / folder).mkdir(parents=True)
    monkeypatch.setenv("PATH", f"{home}/bin:{home}/go/bin:{os.environ['PATH']}")
    marker = tmp_path / "ran"
    program = f"#!/bin/sh\necho ran >> {marker}\n"
    write = {"file_path": "bin/git", "content": program}
    plant = f"printf '{program}' > go/bin/git; chmod +x go/bin/git; echo done"
    turns = [{"tool_calls": [{"name": "Write", "input": write}]}, bash(plant), DONE]
    provider = run(home, home, backend(), turns)
    results = sent_results(provider)
    assert results[0]["is_error"] and "bin/git" in str(results[0]["content"]), results[0]
    assert "done" in str(results[1]["content"]), results[1]
    assert not (home / "bin" / "git").exists() and not (home / "go" / "bin" / "git").exists()


def test_a_script_found_elsewhere_puts_no_workspace_folder_on_the_path(tmp_path: Path) -> None:
    """A script a shell finds elsewhere than from the workspace (``uv run --directory``
    runs ``server.py`` of another folder; a ``tool.py`` on PATH) keeps Python's own way:
    its folder is not known, and the workspace, where a relative one would lead, never
    goes on a user's Python's ``PYTHONPATH``. A script found there gets its folder."""
    from coordinator.tools.implicit import safe_path

    ws, code = tmp_path / "ws", tmp_path / "code"
    ws.mkdir()
    code.mkdir()
    (code / "server.py").write_text("", encoding="utf-8")
    for words in (["uv", "run", "--directory", str(code), "server.py"], ["tool.py", "x"]):
        assert safe_path(words, {}, str(ws)) == {}, words
    found = safe_path(["python3", str(code / "server.py")], {"PYTHONPATH": "/opt/lib"}, str(ws))
    assert found == {"PYTHONSAFEPATH": "1", "PYTHONPATH": f"{code}:/opt/lib"}


@needs_bwrap
def test_a_moved_folder_keeps_its_credentials_and_no_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``CARGO_HOME`` in the workspace (a project's own, as CI sets it): its
    ``credentials.toml`` is refused and masked, but the crates it keeps stay the
    commands' to write (a build downloads them there)."""
    ws = tmp_path / "proj"
    cargo = ws / ".cargo-home"
    cargo.mkdir(parents=True)
    (cargo / "credentials.toml").write_text(f'[registry]\ntoken = "{TOKEN}"\n', encoding="utf-8")
    monkeypatch.setenv("CARGO_HOME", str(cargo))
    made = "mkdir -p .cargo-home/registry && echo crate > .cargo-home/registry/c"
    build = bash(f"{made}; cat .cargo-home/credentials.toml; echo end")
    turns = [_read(".cargo-home/credentials.toml"), build, DONE]
    provider = run(ws, tmp_path / "home", backend(), turns)
    results = sent_results(provider)
    assert results[0]["is_error"] and "$CARGO_HOME" in str(results[0]["content"]), results[0]
    assert TOKEN not in str(results[1]["content"]) and "end" in str(results[1]["content"])
    assert (cargo / "registry" / "c").read_text(encoding="utf-8") == "crate\n"


def test_a_users_hook_script_keeps_its_folder_and_imports_no_agents_module(
    tmp_path: Path,
) -> None:
    """The user's hook script, ``python3 ~/.claude/hooks/guard.py``, imports the helper
    beside it as before (``-P`` would drop its folder: it goes on ``PYTHONPATH``), and a
    Python it runs with ``-c`` imports no agent's module from the workspace it runs in."""
    mark = tmp_path / "outside" / "PWNED"
    mark.parent.mkdir()
    home = Path(os.environ["HOME"])
    hooks = home / ".claude" / "hooks"
    hooks.mkdir(parents=True)
    ran = tmp_path / "ran"
    (hooks / "t48util.py").write_text(f"RAN = {str(ran)!r}\n", encoding="utf-8")
    child = "try:\n    import t48opt\nexcept ImportError:\n    pass"
    guard = (
        "import subprocess, sys, t48util\n"
        f"subprocess.run([sys.executable, '-c', {child!r}], check=True)\n"
        "open(t48util.RAN, 'a').write('.')\n"
    )
    (hooks / "guard.py").write_text(guard, encoding="utf-8")
    hook = {"type": "command", "command": f"{sys.executable} ~/.claude/hooks/guard.py"}
    settings = {"hooks": {"PostToolUse": [{"matcher": "Write", "hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    plant = {"file_path": "t48opt.py", "content": PLANT.format(mark=str(mark))}
    again = {"file_path": "notes.txt", "content": "x"}
    writes = [{"tool_calls": [{"name": "Write", "input": w}]} for w in (plant, again)]
    run(ws, home, backend(), [*writes, DONE])
    assert (ws / "t48opt.py").exists()
    assert not mark.exists()
    assert ran.read_text(encoding="utf-8") == "..", "the hook ran after each Write"
