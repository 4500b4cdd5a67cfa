"""daily107: a demanding daily user's walk (first and tenth day): the rough edges that
mattered, each checked where it is decided."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coordinator.errors import UserError
from coordinator.store.databases import SessionGone, open_session
from coordinator.store.db import Store
from coordinator.store.index import SessionIndex

# ---- a session whose database alone is gone: its workspace is not said to be gone ------


def _stored(db: Path, ws: Path) -> str:
    """A session stored in ``db`` for ``ws``, known to the session index."""
    store = Store.open(db)
    store.index = SessionIndex()
    try:
        return store.create_session("Document the API", ws, {})
    finally:
        store.close()


def test_a_removed_coordinator_folder_is_named_not_called_unknown(tmp_path: Path) -> None:
    """``rm -rf .coordinator`` then ``coord log ID`` in the workspace said "unknown session:
    ID (not in this workspace, which has no sessions, nor in the session index)": the index
    knew it; only the local database was looked past."""
    ws = tmp_path / "project"
    ws.mkdir()
    local = ws / ".coordinator" / "coordinator.db"
    sid = _stored(local, ws)
    shutil.rmtree(ws / ".coordinator")
    with pytest.raises(SessionGone) as gone:
        open_session(sid, local, timeout=5)
    said = str(gone.value)
    assert said.startswith(f"session {sid} was stored in {local}, which is gone"), said
    assert f"its workspace {ws} is still there: the database was moved or deleted" in said
    assert f"`coord sessions rm {sid}` forgets this one" in (gone.value.hint or "")


def test_a_removed_db_file_does_not_call_the_workspace_gone(tmp_path: Path) -> None:
    """A ``--db`` file removed while its workspace stays: "its workspace W was moved or
    deleted", and a hint to run in the new folder, though W was right there."""
    ws = tmp_path / "project"
    ws.mkdir()
    db = tmp_path / "elsewhere" / "sessions.db"
    sid = _stored(db, ws)
    db.unlink()
    with pytest.raises(SessionGone) as gone:
        open_session(sid, ws / ".coordinator" / "coordinator.db", timeout=5)
    said, hint = str(gone.value), gone.value.hint or ""
    assert "was moved or deleted" in said and f"its workspace {ws} was moved" not in said
    assert f"its workspace {ws} is still there" in said
    assert hint.startswith("Moved: pass --db with its new path"), hint
    assert "--workspace NEW" not in hint


def test_a_gone_workspace_is_still_said_gone(tmp_path: Path) -> None:
    """Guard: the workspace deleted with its database keeps its message and hint."""
    ws = tmp_path / "project"
    ws.mkdir()
    sid = _stored(ws / ".coordinator" / "coordinator.db", ws)
    shutil.rmtree(ws)
    with pytest.raises(UserError) as gone:
        open_session(sid, tmp_path / "here.db", timeout=5)
    assert f"(its workspace {ws} was moved or deleted)" in str(gone.value)
    assert "(or pass --workspace NEW)" in (gone.value.hint or "")


# ---- a script's misspelt agent name: named, not sent to `--agent MISSPELT` ---------------


def _unscripted(agents: dict[str, object], agent: str) -> str:
    """What a call by ``agent`` is told under a script scripting ``agents``."""
    from coordinator.providers.base import ScriptError
    from coordinator.providers.script import ScriptedModel

    model = ScriptedModel.from_data({"agents": agents}, source="offline.yaml")
    with pytest.raises(ScriptError) as unscripted:
        model.select(agent, {"messages": [{"role": "user", "content": "Issue a refund"}]})
    return str(unscripted.value)


def test_a_misspelt_scripted_agent_is_named_as_one() -> None:
    """``payments-expret:`` in the script: the run's failure said "send the request to an
    agent it scripts: --agent payments-expret", which coord refuses (unknown agent)."""
    said = _unscripted({"payments-expret": [{"text": "Done"}]}, "payments-expert")
    assert "no turns for agent 'payments-expert'" in said
    assert "'payments-expret' looks like a misspelling of it" in said
    assert "Rename it `payments-expert:`" in said
    assert "--agent payments-expret" not in said


def test_a_script_for_another_agent_still_offers_agent() -> None:
    """Guard: a script naming a different agent (not a near spelling) keeps its two ways
    out, turns for the agent or ``--agent`` naming the scripted one."""
    said = _unscripted({"database-engineer": [{"text": "Done"}]}, "payments-expert")
    assert said.endswith("send the request to an agent it scripts: --agent database-engineer")


# ---- `coord agents validate --agents-dir DIR`: its siblings' flag, refused with the way --


@pytest.mark.parametrize("flag", ["--agents-dir", "--only"])
def test_validate_names_its_folder_arguments_for_siblings_flags(flag: str) -> None:
    """``coord agents list/show/eval`` take ``--agents-dir DIR``; ``validate`` refused it
    with a bare "No such option", though ``coord agents validate DIR`` does just that."""
    from coordinator.guessed import guessed_flag_hint

    said = guessed_flag_hint("agents validate", flag)
    assert said is not None and "coord agents validate DIR [DIR...]" in said
