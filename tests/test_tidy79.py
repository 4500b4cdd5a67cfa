"""tidy79: the leftovers of review80 and daily78 (one file opener, globs' bad patterns
warned, a near spelling's suggestion alone, an empty status filter's next step, a failed
run said once)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import workspace, write_script

from coordinator import config
from coordinator.errors import EXIT_USER_ERROR, UserError
from coordinator.roster.names import close_names
from coordinator.runtime.lookup import SessionFilter, list_sessions
from coordinator.runtime.permission_files import load_permissions
from coordinator.store.wal import unapplied_changes


def _spy_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The special files (no regular file, no folder) opened for reading from now on."""
    opened: list[str] = []
    real_open = os.open

    def spied(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        special = os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path)
        if special and not flags & os.O_PATH and "dir_fd" not in kwargs:
            opened.append(str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spied)
    return opened


def test_a_config_swapped_for_a_fifo_after_its_look_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A config file a command swapped for a link to a FIFO after coord looked at it (a
    regular file then) is refused by its kind, never opened (a waiting writer released)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "team.yaml"
    link.symlink_to(fifo)
    monkeypatch.setattr(config, "once_only", lambda path: False)  # (it was a file then)
    opened = _spy_opens(monkeypatch)
    with pytest.raises(UserError, match=r"team\.yaml: config changed while coord read it"):
        config._config_file(link, None)
    assert opened == []


def test_a_wal_that_is_a_fifo_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store's ``-wal`` that is a link to a FIFO counts as unapplied, unopened."""
    db = tmp_path / "s.db"
    db.write_bytes(b"")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    wal = tmp_path / "s.db-wal"
    wal.symlink_to(fifo)
    opened = _spy_opens(monkeypatch)
    assert unapplied_changes(wal, db) is True
    assert opened == []


def _warnings_of(tmp_path: Path, settings: dict[str, Any]) -> list[str]:
    """The warnings of loading a workspace whose project settings are ``settings``."""
    workspace = tmp_path / "ws"
    (workspace / ".claude").mkdir(parents=True)
    (workspace / ".claude" / "settings.json").write_text(json.dumps(settings))
    home = tmp_path / "home"
    home.mkdir()
    return load_permissions(workspace, home=home, managed=None).warnings


def test_a_backwards_range_is_warned_once_naming_the_file_and_entry(tmp_path: Path) -> None:
    """``[z-a]`` matches no character (not a traceback): said once at load, with the
    settings file and the entry, in claudeMdExcludes and in a permission rule's path."""
    warnings = _warnings_of(
        tmp_path,
        {
            "claudeMdExcludes": ["/x/[z-a]/CLAUDE.md", "**/ok/CLAUDE.md"],
            "permissions": {"deny": ["Read(./[z-a]/secret)", "Read(./[a-z]/fine)"]},
        },
    )
    said = [w for w in warnings if "[z-a]" in w]
    assert len(said) == 2, warnings
    for line in said:
        assert "settings.json" in line and "matches no character" in line
    assert any("'/x/[z-a]/CLAUDE.md'" in w for w in said)
    assert any("'Read(./[z-a]/secret)'" in w for w in said)
    assert not any("[a-z]" in w or "ok/CLAUDE.md" in w for w in warnings)


def test_braces_of_relative_alternatives_are_warned_as_relative(tmp_path: Path) -> None:
    """``{docs,src}/CLAUDE.md`` can match no absolute path, as ``docs/CLAUDE.md`` cannot:
    the same warning; one absolute alternative of several: the relative ones named."""
    warnings = _warnings_of(
        tmp_path,
        {"claudeMdExcludes": ["{docs,src}/CLAUDE.md", "{/a,b}/CLAUDE.md", "{/c,**/d}/x.md"]},
    )
    assert any("'{docs,src}/CLAUDE.md' matches no file" in w for w in warnings), warnings
    assert any("'{/a,b}/CLAUDE.md'" in w and "'b/CLAUDE.md'" in w for w in warnings), warnings
    assert not any("x.md" in w for w in warnings)
    assert all("settings.json" in w for w in warnings if "CLAUDE.md" in w)


