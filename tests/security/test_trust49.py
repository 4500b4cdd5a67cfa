"""trust49: what trust48 left open at the trust boundary.

Holes found and closed (each test fails on the session's start code, f3b4b708):

1. Folders a variable of the user's environment moves into the workspace that the user's
   own tools run programs from (``workspace.PROGRAM_VARIABLES``): docker runs
   ``$DOCKER_CONFIG/cli-plugins/docker-NAME`` at the user's next ``docker NAME``, git
   copies ``GIT_TEMPLATE_DIR``'s hooks into each repository ``git init`` or ``git clone``
   makes, cargo runs ``cargo-NAME`` from ``$CARGO_HOME/bin``; and the program a
   kubeconfig's ``exec`` plugin or an AWS config's ``credential_process`` names
   (``KUBECONFIG`` and ``AWS_CONFIG_FILE`` protected the file, not the program it runs).
   An agent's file or command put each there: protected now; in a ``-w ~`` workspace
   ``~/.cargo/config.toml`` and ``~/.claude.json`` too.
2. ``CLAUDE_CONFIG_DIR`` (Claude Code's ``~/.claude``, moved): coord reads none of it (it
   reads ``~/.claude``), but the user's Claude Code does, and runs the hooks and MCP
   servers of its settings as the user: an agent's ``settings.json`` there stayed.
3. A user's hook that runs a shell script running a Python script that imports its
   siblings failed with a bare ``ModuleNotFoundError`` (trust48's ``PYTHONSAFEPATH=1`` is
   inherited): its log note says why and how to opt out now.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest
from hostile import backend, bash, run, sent_results
from kit import needs_bwrap, report

DONE = {"text": report("Complete", "Done")}
#: A program an agent leaves for the user's tools to run.
PROGRAM = "#!/bin/sh\necho ran as the user\n"


def _write(path: str, content: str = PROGRAM) -> dict[str, object]:
    return {"tool_calls": [{"name": "Write", "input": {"file_path": path, "content": content}}]}


# ---- 1. folders the user's tools run programs from --------------------------------------

#: The programs an agent plants, relative to the workspace, each in a folder a variable
#: moved there (the kubeconfig's exec plugin: ``./bin/get-token`` from its folder).
PLANTED = (
    "dock/cli-plugins/docker-compose",
    "tmpl/hooks/post-checkout",
    ".cargo-home/bin/cargo-fmt",
    "kube/bin/get-token",
    "tools/aws-creds",
)
KUBECONFIG = """apiVersion: v1
kind: Config
users:
- name: me
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/get-token
"""


@needs_bwrap
def test_programs_a_variable_moves_into_the_workspace_stay_the_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-w /srv`` with the user's ``DOCKER_CONFIG=/srv/dock``, ``GIT_TEMPLATE_DIR``,
    ``CARGO_HOME``, a ``KUBECONFIG`` whose ``exec`` plugin is ``./bin/get-token`` there
    and an ``AWS_CONFIG_FILE`` whose ``credential_process`` is ``/srv/tools/aws-creds``:
    Write is refused, and what a command puts there does not stay (each ran as the user
    at the next ``docker compose``, ``git clone``, ``cargo fmt``, ``kubectl get``, ``aws
    s3 ls``).
    The crates cargo downloads into its ``CARGO_HOME`` stay the commands' to write."""
    ws = tmp_path / "srv"
    (ws / "kube").mkdir(parents=True)
    (ws / "kube" / "config").write_text(KUBECONFIG, encoding="utf-8")
    monkeypatch.setenv("DOCKER_CONFIG", str(ws / "dock"))
    monkeypatch.setenv("GIT_TEMPLATE_DIR", str(ws / "tmpl"))
    monkeypatch.setenv("CARGO_HOME", str(ws / ".cargo-home"))
    monkeypatch.setenv("KUBECONFIG", str(ws / "kube" / "config"))
    aws = f"[profile ci]\ncredential_process = {ws / 'tools' / 'aws-creds'} --profile ci\n"
    (ws / "aws").mkdir()
    (ws / "aws" / "config").write_text(aws, encoding="utf-8")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(ws / "aws" / "config"))
    made = "; ".join(f"mkdir -p {os.path.dirname(p)} && printf x > {p}" for p in PLANTED)
    crate = "mkdir -p .cargo-home/registry && echo crate > .cargo-home/registry/c"
    turns = [*(_write(p) for p in PLANTED), bash(f"{made}; {crate}; echo done"), DONE]
    provider = run(ws, tmp_path / "home", backend(), turns)
    results = sent_results(provider)
    for rel, result in zip(PLANTED, results, strict=False):
        assert result["is_error"] and rel in str(result["content"]), result
    assert "done" in str(results[-1]["content"]), results[-1]
    assert [p for p in PLANTED if (ws / p).exists()] == []
    assert (ws / ".cargo-home" / "registry" / "c").read_text(encoding="utf-8") == "crate\n"


# ---- 2. Claude Code's folder, moved by CLAUDE_CONFIG_DIR ---------------------------------


