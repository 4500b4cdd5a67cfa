"""A session database named with ``--db`` is coord's own file wherever it is: inside the
workspace (outside ``.coordinator/``) the run is refused, since the agents' tools and
commands could read and rewrite it (the options a resume trusts); outside, commands see an
empty file in its place, as they see the default one's folder empty. Real bubblewrap,
real SQLite, the CLI in process."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli import coord
from kit import report, write_script

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
PEEK = "head -c 15 {db}; echo; echo x >> {db} && echo APPENDED"


@pytest.fixture
def outside() -> Iterator[Path]:
    """A folder neither in HOME nor in /tmp, which the sandbox hides whole."""
    folder = Path(tempfile.mkdtemp(prefix="trust18-", dir="/var/tmp")).resolve()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(ws: Path, db: Path, command: str, tmp_path: Path) -> tuple[int, str, str]:
    script = write_script(
        tmp_path / "s.yaml",
        {
            "fastapi-backend-expert": [
                {"tool_calls": [{"name": "Bash", "input": {"command": command}}]},
                {"text": report("Complete", "Looked")},
            ]
        },
    )
    ran = coord("run", "Look around", "--agent", "fastapi-backend-expert", "-w", ws, "--db", db,
                "--allow-bash", "--provider", "scripted", "--script", script, "--json")  # fmt: skip
    return ran.returncode, ran.stdout, ran.stderr


def _peek(ws: Path, db: Path, target: Path, tmp_path: Path) -> str:
    """What a session of ``ws`` (its database ``db``) saw reading and appending to ``target``."""
    code, out, err = _run(ws, db, PEEK.format(db=target), tmp_path)
    assert code == 0, err
    sid = json.loads(out)["session"]
    shown = coord("log", sid, "--transcript", "--json", "-w", ws, "--db", db)
    entries = json.loads(shown.stdout)["transcript"]
    (seen,) = [e["text"] for e in entries if e["kind"] == "tool_result"]
    return str(seen)


def test_a_database_in_the_workspace_is_refused(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    db = ws / "data" / "sessions.db"
    db.parent.mkdir()
    code, _, err = _run(ws, db, "true", tmp_path)
    assert code == 4, err
    assert f"session database {db.resolve()} lies in the workspace" in err
    assert "Traceback" not in err
    assert not db.exists()  # refused before the file is made


def test_a_database_outside_the_workspace_is_hidden_from_commands(
    outside: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    db = outside / "sessions.db"
    seen = _peek(ws, db, db, tmp_path)
    assert "SQLite" not in seen and "APPENDED" not in seen, seen
    assert db.read_bytes().startswith(b"SQLite format 3")


def test_another_sessions_database_is_hidden_from_commands(outside: Path, tmp_path: Path) -> None:
    """trust19: a database another session named with ``--db`` (in another workspace) was
    hidden only from that session's commands; the user's index knows it, and every session's
    commands now see an empty file there too."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    theirs = outside / "theirs.db"
    code, _, err = _run(first, theirs, "true", tmp_path)
    assert code == 0, err
    seen = _peek(second, outside / "mine.db", theirs, tmp_path)
    assert "SQLite" not in seen and "APPENDED" not in seen, seen
    assert theirs.read_bytes().startswith(b"SQLite format 3")
