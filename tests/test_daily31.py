"""daily31: rough edges a demanding daily user of ``coord`` met, each checked where the user
meets it (the command's output and exit code, what is left on disk)."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import zygote
from cli import coord
from kit import app_repo, write_agents, writer_script

from coordinator.errors import UserError

TESTS = Path(__file__).resolve().parent
DOCS = TESTS.parent / "docs"
repo = app_repo  # the fixture: a git repository holding app.py, on main


# ---- litter in the temporary directory --------------------------------------------------


def _dead_socket_folder(base: Path, name: str) -> Path:
    """A zygote's folder as a killed one leaves it: a socket file nobody listens on."""
    folder = base / name
    folder.mkdir()
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as gone:
        gone.bind(str(folder / "sock"))
    os.utime(folder, (0, 0))
    return folder


def test_a_killed_zygotes_folder_is_swept_by_the_next_start_and_a_live_one_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = _dead_socket_folder(tmp_path, "coord-zygote-stale")
    young = tmp_path / "coord-zygote-young"  # a launcher between its mkdtemp and its bind
    young.mkdir()
    live = tmp_path / "coord-zygote-live"
    live.mkdir()
    other = _dead_socket_folder(tmp_path, "not-a-zygote")
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as listener:
        listener.bind(str(live / "sock"))
        listener.listen(1)
        os.utime(live, (0, 0))
        server = zygote._Server(light=True)
        try:
            if server.address() is None:
                pytest.skip("no zygote on this platform (fork, pidfd, send_fds)")
            assert Path(server.folder).is_dir()
        finally:
            server.stop()
    assert not stale.exists()
    assert young.is_dir() and live.is_dir() and other.is_dir()
    assert not Path(server.folder).exists()


_KILLED_LAUNCHER = """
import os, sys
sys.path.insert(0, sys.argv[1])
import zygote
server = zygote._Server(light=True)
if server.address() is None:
    print("none", flush=True)
else:
    print(server.folder, server.proc.pid, flush=True)
os.kill(os.getpid(), 9)
"""


