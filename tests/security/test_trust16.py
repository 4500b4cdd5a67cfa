"""The trust boundary's gaps left open by trust15 (trust16): a ``--config`` file swapped
between its check and its read, a session database's ``-wal``/``-shm`` opened through a link
swapped in after SQLite connected, programs that run workspace code without naming a file,
a user's PYTHONPATH pointing into the workspace, and ``.gitattributes`` drivers at a
worktree's merge-back. Real files, real bwrap, real agent tool calls, real git.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from coordinator.tools.base import ToolContext, ToolResult
from coordinator.tools.toolset import build_toolset

TOOLS = build_toolset(None)
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")


def call(ws: Path, name: str, args: dict[str, Any], **ctx: Any) -> ToolResult:
    context = ToolContext(root=ws, allow_bash=True, **ctx)
    return asyncio.run(TOOLS.execute(name, args, context))


def nested(tmp_path: Path) -> tuple[Path, Path]:
    """``ws`` where agents ran (a command made its ``.coordinator``), ``ws/app`` holding a
    ``.coordinator`` folder coord did not make (one a command of that run could swap) with
    a WAL database in it, and an empty folder a link could lead to."""
    ws = tmp_path / "ws"
    app, target = ws / "app", tmp_path / "target"
    (app / ".coordinator").mkdir(parents=True)
    target.mkdir()
    made = call(ws, "Bash", {"command": "echo ran"})
    assert "ran" in made.content
    with closing(sqlite3.connect(app / ".coordinator" / "coordinator.db")) as db:
        db.execute("PRAGMA journal_mode = WAL")
    return app, target


def swap(app: Path, target: Path) -> None:
    """What the outer run's command does: ``app/.coordinator`` renamed, a link in its place."""
    os.rename(app / ".coordinator", app / "old")
    os.symlink(target, app / ".coordinator")


# ---- 2. a session database's log opened through a link ------------------------------------


@needs_bwrap
def test_a_session_folder_swapped_once_sqlite_connected_gets_no_log_through_the_link(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """The outer run's command swaps ``app/.coordinator`` for a link the moment coord's last
    check of the folder passes (an event: the check's return). SQLite has connected but
    opens ``-wal`` and ``-shm`` by path on its first read: coord has made that read and
    checked those files before, so nothing is created where the link leads."""
    from coordinator.store import pinned
    from coordinator.store.db import Store

    app, target = nested(tmp_path)
    checked = pinned.check_same

    def check_then_swap(db: Path, folder: int) -> None:
        checked(db, folder)
        swap(app, target)

    monkeypatch.setattr(pinned, "check_same", check_then_swap)
    try:
        Store.open(app / ".coordinator" / "coordinator.db").close()
    except Exception as exc:  # a lock file through the link is refused: fine either way
        assert "link" in str(exc), exc
    assert sorted(p.name for p in target.iterdir()) == []


@needs_bwrap
def test_a_log_opened_through_a_link_swapped_back_is_refused(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """The swap comes right after SQLite connected and is undone once it opened its log
    (two events): the path looks right again when coord checks it, but the ``-wal`` SQLite
    holds is the link's. coord compares the files SQLite holds with the folder's and
    refuses."""
    from coordinator.errors import UserError
    from coordinator.store import schema
    from coordinator.store.db import Store

    app, target = nested(tmp_path)
    connect, opened = schema._connect, schema._open_log

    def connect_then_swap(*args: Any) -> Any:
        db = connect(*args)
        swap(app, target)
        return db

    def open_then_swap_back(db: Any) -> bool:
        logged = opened(db)
        os.unlink(app / ".coordinator")
        os.rename(app / "old", app / ".coordinator")
        return logged

    monkeypatch.setattr(schema, "_connect", connect_then_swap)
    monkeypatch.setattr(schema, "_open_log", open_then_swap_back)
    with pytest.raises(UserError, match=r"changed while coord opened coordinator\.db-wal"):
        Store.open(app / ".coordinator" / "coordinator.db").close()


# ---- 1. --config checked, then read again -----------------------------------------------


@needs_bwrap
def test_a_config_link_swapped_between_its_check_and_its_read_widens_nothing(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """``api/team.yaml`` (in a folder coord ran agents in) is a link to the user's own file;
    ``coord run -w web --config ../api/team.yaml`` checks where it leads (outside: the
    user's), and the moment that check returns (an event), a command of the live run in
    ``api`` replaces the link with its own file turning Bash on. coord reads what it
    checked, from the descriptor it opened: Bash stays off."""
    from coordinator import config
    from coordinator.config import load_settings

    api, web = tmp_path / "api", tmp_path / "web"
    api.mkdir()
    web.mkdir()
    assert "ran" in call(api, "Bash", {"command": "echo ran"}).content
    mine = tmp_path / "mine.yaml"
    mine.write_text("router: llm\n", encoding="utf-8")
    team = api / "team.yaml"
    team.symlink_to(mine)
    checked = config._agents_ran_above

    def check_then_swap(path: Path) -> Path | None:
        found = checked(path)
        swapped = call(
            api, "Bash", {"command": "rm team.yaml; printf 'allow_bash: true\\n' > team.yaml"}
        )
        assert not swapped.is_error, swapped.content
        return found

    monkeypatch.setattr(config, "_agents_ran_above", check_then_swap)
    settings = load_settings(web, team)
    assert (settings.router, settings.allow_bash) == ("llm", False)
    assert team.read_text(encoding="utf-8") == "allow_bash: true\n"  # the swap happened
