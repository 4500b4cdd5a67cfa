"""review85: a connection URL without a host (``postgresql:///coord?host=/run/postgresql``,
libpq's form for a Unix socket, or the host in the query) whose password is a query value
lost its ``//`` when the password was masked or left out: ``postgresql:/coord?host=...``,
which coord reads as a SQLite file's path and libpq as no URL at all. That is the URL of the
``coord worker`` command a queued session's note gives, of ``coord resume``'s ``--db`` and
of the sessions index."""

from __future__ import annotations

import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coordinator.config import DB_URL
from coordinator.sanitize import masked_url, secretless_url
from tests.test_ops84_roles_pg import PASSWORD, detach


@pytest.mark.parametrize(
    ("url", "shown", "runnable"),
    [
        (
            "postgresql:///coord?host=/run/postgresql&password=pw",
            "postgresql:///coord?host=/run/postgresql&password=***",
            "postgresql:///coord?host=/run/postgresql",
        ),
        ("postgres://?dbname=coord&password=pw", "postgres://?dbname=coord&password=***",
         "postgres://?dbname=coord"),
    ],
)  # fmt: skip
def test_a_hostless_urls_password_is_left_out_and_it_stays_a_url(
    url: str, shown: str, runnable: str
) -> None:
    assert masked_url(url) == shown
    assert secretless_url(url) == runnable
    assert DB_URL.match(secretless_url(url)) and DB_URL.match(masked_url(url))


def test_the_worker_command_of_a_queued_session_on_a_hostless_url_runs(
    tmp_path: Path, pg_url: str
) -> None:
    parts = urlsplit(pg_url)
    url = (
        f"postgresql://{parts.path}?host={parts.hostname}&port={parts.port}"
        f"&user={parts.username}&password={PASSWORD}"
    )
    queued = detach(tmp_path, url, "ws")
    assert queued.returncode == 0, queued.stderr
    [line] = [line for line in queued.stderr.splitlines() if "coord worker --db " in line]
    words = shlex.split(line[line.index("coord worker --db ") :])
    assert words[3] == f"postgresql://{parts.path}?host={parts.hostname}&port={parts.port}" + (
        f"&user={parts.username}"
    )
    assert PASSWORD not in queued.stderr