def test_a_zygote_whose_launcher_is_killed_removes_its_socket_folder(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    env.pop("COORD_TESTS_ZYGOTE", None)
    proc = subprocess.run(
        [sys.executable, "-c", _KILLED_LAUNCHER, str(TESTS)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == -9, proc.stderr
    if proc.stdout.strip() == "none":
        pytest.skip("no zygote on this platform (fork, pidfd, send_fds)")
    folder, pid = proc.stdout.split()
    assert folder.startswith(str(tmp_path))
    try:
        pidfd = os.pidfd_open(int(pid))
    except ProcessLookupError:
        pass  # already gone
    else:
        select.select([pidfd], [], [], 120)  # the server sees its stdin close, and ends
        os.close(pidfd)
    assert not Path(folder).exists()
    assert list(tmp_path.iterdir()) == []


def test_a_kept_demo_names_the_folder_to_remove_and_removing_it_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    kept = coord("demo", "--keep")
    assert kept.returncode == 0, kept.stderr
    [folder] = tmp_path.iterdir()
    assert f"Remove {folder} when done." in kept.stdout.splitlines()
    assert (folder / "taskboard" / "app").is_dir()  # the project keeps its name inside it


# ---- coord demo --keep --workspace DIR ----------------------------------------------------


def test_keep_with_a_workspace_keeps_it_as_the_help_and_docs_say(tmp_path: Path) -> None:
    ws = tmp_path / "d"
    for flags in (("--keep", "--workspace", ws), ("--workspace", tmp_path / "e")):
        ran = coord("demo", *flags)
        assert ran.returncode == 0, ran.stderr
        assert f"The sample project is in {flags[-1]}" in ran.stdout
        assert "Remove " not in ran.stdout  # the user's own folder: theirs to keep
        assert (Path(flags[-1]) / ".coordinator" / "coordinator.db").is_file()
    help_text = " ".join(coord("demo", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "--workspace folder is always kept" in help_text
    commands = (DOCS / "commands.md").read_text().splitlines()
    synopsis = [x for x in commands if x.startswith("coord demo [")]
    assert synopsis == [
        "coord demo [--workspace DIR] [--keep] [--offline] [--json]   # live with ANTHROPIC_API_KEY"
    ]


# ---- a worktree write of what the last commit holds is no change ----------------------------


def test_a_worktree_write_of_the_committed_content_is_not_a_changed_file(repo: Path) -> None:
    agents = repo.parent / "agents"
    agents.mkdir()
    (agents / "writer.md").write_text(
        "---\nname: writer\ndescription: Writes python files.\nisolation: worktree\n---\nB.\n"
    )
    script = writer_script(repo.parent / "s.yaml", [
        {"name": "Write", "input": {"file_path": "app.py", "content": "a = 1\n"}},  # as committed
        {"name": "Write", "input": {"file_path": "new.py", "content": "b = 2\n"}},
    ])  # fmt: skip
    flags = ("--agents-dir", agents, "--only", "--script", script, "--workspace", repo)
    ran = coord("run", "write python files", *flags)
    assert ran.returncode == 0, ran.stderr
    assert "Files changed: new.py" in ran.stdout.splitlines()
    again = coord("run", "write python files", *flags, "--json")  # both as main holds them now
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["files"] == []


# ---- coord agents list on an empty roster -----------------------------------------------------


@pytest.mark.parametrize("json_flag", [(), ("--json",)], ids=["text", "json"])
def test_an_empty_roster_is_one_error_naming_the_folders_searched(
    tmp_path: Path, json_flag: tuple[str, ...]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for command in (("agents", "list"), ("route", "hello")):
        ran = coord(*command, "--agents-dir", empty, "--only", *json_flag)
        assert ran.returncode == 4, (command, ran.stdout)
        first = ran.stderr.splitlines()[0]
        assert first == f"error: no agents: the roster is empty (searched: {empty}/)"


# ---- coord agents new: the core makes the file, the command only asks and prints ------------


def test_create_agent_writes_checks_and_tells_how_to_try_the_new_agent(tmp_path: Path) -> None:
    from coordinator.roster.scaffold import create_agent, split_words

    triggers = split_words(" stripe, ,refunds ")
    assert triggers == ["stripe", "refunds"]  # a blank answer between commas is no trigger
    created = create_agent(
        tmp_path / "mine", tmp_path, "payments-expert", "Payments", triggers,
        requests=["Add a refund endpoint"], not_for=["UI pages=web-expert"], model="haiku",
    )  # fmt: skip
    assert created.path == tmp_path / "mine" / "payments-expert.md"
    text = created.path.read_text()
    assert "model: haiku" in text and "web-expert" in text and "Add a refund endpoint" in text
    assert created.try_it() == (
        f"Try it: coord route stripe --agents-dir {tmp_path / 'mine'}"
        f"   ·   coord agents show payments-expert --agents-dir {tmp_path / 'mine'}"
    )
    with pytest.raises(UserError, match="must be TOPIC=AGENT"):
        create_agent(None, tmp_path, "other", "Payments", triggers, requests=[],
                     not_for=["no target"], model="sonnet")  # fmt: skip
    assert not (tmp_path / ".claude").exists()  # refused before anything was written


# ---- Claude Code settings coord does not read: one clear warning each -------------------------


def test_settings_coord_does_not_read_are_each_warned_once_with_what_it_does_instead(
    tmp_path: Path,
) -> None:
    from coordinator.runtime.permission_files import load_permissions

    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / ".claude").mkdir(parents=True)
    (home / ".claude").mkdir(parents=True)
    (home / ".claude" / "settings.json").write_text(json.dumps({"apiKeyHelper": "~/key.sh"}))
    project = ws / ".claude" / "settings.json"
    project.write_text(json.dumps({
        "env": {"DATABASE_URL": "postgres://x"}, "model": "opus", "statusLine": {"type": "x"},
        "permissions": {"additionalDirectories": ["../lib"], "deny": ["Bash(rm:*)"]},
    }))  # fmt: skip
    warnings = load_permissions(ws, home=home, managed=None).warnings
    assert warnings == [
        f"{home / '.claude' / 'settings.json'}: apiKeyHelper is not read by coord: the key is "
        "ANTHROPIC_API_KEY",
        f"{project}: model is not read by coord: the model is --model, the agent's model: or "
        "default_model in coord's config",
        f"{project}: permissions.additionalDirectories is not read by coord: the tools reach "
        "the workspace only",
        f"{project}: env is not read from a file agents can write (it lies in the workspace): "
        "set the variables in ~/.claude/settings.json or coord's environment",  # (review115)
    ]  # statusLine: the interactive program's alone, nothing a run could do
    (ws / ".claude" / "settings.json").write_text(json.dumps({"env": {}, "statusLine": {}}))
    assert load_permissions(ws, home=tmp_path / "nobody", managed=None).warnings == []


def test_an_mcp_servers_fields_coord_does_not_read_are_named_and_it_still_starts(
    tmp_path: Path,
) -> None:
    from coordinator.mcp.config import agent_servers
    from coordinator.roster.spec import AgentSpec

    ws, home = tmp_path / "ws", tmp_path / "home"
    ws.mkdir()
    home.mkdir()
    servers = {
        "api": {"type": "http", "url": "https://mcp.example.com/mcp",
                "headersHelper": "~/bin/token.sh", "oauth": {"clientId": "x"}},
        "plain": {"command": "srv", "args": ["--stdio"], "env": {"A": "1"}},
    }  # fmt: skip
    (home / ".claude.json").write_text(json.dumps({"mcpServers": servers}))
    spec = AgentSpec(name="a", description="d", body="b", extra={"mcpServers": ["api", "plain"]})
    got = agent_servers(spec, ws, home=home, environ={})
    assert [s.name for s in got.servers] == ["api", "plain"]
    assert got.problems == [
        f"server 'api' in {home / '.claude.json'}: field oauth not read by coord "
        "(started without them)"  # (headersHelper: read since compat100)
    ]


# ---- docs/configuration.md: its example names every setting coord config shows -------------


def test_the_configuration_example_names_every_setting_and_loads() -> None:
    import dataclasses

    import yaml

    from coordinator.config import Settings, validated

    section = (DOCS / "configuration.md").read_text().split("# Configuration\n", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    data = yaml.safe_load(block)
    names = [f.name for f in dataclasses.fields(Settings)]
    assert [n for n in names if n not in data and n not in block] == []
    validated(data)  # every value the example shows is one coord takes


# ---- many machines: a submitting machine needs no key of its own ------------------------------


def test_a_machine_without_a_key_queues_sessions_for_the_workers(
    tmp_path: Path, pg_fresh: str
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    agents = write_agents(tmp_path / "team", "backend")
    assert "ANTHROPIC_API_KEY" not in os.environ  # (the workers have theirs)
    flags = ("--workspace", ws, "--agents-dir", agents, "--only", "--db", pg_fresh)
    queued = coord("run", "Add a login endpoint", "--agent", "backend", *flags, "--detach")
    assert queued.returncode == 0, queued.stderr
    batch = tmp_path / "b.yaml"
    batch.write_text("- Add a signup endpoint\n")
    both = coord("run", "--batch", batch, "--agent", "backend", *flags, "--detach", "--json")
    assert both.returncode == 0, both.stderr
    [item] = json.loads(both.stdout)
    assert item["queued"] is True
    listed = json.loads(coord("sessions", "--db", pg_fresh, "--json").stdout)
    assert sorted(x["status"] for x in listed) == ["running", "running"]
    here = coord("run", "Add a login endpoint", "--agent", "backend", *flags)
    assert here.returncode == 4  # driven here: the key is this machine's
    assert here.stderr.splitlines()[0] == "error: no ANTHROPIC_API_KEY is set"


# ---- a database URL coord cannot use is refused, not taken for a file ------------------------


@pytest.mark.parametrize(
    ("args", "env", "source"),
    [
        (("--db", "sqlite:///team.db"), {}, "--db"),
        (
            (),
            {"COORD_DB": "mysql://admin:hunter2@db.internal/coord"},
            "COORD_DB: invalid setting 'db'",
        ),
    ],
    ids=["flag", "environment"],
)
def test_a_database_url_of_another_kind_is_one_error_not_a_file_with_no_sessions(
    tmp_path: Path, args: tuple[str, ...], env: dict[str, str], source: str
) -> None:
    ran = coord("sessions", *args, env=env, cwd=tmp_path)
    assert ran.returncode == 4, ran.stdout  # it said "no sessions" (exit 0): a file sqlite:/…
    scheme = "sqlite" if args else "mysql"
    assert ran.stderr.startswith(f"error: {source}: a {scheme}:// URL is not a store coord can use")
    assert "hunter2" not in ran.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_misspelt_hook_event_is_named_with_the_one_meant(tmp_path: Path) -> None:
    from coordinator.runtime.hooks import HookSource, parse_hooks

    entry = [{"hooks": [{"type": "command", "command": "true"}]}]
    path = tmp_path / "settings.json"
    value = {"PreToolUsee": entry, "posttooluse": entry, "SessionStrat": entry, "Bogus": entry}
    hooks, problems = parse_hooks(value, HookSource.PROJECT, path, confined=False)
    assert hooks == []
    assert problems == [
        f"{path}: unknown hook event 'PreToolUsee' (ignored); did you mean PreToolUse?",
        f"{path}: unknown hook event 'posttooluse' (ignored); did you mean PostToolUse?",
        f"{path}: unknown hook event 'SessionStrat' (ignored); did you mean SessionStart?",
        f"{path}: unknown hook event 'Bogus' (ignored)",
    ]
