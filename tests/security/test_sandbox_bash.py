"""Bash in the real bubblewrap sandbox: no secrets, no writes outside the workspace, no
network, no coordinator files, no process outliving its call or ``coord``.

Skips where bwrap is not installed (CI installs it: ``.ci/run``).
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from kit import report, wait_for_event, write_script

from coordinator.tools.base import ToolContext, ToolResult
from coordinator.tools.sandbox import BashSandbox
from coordinator.tools.toolset import build_toolset

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")

TOOLS = build_toolset(None)
SECRETS = {
    "ANTHROPIC_API_KEY": "sk-ant-api03-CANARY1-xyz",
    "DATABASE_URL": "postgres://app:CANARY2@db.internal/app",
    "PGPASSWORD": "CANARY3",
    "MY_SERVICE_AUTH": "CANARY4",
}
PROBES = "cat /proc/$PPID/environ; cat /proc/1/environ; cat /proc/*/environ; env; set"


def bash(ws: Path, command: str, **ctx: Any) -> ToolResult:
    context = ToolContext(root=ws, allow_bash=True, **ctx)
    return asyncio.run(TOOLS.execute("Bash", {"command": command}, context))


def processes_with(token: str) -> list[int]:
    """Host pids of ``sleep TOKEN`` processes."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if cmdline == b"sleep\0" + token.encode() + b"\0":
            found.append(int(entry.name))
    return found


#: A safety net only: the waits below end as soon as what they wait for is true, so a loaded
#: machine never makes a passing test fail; a broken one fails after this long.
NET_S = 120.0


