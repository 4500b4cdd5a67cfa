"""trust38: attacks on the newest trust code.

1. The guard undone by permissions: a command runs as the user, so it may ``chmod`` what
   it made. ``chmod 555 .`` after making ``.mcp.json`` kept the guard (as that user) from
   removing it; ``chmod 0 .claude`` hid a ``.claude/settings.json`` it made, which the
   guard took for missing; ``chmod 555 .git`` kept a ``git init``'s ``core.fsmonitor``
   (reported removed) and its hooks, which the user's next ``git status`` ran. Each time
   the running command's list was withdrawn, and the file passed for the user's
   (``running.read_unmade``: a server defined there, approved by name, ran as the user).
   The guard now opens a folder on the way of what it undoes to its owner again.
2. A tree thousands of folders deep next to an agent file: ``shutil.rmtree`` recursed
   into it and raised RecursionError, which ended the guard with the file left.
3. Names a file system folds that coord did not: HFS+ and ext4's casefold (before Linux
   6.13) ignore Unicode's default-ignorable code points, so ``.clau\u200cde/settings.json``
   is the user's settings file there; the merge and the file tools compared it folded but
   with the joiner, and let it through; vfat and exfat drop a name's trailing dots and
   spaces (``.claude.``). ``workspace.folded`` now drops both. A branch's
   ``.GitAttributes`` (what git reads as ``.gitattributes`` there: filters and merge
   drivers of the user's configuration, run on the run's files) was merged; attribute
   files are now compared folded too.
4. Cuts before scrubs left: a hook's command or URL kept to 200 characters in its
   ``hook`` event (scrubbed as the store writes it), and to 77 in the hooks listing
   ``coord run`` prints, cut through a URL's password before its ``@``: no scrub
   recognised the start it kept. The LLM router's error and unclear answer likewise; a
   stdio MCP server's last stderr line (in the error naming the server), cut to 300
   characters, or begun mid-line where its last 4 KB began (a secret's end). A Bash
   command's output kept to 120,000 bytes and then cut to 30,000 characters: 29,992
   four-byte characters and a key kept 8 of the key's characters, cut through at the
   byte limit, where no scrub recognised them. A provider's answer that is not JSON, cut
   to 4,096 bytes, scrubbed, then cut to 120: a URL's long password before a key, scrubbed
   short, moved the key's start that the first cut kept into the 120 characters shown.
   A Read line, read to 8,004 bytes and cut to 2,000 characters, kept 13 characters of a
   61-character secret behind 1,987 four-byte ones: a line is now read as much further as
   a secret may run on (``sanitize.secret_span``), and scrubbed whole.
5. The running lists' folder planted: a command may make ``.claude/.coordinator/running``
   (no protected path) a link to any folder of the user's. Reading a settings file there
   (every start reads ``.claude/settings.json``) took each file in that folder for a
   list no command holds, and removed it. A list in a ``.coordinator`` a command made
   below the workspace, held locked while the command runs, had the user's own settings
   there read as missing (their permission rules and hooks dropped for a session that
   started meanwhile). Lists are now read through no link, and those of a nested
   ``.coordinator`` only when coord made it.
6. The roster walked up to the lists from where ``.claude/agents`` leads: a running
   command that made it a link to ``notes/agents`` (a folder agents write) or to another
   workspace's folder had its agent files loaded, the trust36 hole again. The lists are
   now read from where it is spelled too.
7. A git config a command wrote with a relative ``include.path`` before its
   ``core.fsmonitor``: the guard lists the config's settings from its bytes on standard
   input, where git refuses a relative include and stops, so it removed the include and
   left ``core.fsmonitor``, which the user's next ``git status`` ran. Its settings are now
   listed without following includes.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import kit
import pytest
from fake_messages_server import FakeMessagesServer, message
from kit import git, needs_bwrap, sandboxed_bash

from coordinator.config import Settings
from coordinator.roster.loader import load_registry
from coordinator.tools import running
from coordinator.tools.workspace import announce_missing, mark_agents_ran, protected_change

#: A server of the command's, for a ``.mcp.json`` it makes.
SERVERS = '{"mcpServers": {"db": {"command": "sh", "args": ["-c", "touch /nonexistent/x"]}}}'

#: ``sandboxed_bash`` in a child process, its result's text printed.
_CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from kit import sandboxed_bash
print(sandboxed_bash(Path(sys.argv[2]), sys.argv[3]).content)
"""


