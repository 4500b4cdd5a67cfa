"""daily37: two consistency fixes (left by daily36), each checked where the user meets it:
the MCP server's ``resume`` tool drives a session with the Bash settings the session saved,
as ``coord resume`` does; ``coord route``'s "no specialist fits" line fits a pipe."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, report, workspace, write_script, write_worker
from test_daily35 import no_key

from coordinator.errors import EXIT_USER_ERROR, EXIT_WAITING

__all__ = ["no_key"]  # the fixture, shared with daily35

# ---- the MCP resume tool: the session's Bash settings, as `coord resume` -----------------

COMMAND = 'printf "%s" "ran:$DAILY37_VALUE" > ran.txt'


def _waiting_with_bash(tmp_path: Path, *bash: str) -> Path:
    """A scripted session started with the Bash flags ``bash``, waiting for a person; its
    next turn runs :data:`COMMAND` (writing ``ran.txt``). Its workspace."""
    ws = workspace(tmp_path)
    write_script(
        tmp_path / "s.yaml",
        {
            "worker": [
                {"text": blocked("Product", "Which column is the owner's email")},
                {"expect": "email column", "tool_calls": [
                    {"name": "Bash", "input": {"command": COMMAND}}
                ]},
                {"text": report("Complete")},
            ]
        },
    )  # fmt: skip
    agents = write_worker(tmp_path / "agents")  # every tool, Bash among them
    done = coord(
        "run", "Add a FastAPI endpoint", "--agent", "worker", "--agents-dir", agents,
        "--only", "--script", "s.yaml", "-w", ws, *bash, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == EXIT_WAITING, done.stderr
    return ws


def _resume_over_mcp(tmp_path: Path, ws: Path, *, allow_bash: bool) -> dict[str, object]:
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    options = ServiceOptions(ws, agents_dirs=[tmp_path / "agents"], allow_bash=allow_bash)
    service = CoordinatorService(options)
    (row,) = service.sessions()
    answered = asyncio.run(service.resume(row["session"], "Use the email column"))
    assert answered["status"] == "complete", answered
    return answered


@pytest.mark.usefixtures("no_key")
@pytest.mark.parametrize("server_bash", [False, True])
def test_the_mcp_resume_tool_runs_bash_with_the_sessions_saved_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server_bash: bool
) -> None:
    monkeypatch.setenv("DAILY37_VALUE", "passed")
    ws = _waiting_with_bash(tmp_path, "--allow-bash", "--bash-env", "DAILY37_VALUE")
    _resume_over_mcp(tmp_path, ws, allow_bash=server_bash)
    # Bash on and the variable passed, as the session started (the server said neither)
    assert (ws / "ran.txt").read_text("utf-8") == "ran:passed"


@pytest.mark.usefixtures("no_key")
def test_the_mcp_resume_tool_keeps_bash_off_unless_the_server_allows_it(
    tmp_path: Path,
) -> None:
    ws = _waiting_with_bash(tmp_path)
    _resume_over_mcp(tmp_path, ws, allow_bash=False)
    assert not (ws / "ran.txt").exists()  # the session started without Bash: still off
    ws = _waiting_with_bash(tmp_path / "again")
    answered = _resume_over_mcp(tmp_path / "again", ws, allow_bash=True)
    assert (ws / "ran.txt").read_text("utf-8") == "ran:"  # on, as `coord resume --allow-bash`
    assert "--allow-bash: agents may run shell commands from this resume on" in str(
        answered["notes"]
    )  # ... and said, as `coord resume` says it


# ---- coord route's "no specialist fits" reason fits a pipe's width, no word broken -------

PARTY = (
    "Plan my grandmother's ninetieth birthday party with a cake, balloons, a string quartet"
    " and a surprise slideshow of old family photographs"
)


@pytest.mark.parametrize("columns", [80, 40])
def test_route_wraps_its_no_specialist_reason_to_the_pipes_width(
    tmp_path: Path, columns: int
) -> None:
    done = coord("route", PARTY, cwd=tmp_path, env={"COLUMNS": str(columns)})
    assert done.returncode == EXIT_USER_ERROR, done.stderr
    lines = done.stdout.splitlines()
    assert [line for line in lines if len(line) > columns] == []
    hint = next(i for i, line in enumerate(lines) if line.startswith("To run it anyway"))
    reason = lines[:hint]  # an everyday request: no nearest candidates under it
    assert all(line.startswith("  ") for line in reason[1:])  # further lines indented
    whole = " ".join(line.strip() for line in reason)
    said = 'No agent fits this request: "photographs" is about everyday life, not software'
    assert whole == said  # tidy52: coord run's words (it read "No specialist fits…")
    assert len(reason) == (1 if columns == 80 else 3)  # wrapped only where it must be


def test_a_wrapped_reason_is_dim_on_every_line_in_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from coordinator.cli.plain import Lines, Style

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "20")
    stream = io.StringIO()
    Lines(stream).say_paragraph("no specialist fits: none covers mainframes", Style.DIM)
    assert stream.getvalue().splitlines() == [
        "\x1b[2mno specialist fits:\x1b[0m",
        "\x1b[2m  none covers\x1b[0m",
        "\x1b[2m  mainframes\x1b[0m",
    ]
