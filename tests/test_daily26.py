"""daily26: a demanding user's second day (scripts, CI, a team on one machine, auditors):
the rough edges that mattered, each checked where it is decided and through ``coord``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import (
    away_from_workspace,
    blocked,
    drawn,
    report,
    run_from_elsewhere,
    write_script,
)

from coordinator.errors import UserError


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    return away_from_workspace(tmp_path)


def run(setup: dict[str, Any], script: dict[str, Any], request: str, *args: str | Path) -> Any:
    return run_from_elsewhere(setup, script, request, "--json", *args)


def outcome(ran: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ran.stdout)
    return data


# ---- a workspace moved with its database: log and resume follow it ----------------------

WRITES_AFTER_AN_ANSWER = {
    "backend": [
        {"text": blocked("Product", "Which field to expose")},
        {
            "expect": "the email",
            "tool_calls": [
                {"name": "Write", "input": {"file_path": "done.txt", "content": "done\n"}}
            ],
        },
        {"text": report("Complete", "Wrote done.txt", files="done.txt")},
    ]
}


def test_a_session_resumed_in_its_moved_workspace_works_there(setup: dict[str, Any]) -> None:
    first = run(setup, WRITES_AFTER_AN_ANSWER, "Expose the owner field")
    assert first.returncode == 3, first.stderr
    sid = outcome(first)["session"]
    moved = setup["tmp"] / "renamed"
    setup["ws"].rename(moved)  # `mv project renamed`: its .coordinator/ goes with it
    answered = coord("resume", sid, "--context", "the email", "--json", cwd=moved)
    assert answered.returncode == 0, answered.stderr
    note = f"workspace {setup['ws']} is gone; the session goes on in {moved}, where it moved"
    assert outcome(answered)["notes"] == [note]
    assert (moved / "done.txt").read_text(encoding="utf-8") == "done\n"
    assert not setup["ws"].exists()  # nothing was written where the project used to be
    found = coord("log", sid, "--json", cwd=setup["elsewhere"])  # the index follows it
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["workspace"] == str(moved)


def test_log_finds_a_moved_session_in_a_database_the_index_knows(setup: dict[str, Any]) -> None:
    done = run(setup, {"backend": [{"text": report("Complete")}]}, "Document the API")
    sid = outcome(done)["session"]
    moved = setup["tmp"] / "renamed"
    setup["ws"].rename(moved)
    setup["ws"] = moved  # a new session there: the index learns the moved database
    assert run(setup, {"backend": [{"text": report("Complete")}]}, "Add a route").returncode == 0
    listed = coord("sessions", "--json", cwd=setup["elsewhere"])
    assert sid in [line["session"] for line in json.loads(listed.stdout)]
    found = coord("log", sid, cwd=setup["elsewhere"])  # listed, so it opens too
    assert found.returncode == 0, found.stderr
    assert "Document the API" in found.stdout


def test_a_gone_workspace_says_how_to_follow_a_move(setup: dict[str, Any]) -> None:
    done = run(setup, {"backend": [{"text": report("Complete")}]}, "Document the API")
    sid = outcome(done)["session"]
    shutil.rmtree(setup["ws"])
    gone = coord("log", sid, cwd=setup["elsewhere"])
    assert gone.returncode == 4
    assert "Moved: run the command in its new folder (or pass --workspace NEW)" in gone.stderr


def test_a_session_whose_workspace_is_gone_is_not_driven_elsewhere(tmp_path: Path) -> None:
    from coordinator.runtime.lookup import session_workspace
    from coordinator.store.db import Store

    ws = tmp_path / "project"
    ws.mkdir()
    store = Store.open(tmp_path / "outside.db")  # a --db file: it does not say where ws went
    sid = store.create_session("Document the API", ws, {})
    assert session_workspace(store, store.session(sid)) == (ws, None)
    ws.rmdir()
    with pytest.raises(UserError, match=f"session {sid} works in {ws}, which is gone"):
        session_workspace(store, store.session(sid))
    assert store.session(sid).workspace == str(ws)
    store.close()


# ---- resume --context answers the newest question, not a session waiting for a budget ----

#: A request about the owner asks a person a question, and completes once answered.
ASKS: dict[str, list[dict[str, Any]]] = {
    "backend": [
        {"when": "owner", "text": blocked("Product", "Which field to expose")},
        {"when": "owner", "expect": "the email", "text": report("Complete")},
    ]
}
#: A request about the budget spends it at once.
SPENDS = {"when": "budget", "text": "Working", "usage": {"input_tokens": 6_000_000}}


def test_resume_context_answers_the_newest_question_past_a_budget_wait(
    setup: dict[str, Any],
) -> None:
    script = {"backend": [*ASKS["backend"], SPENDS]}
    asking = run(setup, script, "Expose the owner field")
    assert asking.returncode == 3 and outcome(asking)["question"]["waiting_reason"] == (
        "no_specialist"
    )
    spent = run(setup, script, "Spend the budget")  # the newest waiting session: a budget
    assert outcome(spent)["question"]["waiting_reason"] == "budget"
    answered = coord("resume", "--context", "the email", "--json", cwd=setup["ws"])
    assert answered.returncode == 0, answered.stderr
    assert outcome(answered)["session"] == outcome(asking)["session"]
    again = coord("resume", "--context", "the email", "--json", cwd=setup["ws"])
    assert again.returncode == 4  # the budget's session takes no answer: said so
    assert outcome(again)["error"].startswith("no waiting session to answer")
    assert "resumes without --context" in outcome(again)["hint"]
    listed = coord("sessions", "--status", "waiting", "--json", cwd=setup["ws"])
    assert [line["session"] for line in json.loads(listed.stdout)] == [outcome(spent)["session"]]


def test_a_query_asking_finds_only_sessions_with_a_waiting_question(tmp_path: Path) -> None:
    from coordinator.status import SessionStatus
    from coordinator.store.db import SessionQuery, Store

    store = Store.open(tmp_path / "c.db")
    quiet = store.create_session("Spend the budget", tmp_path, {})
    store.set_session_status(quiet, SessionStatus.WAITING, "budget")
    asked = SessionQuery(statuses=(SessionStatus.WAITING,), asking=True)
    assert store.find_sessions(asked) == []
    assert [s.row.id for s in store.find_sessions(SessionQuery(asking=False))] == [quiet]
    store.close()


# ---- coord sessions says when --limit cut the list, on stderr (stdout stays the list) ----


def test_sessions_cut_at_the_limit_say_so_on_stderr(setup: dict[str, Any]) -> None:
    script = {"backend": [{"text": report("Complete")}]}
    ids = [outcome(run(setup, script, f"Add route number {n}"))["session"] for n in range(3)]
    cut = coord("sessions", "--limit", "2", "--json", cwd=setup["ws"])
    assert cut.returncode == 0, cut.stderr
    assert [line["session"] for line in json.loads(cut.stdout)] == ids[::-1][:2]
    assert cut.stderr == (
        "3 sessions match, the newest 2 shown: --limit 3 shows them all;"
        " --since, --status, --agent or --search narrow them\n"
    )
    table = coord("sessions", "--limit", "2", cwd=setup["ws"])
    assert "3 sessions match, the newest 2 shown" in table.stderr
    assert "more sessions" not in table.stdout
    whole = coord("sessions", "--limit", "3", cwd=setup["ws"])
    assert whole.stderr == ""  # all three shown: nothing to say
    across = coord("sessions", "--limit", "2", cwd=setup["elsewhere"])  # every workspace's
    assert "sessions match, the newest 2 shown" in across.stderr


# ---- a session waiting for a raised budget says so, in its log and its progress lines ----


def test_a_budget_wait_is_shown_as_one_in_the_log_and_the_progress(
    setup: dict[str, Any],
) -> None:
    script = {"backend": [{"text": "Working", "usage": {"input_tokens": 6_000_000}}]}
    path = write_script(setup["tmp"] / "budget.yaml", script)
    spent = coord(
        "run", "Spend the budget", "--workspace", setup["ws"], "--agents-dir", setup["agents"],
        "--only", "--script", path, "--agent", "backend",
        cwd=setup["elsewhere"],
    )  # fmt: skip
    assert spent.returncode == 3, spent.stderr
    assert (
        "waiting for a raised budget (session budget spent)" in spent.stderr
    )  # the progress lines
    assert "waiting for a person" not in spent.stderr
    shown = coord("log", "--workspace", setup["ws"], env={"COLUMNS": "200"})
    assert shown.returncode == 0, shown.stderr
    assert "⏸ waiting for a raised budget: session used 6" in shown.stdout
    assert "; max_session_tokens is 5000000" in shown.stdout
    assert "interrupted: resume continues it" not in shown.stdout


# ---- at 80 columns on a terminal, a table cuts a name or the request, never a number -----


def test_sessions_at_80_columns_keep_every_id_and_number_whole() -> None:
    import time

    from coordinator.cli.views import sessions_table
    from coordinator.store.db import SessionRow
    from coordinator.store.listing import SessionLine

    row = SessionRow(
        "b8eb30ba198f", "Add an endpoint GET /health to the API", "/srv/team/payments",
        "waiting", "", {}, time.time() - 300, time.time(),
    )  # fmt: skip
    wide = SessionLine(row, "interrupted", "fastapi-backend-expert", 9_000_010, 18.0001, "db")
    lines = drawn(sessions_table([wide], 80, workspaces=True), 80)
    assert all(len(line) <= 80 for line in lines), lines
    (shown,) = [line for line in lines if "b8eb30ba198f" in line]
    assert "interrupted" in shown and "9.0M" in shown and "$18.0001" in shown  # not 9000.0k
    # the start of the request is still there: half the column since tidy49, the workspace's
    # name the other half (it took all but "A"); since tidy50 cut after a whole word
    assert " paymen…: Add an…" in shown  # tidy51: "9.0M" leaves a character more


def test_stats_at_80_columns_keep_every_number_whole() -> None:
    from coordinator.cli.views import stats_table
    from coordinator.store.spend import StatsRow

    big = StatsRow("2026-12-02", "fastapi-backend-expert", "claude-sonnet-5-5", 45, 27_237_000)
    rows = [big, StatsRow("2026-12-02", "database-engineer", "claude-opus-5-5", 1, 5_700)]
    rows[0] = StatsRow(**{**big.__dict__, "output_tokens": 2_700, "cost_usd": 54.5013})
    lines = drawn(stats_table(rows, 80), 80)
    assert all(len(line) <= 80 for line in lines), lines
    (shown,) = [line for line in lines if "fastapi-backend-expert" in line]
    assert "27.2M" in shown and "2.7k" in shown and shown.endswith("$54.5013")  # not 27237.0k
    assert " sonnet-5-5 " in shown  # the model's name gives way, shortened (its version kept)


# ---- a batch item that could not start is a --json error like any other ------------------


def test_a_batch_item_that_could_not_start_has_the_error_fields(setup: dict[str, Any]) -> None:
    tasks = setup["tmp"] / "tasks.yaml"
    tasks.write_text(
        "- {request: Document the API, agent: backend}\n- What should I cook for dinner tonight?\n",
        encoding="utf-8",
    )
    script = write_script(setup["tmp"] / "b.yaml", {"backend": [{"text": report("Complete")}]})
    ran = coord(
        "run", "--batch", tasks, "--workspace", setup["ws"], "--agents-dir", setup["agents"],
        "--only", "--script", script, "--json",
        cwd=setup["elsewhere"],
    )  # fmt: skip
    assert ran.returncode == 4, ran.stderr
    done, refused = json.loads(ran.stdout)["items"]
    assert done["exit_code"] == 0 and done["session"]
    assert refused == {  # no agent fits it (an unknown agent stops the batch before it runs)
        "index": 1,
        "request": "What should I cook for dinner tonight?",
        "session": None,
        "status": "user_error",  # as its exit code 4 (mend108)
        "agent": None,
        "error": refused["error"],
        "hint": refused["hint"],
        "fix": None,  # what to fix before resuming: none started (review136)
        "exit_code": 4,
    }
    assert refused["error"].startswith("no agent fits"), refused
    assert refused["hint"]  # what to do, apart from the error (it was glued to it)


# ---- resume without an id takes this workspace's session, never another project's --------


def test_resume_without_an_id_never_answers_another_projects_question(
    setup: dict[str, Any],
) -> None:
    asking = run(setup, ASKS, "Expose the owner field")  # waits, in project ws
    sid = outcome(asking)["session"]
    other = setup["tmp"] / "other"  # another project, where nothing waits (no database yet)
    other.mkdir()
    for args in (("--context", "the email"), ()):
        refused = coord("resume", *args, "--json", cwd=other)
        assert refused.returncode == 4, refused.stdout
        error = outcome(refused)["error"]
        assert error.startswith("no waiting") and f"in this workspace ({other.resolve()})" in error
    listed = json.loads(coord("sessions", "--status", "waiting", "--json", cwd=other).stdout)
    assert [line["session"] for line in listed] == [sid]
    by_id = coord("resume", sid, "--context", "the email", "--json", cwd=other)  # named: found
    assert by_id.returncode == 0, by_id.stderr
    assert outcome(by_id)["session"] == sid and outcome(by_id)["status"] == "complete"


def test_resume_without_an_id_takes_the_newest_of_its_own_workspace(
    setup: dict[str, Any],
) -> None:
    asking = run(setup, ASKS, "Expose the owner field")
    answered = coord("resume", "--context", "the email", "--json", cwd=setup["ws"])
    assert answered.returncode == 0, answered.stderr
    assert outcome(answered)["session"] == outcome(asking)["session"]