def as_the_user(ws: Path, command: str) -> str:
    """``command`` run with the Bash tool in the real sandbox over ``ws``, by a coord that
    obeys file permissions as a normal user's does (as root: without the capabilities
    that override them); what the tool answered."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("needs setpriv to run as root without overriding file permissions")
        drop = "-dac_override,-dac_read_search,-fowner"
        prefix = [setpriv, f"--bounding-set={drop}", "--inh-caps=-all", "--"]
    tests = str(Path(kit.__file__).parent)
    argv = [*prefix, sys.executable, "-c", _CHILD, tests, str(ws), command]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


@needs_bwrap
@pytest.mark.parametrize(
    ("command", "rel"),
    [
        (f"printf '%s' '{SERVERS}' > .mcp.json; chmod 555 .", ".mcp.json"),
        (f"mkdir .claude; printf '%s' '{SERVERS}' > .claude/settings.json; chmod 0 .claude",
         ".claude/settings.json"),
        (f"mkdir .claude; printf '%s' '{SERVERS}' > .claude/settings.json; chmod 444 .claude",
         ".claude/settings.json"),
        ("mkdir -p .claude/agents/sub; echo x > .claude/agents/sub/a.md;"
         " chmod 555 .claude/agents/sub", ".claude/agents/sub/a.md"),
    ],
)  # fmt: skip
def test_a_file_a_command_made_and_shut_in_is_undone_before_its_list_is_withdrawn(
    tmp_path: Path, command: str, rel: str
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    said = as_the_user(ws, command)
    assert "removed" in said
    assert "could not" not in said
    assert running.read_unmade(ws / rel) is None  # read as missing: nothing of the user's
    assert not os.path.lexists(ws / rel)
    assert not list((ws / ".coordinator" / "running").iterdir())  # (the command ended)


@needs_bwrap
@pytest.mark.parametrize("shut", [".git .git/hooks", ".git/config"])
def test_a_repository_a_command_made_and_shut_runs_nothing_of_its_as_the_user(
    tmp_path: Path, shut: str
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    hook = ".git/hooks/pre-commit"
    command = (
        "git init -q . && git config core.fsmonitor 'touch /nonexistent/x'"
        f" && printf '#!/bin/sh\\n' > {hook} && chmod +x {hook}"
        f" && chmod {'0' if shut.endswith('config') else '555'} {shut}"
    )
    said = as_the_user(ws, command)
    assert "core.fsmonitor removed" in said
    assert "could not" not in said
    assert "core.fsmonitor" not in git(ws, "config", "--list")
    assert not os.path.lexists(ws / hook)


@needs_bwrap
def test_an_agent_file_next_to_a_tree_thousands_of_folders_deep_is_undone(
    tmp_path: Path,
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    deep = "d/" * 1000  # (twice: 2,000 folders, past Python's recursion limit)
    command = (
        "mkdir -p .claude/agents/z && echo x > .claude/agents/z/a.md && cd .claude/agents"
        f" && mkdir -p {deep} && cd {deep} && mkdir -p {deep} && echo made"
    )
    said = sandboxed_bash(ws, command).content
    assert said.startswith("made")
    assert ".claude/agents: removed" in said
    assert not (ws / ".claude" / "agents").exists()


#: Protected names with a code point HFS+ (and ext4's casefold before Linux 6.13) ignores,
#: or with what vfat and exfat drop.
IGNORED = [
    ".clau\u200cde/settings.json",  # a zero-width non-joiner
    ".mcp.j\u200bson",  # a zero-width space
    ".claude/agents\u034f/helper.md",  # a combining grapheme joiner
    ".git\ufeff/config",  # a byte order mark
    "app/.coordinat\u00ador/coordinator.db",  # a soft hyphen
    ".C\u200dlaude/Settings.Local.json",  # with another case too
    # trailing dots and spaces, which vfat and exfat drop
    ".claude./settings.json",
    ".mcp.json ",
    ".git. /config",
    "app/.coordinator./coordinator.db",
]


@pytest.mark.parametrize("rel", IGNORED)
def test_a_worktree_change_to_a_protected_name_with_an_ignored_code_point_is_kept(
    rel: str,
) -> None:
    assert protected_change(rel) is not None


@pytest.mark.parametrize("rel", [r for r in IGNORED if "oordinat" not in r])
def test_no_file_tool_writes_a_protected_name_with_an_ignored_code_point(
    tmp_path: Path, rel: str
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    wrote = kit.tool_call(ws, "Write", {"file_path": rel, "content": "{}"})
    assert wrote.is_error and not (ws / rel).exists(), wrote.content


def test_names_with_other_unicode_stay_writable(tmp_path: Path) -> None:
    """A project's own names are left alone: letters that fold to no protected name, a
    fullwidth dot (which no file system folds)."""
    ws = tmp_path / "ws"
    ws.mkdir()
    for rel in (
        "caf\u00e9/settings.json",
        "\uff0eclaude/settings.json",
        ".claude/skills\u200c/x",
        "v1./notes.txt",
        "..claude/settings.json",
    ):
        wrote = kit.tool_call(ws, "Write", {"file_path": rel, "content": "{}"})
        assert not wrote.is_error, (rel, wrote.content)
        assert protected_change(rel) is None, rel


@pytest.mark.parametrize("name", [".GitAttributes", "src/.gitattribute\u200cs", ".LFSConfig"])
def test_a_branch_adding_attributes_in_another_case_is_held_for_review(
    tmp_path: Path, name: str
) -> None:
    """On a case-insensitive file system git reads the branch's ``.GitAttributes`` as the
    work tree's ``.gitattributes``: the programs of the user's configuration it names
    (``filter=``, ``merge=``) would run on the run's files at the next checkout."""
    from coordinator.runtime.worktree import (
        MergeStatus,
        finish_worktree,
        held_for_review,
        open_worktree,
    )

    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "a.txt").write_text("a\n", encoding="utf-8")
    ws = kit.git_init(tmp_path / "ws")

    async def run() -> Any:
        wt = await open_worktree(ws, "s1", 1)
        (wt.root / name).parent.mkdir(parents=True, exist_ok=True)
        (wt.root / name).write_text("* filter=users-filter merge=users-driver\n", encoding="utf-8")
        return await finish_worktree(wt, "agent run")

    kept = asyncio.run(run())
    assert kept.status is MergeStatus.CONFLICT and held_for_review(kept.detail), kept.detail
    assert kept.files == [name]
    assert not (ws / name).exists()


