"""tidy79: the leftovers of review80 and daily78 (one file opener, globs' bad patterns
warned, a near spelling's suggestion alone, an empty status filter's next step, a failed
run said once)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from coordinator import config
from coordinator.errors import UserError
from coordinator.store.wal import unapplied_changes


def _spy_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The special files (no regular file, no folder) opened for reading from now on."""
    opened: list[str] = []
    real_open = os.open

    def spied(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        special = os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path)
        if special and not flags & os.O_PATH and "dir_fd" not in kwargs:
            opened.append(str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spied)
    return opened


def test_a_config_swapped_for_a_fifo_after_its_look_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A config file a command swapped for a link to a FIFO after coord looked at it (a
    regular file then) is refused by its kind, never opened (a waiting writer released)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "team.yaml"
    link.symlink_to(fifo)
    monkeypatch.setattr(config, "once_only", lambda path: False)  # (it was a file then)
    opened = _spy_opens(monkeypatch)
    with pytest.raises(UserError, match=r"team\.yaml: config changed while coord read it"):
        config._config_file(link, None)
    assert opened == []


def test_a_wal_that_is_a_fifo_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store's ``-wal`` that is a link to a FIFO counts as unapplied, unopened."""
    db = tmp_path / "s.db"
    db.write_bytes(b"")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    wal = tmp_path / "s.db-wal"
    wal.symlink_to(fifo)
    opened = _spy_opens(monkeypatch)
    assert unapplied_changes(wal, db) is True
    assert opened == []
