"""trust42: a red-team round at the trust boundary, on what trust41 left.

Holes found and closed (each test fails on 614b3d86):

1. A database registered while a process runs: ``coord run`` (a batch, a ``coord mcp``
   run) read the user's session index once, at its start. A session of another workspace
   started meanwhile with ``--db ws/data/theirs.db`` was neither refused by the file tools
   nor hidden from the commands of the run already going on in ``ws``: its next Write, or
   ``echo x > data/theirs.db``, destroyed the other session's history. The index is now
   looked at again before each file tool call and each command (two ``stat`` calls while
   it has not changed; read again only when it has: ``index.watched_store_files``).
2. A mask undone from outside: the sandbox hides another session's database in the
   workspace, and its ``-wal``, with an empty file bound over each. SQLite removes a
   database's ``-wal`` and ``-shm`` when its last connection closes, and removing a mount
   point in another mount namespace detaches the mount there: once the other session ended
   during a command, the command wrote a ``theirs.db-wal`` of its own there, which SQLite
   replayed at the next open (a forged history). Likewise outside the workspace where the
   sandbox shows the host's tree (``/var/tmp``, ``/srv``): a ``-wal`` the other session
   made while a command ran was no file masked at its start, and the command read it.
   coord now holds a read-only connection to each such database (``storefiles.hold_logs``):
   its ``-wal`` and ``-shm`` are made before the masks and never removed meanwhile.
3. A hard link a command made to such a database while it was unmasked (registered while
   the command ran) was a way in for every later command, which no mask covered: other
   names of a database file in the workspace are now hidden too (``storefiles.second_names``,
   a walk by directory entries' inode numbers only when a link count is new).
4. A XDG folder that moved into a workspace: ``XDG_CACHE_HOME=$PWD/.cache`` from a
   project's ``.envrc`` (direnv) hides coord's cache there only from runs started with that
   environment; a run started elsewhere with ``-w`` let its agent Write a pickle to
   ``.cache/coordinator/registry.pickle``, and the next ``coord`` started in the project
   ran it as the user. An absolute XDG folder inside a folder coord ran agents in (but the
   home defaults, hidden from every run) is now ignored with a warning (``config.xdg_home``).
5. A second name for a database file, to the file tools, which compared the resolved path
   only: a name in another case (what a case-insensitive file system opens as the
   database; this machine has none, so the test checks the comparison), a hard link, and
   a folder on the way swapped for a link between Read's check and its open (a racing
   process; Read showed the database's size, not its bytes: it is binary). Names are now
   compared case-folded too, and the open file is checked, before anything is written, by
   where its descriptor leads and by its identity (device and inode).

Tried and held: a hard link to a masked database from a command (EXDEV: the mask is a
mount of its own); Write or Edit through a hard link (refused: more than one link); git's
program-running settings in a workspace repository for coord's own git (``_SAFE`` flags,
``_refuse_programs``); events and spans carry scrubbed text (``otel._scrubbed``).

Real bubblewrap, real SQLite, real ``coord`` processes, FIFOs to order them.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from cli import coord, finish, spawn
from hostile import forged_wal
from kit import needs_bwrap, report, write_script

from coordinator.tools.base import ToolContext, ToolError
from coordinator.tools.files import ReadTool
from coordinator.tools.storefiles import KnownStores, StoresWithin
from coordinator.tools.workspace import resolve_in_workspace

AGENT = "fastapi-backend-expert"
DB = "data/theirs.db"


def _call(name: str, **args: Any) -> dict[str, Any]:
    return {"tool_calls": [{"name": name, "input": args}]}


DONE = {"text": report("Complete", "Looked")}


def _run_args(ws: Path, script: Path, *more: str | Path) -> list[str | Path]:
    return ["run", "Look around", "--agent", AGENT, "-w", ws, *more, "--allow-bash",
            "--provider", "scripted", "--script", script, "--json"]  # fmt: skip


def _session(ws: Path, db: Path | None, turns: list[dict[str, Any]], tmp: Path) -> str:
    """One scripted session of ``AGENT`` in ``ws`` (its database ``db``), in process."""
    script = write_script(tmp / f"{ws.name}.yaml", {AGENT: turns})
    ran = coord(*_run_args(ws, script, *(["--db", db] if db is not None else [])))
    assert ran.returncode == 0, ran.stderr
    return str(json.loads(ran.stdout)["session"])


def _results(out: str, ws: Path) -> list[str]:
    sid = json.loads(out)["session"]
    shown = coord("log", sid, "--transcript", "--json", "-w", ws)
    entries = json.loads(shown.stdout)["transcript"]
    return [str(e["text"]) for e in entries if e["kind"] == "tool_result"]


def _fifos(ws: Path) -> tuple[Path, Path]:
    ready, go = ws / "ready.fifo", ws / "go.fifo"
    os.mkfifo(ready)
    os.mkfifo(go)
    return ready, go


#: A command that says it is running, then waits for the test's word.
_WAIT = "echo running > ready.fifo; cat go.fifo"


def _meanwhile(ready: Path, go: Path) -> None:
    """Wait for the command to say it runs (its process read the index long before)."""
    with ready.open(encoding="utf-8") as said:
        assert said.read().strip() == "running"


def _go_on(go: Path) -> None:
    with go.open("w", encoding="utf-8") as word:
        word.write("go\n")


@needs_bwrap
def test_a_database_registered_while_a_run_goes_on_is_out_of_its_reach(tmp_path: Path) -> None:
    other, ws = tmp_path / "other", tmp_path / "ws"
    other.mkdir()
    (ws / "data").mkdir(parents=True)
    ready, go = _fifos(ws)
    turns = [
        _call("Bash", command=_WAIT),
        _call("Write", file_path=DB, content="gone"),
        _call("Bash", command=f"head -c 15 {DB}; echo; echo x > {DB}; wc -c {DB}"),
        DONE,
    ]
    script = write_script(tmp_path / "ws.yaml", {AGENT: turns})
    running = spawn(*_run_args(ws, script))
    try:
        _meanwhile(ready, go)
        theirs = ws / DB
        first = _session(other, theirs, [DONE], tmp_path)  # registered now
        before = theirs.read_bytes()
    finally:
        _go_on(go)
        out, err = finish(running)
    assert running.returncode == 0, err
    _, wrote, ran = _results(out, ws)
    assert "session database" in wrote, wrote
    assert "SQLite" not in ran and "1 data/theirs.db" not in ran, ran
    assert theirs.read_bytes() == before
    shown = coord("log", first, "--json", "-w", other, "--db", theirs)
    assert shown.returncode == 0 and first in shown.stdout, shown.stderr


@needs_bwrap
def test_a_wal_removed_by_the_other_session_mid_command_cannot_be_forged(tmp_path: Path) -> None:
    other, ws = tmp_path / "other", tmp_path / "ws"
    other.mkdir()
    (ws / "data").mkdir(parents=True)
    theirs = ws / DB
    first = _session(other, theirs, [DONE], tmp_path)
    forged_wal(ws / "forged.db")
    ready, go = _fifos(ws)
    copy = f"cp forged.db-wal {DB}-wal; ls -l data"
    turns = [_call("Bash", command=f"{_WAIT}; {copy}"), DONE]
    script = write_script(tmp_path / "ws.yaml", {AGENT: turns})
    session = sqlite3.connect(theirs)  # the other session, going on
    session.execute("SELECT count(*) FROM sessions").fetchone()
    assert theirs.with_name("theirs.db-wal").exists()
    running = spawn(*_run_args(ws, script))
    try:
        _meanwhile(ready, go)
        session.close()  # its last connection: SQLite removed the -wal, undoing the mask
    finally:
        _go_on(go)
        out, err = finish(running)
    assert running.returncode == 0, err
    (ran,) = _results(out, ws)
    with sqlite3.connect(theirs) as reopened:  # what `coord log` and `resume` would read
        ids = [row[0] for row in reopened.execute("SELECT id FROM sessions")]
    assert ids == [first], (ids, ran)


def test_an_xdg_cache_folder_moved_into_a_folder_agents_ran_in_is_not_loaded(
    tmp_path: Path,
) -> None:
    """A project's ``.envrc`` (direnv) sets ``XDG_CACHE_HOME=$PWD/.cache``: a run started
    from elsewhere (``-w``, no such variable) did not hide ``ws/.cache/coordinator``, and
    its agent wrote a pickle there; the next ``coord`` started in the project ran it."""
    ws = tmp_path / "ws"
    ws.mkdir()
    pwned = tmp_path / "pwned"
    payload = f"cos\nsystem\n(S'touch {pwned}'\ntR."  # a pickle (protocol 0: text)
    plant = _call("Write", file_path=".cache/coordinator/registry.pickle", content=payload)
    _session(ws, None, [plant, DONE], tmp_path)
    assert (ws / ".cache" / "coordinator" / "registry.pickle").read_text() == payload
    listed = coord("agents", "list", cwd=ws, env={"XDG_CACHE_HOME": str(ws / ".cache")})
    assert listed.returncode == 0, listed.stderr
    assert not pwned.exists()
    assert "XDG_CACHE_HOME" in listed.stderr and "is ignored" in listed.stderr, listed.stderr


@needs_bwrap
def test_a_hard_link_to_a_database_is_no_way_in_for_later_commands(tmp_path: Path) -> None:
    """A command running when the other session registered its database saw it unmasked
    (its sandbox was built before) and gave it a second name; every later command wrote
    the database through that name, which no mask covered."""
    other, ws = tmp_path / "other", tmp_path / "ws"
    other.mkdir()
    (ws / "data").mkdir(parents=True)
    ready, go = _fifos(ws)
    alias = "notes/alias.db"
    turns = [
        _call("Bash", command=f"{_WAIT}; mkdir notes; ln {DB} {alias}; ls notes"),
        _call("Bash", command=f"head -c 15 {alias}; echo; echo x > {alias}; wc -c {alias}"),
        _call("Read", file_path=alias),
        DONE,
    ]
    script = write_script(tmp_path / "ws.yaml", {AGENT: turns})
    running = spawn(*_run_args(ws, script))
    try:
        _meanwhile(ready, go)
        theirs = ws / DB
        first = _session(other, theirs, [DONE], tmp_path)
        before = theirs.read_bytes()
    finally:
        _go_on(go)
        out, err = finish(running)
    assert running.returncode == 0, err
    linked, ran, read = _results(out, ws)
    assert "alias.db" in linked, linked
    assert "SQLite" not in ran and "1 notes/alias.db" not in ran, ran
    assert "session database" in read, read
    assert theirs.read_bytes() == before
    shown = coord("log", first, "--json", "-w", other, "--db", theirs)
    assert shown.returncode == 0 and first in shown.stdout, shown.stderr


def _their_files(db: Path) -> tuple[Path, ...]:
    real = db.resolve()
    ends = ("", "-wal", "-shm", "-journal", ".lock", ".locks")
    return tuple(real.with_name(real.name + end) for end in ends)


def _context(ws: Path, db: Path) -> ToolContext:
    return ToolContext(root=ws.resolve(), stores=StoresWithin(ws, KnownStores(_their_files(db))))


def test_a_database_by_another_name_is_refused_by_the_file_tools(tmp_path: Path) -> None:
    """A name in another case (what a case-insensitive file system, which this test's
    is not, opens as the database), and a hard link, are the database."""
    ws = tmp_path / "ws"
    (ws / "data").mkdir(parents=True)
    db = ws / DB
    with sqlite3.connect(db) as made:
        made.execute("CREATE TABLE t (x)")
    os.link(db, ws / "copy.db")
    ctx = _context(ws, db)
    for name in ("data/THEIRS.db", "Data/Theirs.DB-wal"):
        with pytest.raises(ToolError, match="session database"):
            ctx.check_not_store(resolve_in_workspace(ws, name), name)
    with pytest.raises(ToolError, match="session database"):
        ReadTool()._read({"file_path": "copy.db"}, ctx)


_SWAPPER = """
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
a, b = (os.fsencode(p) for p in sys.argv[1:3])
print("ready", flush=True)
while True:
    libc.renameat2(-100, a, -100, b, 2)  # RENAME_EXCHANGE: a folder and a link trade places
