"""review68: daily68's once-told damaged database, with an index that cannot remember.

A read-only index (a read-only mount) lists every workspace's sessions, yet cannot note
that a damaged database was told: each listing said "said once" again, and that the index
was "unusable ...; skipped", which it was not (the listing read it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kit import session_in
from test_daily68 import _damage
from test_store_faults import bwrap

from coordinator.store.paths import index_path


def test_a_read_only_index_lists_and_tells_the_damaged_database_without_once(
    tmp_path: Path,
) -> None:
    session_in(tmp_path / "a", tmp_path, "here")
    other = session_in(tmp_path / "b", tmp_path, "in another project")
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    _damage(db, b"not SQLite at all ")
    index = str(index_path())
    command = [*bwrap("--ro-bind", index, index), sys.executable, "-m", "coordinator", "sessions"]
    for _ in range(2):
        shown = subprocess.run(  # the test's own argv: coord under a read-only index
            command, cwd=tmp_path / "b", env=dict(os.environ), capture_output=True, text=True
        )
        assert shown.returncode == 0 and other in shown.stdout, shown.stderr
        (line,) = shown.stderr.splitlines()
        assert line.startswith(f"warning: {db} is not a coordinator session database")
        assert "said once" not in line and ".recover" in line and "in its place" in line