#: A URL's password (no key's shape: only as a URL's ``user:password@`` is it scrubbed).
PASSWORD = "Qh7Lm2Xc9Vb4Nz8Kp3Rt6Wy1Fd5Gs0Jq"


def _starts(secret: str) -> list[str]:
    """The starts of ``secret`` a test looks for: any of 8 characters or more is a leak."""
    return [secret[:n] for n in range(8, len(secret) + 1)]


def _hook_with_a_password_at(column: int) -> dict[str, Any]:
    """A user's PreToolUse hook whose command names a URL with :data:`PASSWORD` starting
    at ``column``."""
    url = f"https://u:{PASSWORD}@hooks.example.invalid/x"
    command = ": " + "x" * (column - len(": ") - len("https://u:") - 1) + " " + url
    assert command.index(PASSWORD) == column
    entry = {"type": "command", "command": command}
    return {"PreToolUse": [{"matcher": "", "hooks": [entry]}]}


async def test_a_hooks_command_cut_for_its_event_keeps_no_start_of_a_password(
    tmp_path: Path,
) -> None:
    from test_hooks import DONE, Run

    write = {"name": "Write", "input": {"file_path": "notes.txt", "content": "x"}}
    agents = {"backend": [{"tool_calls": [write]}, {"text": DONE}]}
    r = Run(tmp_path, agents, _hook_with_a_password_at(185))  # (the cut: at 200)
    result = await r.engine.start("Write notes", agent="backend")
    [event] = r.hook_events(result.session_id)
    assert event["command"].startswith(": xxx")
    assert not any(start in event["command"] for start in _starts(PASSWORD)), event["command"]


def test_the_hooks_listing_keeps_no_start_of_a_password(tmp_path: Path) -> None:
    from test_hooks import Run

    r = Run(tmp_path, {"backend": []}, _hook_with_a_password_at(60))  # (the cut: at 77)
    lines = r.extras.notice(r.registry, Settings())
    assert any(": xxx" in line for line in lines), lines
    assert not any(start in line for line in lines for start in _starts(PASSWORD)), lines


async def test_an_unclear_router_answer_keeps_no_start_of_a_password(
    server: FakeMessagesServer,
) -> None:
    """The router's reason, stored and shown, quoted 60 characters of the model's answer
    cut before they were scrubbed."""
    from test_llm_router import CLOSE, MODEL, REGISTRY, provider

    from coordinator.routing.llm import choose

    answer = "y" * 40 + f" https://u:{PASSWORD}@example.invalid"  # (the cut: at 59)
    server.reply(message(answer))
    result = await choose("state bug", CLOSE, REGISTRY, provider(server), MODEL)
    assert "ignored an unclear LLM router answer 'yyy" in result.reason
    assert not any(start in result.reason for start in _starts(PASSWORD)), result.reason


