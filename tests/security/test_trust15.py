"""The trust boundary's gaps left open by trust14 (trust15): code a hook or server runs
without naming a file, ``--config`` files agents wrote, a confined hook's environment on
bwrap's command line, links swapped between a check and an open, and a nested workspace's
hidden folder. Real files, real bwrap, real agent tool calls.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import needs_bwrap, needs_mcp, tool_call, writer_script

WRITER = "---\nname: writer\ndescription: Writes files for tests\ntools: Write, Bash\n---\nW.\n"


def roster(tmp_path: Path) -> Path:
    agents = tmp_path / "agents"
    agents.mkdir(exist_ok=True)
    (agents / "writer.md").write_text(WRITER, encoding="utf-8")
    return agents


def run_writer(ws: Path, agents: Path, script: Path, *flags: str | Path) -> Any:
    return coord(
        "run", "Do it", "--agent", "writer", "-w", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script, "--json", *flags,
    )  # fmt: skip


# ---- 1. code run without naming a file ------------------------------------------------


@needs_bwrap
def test_a_users_make_hook_runs_an_agents_makefile_only_in_the_sandbox(tmp_path: Path) -> None:
    """The user's Stop hook is ``make -s check`` (no workspace file named). An agent
    writes the workspace's Makefile; the hook must then run in the Bash sandbox: the
    Makefile's recipe cannot write outside the workspace as the user."""
    ws, home = tmp_path / "ws", Path(os.environ["HOME"])
    ws.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    settings = {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "make -s check"}]}]}}
    (home / ".claude").mkdir(exist_ok=True)
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    recipe = f"check:\n\ttouch {outside}/owned; touch ran-here\n"
    write = {"name": "Write", "input": {"file_path": "Makefile", "content": recipe}}
    script = writer_script(tmp_path / "s.yaml", [write])
    ran = run_writer(ws, roster(tmp_path), script, "--allow-bash")
    assert ran.returncode == 0, ran.stderr
    assert (ws / "Makefile").exists()
    assert (ws / "ran-here").exists(), "the hook did not run at all"
    assert not (outside / "owned").exists(), "the agent's Makefile ran as the user"


def test_programs_that_read_their_working_folder_are_workspace_code(tmp_path: Path) -> None:
    """What each program reads of its working folder makes a command workspace code when the
    workspace holds it (one table, every program read the same way), and only then."""
    from coordinator.tools.command_files import writable_file_named as runs

    ws = tmp_path / "ws"
    ws.mkdir()
    commands = {
        "npx some-bin": "package.json",
        "npm start": "package.json",
        "pnpm run dev": "package.json",
        "yarn x": "package.json",
        "make": "Makefile",
        "pytest -q": "conftest.py",
        "python3 -m pytest": "conftest.py",
        "uv run pytest": "pyproject.toml",
        "python3 -m mcp_server_time": "typing.py",  # shadows the standard library's
        "python3 -c 'import json'": "json.py",
        "cargo run": "Cargo.toml",
        "go run .": "main.go",
        "sh -c 'cd . && make check'": "Makefile",
        "env A=1 npm start": "package.json",
    }
    for line, held in commands.items():
        words = shlex.split(line)
        assert runs(ws, words) is None, line  # the workspace holds nothing they read
        (ws / held).write_text("x", encoding="utf-8")
        found = runs(ws, words)
        assert found is not None, line  # (python -c 'import json': json.py is named)
        (ws / held).unlink()
    (ws / "Makefile").write_text("x", encoding="utf-8")
    assert runs(ws, ["make", "-s"]) == "make, which reads Makefile"
    (ws / "json.py").write_text("x", encoding="utf-8")
    assert runs(ws, ["python3", "-m", "mcp_server_time"]) == "python3, which reads json.py"
    (ws / "json.py").unlink()
    (ws / "app.py").write_text("x", encoding="utf-8")  # imported by nothing it runs
    negative = ["python3 -m json.tool", "python3 /opt/srv.py", "python3 -I -m http.server"]
    for line in [*negative, "git commit -m make", "node /opt/srv.js", "echo make"]:
        assert runs(ws, shlex.split(line)) is None, line


