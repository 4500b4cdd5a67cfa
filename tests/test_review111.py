"""review111: what held and what did not in daily105's ``coord sessions`` check of known
databases that are no file.

1. This workspace's database reached through a link to a folder was warned of twice, under
   the folder's name and again under the link's ("is not a file"): one database, one line.
2. A known database whose link points nowhere (its file removed, the link left) made every
   listing, from any folder, exit 4 saying "is not a file": it is a removed database, passed
   over as one whose file is gone is (exit 0).
3. ``coord sessions --agent NAME`` reads the databases again to find NAME: a database that is
   no file was warned of on each reading; once.
"""

from __future__ import annotations

import os
from pathlib import Path

from cli import coord
from kit import session_in


def _two_workspaces(tmp_path: Path) -> tuple[Path, str]:
    """Workspaces ``a`` and ``b`` with a session each; ``a``'s database file removed (its
    path returned, for the test to put something there) and ``b``'s session id."""
    session_in(tmp_path / "a", tmp_path, "here")
    other = session_in(tmp_path / "b", tmp_path, "in another project")
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    for made in db.parent.glob("coordinator.db*"):
        made.unlink()
    return db, other


def test_this_workspaces_database_linked_to_a_folder_is_one_warning(tmp_path: Path) -> None:
    db, other = _two_workspaces(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", db)
    shown = coord("sessions", cwd=tmp_path / "a")
    assert shown.returncode == 4
    assert other in shown.stdout
    (line,) = shown.stderr.splitlines()
    named = f"warning: session database {tmp_path / 'elsewhere'} is not a file; skipped ("
    assert line.startswith(named)  # (mend105: and what stops it)


def test_a_known_database_linked_to_nothing_is_a_removed_one(tmp_path: Path) -> None:
    db, other = _two_workspaces(tmp_path)
    os.symlink(tmp_path / "gone.db", db)
    shown = coord("sessions", "--json", cwd=tmp_path / "b")
    assert (shown.returncode, shown.stderr) == (0, "")
    assert other in shown.stdout


def test_a_listing_by_agent_warns_of_a_database_that_is_no_file_once(tmp_path: Path) -> None:
    db, _ = _two_workspaces(tmp_path)
    db.mkdir()
    shown = coord("sessions", "--agent", "nosuch-agent", cwd=tmp_path / "b")
    assert shown.returncode == 4
    warned = [line for line in shown.stderr.splitlines() if line.startswith("warning:")]
    (line,) = warned  # (mend105: and what stops it)
    assert line.startswith(f"warning: session database {db} is not a file; skipped (")