def wait_until_gone(token: str) -> list[int]:
    """Poll until no process carries ``token`` (or the safety net); those left."""
    deadline = time.monotonic() + NET_S
    while (left := processes_with(token)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return left


def unique_sleep() -> str:
    """A sleep duration no other process on the machine uses: ``sleep 600.<random>``."""
    return f"600.{random.randrange(10**8, 10**9)}"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    root = tmp_path / "ws"
    (root / ".coordinator").mkdir(parents=True)
    (root / ".coordinator" / "coordinator.db").write_text("STATE-MARK\n")
    (root / "app.py").write_text("print('hi')\n")
    return root


def test_no_secret_from_the_coordinator_environment_reaches_a_command(ws: Path) -> None:
    result = bash(ws, PROBES)
    assert "PATH=" in result.content  # the probes ran
    for value in SECRETS.values():
        assert value not in result.content
    assert "CANARY" not in result.content


def test_a_variable_the_user_names_is_passed(ws: Path) -> None:
    named = BashSandbox(env_names=("PGPASSWORD",))
    result = bash(ws, "echo pg=$PGPASSWORD key=$ANTHROPIC_API_KEY", sandbox=named)
    assert result.content.strip() == "pg=CANARY3 key="


def test_only_the_workspace_is_writable(ws: Path, tmp_path: Path) -> None:
    probe = f"coord-probe-{random.randrange(10**9)}"
    result = bash(
        ws,
        f"touch /etc/{probe}; touch {tmp_path}/{probe}; touch /usr/{probe}; "
        f"mount -o remount,rw / ; mount -o remount,rw,bind / ; touch /etc/{probe}; "
        f"echo made > inside.txt; echo done",
    )
    assert "done" in result.content
    assert (ws / "inside.txt").read_text() == "made\n"
    for where in (Path("/etc"), tmp_path, Path("/usr")):
        assert not (where / probe).exists()


def test_the_coordinator_directory_is_empty_and_read_only(ws: Path) -> None:
    result = bash(
        ws,
        "ls -A .coordinator; cat .coordinator/coordinator.db; "
        "echo 'allow_bash: true' > .coordinator/config.yaml; rm -rf .coordinator; "
        "mv .coordinator moved; echo done",
    )
    assert "STATE-MARK" not in result.content and "done" in result.content
    assert (ws / ".coordinator" / "coordinator.db").read_text() == "STATE-MARK\n"
    assert not (ws / ".coordinator" / "config.yaml").exists()
    assert not (ws / "moved").exists()


def test_the_workspace_settings_cannot_be_rewritten_from_bash(ws: Path) -> None:
    """The project's deny rules and hooks bind later sessions: a command can neither write
    them nor move ``.claude`` away to put other settings in its place; the rest of
    ``.claude`` stays the agent's to edit."""
    claude = ws / ".claude"
    claude.mkdir()
    rules = '{"permissions": {"deny": ["Bash(rm *)"]}}\n'
    for name in ("settings.json", "settings.local.json"):
        (claude / name).write_text(rules)
    result = bash(
        ws,
        "echo '{}' > .claude/settings.json; rm -f .claude/settings.local.json; "
        "mv .claude/settings.json .claude/old.json; mv .claude moved; rm -rf .claude; "
        "echo note > .claude/agents.md; echo done",
    )
    assert "done" in result.content
    for name in ("settings.json", "settings.local.json"):
        assert (claude / name).read_text() == rules
    assert not (ws / "moved").exists() and not (claude / "old.json").exists()
    assert (claude / "agents.md").read_text() == "note\n"


def test_home_and_the_coordinator_user_dirs_are_hidden(ws: Path) -> None:
    home = Path(os.environ["HOME"])
    (home / ".config" / "coordinator").mkdir(parents=True, exist_ok=True)
    (home / ".config" / "coordinator" / "config.yaml").write_text("HOME-MARK\n")
    (home / ".netrc").write_text("machine x password HOME-MARK\n")
    result = bash(ws, "ls -A ~; cat ~/.netrc ~/.config/coordinator/config.yaml; echo done")
    assert "HOME-MARK" not in result.content and "done" in result.content


def test_coordinator_user_dirs_inside_the_workspace_are_hidden(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = ws / "home"
    cache = ws / "xdg-cache"
    for folder in (home / ".config" / "coordinator", cache / "coordinator"):
        folder.mkdir(parents=True)
        (folder / "state").write_text("USER-DIR-MARK\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    result = bash(
        ws,
        "cat home/.config/coordinator/state xdg-cache/coordinator/state; "
        "echo x > home/.config/coordinator/state; echo x > xdg-cache/coordinator/state; "
        "echo mine > home/notes.txt; echo done",
    )
    assert "USER-DIR-MARK" not in result.content and "done" in result.content
    assert (home / ".config" / "coordinator" / "state").read_text() == "USER-DIR-MARK\n"
    assert (cache / "coordinator" / "state").read_text() == "USER-DIR-MARK\n"
    assert (home / "notes.txt").read_text() == "mine\n"  # the rest of the workspace is fine


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    yield server
    server.close()


def test_the_network_is_off_unless_the_user_opts_in(ws: Path, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    command = f"(exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null && echo CONNECTED || echo NO"
    assert bash(ws, command).content.strip() == "NO"
    with pytest.raises(BlockingIOError):
        listener.accept()  # nothing ever arrived
    opted_in = BashSandbox(network=True)
    assert bash(ws, command, sandbox=opted_in).content.strip() == "CONNECTED"


def test_background_processes_die_when_the_command_returns(ws: Path) -> None:
    token = unique_sleep()
    result = bash(ws, f"sleep {token} & setsid sleep {token} & echo started")
    assert result.content.strip() == "started"
    assert wait_until_gone(token) == []


def test_background_processes_die_at_the_timeout(ws: Path) -> None:
    token = unique_sleep()
    context = ToolContext(root=ws, allow_bash=True)
    args = {"command": f"setsid sleep {token} & sleep {token}", "timeout": 300}
    result = asyncio.run(TOOLS.execute("Bash", args, context))
    assert result.is_error and "timed out" in result.content
    assert wait_until_gone(token) == []


def test_a_missing_bwrap_is_a_tool_error_with_the_install_hint(ws: Path) -> None:
    missing = BashSandbox(bwrap=str(ws / "no-such-bwrap"))
    result = bash(ws, "touch ran", sandbox=missing)
    assert result.is_error and "apt-get install bubblewrap" in result.content
    assert not (ws / "ran").exists()


# --- through the real CLI -----------------------------------------------------------------


def bash_agent(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend work\ndomain: backend\n"
        "tools: Bash, Read\n---\nYou are the backend specialist.\n"
    )
    return folder


def tool(command: str) -> dict[str, Any]:
    return {"tool_calls": [{"name": "Bash", "input": {"command": command}}]}


def run_args(ws: Path, agents: Path, script: Path, *extra: str) -> list[str | Path]:
    return [
        "run", "Run the checks", "--agent", "backend", "--workspace", ws, "--agents-dir",
        agents, "--only", "--provider", "scripted", "--script", script, *extra,
    ]  # fmt: skip


def test_the_key_is_found_nowhere_after_env_probes_through_the_cli(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    agents = bash_agent(tmp_path / "agents")
    turns = [
        tool(PROBES),
        tool("env > env-dump.txt; cat /proc/$PPID/environ > ppid-environ.txt; echo saved"),
        {"text": report("Complete", "Checked", files="env-dump.txt")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    done = coord(*run_args(ws, agents, script, "--allow-bash"), env=SECRETS)
    assert done.returncode == 0, done.stderr
    assert "PATH=" in (ws / "env-dump.txt").read_text()  # the probes really ran
    haystacks = {"stdout": done.stdout.encode(), "stderr": done.stderr.encode()}
    for path in ws.rglob("*"):
        if path.is_file():
            haystacks[str(path)] = path.read_bytes()
    assert any(name.endswith("coordinator.db") for name in haystacks)
    found = {
        where: secret
        for where, data in haystacks.items()
        for secret in SECRETS.values()
        if secret.encode() in data
    }
    assert found == {}


def test_allow_bash_without_bwrap_is_refused_in_one_line(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    agents = bash_agent(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [tool("echo ran > ran.txt")]})
    empty = tmp_path / "empty-path"
    empty.mkdir()
    refused = coord(*run_args(ws, agents, script, "--allow-bash"), env={"PATH": str(empty)})
    assert refused.returncode == 4
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "bubblewrap" in lines[0] and "--unsandboxed-bash" in lines[0]
    assert "Traceback" not in refused.stderr
    assert not (ws / "ran.txt").exists()
    turns = [tool("echo ran $SHOWN $PGPASSWORD > ran.txt"), {"text": report("Complete")}]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    opted_out = coord(
        *run_args(ws, agents, script, "--allow-bash", "--unsandboxed-bash", "--bash-env", "SHOWN"),
        env={"PATH": str(empty), "SHOWN": "named", "PGPASSWORD": "CANARY3"},
    )
    assert opted_out.returncode == 0, opted_out.stderr
    assert (ws / "ran.txt").read_text() == "ran named\n"  # still an allow-listed environment


def test_a_bwrap_that_cannot_sandbox_here_is_refused_in_one_line(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    agents = bash_agent(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [tool("echo ran > ran.txt")]})
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "bwrap").write_text(
        "#!/bin/sh\necho 'bwrap: No permissions to create a new namespace' >&2\nexit 1\n"
    )
    (fake / "bwrap").chmod(0o755)
    path = f"{fake}:{os.environ['PATH']}"
    refused = coord(*run_args(ws, agents, script, "--allow-bash"), env={"PATH": path})
    assert refused.returncode == 4
    assert refused.stderr.strip().splitlines() == [
        "error: bubblewrap ("
        + str(fake / "bwrap")
        + ") cannot create a sandbox here: bwrap: No permissions to create a new namespace; "
        "fix that, or pass --unsandboxed-bash to run commands without a sandbox"
    ]
    assert not (ws / "ran.txt").exists()


def test_killing_coord_kills_everything_its_command_started(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    agents = bash_agent(tmp_path / "agents")
    token = unique_sleep()
    command = f"setsid sleep {token} & sleep {token} & echo up > up.txt; wait"
    script = write_script(tmp_path / "s.yaml", {"backend": [tool(command)]})
    proc = spawn(*run_args(ws, agents, script, "--allow-bash"))
    try:
        wait_for_event(ws / ".coordinator" / "coordinator.db", "kind = 'tool_call'", proc)
        deadline = time.monotonic() + NET_S  # until both have exec'd sleep
        while len(processes_with(token)) < 2 and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.02)
        assert len(processes_with(token)) == 2
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)
    assert wait_until_gone(token) == []
