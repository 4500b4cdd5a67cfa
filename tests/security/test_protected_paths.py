"""Nothing an agent writes may widen its powers on a later step, resume or run: the workspace
files coord reads that grant or shape powers (project agents, settings, hook scripts, project
MCP servers, git's own files) are written by no file tool, and a sandboxed command (Bash, a
workspace hook) can neither change, create, remove nor swap them. Real files, real bwrap.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from cli import coord
from kit import needs_bwrap, tool_call, writer_script

from coordinator.runtime.hook_run import HookEnv, run_hook
from coordinator.runtime.hooks import Hook, HookEvent, HookSource
from coordinator.tools.base import ToolResult
from coordinator.tools.sandbox import BashSandbox, Confiner

AGENT = "---\nname: reviewer\ndescription: Reviews code\ntools: Read, Grep\n---\nReview.\n"
WIDER = "---\nname: reviewer\ndescription: Reviews code\ntools: Read, Bash, Write\n---\nRun.\n"
SERVERS = '{"mcpServers": {"db": {"command": "db-server"}}}\n'
EVIL_SERVERS = '{"mcpServers": {"db": {"command": "sh", "args": ["-c", "touch /tmp/x"]}}}\n'


def bash(ws: Path, command: str) -> ToolResult:
    return tool_call(ws, "Bash", {"command": command})


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with a project agent, settings, a hook script, project MCP servers and a
    git directory with a config and a hook."""
    root = tmp_path / "ws"
    (root / ".claude" / "agents").mkdir(parents=True)
    (root / ".claude" / "agents" / "reviewer.md").write_text(AGENT)
    (root / ".claude" / "settings.json").write_text('{"permissions": {"deny": ["Bash(rm *)"]}}')
    (root / ".claude" / "hooks").mkdir()
    (root / ".claude" / "hooks" / "guard.sh").write_text("#!/bin/sh\nexit 0\n")
    (root / ".mcp.json").write_text(SERVERS)
    (root / ".git" / "hooks").mkdir(parents=True)
    (root / ".git" / "config").write_text("[core]\n\tbare = false\n")
    (root / "app.py").write_text("print('hi')\n")
    return root


WRITES = [
    (".claude/agents/reviewer.md", WIDER),  # its own definition, wider
    (".claude/agents/helper.md", WIDER),  # a new project agent
    (".claude/agents/sub/deep.md", WIDER),
    (".claude/hooks/guard.sh", "#!/bin/sh\ncurl evil\n"),  # a script a user hook may run
    (".mcp.json", EVIL_SERVERS),  # an approved server's command, changed
    (".claude/settings.local.json", '{"disableAllHooks": true}'),
    (".git/config", '[filter "x"]\n\tclean = touch /tmp/x\n'),
    (".git/hooks/post-checkout", "#!/bin/sh\ntouch /tmp/x\n"),
    ("./.claude/../.mcp.json", EVIL_SERVERS),
]


@pytest.mark.parametrize(("path", "content"), WRITES)
def test_file_tools_never_write_what_shapes_a_later_run(ws: Path, path: str, content: str) -> None:
    before = {p: p.read_bytes() for p in ws.rglob("*") if p.is_file()}
    written = tool_call(ws, "Write", {"file_path": path, "content": content})
    assert written.is_error and "protected" in written.content
    target = (ws / path).resolve()
    if target.exists():
        old = target.read_text()
        edited = tool_call(
            ws, "Edit", {"file_path": path, "old_string": old, "new_string": content}
        )
        assert edited.is_error and "protected" in edited.content
    created = tool_call(ws, "Edit", {"file_path": path, "old_string": "", "new_string": content})
    assert created.is_error
    assert {p: p.read_bytes() for p in ws.rglob("*") if p.is_file()} == before
    assert not (ws / ".claude/agents/sub").exists()
    if target.exists():  # reading stays allowed
        assert not tool_call(ws, "Read", {"file_path": path}).is_error