@needs_mcp
def test_an_approved_npx_server_in_a_node_project_runs_confined(tmp_path: Path) -> None:
    """``npx some-bin`` (approved by the user) in a workspace with a package.json and
    node_modules an agent can write runs the agent's ``node_modules/.bin/some-bin``: it
    comes back confined, as one naming a workspace script does."""
    from coordinator.mcp.config import agent_servers
    from coordinator.roster.spec import AgentSpec

    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / "node_modules" / ".bin").mkdir(parents=True)
    (ws / "package.json").write_text("{}")
    home.mkdir()
    servers = {"docs": {"command": "npx", "args": ["-y", "some-bin"]}}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": servers}))
    spec = AgentSpec(
        name="b", description="b", domain="b", body="B.", extra={"mcpServers": ["docs"]}
    )
    got = agent_servers(spec, ws, home=home, environ={})
    assert [s.confined for s in got.servers] == ["runs npx, which reads package.json, a workspace "
                                                 "file an agent can rewrite"]  # fmt: skip


# ---- 3. a workspace hook's environment --------------------------------------------------


def recording_bwrap(tmp_path: Path) -> tuple[Path, Path]:
    """A ``bwrap`` that records its arguments, then is bwrap; and where it records them."""
    seen = tmp_path / "bwrap-args"
    wrapper = tmp_path / "bwrap"
    wrapper.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" >> {seen}\nexec {shutil.which("bwrap")} "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper, seen


