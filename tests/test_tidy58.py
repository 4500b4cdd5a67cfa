"""tidy58 (2026-12-05): the unknown-session hint fits the store it was looked for in.

On a shared PostgreSQL store ``coord log``, ``coord resume`` (with or without an answer)
and ``coord sessions rm`` of an unknown session told the user to list ids with ``coord
sessions`` and to "add --db FILE for another database": a file is no shared store, and
``coord sessions`` without the store's URL lists the workspace's file and the index, not
the store. The hint says to list the store's ids with the same ``--db`` URL (or
``COORD_DB``, or ``db:`` in the config); a SQLite store's hint is unchanged.

And a worktree run's worktree whose copy of a workspace ``paths:`` rule cannot be loaded
(a committed link to a workspace file leads outside the worktree) gave its Reads no such
rule, silently: the run's notice names the workspace's problems only. It is warned of
once, when the worktree's rules are first read. The worktree's other warnings stay
unsaid: the user's files' are the notice's, and its top-level files are not given (the
system prompt holds the workspace's).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, git, report, runs_in_folders, waiting_on
from test_claude_md import agent
from test_hooks45_instructions_loaded import read
from test_worktree46_nested import RULE, engine, repo, texts

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras

SHARED_HINT = (
    "List this store's session ids with `coord sessions` and the same --db URL"
    " (or COORD_DB, or db: in the config)."
)
FILE_HINT = "List session ids with `coord sessions` (add --db FILE for another database)."


@pytest.mark.parametrize(
    "command",
    [("log",), ("resume",), ("resume", "--context", "pytest"), ("sessions", "rm")],
    ids=["log", "resume", "answer", "rm"],
)
def test_a_shared_stores_unknown_session_hint_names_the_same_store(
    tmp_path: Path, pg_url: str, command: tuple[str, ...]
) -> None:
    (ran,) = runs_in_folders(tmp_path, pg_url, ("a", "backend"))
    unknown = coord(*command, "nosuch", "--db", pg_url, cwd=tmp_path / "a")
    assert unknown.returncode == 4
    assert unknown.stderr.splitlines() == [
        f"error: unknown session: nosuch in {pg_url}",
        SHARED_HINT,
    ]
    # what the hint says lists the store's ids; `coord sessions` alone lists another place
    assert ran in coord("sessions", "--db", pg_url, cwd=tmp_path / "a").stdout
    assert ran in coord("sessions", cwd=tmp_path / "a", env={"COORD_DB": pg_url}).stdout
    assert ran not in coord("sessions", cwd=tmp_path / "a").stdout


def test_a_files_unknown_session_hint_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session removed between its lookup and its resume (another process's ``coord
    sessions rm``) is unknown in the file it was in: listed with ``coord sessions``."""
    db = tmp_path / "sessions.db"
    sid, ws, agents = waiting_on(tmp_path, str(db), blocked("Tests", "Which framework"))
    real = Engine.resume

    async def removed_first(engine: Engine, ref: str, *args: Any, **kwargs: Any) -> Any:
        engine.store.delete_sessions([ref])
        return await real(engine, ref, *args, **kwargs)

    monkeypatch.setattr(Engine, "resume", removed_first)
    answered = coord("resume", sid, "--context", "pytest", "--db", db,
                     "--agents-dir", agents, "--only", cwd=ws)  # fmt: skip
    assert answered.returncode == 4
    error = [line for line in answered.stderr.splitlines() if not line.startswith("[")]
    assert error == [f"error: unknown session: {sid} in {db}", FILE_HINT]


async def test_a_worktrees_rule_it_cannot_load_is_warned_of(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A committed ``paths:`` rule that is a link to a workspace file loads in the workspace
    (the run's notice says nothing), but in a worktree run's worktree it leads outside
    (into the workspace): its Reads are given no such rule. That is warned of once, when
    the worktree's rules are first read; the rule that loads is still given."""
    ws, home = repo(tmp_path)
    (ws / "docs").mkdir()
    (ws / "docs" / "api-rule.md").write_text(RULE.format("the API rule"))
    (ws / ".claude" / "rules" / "api.md").symlink_to(ws / "docs" / "api-rule.md")
    git(ws, "add", "docs", ".claude/rules/api.md")
    git(ws, "commit", "-q", "-m", "a linked rule")
    registry = Registry([agent(isolation="worktree")])
    notice = session_extras(ws, Settings(), registry, home=home, managed=None).notice(
        registry, Settings()
    )
    assert not [line for line in notice if "api.md" in line]

    turns = [
        {"tool_calls": [read("sub/x.py")]},
        {"tool_calls": [read("sub/y.py")]},
        {"text": report("Complete", "Done")},
    ]
    tree, warned, provider = await worktree_warnings(tmp_path, ws, home, turns, caplog)
    assert warned == [f"warning: worktree {tree}: {API_RULE_LOST}"]
    [first], _ = texts(provider)
    assert "Rule: committed copy." in first and "the API rule" not in first


#: What a worktree whose ``.claude/rules/api.md`` leads into the workspace warns of.
API_RULE_LOST = (
    "instructions: .claude/rules/api.md not loaded: it cannot be read, is no regular file,"
    " or leads outside the workspace or into the coordinator's own files"
)


async def worktree_warnings(
    tmp_path: Path, ws: Path, home: Path, turns: list[Any], caplog: pytest.LogCaptureFixture
) -> tuple[Path, list[str], Any]:
    """A worktree run of ``turns`` (complete): its worktree, the warnings logged, its
    provider."""
    run, provider = engine(tmp_path, ws, home, turns)
    with caplog.at_level(logging.WARNING):
        result = await run.start("Fix it", agent="backend")
    assert result.status.value == "complete", result.reason
    tree = ws / ".git" / "coord-worktrees" / f"{result.session_id}-1"
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    return tree, warned, provider