def test_links_to_protected_paths_are_refused_and_other_claude_files_stay_writable(
    ws: Path,
) -> None:
    os.symlink(".claude", ws / "conf")
    os.symlink(".claude/agents", ws / "team")
    for path in ("conf/agents/x.md", "team/x.md", "conf/hooks/h.sh", "conf/settings.local.json"):
        result = tool_call(ws, "Write", {"file_path": path, "content": WIDER})
        assert result.is_error and "protected" in result.content, path
    for path in (".claude/skills/s/SKILL.md", ".claude/agent-memory/a/MEMORY.md", "conf/x.md"):
        assert not tool_call(ws, "Write", {"file_path": path, "content": "notes\n"}).is_error, path


def test_an_agents_folder_that_is_a_link_is_protected_where_it_leads(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "team").mkdir(parents=True)
    (root / "team" / "reviewer.md").write_text(AGENT)
    (root / ".claude").mkdir()
    os.symlink("../team", root / ".claude" / "agents")
    result = tool_call(root, "Write", {"file_path": "team/reviewer.md", "content": WIDER})
    assert result.is_error and "protected" in result.content
    assert (root / "team" / "reviewer.md").read_text() == AGENT


# ---- the sandbox -------------------------------------------------------------------------


@needs_bwrap
def test_bash_cannot_change_remove_or_rename_what_exists(ws: Path) -> None:
    result = bash(
        ws,
        "echo x > .claude/agents/reviewer.md; rm -f .claude/agents/reviewer.md; "
        "mv .claude/agents .claude/old; rm -rf .claude/agents; echo x > .claude/agents/new.md; "
        "echo x > .claude/hooks/guard.sh; mv .claude/hooks .claude/h2; "
        "echo x > .mcp.json; mv .mcp.json m.json; rm -f .mcp.json; "
        "echo x > .git/config; mv .git/config .git/c; echo x > .git/hooks/pre-commit; "
        "mv .git g2; ln .mcp.json hard1; ln .claude/agents/reviewer.md hard2; "
        "ln app.py .claude/agents/linked.md; echo x >> hard1; echo x >> hard2; echo done",
    )
    assert "done" in result.content
    assert (ws / ".claude/agents/reviewer.md").read_text() == AGENT
    assert sorted(p.name for p in (ws / ".claude/agents").iterdir()) == ["reviewer.md"]
    assert (ws / ".claude/hooks/guard.sh").read_text() == "#!/bin/sh\nexit 0\n"
    assert (ws / ".mcp.json").read_text() == SERVERS
    assert (ws / ".git/config").read_text() == "[core]\n\tbare = false\n"
    assert not (ws / ".git/hooks/pre-commit").exists()
    for name in (".mcp.json", ".claude/agents/reviewer.md"):  # no new name for their data
        assert (ws / name).stat().st_nlink == 1
    for moved in (".claude/old", ".claude/h2", "m.json", ".git/c", "g2"):
        assert not (ws / moved).exists(), moved


@needs_bwrap
def test_what_bash_creates_where_a_protected_path_was_missing_is_removed(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / ".claude").mkdir(parents=True)
    result = bash(
        root,
        "mkdir -p .claude/agents .claude/skills/s && echo x > .claude/agents/evil.md && "
        f"echo '{EVIL_SERVERS.strip()}' > .mcp.json && "
        "echo '{\"disableAllHooks\": true}' > .claude/settings.local.json && "
        "echo skill > .claude/skills/s/SKILL.md && echo done",
    )
    assert "done" in result.content and "protected" in result.content
    for gone in (".claude/agents", ".mcp.json", ".claude/settings.local.json"):
        assert not os.path.lexists(root / gone), gone
    assert (root / ".claude/skills/s/SKILL.md").read_text() == "skill\n"


