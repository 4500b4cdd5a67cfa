"""tidy51 on a shared PostgreSQL store (a real cluster, tests/pgcluster.py): ``coord
sessions --here`` listed every workspace's sessions there, while ``coord log --here`` and
``coord resume`` kept to this workspace's."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import runs_in_folders


def test_sessions_here_on_a_shared_store_keeps_to_this_workspace(
    tmp_path: Path, pg_url: str
) -> None:
    a, b = runs_in_folders(tmp_path, pg_url, ("a", "backend"), ("b", "backend"))
    ids = {"a": a, "b": b}
    every = coord("sessions", "--db", pg_url, "--json", cwd=tmp_path / "a")
    assert {s["session"] for s in json.loads(every.stdout)} == set(ids.values())
    here = coord("sessions", "--here", "--db", pg_url, "--json", cwd=tmp_path / "a")
    assert [s["session"] for s in json.loads(here.stdout)] == [ids["a"]]
    (tmp_path / "c").mkdir()
    none = coord("sessions", "--here", "--db", pg_url, cwd=tmp_path / "c")
    assert none.stdout == (
        f"no sessions in this workspace ({tmp_path / 'c'}); `coord sessions` shows every"
        " workspace's\n"
    )
    assert "postgresql" not in none.stdout  # the URL (a password) is not repeated
