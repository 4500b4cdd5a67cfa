"""compat76: ``sandbox.filesystem.denyRead``/``denyWrite`` and the ``Read(…)``/``Edit(…)``
deny rules reach Bash.

Before, the sandbox keys were one warning each ("coord's sandbox decides what it shows") and
a ``Read(./.env)`` rule kept ``.env`` from the file tools only: ``cat .env`` in Bash printed
it. Claude Code merges Read and Edit deny rules into its sandbox's ``denyRead``/``denyWrite``
(settings reference); now coord's bubblewrap sandbox hides a denied-read path and shows a
denied-write one read-only, in every command, links and ``..`` resolved.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from kit import report
from test_compat69_managed import Run

from coordinator.config import Settings
from coordinator.runtime.bash_denies import BashDenies
from coordinator.runtime.extras import UNSANDBOXED_DENIES
from coordinator.runtime.permission_files import load_permissions
from coordinator.tools import denied
from coordinator.tools.base import ToolContext, ToolResult
from coordinator.tools.sandbox import BashSandbox
from coordinator.tools.toolset import build_toolset

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
TOOLS = build_toolset(None)


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def folder(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace with a secret, an allowed file and a config folder; a home folder."""
    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / "config").mkdir(parents=True)
    (ws / "sub").mkdir()
    (ws / ".env").write_text("TOKEN=hunter2\n", encoding="utf-8")
    (ws / "README.md").write_text("# hello\n", encoding="utf-8")
    (ws / "config/app.yml").write_text("port: 1\n", encoding="utf-8")
    (home / ".claude").mkdir(parents=True)
    return ws, home


async def bash(ws: Path, home: Path, command: str, readable: tuple[Path, ...] = ()) -> ToolResult:
    """``command`` run by the Bash tool under the settings of ``ws`` and ``home``."""
    rules = load_permissions(ws, home=home, managed=None)
    sandbox = BashSandbox(denied=BashDenies.of(rules), readable=readable)
    ctx = ToolContext(root=ws, allow_bash=True, sandbox=sandbox)
    return await TOOLS.execute("Bash", {"command": command}, ctx)


async def test_a_read_deny_rule_keeps_the_file_from_bash(tmp_path: Path) -> None:
    """``Read(./.env)``: ``cat .env`` printed the token; now it fails, and so do ``..``, a
    link made to it, a hard link made before, ``mv`` and a copy; the allowed file reads."""
    ws, home = folder(tmp_path)
    (ws / "hard").hardlink_to(ws / ".env")
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(./.env)"]}})
    for command in (
        "cat .env",
        "cat sub/../.env",
        f"cat {ws}/sub/../.env",
        "ln -s .env l && cat l",
        "cat hard",
        "cp .env copy; cat copy",
        "mv .env moved; cat moved",
    ):
        result = await bash(ws, home, command)
        assert "hunter2" not in result.content, (command, result.content)
        assert result.is_error, (command, result.content)
    fine = await bash(ws, home, "cat README.md")
    assert fine.content == "# hello\n" and not fine.is_error
    assert (ws / ".env").read_text(encoding="utf-8") == "TOKEN=hunter2\n"


async def test_a_deny_folder_cannot_be_moved_from_under_its_rule(tmp_path: Path) -> None:
    """``Read(./sub/.env)``: renaming ``sub`` would take the file away from the rule's path
    for the next command; the folder is a mount point, it stays."""
    ws, home = folder(tmp_path)
    (ws / "sub/.env").write_text("TOKEN=hunter2\n", encoding="utf-8")
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(./sub/.env)"]}})
    moved = await bash(ws, home, "mv sub s2; cat s2/.env sub/.env")
    assert "hunter2" not in moved.content and moved.is_error
    assert (ws / "sub/.env").is_file() and not (ws / "s2").exists()


@pytest.mark.parametrize(
    "settings",
    [
        {"sandbox": {"filesystem": {"denyWrite": ["./config"]}}},
        {"sandbox": {"filesystem": {"denyWrite": ["config/"]}}},
        {"permissions": {"deny": ["Edit(./config/**)"]}},
    ],
)
async def test_a_write_deny_makes_a_folder_read_only_to_bash(
    tmp_path: Path, settings: dict[str, Any]
) -> None:
    """``denyWrite`` (a project file's path is the project's) and an ``Edit`` deny rule: a
    command can neither change, add, remove nor rename what the folder holds; it still reads
    it, and writes elsewhere."""
    ws, home = folder(tmp_path)
    write(ws / ".claude/settings.json", settings)
    for command in (
        "echo 'port: 2' > config/app.yml",
        "touch config/new.yml",
        "rm config/app.yml",
        "mv config elsewhere",
        "cd config && sed -i s/1/3/ app.yml",
    ):
        result = await bash(ws, home, command)
        assert result.is_error, (command, result.content)
    assert (ws / "config/app.yml").read_text(encoding="utf-8") == "port: 1\n"
    assert sorted(p.name for p in (ws / "config").iterdir()) == ["app.yml"]
    done = await bash(ws, home, "cat config/app.yml && echo hi > notes.txt")
    assert not done.is_error and done.content == "port: 1\n"
    assert (ws / "notes.txt").read_text(encoding="utf-8") == "hi\n"


