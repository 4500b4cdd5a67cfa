"""review25: a person's answer as ``coord log`` shows it (audit17) holds neither a key nor a
terminal's control sequence, and a PostgreSQL store shows it as SQLite does. Real files,
SQLite and a private PostgreSQL cluster, in process."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import blocked, report, workspace, write_agents, write_script

KEY = "sk-ant-api03-" + "k" * 40


def _answered(tmp_path: Path, answer: str, *db: str) -> tuple[Path, str]:
    """A backend session blocked on a question no specialist answers, answered by a person
    with ``coord resume --context``; returns (workspace, session id)."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"text": blocked("Tests", "Which test framework", "No test setup")},
                {"text": report("Complete", "With tests")},
            ],
            "dba": [{"text": report("Complete", "Unused")}],
        },
    )
    base = ["--workspace", ws, "--agents-dir", agents, "--only", *db]
    first = coord("run", "Add an endpoint", "--agent", "backend", *base, "--provider",
                  "scripted", "--script", script, "--json")  # fmt: skip
    assert first.returncode == 3, first.stderr
    sid = json.loads(first.stdout)["session"]
    done = (
        coord("resume", sid, "--context", answer, "--here", *base)
        if db
        else coord("resume", sid, "--context", answer, *base)
    )
    assert done.returncode == 0, done.stderr
    return ws, sid


def test_a_key_and_an_escape_in_an_answer_never_reach_the_log(tmp_path: Path) -> None:
    ws, sid = _answered(tmp_path, f"Use pytest \x1b[2J\x1b]0;pwned\x07 with {KEY}")
    out = coord("log", sid, "--workspace", ws, env={"COLUMNS": "200"}).stdout
    assert "Use pytest" in out
    assert KEY not in out and "\x1b" not in out and "\x07" not in out
    tree = json.loads(coord("log", sid, "--json", "--workspace", ws).stdout)
    (question,) = tree["chain"]["questions"]
    assert question["answer"].startswith("Use pytest") and KEY not in question["answer"]


def test_a_postgresql_store_shows_the_answer(tmp_path: Path, pg_url: str) -> None:
    _, sid = _answered(tmp_path, "Use pytest.", "--db", pg_url)
    tree = json.loads(coord("log", sid, "--json", "--db", pg_url).stdout)
    (question,) = tree["chain"]["questions"]
    assert question["answered_by"] == "person" and question["answer"] == "Use pytest."
    out = coord("log", sid, "--db", pg_url, env={"COLUMNS": "200"}).stdout
    assert "“Use pytest.”" in out
