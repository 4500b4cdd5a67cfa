"""tidy59 (2026-12-05): what the last sessions left in the run's instructions and hooks.

A worktree run's worktree whose copy of a workspace ``paths:`` rule cannot be loaded is
warned of once (tidy58); the warnings were picked by their text's start, so a rule whose
name starts another's (``api.md`` and ``api.md notes.md``) took the other's warning
along: a warning now names its file and what it says of it.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from kit import git, report
from test_claude_md import agent
from test_hooks45_instructions_loaded import read
from test_worktree46_nested import RULE, engine, repo

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.runtime.extras import session_extras


async def test_a_lost_rules_warning_is_its_own_not_a_longer_names(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``api.md`` (a link into the workspace) is lost in the worktree; ``api.md notes.md``
    (not UTF-8) is the user's file, warned of in the run's notice: the worktree warns of
    the first alone."""
    ws, home = repo(tmp_path)
    (ws / "docs").mkdir()
    (ws / "docs" / "api-rule.md").write_text(RULE.format("the API rule"))
    rules = ws / ".claude" / "rules"
    (rules / "api.md").symlink_to(ws / "docs" / "api-rule.md")
    (rules / "api.md notes.md").write_bytes(b"---\npaths: ['*.py']\n---\n\xff\xfe")
    git(ws, "add", "docs", ".claude/rules")
    git(ws, "commit", "-q", "-m", "a linked rule, and one not UTF-8")
    registry = Registry([agent(isolation="worktree")])
    notice = session_extras(ws, Settings(), registry, home=home, managed=None).notice(
        registry, Settings()
    )
    assert [line for line in notice if "api.md" in line] == [
        "warning: instructions: .claude/rules/api.md notes.md not loaded: it is not UTF-8"
    ]

    turns = [{"tool_calls": [read("sub/x.py")]}, {"text": report("Complete", "Done")}]
    run, _ = engine(tmp_path, ws, home, turns)
    with caplog.at_level(logging.WARNING):
        result = await run.start("Fix it", agent="backend")
    assert result.status.value == "complete", result.reason
    tree = ws / ".git" / "coord-worktrees" / f"{result.session_id}-1"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"warning: worktree {tree}: instructions: .claude/rules/api.md not loaded: it cannot"
        " be read, is no regular file, or leads outside the workspace or into the"
        " coordinator's own files"
    ]
