"""daily105: bad input at the CLI gets one clear message and a non-zero exit.

1. ``coord sessions`` passed over, silently and with exit 0, a database the index knows
   whose path became a folder (or another non-file): it warns naming the path, still lists
   every other workspace's sessions, and exits 4.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli import coord
from kit import session_in


@pytest.mark.parametrize("kind", ["folder", "device"])
def test_sessions_names_a_known_database_that_is_no_file_and_fails(
    tmp_path: Path, kind: str
) -> None:
    session_in(tmp_path / "a", tmp_path, "here")
    other = session_in(tmp_path / "b", tmp_path, "in another project")
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    for made in db.parent.glob("coordinator.db*"):
        made.unlink()
    if kind == "folder":
        db.mkdir()
    else:
        os.symlink(os.devnull, db)
    for args in (["sessions"], ["sessions", "--json"]):
        shown = coord(*args, cwd=tmp_path / "b")
        assert shown.returncode == 4, shown.stderr
        assert other in shown.stdout  # the other workspace's sessions are still listed
        (line,) = shown.stderr.splitlines()
        assert line == f"warning: session database {db} is not a file; skipped"
    assert [s["session"] for s in json.loads(shown.stdout)] == [other]
