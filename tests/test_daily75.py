"""daily75: three rough edges review77 left (``coord sessions`` with wide-character names,
the unanswered question's ``--json`` refusal, a request file saved as UTF-16)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, drawn, waiting_run, workspace, write_agents, write_script

from coordinator.errors import EXIT_USER_ERROR
from coordinator.store.db import SessionRow
from coordinator.store.listing import SessionLine

#: Names and a request of wide characters (two terminal columns each).
WIDE_AGENT = "数据库工程师"
WIDE_REQUEST = "为用户表添加电子邮件索引并编写迁移脚本以及相应的测试用例"


def _wide_line(agent: str, request: str, workspace: str = "/srv/团队/支付服务") -> SessionLine:
    row = SessionRow(
        "b8eb30ba198f", request, workspace, "complete", "", {}, time.time() - 300, time.time()
    )
    return SessionLine(row, "complete", agent, 22_900, 0.0564, "db")


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("across", [False, True])
@pytest.mark.parametrize("agent", [WIDE_AGENT, WIDE_AGENT * 3])
def test_sessions_with_wide_names_keep_every_column_within_the_terminal(
    width: int, across: bool, agent: str
) -> None:
    """``coord sessions`` measured the agent's name in characters: a name of wide
    characters (``数据库工程师``: twelve columns) made the table wider than the terminal,
    which cut the request (and the age) away. Every line fits, the id, cost and age whole,
    the agent's name (cut with a mark where it must) and the request's start shown."""
    from rich.cells import cell_len

    from coordinator.cli.views import sessions_table

    table = sessions_table([_wide_line(agent, WIDE_REQUEST)], width, workspaces=across)
    lines = drawn(table, width)
    assert all(cell_len(line) <= width for line in lines), lines
    (line,) = [line for line in lines if "b8eb30ba198f" in line]
    assert "$0.0564" in line and "5m" in line, lines
    assert "数据" in line, lines  # the agent's name, at least its start
    assert "为" in line or (across and width < 80), lines  # the request's start beside it


def test_naming_the_question_without_an_answer_refuses_with_the_stale_refusals_fields(
    tmp_path: Path,
) -> None:
    """``coord resume ID --question q1 --json`` without an answer gave only ``error`` and
    ``hint``; the refusal of a question the session does not wait on gives the session, its
    status and the question it asks now: a script reads both the same way."""
    sid, ws, _ = waiting_run(tmp_path, blocked("Product", "Which column is the email"))
    stale = coord("resume", sid, "--question", "q9", "--context", "x", "--json", cwd=ws)
    told = coord("resume", sid, "--question", "q1", "--json", cwd=ws)
    assert told.returncode == EXIT_USER_ERROR, told.stderr
    refused, other = json.loads(told.stdout), json.loads(stale.stdout)
    assert refused["error"].startswith("--question q1 names the question")
    assert set(refused) == set(other), (refused, other)
    assert refused["session"] == sid
    assert refused["status"] == "waiting"
    assert refused["question"] == other["question"]  # the one it waits on
    assert isinstance(refused["question"], int)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("flag", ["-f", "--context-file"])
def test_a_request_or_answer_file_saved_as_utf16_is_refused_naming_it(
    tmp_path: Path, encoding: str, flag: str
) -> None:
    """``coord run -f req.txt`` (or ``coord resume --context-file``) of a file saved as
    UTF-16 (Windows' "Unicode", PowerShell's ``>``) ran a request of U+FFFD and NULs (a
    warning only). Now one line names the file, not UTF-8, saved as UTF-16, and nothing is
    stored: no session, no answer."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": "hi"}]})
    given = tmp_path / "given.txt"
    given.write_bytes("Charge the card\n".encode(encoding))
    if flag == "-f":
        ran = coord(
            "run", "-f", given, "--agent", "backend", "-w", ws, "--agents-dir", agents,
            "--only", "--script", script,
        )  # fmt: skip
        what, before = "request", []
    else:
        sid, ws, _ = waiting_run(tmp_path / "w", blocked("Product", "Which column"))
        before = json.loads(coord("log", sid, "--json", cwd=ws).stdout)["events"]
        ran = coord("resume", sid, "--context-file", given, cwd=ws)
        what = "answer"
    assert ran.returncode != 0
    first = ran.stderr.splitlines()[0]
    assert first.startswith(f"error: {given}:1: {what} is not UTF-8 text (byte 0x"), ran.stderr
    assert first.endswith("; saved as UTF-16?)"), ran.stderr
    assert "Traceback" not in ran.stderr and "U+FFFD" not in ran.stderr
    if flag == "-f":
        listed = json.loads(coord("sessions", "--json", "--workspace", ws).stdout)
        assert listed == [] or listed["error"].startswith("no session database"), listed
    else:
        after = json.loads(coord("log", sid, "--json", cwd=ws).stdout)["events"]
        assert after == before
