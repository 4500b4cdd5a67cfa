"""daily46: the second day, a developer's own project (and what daily45 left)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cli import coord
from kit import git_init, report, write_agent, write_script

from coordinator.errors import EXIT_USER_ERROR, UserError
from coordinator.store.time_words import since_epoch

# ---- --since as people type it ----------------------------------------------------------

_NOW = datetime(2026, 12, 5, 14, 30).timestamp()
_MIDNIGHT = datetime(2026, 12, 5).timestamp()


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("1 week", _NOW - 7 * 86400),
        ("2 days", _NOW - 2 * 86400),
        ("3 hours ago", _NOW - 3 * 3600),
        ("30 min", _NOW - 1800),
        ("1 Week", _NOW - 7 * 86400),
        ("today", _MIDNIGHT),
        ("yesterday", (datetime(2026, 12, 5) - timedelta(days=1)).timestamp()),
    ],
)
def test_since_reads_what_people_type(text: str, at: float) -> None:
    """``--since 1 week`` (quoted), ``--since yesterday`` were refused: only 1w and a date."""
    assert since_epoch(text, _NOW) == pytest.approx(at)


def test_a_span_the_parser_cannot_read_names_every_form() -> None:
    with pytest.raises(UserError, match="cannot read the time '1 fortnight'") as caught:
        since_epoch("1 fortnight", _NOW)
    assert "yesterday" in (caught.value.hint or "") and "'1 week'" in (caught.value.hint or "")


@pytest.mark.parametrize("command", [("sessions",), ("stats",)])
def test_an_unquoted_span_says_to_quote_it(command: tuple[str, ...], tmp_path: Path) -> None:
    """``coord sessions --since 1 week``: the shell split the span, and click said "No such
    command 'week'" (``stats``: "Got unexpected extra argument(s) (week)") and nothing more."""
    ran = coord(*command, "--since", "1", "week", cwd=tmp_path, env={"HOME": str(tmp_path)})
    assert ran.returncode == EXIT_USER_ERROR
    assert "--since '1 week'" in ran.stderr and "1w" in ran.stderr


def test_sessions_since_yesterday_is_accepted(tmp_path: Path) -> None:
    ran = coord("sessions", "--since", "yesterday", cwd=tmp_path, env={"HOME": str(tmp_path)})
    assert ran.returncode == 0, ran.stderr
    assert "cannot read" not in ran.stderr


# ---- a script with no turns for the agent the request went to ----------------------------


def test_a_script_lacking_the_routed_agent_says_how_to_fix_it(tmp_path: Path) -> None:
    """The request went to ``db`` and the script has turns for ``api`` alone: the session
    failed with "no turns for agent 'db' (it scripts: api)" and no word of what to do."""
    agents = tmp_path / "agents"
    write_agent(agents, "api", 'Endpoints.\nTRIGGERS:\n- Keywords: "endpoint"')
    write_agent(agents, "db", 'Schema.\nTRIGGERS:\n- Keywords: "index", "table"')
    script = write_script(tmp_path / "s.yaml", {"api": [{"text": report("Complete")}]})
    ws = tmp_path / "ws"
    ws.mkdir()
    ran = coord(
        "run", "Add an index to the users table", "--agents-dir", agents, "--only",
        "--script", script, "--workspace", ws,
    )  # fmt: skip
    assert ran.returncode == 4  # bad input, before any session (review146; it was 1)
    said = " ".join((ran.stdout + ran.stderr).split())
    assert "no turns for agent 'db' (it scripts: api)" in said
    assert "`db:`" in said and "--agent api" in said


# ---- a Bash call of a session run without --allow-bash ------------------------------------


