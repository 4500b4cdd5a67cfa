"""Tables in a pipe or a CI log (stdout no terminal): a path or an id is never broken across
lines (folded at 80 columns, or at a narrow COLUMNS) nor cut with an ellipsis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coordinator.cli.app import app
from tests.kit import report, workspace, write_agent, write_agents, write_script

LONG = "a-project-folder-with-a-rather-long-name-for-the-table-tests"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace deep enough that its paths pass 80 columns, with one demo session."""
    root = tmp_path_factory.mktemp("tables") / LONG / "and-one-more-folder" / "project"
    done = CliRunner().invoke(app, ["demo", "-w", str(root)])
    assert done.exit_code == 0, done.output
    agent = write_agent(root / "more-agents", "a-quite-long-agent-name-for-tables", "Billing.")
    agent.write_text(agent.read_text().replace("---\n", "---\ncolour: red\n", 1))
    return root


def whole_lines(output: str) -> list[str]:
    return [line.rstrip() for line in output.splitlines()]


#: Shown relative to the current folder (the temporary folder holding LONG), or absolute.
AGENT_DIR = f"{LONG}/and-one-more-folder/project/more-agents/"
AGENT_FILE = f"{AGENT_DIR}a-quite-long-agent-name-for-tables.md"
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    # name: (the command's arguments, what must show whole on one line)
    "sessions": (["sessions", "--here", "-w", "{ws}"], ["fastapi-backend-expert"]),
    "stats": (["stats", "--here", "-w", "{ws}"], ["fastapi-backend-expert", "claude-sonnet"]),
    # the list names each kind's folder once, below the table (daily18)
    "agents list": (["agents", "list", "--agents-dir", "{ws}/more-agents"], [AGENT_DIR]),
    "agents show": (
        [
            "agents",
            "show",
            "a-quite-long-agent-name-for-tables",
            "--agents-dir",
            "{ws}/more-agents",
        ],
        [AGENT_FILE],
    ),
    "agents validate": (["agents", "validate", "{ws}/more-agents"], [AGENT_FILE]),
    "config": (["config", "-w", "{ws}"], ["{ws}/.coordinator/config.yaml"]),
    "route": (["route", "add an index to the users table"], ["fastapi-backend-expert"]),
}


@pytest.mark.parametrize("columns", ["40", ""])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_table_in_a_pipe_keeps_paths_and_ids_whole(
    ws: Path, name: str, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws.parents[2])
    if columns:
        monkeypatch.setenv("COLUMNS", columns)
    else:
        monkeypatch.delenv("COLUMNS", raising=False)
    args, wanted = COMMANDS[name]
    done = CliRunner().invoke(app, [a.format(ws=ws) for a in args])
    assert done.exit_code == 0, done.output
    for text in wanted:
        text = text.format(ws=ws)
        assert any(text in line for line in whole_lines(done.output)), (text, done.output)
    assert all(line == line.rstrip() for line in done.output.splitlines()), done.output


@pytest.mark.parametrize("columns", ["40", ""])
def test_the_batch_table_in_a_pipe_keeps_ids_and_agent_names_whole(
    tmp_path: Path, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``coord run --batch``'s table cut session ids and agent names at a narrow COLUMNS;
    only the request is clipped now."""
    if columns:
        monkeypatch.setenv("COLUMNS", columns)
    else:
        monkeypatch.delenv("COLUMNS", raising=False)
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    batch = tmp_path / "tasks.yaml"
    batch.write_text("- Add a GET /health/db endpoint that checks the database\n")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    done = CliRunner().invoke(
        app,
        ["run", "--batch", str(batch), "--agent", "backend", "--workspace", str(ws),
         "--agents-dir", str(agents), "--only", "--script", str(script)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    (row,) = [line for line in done.stdout.splitlines() if line.startswith("1 ")]
    sid = json.loads(CliRunner().invoke(app, ["sessions", "--json", "-w", str(ws)]).stdout)[0]
    assert sid["session"] in row and " backend " in row, row