async def test_a_pattern_is_matched_again_before_each_command(tmp_path: Path) -> None:
    """``Read(./.env.*)`` and ``denyRead: ["**/*.pem"]`` (the user's file: from
    ``~/.claude``, so ``//`` it is): a file made by one command that matches is hidden from
    the next; a name rule (``Read(*.key)``) at any depth."""
    ws, home = folder(tmp_path)
    write(
        ws / ".claude/settings.json", {"permissions": {"deny": ["Read(./.env.*)", "Read(*.key)"]}}
    )
    write(
        home / ".claude/settings.json",
        {"sandbox": {"filesystem": {"denyRead": [f"{ws}/**/*.pem"]}}},
    )
    made = await bash(
        ws, home, "echo s1 > .env.local; mkdir -p a/b; echo s2 > a/b/x.key; echo s3 > a/c.pem"
    )
    assert not made.is_error, made.content
    for name, secret in ((".env.local", "s1"), ("a/b/x.key", "s2"), ("a/c.pem", "s3")):
        result = await bash(ws, home, f"cat {name}")
        assert result.is_error and secret not in result.content, result.content
    listed = await bash(ws, home, "cat README.md; ls a/b")
    assert listed.content.startswith("# hello\nx.key"), listed.content


async def test_a_deny_in_a_bash_read_folder_is_hidden_there(tmp_path: Path) -> None:
    """A ``bash_read`` folder is shown read-only: an absolute ``denyRead`` in it (``//``)
    hides that file there, the rest still reads."""
    ws, home = folder(tmp_path)
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "key").write_text("hunter2\n", encoding="utf-8")
    (tools / "ok").write_text("fine\n", encoding="utf-8")
    write(
        home / ".claude/settings.json", {"sandbox": {"filesystem": {"denyRead": [f"/{tools}/key"]}}}
    )
    result = await bash(ws, home, f"cat {tools}/ok; cat {tools}/key", readable=(tools,))
    assert result.content.startswith("fine\n") and "hunter2" not in result.content


async def test_a_deny_holding_the_workspace_refuses_the_command(tmp_path: Path) -> None:
    """A ``denyRead`` of the workspace (``.``) or a folder holding it: commands run in it,
    so none runs, one line naming the rule."""
    ws, home = folder(tmp_path)
    user = write(
        home / ".claude/settings.json", {"sandbox": {"filesystem": {"denyRead": [str(tmp_path)]}}}
    )
    result = await bash(ws, home, "echo ran > ran.txt")
    assert result.is_error and not (ws / "ran.txt").exists()
    assert f"(sandbox.filesystem.denyRead, {user}) makes {tmp_path} unreadable" in result.content


async def test_the_user_s_allow_read_keeps_a_deny_holding_the_workspace_from_it(
    tmp_path: Path,
) -> None:
    """``denyRead: ["~/"]`` with ``allowRead: ["."]`` (Claude Code's way of "this project
    only"): the sandbox hides all of that folder already (``/tmp`` here, the home folder
    there) but the workspace, which the user's ``allowRead`` reads again: commands run. A
    workspace file's ``allowRead`` re-opens nothing (it only narrows): refused."""
    ws, home = folder(tmp_path)
    write(ws / ".claude/settings.json", {"sandbox": {"filesystem": {"allowRead": ["."]}}})
    user = {"sandbox": {"filesystem": {"denyRead": [str(tmp_path)]}}}
    write(home / ".claude/settings.json", user)
    refused = await bash(ws, home, "cat README.md")
    assert refused.is_error and "holds the workspace" in refused.content
    user["sandbox"]["filesystem"]["allowRead"] = [str(ws)]
    write(home / ".claude/settings.json", user)
    ran = await bash(ws, home, "cat README.md; cat .env")
    assert ran.content == "# hello\nTOKEN=hunter2\n", ran.content