def test_bash_off_is_told_to_the_person_once_a_run(tmp_path: Path) -> None:
    """The agent's Bash calls were refused ("Bash is disabled": the model was told) while
    the progress and the tree showed ordinary calls: now one warning a run, in both; the
    tree of this complete session says what applies (a new run with ``--allow-bash``: no
    resume continues it; daily81)."""
    agents = tmp_path / "agents"
    write_agent(agents, "worker")
    bash = {"name": "Bash", "input": {"command": "pytest -q"}}
    turns = [{"tool_calls": [bash]}, {"tool_calls": [bash]}, {"text": report("Complete")}]
    script = write_script(tmp_path / "s.yaml", {"worker": turns})
    ws = tmp_path / "ws"
    ws.mkdir()
    ran = coord(
        "run", "Run the tests", "--agent", "worker", "--agents-dir", agents, "--only",
        "--script", script, "--workspace", ws,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    session = ran.stdout.split()[1]
    told = [line for line in ran.stderr.splitlines() if "Bash is off" in line]
    assert len(told) == 1 and "no --allow-bash" in told[0]
    log = " ".join(coord("log", session, "--workspace", ws).stdout.replace("│ ", "").split())
    assert log.count("Bash was off") == 1
    assert "run the request again with `coord run --allow-bash`" in log
    assert "coord resume" not in log


# ---- an agent naming an MCP tool of a server it does not list -----------------------------


def _mcp_agent(folder: Path, servers: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "api-dev.md").write_text(
        "---\nname: api-dev\ndescription: Endpoints.\n"
        f"tools: Read, Bash, mcp__echo__echo, mcp__echo__shout\n{servers}---\nBody.\n",
        encoding="utf-8",
    )
    return folder


def test_an_mcp_tool_of_an_unlisted_server_is_warned_of(tmp_path: Path) -> None:
    """``tools: ..., mcp__echo__echo`` with the server in the project's ``.mcp.json`` but no
    ``mcpServers`` in the file: the run said "no tool named 'mcp__echo__echo'" and
    ``coord agents validate`` said nothing at all."""
    agents = _mcp_agent(tmp_path / "agents", "")
    ran = coord("agents", "validate", agents, env={"COLUMNS": "200"})
    said = " ".join(ran.stdout.split())
    assert said.count("MCP server 'echo'") == 1  # one line a server, not a tool
    assert "this file's mcpServers" in said and "`mcpServers: [echo]`" in said
    listed = _mcp_agent(tmp_path / "listed", "mcpServers: [echo]\n")
    assert "this file's mcpServers" not in coord("agents", "validate", listed).stdout


# ---- coord config names the project's Claude Code files ---------------------------------


def test_config_lists_the_projects_claude_code_files(tmp_path: Path) -> None:
    """``coord config`` listed the user's Claude Code settings, skills and MCP file, but not
    the project's own (the hooks, skills and ``.mcp.json`` a developer just wrote): which of
    them coord reads, and whether it found them, was nowhere."""
    ws = tmp_path / "proj"
    (ws / ".claude" / "skills").mkdir(parents=True)
    (ws / ".claude" / "settings.json").write_text("{}", encoding="utf-8")
    (ws / ".mcp.json").write_text('{"mcpServers": {}}', encoding="utf-8")
    (ws / "CLAUDE.md").write_text("# Tasks app\n", encoding="utf-8")
    ran = coord("config", "--json", "--workspace", ws, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    paths = {p["what"]: p for p in json.loads(ran.stdout)["paths"]}
    want = {
        "claude instructions (project)": (ws / "CLAUDE.md", True),
        "claude settings (project)": (ws / ".claude" / "settings.json", True),
        "claude settings (local)": (ws / ".claude" / "settings.local.json", False),
        "claude skills (project)": (ws / ".claude" / "skills", True),
        "mcp servers (project)": (ws / ".mcp.json", True),
    }
    for what, (path, exists) in want.items():
        assert Path(paths[what]["path"]) == path.resolve() or Path(paths[what]["path"]) == path
        assert paths[what]["exists"] is exists


# ---- workspace hooks without --allow-bash: skipped, not "active" --------------------------


def test_workspace_hooks_without_allow_bash_are_not_counted_active(tmp_path: Path) -> None:
    """``hooks: 2 active`` was printed over two project hooks that never ran (workspace hooks
    run only with --allow-bash): the count and each line now say they are skipped."""
    ws = tmp_path / "proj"
    (ws / ".claude").mkdir(parents=True)
    hook = {"hooks": [{"type": "command", "command": "exit 0"}]}
    settings = {"hooks": {"UserPromptSubmit": [hook], "PostToolUse": [hook]}}
    (ws / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    agents = tmp_path / "agents"
    write_agent(agents, "worker")
    script = write_script(tmp_path / "s.yaml", {"worker": [{"text": report("Complete")}]})
    base = ("run", "Tidy", "--agent", "worker", "--agents-dir", agents, "--only", "--script")
    ran = coord(*base, script, "--workspace", ws)
    assert ran.returncode == 0, ran.stderr
    assert "hooks: 0 of 2 active" in ran.stderr and "hooks: 2 active" not in ran.stderr
    assert ran.stderr.count("  skipped: ") == 2


# ---- an agent renamed in its file ---------------------------------------------------------


def test_an_agent_renamed_in_its_file_is_named_by_its_old_file(tmp_path: Path) -> None:
    """web-dev.md's ``name:`` edited to frontend-dev between runs: ``coord agents show
    web-dev`` said "unknown agent: web-dev / Did you mean: db-dev, api-dev, frontend-dev?"."""
    agents = tmp_path / "agents"
    for name in ("api-dev", "db-dev"):
        write_agent(agents, name)
    (agents / "web-dev.md").write_text(
        "---\nname: frontend-dev\ndescription: React pages.\n---\nBody.\n", encoding="utf-8"
    )
    ran = coord("agents", "show", "web-dev", "--agents-dir", agents, "--only")
    assert ran.returncode == EXIT_USER_ERROR
    said = " ".join(ran.stderr.split())
    assert "web-dev.md names the agent frontend-dev" in said and "Use frontend-dev" in said


# ---- a worktree run's files while it waits --------------------------------------------------


def _worktree_project(tmp_path: Path, settings: object = None) -> tuple[Path, Path]:
    """A git project (with ``settings`` as its .claude/settings.json) and a folder holding
    web-dev, an ``isolation: worktree`` agent."""
    ws = tmp_path / "proj"
    (ws / ".claude").mkdir(parents=True)
    (ws / ".gitignore").write_text(".coordinator/\n", encoding="utf-8")
    if settings is not None:
        (ws / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    git_init(ws)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "web-dev.md").write_text(
        "---\nname: web-dev\ndescription: React pages.\nisolation: worktree\n---\nBody.\n",
        encoding="utf-8",
    )
    return ws, agents


def test_a_waiting_worktree_runs_files_are_said_to_be_on_its_branch(tmp_path: Path) -> None:
    """An ``isolation: worktree`` agent wrote web/src/Users.jsx and blocked: the tree and the
    end said "Files changed: web/src/Users.jsx" while the workspace had no such file (it was
    on the run's branch until the run ended and merged back)."""
    ws, agents = _worktree_project(tmp_path)
    write = {"name": "Write", "input": {"file_path": "web/src/Users.jsx", "content": "x\n"}}
    ask = report("Blocked", domain="Product", blocker="No order", required="Sort by what?")
    script = write_script(
        tmp_path / "s.yaml", {"web-dev": [{"tool_calls": [write]}, {"text": ask}]}
    )
    base = ("--agent", "web-dev", "--agents-dir", agents, "--only", "--workspace", ws)
    ran = coord("run", "Add a users page", *base, "--script", script, cwd=ws)
    assert ran.returncode == 3, ran.stderr
    assert not (ws / "web/src/Users.jsx").exists()
    said = " ".join(ran.stdout.split())
    session = ran.stdout.split()[1]
    branch = f"coord/{session}/1"
    assert f"Files changed on branch {branch} (merged back when the run ends):" in said
    assert f"files changed on branch {branch}" in " ".join(
        coord("log", session, cwd=ws).stdout.split()
    )


def test_a_project_hook_skipped_in_a_worktree_run_says_why_as_in_the_workspace(
    tmp_path: Path,
) -> None:
    """The project's PostToolUse hook (``echo edited >> .claude/edits.log``), skipped in a
    worktree run without --allow-bash, said "your hook runs workspace code an agent can
    rewrite": a user-level hook's reason, where the workspace's own is that workspace hooks
    run only with --allow-bash."""
    hook = {"matcher": "Write", "hooks": [{"type": "command", "command": "echo edited"}]}
    ws, agents = _worktree_project(tmp_path, {"hooks": {"PostToolUse": [hook]}})
    write = {"name": "Write", "input": {"file_path": "web/a.jsx", "content": "x\n"}}
    turns = [{"tool_calls": [write]}, {"text": report("Complete")}]
    script = write_script(tmp_path / "s.yaml", {"web-dev": turns})
    base = ("--agent", "web-dev", "--agents-dir", agents, "--only", "--workspace", ws)
    ran = coord("run", "Add a page", *base, "--script", script, cwd=ws)
    assert ran.returncode == 0, ran.stderr
    said = " ".join(ran.stderr.split())
    assert "PostToolUse[Write] skipped (project): workspace hooks run only with" in said
    assert "your hook runs workspace code" not in said


# ---- coord log's resume line is one line ---------------------------------------------------


def test_logs_answer_line_is_one_line_to_copy_however_long_the_db_path(tmp_path: Path) -> None:
    """``coord log ID --db LONG/PATH`` of a waiting session at 80 columns wrapped its
    ``Answer with: coord resume ID --db ... --context "..."`` over two lines: copied as
    shown, the command broke at the wrap."""
    agents = tmp_path / "agents"
    write_agent(agents, "worker")
    ask = report("Blocked", domain="Product", blocker="No order", required="Sort by what?")
    script = write_script(tmp_path / "s.yaml", {"worker": [{"text": ask}]})
    db = tmp_path / ("a-rather-long-folder-name-for-the-store" * 2) / "chains.db"
    db.parent.mkdir()
    ws = tmp_path / "ws"
    ws.mkdir()
    base = ("--agent", "worker", "--agents-dir", agents, "--only", "--db", db, "-w", ws)
    ran = coord("run", "Sort the list", *base, "--script", script, cwd=tmp_path)
    assert ran.returncode == 3, ran.stderr
    session = ran.stdout.split()[1]
    log = coord("log", session, "--db", db, env={"COLUMNS": "80"}, cwd=tmp_path).stdout
    (line,) = [ln for ln in log.splitlines() if ln.startswith("Answer with:")]
    assert line.endswith('--context "..."') and str(db) in line
