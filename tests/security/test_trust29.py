"""The trust boundary's gaps found by trust29 (resource abuse that stops coord), each driven as
a hostile agent would: its tool calls scripted turns of the real engine over a real
workspace, the session in real SQLite.
"""

from __future__ import annotations

import itertools
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hostile import backend, bash, run, workspace
from kit import needs_bwrap, report

from coordinator.tools import matching

DONE = report("Complete", "Done")


def tool(name: str, **arguments: Any) -> dict[str, Any]:
    return {"tool_calls": [{"name": name, "input": arguments}]}


def answer(provider: Any, call: int = 1) -> str:
    """What the model was given back for its tool call in request ``call``."""
    return str(provider.model.calls[call].messages[-1]["content"][0]["content"])


# ---- 1. a pattern that backtracks catastrophically stops every thread of coord ------------


@needs_bwrap
@pytest.mark.parametrize(
    "call",
    [
        tool("Grep", pattern="(a+)+$", path="slow.txt"),
        tool("Grep", pattern="(a|aa)*c", output_mode="content"),
        tool("Glob", pattern="*a*a*a*a*a*a*a*a*b"),
        tool("Grep", pattern="x", glob="*a*a*a*a*a*a*a*a*b"),
    ],
    ids=["grep", "grep-lines", "glob", "grep-glob"],
)
def test_a_catastrophic_pattern_is_stopped_and_coord_runs_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: dict[str, Any]
) -> None:
    """Python's ``re`` backtracks holding the GIL: Grep's ``(a+)+$`` on forty ``a`` and a
    ``b`` (or a glob of many ``*`` on a long file name) ran for hours, and every thread of
    coord with it (the event loop, other agents, Ctrl-C), though the tool ran in a thread.
    The matching runs in a child process, killed at its deadline; the agent is told why, and
    this process ran on meanwhile (a thread here ticked all along: no stretch of the
    child's second without a tick, whatever the machine's load)."""
    monkeypatch.setattr(matching, "MATCH_SECONDS", 1.0)
    ws, home = workspace(tmp_path)
    (ws / "slow.txt").write_text("a" * 40 + "b\n")
    (ws / ("a" * 200)).write_text("x\n")
    done, ticks = threading.Event(), [time.monotonic()]

    def count() -> None:  # a tick each 10 ms, as long as this process runs Python
        while not done.wait(0.01):
            ticks.append(time.monotonic())

    counter = threading.Thread(target=count)
    counter.start()
    try:
        provider = run(ws, home, backend(), [call, {"text": DONE}])
    finally:
        done.set()
        counter.join()
    got = answer(provider)
    assert "took over 1 s to match and was stopped" in got, got
    assert "backtracks catastrophically" in got
    longest = max(b - a for a, b in itertools.pairwise(ticks))
    assert longest < 0.5  # frozen by the match, the process would miss its whole second


@needs_bwrap
def test_grep_and_glob_still_find_what_they_did(tmp_path: Path) -> None:
    """Matched in the child, Grep's modes, its glob filter and Glob answer as before."""
    ws, home = workspace(tmp_path)
    (ws / "src").mkdir()
    (ws / "src" / "app.py").write_text("import os\nvalue = 1\nVALUE = 2\n")
    (ws / "notes.md").write_text("value here\n")
    calls = [
        tool("Grep", pattern="value", output_mode="content", glob="*.py", **{"-i": True}),
        tool("Grep", pattern="^value", output_mode="count"),
        tool("Glob", pattern="**/*.{py,md}"),
        {"text": DONE},
    ]
    provider = run(ws, home, backend(), calls)
    assert answer(provider, 1) == "src/app.py:2:value = 1\nsrc/app.py:3:VALUE = 2"
    assert sorted(answer(provider, 2).splitlines()) == ["notes.md:1", "src/app.py:1"]
    assert answer(provider, 3) == "notes.md\nsrc/app.py"


# ---- 2. Read of a sparse file: a line, then terabytes of holes -----------------------------


@needs_bwrap
def test_read_of_a_line_running_into_terabytes_of_holes_ends(tmp_path: Path) -> None:
    """A file of one text line that runs into a terabyte of holes (``truncate -s 1T``; no
    disk is used) looks like text; Read cut the line and then read the rest, looking for its
    end, at a few hundred MB a second: hours in a thread no cancel stops (and coord's exit
    waits for it). Read looks at most :data:`READ_MAX_LINE_BYTES` past a cut line's start."""
    from coordinator.tools.files import READ_MAX_LINE_BYTES

    ws, home = workspace(tmp_path)
    with (ws / "huge.txt").open("wb") as fh:
        fh.write(b"a" * 20_000)
        fh.truncate(1 << 40)
    provider = run(ws, home, backend(), [tool("Read", file_path="huge.txt"), {"text": DONE}])
    got = answer(provider)
    mb = READ_MAX_LINE_BYTES // (1024 * 1024)
    assert got.startswith("     1\taaaa")
    assert f"[line truncated] [it runs on past {mb} MB: the rest of the file is not read]" in got


