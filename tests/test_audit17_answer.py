"""A person's answer shows where the chain does: ``coord log``'s tree quotes it under the
resume it caused, and ``coord log --json`` has it as the question's ``answer`` (null for a
specialist's answer, whose words are its run's report). Real files and SQLite, in process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli import coord
from kit import blocked, report, workspace, write_agents, write_script


def _waiting_then_answered(tmp_path: Path, answers: list[str]) -> tuple[Path, str]:
    """A backend session blocked twice on questions no specialist answers, each answered by
    a person with ``coord resume --context``; returns (workspace, session id)."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"text": blocked("Tests", "Which test framework", "No test setup")},
                {"expect": answers[0], "text": blocked("Legal", "Which licence", "None set")},
                {"expect": answers[1], "text": report("Complete", "With tests")},
            ],
            "dba": [{"text": report("Complete", "Unused")}],
        },
    )
    base = ["--workspace", ws, "--agents-dir", agents, "--only"]
    first = coord("run", "Add an endpoint", "--agent", "backend", *base, "--provider",
                  "scripted", "--script", script)  # fmt: skip
    assert first.returncode == 3, first.stderr
    sid = json.loads(coord("sessions", "--json", "--workspace", ws).stdout)[0]["session"]
    for number, answer in enumerate(answers):
        done = coord("resume", sid, "--context", answer, "--workspace", ws)
        assert done.returncode == (3 if number == 0 else 0), done.stderr
    return ws, sid


def test_log_quotes_each_persons_answer_under_its_question(tmp_path: Path) -> None:
    answers = ["Use pytest with\nhttpx.AsyncClient.", "MIT, like the rest of the repository."]
    ws, sid = _waiting_then_answered(tmp_path, answers)
    shown = coord("log", sid, "--workspace", ws, env={"COLUMNS": "200"})
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    # each answer under its own question, on one line (the newline folded), in order
    assert out.index("Blocked on Tests") < out.index("“Use pytest with httpx.AsyncClient.”")
    assert out.index("“Use pytest with httpx.AsyncClient.”") < out.index("Blocked on Legal")
    assert out.index("Blocked on Legal") < out.index("“MIT, like the rest of the repository.”")

    tree = json.loads(coord("log", sid, "--json", "--workspace", ws).stdout)
    questions = tree["chain"]["questions"]
    assert [q["answer"] for q in questions] == answers
    assert [q["answered_by"] for q in questions] == ["person", "person"]


def test_a_specialists_answer_has_no_quoted_answer(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"text": blocked("Database", "Current User model schema")},
                {"text": report("Complete", "Endpoint")},
            ],
            "dba": [{"text": "email: str\n" + report("Complete", "Schema")}],
        },
    )
    ran = coord("run", "Add an endpoint", "--agent", "backend", "--workspace", ws,
                "--agents-dir", agents, "--only", "--provider", "scripted", "--script", script,
                "--json")  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    sid: Any = json.loads(ran.stdout)["session"]
    tree = json.loads(coord("log", sid, "--json", "--workspace", ws).stdout)
    (question,) = tree["chain"]["questions"]
    assert question["answered_by"] == "dba" and question["answer"] is None
    out = coord("log", sid, "--workspace", ws, env={"COLUMNS": "200"}).stdout
    assert "resumed backend with dba's answer" in out
    assert out.count("“") == 1  # the request's quote only
