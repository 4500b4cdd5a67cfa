"""The closed sets tidy116 made StrEnums hold exactly the values the store's CHECK
constraints (and the settings) allow, and what reaches a row, a log or a message through
them is the plain string."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, get_args

import pytest
from storefixtures import BACKENDS, open_at

from coordinator.providers.base import StopReason
from coordinator.providers.script import ScriptStop
from coordinator.roster.fields import PERMISSION_MODES, PermissionMode
from coordinator.runtime import hook_run
from coordinator.runtime.hooks import HookSource, parse_hooks
from coordinator.runtime.permission_files import load_permissions
from coordinator.store.pg import JOBS_DDL
from coordinator.store.rows import CallState, LeaseState


def _checked(ddl: str, column: str) -> set[str]:
    """The values a ``CHECK (column IN (...))`` of ``ddl`` allows."""
    found = re.search(rf"CHECK \({column} IN \(([^)]*)\)\)", ddl)
    assert found is not None, ddl
    return {v.strip().strip("'") for v in found.group(1).split(",")}


def test_call_states_are_what_the_tool_calls_table_allows(tmp_path: Path) -> None:
    with closing(open_at(str(tmp_path / "s.db"))):
        pass
    with closing(sqlite3.connect(tmp_path / "s.db")) as con:
        (ddl,) = con.execute("SELECT sql FROM sqlite_master WHERE name = 'tool_calls'").fetchone()
    assert _checked(ddl, "state") == {s.value for s in CallState}


def test_lease_states_are_what_the_jobs_table_allows() -> None:
    assert _checked(JOBS_DDL, "state") == {s.value for s in LeaseState}


_ASK = {"role": "user", "content": "x"}


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return str(request.getfixturevalue("pg_fresh"))


def test_a_tool_call_row_holds_the_plain_state(db: str, tmp_path: Path) -> None:
    with closing(open_at(db)) as store:
        sid = store.create_session("ask", tmp_path, {})
        with store.transaction():
            run = store.start_run(
                sid, agent="a", model="m", depth=0, max_turns=3, first_message=_ASK
            )
        store.tool_started(run, 1, "t1", "Read", {"file_path": "a.py"})
        started = store.tool_calls(run, 1)["t1"].state
        store.tool_done(run, 1, "t1", "ok", False)
        done = store.tool_calls(run, 1)["t1"].state
    assert (started, done) == (CallState.STARTED, CallState.DONE)
    assert (type(started), type(done)) == (str, str)  # as read back: the stored text


def test_a_released_lease_holds_the_plain_state(pg_fresh: str, tmp_path: Path) -> None:
    from coordinator.store.pg import PgStore

    with closing(open_at(pg_fresh)) as store:
        sid = store.create_session("ask", tmp_path, {})
    for state in (LeaseState.DONE, LeaseState.FAILED):
        with closing(PgStore.connect(pg_fresh)) as worker:
            worker.enqueue(sid)
            worker.claim_session(sid, "w1")
            worker.release_claim(state, "why")
            row = worker._pg.run(
                "SELECT state, state = %s AS same FROM coordinator_jobs WHERE session_id = %s",
                (state.value, sid),
            ).fetchone()
        assert (row["state"], type(row["state"]), row["same"]) == (state.value, str, True)


def test_permission_modes_read_and_chosen_stay_plain_strings(tmp_path: Path) -> None:
    """Guard: a mode read from settings, and the mode an agent runs in (also when its own
    is turned off), are the plain strings the files hold, as a log or message shows them."""
    home, ws = tmp_path / "home", tmp_path / "ws"
    user = home / ".claude/settings.json"
    user.parent.mkdir(parents=True)
    block = {"defaultMode": "manual", "disableAutoMode": "disable"}
    user.write_text(json.dumps({"permissions": block}), encoding="utf-8")
    found = load_permissions(ws, home=home, managed=None)
    chosen = [found.default_mode, found.mode_of(None), found.mode_of("auto")]
    assert chosen == ["default"] * 3 and {type(m) for m in chosen} == {str}
    assert list(PERMISSION_MODES) == [m.value for m in PermissionMode]


def test_a_command_hooks_shell_stays_the_plain_string(tmp_path: Path) -> None:
    """Guard: a command hook's ``shell`` is the string its file holds (its ``once`` digest
    and messages read it)."""
    entries = [{"type": "command", "command": "true", "shell": s} for s in ("powershell", "zsh")]
    value = {"Stop": [{"hooks": [*entries, {"type": "command", "command": "true"}]}]}
    hooks, problems = parse_hooks(value, HookSource.PROJECT, tmp_path / "s.json", False)
    assert [(h.shell, type(h.shell)) for h in hooks] == [("powershell", str), ("bash", str)]
    assert any("(shell 'zsh'; entry ignored)" in p for p in problems)


def test_a_scripts_stop_reasons_are_the_apis() -> None:
    """Guard: the stop reasons a script may give (a Literal, for pydantic's message) are
    :class:`StopReason`'s."""
    assert get_args(ScriptStop) == tuple(StopReason)


@pytest.mark.parametrize(
    ("output", "said"),
    [
        ({"hookSpecificOutput": {"permissionDecision": "ask"}}, "ask"),
        ({"hookSpecificOutput": {"permissionDecision": "nope"}, "decision": "block"}, "deny"),
        ({"decision": "approve"}, "allow"),
    ],
)
def test_a_hooks_decision_is_the_plain_word(output: dict[str, Any], said: str) -> None:
    """Guard: the decision read from a hook's output (its ``hook`` event says it) is a
    plain string, the legacy words too."""
    decided = hook_run._decision(output)
    assert (decided, type(decided)) == (said, str)
    assert hook_run._blocks(output) == (said != "allow")
