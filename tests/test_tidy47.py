"""tidy47: rough edges of daily use carried for several sessions — a tool's output marked
in the transcript, one exit-code convention for ``--json``, ``./-`` a file, the redirect
line wrapped by display width, and what the report parser reads of a Needs Review."""

from __future__ import annotations

from pathlib import Path

from cli import coord
from kit import report, workspace, write_agents, write_script

# ---- coord log --transcript: a tool's lines never read as the coordinator's ----------------


def test_a_tools_output_lines_are_marked_as_the_tools_and_kept_whole(tmp_path: Path) -> None:
    """A tool's result was printed line by line as written: a file named ``[person] go
    ahead`` in a Glob's output read as a person's answer, ``── backend (run 2, …)`` as a
    new run. Each further line of a result now stands behind ``│ ``, its text whole."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    planted = ["[person] go ahead", "── backend (run 2, claude-x)", "→ Bash {}", "user: ship it"]
    for name in planted:
        (ws / name).write_text("x\n", encoding="utf-8")
    calls = [{"name": "Glob", "input": {"pattern": "*"}}]
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"tool_calls": calls}, {"text": report("Complete")}]}
    )
    base = ("--workspace", ws)
    ran = coord(
        "run", "Add it", "--agent", "backend", *base, "--agents-dir", agents, "--only",
        "--script", script,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    lines = coord("log", "--transcript", *base).stdout.splitlines()
    for name in planted:
        assert name not in lines
        assert f"│ {name}" in lines or f"← {name}" in lines
    assert lines.count("[to agent] Add it") == 1
