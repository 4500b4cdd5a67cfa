"""tidy52 on a shared PostgreSQL store (a real cluster, tests/pgcluster.py): ``coord stats
--here`` counted every workspace's sessions there (tidy51 kept ``coord sessions --here`` to
this workspace's; ``stats`` has its own statements: ``Store.runs_since``, ``runless_since``),
and ``coord sessions rm --older-than SPAN --here`` removed every workspace's old sessions."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import runs_in_folders


def test_stats_here_on_a_shared_store_counts_this_workspace_alone(
    tmp_path: Path, pg_url: str
) -> None:
    runs_in_folders(tmp_path, pg_url, ("a", "backend"), ("b", "dba"), ("b", "dba"))

    def runs(*flags: str, cwd: Path) -> dict[str, int]:
        shown = coord("stats", *flags, "--db", pg_url, "--json", cwd=cwd)
        assert shown.returncode == 0, shown.stderr
        return {row["agent"]: row["runs"] for row in json.loads(shown.stdout)}

    assert runs(cwd=tmp_path / "a") == {"backend": 1, "dba": 2}  # every workspace's
    assert runs("--here", cwd=tmp_path / "a") == {"backend": 1}
    assert runs("--here", cwd=tmp_path / "b") == {"dba": 2}
    (tmp_path / "c").mkdir()
    none = coord("stats", "--here", "--db", pg_url, cwd=tmp_path / "c")
    assert none.stdout == (
        f"no sessions in this workspace ({tmp_path / 'c'}); `coord stats` shows every workspace's\n"
    )


def test_sessions_rm_older_than_here_on_a_shared_store_removes_this_workspace_s_alone(
    tmp_path: Path, pg_url: str
) -> None:
    """``--here narrows --older-than`` (its own error says so): on a shared store it removed
    every workspace's old sessions."""
    a, b = runs_in_folders(tmp_path, pg_url, ("a", "backend"), ("b", "backend"))
    ids = {"a": a, "b": b}
    pruned = coord("sessions", "rm", "--older-than", "0m", "--here", "--db", pg_url, "--json",
                   cwd=tmp_path / "a")  # fmt: skip
    assert pruned.returncode == 0, pruned.stderr
    assert json.loads(pruned.stdout)["removed"] == [ids["a"]]
    left = coord("sessions", "--db", pg_url, "--json", cwd=tmp_path / "a")
    assert [s["session"] for s in json.loads(left.stdout)] == [ids["b"]]
