"""review70: defects found reviewing compat70, daily70 and shell70, each pinned where it is
decided and, where the command's output is the point, through ``coord``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from cli import coord
from kit import away_from_workspace, report
from kit import run_from_elsewhere as run

# ---- a copied project (`cp -r`) lists each of its sessions once --------------------------


def _sid(proc: Any) -> str:
    return next(w for w in proc.stdout.split() if len(w) == 12 and w.isalnum())


def test_a_copied_project_lists_each_session_once(tmp_path: Path) -> None:
    setup = away_from_workspace(tmp_path)
    done = run(setup, {"backend": [{"text": report("Complete")}]}, "Document the API")
    assert done.returncode == 0, done.stderr
    sid = _sid(done)
    copy = tmp_path / "copy"
    shutil.copytree(setup["ws"], copy)  # `cp -r project project-copy`: its database too
    for cwd in (copy, setup["ws"], setup["elsewhere"]):
        listed = coord("sessions", "--json", cwd=cwd)
        assert listed.returncode == 0, listed.stderr
        ids = [s["session"] for s in json.loads(listed.stdout)]
        assert ids == [sid], (cwd, ids)
        text = coord("sessions", cwd=cwd)
        assert text.stdout.count(sid) == 1, text.stdout
