"""ci47: scripts that answer people's questions, safely when two of their jobs overlap."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli import coord, coord_process
from kit import blocked, report, waiting_on, waiting_run, workspace, write_agents, write_script

from coordinator.errors import EXIT_OTHER_QUESTION
from coordinator.runtime import launch

ASK = blocked("Payments", "the merchant id", blocker="No merchant id configured")
ASK_AGAIN = blocked("Payments", "the currency", blocker="No currency configured")


def _answers(ws: Path, sid: str) -> list[str]:
    """The answers a person gave the session, as ``coord log --json`` lists them."""
    return _answers_on(None, ws, sid)


def _answers_on(db: str | None, ws: Path, sid: str) -> list[str]:
    """:func:`_answers` of the session in the store ``db`` (None: the workspace's)."""
    log = json.loads(coord("log", sid, *(("--db", db) if db else ()), "--json", cwd=ws).stdout)
    found: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        for q in node["questions"]:
            if q["answer"] is not None:
                found.append(q["answer"].strip())
            if q["consult"] is not None:
                walk(q["consult"])

    walk(log["chain"])
    return found


def test_every_json_that_shows_a_question_gives_its_id_and_the_argv_holds_it(
    tmp_path: Path,
) -> None:
    """A question had no identity a script could hold: ``question.id`` (the same in
    ``coord run``, ``sessions`` and ``log --json``) and the ``resume`` argv answers that
    question alone (``--question ID``); the next question has another id."""
    sid, ws, data = waiting_run(tmp_path, ASK, ASK_AGAIN, report("Complete", "Charged"))
    qid = data["question"]["id"]
    assert isinstance(qid, int)
    here = ["--workspace", str(ws)]  # mend109: run from another folder than the workspace
    assert data["resume"] == [
        "coord",
        "resume",
        sid,
        *here,
        "--question",
        str(qid),
        "--context",
        "-",
    ]
    [listed] = json.loads(coord("sessions", "--json", "-w", ws).stdout)
    assert (listed["question"], listed["resume"]) == (data["question"], data["resume"])
    log = json.loads(coord("log", sid, "--json", cwd=ws).stdout)
    assert [q["id"] for q in log["chain"]["questions"]] == [qid]
    again = coord(*data["resume"][1:], "--json", stdin="merchant 42\n")
    assert again.returncode == 3, again.stderr
    asked = json.loads(again.stdout)
    assert asked["question"]["required"] == "the currency"
    assert asked["question"]["id"] != qid
    assert asked["resume"][6] == str(asked["question"]["id"])
    done = coord(*asked["resume"][1:], "--json", cwd=ws, stdin="EUR\n")
    assert done.returncode == 0, done.stderr
    assert _answers(ws, sid) == ["merchant 42", "EUR"]


def test_an_answer_to_a_question_answered_already_is_refused_not_given_to_the_next(
    tmp_path: Path,
) -> None:
    """Two poll jobs saw the same question; the first answered it and the agent asked
    another: the second's answer (to the first question) was taken as the answer to the
    second. With ``--question`` it is refused, exit 6, one line, nothing recorded."""
    sid, ws, data = waiting_run(tmp_path, ASK, ASK_AGAIN, report("Complete", "Charged"))
    first = coord(*data["resume"][1:], "--json", cwd=ws, stdin="merchant 42\n")
    assert first.returncode == 3, first.stderr
    now = json.loads(first.stdout)["question"]["id"]
    late = coord(*data["resume"][1:], "--json", cwd=ws, stdin="merchant 42\n")
    assert late.returncode == EXIT_OTHER_QUESTION
    refused = json.loads(late.stdout)
    qid = data["question"]["id"]
    assert refused["error"] == (
        f"session {sid} does not wait on question {qid}: it asks question q2 now (id {now});"
        " nothing was recorded"
    )
    assert (refused["session"], refused["status"], refused["question"]) == (sid, "waiting", now)
    text = coord(*data["resume"][1:], cwd=ws, stdin="merchant 42\n")
    assert text.returncode == EXIT_OTHER_QUESTION
    assert text.stderr.startswith(f"error: session {sid} does not wait on question {qid}")
    assert _answers(ws, sid) == ["merchant 42"]


def test_the_question_is_checked_under_the_sessions_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race itself: job B finds the session waiting on question Q1 and plans its
    resume; job A (another process) answers Q1 and the agent asks Q2; only then does B
    take the session's lock. B's answer is refused (exit 6), not given to Q2."""
    sid, ws, data = waiting_run(tmp_path, ASK, ASK_AGAIN, report("Complete", "Charged"))
    planned = launch.plan_resume
    other: list[Any] = []

    def then_job_a_answers(flags: launch.ResumeFlags, tell: Any) -> launch.ResumePlan:
        plan = planned(flags, tell)  # Q1 is waiting: B's plan is made
        other.append(coord_process(*data["resume"][1:], "--json", cwd=ws, stdin="merchant 42\n"))
        return plan

    monkeypatch.setattr(launch, "plan_resume", then_job_a_answers)
    b = coord(*data["resume"][1:], "--json", cwd=ws, stdin="merchant 7\n")
    [a] = other
    assert a.returncode == 3, a.stderr
    assert b.returncode == EXIT_OTHER_QUESTION, b.stdout
    assert json.loads(b.stdout)["question"] == json.loads(a.stdout)["question"]["id"]
    assert _answers(ws, sid) == ["merchant 42"]


def test_the_resume_command_of_a_run_given_db_names_that_store(tmp_path: Path) -> None:
    """``coord run --db FILE --json`` gave ``["coord", "resume", ID, ...]``: run from
    another folder, by a job whose user-level index does not know the session, it
    looked in the default store and found nothing. The argv and the text hint carry
    ``--db`` with the file's absolute path; ``coord sessions --db FILE --json`` too."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    turns = [{"text": ASK}, {"text": report("Complete", "Charged")}]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    (tmp_path / "state").mkdir()
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "--db", "../state/ci.db",
        "--agents-dir", agents, "--only", "--script", script, "--json", cwd=ws,
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    data = json.loads(ran.stdout)
    sid, qid, db = data["session"], str(data["question"]["id"]), str(tmp_path / "state" / "ci.db")
    assert data["resume"] == [
        "coord", "resume", sid, "--db", db, "--question", qid, "--context", "-",
    ]  # fmt: skip
    assert data["hint"] == f'Answer with: coord resume {sid} --db {db} --context "..."'
    [listed] = json.loads(coord("sessions", "--db", db, "--json", cwd=ws).stdout)
    assert listed["resume"] == data["resume"]
    text = coord(
        "run", "Charge the card", "--agent", "backend", "--db", "../state/ci.db",
        "--agents-dir", agents, "--only", "--script", script, cwd=ws,
    )  # fmt: skip
    assert re.search(
        rf'Answer with: coord resume \w+ --db {re.escape(db)} --context "\.\.\."', text.stdout
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    no_index = {"XDG_DATA_HOME": str(tmp_path / "fresh-data")}  # another job's machine
    done = coord(*data["resume"][1:], "--json", cwd=elsewhere, env=no_index, stdin="42\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["status"] == "complete"


def test_a_shared_stores_url_is_given_without_its_password(tmp_path: Path, pg_url: str) -> None:
    """A run given ``--db postgresql://user:PASSWORD@…``: the command names the store
    with no password (never a secret in a command printed or logged by CI); libpq reads
    it from PGPASSWORD or ~/.pgpass (this cluster trusts its user), and it resumes."""
    user, _, rest = pg_url.removeprefix("postgresql://").partition("@")
    given = f"postgresql://{user}:s3cret-pw@{rest}?sslmode=disable&password=s3cret-pw"
    sid, ws, _ = waiting_on(tmp_path, given, ASK)
    [listed] = json.loads(coord("sessions", "--db", given, "--json", cwd=ws).stdout)
    store = f"postgresql://{user}@{rest}?sslmode=disable"
    qid = str(listed["question"]["id"])
    assert listed["resume"] == [
        "coord", "resume", sid, "--db", store, "--question", qid, "--context", "-",
    ]  # fmt: skip
    assert "s3cret" not in json.dumps(listed)
    done = coord(*listed["resume"][1:], "--here", "--json", cwd=ws, stdin="merchant 42\n")
    assert json.loads(done.stdout)["status"] != "waiting", done.stdout
    assert _answers_on(store, ws, sid) == ["merchant 42"]


USAGE = {"input_tokens": 600, "output_tokens": 100}
SPENT = "session used 700 tokens; max_session_tokens is 500"


def _over_budget(tmp_path: Path, first: dict[str, Any]) -> tuple[Path, dict[str, Any]]:
    """A run of ``backend`` whose first turn is ``first`` (700 tokens) under a 500-token
    session budget: its workspace and ``coord run --json`` output."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    turns = [{"usage": USAGE, **first}, {"usage": USAGE, "text": report("Complete")}]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    config = tmp_path / "budget.yaml"
    config.write_text("max_session_tokens: 500\n", encoding="utf-8")
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir", agents,
        "--only", "--script", script, "--config", config, "--json",
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    return ws, json.loads(ran.stdout)


def test_a_budget_wait_says_what_it_waits_for_in_sessions_json(tmp_path: Path) -> None:
    """A session stopped by its budget before a model call asks a person nothing:
    ``coord sessions --json`` gave ``question: null`` and nothing else. ``waiting_for``
    names the wait, the budget reached and how to raise it, as ``coord run --json`` does
    (null for a person's question)."""
    read = {"tool_calls": [{"name": "Read", "input": {"file_path": "README.md"}}]}
    ws, data = _over_budget(tmp_path, read)
    sid = data["session"]
    expected = {
        "waiting_reason": "budget",
        "reason": SPENT,
        "hint": "Raise max_session_cost or max_session_tokens (your config, or --config FILE),"
        f" then continue with: coord resume {sid} --workspace {ws}",
    }
    assert data["waiting_for"] == expected
    [listed] = json.loads(coord("sessions", "--json", "-w", ws).stdout)
    assert (listed["question"], listed["waiting_for"]) == (None, expected)
    assert listed["resume"] == data["resume"] == ["coord", "resume", sid, "--workspace", str(ws)]
    _, _, asked = waiting_run(tmp_path / "other", ASK, report("Complete"))
    assert asked["waiting_for"] is None


def test_a_budget_reached_at_a_consult_is_not_listed_as_a_question_to_answer(
    tmp_path: Path,
) -> None:
    """A budget reached as a consult would start keeps the Blocked report's question
    (a row: its id), but asks a person nothing: ``coord sessions --json``'s command read
    an answer (``--context -``) where ``coord run --json``'s did not. Both continue it,
    and both say it waits for a raised budget."""
    ws, data = _over_budget(tmp_path, {"text": blocked("Database", "the users table")})
    sid, qid = data["session"], str(data["question"]["id"])
    assert data["resume"] == ["coord", "resume", sid, "--workspace", str(ws), "--question", qid]
    assert data["waiting_for"]["waiting_reason"] == "budget"
    [listed] = json.loads(coord("sessions", "--json", "-w", ws).stdout)
    assert listed["resume"] == data["resume"]
    assert listed["waiting_for"] == data["waiting_for"]
