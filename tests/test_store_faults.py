"""Database faults end in one line naming the file, exit 4, no traceback, and lose nothing.

Each fault is real: bytes overwritten in a page, another process holding a write lock,
a full tmpfs, a table dropped, a row's JSON broken, a read-only mount (bubblewrap) of the
folder or of the file. Ordinary commands run in-process (typer's CliRunner); a subprocess
only where the process matters (a lock holder, a mount namespace).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import zygote
from kit import Harness, report, workspace, write_agents, write_script
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.errors import EXIT_USER_ERROR
from coordinator.store.db import SCHEMA_VERSION
from coordinator.store.faults import StoreError, StoreFault
from coordinator.store.session_status import shown_status

MARK = 'app = FastAPI(title="Taskboard API")'
STEPS = 8


def edit(line: str) -> dict[str, Any]:
    """An Edit that adds ``line`` under the app's title line."""
    return {
        "name": "Edit",
        "input": {"file_path": "app/main.py", "old_string": MARK, "new_string": f"{MARK}\n{line}"},
    }


@dataclass
class Setup:
    """A workspace, a scripted backend agent, and a database holding one complete session."""

    ws: Path
    db: Path
    args: list[str]
    session: str


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    #: the model SDK was imported by the time the command ended (sandboxed runs only)
    sdk: bool = False


def coord(*args: str | Path) -> Outcome:
    """The CLI in-process, as a user runs it."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Setup]:
    """The workspace, agent, script and database of :class:`Setup`, made once per module."""
    root = tmp_path_factory.mktemp("faults")
    ws = workspace(root)
    agents = write_agents(root / "agents", "backend")
    turns: list[dict[str, Any]] = [{"tool_calls": [edit(f"# step-{i}")]} for i in range(STEPS)]
    script = write_script(
        root / "s.yaml",
        {"backend": [*turns, {"text": report("Complete", "Done", files="app/main.py")}]},
    )
    db = root / "data" / "sessions.db"
    db.parent.mkdir()
    args = [
        "--agent", "backend", "--workspace", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script, "--db", db,
    ]  # fmt: skip
    shutil.copy(ws / "app" / "main.py", root / "main.orig")
    first = coord("run", "Add the steps", *args, "--json")
    assert first.code == 0, first.stderr
    return root, Setup(ws, db, [str(a) for a in args], json.loads(first.stdout)["session"])


@pytest.fixture
def setup(template: tuple[Path, Setup], tmp_path: Path) -> Setup:
    """A copy of the template in this test's folder: its own workspace and database (the
    session's rows still name the template's workspace, which no test writes to)."""
    root, made = template
    shutil.copytree(root, tmp_path, dirs_exist_ok=True)
    here = [
        a.replace(str(root), str(tmp_path), 1) if a.startswith(str(root)) else a for a in made.args
    ]
    return Setup(
        tmp_path / made.ws.relative_to(root),
        tmp_path / made.db.relative_to(root),
        here,
        made.session,
    )


def one_error_line(out: Outcome, expected: str) -> str:
    """The command failed with exit 4 and exactly one ``error:`` line (then its hint)."""
    assert out.code == EXIT_USER_ERROR, (out.code, out.stdout, out.stderr)
    errors = [line for line in out.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, out.stderr
    assert expected in errors[0], out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    return errors[0]


def sql(db: Path, statement: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db, isolation_level=None)) as con:
        return con.execute(statement).fetchall()


def session_ids(db: Path) -> list[str]:
    return [r[0] for r in sql(db, "SELECT id FROM sessions ORDER BY created_at")]


# ---- a damaged page ---------------------------------------------------------------------


def test_a_damaged_page_is_named_and_nothing_is_written(setup: Setup) -> None:
    (root,) = sql(setup.db, "SELECT rootpage FROM sqlite_master WHERE name = 'runs'")[0]
    (page_size,) = sql(setup.db, "PRAGMA page_size")[0]
    with setup.db.open("r+b") as f:  # the runs table's root page becomes garbage
        f.seek((root - 1) * page_size)
        f.write(b"\xa5" * 64)
    before = setup.db.read_bytes()

    line = one_error_line(coord("log", setup.session, "--db", setup.db), "is damaged")
    assert str(setup.db) in line and "malformed" in line
    one_error_line(coord("run", "Add more", *setup.args), "is damaged")
    assert setup.db.read_bytes() == before  # nothing more was written to the damaged file


# ---- a lock held by another process -----------------------------------------------------

HOLDER = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin
con.execute("ROLLBACK")
"""


