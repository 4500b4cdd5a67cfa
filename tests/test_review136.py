"""What review136 found in daily112 and audit112, as a privacy-minded auditor and a script
author would meet it.

1. Who asked (``routed.person``) and who answered (``resumed.person`` without ``--as``) were
   the git identity the workspace's repository carries: an agent's command may ``git init``
   a workspace that had no repository and set ``user.name`` there (the protected-path guard
   leaves a git directory a command made alone), so the next session's audit trail named
   whoever the agent chose. Now only the user's own (global, system) identity is read.
2. ``coord sessions -w DIR`` lists none, exit 0, when DIR's own database is not made yet;
   it did so too when ``COORD_DB`` or a config file's ``db:`` named a file that does not
   exist (a typo there hid every session, exit 0). That stays an error, as ``--db``'s is.
3. Guard: every command's positional arguments are named right in a NUL's message
   (:class:`~coordinator.errors.CommandShape` read from the real typer tree).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import click
import pytest
import typer
from cli import coord
from kit import report, workspace, write_script

from coordinator.cli.app import _shape, app
from coordinator.errors import nul_argument

AGENT = "---\nname: ops\ndescription: Runs commands.\ntools: Bash\n---\nYou run commands.\n"
OWN = "Ada Lovelace <ada@example.org>"
#: What an agent's command writes: a repository of its own, with an identity of its choice.
FORGE = (
    "git init -q . && git config user.name 'Grace Hopper' "
    "&& git config user.email grace@example.org"
)


def _own_identity() -> None:
    """The user's own git identity, in the test's HOME (``~/.gitconfig``)."""
    for key, value in (("user.name", "Ada Lovelace"), ("user.email", "ada@example.org")):
        subprocess.run(["git", "config", "--global", key, value], check=True)


def _routed_person(session: str, db: Path) -> Any:
    data = json.loads(coord("log", session, "--db", db, "--json").stdout)
    (routed,) = [e for e in data["events"] if e["kind"] == "routed"]
    return routed["person"]


def test_an_identity_an_agent_wrote_in_the_workspace_is_not_who_asked(tmp_path: Path) -> None:
    ws = workspace(tmp_path)  # no repository
    _own_identity()
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(AGENT, encoding="utf-8")
    call = {"name": "Bash", "input": {"command": FORGE}}
    script = write_script(
        tmp_path / "s.yaml", {"ops": [{"tool_calls": [call]}, {"text": report("Complete")}]}
    )
    db = tmp_path / "s.db"
    common = (
        "--agent",
        "ops",
        "--agents-dir",
        agents,
        "--script",
        script,
        "-w",
        ws,
        "--allow-bash",
    )
    first = coord("run", "set up", *common, "--db", db, "--json")
    assert first.returncode == 0, first.stdout + first.stderr
    made = subprocess.run(
        ["git", "-C", str(ws), "config", "--local", "user.name"], capture_output=True, text=True
    )
    assert made.stdout.strip() == "Grace Hopper"  # the agent's command did write it
    second = coord("run", "again", *common, "--db", db, "--json")
    assert second.returncode == 0, second.stdout + second.stderr
    assert (
        _routed_person(json.loads(second.stdout)["session"], db) == OWN
    )  # not "Grace Hopper <grace@example.org>"


def test_an_answer_without_as_is_the_users_own_identity_not_the_repositorys(
    tmp_path: Path,
) -> None:
    from coordinator.runtime.answerer import answering_person

    ws = tmp_path / "ws"
    ws.mkdir()
    _own_identity()
    subprocess.run(["git", "init", "-q", str(ws)], check=True)
    subprocess.run(["git", "-C", str(ws), "config", "user.name", "Grace Hopper"], check=True)
    subprocess.run(["git", "-C", str(ws), "config", "user.email", "g@x"], check=True)
    assert answering_person(ws) == OWN
    # an include inside the workspace (a global file the workspace holds) is no better
    inside = ws / "identity.cfg"
    inside.write_text("[user]\n\tname = Grace Hopper\n", encoding="utf-8")
    subprocess.run(["git", "config", "--global", "include.path", str(inside)], check=True)
    assert answering_person(ws) == OWN


@pytest.mark.parametrize(
    "args", [("sessions",), ("sessions", "--json"), ("stats",)], ids=["list", "json", "stats"]
)
def test_a_configured_database_that_is_missing_stays_an_error_with_w(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    typo = tmp_path / "typo.db"
    ran = coord(*args, "-w", fresh, env={"COORD_DB": str(typo)})
    assert ran.returncode == 4, ran.stdout + ran.stderr
    assert f"no session database at {typo}" in ran.stderr
    here = coord(*args, "--here", cwd=fresh, env={"COORD_DB": str(typo)})
    assert here.returncode == 4, here.stdout + here.stderr
    assert coord(*args, "-w", fresh).returncode == 0  # its own, not made yet: none (daily112)


def _commands(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    if not hasattr(command, "list_commands"):  # (typer's own click: no click.Group)
        return [(path, command)]
    ctx = click.Context(command)
    found: list[tuple[list[str], Any]] = []
    for name in command.list_commands(ctx):
        sub = command.get_command(ctx, name)
        assert sub is not None
        found += _commands(sub, [*path, name])
    return found


def test_guard_every_commands_arguments_are_named_in_a_nul_message() -> None:
    """Guard (passes on 6b54b6f4; fails before daily112, where an argument after a flag
    was "the value of" the flag): for every command of the real typer tree, a NUL in its
    Nth argument, alone, after a flag, and after an option and its value, names it."""
    root = typer.main.get_command(app)
    ctx = click.Context(root)
    wrong, checked = [], 0
    for path, command in _commands(root, []):
        arguments = [p.name or "" for p in command.params if p.param_type_name == "argument"]
        options = [p for p in command.params if p.param_type_name == "option"]
        flags = [o for p in options if p.is_flag or p.count for o in p.opts]
        valued = [o for p in options if not (p.is_flag or p.count) for o in p.opts]
        for at, name in enumerate(arguments):
            before = ["x"] * at
            for extra in ([], flags[:1], [*valued[:1], "v"] if valued else []):
                words = [*path, *before, *extra, "a\x00b"]
                said = nul_argument(words, lambda w=words: _shape(root, ctx, w))
                checked += 1
                if said is None or f"(the {name.replace('_', ' ')})" not in said.message:
                    wrong.append((words, said and said.message))
    assert not wrong, wrong
    assert checked > 20


def test_run_and_batch_json_name_the_fix_as_sessions_json_does(tmp_path: Path) -> None:
    """``coord sessions --json`` and ``log --json`` give a 404's fix as ``fix``; ``coord
    run --json`` and a batch item had it only inside ``hint``, after it the resume line:
    a script had to cut it out. Now their error object has ``fix`` too, the same text."""
    from fake_messages_server import FakeMessagesServer, error
    from test_daily112 import KEY, _nope_workspace

    ws, _ = _nope_workspace(tmp_path)
    (tmp_path / "b.yaml").write_text("- request: Fix nope\n  agent: nope-expert\n")
    env = {"ANTHROPIC_API_KEY": KEY}
    with FakeMessagesServer(strict=True) as server:
        server.reply(error(404, "not_found_error", "model: claude-nope-9"))
        base = ("--base-url", server.base_url, "-w", ws, "--json")
        ran = json.loads(coord("run", "Fix nope", "--agent", "nope-expert", *base, env=env).stdout)
    with FakeMessagesServer(strict=True) as server:
        server.reply(error(404, "not_found_error", "model: claude-nope-9"))
        base = ("--base-url", server.base_url, "-w", ws, "--json")
        batch = json.loads(coord("run", "--batch", tmp_path / "b.yaml", *base, env=env).stdout)
    listed = json.loads(coord("sessions", "-w", ws, "--json").stdout)
    fixes = {s["session"]: s["fix"] for s in listed}
    assert ran["status"] == "interrupted" and ran["fix"] == fixes[ran["session"]]
    assert ran["fix"] and ran["hint"].startswith(ran["fix"])
    (item,) = batch["items"]
    assert item["fix"] == fixes[item["session"]] and item["fix"]
