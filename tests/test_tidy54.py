"""tidy54: a cases file's case naming an agent not in the roster is placed (its file,
line and entry); a session elsewhere is worded well for every status."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from cli import coord

from coordinator.roster.registry import Registry
from coordinator.routing import evaluate as evaluate_module
from coordinator.routing.evaluate import evaluate, load_cases
from coordinator.status import SessionStatus
from coordinator.store.db import SessionRow
from coordinator.store.listing import SessionLine, _elsewhere_hint

# ---- coord agents eval: where a case names an agent not in the roster ------------------

CASES = (
    "- request: Add a FastAPI endpoint\n"
    "  expect: fastapi-backend-expert\n"
    "- request: Add a users table\n"
    "  expect: [database-enginer, fastapi-backend-expert]\n"
    "- {request: Add another endpoint, expect: fastapi-backend-expret}\n"
    "- {request: Add a page, expect: react-frontend-expert, also: database-enginer}\n"
)


def test_a_case_naming_an_agent_not_in_the_roster_is_placed_text_and_json(
    tmp_path: Path,
) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(CASES, encoding="utf-8")
    close = "; did you mean database-engineer?"
    warned = [
        f"{cases}:3: entry 2: expected agent not in the roster: database-enginer{close}",
        f"{cases}:5: entry 3: expected agent not in the roster: fastapi-backend-expret"
        "; did you mean fastapi-backend-expert?",
        f"{cases}:6: entry 4: expected agent not in the roster: database-enginer{close}",
    ]
    ran = coord("agents", "eval", cases, "--json", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    data = json.loads(ran.stdout)
    assert data["warnings"] == warned
    assert data["total"] == 4  # (still scored: a gate does not pass by leaving one out)
    shown = coord("agents", "eval", cases, cwd=tmp_path)
    said = [line for line in shown.stdout.splitlines() if line.startswith("warning: ")]
    assert said == [f"warning: {warning}" for warning in warned]  # (a path never broken)


def test_a_case_read_from_standard_input_is_placed_there(tmp_path: Path) -> None:
    ran = coord("agents", "eval", "-", "--json", cwd=tmp_path, stdin=CASES)
    assert json.loads(ran.stdout)["warnings"][0].startswith("<stdin>:3: entry 2: expected")


def test_a_cases_file_naming_only_agents_of_the_roster_is_not_composed_again(
    tmp_path: Path, bundled: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Placing a case composes the whole file again: done only for a warning."""

    def composed(text: str) -> list[int]:
        raise AssertionError("the items' lines looked for with nothing to report")

    monkeypatch.setattr(evaluate_module, "item_lines", composed)
    cases = tmp_path / "cases.yaml"
    cases.write_text(CASES.replace("enginer", "engineer").replace("expret", "expert"))
    assert evaluate(load_cases(cases), bundled).warnings == []


# ---- the newest session of another workspace, named for every status ------------------


def test_the_newest_session_elsewhere_reads_well_for_every_status() -> None:
    """``coord log --here`` where nothing ran names another workspace's newest: "The newest
    needs review one" read badly."""
    ws = "/srv/team/payments"
    row = SessionRow("b8eb30ba198f", "Add an endpoint", ws, "", "", {}, time.time(), time.time())
    shown = {
        status.value: _elsewhere_hint(SessionLine(row, status, "x", 0, 0.0, "db"), "show")
        for status in SessionStatus
    }
    said = "is in /srv/team/payments: coord log b8eb30ba198f (`coord sessions` lists every"
    assert shown == {
        "running": f"The newest running one {said} workspace's).",
        "complete": f"The newest complete one {said} workspace's).",
        "needs_review": f"The newest one that needs review {said} workspace's).",
        "failed": f"The newest failed one {said} workspace's).",
        "waiting": f"The newest waiting one {said} workspace's).",
        "interrupted": f"The newest interrupted one {said} workspace's).",
    }


# ---- invalid UTF-8 in a file of requests: read as U+FFFD, and said where -------------


def test_a_request_file_with_bytes_not_utf8_is_routed_with_one_warning_naming_its_line(
    tmp_path: Path,
) -> None:
    (tmp_path / "req.txt").write_bytes(b"Add a FastAPI\nendpoint \xff\xfe for \xffusers\n")
    ran = coord("route", "--file", "req.txt", "--json", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["agent"] == "fastapi-backend-expert"
    assert ran.stderr.splitlines() == [
        "warning: req.txt:2: bytes that are not UTF-8 read as U+FFFD"
    ]


def test_a_batch_file_with_bytes_not_utf8_is_read_with_one_warning_naming_its_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from coordinator.runtime.batch import load_tasks

    tasks = tmp_path / "tasks.yaml"
    tasks.write_bytes(b"- Add an endpoint\n- Add a \xff table\n- and \xfe\n")
    assert [t.request for t in load_tasks(tasks)][1] == "Add a \ufffd table"
    assert caplog.messages == [f"warning: {tasks}:2: bytes that are not UTF-8 read as U+FFFD"]


def test_a_context_file_with_bytes_not_utf8_is_read_with_one_warning_naming_its_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from coordinator.request_text import read_file

    answer = tmp_path / "answer.txt"
    answer.write_bytes(b"Use \xe2\x80\x94 Postgres\n" * 2 + b"not \xe2\x80 MySQL\n")
    assert read_file(answer, 1000, "--context-file").endswith("not \ufffd MySQL\n")
    assert caplog.messages == [f"warning: {answer}:3: bytes that are not UTF-8 read as U+FFFD"]
