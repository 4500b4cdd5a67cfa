"""review77: a review of daily74's mends (the shared store's URL in the index, the postgres
extra's check, ...)."""

from __future__ import annotations

import re
import sys
from contextlib import closing
from pathlib import Path

import pytest

from coordinator.sanitize import masked_url, secretless_url
from coordinator.store import paths
from coordinator.store.index import SessionIndex

#: Passwords libpq reads whole from a URL where ``urlsplit`` ends the user information
#: early (at a ``?`` or ``#``) or starts a fragment: each with the password libpq reads.
LIBPQ_PASSWORDS = [
    ("postgresql://bob:hunter#zq9@db.example/coord", "hunter#zq9"),
    ("postgresql://bob:hunter?zq9@db.example/coord", "hunter?zq9"),
    ("postgres://bob@db.example/coord?password=hunter#zq9&sslmode=require", "hunter#zq9"),
]


@pytest.mark.parametrize(("url", "password"), LIBPQ_PASSWORDS)
def test_a_password_with_a_hash_or_question_mark_never_reaches_the_index(
    url: str, password: str
) -> None:
    """The index names the shared stores the user opened without their credentials; a
    password libpq reads with a ``#`` or ``?`` in it (``postgresql://bob:hunter#zq9@db``)
    was kept whole in the index file, and shown whole in the unknown session's hint."""
    with closing(SessionIndex()) as index:
        index.used_shared(url)
    kept = SessionIndex().shared_stores()
    assert len(kept) == 1
    assert "db.example" in kept[0]
    index_file = paths.index_path()
    stored = b"".join(f.read_bytes() for f in index_file.parent.glob(index_file.name + "*"))
    for piece in re.split("[#?]", password):  # each piece of it, the tail too
        assert piece.encode() not in stored
        assert piece not in kept[0]


@pytest.mark.parametrize(("url", "password"), LIBPQ_PASSWORDS)
def test_a_url_shown_or_handed_on_hides_a_password_libpq_reads_whole(
    url: str, password: str
) -> None:
    """``masked_url`` (messages, ``coord config``) and ``secretless_url`` (``--json``'s
    command to run) keep no piece of the password libpq reads."""
    for shown in (masked_url(url), secretless_url(url)):
        assert "hunter" not in shown
        assert "zq9" not in shown
        assert "db.example" in shown


#: An agent whose name is not the roster's form (a warning, loaded all the same): wide
#: characters, two columns each.
WIDE_AGENT = "数据库工程师"


@pytest.mark.parametrize("width", [40, 50, 61, 70, 80])
def test_stats_with_a_wide_agent_name_keeps_every_cost_and_no_line_over_the_width(
    width: int,
) -> None:
    """``coord stats`` measured an agent's name in characters: one of wide characters
    (``数据库工程师``, twelve columns) made the table wider than the console, which cropped
    the cost column away (at 80 columns too); in blocks (40 columns), a long one left its
    day alone on a line."""
    from rich.cells import cell_len
    from test_daily74 import _stats_drawn

    from coordinator.store.spend import StatsRow

    rows = [
        StatsRow("2026-12-06", WIDE_AGENT * 3, "claude-sonnet-5-5", 2, 1200, 300, 15000, 2000,
                 0.0442, offline=True),
        StatsRow("2026-12-06", WIDE_AGENT, "claude-sonnet-5-5", 1, 1200, 300, 15000, 2000,
                 0.0122),
    ]  # fmt: skip
    lines = _stats_drawn(rows, width)
    assert all(cell_len(line) <= width for line in lines), lines
    said = "\n".join(lines)
    for cost in ("$0.0442", "$0.0122", "$0.0564"):
        assert cost in said, lines
    assert all(not line.startswith("2026") or "数" in line for line in lines), lines