@needs_bwrap
def test_claude_codes_moved_folder_keeps_the_users_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``CLAUDE_CONFIG_DIR=/srv/.claude-me`` in a ``-w /srv`` workspace: the user's Claude
    Code reads its settings (hooks, run as the user), agents and MCP servers
    (``.claude.json``) there. Write of its ``settings.json`` is refused, and a command's
    agent file and ``.claude.json`` there do not stay; its notes stay writable."""
    ws = tmp_path / "srv"
    moved = ws / ".claude-me"
    moved.mkdir(parents=True)
    (moved / "settings.json").write_text("{}\n", encoding="utf-8")
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(moved))
    hook = {"type": "command", "command": "sh -c 'echo ran as the user'"}
    settings = json.dumps({"hooks": {"SessionStart": [{"hooks": [hook]}]}})
    servers = '{"mcpServers": {"x": {"command": "sh"}}}'
    plant = (
        f"mkdir -p .claude-me/agents && printf x > .claude-me/agents/helper.md; "
        f"printf '{servers}' > .claude-me/.claude.json; "
        "printf notes > .claude-me/notes.txt; echo done"
    )
    turns = [_write(".claude-me/settings.json", settings), bash(plant), DONE]
    provider = run(ws, tmp_path / "home", backend(), turns)
    results = sent_results(provider)
    assert results[0]["is_error"] and ".claude-me/settings.json" in str(results[0]["content"])
    assert "done" in str(results[1]["content"]), results[1]
    assert (moved / "settings.json").read_text(encoding="utf-8") == "{}\n"
    assert not (moved / "agents").exists() and not (moved / ".claude.json").exists()
    assert (moved / "notes.txt").read_text(encoding="utf-8") == "notes"


# ---- 3. a user's hook whose script's Python imports its siblings -------------------------


def _hook_notes(ws: Path) -> dict[str, tuple[str, str]]:
    """The hook runs a run in ``ws`` logged: (outcome, note) by command."""
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        rows = db.execute("SELECT data FROM events WHERE kind = 'hook' ORDER BY seq")
        return {e["command"]: (e["outcome"], e["note"]) for e in (json.loads(r[0]) for r in rows)}


def test_a_users_hook_whose_scripts_python_cannot_import_says_why(tmp_path: Path) -> None:
    """The user's hook ``sh ~/.claude/hooks/lint.sh`` runs ``python3 check.py`` beside it,
    which imports ``t49rules`` beside it: with ``PYTHONSAFEPATH=1`` (trust48: a Python of
    a user's hook imports no agent's module) the script's folder is not on its path, and
    the hook failed with a bare ``ModuleNotFoundError``. Its note says coord set the
    variable, and how to opt out; a hook that names the script itself imports as before,
    and a hook of the user's that fails otherwise gets no such note."""
    home = Path(os.environ["HOME"])
    hooks = home / ".claude" / "hooks"
    hooks.mkdir(parents=True)
    (hooks / "t49rules.py").write_text("RULES = 1\n", encoding="utf-8")
    (hooks / "check.py").write_text("import t49rules\n", encoding="utf-8")
    (hooks / "lint.sh").write_text(f'{sys.executable} "$(dirname "$0")/check.py"\n')
    (hooks / "fails.sh").write_text(f'{sys.executable} -c "import sys; sys.exit(3)"\n')
    commands = (
        "sh ~/.claude/hooks/lint.sh",
        f"{sys.executable} ~/.claude/hooks/check.py",
        "sh ~/.claude/hooks/fails.sh",
    )
    chosen = [{"type": "command", "command": c} for c in commands]
    settings = {"hooks": {"PostToolUse": [{"matcher": "Write", "hooks": chosen}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    run(ws, home, backend(), [_write("notes.txt", "x"), DONE])
    by_command = _hook_notes(ws)
    outcome, note = by_command[commands[0]]
    assert outcome == "error" and "No module named 't49rules'" in note, note
    assert "PYTHONSAFEPATH=1" in note and "PYTHONSAFEPATH= to opt out" in note, note
    assert by_command[commands[1]][0] == "ok", by_command[commands[1]]
    outcome, note = by_command[commands[2]]
    assert outcome == "error" and "PYTHONSAFEPATH" not in note, note


@needs_bwrap
def test_a_home_workspace_keeps_cargos_settings_and_claude_codes_servers(tmp_path: Path) -> None:
    """``-w ~``: ``~/.cargo/config.toml`` (``build.rustc-wrapper`` runs at the user's next
    ``cargo build``, anywhere) and ``~/.claude.json`` (Claude Code starts its MCP servers
    as the user) were every agent's to write. No tool writes them now, and a command's do
    not stay."""
    home = Path(os.environ["HOME"])
    wrapper = '[build]\nrustc-wrapper = "/tmp/evil"\n'
    servers = '{"mcpServers": {"x": {"command": "/tmp/evil"}}}'
    plant = f"mkdir -p .cargo && printf '{wrapper}' > .cargo/config; "
    plant += f"printf '{servers}' > .claude.json; echo done"
    turns = [_write(".cargo/config.toml", wrapper), _write(".claude.json", servers), bash(plant)]
    provider = run(home, home, backend(), [*turns, DONE])
    results = sent_results(provider)
    for rel, result in zip((".cargo/config.toml", ".claude.json"), results, strict=False):
        assert result["is_error"] and rel in str(result["content"]), result
    assert "done" in str(results[2]["content"]), results[2]
    assert not (home / ".cargo").exists() or not list((home / ".cargo").iterdir())
    assert not (home / ".claude.json").exists()
