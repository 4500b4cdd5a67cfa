"""ops73: `coord worker` (and `--detach`) given a store in COORD_DB that is no PostgreSQL
URL name the value they refused, its password masked, as they do for `--db` (before: "COORD_DB:
invalid setting 'db': a mysql:// URL is not a store coord can use: ... or a SQLite file's
path", the value unnamed and a SQLite file offered to a worker)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("mysql://bob:s3cret@host/db", "COORD_DB 'mysql://bob:***@host/db'"),
        ("sqlite:///tmp/x.db", "COORD_DB 'sqlite:///tmp/x.db'"),
        ("postgres//bob:s3cret@host/db", "COORD_DB 'postgres//bob:***@host/db'"),
    ],
)
@pytest.mark.parametrize("who", ["coord worker", "--detach"])
def test_a_store_in_coord_db_that_is_no_postgres_url_is_named_masked(
    tmp_path: Path, given: str, shown: str, who: str
) -> None:
    args = ["worker"] if who == "coord worker" else ["run", "hello", "--detach"]
    ran = coord(*args, cwd=tmp_path, env={"COORD_DB": given})
    assert ran.returncode == 4
    assert ran.stderr.splitlines()[0] == (
        f"error: {who} needs a shared PostgreSQL store; {shown} is not a postgresql:// URL"
    )
    assert "s3cret" not in ran.stderr and "Traceback" not in ran.stderr
    assert "SQLite file's path" not in ran.stderr  # no use to a worker
