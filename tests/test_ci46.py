"""ci46: a CI job that waits for a person's answer: what its JSON says, what it is told."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import blocked, report, waiting_on, waiting_run, workspace, write_agents, write_script

from coordinator.errors import EXIT_USER_ERROR

ASK = blocked("Payments", "the merchant id", blocker="No merchant id configured")


def test_an_empty_answer_on_standard_input_says_standard_input_and_how(tmp_path: Path) -> None:
    """``printf '' | coord resume ID --context -`` said "the answer in - is empty": a CI
    job whose variable was empty read of a file named "-". It names standard input and
    the ways to give the answer; nothing is resumed."""
    sid, ws, _ = waiting_run(tmp_path, ASK, report("Complete", "Charged"))
    empty = coord("resume", sid, "--context", "-", "--json", cwd=ws, stdin="\n")
    assert empty.returncode == EXIT_USER_ERROR
    data = json.loads(empty.stdout)
    assert data["error"] == "the answer on standard input is empty"
    assert "echo ANSWER | coord resume ID --context -" in data["hint"]
    assert "--context TEXT" in data["hint"]
    listed = json.loads(coord("sessions", "--json", cwd=ws).stdout)
    assert [(s["session"], s["status"]) for s in listed] == [(sid, "waiting")]


QUESTION = {
    "id": None,  # ci47: the question's own (its row's id)
    "ref": None,  # daily69: its short form (q1 in a SQLite store)
    "run": 1,
    "agent": "backend",
    "waiting_reason": "no_specialist",
    "domain": "payments",
    "blocker": "No merchant id configured",
    "required": "the merchant id",
    "reason": "no specialist answers for payments",
}


def test_a_run_waiting_for_a_person_names_the_command_that_answers_it(tmp_path: Path) -> None:
    """``coord run --json`` of a chain blocked on a person gave the question but no command
    (the interrupted JSON has its hint): a CI script built ``coord resume ID --context``
    itself. ``resume`` is that command as an argument list, the answer read from its
    standard input, and ``hint`` the text view's line; a resume that is asked again says
    the same, and the command, run as given, answers."""
    sid, ws, data = waiting_run(tmp_path, ASK, ASK, report("Complete", "Charged"))
    qid = str(data["question"]["id"])  # ci47: which question the command answers
    assert {**data["question"], "id": None, "ref": None} == QUESTION
    assert data["question"]["ref"] == "q1"
    here = ["--workspace", str(ws)]  # mend109: run from another folder than the workspace
    assert data["resume"] == ["coord", "resume", sid, *here, "--question", qid, "--context", "-"]
    assert data["hint"] == f'Answer with: coord resume {sid} --workspace {ws} --context "..."'
    again = coord(*data["resume"][1:], "--json", stdin="not sure\n")
    assert again.returncode == 3, again.stderr
    asked = json.loads(again.stdout)
    assert (asked["status"], asked["question"]["required"]) == ("waiting", "the merchant id")
    assert asked["resume"] == [*data["resume"][:6], str(asked["question"]["id"]), "--context", "-"]
    done = coord(*asked["resume"][1:], "--json", stdin="merchant 42\n")
    assert done.returncode == 0, done.stderr
    assert (json.loads(done.stdout)["resume"], json.loads(done.stdout)["hint"]) == (None, None)


def test_a_run_interrupted_by_an_outage_names_the_command_that_continues_it(
    tmp_path: Path,
) -> None:
    """A model outage that outlasted the retries leaves the session interrupted (exit 75):
    its JSON said only "the run can be resumed". ``resume`` is ``coord resume ID``."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    outage = {"error": {"status": 529, "message": "Overloaded", "retry_after": 0}}
    script = write_script(tmp_path / "s.yaml", {"backend": [outage]})
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir", agents,
        "--only", "--script", script, "--json",
    )  # fmt: skip
    data = json.loads(ran.stdout)
    assert (ran.returncode, data["status"]) == (75, "interrupted")
    assert data["resume"] == ["coord", "resume", data["session"], "--workspace", str(ws)]
    assert data["hint"] == f"Continue with: coord resume {data['session']} --workspace {ws}"