"""


#: Reads against the swapper: with the check of the file as opened left out (the name's
#: check alone), Read opened the database within 1 to 756 reads (mean about 190; 20 tries,
#: a loaded 2-core machine), so 3,000 reads miss it with a chance under 1e-6; they take
#: about 1.5 s (a 6 s budget before).
READS = 3_000


def test_a_folder_swapped_for_a_link_after_the_check_does_not_open_a_database(
    tmp_path: Path,
) -> None:
    """Read checked the name it was given, then opened it: a folder on the way swapped for
    a link to the database's folder meanwhile opened the database."""
    if not hasattr(ctypes.CDLL(None), "renameat2"):
        pytest.skip("no renameat2 in this C library")
    ws = tmp_path / "ws"
    (ws / "data").mkdir(parents=True)
    (ws / "data" / "theirs.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    (ws / "x").mkdir()
    (ws / "x" / "theirs.db").write_text("decoy\n", encoding="utf-8")
    (ws / "alt").symlink_to(ws / "data")
    ctx = _context(ws, ws / DB)
    swapper = subprocess.Popen(
        [sys.executable, "-c", _SWAPPER, str(ws / "x"), str(ws / "alt")],
        stdout=subprocess.PIPE,
        text=True,
    )
    seen: set[str] = set()
    try:
        assert swapper.stdout is not None and swapper.stdout.readline().strip() == "ready"
        for _ in range(READS):
            if any("binary" in s for s in seen):
                break
            try:
                seen.add(ReadTool()._read({"file_path": "x/theirs.db"}, ctx).content[:40])
            except ToolError as exc:
                seen.add(str(exc)[:40])
    finally:
        os.kill(swapper.pid, signal.SIGKILL)
        swapper.wait()
    assert not any("binary" in s for s in seen), seen


@needs_bwrap
def test_a_wal_made_outside_the_workspace_mid_command_is_not_shown(tmp_path: Path) -> None:
    """Another session's database outside the workspace, where the sandbox shows the
    host's tree (not HOME, not /tmp): its ``-wal``, missing when the command started, was
    made when the session started again, and the command read what it wrote there."""
    other, ws = tmp_path / "other", tmp_path / "ws"
    other.mkdir()
    ws.mkdir()
    place = Path(tempfile.mkdtemp(dir="/var/tmp", prefix="trust42-"))
    try:
        theirs = place / "theirs.db"
        _session(other, theirs, [DONE], tmp_path)
        ready, go = _fifos(ws)
        look = f"{_WAIT}; grep -a -o 'SECRET-[0-9]*' {theirs}-wal | head -1; echo looked"
        script = write_script(tmp_path / "ws.yaml", {AGENT: [_call("Bash", command=look), DONE]})
        running = spawn(*_run_args(ws, script))
        again = None
        try:
            _meanwhile(ready, go)
            again = sqlite3.connect(theirs)  # the other session, started again
            again.execute("CREATE TABLE notes (x)")
            again.execute("INSERT INTO notes VALUES ('SECRET-4242')")
            again.commit()
        finally:
            _go_on(go)
            out, err = finish(running)
            if again is not None:
                again.close()
        assert running.returncode == 0, err
        (ran,) = _results(out, ws)
        assert "looked" in ran and "SECRET" not in ran, ran
    finally:
        shutil.rmtree(place)