@needs_bwrap
def test_a_workspace_hooks_environment_shows_on_no_command_line(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """A workspace hook gets the names the user passes (--bash-env: a token) and
    CLAUDE_PROJECT_DIR, through bwrap's own environment: none is a ``--setenv`` argument
    (every local user reads /proc/PID/cmdline); nothing else of coord's reaches it."""
    from coordinator.config import Settings
    from coordinator.runtime.extras import confiner
    from coordinator.runtime.hook_run import HookEnv, run_hook
    from coordinator.runtime.hooks import Hook, HookEvent, HookSource

    ws = tmp_path / "ws"
    ws.mkdir()
    wrapper, seen = recording_bwrap(tmp_path)
    monkeypatch.setenv("TEAM_TOKEN", "t0ken-s3cret")
    monkeypatch.setenv("COORD_PRIVATE", "not-for-hooks")
    settings = Settings(allow_bash=True, bwrap=str(wrapper), bash_env=["TEAM_TOKEN"])
    confine, _ = confiner(settings)
    assert confine is not None
    line = "echo $TEAM_TOKEN $CLAUDE_PROJECT_DIR ${COORD_PRIVATE:-unset} > out"
    hook = Hook(HookEvent.STOP, "", line, 30.0, HookSource.PROJECT, ws / "s.json", True)
    ran = asyncio.run(run_hook(hook, {"hook_event_name": "Stop"}, HookEnv(ws, confine=confine)))
    assert ran.outcome == "ok", ran.stderr
    assert (ws / "out").read_text().split() == ["t0ken-s3cret", str(ws), "unset"]
    assert "t0ken-s3cret" not in seen.read_text() and "--setenv" not in seen.read_text()


# ---- 2. a --config file an agent could have written ------------------------------------


@needs_bwrap
def test_a_config_file_a_command_wrote_in_an_earlier_workspace_widens_nothing(
    tmp_path: Path,
) -> None:
    """In a run in ``api``, an agent's Bash writes ``api/team.yaml`` turning Bash on and
    sending the key elsewhere. ``coord run -w web --config ../api/team.yaml`` (the user
    trusting a file in the other project) refuses it, naming the file, the line and why;
    a file there holding only workspace keys still applies."""
    from coordinator.config import load_settings
    from coordinator.errors import UserError

    api, web = tmp_path / "api", tmp_path / "web"
    api.mkdir()
    web.mkdir()
    text = "domains: {db: x}\\nallow_bash: true\\nbase_url: http://127.0.0.1:9\\n"
    wrote = tool_call(api, "Bash", {"command": f"printf '{text}' > team.yaml"})
    assert not wrote.is_error, wrote.content
    team = api / "team.yaml"
    with pytest.raises(UserError) as refused:
        load_settings(web, team)
    message = str(refused.value)
    lines = message.splitlines()  # both keys it may not set (daily42: not the first alone)
    assert lines[0] == "the settings have 2 mistakes:"
    assert lines[1].startswith(f"  {team}:2: 'allow_bash' cannot be set in a config file in {api}")
    assert lines[2].startswith(f"  {team}:3: 'base_url' cannot be set in a config file in {api}")
    assert "where coord ran agents" in message
    team.write_text("domains: {db: x}\nrouter: llm\n", encoding="utf-8")
    settings = load_settings(web, team)
    assert (settings.domains, settings.router, settings.allow_bash) == ({"db": "x"}, "llm", False)


# ---- 4. a link swapped in between a check and an open -----------------------------------


@needs_bwrap
@pytest.mark.parametrize("there", [True, False], ids=["folder", "missing"])
def test_a_session_folder_swapped_for_a_link_after_the_check_is_not_followed(
    tmp_path: Path, monkeypatch: Any, there: bool
) -> None:
    """Two runs share a workspace: the outer run's command swaps ``app/.coordinator`` for a
    link the moment the inner ``coord run -w app`` has checked it (the swap runs when the
    check returns: an event, not a timing). coord then creates nothing where the link
    leads (no database, lock file or .gitignore there) and says why."""
    from coordinator.errors import UserError
    from coordinator.store import schema
    from coordinator.store.db import Store

    ws = tmp_path / "ws"
    app, target = ws / "app", tmp_path / "target"
    (app / ".coordinator").mkdir(parents=True)
    if not there:
        (app / ".coordinator").rmdir()
    target.mkdir()
    made = tool_call(ws, "Bash", {"command": "echo ran"})  # agents ran in ws: .coordinator made
    assert "ran" in made.content
    checked = schema.refuse_planted_links

    def check_then_swap(path: Path) -> None:
        checked(path)  # the check passes: a real folder; then the outer command acts
        if there:
            os.rename(app / ".coordinator", app / "old")
        os.symlink(target, app / ".coordinator")

    monkeypatch.setattr(schema, "refuse_planted_links", check_then_swap)
    with pytest.raises(UserError, match=r"\.coordinator.*(link|changed)"):
        Store.open(app / ".coordinator" / "coordinator.db").close()
    assert list(target.iterdir()) == []


# ---- 5. removing a nested workspace --------------------------------------------------------


@needs_bwrap
def test_removing_a_nested_workspace_says_why_and_shows_nothing_of_its_database(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """``app`` has its own coord sessions (``app/.coordinator``, coord's own). An outer
    run's ``rm -rf app`` / ``mv app old`` cannot remove the hidden mount (no hiding can be
    undone from inside, and moving ``app`` would leave its database unhidden to the next
    run: coord knows its folders by path): the command is told why and what to do, and
    reads nothing of the database."""
    from coordinator.store.db import Store

    ws = tmp_path / "ws"
    app = ws / "app"
    app.mkdir(parents=True)
    (app / "main.py").write_text("x\n")
    Store.open(app / ".coordinator" / "coordinator.db").close()  # app's own sessions
    ran = tool_call(ws, "Bash", {"command": "cat app/.coordinator/*; rm -rf app; mv app old"})
    assert ran.is_error
    assert "SQLite" not in ran.content  # the database was not read
    assert "[app: a workspace nested in this one" in ran.content
    assert "rm -rf app yourself, outside coord" in ran.content
    assert ".coordinator: protected" not in ran.content  # not the misleading general line
    assert (app / ".coordinator" / "coordinator.db").exists()