def test_sessions_json_gives_a_waiting_sessions_question_and_its_command(tmp_path: Path) -> None:
    """A bot forwarding questions to people listed ``coord sessions --status waiting
    --json`` and had to open each session's log for what it asks. Each waiting entry has
    its ``question`` (named as ``coord run --json`` names it) and ``resume``; an ended
    one has neither."""
    sid, ws, data = waiting_run(tmp_path, ASK, report("Complete", "Charged"))
    listed = coord("sessions", "--status", "waiting", "--json", "-w", ws)  # from where it ran
    [waiting] = json.loads(listed.stdout)
    assert waiting["session"] == sid
    assert waiting["question"] == data["question"]
    assert {**waiting["question"], "id": None, "ref": None} == QUESTION
    assert waiting["resume"] == data["resume"]
    coord(*waiting["resume"][1:], stdin="merchant 42")
    [ended] = json.loads(coord("sessions", "--json", cwd=ws).stdout)
    assert (ended["status"], ended["question"], ended["resume"]) == ("complete", None, None)


def test_an_answer_to_an_interrupted_session_gives_its_status_to_a_script(
    tmp_path: Path,
) -> None:
    """An answer that came after the session stopped asking (a model outage interrupted
    its resume) was refused with ``{"error", "hint", "exit_code"}`` alone, as a typo is:
    the JSON names the session and its status, as an ended session's refusal does."""
    outage = {"error": {"status": 529, "message": "Overloaded", "retry_after": 0}}
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": ASK}, outage]})
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir", agents,
        "--only", "--script", script, "--json",
    )  # fmt: skip
    sid = json.loads(ran.stdout)["session"]
    first = coord("resume", sid, "--context", "merchant 42", "--json", cwd=ws)
    assert json.loads(first.stdout)["status"] == "interrupted", first.stdout
    late = coord("resume", sid, "--context", "merchant 42", "--json", cwd=ws)
    assert late.returncode == EXIT_USER_ERROR
    refused = json.loads(late.stdout)
    assert (refused["session"], refused["status"]) == (sid, "interrupted")
    assert refused["error"].endswith("is not waiting for an answer, so an answer has nowhere to go")


def test_sessions_json_gives_the_question_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    """The same on a shared store, whose questions are keyed by session id."""
    sid, ws, _ = waiting_on(tmp_path, pg_url, ASK)
    listed = coord("sessions", "--db", pg_url, "--status", "waiting", "--json", cwd=ws)
    [waiting] = json.loads(listed.stdout)
    assert (waiting["session"], {**waiting["question"], "id": None, "ref": None}) == (sid, QUESTION)
    qid = str(waiting["question"]["id"])
    held = ["--db", pg_url, "--question", qid]  # ci47: the store listed, the question asked
    assert waiting["resume"] == ["coord", "resume", sid, *held, "--context", "-"]


def test_the_mcp_result_names_the_resume_tool_not_the_shell_command() -> None:
    """``coord mcp``'s ``run``/``resume`` results say what to call next as a tool call
    (``next``); the shell command ``coord run --json`` now gives (``resume``, ``hint``) is
    left out there, so a model is not told two ways. (A guard of this branch's change:
    START had neither field, so it passes there.)"""
    from coordinator.runtime.state import Question, SessionResult
    from coordinator.serve.service import result_json
    from coordinator.status import SessionStatus, WaitReason

    asked = Question(1, "backend", WaitReason.NO_SPECIALIST, "payments", "none", "the id")
    data = result_json(SessionResult("abc", SessionStatus.WAITING, "backend", question=asked), [])
    assert "resume" not in data and "hint" not in data
    assert "call the `resume` tool with session='abc'" in data["next"]
