"""tidy58 (2026-12-05): the unknown-session hint fits the store it was looked for in.

On a shared PostgreSQL store ``coord log``, ``coord resume`` (with or without an answer)
and ``coord sessions rm`` of an unknown session told the user to list ids with ``coord
sessions`` and to "add --db FILE for another database": a file is no shared store, and
``coord sessions`` without the store's URL lists the workspace's file and the index, not
the store. The hint says to list the store's ids with the same ``--db`` URL (or
``COORD_DB``, or ``db:`` in the config); a SQLite store's hint is unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, runs_in_folders, waiting_on

SHARED_HINT = (
    "List this store's session ids with `coord sessions` and the same --db URL"
    " (or COORD_DB, or db: in the config)."
)
FILE_HINT = "List session ids with `coord sessions` (add --db FILE for another database)."


@pytest.mark.parametrize(
    "command",
    [("log",), ("resume",), ("resume", "--context", "pytest"), ("sessions", "rm")],
    ids=["log", "resume", "answer", "rm"],
)
def test_a_shared_stores_unknown_session_hint_names_the_same_store(
    tmp_path: Path, pg_url: str, command: tuple[str, ...]
) -> None:
    (ran,) = runs_in_folders(tmp_path, pg_url, ("a", "backend"))
    unknown = coord(*command, "nosuch", "--db", pg_url, cwd=tmp_path / "a")
    assert unknown.returncode == 4
    assert unknown.stderr.splitlines() == [
        f"error: unknown session: nosuch in {pg_url}",
        SHARED_HINT,
    ]
    # what the hint says lists the store's ids; `coord sessions` alone lists another place
    assert ran in coord("sessions", "--db", pg_url, cwd=tmp_path / "a").stdout
    assert ran in coord("sessions", cwd=tmp_path / "a", env={"COORD_DB": pg_url}).stdout
    assert ran not in coord("sessions", cwd=tmp_path / "a").stdout


def test_a_files_unknown_session_hint_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session removed between its lookup and its resume (another process's ``coord
    sessions rm``) is unknown in the file it was in: listed with ``coord sessions``."""
    from coordinator.runtime.engine import Engine

    db = tmp_path / "sessions.db"
    sid, ws, agents = waiting_on(tmp_path, str(db), blocked("Tests", "Which framework"))
    real = Engine.resume

    async def removed_first(engine: Engine, ref: str, *args: Any, **kwargs: Any) -> Any:
        engine.store.delete_sessions([ref])
        return await real(engine, ref, *args, **kwargs)

    monkeypatch.setattr(Engine, "resume", removed_first)
    answered = coord("resume", sid, "--context", "pytest", "--db", db,
                     "--agents-dir", agents, "--only", cwd=ws)  # fmt: skip
    assert answered.returncode == 4
    error = [line for line in answered.stderr.splitlines() if not line.startswith("[")]
    assert error == [f"error: unknown session: {sid} in {db}", FILE_HINT]
