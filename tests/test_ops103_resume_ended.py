"""ops103: a second ``coord resume`` of a session that already ended (a CI job retrying a step
whose first try finished it) exited 4, as a typo or a corrupt database does: the job could
not tell "already done" from "broken". It exits with the session's own outcome code (as
``coord log -f`` does), says in one line that it had ended (when, which agent), changes
nothing, and ``--json`` says so (``already_ended``). ``--question`` (the command a waiting
session's ``--json`` gives a script to run) and the MCP ``resume`` tool agree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, waiting_run, write_script

#: What the agent says after the person's answer, per outcome, and that outcome's exit code.
ENDINGS: dict[str, tuple[dict[str, Any], int]] = {
    "complete": ({"text": report("Complete", "Charged")}, 0),
    "failed": ({"text": "No.", "stop_reason": "refusal"}, 1),
    "needs_review": ({"text": report("Needs Review", "Check the merchant")}, 2),
}


def _answered(tmp_path: Path, status: str) -> tuple[str, Path, dict[str, Any], list[str]]:
    """A session that asked a person, was answered by the command its ``--json`` gave
    (``coord resume ID --question q1 --context -``) and ended ``status``: its id,
    workspace, that resume's ``--json`` and the command."""
    sid, ws, waiting = waiting_run(tmp_path, blocked("Payments", "the merchant id"))
    ask, (ending, _code) = {"text": blocked("Payments", "the merchant id")}, ENDINGS[status]
    write_script(tmp_path / "s.yaml", {"backend": [ask, ending]})
    command = waiting["resume"][1:]
    assert "--question" in command
    first = coord(*command, "--json", cwd=ws, stdin="merchant 42\n")
    data = json.loads(first.stdout)
    assert data["status"] == status, first.stderr
    return sid, ws, data, command


def _stored(sid: str, ws: Path) -> tuple[list[Any], str]:
    """The session's events and its status, as ``coord log --json`` reads them."""
    log = json.loads(coord("log", sid, "--json", cwd=ws).stdout)
    return log["events"], log["status"]


@pytest.mark.parametrize("status", sorted(ENDINGS))
def test_a_second_resume_exits_with_the_outcome_and_changes_nothing(
    tmp_path: Path, status: str
) -> None:
    sid, ws, first, _ = _answered(tmp_path, status)
    assert first["already_ended"] is False  # this resume went on with it
    before = _stored(sid, ws)
    again = coord("resume", sid, cwd=ws)
    assert again.returncode == ENDINGS[status][1], again.stderr
    assert again.stdout == ""
    [line] = again.stderr.splitlines()  # one line, no "error:"
    shown = status.replace("_", " ")
    assert line.startswith(f"session {sid} had already ended: {shown} at 20"), line
    assert "Z (agent backend); nothing was resumed or recorded" in line
    assert _stored(sid, ws) == before  # no event, no status change


@pytest.mark.parametrize("status", sorted(ENDINGS))
def test_its_json_is_the_result_with_already_ended(tmp_path: Path, status: str) -> None:
    sid, ws, first, _ = _answered(tmp_path, status)
    again = coord("resume", sid, "--json", cwd=ws)
    assert again.returncode == ENDINGS[status][1]
    data = json.loads(again.stdout)
    assert data["already_ended"] is True and isinstance(data["ended_at"], float)
    assert "error" not in data
    same = ("session", "status", "agent", "exit_code", "report", "text", "tokens", "files")
    assert {k: data[k] for k in same} == {k: first[k] for k in same}
    assert data["resume"] is None and data["question"] is None


def test_the_answer_retried_with_its_question_gets_the_outcome_not_6(tmp_path: Path) -> None:
    """The command a waiting session's ``--json`` gives (``--question q1 --context -``), run
    again by a retried CI step after the first run completed the session: exit 0 and
    ``already_ended`` (it exited 6, "does not wait on q1", as if another job's answer won);
    the answer is not recorded."""
    sid, ws, _, command = _answered(tmp_path, "complete")
    before = _stored(sid, ws)
    again = coord(*command, "--json", cwd=ws, stdin="merchant 43\n")
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert (data["status"], data["already_ended"]) == ("complete", True)
    assert "had already ended: complete" in again.stderr
    assert _stored(sid, ws) == before


@pytest.mark.xdist_group("mcp")
async def test_the_mcp_resume_tool_gives_the_same_result(tmp_path: Path) -> None:
    """The MCP ``resume`` tool (``coord mcp`` as a real process): a session that had ended
    is a result, not an error, with ``already_ended`` true, with or without ``question``;
    a resume that went on says false."""
    pytest.importorskip("mcp")
    from test_mcp_server import SCRIPT, call, coord_mcp

    async with coord_mcp(tmp_path, SCRIPT) as client:
        waiting = await call(client, "run", request="Add the endpoint GET /tasks", agent="backend")
        sid = waiting["session"]
        answered = await call(client, "resume", session=sid, context="Return 404", question="q1")
        assert (answered["status"], answered["already_ended"]) == ("complete", False)
        again = await call(client, "resume", session=sid)
        retried = await call(client, "resume", session=sid, context="Return 410", question="q1")
        log = await call(client, "log", session=sid)
    for result in (again, retried):
        assert "error" not in result, result
        assert (result["status"], result["exit_code"], result["already_ended"]) == (
            "complete",
            0,
            True,
        )
        assert result["report"] == answered["report"] and result["agent"] == "backend"
    assert [e["kind"] for e in log["events"]].count("resumed") == 1  # nothing recorded again