def _stderr_said(*writes: str) -> str:
    """What a stdio server's :class:`~coordinator.mcp.bounded.StderrTail` says was the
    server's last line, once ``writes`` were written to it and it ended."""
    from coordinator.mcp.bounded import StderrTail

    tail = StderrTail()
    for text in writes:
        tail.file.write(text)
    tail.file.close()
    return tail.last_line(wait=10)


def test_a_servers_last_stderr_line_cut_to_300_keeps_no_start_of_a_password() -> None:
    line = "error: " + "z" * 270 + f" https://u:{PASSWORD}@example.invalid"  # (at 288)
    said = _stderr_said("starting\n", line + "\n")
    assert said.startswith("error: zzz")
    assert not any(start in said for start in _starts(PASSWORD)), said


def test_a_servers_stderr_kept_from_mid_line_keeps_no_end_of_a_password() -> None:
    """Only the last 4 KB are kept: where they begin mid-line, that line may begin with
    the end of a secret, which no scrub recognises."""
    from coordinator.mcp.bounded import STDERR_KEPT

    ends = [PASSWORD[-n:] for n in range(8, len(PASSWORD) + 1)]
    rest = "q" * (STDERR_KEPT - 20)  # (the window begins 20 characters before the end)
    said = _stderr_said(f"token https://u:{PASSWORD}@x", rest)
    assert not any(end in said for end in ends), said
    said = _stderr_said(f"token https://u:{PASSWORD}@x", rest, "\nfailed: no such table\n")
    assert said == "failed: no such table"


#: The API key: no ``sk-ant-`` shape, so only its configured value is scrubbed.
KEY = "Zq8vK2mPx7Lw4Rt9Bn3Hy6Jd1Fs5Gc0Ve2"


def test_a_commands_output_cut_at_its_byte_limit_keeps_no_start_of_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.tools.sandbox import BashSandbox

    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    wide = "printf '\\360\\237\\230\\200%.0s' $(seq 29992)"  # (4 bytes each: 119,968)
    command = f"{wide}; printf '{KEY}'; head -c 200000 /dev/zero | tr '\\0' x"
    ran = kit.tool_call(
        tmp_path, "Bash", {"command": command}, sandbox=BashSandbox(unsandboxed=True)
    )
    assert ran.content.startswith("\U0001f600" * 100), ran.content[:40]
    assert "output truncated" in ran.content
    assert not any(start in ran.content for start in _starts(KEY)), ran.content[-80:]


def test_a_reply_that_is_not_json_shows_no_start_of_a_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from coordinator.providers import anthropic
    from coordinator.providers.base import ProviderError

    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    body = f"<html>https://u:{'p' * 4040}@proxy.invalid {KEY}</html>".encode()
    assert body.index(KEY.encode()) < 4096 < body.index(KEY.encode()) + len(KEY)
    with pytest.raises(ProviderError, match="not JSON") as failed:
        anthropic._read_json(body)
    said = str(failed.value)
    assert "proxy.invalid" in said
    assert not any(start in said for start in _starts(KEY)), said


@needs_bwrap
@pytest.mark.parametrize(
    ("link", "read"),
    [
        (".claude/.coordinator/running", ".claude/settings.json"),  # (read at every start)
        ("app/.coordinator", "app/.claude/settings.json"),
    ],
)
def test_a_folder_of_lists_a_command_linked_elsewhere_loses_no_file_of_the_users(
    tmp_path: Path, link: str, read: str
) -> None:
    victim = tmp_path / "documents"
    (victim / "running").mkdir(parents=True)
    for folder in (victim, victim / "running"):
        (folder / "thesis.tex").write_text("years of work", encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    place = Path(link).parent
    said = sandboxed_bash(ws, f"mkdir -p {place} && ln -s {victim} {link} && echo linked")
    assert said.content.startswith("linked"), said.content
    assert running.read_unmade(ws / read) is None
    assert (victim / "thesis.tex").exists() and (victim / "running" / "thesis.tex").exists()


def _held_list(root: Path, *names: str) -> int:
    """A list in ``root``'s ``.coordinator/running`` naming ``names``, held locked as a
    running command's is (by a descriptor of its own); that descriptor."""
    import fcntl

    folder = root / ".coordinator" / "running"
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / "4242-fake", os.O_RDWR | os.O_CREAT, 0o600)
    os.write(fd, "\n".join(names).encode())
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_a_list_a_command_made_below_the_workspace_leaves_the_users_settings_in(
    tmp_path: Path,
) -> None:
    """A command of ``ws`` makes ``app/.coordinator/running/`` and a list there, held
    while it runs: the user's own ``app/.claude/settings.json`` is still read."""
    ws = tmp_path / "ws"
    (ws / "app").mkdir(parents=True)
    mark_agents_ran(ws)  # (agents ran in ws: its commands can write app/)
    settings = ws / "app" / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text('{"permissions": {"deny": ["Bash(curl:*)"]}}', encoding="utf-8")
    fd = _held_list(ws / "app", ".claude/settings.json")
    try:
        assert running.read_unmade(settings) == settings.read_bytes()
    finally:
        os.close(fd)