SCRIPT = "backend:\n  - text: hi\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_script_or_batch_file_saved_as_utf16_is_named_as_such(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, encoding: str
) -> None:
    """A file saved as UTF-16 (Windows' "Unicode", PowerShell's ``>``): a script without a
    byte-order mark was "not valid YAML (unacceptable character #x0000 …)", no line, no
    hint; a batch file, read leniently, was a warning of bytes read as U+FFFD and then that
    YAML error. Now one line: its file and line, not UTF-8, saved as UTF-16, and the hint."""
    from coordinator.errors import UserError
    from coordinator.runtime.batch import load_tasks
    from coordinator.yamlfile import read_yaml

    script = tmp_path / "s.yaml"
    script.write_bytes(SCRIPT.encode(encoding))
    batch = tmp_path / "b.yaml"
    batch.write_bytes("- request: Charge the card\n".encode(encoding))
    for read, path, what in ((read_yaml, script, "script"), (load_tasks, batch, "batch file")):
        with pytest.raises(UserError) as refused:
            read(path, what) if read is read_yaml else read(path)  # type: ignore[operator]
        assert (
            str(refused.value)
            .splitlines()[0]
            .startswith(f"{path}:1: {what} is not UTF-8 text (byte 0x")
        )
        assert "UTF-16" in str(refused.value).splitlines()[0]
        assert refused.value.hint == "Save it as UTF-8."
    assert not caplog.records  # no warning of bytes read as U+FFFD before it


def test_naming_the_question_without_an_answer_is_refused_before_the_model_is_set_up(
    tmp_path: Path,
) -> None:
    """``coord resume ID --question q1`` without an answer was refused only in the engine,
    after the provider was set up: with no API key the user was told to set one, and only
    then, key set, that the answer was missing. Now it is refused where a stale question is
    (before anything is set up or said), ``--json`` alike; ``--retry-consult`` as before."""
    import json

    from cli import coord
    from kit import blocked, waiting_run

    from coordinator.errors import EXIT_USER_ERROR

    sid, ws, _ = waiting_run(tmp_path, blocked("Product", "Which column is the email"))
    no_key = {"ANTHROPIC_API_KEY": ""}
    ran = coord("resume", sid, "--question", "q1", "--provider", "anthropic", cwd=ws, env=no_key)
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr.splitlines()[0] == (
        "error: --question q1 names the question you answer, but no answer was given;"
        " nothing was recorded"
    )
    told = coord(
        "resume", sid, "--question", "q1", "--provider", "anthropic", "--json", cwd=ws, env=no_key
    )
    assert told.returncode == EXIT_USER_ERROR
    assert json.loads(told.stdout)["error"].startswith("--question q1 names the question")


def test_opening_the_same_shared_store_again_writes_nothing_to_the_index() -> None:
    """Every ``open_store`` of a shared store wrote its URL to the index (a WAL write and
    its checkpoint, ~15 ms under load against ~1 ms to read it): each ``coord mcp`` request
    and every command. The store already the most recent one is left as it is; another
    one opened is still recorded, first."""
    index_file = paths.index_path()
    with closing(SessionIndex()) as index:
        index.used_shared("postgresql://bob:pw@db.example/coord")
    before = index_file.stat().st_mtime_ns, index_file.stat().st_size
    wal = index_file.with_name(index_file.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    with closing(SessionIndex()) as index:
        index.used_shared("postgresql://bob:other@db.example/coord")  # the same store
    assert (index_file.stat().st_mtime_ns, index_file.stat().st_size) == before
    assert not wal.exists() or wal.stat().st_size == 0
    with closing(SessionIndex()) as index:
        index.used_shared("postgresql://ann@db2.example/coord")
    assert SessionIndex().shared_stores() == [
        "postgresql://ann@db2.example/coord",
        "postgresql://bob@db.example/coord",
    ]


def test_a_folder_named_like_the_extra_is_not_taken_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``require_postgres`` looked psycopg up with ``find_spec``, which finds a folder of
    that name on the path (a checkout of psycopg's repository, where ``python -m
    coordinator`` puts the folder first) as a namespace package: the check passed and the
    import of what it lacks ended in a traceback. A namespace is not the package."""
    from coordinator.errors import UserError
    from coordinator.store.backends import require_postgres

    (tmp_path / "psycopg").mkdir()  # no __init__.py: a namespace package's portion
    monkeypatch.setattr(
        sys, "path", [str(tmp_path), *(p for p in sys.path if "-packages" not in p)]
    )
    for name in [m for m in sys.modules if m == "psycopg" or m.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(UserError, match=r"needs the postgres extra \(psycopg not installed\)"):
        require_postgres("a postgresql:// session database", ("psycopg",))
