"""tidy50 (2026-12-04): rough edges tidy49 and daily18 left.

- ``coord sessions`` cut the request mid-word ("write th…"): now after a whole word, as
  the tree cuts a Blocker.
- ``coord log`` and ``coord sessions`` on a damaged database hinted "Point --db at another
  file; this one was left untouched.", written for a command that writes: a reader is told
  what to read instead.
- ``coord log ID`` where ``.coordinator/coordinator.db`` is a folder said "this folder has
  no sessions" when ID was nowhere: the database there is not a file.
- ``coord route``'s reason read "score 1.35 (needs 1.35)" for a score just under the
  minimum (and "1.40 (needs 1.40)" for one just over): three digits where two do not
  tell them apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord
from kit import report, session_in, write_script


def test_sessions_cuts_the_request_after_a_whole_word(tmp_path: Path) -> None:
    request = "write the release notes for the payments service"
    session_in(tmp_path / "b", tmp_path, request)
    for columns in range(60, 90):
        shown = coord("sessions", "--here", cwd=tmp_path / "b", env={"COLUMNS": str(columns)})
        assert shown.returncode == 0, shown.stderr
        (row,) = shown.stdout.splitlines()[1:]
        words = row[row.index(" write ") + 1 :].rstrip()
        if words == request:
            continue
        assert words.endswith("…"), (columns, row)
        if not request.startswith(words[:-1] + " "):  # mid-word: whole words kept too little
            assert request.rfind(" ", 0, len(words)) < len(words) * 2 // 3, (columns, row)


def _damaged(tmp_path: Path) -> Path:
    """Workspace ``a``'s database, overwritten with bytes that are not SQLite."""
    session_in(tmp_path / "a", tmp_path, "here")
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    for left in db.parent.glob("coordinator.db-*"):  # its -wal and -shm
        left.unlink()
    db.write_bytes(b"not SQLite at all " * 512)
    return db


def test_a_reader_of_a_damaged_database_is_told_what_to_read_instead(tmp_path: Path) -> None:
    db = _damaged(tmp_path)
    for args in (("log",), ("log", "--here"), ("sessions", "--here"), ("stats", "--here")):
        done = coord(*args, cwd=tmp_path / "a")
        assert done.returncode == 4, args
        assert done.stderr.splitlines() == [
            f"error: {db} is not a coordinator session database (not SQLite, or corrupt)",
            "`coord sessions` lists every workspace's sessions; pass --db PATH for another"
            " database, or restore this one from a backup.",
        ], args
    script = write_script(tmp_path / "w.yaml", {"worker": [{"text": report("Complete")}]})
    run = coord("run", "anything", "--agents-dir", tmp_path / "agents", "--only", "--agent",
                "worker", "--script", script, cwd=tmp_path / "a")  # fmt: skip
    assert run.returncode == 4  # run would have written there: its hint is as it was
    assert run.stderr.splitlines()[1:] == [
        "Point --db at another file; this one was left untouched."
    ]


def test_log_id_found_nowhere_where_the_database_is_a_folder_says_so(tmp_path: Path) -> None:
    session_in(tmp_path / "b", tmp_path, "in another project")
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    db.mkdir(parents=True)
    done = coord("log", "0123abcd", cwd=tmp_path / "a")
    assert (done.returncode, done.stdout) == (4, "")
    assert done.stderr.splitlines() == [f"error: session database {db} is not a file"]


@pytest.mark.parametrize(
    ("roster", "request_text", "nearest", "under"),
    [
        ("VoltAgent__awesome-claude-code-subagents",
         "recommend a good sci-fi book for the weekend", "knowledge-synthesizer", False),
        ("0xfurai__claude-code-subagents",
         "What's a good beginner running plan to get to 10k in eight weeks?", "mocha-expert",
         True),
    ],
)  # fmt: skip
def test_route_s_reason_tells_a_score_just_under_the_minimum_from_it(
    shared: Path, roster: str, request_text: str, nearest: str, under: bool
) -> None:
    """Both read "score S (needs S)": one just under the minimum, one just over it (its
    coverage is what falls short); now each says which."""
    agents = shared / "corpus" / roster
    shown = coord("route", request_text, "--agents-dir", agents, "--only", "--json")
    reason = json.loads(shown.stdout)["reason"]
    said = f"no agent fits this request: the nearest, {nearest}, explains"
    assert reason.startswith(said), reason
    score, needs = reason.split(" with score ")[1].removesuffix(")").split(" (needs ")
    assert (float(score) < float(needs)) is under and score != needs, reason