async def test_a_pattern_past_the_walk_bound_refuses_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pattern is looked for over at most MAX_WALK entries: past it the deny could not
    be applied, and the command does not run (it never runs with a deny that fails)."""
    ws, home = folder(tmp_path)
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(*.key)"]}})
    monkeypatch.setattr(denied, "MAX_WALK", 3)
    result = await bash(ws, home, "echo ran > ran.txt")
    assert result.is_error and not (ws / "ran.txt").exists()
    assert "Read(*.key) (permissions.deny" in result.content
    assert "more than 3 entries" in result.content


def test_deny_paths_are_honoured_not_warned(tmp_path: Path) -> None:
    """``denyRead``/``denyWrite`` said "not honoured by coord"; now they are, and only an
    entry that is no path is one warning (``allowWrite``/``allowRead`` still warned)."""
    ws, home = folder(tmp_path)
    user = write(
        home / ".claude/settings.json",
        {
            "sandbox": {
                "filesystem": {
                    "denyRead": ["~/.aws", 3],
                    "denyWrite": "./out",
                    "allowRead": ["."],
                }
            }
        },
    )
    rules = load_permissions(ws, home=home, managed=None)
    assert rules.warnings == [
        f"{user}: sandbox.filesystem.allowRead is not honoured by coord: commands read the"
        " workspace and the system's folders (bash_read in coord's config adds one); it only"
        " keeps a denyRead holding the workspace from hiding it",
        f"{user}: sandbox.filesystem.denyRead: 3 is no path: skipped",
        f"{user}: sandbox.filesystem.denyWrite must be a list of paths: ignored",
    ], rules.warnings
    assert [d.pattern for d in rules.path_denies] == ["~/.aws"]


async def test_a_session_s_bash_holds_the_deny(tmp_path: Path) -> None:
    """Through a session (``coord run --allow-bash``): the agent denied ``Read(./.env)``
    reads it with neither Read nor ``cat``."""
    read = {"name": "Read", "input": {"file_path": ".env"}}
    cat = {"name": "Bash", "input": {"command": "cat .env"}}
    r = Run(tmp_path, {"backend": [{"tool_calls": [read, cat]}, {"text": report("Complete")}]})
    r.settings = Settings(allow_bash=True)
    r.agent_with(tools=["Read", "Bash"])
    (r.ws / ".env").write_text("TOKEN=hunter2\n", encoding="utf-8")
    write(r.ws / ".claude/settings.json", {"permissions": {"deny": ["Read(./.env)"]}})
    result = await r.start("Show the token")
    assert result.status == "complete", result.reason
    calls = r.store.all_tool_calls(result.session_id)
    assert [(c.name, c.is_error) for c in calls] == [("Read", True), ("Bash", True)]
    assert not any("hunter2" in (c.result or "") for c in calls), calls
    assert "Permission denied" in str(calls[1].result), calls[1].result


def test_unsandboxed_bash_says_the_denies_do_not_reach_commands(tmp_path: Path) -> None:
    """``--unsandboxed-bash`` runs commands on the host: a deny cannot hold there, and the
    run's notice says so (was: nothing said)."""
    r = Run(tmp_path, {})
    write(r.ws / ".claude/settings.json", {"permissions": {"deny": ["Read(./.env)"]}})
    r.settings = Settings(allow_bash=True, unsandboxed_bash=True)
    notice = r.extras().notice(r.registry, r.settings)
    assert f"warning: {UNSANDBOXED_DENIES}" in notice, notice
    r.settings = Settings(allow_bash=True)
    assert f"warning: {UNSANDBOXED_DENIES}" not in r.extras().notice(r.registry, r.settings)


async def test_a_confined_hook_under_a_deny_that_cannot_apply_does_not_run(
    tmp_path: Path,
) -> None:
    """A workspace hook runs in the Bash sandbox: under a deny holding the workspace it
    does not run, an error of the hook (the session goes on), not a crash."""
    readme = {"name": "Read", "input": {"file_path": "README.md"}}
    r = Run(tmp_path, {"backend": [{"tool_calls": [readme]}, {"text": report("Complete")}]})
    r.settings = Settings(allow_bash=True)
    hook = {"type": "command", "command": "echo ran > hook.txt"}
    write(
        r.ws / ".claude/settings.json",
        {"hooks": {"PreToolUse": [{"matcher": "Read", "hooks": [hook]}]}},
    )
    write(r.home / ".claude/settings.json", {"sandbox": {"filesystem": {"denyRead": [str(r.ws)]}}})
    result = await r.start("Read the readme")
    assert result.status == "complete", result.reason
    assert not (r.ws / "hook.txt").exists()
    calls = r.store.all_tool_calls(result.session_id)
    assert [(c.name, c.is_error) for c in calls] == [("Read", False)]
