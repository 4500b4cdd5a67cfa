"""badinput108: a bad-input matrix over every ``coord`` command.

Each cell runs ``coord`` in this process (typer's CliRunner, as tests/cli.py does, but with
exceptions caught so a traceback is a row, not a crash) in a fresh workspace under a
temporary HOME; a few cells where the process matters (a lock another process holds, a
full tmpfs) run ``python -m coordinator`` as a real process. Prints one row per cell:
command, input, exit code, the first line said (stderr, else stdout), traceback yes/no, and
whether a session was left ``running``.

    PYTHONPATH=$PWD python bench/badinput108.py [--only SUBSTRING] [--wide]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from typer.testing import CliRunner

from coordinator.cli.app import app

GOOD = "---\nname: good-agent\ndescription: Handles payments and invoices.\n---\nPayments.\n"
SCRIPT = (
    "agents:\n  good-agent:\n"
    "    - text: |\n        Which currency?\n\n        **Status:** Blocked\n"
    "        **Domain:** Product\n        **Blocker:** the currency\n"
    "        **Required:** which currency refunds use\n"
    "    - text: |\n        Added the refund route.\n\n        **Status:** Complete\n"
)
BAD_UTF8 = b"\xff\xfe bad \xc3"
NUL = "a\x00b"
SURR = "caf\udce9"  # a bad UTF-8 byte as argv carries it (surrogateescape)
Setup = Callable[["Cell", Path], None]


@dataclass
class Cell:
    """One command given one bad input."""

    command: str
    bad: str
    args: list[str]
    env: dict[str, str] = field(default_factory=dict)
    stdin: str | bytes | None = None
    setup: Setup | None = None
    process: bool = False
    seeded: bool = False  # a session exists before the command runs
    plain_user: bool = False  # as root: without the capabilities that override file modes


@dataclass
class Row:
    command: str
    bad: str
    code: int
    first: str
    tb: bool
    stuck: bool
    seeded: str


# ---- the workspace ----------------------------------------------------------------------


def workspace(root: Path) -> Path:
    ws = root / "ws"
    (ws / ".claude" / "agents").mkdir(parents=True)
    (ws / ".claude" / "agents" / "good-agent.md").write_text(GOOD, encoding="utf-8")
    (root / "script.yaml").write_text(SCRIPT, encoding="utf-8")
    for sub in ("home", "config", "cache", "data", "claude"):
        (root / sub).mkdir()
    return ws


def base_env(root: Path) -> dict[str, str]:
    return {
        "HOME": str(root / "home"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_STATE_HOME": str(root / "data"),
        "CLAUDE_CONFIG_DIR": str(root / "claude"),
        "COORDINATOR_ALLOW_MODEL_REQUESTS": "0",
        "ANTHROPIC_API_KEY": "",
        "COLUMNS": "200",
    }


def seed(root: Path, ws: Path) -> str:
    """One session waiting on a person's answer in the workspace's database; its id."""
    script = str(root / "script.yaml")
    ran = invoke(["run", "refund the payment", "--script", script], ws, base_env(root), None)
    if ran[0] != 3:
        raise SystemExit(f"seeding failed: {ran}")
    db = ws / ".coordinator" / "coordinator.db"
    with contextlib.closing(sqlite3.connect(db)) as con:
        return str(con.execute("select id from sessions").fetchone()[0])


def invoke(
    args: list[str], cwd: Path, env: dict[str, str], stdin: str | bytes | None
) -> tuple[int, str, str, bool]:
    before = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, args, input=stdin, env=env, catch_exceptions=True)
    finally:
        os.chdir(before)
    exc = result.exception
    tb = exc is not None and not isinstance(exc, SystemExit)
    err = result.stderr
    if tb and exc is not None:
        err += "".join(traceback.format_exception(exc))
    return result.exit_code, result.stdout, err, tb


def spawn(
    args: list[str], cwd: Path, env: dict[str, str], plain: bool = False
) -> tuple[int, str, str, bool]:
    drop = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    done = subprocess.run(
        [
            *(drop if plain and os.geteuid() == 0 else []),
            sys.executable,
            "-m",
            "coordinator",
            *args,
        ],
        cwd=cwd,
        env={
            **os.environ,
            **env,
            "PYTHONPATH": os.environ.get("PYTHONPATH") or str(Path(__file__).resolve().parents[1]),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr, "Traceback" in done.stderr


def statuses(ws: Path, sid: str) -> tuple[bool, str]:
    """Whether a session is left ``running``, and the seeded session's status now (``gone``
    when removed, ``-`` when the database cannot be read)."""
    db = ws / ".coordinator" / "coordinator.db"
    if not db.is_file():
        return False, "-"
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
            rows = dict(con.execute("select id, status from sessions").fetchall())
    except sqlite3.Error:
        return False, "-"
    return "running" in rows.values(), rows.get(sid, "gone") if sid != "none" else ""


def run_cell(cell: Cell) -> Row:
    with tempfile.TemporaryDirectory(prefix="badinput108-", dir="/var/tmp") as tmp:
        root = Path(tmp)
        ws = workspace(root)
        env = base_env(root)
        sid = seed(root, ws) if cell.seeded else "none"
        if cell.setup is not None:
            cell.setup(cell, root)
        if (root / "sid").is_file():  # the setup made the session the cell is about
            sid = (root / "sid").read_text(encoding="utf-8")
        pg = (root / "pg").read_text(encoding="utf-8") if (root / "pg").is_file() else ""
        args = [
            a.replace("{root}", str(root)).replace("{sid}", sid).replace("{pg}", pg)
            for a in cell.args
        ]
        env.update({k: v.replace("{root}", str(root)) for k, v in cell.env.items()})
        try:
            if cell.process or cell.plain_user:
                code, out, err, tb = spawn(args, ws, env, cell.plain_user)
            else:
                code, out, err, tb = invoke(args, ws, env, cell.stdin)
        finally:
            teardown(root)
        said = [x for x in (err.strip() or out.strip()).splitlines() if x.strip()]
        first = said[0].strip() if said else ""
        if tb:
            first = said[-1].strip() if said else "?"
        running, seeded = statuses(ws, sid)
        return Row(cell.command, cell.bad, code, first, tb, running, seeded)


def teardown(root: Path) -> None:
    for hook in _TEARDOWN.pop(str(root), []):
        hook()


_TEARDOWN: dict[str, list[Callable[[], None]]] = {}


# ---- setups -----------------------------------------------------------------------------


def write(rel: str, data: bytes | str) -> Setup:
    def setup(cell: Cell, root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return setup


def db_path(root: Path) -> Path:
    return root / "ws" / ".coordinator" / "coordinator.db"


def db_folder(cell: Cell, root: Path) -> None:
    db = db_path(root)
    for p in db.parent.glob("coordinator.db*"):
        p.unlink()
    db.mkdir(parents=True)


def db_empty(cell: Cell, root: Path) -> None:
    db = db_path(root)
    for p in db.parent.glob("coordinator.db*"):
        p.unlink()
    db.write_bytes(b"")


def db_truncated(cell: Cell, root: Path) -> None:
    db = db_path(root)
    with contextlib.closing(sqlite3.connect(db)) as con:
        con.execute("pragma wal_checkpoint(truncate)")
    for p in db.parent.glob("coordinator.db-*"):
        p.unlink()
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 1234])


def db_garbage(cell: Cell, root: Path) -> None:
    db = db_path(root)
    for p in db.parent.glob("coordinator.db*"):
        p.unlink()
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"this is not a database\n" * 400)


def db_readonly(cell: Cell, root: Path) -> None:
    folder = db_path(root).parent
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
    _TEARDOWN.setdefault(str(root), []).append(
        lambda: subprocess.run(["umount", "-l", str(folder)], check=False)
    )


def db_full(cell: Cell, root: Path) -> None:
    folder = db_path(root).parent
    keep = root / "keep"
    shutil.copytree(folder, keep)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], check=True)
    for p in keep.iterdir():
        shutil.copy2(p, folder / p.name)
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as f:
        while True:
            f.write(b"\0" * 4096)
            f.flush()
    _TEARDOWN.setdefault(str(root), []).append(
        lambda: subprocess.run(["umount", "-l", str(folder)], check=False)
    )


def db_locked(cell: Cell, root: Path) -> None:
    db = db_path(root)
    code = (
        "import sqlite3,sys;c=sqlite3.connect(sys.argv[1],isolation_level=None);"
        "c.execute('begin exclusive');print('locked',flush=True);sys.stdin.read()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    (root / "config" / "coordinator").mkdir(parents=True, exist_ok=True)
    (root / "config" / "coordinator" / "config.yaml").write_text("db_timeout: 0.5\n")

    def release() -> None:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()

    _TEARDOWN.setdefault(str(root), []).append(release)


def agents_loop(cell: Cell, root: Path) -> None:
    folder = root / "ws" / ".claude" / "agents"
    os.symlink("b.md", folder / "a.md")
    os.symlink("a.md", folder / "b.md")


def agents_dir_loop(cell: Cell, root: Path) -> None:
    os.symlink("loop2", root / "loop1")
    os.symlink("loop1", root / "loop2")


def unreadable_agent(cell: Cell, root: Path) -> None:
    path = root / "ws" / ".claude" / "agents" / "secret.md"
    path.write_text(GOOD.replace("good-agent", "secret-agent"), encoding="utf-8")
    path.chmod(0)
    os.chmod(root, 0o755)


def both(*setups: Setup) -> Setup:
    def setup(cell: Cell, root: Path) -> None:
        for s in setups:
            s(cell, root)

    return setup


# ---- the matrix -------------------------------------------------------------------------

AG = "ws/.claude/agents/"
UCFG = "config/coordinator/config.yaml"
WCFG = "ws/.coordinator/config.yaml"
WSET = "ws/.claude/settings.json"
USET = "claude/settings.json"
RUN = ["--script", "{root}/script.yaml"]
SESSION_CMDS: list[tuple[str, list[str]]] = [
    ("run", ["run", "refund it", *RUN]),
    ("resume", ["resume", "{sid}", "--context", "euro", *RUN]),
    ("log", ["log", "{sid}"]),
    ("log --json", ["log", "--json"]),
    ("sessions --here", ["sessions", "--here"]),
    ("sessions", ["sessions"]),
    ("sessions rm", ["sessions", "rm", "{sid}"]),
    ("stats --here", ["stats", "--here"]),
    ("config", ["config"]),
]
ROSTER_CMDS: list[tuple[str, list[str]]] = [
    ("route", ["route", "refund the payment"]),
    ("route --json", ["route", "refund the payment", "--json"]),
    ("agents list", ["agents", "list"]),
    ("agents show", ["agents", "show", "good-agent"]),
    ("agents validate", ["agents", "validate", "{root}/ws/.claude/agents"]),
    ("agents eval", ["agents", "eval", "{root}/cases.yaml"]),
    ("run", ["run", "refund the payment", *RUN]),
    ("config", ["config"]),
]
CASES = write("cases.yaml", "- {request: refund the payment, expect: good-agent}\n")


def argv_cells() -> Iterator[Cell]:
    for bad, text in (("argv bad UTF-8", SURR), ("argv NUL", NUL)):
        yield Cell("route", bad, ["route", text])
        yield Cell("run", bad, ["run", text, *RUN])
        yield Cell("parse FILE", bad, ["parse", text])
        yield Cell("agents show", bad, ["agents", "show", text])
        yield Cell("agents new", bad, ["agents", "new", text])
        yield Cell("agents new --domain", bad, ["agents", "new", "x-agent", "--domain", text])
        yield Cell("agents new -t", bad, ["agents", "new", "x-agent", "-t", text])
        yield Cell("agents validate", bad, ["agents", "validate", text])
        yield Cell("agents eval", bad, ["agents", "eval", text])
        yield Cell("log SESSION", bad, ["log", text], seeded=True)
        yield Cell("resume SESSION", bad, ["resume", text, *RUN], seeded=True)
        yield Cell("resume --as", bad, ["resume", "--as", text, "--context", "x"], seeded=True)
        yield Cell("resume --context", bad, ["resume", "--context", text, *RUN], seeded=True)
        yield Cell("sessions --search", bad, ["sessions", "--search", text], seeded=True)
        yield Cell("sessions --agent", bad, ["sessions", "--agent", text], seeded=True)
        yield Cell("sessions --since", bad, ["sessions", "--since", text], seeded=True)
        yield Cell("sessions rm ID", bad, ["sessions", "rm", text], seeded=True)
        yield Cell("stats --session", bad, ["stats", "--session", text], seeded=True)
        yield Cell("run --workspace", bad, ["run", "refund it", "-w", text, *RUN])
        yield Cell("run --db", bad, ["run", "refund it", "--db", text, *RUN])
        yield Cell("run --config", bad, ["run", "refund it", "--config", text, *RUN])
        yield Cell("run --agents-dir", bad, ["run", "refund it", "--agents-dir", text, *RUN])
        yield Cell("run --model", bad, ["run", "refund it", "--model", text, *RUN])
        yield Cell("run --base-url", bad, ["run", "refund it", "--base-url", text])
        yield Cell("run --agent", bad, ["run", "refund it", "--agent", text, *RUN])
        yield Cell(
            "run --bash-env", bad, ["run", "refund it", "--allow-bash", "--bash-env", text, *RUN]
        )
        yield Cell("run --script", bad, ["run", "refund it", "--script", text])
        yield Cell("log --otel-endpoint", bad, ["log", "--otel-endpoint", text], seeded=True)
        yield Cell("demo -w", bad, ["demo", "-w", text, "--offline"])
        yield Cell("config -w", bad, ["config", "-w", text])
        yield Cell("worker --db", bad, ["worker", "--db", text])
        yield Cell("mcp -w", bad, ["mcp", "-w", text])


_BADS = (("bad UTF-8", b"refund " + BAD_UTF8 + b"\n"), ("NUL", b"refund\0x\n"))


def text_file_cells() -> Iterator[Cell]:
    """Request, report, batch, cases, answer and script files holding invalid text."""
    for bad, data in _BADS:
        yield Cell(
            "route -f",
            f"request file {bad}",
            ["route", "-f", "{root}/req"],
            setup=write("req", data),
        )
        yield Cell(
            "run -f",
            f"request file {bad}",
            ["run", "-f", "{root}/req", *RUN],
            setup=write("req", data),
        )
        yield Cell("run -f -", f"stdin {bad}", ["run", "-f", "-", *RUN], stdin=data)
        yield Cell("parse", f"report {bad}", ["parse", "{root}/req"], setup=write("req", data))
        yield Cell(
            "run --batch",
            f"batch {bad}",
            ["run", "--batch", "{root}/req", *RUN],
            setup=write("req", b"- " + data),
        )
        yield Cell(
            "agents eval",
            f"cases {bad}",
            ["agents", "eval", "{root}/req"],
            setup=write("req", b"- {request: '" + data.strip() + b"', expect: x}\n"),
        )
        yield Cell(
            "resume --context-file",
            f"answer {bad}",
            ["resume", "--context-file", "{root}/req", *RUN],
            seeded=True,
            setup=write("req", data),
        )
        yield Cell(
            "run --script",
            f"script {bad}",
            ["run", "refund it", "--script", "{root}/req"],
            setup=write("req", b"agents:\n  good-agent:\n    - text: '" + data.strip() + b"'\n"),
        )
    yield from config_text_cells()
    yield from agent_text_cells()


def config_text_cells() -> Iterator[Cell]:
    """Config files and Claude Code settings holding invalid text."""
    for bad, data in _BADS:
        for where, rel in (
            ("user config", UCFG),
            ("workspace config", WCFG),
            ("--config", "cfg.yaml"),
        ):
            payload = b"max_turns: 4\n# " + data
            extra = ["--config", "{root}/cfg.yaml"] if where == "--config" else []
            for cmd, args in (
                ("config", ["config"]),
                ("route", ["route", "refund"]),
                ("run", ["run", "refund", *RUN]),
            ):
                yield Cell(cmd, f"{where} {bad}", [*args, *extra], setup=write(rel, payload))
        yield Cell(
            "config",
            f"COORDINATOR_CONFIG {bad}",
            ["config"],
            env={"COORDINATOR_CONFIG": "{root}/cfg.yaml"},
            setup=write("cfg.yaml", b"max_turns: 4\n# " + data),
        )
        for where, rel in (
            ("workspace settings.json", WSET),
            ("user settings.json", USET),
            ("settings.local.json", "ws/.claude/settings.local.json"),
        ):
            payload = b'{"hooks": {}, "x": "' + data.strip() + b'"}'
            for cmd, args in (
                ("run", ["run", "refund", *RUN]),
                ("config", ["config"]),
                ("agents show", ["agents", "show", "good-agent"]),
            ):
                yield Cell(cmd, f"{where} {bad}", args, setup=write(rel, payload))
            yield Cell(
                "run",
                f"{where} not JSON",
                ["run", "refund", *RUN],
                setup=write(rel, b'{"hooks": {'),
            )


def agent_text_cells() -> Iterator[Cell]:
    """Agent files holding invalid text in the body or the frontmatter."""
    for bad, data in _BADS:
        agent = GOOD.encode().replace(b"Payments.\n", b"Pay " + data)
        for cmd, args in ROSTER_CMDS:
            yield Cell(
                cmd, f"agent body {bad}", args, setup=both(write(AG + "bad.md", agent), CASES)
            )
        front = GOOD.encode().replace(b"invoices.", b"invoices " + data.strip())
        front = front.replace(b"good-agent", b"other-agent")
        for cmd, args in ROSTER_CMDS:
            yield Cell(
                cmd,
                f"agent frontmatter {bad}",
                args,
                setup=both(write(AG + "bad.md", front), CASES),
            )


def agent_cells() -> Iterator[Cell]:
    broken = "---\nname: bad-agent\ndescription: x\ntools: [Read,\nmodel: sonnet\n---\nBody.\n"
    dup = GOOD.replace("Payments.", "Another.")
    for cmd, args in ROSTER_CMDS:
        yield Cell(cmd, "agent YAML broken", args, setup=both(write(AG + "bad.md", broken), CASES))
        yield Cell(cmd, "agent duplicate name", args, setup=both(write(AG + "dup.md", dup), CASES))
        yield Cell(cmd, "agent .md link loop", args, setup=both(agents_loop, CASES))
    for cmd, args in (
        ("route", ["route", "x"]),
        ("agents list", ["agents", "list"]),
        ("agents validate", ["agents", "validate"]),
    ):
        yield Cell(
            cmd,
            "--agents-dir link loop",
            [*args, "--agents-dir", "{root}/loop1"]
            if cmd != "agents validate"
            else [*args, "{root}/loop1"],
            setup=agents_dir_loop,
        )
        yield Cell(
            cmd,
            "--agents-dir is a file",
            [*args, "--agents-dir", "{root}/script.yaml"]
            if cmd != "agents validate"
            else [*args, "{root}/script.yaml"],
        )


def db_cells() -> Iterator[Cell]:
    for bad, setup in (
        ("db is a folder", db_folder),
        ("db empty", db_empty),
        ("db truncated mid-page", db_truncated),
        ("db not SQLite", db_garbage),
        ("db read-only mount", db_readonly),
        ("db locked (db_timeout 0.5)", db_locked),
    ):
        for cmd, args in SESSION_CMDS:
            yield Cell(cmd, bad, args, seeded=True, setup=setup)
    for cmd, args in SESSION_CMDS:
        yield Cell(cmd, "db on a full tmpfs", args, seeded=True, setup=db_full, process=True)


def env_cells() -> Iterator[Cell]:
    for bad, value in (
        ("COORD_DB folder", "{root}/ws"),
        ("COORD_DB mysql://", "mysql://x/y"),
        ("COORD_DB postgresql:// no host", "postgresql://"),
        ("COORD_DB empty", ""),
        ("COORD_DB relative", "rel/x.db"),
        ("COORD_DB in a missing folder", "{root}/nope/x.db"),
    ):
        for cmd, args in SESSION_CMDS:
            yield Cell(cmd, bad, args, env={"COORD_DB": value}, seeded=True)
    for bad, env in (
        ("COORDINATOR_CONFIG missing", {"COORDINATOR_CONFIG": "{root}/nope.yaml"}),
        ("COORDINATOR_CONFIG folder", {"COORDINATOR_CONFIG": "{root}/ws"}),
        ("COORDINATOR_CONFIG empty", {"COORDINATOR_CONFIG": ""}),
        ("COORDINATOR_ALLOW_MODEL_REQUESTS=maybe", {"COORDINATOR_ALLOW_MODEL_REQUESTS": "maybe"}),
        ("XDG_CONFIG_HOME relative", {"XDG_CONFIG_HOME": "rel"}),
        ("CLAUDE_CONFIG_DIR a file", {"CLAUDE_CONFIG_DIR": "{root}/script.yaml"}),
        ("ANTHROPIC_BASE_URL ftp://", {"ANTHROPIC_BASE_URL": "ftp://x"}),
        ("OTEL endpoint garbage", {"OTEL_EXPORTER_OTLP_ENDPOINT": "::nope"}),
        ("COORD_MCP_TOKEN empty", {"COORD_MCP_TOKEN": ""}),
    ):
        for cmd, args in (
            ("config", ["config"]),
            ("route", ["route", "refund"]),
            ("run", ["run", "refund", *RUN]),
            ("sessions", ["sessions"]),
        ):
            yield Cell(cmd, bad, args, env=env)


def flag_cells() -> Iterator[Cell]:
    flags = [
        ("sessions", ["sessions", "--limit", "abc"]),
        ("sessions", ["sessions", "--limit", "0"]),
        ("sessions", ["sessions", "--status", "bogus"]),
        ("sessions", ["sessions", "--since", "next tuesday-ish"]),
        ("sessions rm", ["sessions", "rm", "--older-than", "x"]),
        ("sessions rm", ["sessions", "rm"]),
        ("stats", ["stats", "--since", "abc"]),
        ("run", ["run", "refund it", "--concurrency", "x", "--batch", "{root}/b.yaml"]),
        ("run", ["run", "refund it", "--workers", "-1", "--batch", "{root}/b.yaml"]),
        ("run", ["run", "refund it", "--provider", "bogus"]),
        ("run", ["run", "refund it", "--router", "bogus"]),
        ("run", ["run", "--json"]),
        ("run", ["run", "refund it", "--unsandboxed-bash"]),
        ("run", ["run", "refund it", "--detach"]),
        ("resume", ["resume", "--question", "q99", *RUN]),
        ("resume", ["resume", "--context", "a", "--context-file", "{root}/script.yaml"]),
        ("agents eval", ["agents", "eval", "{root}/cases.yaml", "--min-accuracy", "200"]),
        ("agents eval", ["agents", "eval", "{root}/cases.yaml", "--min-accuracy", "x"]),
        ("agents new", ["agents", "new", "Bad Name!"]),
        ("agents new", ["agents", "new", "x-agent", "--not-for", "nope"]),
        ("agents new", ["agents", "new", "x-agent", "--model", "gpt-9"]),
        ("mcp", ["mcp", "--http", "99999"]),
        ("mcp", ["mcp", "--http", "x"]),
        ("worker", ["worker", "--lease", "x"]),
        ("worker", ["worker", "--lease", "0.1"]),
        ("worker", ["worker", "--concurrency", "0"]),
        ("worker", ["worker"]),
        ("worker", ["worker", "--db", "{root}/x.db"]),
        ("log", ["log", "--otel-endpoint", "nope://x"]),
        ("demo", ["demo", "-w", "{root}/ws", "--offline"]),
        ("parse", ["parse", "{root}"]),
        ("parse", ["parse", "{root}/missing.md"]),
        ("config", ["config", "--json", "--db", "postgresql://u:secret@/x"]),
    ]
    for cmd, args in flags:
        yield Cell(
            cmd,
            "flag " + " ".join(a for a in args[1:] if "{root}" not in a),
            args,
            seeded=True,
            setup=both(CASES, write("b.yaml", "- refund it\n")),
        )


def chmod(rel: str, mode: int) -> Setup:
    def setup(cell: Cell, root: Path) -> None:
        path = root / rel
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("{}\n" if path.suffix == ".json" else "max_turns: 4\n")
        path.chmod(mode)
        _TEARDOWN.setdefault(str(root), []).append(lambda: path.chmod(0o755))

    return setup


def perm_cells() -> Iterator[Cell]:
    """Files this user may not read or search (as root: file modes made binding)."""
    cases = [
        (
            "agent file mode 000",
            both(
                write(AG + "secret.md", GOOD.replace("good-agent", "s-a")),
                chmod(AG + "secret.md", 0),
            ),
        ),
        ("user config mode 000", chmod(UCFG, 0)),
        ("settings.json mode 000", chmod(WSET, 0)),
        ("db mode 000", chmod("ws/.coordinator/coordinator.db", 0)),
        (".coordinator/ not searchable", chmod("ws/.coordinator", 0o600)),
        ("agents folder not searchable", chmod("ws/.claude/agents", 0o600)),
    ]
    for bad, setup in cases:
        for cmd, args in [
            *SESSION_CMDS,
            ("route", ["route", "refund the payment"]),
            ("agents validate", ["agents", "validate"]),
        ]:
            yield Cell(cmd, bad, args, seeded=True, setup=setup, plain_user=True)
    for cmd, args in (
        ("route -f", ["route", "-f", "{root}/req"]),
        ("parse", ["parse", "{root}/req"]),
        ("resume --context-file", ["resume", "--context-file", "{root}/req"]),
        ("run --script", ["run", "refund it", "--script", "{root}/req"]),
    ):
        yield Cell(
            cmd,
            "file mode 000",
            args,
            seeded=True,
            plain_user=True,
            setup=both(write("req", "refund\n"), chmod("req", 0)),
        )


# ---- badinput112: the surfaces merged since -------------------------------------------


def hook_settings(event: str, command: str, matcher: str | None = None) -> bytes:
    """A settings file with one ``event`` hook running ``command`` (JSON escapes kept: a
    ``\\ud800`` in ``command`` reaches the reader as a lone surrogate)."""
    entry = '{"type": "command", "command": "' + command + '", "timeout": 5}'
    match = f'"matcher": "{matcher}", ' if matcher else ""
    return ('{"hooks": {"' + event + '": [{' + match + '"hooks": [' + entry + "]}]}}").encode()


_VAR_HOOKS = (
    ("$var bad UTF-8 bytes", b"a=\xff\xfe.pyuser; PYTHONUSERBASE=$a echo x"),
    ("$var lone surrogate", rb"a=\ud800; PYTHONUSERBASE=$a echo x"),
    ("$var escaped byte", rb"s=\udcff.sh; sh \"$s\""),
    ("${var:-default} surrogate", rb"echo ${a:-\ud800}"),
    ("$var NUL", rb"a=x\u0000y; PYTHONUSERBASE=$a echo x"),
    ("${ unclosed", rb"a=1; echo ${a"),
)


def hook_line_cells(lines: tuple[tuple[str, bytes], ...]) -> Iterator[Cell]:
    """Each of ``lines`` (what is bad, the hook's command) as a SessionStart and a PreToolUse
    hook of the user's and the workspace's settings, under run, run --allow-bash, config and
    agents validate."""
    for bad, command in lines:
        for event, matcher in (("SessionStart", None), ("PreToolUse", "Bash")):
            raw = hook_settings(event, "", matcher).replace(
                b'"command": ""', b'"command": "' + command + b'"'
            )
            for where, rel in (("user settings", USET), ("workspace settings", WSET)):
                for cmd, args in (
                    ("run", ["run", "refund", *RUN]),
                    ("run --allow-bash", ["run", "refund", "--allow-bash", *RUN]),
                    ("config", ["config"]),
                    ("agents validate", ["agents", "validate"]),
                ):
                    yield Cell(cmd, f"{where} {event} {bad}", args, setup=write(rel, raw))


def var_hook_cells() -> Iterator[Cell]:
    """Settings whose hook lines use ``$var`` spellings holding invalid text."""
    return hook_line_cells(_VAR_HOOKS)


MCP = "ws/.mcp.json"
_TEMPLATES = (
    ("${VAR} unset", '{"command": "${NOPE_112}", "args": []}'),
    ("${VAR:-default} surrogate", '{"command": "${NOPE_112:-\\ud800}", "args": []}'),
    ("${VAR:-default} NUL", '{"command": "${NOPE_112:-a\\u0000b}", "args": []}'),
    ("${ unclosed", '{"command": "${NOPE_112", "args": ["x"]}'),
    ("${} empty", '{"command": "echo", "args": ["${}"]}'),
    ("url ${VAR} unset", '{"type": "http", "url": "http://${NOPE_112}/mcp"}'),
    ("url ${VAR:-default} not a URL", '{"type": "http", "url": "${NOPE_112:-::nope}"}'),
    (
        "headers ${VAR} surrogate",
        '{"type": "http", "url": "http://127.0.0.1:9/m", "headers": {"A": "${X:-\\udcff}"}}',
    ),
    ("env ${VAR} a list", '{"command": "echo", "env": {"A": ["${X}"]}}'),
)


def template_cells() -> Iterator[Cell]:
    """A ``.mcp.json`` whose server is a template (``${VAR}`` spellings), approved."""
    approve = write(USET, '{"enabledMcpjsonServers": ["srv"]}')
    uses = write(
        AG + "good-agent.md", GOOD.replace("invoices.\n", "invoices.\nmcpServers: [srv]\n")
    )
    for bad, server in _TEMPLATES:
        setup = both(approve, uses, write(MCP, '{"mcpServers": {"srv": ' + server + "}}"))
        for cmd, args in (
            ("run", ["run", "refund", *RUN]),
            ("run @mention", ["run", "refund @srv:file:///x", *RUN]),
            ("config", ["config"]),
            ("agents validate", ["agents", "validate"]),
        ):
            yield Cell(cmd, f".mcp.json template {bad}", args, setup=setup)


DONE = "agents:\n  good-agent:\n    - text: |\n        Done.\n\n        **Status:** Complete\n"


def ended_owing(command: str, damage: str | None = None) -> Setup:
    """A session ended with a user SessionEnd hook, its hook runs then taken out of the
    store as a ``kill -9`` leaves them (the SessionEnd owed); the hook now ``command``;
    ``damage``: the ``hooks_owed`` payload written over (SQL text)."""

    def setup(cell: Cell, root: Path) -> None:
        ws = root / "ws"
        (root / "done.yaml").write_text(DONE, encoding="utf-8")
        (root / USET).write_bytes(hook_settings("SessionEnd", "true"))
        ran = invoke(
            ["run", "refund it", "--script", str(root / "done.yaml")], ws, base_env(root), None
        )
        if ran[0] != 0:
            raise SystemExit(f"ending failed: {ran}")
        (root / USET).write_bytes(hook_settings("SessionEnd", command))
        with contextlib.closing(sqlite3.connect(db_path(root))) as con:
            sid = con.execute("select id from sessions where status = 'complete'").fetchone()[0]
            con.execute("delete from events where kind in ('hook', 'hooks_fired')")
            if damage is not None:
                con.execute(f"update events set data = {damage} where kind = 'hooks_owed'")
            con.commit()
        (root / "sid").write_text(sid, encoding="utf-8")

    return setup


_FAILING = (
    ("exit 1", "echo failing >&2; exit 1"),
    ("exit 2", "echo blocked >&2; exit 2"),
    ("not found", "/nonexistent/end-hook"),
    ("timeout", "sleep 30"),
    ("prints bad JSON", "echo '{nope'"),
    ("prints bad UTF-8", "printf '\\\\377\\\\376'"),
    ("command a lone surrogate", "\\ud800"),
)
_DAMAGE = (
    ("event a number", """'{"event": 5}'"""),
    ("event null", """'{"event": null}'"""),
    ("no fields", "'{}'"),
    ("input a text", """'{"event": "SessionEnd", "input": "x"}'"""),
    ("target a list", """'{"event": "SessionEnd", "target": [1]}'"""),
    ("not JSON", "'{\"event\": '"),
    ("a list", "'[1, 2]'"),
    ("bad UTF-8 text", "CAST(x'7b226576656e74223a2022ff22' AS TEXT)"),
)


def owed_cells() -> Iterator[Cell]:
    """``coord resume`` of an ended session whose owed SessionEnd hook fails, and ``coord
    log`` (and the rest) on a store whose ``hooks_owed`` payload is damaged."""
    for bad, command in _FAILING:
        yield Cell(
            "resume", f"owed SessionEnd hook {bad}", ["resume", "{sid}"], setup=ended_owing(command)
        )
        yield Cell(
            "resume --json",
            f"owed SessionEnd hook {bad}",
            ["resume", "{sid}", "--json"],
            setup=ended_owing(command),
        )
    for bad, damage in _DAMAGE:
        for cmd, args in (
            ("log", ["log", "{sid}"]),
            ("log --json", ["log", "{sid}", "--json"]),
            ("log --otel-endpoint", ["log", "{sid}", "--otel-endpoint", "http://127.0.0.1:9"]),
            ("sessions", ["sessions", "--here"]),
            ("stats", ["stats", "--session", "{sid}"]),
            ("resume", ["resume", "{sid}"]),
            ("resume --context", ["resume", "{sid}", "--context", "x"]),
        ):
            yield Cell(cmd, f"hooks_owed {bad}", args, setup=ended_owing("true", damage))


def unreadable_ws_cells() -> Iterator[Cell]:
    """``-w`` naming a folder this user may not read or search."""
    for bad, rel, mode in (
        ("workspace mode 000", "ws", 0),
        ("workspace not searchable", "ws", 0o600),
        ("workspace not readable", "ws", 0o300),
        (".coordinator mode 000", "ws/.coordinator", 0),
    ):
        for cmd, args in (
            ("sessions -w", ["sessions", "-w", "{root}/ws"]),
            ("sessions rm -w", ["sessions", "rm", "--older-than", "1d", "-w", "{root}/ws"]),
            ("stats -w", ["stats", "-w", "{root}/ws"]),
            ("log -w", ["log", "-w", "{root}/ws"]),
        ):
            yield Cell(cmd, bad, args, seeded=True, plain_user=True, setup=chmod(rel, mode))
    for cmd, args in (
        ("sessions -w", ["sessions", "-w", "{root}/script.yaml"]),
        ("sessions -w", ["sessions", "-w", "{root}/nope"]),
        ("sessions -w", ["sessions", "-w", "{root}/loop1"]),
    ):
        yield Cell(
            cmd, "-w " + args[-1].replace("{root}/", ""), args, seeded=True, setup=agents_dir_loop
        )


def new112_cells() -> Iterator[Cell]:
    yield from var_hook_cells()
    yield from template_cells()
    yield from owed_cells()
    yield from unreadable_ws_cells()


# ---- badinput113: the surfaces merged since -------------------------------------------

_PG: list[str] = []


def pg_cluster() -> str:
    """The URL of a private PostgreSQL cluster's ``postgres`` database (tests/pgcluster.py),
    started on first use and stopped at exit; "" when its binaries are absent."""
    if not _PG:
        import atexit

        from tests.pgcluster import private_cluster

        try:
            cluster = private_cluster()
            _PG.append(cluster.__enter__())
            atexit.register(cluster.__exit__, None, None, None)
        except (FileNotFoundError, RuntimeError):
            _PG.append("")
    return _PG[0]


def pg_db(name: str, *, schema: bool = False) -> Setup:
    """A database ``name`` on the private cluster (fresh, or with coord's tables) whose URL
    the cell's ``{pg}`` spells."""

    def setup(cell: Cell, root: Path) -> None:
        import psycopg

        base = pg_cluster()
        url = base.rsplit("/", 1)[0] + "/" + name
        with psycopg.connect(base, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
            con.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
        if schema:
            spawn(["sessions", "--db", url], root / "ws", base_env(root))
        (root / "pg").write_text(url, encoding="utf-8")

    return setup


_PGURL = "postgresql://u:secret@127.0.0.1:1/x"


def workers_cells() -> Iterator[Cell]:
    """``coord workers`` and ``coord worker --import-limit`` given a bad store or flag."""
    for bad, db in (
        ("--db mysql://", "mysql://x/y"),
        ("--db postgresql:// no host", "postgresql://"),
        ("--db unreachable", _PGURL),
        ("--db a SQLite file", "{root}/x.db"),
        ("--db bad UTF-8", SURR),
        ("--db NUL", NUL),
        ("--db IPv6 unclosed", "postgresql://u@[::1/x"),
        ("--db empty", ""),
    ):
        yield Cell("workers", bad, ["workers", "--db", db], seeded=True)
        yield Cell("workers --json", bad, ["workers", "--json", "--db", db], seeded=True)
    yield Cell("workers", "no --db (SQLite)", ["workers"], seeded=True)
    yield Cell("workers --json", "no --db (SQLite)", ["workers", "--json"], seeded=True)
    yield Cell("workers", "COORD_DB unreachable", ["workers"], env={"COORD_DB": _PGURL})
    yield Cell("workers", "user config db: SQLite", ["workers"], setup=write(UCFG, "db: x.db\n"))
    if pg_cluster():
        fresh = pg_db("bi113_fresh")
        yield Cell(
            "workers",
            "fresh PostgreSQL db (no tables)",
            ["workers", "--db", "{pg}"],
            setup=fresh,
            process=True,
        )
        yield Cell(
            "workers --json",
            "fresh PostgreSQL db (no tables)",
            ["workers", "--json", "--db", "{pg}"],
            setup=fresh,
            process=True,
        )
        made = pg_db("bi113_made", schema=True)
        yield Cell(
            "workers",
            "PostgreSQL db, no worker",
            ["workers", "--db", "{pg}"],
            setup=made,
            process=True,
        )
        yield Cell(
            "workers",
            "PostgreSQL db that is missing",
            ["workers", "--db", pg_cluster().rsplit("/", 1)[0] + "/bi113_nope"],
        )
        yield Cell(
            "workers",
            "PostgreSQL unknown role",
            ["workers", "--db", pg_cluster().replace("postgres@", "nobody@")],
        )
    for value in ("-1", "abc", "nan", "inf", "", "1e999", "-0"):
        yield Cell(
            "worker --import-limit",
            repr(value),
            ["worker", "--import-limit", value, "--db", _PGURL],
        )
    yield Cell("worker --import-limit", "'-1' no --db", ["worker", "--import-limit", "-1"])


def settings_env_cells() -> Iterator[Cell]:
    """Settings ``env`` setting the MCP limits to values that are no limit."""
    approve = write(USET, '{"enabledMcpjsonServers": ["srv"]}')
    uses = write(
        AG + "good-agent.md", GOOD.replace("invoices.\n", "invoices.\nmcpServers: [srv]\n")
    )
    server = write(MCP, '{"mcpServers": {"srv": {"command": "true"}}}')
    for name, value in (
        ("MAX_MCP_OUTPUT_TOKENS", "-5"),
        ("MAX_MCP_OUTPUT_TOKENS", "1e9"),
        ("MAX_MCP_OUTPUT_TOKENS", "abc"),
        ("MAX_MCP_OUTPUT_TOKENS", ""),
        ("MAX_MCP_OUTPUT_TOKENS", "0"),
        ("MAX_MCP_OUTPUT_TOKENS", 5),
        ("MCP_TIMEOUT", "0"),
        ("MCP_TIMEOUT", "abc"),
        ("MCP_TIMEOUT", "1.5"),
        ("MCP_TOOL_TIMEOUT", "-1"),
        ("MCP_TOOL_TIMEOUT", "abc"),
    ):
        body = json.dumps({"env": {name: value}, "enabledMcpjsonServers": ["srv"]})
        for where, rel in (("user settings", USET), ("workspace settings", WSET)):
            setup = both(approve, uses, server, write(rel, body))
            for cmd, args in (
                ("run", ["run", "refund", *RUN]),
                ("config", ["config"]),
                ("agents validate", ["agents", "validate"]),
            ):
                yield Cell(cmd, f"{where} env {name}={value!r}", args, setup=setup)
    for name, value in (("MAX_MCP_OUTPUT_TOKENS", "-5"), ("MCP_TIMEOUT", "abc")):
        yield Cell(
            "run",
            f"environment {name}={value!r}",
            ["run", "refund", *RUN],
            env={name: value},
            setup=both(approve, uses, server),
        )


def workspace_server_cells() -> Iterator[Cell]:
    """A server named ``workspace`` (Claude Code's reserved name) in each place."""
    approve = write(USET, '{"enabledMcpjsonServers": ["workspace"]}')
    uses = write(
        AG + "good-agent.md", GOOD.replace("invoices.\n", "invoices.\nmcpServers: [workspace]\n")
    )
    srv = '{"mcpServers": {"workspace": {"command": "true"}}}'
    inline = GOOD.replace(
        "invoices.\n", "invoices.\nmcpServers:\n  - workspace:\n      command: 'true'\n"
    )
    for where, setup in (
        (".mcp.json", both(approve, uses, write(MCP, srv))),
        ("user ~/.claude.json", both(uses, write("home/.claude.json", srv))),
        ("agent inline", write(AG + "good-agent.md", inline)),
    ):
        for cmd, args in (
            ("run", ["run", "refund", *RUN]),
            ("run @mention", ["run", "refund @workspace:file:///x", *RUN]),
            ("config", ["config"]),
            ("agents validate", ["agents", "validate"]),
            ("agents show", ["agents", "show", "good-agent"]),
        ):
            yield Cell(cmd, f"server named workspace in {where}", args, setup=setup)


_SCRIPTS = (
    ("YAML broken", "agents:\n  good-agent: [\n"),
    ("YAML tab indent", "agents:\n\tgood-agent: []\n"),
    ("names no agent", "agents: {}\n"),
    ("names another agent", "agents:\n  other-agent:\n    - text: done\n"),
    ("agents null", "agents:\n"),
    ("a list", "- text: done\n"),
    ("empty file", ""),
    ("turn without text", "agents:\n  good-agent:\n    - {}\n"),
    ("turns a mapping", "agents:\n  good-agent: {text: x}\n"),
)


def script_cells() -> Iterator[Cell]:
    """``--script`` files that are broken YAML or name no agent of the run."""
    for bad, text in _SCRIPTS:
        setup = write("bad.yaml", text)
        for cmd, args in (
            ("run", ["run", "refund it", "--script", "{root}/bad.yaml"]),
            ("run --json", ["run", "refund it", "--json", "--script", "{root}/bad.yaml"]),
            ("run --batch", ["run", "--batch", "{root}/b.yaml", "--script", "{root}/bad.yaml"]),
        ):
            yield Cell(cmd, f"script {bad}", args, setup=both(setup, write("b.yaml", "- x\n")))
        yield Cell(
            "resume",
            f"script {bad}",
            ["resume", "{sid}", "--context", "euro", "--script", "{root}/bad.yaml"],
            seeded=True,
            setup=setup,
        )


_WORD_HOOKS = (
    ("bad UTF-8 + read", b'read a; sh \\"$a\\" \xff\xfe'),
    ("bad UTF-8 in the word", b"a=\xff; read b; $b"),
    ("surrogate + mapfile", rb"mapfile -t a < f; sh \"${a[0]}\" \ud800"),
    ("NUL + eval", rb"read x; eval \"$x\" \u0000"),
)


def word_hook_cells() -> Iterator[Cell]:
    """Settings hooks whose line holds invalid text and a word made at run time."""
    return hook_line_cells(_WORD_HOOKS)


def nameless_db_cells() -> Iterator[Cell]:
    """``--db`` (or ``db:``) naming no file: empty (a script's unset ``"$DB"``), ``.``, ``/``."""
    for bad, db in (("--db empty", ""), ("--db blank", "  "), ("--db .", "."), ("--db /", "/")):
        for cmd, args in [
            *SESSION_CMDS,
            ("workers", ["workers"]),
            ("worker", ["worker"]),
            ("run --detach", ["run", "refund it", "--detach", *RUN]),
        ]:
            yield Cell(cmd, bad, [*args, "--db", db], seeded=True)
    for cmd, args in (("sessions", ["sessions", "--here"]), ("config", ["config"])):
        yield Cell(cmd, "user config db: empty", args, seeded=True, setup=write(UCFG, 'db: ""\n'))


def new113_cells() -> Iterator[Cell]:
    yield from nameless_db_cells()
    yield from workers_cells()
    yield from settings_env_cells()
    yield from workspace_server_cells()
    yield from script_cells()
    yield from word_hook_cells()


GROUPS = {
    "argv": argv_cells,
    "text": text_file_cells,
    "agents": agent_cells,
    "db": db_cells,
    "env": env_cells,
    "flags": flag_cells,
    "perm": perm_cells,
    "new112": new112_cells,
    "new113": new113_cells,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--group", action="append")
    parser.add_argument("--wide", action="store_true")
    opts = parser.parse_args()
    rows: list[Row] = []
    for name, cells in GROUPS.items():
        if opts.group and name not in opts.group:
            continue
        for cell in cells():
            if cell is None or opts.only not in f"{cell.command} {cell.bad}":
                continue
            rows.append(run_cell(cell))
            r = rows[-1]
            width = 400 if opts.wide else 110
            print(
                f"| {r.command} | {r.bad!a} | {r.code} | {r.first[:width]!a} | "
                f"{'YES' if r.tb else 'no'} | {r.seeded} |{' STUCK' if r.stuck else ''}",
                flush=True,
            )
    tbs = sum(r.tb for r in rows)
    print(
        f"\n{len(rows)} cells, {tbs} tracebacks, {sum(r.stuck for r in rows)} stuck, "
        f"{sum(r.code == 0 for r in rows)} exit 0",
        flush=True,
    )
    Path("/tmp/badinput108.json").write_text(json.dumps([r.__dict__ for r in rows]))


if __name__ == "__main__":
    main()
