"""daily9: rough edges a demanding user hit in daily use, each checked where it is decided
(the core) and, where the command's output is the point, through ``coord`` in process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script

from coordinator.errors import UserError
from coordinator.store.index import SessionIndex


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    ws = workspace(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return {"tmp": tmp_path, "ws": ws, "elsewhere": elsewhere, "agents": write_agents(tmp_path / "a")}


def run(setup: dict[str, Any], script: dict[str, Any], request: str, *args: str | Path) -> Any:
    path = write_script(setup["tmp"] / f"s{abs(hash(request))}.yaml", script)
    return coord(
        "run", request, "--workspace", setup["ws"], "--agents-dir", setup["agents"], "--only",
        "--script", path, "--agent", "backend", *args,
        cwd=setup["elsewhere"],
    )  # fmt: skip


def session_of(proc: Any) -> str:
    return next(w for w in proc.stdout.split() if len(w) == 12 and w.isalnum())


# ---- sessions rm in a copied workspace leaves the original's sessions findable -----------


def test_index_remove_forgets_only_the_sessions_of_that_database(tmp_path: Path) -> None:
    index = SessionIndex(tmp_path / "index.db")
    original, copy = tmp_path / "a.db", tmp_path / "b.db"
    index.record("abc123abc123", tmp_path, original, "request")
    index.remove(["abc123abc123"], copy)  # the same id, pruned from a copy of the database
    assert [e.db_path for e in index.find("abc123")] == [str(original.resolve())]
    index.remove(["abc123abc123"], original)
    assert index.find("abc123") == []


def test_sessions_rm_in_a_copied_workspace_keeps_the_original_in_the_index(
    setup: dict[str, Any],
) -> None:
    done = run(setup, {"backend": [{"text": report("Complete")}]}, "Document the API")
    assert done.returncode == 0, done.stderr
    sid = session_of(done)
    copy = setup["tmp"] / "copy"
    shutil.copytree(setup["ws"], copy)  # `cp -r project project-copy`: its database too
    pruned = coord("sessions", "rm", "--older-than", "0m", "--here", cwd=copy)
    assert pruned.returncode == 0, pruned.stderr
    assert "removed 1 session" in pruned.stdout
    found = coord("log", sid, cwd=setup["elsewhere"])
    assert found.returncode == 0, found.stderr
    assert "Document the API" in found.stdout


# ---- an empty answer is refused, before the session is touched ---------------------------


@pytest.mark.parametrize("answer", ["", "   \n "])
def test_an_empty_context_is_refused(answer: str, tmp_path: Path) -> None:
    from coordinator.runtime.launch import read_context

    with pytest.raises(UserError, match="the answer is empty"):
        read_context(answer, None)
    path = tmp_path / "answer.txt"
    path.write_text(answer, encoding="utf-8")
    with pytest.raises(UserError, match=f"the answer in {path} is empty"):
        read_context(None, path)


def test_resume_with_an_empty_context_leaves_the_session_waiting(setup: dict[str, Any]) -> None:
    script = {
        "backend": [
            {"text": blocked("Docs", "Where the docs live")},
            {"expect": "docs/ folder", "text": report("Complete", "Documented")},
        ]
    }
    first = run(setup, script, "Document the API")
    assert first.returncode == 3, first.stderr
    sid = session_of(first)
    empty = coord("resume", sid, "--context", "", cwd=setup["elsewhere"])
    assert empty.returncode == 4
    assert empty.stderr.startswith("error: the answer is empty\n"), empty.stderr
    listed = coord("sessions", "--json", cwd=setup["elsewhere"])
    assert json.loads(listed.stdout)[0]["status"] == "waiting"
    answered = coord("resume", sid, "--context", "the docs/ folder", cwd=setup["elsewhere"])
    assert answered.returncode == 0, answered.stderr