def test_a_list_of_a_nested_workspace_coord_made_still_counts(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "app").mkdir(parents=True)
    mark_agents_ran(ws)
    mark_agents_ran(ws / "app")  # (coord's own: remembered, with its token)
    made = ws / "app" / ".mcp.json"
    marker = announce_missing(ws / "app", [".mcp.json"])
    made.write_text("{}", encoding="utf-8")
    try:
        with pytest.raises(running.MadeMeanwhile):
            running.read_unmade(made)
    finally:
        if marker is not None:
            os.close(marker[0])


PLANTED = "---\nname: helper\ndescription: Helps.\nmcpServers: [db]\n---\nHelp.\n"


@pytest.mark.parametrize("where", ["ws/notes/agents", "other/notes/agents"])
def test_a_roster_leaves_out_agents_a_running_command_linked_in(tmp_path: Path, where: str) -> None:
    """A command running in ``ws`` (``.claude/agents`` missing when it started: listed)
    makes ``.claude/agents`` a link to a folder of agent files an agent wrote."""
    ws = tmp_path / "ws"
    ws.mkdir()
    folder = tmp_path / where
    folder.mkdir(parents=True)
    (folder / "helper.md").write_text(PLANTED, encoding="utf-8")
    mark_agents_ran(ws)
    marker = announce_missing(ws, [".claude/agents"])
    (ws / ".claude").mkdir()
    (ws / ".claude" / "agents").symlink_to(folder)
    try:
        registry = load_registry([], cwd=ws, cache=False)
    finally:
        if marker is not None:
            os.close(marker[0])
    assert "helper" not in registry
    assert any(p.message == running.MADE_MEANWHILE for p in registry.problems)


def test_a_roster_still_leaves_out_what_a_list_coord_did_not_make_names(tmp_path: Path) -> None:
    """For the roster a list only leaves agents out: one in a ``.coordinator`` coord did
    not make (an older one, or one made while a run above was live) still counts."""
    ws = tmp_path / "ws"
    agents = ws / "app" / ".claude" / "agents"
    agents.mkdir(parents=True)
    (agents / "helper.md").write_text(PLANTED, encoding="utf-8")
    mark_agents_ran(ws)
    fd = _held_list(ws / "app", ".claude/agents")
    try:
        registry = load_registry([], cwd=ws / "app", cache=False)
    finally:
        os.close(fd)
    assert "helper" not in registry


#: A longer secret (the user's, configured): a cut of a line where 2,000 four-byte
#: characters end keeps up to a quarter of a secret's length.
LONG = "Zq8vK2mPx7Lw4Rt9Bn3Hy6Jd1Fs5Gc0Ve2Tq8vK2mPx7Lw4Rt9Bn3Hy6Jd1Fs"


@pytest.mark.parametrize("wide", [1987, 1990])
def test_a_read_line_cut_through_a_secret_keeps_no_start_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wide: int
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", LONG)
    line = "\U0001f600" * wide + LONG + "x" * 20_000
    (tmp_path / "wide.txt").write_text(line + "\nnext\n", encoding="utf-8")
    read = kit.tool_call(tmp_path, "Read", {"file_path": "wide.txt"})
    assert "[line truncated]" in read.content and "next" in read.content
    assert not any(start in read.content for start in _starts(LONG)), read.content[-80:]


@needs_bwrap
@pytest.mark.parametrize("where", [".", "sub"])
def test_a_program_set_after_a_relative_include_is_removed(tmp_path: Path, where: str) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    if where != ".":
        git(ws, "init", "-q")  # (sub: a repository made in the user's)
    config = f"{where}/.git/config"
    lines = "[include]\\n\\tpath = extra\\n[core]\\n\\tfsmonitor = touch /nonexistent/x\\n"
    said = sandboxed_bash(ws, f"git init -q {where} && printf '{lines}' >> {config}")
    assert "core.fsmonitor removed" in said.content, said.content
    listed = git(ws / where, "config", "--no-includes", "--file", str(ws / config), "--list")
    assert "fsmonitor" not in listed and "include.path" not in listed