def test_a_lock_held_past_the_busy_timeout_is_named_then_the_run_goes_ahead(
    setup: Setup, tmp_path: Path
) -> None:
    config = tmp_path / "quick.yaml"
    config.write_text("db_timeout: 0.2\n", encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(setup.db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline() == "locked\n"
        out = coord("run", "Add more", *setup.args, "--config", config)
        line = one_error_line(out, "is locked by another process (waited 0.2 s)")
        assert str(setup.db) in line
    finally:
        holder.stdin.close()
        holder.wait(timeout=120)  # a safety net: its stdin closed ends it
    assert session_ids(setup.db) == [setup.session]  # the refused run left nothing behind
    shutil.copy(tmp_path / "main.orig", setup.ws / "app" / "main.py")
    again = coord("run", "Add more", *setup.args, "--config", config, "--json")
    assert again.code == 0, again.stderr
    assert len(session_ids(setup.db)) == 2


# ---- a missing table, a bad JSON row ----------------------------------------------------


def test_a_missing_table_is_named_and_the_file_is_left_alone(setup: Setup) -> None:
    sql(setup.db, "DROP VIEW events")  # a view over event_log since schema 5
    before = setup.db.read_bytes()
    for command in (["sessions", "--db", setup.db], ["run", "Add more", *setup.args]):
        line = one_error_line(coord(*command), "is missing table events")
        assert str(setup.db) in line
    assert setup.db.read_bytes() == before


@pytest.mark.parametrize(
    ("table", "column", "command"),
    [
        ("sessions", "options", ["log", "SESSION"]),  # tidy55: `sessions` lists the others
        ("events", "data", ["log", "SESSION", "--json"]),
        ("messages", "content", ["log", "SESSION", "--json"]),
        ("runs", "report", ["log", "SESSION"]),
    ],
)
def test_one_unreadable_json_row_is_named_and_kept(
    setup: Setup, table: str, column: str, command: list[str]
) -> None:
    rowid = sql(setup.db, f"SELECT max(rowid) FROM {table} WHERE {column} IS NOT NULL")[0][0]
    sql(setup.db, f"UPDATE {table} SET {column} = '{{broken' WHERE rowid = {rowid}")
    if table == "messages":  # log shows no conversations; resume reads them
        command = ["resume", "SESSION"]
        sql(setup.db, "UPDATE sessions SET status = 'interrupted'")
        sql(setup.db, "UPDATE runs SET status = 'running'")
    args = [setup.session if a == "SESSION" else a for a in command]
    line = one_error_line(coord(*args, "--db", setup.db), f"has unreadable JSON in {column}")
    assert f"{setup.db}: {table} row " in line
    assert sql(setup.db, f"SELECT {column} FROM {table} WHERE rowid = {rowid}") == [("{broken",)]


# ---- read-only: the filesystem, or the file ---------------------------------------------


def bwrap(*mounts: str) -> list[str]:
    """A bubblewrap prefix: the whole system as it is, with ``mounts`` on top."""
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed")
    probe = subprocess.run(
        ["bwrap", "--bind", "/", "/", "--dev", "/dev", "true"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip(f"bubblewrap cannot run here: {probe.stderr.decode(errors='replace')}")
    return ["bwrap", "--bind", "/", "/", *mounts, "--dev", "/dev", "--proc", "/proc"]


# One interpreter inside the mount runs the commands in-process (typer's CliRunner), as the
# other tests do: the mount matters, a process per command does not.
COMMANDS = """
import json, sys, traceback
from typer.testing import CliRunner
from coordinator.cli.app import app

outcomes = []
for argv in json.loads(sys.argv[2]):
    result = CliRunner().invoke(app, argv)
    err = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        err += "".join(traceback.format_exception(result.exception))
    outcomes.append([result.exit_code, result.stdout, err, "anthropic" in sys.modules])
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(outcomes, f)
"""


def sandboxed_coord(prefix: list[str], out: Path, *commands: list[str | Path]) -> list[Outcome]:
    """Each of ``commands`` as ``coord`` runs it, in one interpreter under ``prefix``."""
    argvs = json.dumps([[str(a) for a in command] for command in commands])
    done = subprocess.run(
        [*prefix, sys.executable, "-c", COMMANDS, str(out), argvs],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [Outcome(*outcome) for outcome in json.loads(out.read_text(encoding="utf-8"))]


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def reading_commands(setup: Setup, db: Path) -> list[list[str | Path]]:
    """The commands that only read, on ``db``."""
    return [
        ["log", setup.session, "--db", db],
        ["log", setup.session, "--db", db, "--json"],
        ["sessions", "--db", db],
        ["sessions", "--db", db, "--json"],
        ["stats", "--db", db],
        ["stats", "--db", db, "--json"],
    ]


def test_reading_commands_on_a_read_only_filesystem_show_what_a_writable_copy_shows(
    setup: Setup, tmp_path: Path
) -> None:
    folder = setup.db.parent
    # days old: `sessions` shows its age in whole days, the same on both sides of a second
    sql(setup.db, "UPDATE sessions SET created_at = created_at - 864000")
    copy = tmp_path / "copy"  # as long a path as the original's folder ("data")
    shutil.copytree(folder, copy)
    before = folder_bytes(folder)
    assert not [n for n in before if n.endswith(("-wal", "-shm"))]  # checkpointed, closed
    prefix = bwrap("--ro-bind", str(folder), str(folder))
    read_only = reading_commands(setup, setup.db)
    writable = reading_commands(setup, copy / setup.db.name)
    outcomes = sandboxed_coord(prefix, tmp_path / "out.json", *read_only, *writable)
    for command, here, there in zip(
        read_only, outcomes[: len(read_only)], outcomes[len(read_only) :], strict=True
    ):
        assert here.code == 0, (command, here.stderr)
        assert there.code == 0, (command, there.stderr)
        assert here.stdout == there.stdout.replace(str(copy), str(folder)), command
        assert not here.sdk
    assert "Add the steps" in outcomes[2].stdout  # the session is listed, not "no sessions"
    assert folder_bytes(folder) == before  # nothing written, no -wal or -shm made


def test_writing_commands_on_a_read_only_filesystem_get_one_error_before_the_sdk(
    setup: Setup, tmp_path: Path
) -> None:
    sql(setup.db, "UPDATE sessions SET status = 'interrupted'")  # resumable
    sql(setup.db, "UPDATE runs SET status = 'running'")
    folder = str(setup.db.parent)
    before = folder_bytes(setup.db.parent)
    commands = (
        ["run", "Add more", *setup.args],
        ["resume", setup.session, "--db", setup.db],
        ["sessions", "rm", setup.session, "--db", setup.db],
    )
    outcomes = sandboxed_coord(bwrap("--ro-bind", folder, folder), tmp_path / "o.json", *commands)
    for out in outcomes:
        line = one_error_line(out, "on a read-only filesystem")
        assert str(setup.db) in line and "corrupt" not in line
        # daily44: the honest choices, not only a copy (a new session needs none of its rows)
        assert out.stderr.splitlines()[1] == (
            "Make its folder writable, or pass --db a path on a writable filesystem: a copy"
            " of it (--db COPY) keeps its sessions, a new file starts empty."
        )
    assert not outcomes[-1].sdk  # the store's error comes before the model SDK is loaded
    assert folder_bytes(setup.db.parent) == before
    assert coord("sessions", "--db", setup.db).code == 0  # healthy, as it was


# A process that commits (the checkpoint off) and dies: its changes are in the -wal alone.
UNCHECKPOINTED = """
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA wal_autocheckpoint = 0")
con.execute("UPDATE sessions SET request = 'Audited request'")
os._exit(0)
"""


def test_a_write_ahead_log_left_with_committed_frames_is_read_or_refused_clearly(
    setup: Setup, tmp_path: Path
) -> None:
    subprocess.run([sys.executable, "-c", UNCHECKPOINTED, str(setup.db)], check=True)
    folder = setup.db.parent
    wal, shm = (Path(f"{setup.db}-{suffix}") for suffix in ("wal", "shm"))
    assert wal.stat().st_size > 0 and shm.exists()
    prefix = bwrap("--ro-bind", str(folder), str(folder))
    before = folder_bytes(folder)
    listed, logged = sandboxed_coord(
        prefix,
        tmp_path / "out.json",
        ["sessions", "--db", setup.db, "--json"],
        ["log", setup.session, "--db", setup.db, "--json"],
    )
    assert listed.code == 0 and logged.code == 0, listed.stderr + logged.stderr
    assert [s["request"] for s in json.loads(listed.stdout)] == ["Audited request"]
    assert folder_bytes(folder) == before

    shm.unlink()  # the -wal alone: its frames cannot be read in place
    before = folder_bytes(folder)
    (refused,) = sandboxed_coord(prefix, tmp_path / "o2.json", ["sessions", "--db", setup.db])
    line = one_error_line(refused, "on a read-only filesystem")
    assert str(wal) in line and "--db COPY" in refused.stderr
    assert folder_bytes(folder) == before
    copy = tmp_path / "copy"  # the hint works: a copy with its -wal reads everything
    shutil.copytree(folder, copy)
    again = coord("sessions", "--db", copy / setup.db.name, "--json")
    assert [s["request"] for s in json.loads(again.stdout)] == ["Audited request"]


# Processes that die leaving a -wal whose every change is in the file, or none committed.
CHECKPOINTED = """
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA wal_autocheckpoint = 0")
con.execute("UPDATE sessions SET request = 'Audited request'")
con.execute("PRAGMA wal_checkpoint(FULL)")  # every frame copied into the file, the log kept
os._exit(0)
"""
NEVER_COMMITTED = """
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA cache_size = 10")  # the transaction's pages spill into the log
con.execute("BEGIN")
con.execute("UPDATE sessions SET request = 'Never committed'")
con.execute("CREATE TABLE spill (x)")
con.execute(
    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 500)"
    " INSERT INTO spill SELECT randomblob(1000) FROM c"
)
os._exit(0)
"""


def _restart_log(wal: Path) -> None:
    """What a writer does first after a full checkpoint (then died): a new generation's
    header (the salts changed, its checksum valid) over the older generation's frames."""
    import struct

    from coordinator.store.wal import checksum

    head = bytearray(wal.read_bytes()[:32])
    magic, *_ = struct.unpack(">I", head[:4])
    salt1, salt2 = struct.unpack(">2I", head[16:24])
    head[16:24] = struct.pack(">2I", (salt1 + 1) & 0xFFFFFFFF, salt2 ^ 0x5A5A5A5A)
    head[24:32] = struct.pack(">2I", *checksum(bytes(head[:24]), bool(magic & 1)))
    with wal.open("r+b") as f:
        f.write(head)


def test_a_write_ahead_log_with_nothing_the_file_lacks_is_read_in_place_without_its_shm(
    setup: Setup, tmp_path: Path
) -> None:
    """No -shm, and a -wal that is empty, fully checkpointed, restarted over an older
    generation's frames, or holding only a transaction that never committed: the file
    holds everything, so it is read in place, as a writable copy reads it."""
    shapes = {"empty": "Add the steps", "checkpointed": "Audited request",
              "restarted": "Audited request", "uncommitted": "Add the steps"}  # fmt: skip
    folders = tmp_path / "shapes"
    for shape in shapes:
        shutil.copytree(setup.db.parent, folders / shape)
        db = folders / shape / setup.db.name
        wal = Path(f"{db}-wal")
        if shape == "empty":
            wal.write_bytes(b"")
        else:
            program = NEVER_COMMITTED if shape == "uncommitted" else CHECKPOINTED
            subprocess.run([sys.executable, "-c", program, str(db)], check=True)
            Path(f"{db}-shm").unlink()
        assert wal.exists() and not Path(f"{db}-shm").exists()
        if shape == "restarted":
            _restart_log(wal)
    assert Path(f"{folders / 'uncommitted' / setup.db.name}-wal").stat().st_size > 100_000
    before = {shape: folder_bytes(folders / shape) for shape in shapes}
    commands = [["sessions", "--db", folders / s / setup.db.name, "--json"] for s in shapes]
    outcomes = sandboxed_coord(
        bwrap("--ro-bind", str(folders), str(folders)), tmp_path / "out.json", *commands
    )
    for (shape, request), out in zip(shapes.items(), outcomes, strict=True):
        assert out.code == 0, (shape, out.stderr)
        assert [s["request"] for s in json.loads(out.stdout)] == [request], shape
        assert folder_bytes(folders / shape) == before[shape], shape  # nothing written


def test_a_database_needing_an_upgrade_on_a_read_only_filesystem_is_refused_clearly(
    setup: Setup, tmp_path: Path
) -> None:
    sql(setup.db, f"PRAGMA user_version = {SCHEMA_VERSION - 1}")  # an older coordinator's
    folder = str(setup.db.parent)
    before = folder_bytes(setup.db.parent)
    (out,) = sandboxed_coord(
        bwrap("--ro-bind", folder, folder), tmp_path / "out.json", ["sessions", "--db", setup.db]
    )
    line = one_error_line(out, "on a read-only filesystem")
    assert (
        f"schema ({SCHEMA_VERSION - 1}) must be upgraded to {SCHEMA_VERSION}" in line
        and "--db COPY" in out.stderr
    )
    assert folder_bytes(setup.db.parent) == before


def test_a_read_only_database_file_is_named_and_still_readable(
    setup: Setup, tmp_path: Path
) -> None:
    path = str(setup.db)
    prefix = bwrap("--ro-bind", path, path)
    commands = (["sessions", "--db", setup.db, "--json"], ["run", "Add more", *setup.args])
    listed, ran = sandboxed_coord(prefix, tmp_path / "out.json", *commands)
    assert listed.code == 0, listed.stderr
    assert [s["session"] for s in json.loads(listed.stdout)] == [setup.session]
    line = one_error_line(ran, "read-only file")
    assert path in line
    assert not ran.sdk  # named before the model SDK is loaded
    assert session_ids(setup.db) == [setup.session]


# ---- a full disk, mid-run; then resume -------------------------------------------------

# One process in a private mount namespace runs the commands in-process (typer's CliRunner),
# as the other tests do: the namespace matters, a process per command does not. The process
# is forked by the test zygote (no SDK import to pay) and enters the namespace itself, as
# ``unshare -m`` would have before exec: unshare(CLONE_NEWNS), then no mount propagates out.
FULL_DISK = """
import ctypes, json, os, shutil, sqlite3, subprocess, sys, traceback
from typer.testing import CliRunner
from coordinator.cli.app import app

if ctypes.CDLL(None, use_errno=True).unshare(0x00020000) != 0:  # CLONE_NEWNS
    raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS) failed")
subprocess.run(["mount", "--make-rprivate", "/"], check=True)
mnt, out, db, args = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt], check=True)
small = os.path.join(mnt, "s.db")
shutil.copy(db, small)
filler = os.path.join(mnt, "filler")


def fill(leave):  # leave < 0: write more than fits
    with open(filler, "wb") as f:
        try:
            f.write(bytes(max(shutil.disk_usage(mnt).free - leave, 0)))
        except OSError:
            pass  # the disk is full


def coord(name, *argv):
    result = CliRunner().invoke(app, list(argv))
    err = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        err += "".join(traceback.format_exception(result.exception))
    for suffix, text in (("out", result.stdout), ("err", err), ("code", str(result.exit_code))):
        with open(os.path.join(out, f"{name}.{suffix}"), "w", encoding="utf-8") as f:
            f.write(text)


fill(-(1 << 20))
coord("open", "sessions", "--db", small, "--json")
coord("write", "run", "Add the steps again", *args, "--db", small, "--json")
os.remove(filler)
fill(128 * 1024)
coord("run", "run", "Add the steps again", *args, "--db", small, "--json")
os.remove(filler)
coord("listed", "sessions", "--db", small, "--json")
query = "SELECT id FROM sessions ORDER BY created_at DESC LIMIT 1"
with sqlite3.connect(small) as con:
    (sid,) = con.execute(query).fetchone()
coord("resume", "resume", sid, "--db", small, "--json")
with sqlite3.connect(small) as con, sqlite3.connect(os.path.join(out, "after.db")) as copy:
    con.backup(copy)  # with what is still in the write-ahead log
"""


def test_a_disk_full_mid_run_loses_nothing_and_resume_repeats_nothing(
    setup: Setup, tmp_path: Path
) -> None:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to mount a small tmpfs in a private namespace")
    probe = subprocess.run(
        ["unshare", "-m", "mount", "-t", "tmpfs", "tmpfs", str(tmp_path)], capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {probe.stderr.decode(errors='replace')}")
    shutil.copy(tmp_path / "main.orig", setup.ws / "app" / "main.py")
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    run_args = json.dumps([a for a in setup.args if a not in ("--db", str(setup.db))])
    zygote.run(
        [sys.executable, "-c", FULL_DISK, mnt, out, setup.db, run_args], check=True, timeout=300
    )
    assert not os.path.ismount(mnt)  # the tmpfs was the namespace's alone

    # a healthy database on a full disk: read in place (daily104: SQLite could not make the
    # -shm a read needs, so `coord sessions`/`log`/`stats` said "no space left"); a write
    # is refused naming the file, before anything is written
    assert (out / "open.code").read_text().strip() == "0", (out / "open.err").read_text()
    assert [s["session"] for s in json.loads((out / "open.out").read_text())] == [setup.session]
    write_err = (out / "write.err").read_text()
    assert (out / "write.code").read_text().strip() == str(EXIT_USER_ERROR), write_err
    assert write_err.startswith(f"error: no space left for session database {mnt / 's.db'}")
    assert "Traceback" not in write_err
    run_err = (out / "run.err").read_text()
    assert (out / "run.code").read_text().strip() == str(EXIT_USER_ERROR), run_err
    assert run_err.startswith(f"error: no space left for session database {mnt / 's.db'}")
    assert run_err.count("error:") == 1 and "Traceback" not in run_err
    listed = json.loads((out / "listed.out").read_text())
    assert [s["status"] for s in listed] == ["interrupted", "complete"]  # resumable
    assert (out / "resume.code").read_text().strip() == "0", (out / "resume.err").read_text()
    resumed = json.loads((out / "resume.out").read_text())
    assert resumed["status"] == "complete"

    after = out / "after.db"
    sid_run = resumed["session"]
    runs = sql(after, f"SELECT id FROM runs WHERE session_id = '{sid_run}'")
    assert len(runs) == 1
    kinds = [k for (k,) in sql(after, f"SELECT kind FROM events WHERE session_id = '{sid_run}'")]
    assert "session_resumed" in kinds  # it did stop mid-run and was continued
    assert kinds.count("model_call") == STEPS + 1  # no model call whose reply was kept ran twice
    turns = sql(
        after, f"SELECT COUNT(*) FROM messages WHERE run_id = {runs[0][0]} AND role = 'assistant'"
    )
    assert turns == [(STEPS + 1,)]
    main = (setup.ws / "app" / "main.py").read_text()
    # every edit ran exactly once; they stack under the title, so the newest comes first
    assert [line for line in main.splitlines() if line.startswith("# step-")] == [
        f"# step-{i}" for i in reversed(range(STEPS))
    ]
    assert sql(after, f"SELECT id FROM sessions WHERE id = '{setup.session}'")  # kept


# ---- a store error inside the engine: the session is left resumable ------------------


async def test_a_store_error_mid_run_leaves_the_session_interrupted_and_resumable(
    tmp_path: Path,
) -> None:
    turns: list[dict[str, Any]] = [{"tool_calls": [edit(f"# step-{i}")]} for i in range(STEPS)]
    turns[4]["text"] = "a long thought " * 20_000  # this reply needs pages the file cannot get
    h = Harness(tmp_path, {"backend": [*turns, {"text": report("Complete", "Done")}]})
    pages = h.store._db.execute("PRAGMA page_count").fetchone()[0]
    h.store._db.execute(f"PRAGMA max_page_count = {pages + 8}")  # a real SQLITE_FULL
    with pytest.raises(StoreError) as err:
        await h.engine.start("Add the steps", agent="backend")
    assert err.value.fault is StoreFault.FULL
    (row,) = h.store.sessions()
    assert (row.status, shown_status(h.store, row)) == ("interrupted", "interrupted")
    assert row.reason.startswith("stopped by a database error: no space left")
    assert h.kinds(row.id)[-1] == "interrupted"
    assert len(h.provider.model.calls) == 5  # it stopped mid-run, at the long reply
    # a script following it exits as the run did (4), not as after an outage (75)
    follow = CliRunner().invoke(app, ["log", "-f", row.id, "--db", str(h.db)])
    assert follow.exit_code == err.value.exit_code == EXIT_USER_ERROR, follow.output

    h.store._db.execute("PRAGMA max_page_count = 1073741823")  # space is freed
    result = await h.engine.resume(row.id)
    assert result.status == "complete"
    # each reply once, plus the one that could not be kept
    assert len(h.provider.model.calls) == STEPS + 2
    main = (h.ws / "app" / "main.py").read_text()
    assert [line for line in main.splitlines() if line.startswith("# step-")] == [
        f"# step-{i}" for i in reversed(range(STEPS))
    ]
    h.close()


def test_a_read_only_session_folder_without_a_database_names_a_way_that_works(
    setup: Setup, tmp_path: Path
) -> None:
    """daily17: an empty read-only ``.coordinator/`` (a read-only mount, a checkout) has no
    database to copy: the error says it cannot be created there, and --db elsewhere works."""
    folder = setup.ws / ".coordinator"
    folder.mkdir(exist_ok=True)
    args = [a for a in setup.args if a not in ("--db", str(setup.db))]
    elsewhere = tmp_path / "elsewhere.db"
    refused, ran = sandboxed_coord(
        bwrap("--ro-bind", str(folder), str(folder)),
        tmp_path / "o.json",
        ["run", "Add more", *args],
        ["run", "Add more", *args, "--db", elsewhere],
    )
    line = one_error_line(refused, "cannot create session database")
    assert f"{folder} is on a read-only filesystem" in line
    assert "--db FILE on a writable filesystem" in refused.stderr
    assert "COPY" not in refused.stderr  # there is nothing to copy
    assert ran.code == 0, ran.stderr
    assert not (folder / "coordinator.db").exists() and elsewhere.exists()


def test_a_read_only_checkout_without_a_session_folder_names_a_way_that_works(
    setup: Setup, tmp_path: Path
) -> None:
    """scripts107: a CI job's read-only checkout (no ``.coordinator/`` yet) said only "cannot
    create the folder ...: Read-only file system", no hint; it names --db, as an empty
    read-only ``.coordinator/`` does, and --db elsewhere works."""
    shutil.rmtree(setup.ws / ".coordinator", ignore_errors=True)
    args = [a for a in setup.args if a not in ("--db", str(setup.db))]
    elsewhere = tmp_path / "elsewhere.db"
    refused, ran = sandboxed_coord(
        bwrap("--ro-bind", str(setup.ws), str(setup.ws)),
        tmp_path / "o.json",
        ["run", "Add more", *args, "--json"],
        ["run", "Add more", *args, "--db", elsewhere],
    )
    assert refused.code == 4
    shown = json.loads(refused.stdout)
    assert shown["error"].startswith("cannot create the folder for")
    assert "--db FILE on a writable filesystem" in shown["hint"]
    assert ran.code == 0, ran.stderr
    assert not (setup.ws / ".coordinator").exists() and elsewhere.exists()
