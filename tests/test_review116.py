"""review116: the exit code an ``interrupted`` event records (tidy107) for every stop.

* A batch stopped by SIGTERM exits 143, and so does ``coord log -f`` of each of its
  sessions (its processes take SIGTERM as a noted stop that cancels the sessions: the
  engine took that cancel for Ctrl-C's, 130).
* A ``coord mcp`` call its client cancelled is no Ctrl-C: its session is interrupted with no
  code (``log -f`` exits 75, resumable), not 130.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import coord, finish, spawn
from fake_messages_server import FakeMessagesServer
from kit import workspace, write_agents
from test_cli_live import HeldFirstCall
from test_daily13 import held_batch  # noqa: F401  (a fixture: two sessions held)

from coordinator.errors import EXIT_SIGTERM
from coordinator.status import SessionStatus


def interrupted_codes(db: Path, sid: str) -> list[object]:
    """The ``exit_code`` of each ``interrupted`` event of the session, oldest first."""
    with closing(sqlite3.connect(db)) as con:
        rows = con.execute(
            "SELECT data FROM events WHERE session_id = ? AND kind = 'interrupted' ORDER BY seq",
            (sid,),
        ).fetchall()
    return [json.loads(data).get("exit_code") for (data,) in rows]


def test_log_follow_of_a_batch_session_sigterm_stopped_exits_143(
    held_batch: dict[str, Any],  # noqa: F811
) -> None:
    """As ``coord run`` of one session: the batch exits 143, each session it left
    interrupted records 143, and a script following one exits so (text and --json)."""
    proc, sids, db = held_batch["proc"], held_batch["sids"], held_batch["db"]
    proc.send_signal(signal.SIGTERM)
    _, err = finish(proc)
    assert proc.returncode == EXIT_SIGTERM, err
    for sid in sids:
        assert interrupted_codes(db, sid) == [EXIT_SIGTERM]
        assert coord("log", "-f", sid, "--db", db).returncode == EXIT_SIGTERM
        follow = coord("log", "-f", sid, "--json", "--db", db)
        assert follow.returncode == EXIT_SIGTERM, follow.stderr


def test_a_serve_call_its_client_cancelled_records_no_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The MCP client cancelled the ``run`` call (or went away): the session is
    interrupted, resumable, with no exit code of its own: nobody pressed Ctrl-C, and
    ``coord log -f`` of it exits 75, not 130."""
    from coordinator.runtime.options import ModelChoice
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    model = HeldFirstCall()
    with FakeMessagesServer(handler=model) as server:
        choice = ModelChoice(base_url=server.base_url)
        options = ServiceOptions(ws, agents_dirs=[agents], only=True, choice=choice, hooks=False)
        service = CoordinatorService(options)

        async def cancelled() -> None:
            call = asyncio.ensure_future(service.run("Add a FastAPI endpoint", "backend"))
            await asyncio.to_thread(model.arrived.wait)
            call.cancel()  # as the MCP server does at the client's notifications/cancelled
            with pytest.raises(asyncio.CancelledError):
                await call

        try:
            asyncio.run(cancelled())
        finally:
            model.release.set()
    db = ws / ".coordinator" / "coordinator.db"
    with closing(sqlite3.connect(db)) as con:
        ((sid, status),) = con.execute("SELECT id, status FROM sessions").fetchall()
    assert status == SessionStatus.INTERRUPTED
    assert interrupted_codes(db, sid) == [None]
    assert coord("log", "-f", sid, "--db", db).returncode == SessionStatus.INTERRUPTED.exit_code


# ---- a frontmatter hook's line: the one an editor and `grep -n` show ----------------------

HOOKED = (
    "\ufeff---\r\n"  # 1 (a BOM, CRLF line ends)
    "name: lint\r\n"  # 2
    'description: "checks\u2028style"  # a pasted line separator\r\n'  # 3
    "x-base: &run\r\n"  # 4
    "  type: command\r\n"  # 5
    "  command: echo base\r\n"  # 6
    "hooks:\r\n"  # 7
    "  PreToolUse:\r\n"  # 8
    "    - matcher: Bash\r\n"  # 9
    "      hooks:\r\n"  # 10
    "        - *run\r\n"  # 11: its command is written on line 6
    "        - <<: *run\r\n"  # 12
    "          command: echo own\r\n"  # 13: overrides the merged one
    "---\r\n"
    "Lint the code.\r\n"
)


def test_frontmatter_hook_lines_are_the_file_lines_of_what_each_hook_runs(
    tmp_path: Path,
) -> None:
    """Each hook's line is the file line of the ``command`` it runs: a merged entry's own
    ``command`` (which wins), not the merged one's; a U+2028 inside a quoted value is no
    line break to an editor or to ``grep -n`` (YAML's marks count it as one)."""
    import yaml

    from coordinator.roster.frontmatter import split
    from coordinator.runtime.settings_lines import frontmatter_hook_lines

    skill = tmp_path / "SKILL.md"
    skill.write_bytes(HOOKED.encode("utf-8"))
    hooks = yaml.safe_load(split(HOOKED)[0])["hooks"]
    assert [h["command"] for h in hooks["PreToolUse"][0]["hooks"]] == ["echo base", "echo own"]
    assert frontmatter_hook_lines(skill, hooks) == {"PreToolUse": [[6, 13]]}


def test_guard_a_run_on_postgresql_sigterm_stopped_records_143(tmp_path: Path, pg_url: str) -> None:
    """Guard (passes on 8b0d746b too): on a PostgreSQL store (``PgStore._mark_interrupted``)
    a ``coord run`` stopped by SIGTERM exits 143, its ``interrupted`` event records it and
    ``coord log -f`` of it exits so."""
    import psycopg

    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    model = HeldFirstCall()
    with FakeMessagesServer(handler=model) as server:
        proc = spawn(
            "run", "Add an endpoint", "--agent", "backend", "--workspace", ws, "--db", pg_url,
            "--agents-dir", agents, "--only", "--base-url", server.base_url,
        )  # fmt: skip
        try:
            while not model.arrived.wait(timeout=0.05):
                assert proc.poll() is None, proc.communicate()[1]
            proc.send_signal(signal.SIGTERM)
            _, err = finish(proc)
        finally:
            model.release.set()
            if proc.poll() is None:
                finish(proc)
    assert proc.returncode == EXIT_SIGTERM, err
    with psycopg.connect(pg_url) as con:
        ((sid, status),) = con.execute("SELECT id, status FROM sessions").fetchall()
        ((data,),) = con.execute(
            "SELECT data FROM events WHERE session_id = %s AND kind = 'interrupted'", (sid,)
        ).fetchall()
    assert status == SessionStatus.INTERRUPTED
    assert (json.loads(data) if isinstance(data, str) else data)["exit_code"] == EXIT_SIGTERM
    assert coord("log", "-f", sid, "--db", pg_url).returncode == EXIT_SIGTERM
