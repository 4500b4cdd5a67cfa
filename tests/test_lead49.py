"""lead49: ``coord log --json`` names each question by the short form a person types.

daily69 gave a waiting question a short form (``q1``) beside its 11-digit id in ``coord run
--json`` and the waiting text; ``coord log --json`` still gave only the id, so a script that
read the log to answer had only the long form.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli import coord

REPO = Path(__file__).resolve().parents[1]
TOUR = REPO / "examples" / "tour-script.yaml"
ENDPOINT = "Add GET /tasks/{id} returning the owner's email"


def _questions(run: dict[str, Any]) -> list[dict[str, Any]]:
    """Every question of a ``coord log --json`` chain, depth first."""
    found: list[dict[str, Any]] = []
    for question in run.get("questions", []):
        found.append(question)
        if question.get("consult"):
            found += _questions(question["consult"])
    return found


def test_the_log_names_each_question_by_its_short_form(tmp_path: Path) -> None:
    """The question the session waits on reads ``ref: q1`` in the log, as ``coord run
    --json`` gives it; ``--question`` takes it from there."""
    waiting = coord("run", ENDPOINT, "--script", TOUR, "--json", cwd=tmp_path)
    assert waiting.returncode == 3, waiting.stderr
    asked = json.loads(waiting.stdout)["question"]
    sid = json.loads(waiting.stdout)["session"]
    log = coord("log", sid, "--json", cwd=tmp_path)
    assert log.returncode == 0, log.stderr
    open_ones = [q for q in _questions(json.loads(log.stdout)["chain"]) if q["id"] == asked["id"]]
    assert [q["ref"] for q in open_ones] == [asked["ref"]] == ["q1"]
    done = coord("resume", sid, "--question", open_ones[0]["ref"], "--context",
                 "the email column", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr


async def test_the_mcp_resume_tool_asks_a_failed_consult_again_or_retries_it(
    tmp_path: Path,
) -> None:
    """`coord mcp`'s `resume` as `coord resume`: without `retry_consult` a failed consult's
    question is asked again and no model is called; with it the consult runs again; the
    waiting result says how; `question` takes a short form (`q2`)."""
    from kit import workspace, write_agents, write_script
    from test_ops69_consult import failed_consult_script

    from coordinator.runtime.options import ModelChoice
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", failed_consult_script())
    options = ServiceOptions(
        ws, agents_dirs=[agents], only=True, choice=ModelChoice("scripted", script)
    )
    service = CoordinatorService(options)
    first = await service.run("Add a task endpoint", "backend")
    assert first["status"] == "waiting"
    assert "retry_consult=true" in first["next"]
    sid = first["session"]
    again = await service.resume(sid)
    assert again["status"] == "waiting" and again["question"]["id"] == first["question"]["id"]
    assert [r["agent"] for r in _runs(service.log(sid)["chain"])] == ["backend", "dba"]
    retried = await service.resume(sid, retry_consult=True)
    assert retried["status"] == "waiting"
    assert [r["agent"] for r in _runs(service.log(sid)["chain"])] == ["backend", "dba", "dba"]
    assert retried["question"]["ref"] == "q2"  # the consult's new question
    done = await service.resume(sid, "email: str, unique.", question="q2")
    assert done["status"] == "complete"


def _runs(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The chain's runs, depth first (each question's consult after the run that asked)."""
    consults = [q["consult"] for q in node.get("questions", []) if q.get("consult")]
    return [node, *(r for c in consults for r in _runs(c))]


def test_a_librarys_record_whose_arguments_do_not_fit_is_still_one_line() -> None:
    """A worker's log of the libraries' warnings: a record whose arguments do not fit its
    message is said as written (before: its TypeError was raised into the library's
    logging call)."""
    import logging

    from coordinator.runtime.outage import LibraryLines

    said: list[str] = []
    bad = logging.LogRecord(
        "procrastinate", logging.WARNING, __file__, 1, "job %d of %d", ("x",), None
    )
    LibraryLines(said.append).emit(bad)
    assert said == ["procrastinate: job %d of %d"]