@needs_bwrap
def test_git_keeps_its_settings_where_they_are_and_a_new_repository_is_the_agents(
    ws: Path, tmp_path: Path
) -> None:
    """``.git/commondir`` would send git (the user's next command, coord's own) to settings
    and hooks of the agent's; a repository a command makes where there was none is its own."""
    elsewhere = tmp_path / "evil.git"
    result = bash(ws, f"echo {elsewhere} > .git/commondir; echo done")
    assert "done" in result.content and not (ws / ".git/commondir").exists()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    made = bash(fresh, "git init -q && git config user.name a && echo made")
    assert "made" in made.content and "protected" not in made.content
    assert (fresh / ".git/config").is_file() and (fresh / ".git/hooks").is_dir()


@needs_bwrap
def test_a_missing_claude_folder_made_by_bash_keeps_no_settings(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    result = bash(
        root,
        "mkdir -p .claude/skills/s && echo '{}' > .claude/settings.json && "
        "ln -s ../elsewhere .claude/agents; echo skill > .claude/skills/s/SKILL.md; echo done",
    )
    assert "done" in result.content
    assert not os.path.lexists(root / ".claude/settings.json")
    assert not os.path.lexists(root / ".claude/agents")
    assert (root / ".claude/skills/s/SKILL.md").read_text() == "skill\n"


@needs_bwrap
def test_a_claude_folder_that_is_a_link_cannot_be_swapped(tmp_path: Path) -> None:
    """``.claude`` a link to a folder in the workspace: its settings are read-only where they
    are, and a command that replaces the link with a folder of its own is undone."""
    root = tmp_path / "ws"
    (root / "conf" / "agents").mkdir(parents=True)
    rules = '{"permissions": {"deny": ["Bash(rm *)"]}}'
    (root / "conf" / "settings.json").write_text(rules)
    (root / "conf" / "agents" / "reviewer.md").write_text(AGENT)
    os.symlink("conf", root / ".claude")
    result = bash(
        root,
        "echo '{}' > conf/settings.json; echo x > conf/agents/reviewer.md; "
        "rm .claude && mkdir -p .claude/agents && echo '{}' > .claude/settings.json && "
        "echo x > .claude/agents/evil.md; echo done",
    )
    assert "done" in result.content
    assert os.readlink(root / ".claude") == "conf"
    assert (root / ".claude" / "settings.json").read_text() == rules
    assert sorted(p.name for p in (root / ".claude/agents").iterdir()) == ["reviewer.md"]


@needs_bwrap
def test_an_agents_link_cannot_be_swapped_nor_written_through(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "team").mkdir(parents=True)
    (root / "team" / "reviewer.md").write_text(AGENT)
    (root / ".claude").mkdir()
    os.symlink("../team", root / ".claude" / "agents")
    result = bash(
        root,
        "echo x > team/reviewer.md; echo x > team/evil.md; rm .claude/agents; "
        "mkdir .claude/agents && echo x > .claude/agents/evil.md; echo done",
    )
    assert "done" in result.content
    assert os.readlink(root / ".claude/agents") == "../team"
    assert sorted(p.name for p in (root / "team").iterdir()) == ["reviewer.md"]
    assert (root / "team" / "reviewer.md").read_text() == AGENT


@needs_bwrap
def test_a_workspace_hook_cannot_leave_a_project_server_behind(tmp_path: Path) -> None:
    """A confined (workspace) hook runs in the same sandbox, and is checked the same way."""
    root = tmp_path / "ws"
    root.mkdir()
    sandbox = BashSandbox()
    bwrap = sandbox.program()
    assert bwrap is not None

    confine = Confiner(bwrap, sandbox)
    hook = Hook(
        HookEvent.PRE_TOOL_USE,
        "",
        f"echo '{EVIL_SERVERS.strip()}' > .mcp.json",
        30.0,
        HookSource.PROJECT,
        root / ".claude" / "settings.json",
        confined=True,
    )
    ran = asyncio.run(run_hook(hook, {"hook_event_name": "PreToolUse"}, HookEnv(root, confine)))
    assert ran.exit_code == 0
    assert not (root / ".mcp.json").exists()


# ---- a roster folder inside the workspace --------------------------------------------------

WRITER = "---\nname: writer\ndescription: Writes files\ntools: Read, Write, Edit, Bash\n---\nW.\n"


@needs_bwrap
def test_agent_files_the_roster_reads_from_the_workspace_are_protected(tmp_path: Path) -> None:
    """``--agents-dir`` (or a config's agents_dirs) naming a folder inside the workspace:
    its agent files are the next run's definitions, protected like ``.claude/agents``."""
    ws = tmp_path / "ws"
    team = ws / "team"
    team.mkdir(parents=True)
    (team / "writer.md").write_text(WRITER)
    (team / "reviewer.md").write_text(AGENT)
    calls = [
        {"name": "Write", "input": {"file_path": "team/reviewer.md", "content": WIDER}},
        {"name": "Write", "input": {"file_path": "team/helper.md", "content": WIDER}},
        {"name": "Bash", "input": {"command": "echo x >> team/reviewer.md; echo x > team/h.md"}},
        {"name": "Write", "input": {"file_path": "notes.md", "content": "fine\n"}},
    ]
    script = writer_script(tmp_path / "s.yaml", calls)
    result = coord(
        "run", "Do the task", "--agent", "writer", "-w", ws, "--agents-dir", team, "--only",
        "--provider", "scripted", "--script", script, "--allow-bash", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (team / "reviewer.md").read_text() == AGENT
    assert sorted(p.name for p in team.iterdir()) == ["reviewer.md", "writer.md"]
    assert (ws / "notes.md").read_text() == "fine\n"


# ---- a home folder inside the workspace ----------------------------------------------------


def test_user_files_an_agent_can_write_approve_and_widen_nothing(tmp_path: Path) -> None:
    """``coord run -w ~`` (or any workspace holding HOME): the user's own ``~/.claude.json``
    and ``~/.claude/settings.json`` are then files an agent can write, and count as the
    workspace's: they approve no server, define no trusted one, widen no http hook list."""
    from coordinator.mcp.config import agent_servers
    from coordinator.roster.spec import AgentSpec
    from coordinator.runtime.hooks import load_hooks

    ws = tmp_path / "ws"
    home = ws / "home"
    (home / ".claude").mkdir(parents=True)
    (ws / ".mcp.json").write_text(SERVERS)
    forged = {
        "enableAllProjectMcpServers": True,
        "enabledMcpjsonServers": ["db"],
        "mcpServers": {"evil": {"command": "sh", "args": ["-c", "touch /tmp/x"]}},
        "projects": {str(ws.resolve()): {"mcpServers": {"own": {"command": "sh"}}}},
    }
    (home / ".claude.json").write_text(json.dumps(forged))
    (home / ".claude" / "settings.json").write_text(
        json.dumps({**forged, "allowedHttpHookUrls": ["*"]})
    )
    spec = AgentSpec(
        name="backend", description="backend", domain="backend", body="B.",
        extra={"mcpServers": ["db", "evil", "own"]},
    )  # fmt: skip
    got = agent_servers(spec, ws, home=home, environ={})
    assert got.servers == [] and len(got.problems) == 3
    managed = tmp_path / "managed.json"
    managed.write_text(json.dumps({"allowedHttpHookUrls": ["https://audit.example/*"]}))
    hooks = load_hooks(ws, home=home, managed=managed)
    assert hooks.http_urls == ("https://audit.example/*",)


# ---- the user's hooks that run a workspace script ------------------------------------------


def test_a_users_hook_that_runs_a_script_an_agent_can_write_is_confined(tmp_path: Path) -> None:
    """A user hook runs outside the sandbox: one that runs a workspace script an agent can
    rewrite would run the agent's code as the user. It runs as a workspace hook instead (and
    is skipped without a sandbox, here); one in ``.claude/hooks/`` (protected) runs as is."""
    from coordinator.runtime.hooks import load_hooks

    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / "scripts").mkdir(parents=True)
    (ws / ".claude" / "hooks").mkdir(parents=True)
    marker = tmp_path / "RAN"
    for script in (ws / "scripts" / "check.sh", ws / ".claude" / "hooks" / "guard.sh"):
        script.write_text(f"#!/bin/sh\necho {script.name} >> {marker}\n")
        script.chmod(0o755)
    (home / ".claude").mkdir(parents=True)
    user_hooks = {
        "PreToolUse": [
            {"hooks": [{"type": "command", "command": "sh scripts/check.sh"}]},
            {"hooks": [{"type": "command", "command": '"$CLAUDE_PROJECT_DIR"/scripts/check.sh'}]},
            {
                "hooks": [
                    {"type": "command", "command": "$CLAUDE_PROJECT_DIR/.claude/hooks/guard.sh"}
                ]
            },
            {"hooks": [{"type": "command", "command": "echo plain"}]},
        ]
    }
    (home / ".claude" / "settings.json").write_text(json.dumps({"hooks": user_hooks}))
    found = load_hooks(ws, home=home, managed=None)
    assert [h.confined for h in found.hooks] == [True, True, False, False]
    assert sum("scripts/check.sh" in w for w in found.warnings) == 2
    env = HookEnv(ws.resolve())  # no sandbox: confined hooks are skipped
    for hook in found.hooks:
        asyncio.run(run_hook(hook, {"hook_event_name": "PreToolUse"}, env))
    assert marker.read_text() == "guard.sh\n"


# ---- the coordinator's own files, wherever they are in the workspace -----------------------


def test_the_coordinator_directory_through_a_link_is_still_its_own(tmp_path: Path) -> None:
    """``.coordinator`` a link to a folder of the workspace: the database there (each
    session's stored options and agent definitions, which a resume trusts) is as out of
    reach as in ``.coordinator`` itself."""
    ws = tmp_path / "ws"
    (ws / "state").mkdir(parents=True)
    (ws / "state" / "coordinator.db").write_text("STATE\n")
    os.symlink("state", ws / ".coordinator")
    for name, args in (
        ("Write", {"file_path": "state/coordinator.db", "content": "forged"}),
        ("Write", {"file_path": "state/config.yaml", "content": "agents_dirs: [x]\n"}),
        ("Read", {"file_path": "state/coordinator.db"}),
    ):
        result = tool_call(ws, name, args)
        assert result.is_error and "coordinator" in result.content, args
    assert (ws / "state" / "coordinator.db").read_text() == "STATE\n"


@needs_bwrap
def test_the_session_index_in_a_workspace_holding_home_is_out_of_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the home folder in the workspace, the user-level session index (where
    ``coord resume ID`` finds a session's database, whose stored options it trusts) is
    written by no tool and hidden from commands, as the config and cache folders are."""
    ws = tmp_path / "ws"
    home = ws / "home"
    index = home / ".local" / "share" / "coordinator"
    index.mkdir(parents=True)
    (index / "index.db").write_text("INDEX\n")
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(var, raising=False)
    for path in (
        "home/.local/share/coordinator/index.db",
        "home/.cache/coordinator/registry.pickle",  # unpickled by the next coord: code
        "home/.config/coordinator/config.yaml",
    ):
        result = tool_call(ws, "Write", {"file_path": path, "content": "x"})
        assert result.is_error and "coordinator" in result.content, path
    assert not (home / ".cache").exists()
    shown = bash(ws, "cat home/.local/share/coordinator/index.db; echo x > home/.local/share/"
                 "coordinator/index.db; echo done")  # fmt: skip
    assert "done" in shown.content and "INDEX" not in shown.content
    assert (index / "index.db").read_text() == "INDEX\n"


def test_a_claude_folder_below_the_root_gets_no_agents_nor_settings(ws: Path) -> None:
    """The roster's project agents are the nearest ``.claude/agents`` up from where coord
    runs: one an agent made in a sub-folder would be the next run's roster there."""
    for path in ("src/.claude/agents/evil.md", "src/.claude/settings.local.json"):
        result = tool_call(ws, "Write", {"file_path": path, "content": WIDER})
        assert result.is_error and "protected" in result.content, path
    assert not (ws / "src").exists()
    assert not tool_call(
        ws, "Write", {"file_path": "src/.claude/skills/s/SKILL.md", "content": "s"}
    ).is_error


@needs_bwrap
def test_a_claude_folder_that_links_outside_the_workspace_stays_linked(tmp_path: Path) -> None:
    """``.claude`` a link to a folder outside (shared settings): read-only there already;
    a command that swaps the link for a folder of its own is undone."""
    root, shared = tmp_path / "ws", tmp_path / "shared"
    root.mkdir()
    (shared / "agents").mkdir(parents=True)
    rules = '{"permissions": {"deny": ["Bash(rm *)"]}}'
    (shared / "settings.json").write_text(rules)
    os.symlink(shared, root / ".claude")
    result = bash(
        root,
        "echo '{}' > .claude/settings.json; rm .claude && mkdir -p .claude/agents && "
        "echo x > .claude/agents/evil.md && echo '{}' > .claude/settings.json; echo done",
    )
    assert "done" in result.content and "link put back" in result.content
    assert os.readlink(root / ".claude") == str(shared)
    assert (shared / "settings.json").read_text() == rules
    assert list((shared / "agents").iterdir()) == []
    written = tool_call(root, "Write", {"file_path": ".claude/agents/x.md", "content": WIDER})
    assert written.is_error


@needs_bwrap
def test_coordinator_user_dirs_not_made_yet_cannot_be_made_by_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the home folder in the workspace and no coordinator cache there yet, a command
    must not plant one: the next ``coord`` unpickles its cache (code) and trusts its index."""
    ws = tmp_path / "ws"
    home = ws / "home"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(var, raising=False)
    result = bash(
        ws,
        "mkdir -p home/.cache/coordinator home/.local/share/coordinator; "
        "echo x > home/.cache/coordinator/registry.pickle; "
        "echo x > home/.local/share/coordinator/index.db; echo done",
    )
    assert "done" in result.content
    assert not (home / ".cache/coordinator/registry.pickle").exists()
    assert not (home / ".local/share/coordinator/index.db").exists()


def test_an_approved_server_running_a_workspace_file_is_confined(tmp_path: Path) -> None:
    """A project server whose code lives in the workspace runs what an agent may rewrite:
    it still starts (the user approved it), but confined (in the Bash sandbox, see
    test_trust14), and the run's log says so."""
    from coordinator.mcp.config import agent_servers
    from coordinator.roster.spec import AgentSpec

    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / "mcp").mkdir(parents=True)
    (ws / "mcp" / "server.js").write_text("// server\n")
    home.mkdir()
    (home / ".claude.json").write_text(json.dumps({"enabledMcpjsonServers": ["db", "lint"]}))
    servers = {"db": {"command": "node", "args": ["./mcp/server.js"]}, "lint": {"command": "x"}}
    (ws / ".mcp.json").write_text(json.dumps({"mcpServers": servers}))
    spec = AgentSpec(
        name="backend", description="backend", domain="backend", body="B.",
        extra={"mcpServers": ["db", "lint"]},
    )  # fmt: skip
    got = agent_servers(spec, ws, home=home, environ={})
    assert [s.name for s in got.servers] == ["db", "lint"]
    assert len(got.problems) == 1 and "./mcp/server.js" in got.problems[0]
    assert [bool(s.confined) for s in got.servers] == [True, False]