# ---- 3. a service's Unix socket outside /run ---------------------------------------------

CONNECT = """{python} -I -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1])
    print("CONNECTED")
except OSError as exc:
    print("refused:", exc.strerror)
' {path}"""


@needs_bwrap
def test_a_host_service_socket_outside_run_is_not_reached(tmp_path: Path) -> None:
    """A socket on a read-only mount still connects: the sandbox hid ``/run`` (Docker's,
    D-Bus's sockets), ``/tmp`` and HOME, but a service's socket elsewhere (``/var/tmp``,
    LXD's ``/var/snap/lxd/common/lxd/unix.socket``, MySQL's ``/var/lib/mysql``) was reached
    by any command. Every socket bound in coord's network namespace outside what is hidden
    whole is covered by an empty read-only file."""
    import os
    import socket
    import uuid

    folder = Path("/var/tmp")
    if not os.access(folder, os.W_OK):
        pytest.skip("/var/tmp is not writable here")
    python = shutil.which("python3", path="/usr/bin:/bin")  # a venv under /tmp is hidden
    if python is None:
        pytest.skip("no system python3 for the sandboxed command")
    path = folder / f"coord-trust29-{uuid.uuid4().hex[:12]}.sock"
    ws, home = workspace(tmp_path)
    with socket.socket(socket.AF_UNIX) as service:
        service.bind(str(path))
        service.listen(8)  # a connect succeeds on the backlog alone: nothing accepts
        try:
            command = CONNECT.format(python=python, path=path)
            provider = run(ws, home, backend(), [bash(command), {"text": DONE}])
        finally:
            path.unlink()
    got = answer(provider)
    assert "CONNECTED" not in got, got
    assert "refused" in got


# ---- 4. a base URL's credentials as a URL shows them -----------------------------------------


def test_a_base_urls_credentials_are_scrubbed_as_written_and_as_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A gateway's token in the base URL's query (``?key=tok%2Fen``) was scrubbed only
    decoded (``tok/en``, as sent), and a password only as written: an error quoting the
    URL (httpx's for a redirect or a status names it as written) kept them."""
    from coordinator.sanitize import scrub

    url = "https://me:p%40ss-12345@gw.example/v1?a=1&api_key=tok%2Fen-12345&sig=s+ig-12345"
    monkeypatch.setenv("ANTHROPIC_BASE_URL", url)
    said = (
        "Redirect for url 'https://gw.example/v1/messages?a=1&api_key=tok%2Fen-12345"
        "&sig=s+ig-12345'; auth p@ss-12345 p%40ss-12345; sent tok/en-12345 and s ig-12345"
    )
    kept = scrub(said)
    for secret in ("tok%2Fen-12345", "tok/en-12345", "s+ig-12345", "s ig-12345", "p@ss-12345"):
        assert secret not in kept, kept
    assert "p%40ss-12345" not in kept
    assert "a=1" in kept


# ---- 5. a repository a command made runs its programs at the user's next git status ----------


@needs_bwrap
@pytest.mark.parametrize(
    "plant", ["git init -q", "mkdir gd && git init -q --separate-git-dir=gd ."], ids=["dir", "file"]
)
def test_a_repository_a_command_made_keeps_no_program_for_the_users_git(
    tmp_path: Path, plant: str
) -> None:
    """In a workspace that is no repository, a command's ``git init`` makes ``.git`` (or a
    ``.git`` file naming a git folder in the workspace, whose settings no mount protects in
    later commands): its ``core.fsmonitor`` and hooks were left, and the user's own
    ``git status`` there, later, ran them as the user, outside any sandbox. Such settings
    and hooks are removed after each command (the rest of the repository is the agent's)."""
    from kit import git

    marker = tmp_path / "RAN"
    ws, home = workspace(tmp_path)
    hook = "printf '#!/bin/sh\\ntouch {m}\\n' > $(git rev-parse --git-dir)/hooks/pre-commit"
    settings = (
        f"git config core.fsmonitor 'touch {marker}; false' && git config core.filemode false"
    )
    first = f"{plant} && {settings} && {hook.format(m=marker)}"
    later = f"git config core.pager 'touch {marker}'"
    provider = run(ws, home, backend(), [bash(first), bash(later), {"text": DONE}])
    assert "core.fsmonitor removed" in answer(provider, 1)
    assert "hooks/pre-commit: removed" in answer(provider, 1)
    git(ws, "status", "--short")
    git(ws, "add", "-A")
    assert not marker.exists()
    assert git(ws, "config", "core.filemode").strip() == "false"
    if "separate" in plant:  # its settings are no protected path: a later command's too
        assert "core.pager removed" in answer(provider, 2)
