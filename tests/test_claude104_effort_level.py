"""claude104: the settings' ``effortLevel`` is the effort of agents without their own.

Claude Code's settings reference names ``effortLevel`` (the session's effort level; a
sub-agent's ``effort`` frontmatter overrides it, so one without works at it). coord read it
from no file: an agent without ``effort`` was sent none (the API's default, ``high``). Now
the managed file's, else the local over the project over the user's file's, applies to such
agents (an agent's own ``effort`` still wins, and a model that takes none is sent none); a
workspace file, which agents can write, only lowers the level (a workspace must not raise
what its runs spend); a value that is no level is a warning. The real engine, scripted
provider (the ``anthropic`` SDK over its transport), settings files and SQLite store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import report, workspace
from test_fork100_skill_fork import agent, run

from coordinator.runtime.permission_files import load_permissions

DONE = report("Complete", "Done")


def settings_file(path: Path, level: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"effortLevel": level}), encoding="utf-8")


def sent_effort(calls: list[Any]) -> str | None:
    [call] = calls
    effort: str | None = call.body.get("output_config", {}).get("effort")
    return effort


async def efforts(tmp_path: Path, user: object = None, project: object = None) -> list[Any]:
    """The effort sent for an opus agent without ``effort`` and one with ``effort: max``,
    under a user's and a project's ``effortLevel`` (None: not set)."""
    ws = workspace(tmp_path)
    if project is not None:
        settings_file(ws / ".claude/settings.json", project)
    plain = agent("backend", None).model_copy(update={"model": "opus"})
    own = plain.model_copy(update={"extra": {"effort": "max"}})
    said = []
    for i, spec in enumerate((plain, own)):
        where = tmp_path / f"r{i}"  # (its home: where the user's settings are read)
        if user is not None:
            settings_file(where / "home/.claude/settings.json", user)
        _, calls, _ = await run(where, ws, [spec], {"backend": [{"text": DONE}]})
        said.append(sent_effort(calls))
    return said


async def test_the_users_effort_level_applies_to_agents_without_their_own(
    tmp_path: Path,
) -> None:
    assert await efforts(tmp_path / "none") == [None, "max"]
    assert await efforts(tmp_path / "low", user="low") == ["low", "max"]


async def test_a_workspace_effort_level_only_lowers_it(tmp_path: Path) -> None:
    assert await efforts(tmp_path / "raise", project="max") == [None, "max"]
    assert await efforts(tmp_path / "over", user="medium", project="xhigh") == ["medium", "max"]
    assert await efforts(tmp_path / "lower", user="xhigh", project="Low") == ["low", "max"]


def test_an_effort_level_that_is_no_level_is_a_warning(tmp_path: Path) -> None:
    home, ws = tmp_path / "home", tmp_path / "ws"
    ws.mkdir()
    settings_file(home / ".claude/settings.json", "turbo")
    found = load_permissions(ws, home=home, managed=None)
    assert found.effort_level is None
    assert any("effortLevel 'turbo' is none of low, medium, high" in w for w in found.warnings)