def test_a_near_spelling_of_an_agent_is_suggested_alone(tmp_path: Path) -> None:
    """``databse-engineer`` is ``database-engineer`` misspelt: said alone, not beside
    ``llm-ml-engineer`` (which shares only ``-engineer``)."""
    shown = coord("agents", "show", "databse-engineer", cwd=tmp_path)
    assert shown.returncode == EXIT_USER_ERROR
    assert "did you mean database-engineer?" in shown.stderr, shown.stderr
    assert "llm-ml-engineer" not in shown.stderr


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("databse-engineer", ["database-engineer"]),
        ("backend", ["backend-dev", "fastapi-backend-expert"]),  # (both hold it whole)
        ("devop-engineer", ["devops-engineer"]),
        ("api-dev", ["db-dev", "web-dev", "backend-dev"]),  # (none near alone: as before)
    ],
)
def test_close_names_weigh_the_distinctive_part(typed: str, meant: list[str]) -> None:
    """The shared ``-engineer``/``-dev`` lifts no name beside a near spelling of the rest."""
    names = [
        "database-engineer",
        "llm-ml-engineer",
        "devops-engineer",
        "backend-dev",
        "db-dev",
        "web-dev",
        "fastapi-backend-expert",
    ]
    assert close_names(typed, names) == meant


def test_an_empty_filtered_list_says_how_to_list_them_all(tmp_path: Path) -> None:
    """``coord sessions --status waiting`` finding none says so, and how to list all."""
    shown = coord("sessions", "--status", "waiting", cwd=tmp_path)
    assert shown.returncode == 0
    assert shown.stdout == "no sessions with status waiting\n"
    assert shown.stderr == "leave out --status to list every session\n"
    both = coord("sessions", "--status", "failed", "--search", "x", cwd=tmp_path)
    assert both.stderr == "leave out --status and --search to list every session\n"
    bare = coord("sessions", cwd=tmp_path)
    assert (bare.stdout, bare.stderr) == ("no sessions\n", "")  # (no filter to leave out)
    listed = list_sessions(SessionFilter(status="waiting"), None, None, None)
    assert listed.unfiltered == "leave out --status to list every session"


def test_a_failed_run_is_said_failed_once(tmp_path: Path) -> None:
    """A run that fails (its script has no turn left for it) ended the progress with
    "[id] fastapi-backend-expert failed" and then "[id] failed": now one line, the agent's
    (its reason in the result after it; a batch, with no result, keeps it on the line)."""
    ws = workspace(tmp_path)
    script = write_script(tmp_path / "s.yaml", {"fastapi-backend-expert": []})
    ran = coord(
        "run", "Add an endpoint", "--agent", "fastapi-backend-expert", "--script", script, cwd=ws
    )
    assert ran.returncode == 1, ran.stderr
    sid = ran.stdout.split("session ", 1)[1].split()[0][:8]
    failed = [line for line in ran.stderr.splitlines() if "failed" in line]
    assert failed == [f"[{sid}] fastapi-backend-expert failed"], ran.stderr
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text("- {request: Add an endpoint, agent: fastapi-backend-expert}\n", "utf-8")
    ran = coord("run", "--batch", tasks, "--script", script, cwd=ws)
    assert ran.returncode == 1, ran.stderr
    failed = [line for line in ran.stderr.splitlines() if "failed" in line]
    assert len(failed) == 1 and "fastapi-backend-expert failed: " in failed[0], ran.stderr


def test_stats_finding_none_since_a_time_says_how_to_count_them_all(tmp_path: Path) -> None:
    """``coord stats --since 7d`` finding none says so, and how to count every session (as
    ``coord sessions`` does for its filters)."""
    shown = coord("stats", "--since", "7d", "--here", cwd=tmp_path)
    assert shown.returncode == 0
    assert shown.stdout.startswith("no sessions since 7d")
    assert shown.stderr == "leave out --since to count every session\n"
    bare = coord("stats", "--here", cwd=tmp_path)
    assert bare.stdout.startswith("no sessions") and bare.stderr == ""
