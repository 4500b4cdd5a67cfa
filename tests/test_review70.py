"""review70: defects found reviewing compat70, daily70 and shell70, each pinned where it is
decided and, where the command's output is the point, through ``coord``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import away_from_workspace, blocked, report
from kit import run_from_elsewhere as run

# ---- a copied project (`cp -r`) lists each of its sessions once --------------------------


def _sid(proc: Any) -> str:
    return next(w for w in proc.stdout.split() if len(w) == 12 and w.isalnum())


def test_a_copied_project_lists_each_session_once(tmp_path: Path) -> None:
    setup = away_from_workspace(tmp_path)
    done = run(setup, {"backend": [{"text": report("Complete")}]}, "Document the API")
    assert done.returncode == 0, done.stderr
    sid = _sid(done)
    copy = tmp_path / "copy"
    shutil.copytree(setup["ws"], copy)  # `cp -r project project-copy`: its database too
    for cwd in (copy, setup["ws"], setup["elsewhere"]):
        listed = coord("sessions", "--json", cwd=cwd)
        assert listed.returncode == 0, listed.stderr
        ids = [s["session"] for s in json.loads(listed.stdout)]
        assert ids == [sid], (cwd, ids)
        text = coord("sessions", cwd=cwd)
        assert text.stdout.count(sid) == 1, text.stdout


def test_a_session_copies_list_the_one_its_log_shows(tmp_path: Path) -> None:
    """After the copies part ways (answered in the copy, a new session there), a listing
    from elsewhere shows the session as ``coord log`` from there finds it: the original."""
    setup = away_from_workspace(tmp_path)
    script = {
        "backend": [
            {"text": blocked("Docs", "Where the docs live")},
            {"text": report("Complete", "Documented")},
        ]
    }
    first = run(setup, script, "Document the API")
    assert first.returncode == 3, first.stderr
    sid = _sid(first)
    copy = tmp_path / "copy"
    shutil.copytree(setup["ws"], copy)
    answered = coord("resume", sid, "--context", "the docs/ folder", cwd=copy)
    assert answered.returncode == 0, answered.stderr
    setup["ws"] = copy  # a new session in the copy: the index now knows its database
    other = run(setup, {"backend": [{"text": report("Complete")}]}, "Add a health check")
    assert other.returncode == 0, other.stderr
    logged = coord("log", sid, "--json", cwd=setup["elsewhere"])
    assert json.loads(logged.stdout)["status"] == "waiting", logged.stdout
    listed = coord("sessions", "--json", cwd=setup["elsewhere"])
    mine = [s for s in json.loads(listed.stdout) if s["session"] == sid]
    assert [s["status"] for s in mine] == ["waiting"], mine


# ---- a managed marketplace blocklist that cannot be read fails closed --------------------

_EVIL = {"evil": {"source": {"source": "github", "repo": "evil/plugins"}}}


@pytest.mark.parametrize(
    "policy",
    [
        {"blockedMarketplaces": {"source": "github", "repo": "evil/plugins"}},  # no list
        {"blockedMarketplaces": "evil/plugins"},
        {"blockedMarketplaces": ["evil/plugins"]},  # entries that are not sources
        {"strictKnownMarketplaces": ["evil/plugins"]},
    ],
)
def test_a_marketplace_list_that_cannot_be_read_keeps_every_plugin_out(policy: Any) -> None:
    from coordinator.roster.marketplaces import MarketGate

    gate = MarketGate.of(policy, [_EVIL])
    refused = gate.refusal("tool@evil")
    assert refused is not None
    key = next(iter(policy))
    assert key in refused and "cannot be read" in refused, refused
    assert any(key in line and "locked out" in line for line in gate.problems), gate.problems


def test_a_readable_blocklist_still_lets_other_marketplaces_in() -> None:
    from coordinator.roster.marketplaces import MarketGate

    ok = {"ok": {"source": {"source": "github", "repo": "good/plugins"}}}
    gate = MarketGate.of(
        {"blockedMarketplaces": [{"source": "github", "repo": "evil/plugins"}]}, [_EVIL, ok]
    )
    assert gate.problems == ()
    assert gate.refusal("tool@ok") is None
    assert "blocked" in (gate.refusal("tool@evil") or "")


def test_a_session_resumed_in_a_copied_project_works_in_the_copy(tmp_path: Path) -> None:
    """`cp -r project try`, then `coord resume` in `try`: the copy's database drives the
    session, so it works on the copy, not on the project the user left untouched."""
    setup = away_from_workspace(tmp_path)
    write = {"name": "Write", "input": {"file_path": "docs.md", "content": "# Docs\n"}}
    script = {
        "backend": [
            {"text": blocked("Docs", "Where the docs live")},
            {"tool_calls": [write]},
            {"text": report("Complete", "Documented")},
        ]
    }
    first = run(setup, script, "Document the API")
    assert first.returncode == 3, first.stderr
    sid = _sid(first)
    copy = tmp_path / "copy"
    shutil.copytree(setup["ws"], copy)
    answered = coord("resume", sid, "--context", "docs.md at the root", cwd=copy)
    assert answered.returncode == 0, answered.stderr
    assert (copy / "docs.md").is_file()
    assert not (setup["ws"] / "docs.md").exists()
    assert str(copy) in answered.stdout + answered.stderr  # said where it goes on
    original = coord("log", sid, "--json", cwd=setup["ws"])
    assert json.loads(original.stdout)["status"] == "waiting", original.stdout
