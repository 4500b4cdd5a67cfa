"""daily18 (2026-12-04): ``--workspace DIR`` means that project's agents too, and one that
does not exist is said so, with what to do.

``coord run "…" --workspace ~/proj`` from another folder read ``~/proj``'s config, settings
and hooks but the ``.claude/agents`` nearest to the current folder, so the project's own
specialists were not on the roster (the request went to a bundled agent), ``coord resume``
from elsewhere lost them, and ``coord config -w`` named the current folder's agents folder.
``coord mcp --workspace`` and ``coord worker`` already read the workspace's.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, report, session_in, write_script, write_worker

TESTER = "Writes pytest unit tests. Triggers on: pytest, unit test"
WRITER = "Writes the project's docs."


def _project(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace with its own agents (``qa-tester``, domain tests; ``docs-writer``, domain
    docs) and a folder elsewhere, with no agents of its own, to run coord from."""
    ws = tmp_path / "proj"
    agents = ws / ".claude" / "agents"
    agents.mkdir(parents=True)
    for name, domain, description in (
        ("qa-tester", "tests", TESTER),
        ("docs-writer", "docs", WRITER),
    ):
        (agents / f"{name}.md").write_text(
            f"---\nname: {name}\ndomain: {domain}\ndescription: {description}\n---\nWork.\n",
            encoding="utf-8",
        )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return ws, elsewhere


def test_run_with_workspace_routes_to_that_project_s_agents(tmp_path: Path) -> None:
    ws, elsewhere = _project(tmp_path)
    script = write_script(tmp_path / "s.yaml", {"qa-tester": [{"text": report("Complete")}]})
    done = coord("run", "write pytest unit tests for calc", "--workspace", ws,
                 "--script", script, "--json", cwd=elsewhere)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["agent"] == "qa-tester"


def test_resume_from_elsewhere_consults_the_workspace_s_agents(tmp_path: Path) -> None:
    ws, elsewhere = _project(tmp_path)
    turns = [
        {"text": blocked("Product", "Should floats compare exactly?")},
        {"expect": "approx", "text": blocked("Docs", "Where do test docs go?")},
        {"expect": "docs/testing.md", "text": report("Complete")},
    ]
    answer = [{"text": report("Complete", "Test docs go in docs/testing.md")}]
    script = write_script(tmp_path / "s.yaml", {"qa-tester": turns, "docs-writer": answer})
    started = coord("run", "write pytest unit tests", "--script", script, "--json", cwd=ws)
    assert started.returncode == 3, started.stdout + started.stderr
    session = json.loads(started.stdout)["session"]
    done = coord("resume", session, "--context", "use pytest.approx", "--json", cwd=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["status"] == "complete"


def test_config_names_the_workspace_s_project_agents_folder(tmp_path: Path) -> None:
    ws, elsewhere = _project(tmp_path)
    done = coord("config", "--workspace", ws, "--json", cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    paths = {p["what"]: p for p in json.loads(done.stdout)["paths"]}
    assert paths["agents (project)"]["path"] == str(ws.resolve() / ".claude" / "agents")
    assert paths["agents (project)"]["exists"] is True


@pytest.mark.parametrize("args", [("run", "write tests"), ("config",)])
def test_a_missing_workspace_says_it_does_not_exist_and_what_to_do(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    missing = tmp_path / "no such"
    done = coord(*args, "--workspace", missing, "--json", cwd=tmp_path)
    assert done.returncode == 4
    shown = json.loads(done.stdout)
    assert shown["error"] == f"workspace {missing} does not exist"
    assert shown["hint"] == (
        f"Pass an existing folder with --workspace (or create it first: mkdir -p '{missing}')."
    )
    assert done.stderr.splitlines() == [f"error: {shown['error']}", shown["hint"]]


def test_a_workspace_that_is_a_file_is_named_so_with_a_hint(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("x", encoding="utf-8")
    done = coord("sessions", "--workspace", notes, "--json", cwd=tmp_path)
    assert done.returncode == 4
    shown = json.loads(done.stdout)
    assert (shown["error"], shown["hint"]) == (
        f"workspace {notes} is not a folder",
        "Pass a folder with --workspace.",
    )


def test_log_here_shows_this_workspace_s_newest_not_another_project_s(tmp_path: Path) -> None:
    mine = session_in(tmp_path / "a", tmp_path, "first, here")
    session_in(tmp_path / "b", tmp_path, "then, in another project")
    done = coord("log", "--here", "--json", cwd=tmp_path / "a")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["session"] == mine


def test_log_here_where_nothing_ran_names_the_log_command_for_the_newest(tmp_path: Path) -> None:
    other = session_in(tmp_path / "b", tmp_path, "in another project")
    (tmp_path / "empty").mkdir()
    done = coord("log", "--here", cwd=tmp_path / "empty")
    assert done.returncode == 4
    assert done.stderr.splitlines() == [
        f"error: no stored session to show in this workspace ({tmp_path / 'empty'})",
        f"The newest complete one is in {tmp_path / 'b'}: coord log {other}"
        " (`coord sessions` lists every workspace's).",
    ]


def test_a_mistyped_not_for_target_is_warned_of_with_the_close_name(tmp_path: Path) -> None:
    """``--not-for "API=fastapi-backend"`` redirects nowhere (no agent has that name): the
    warning names the agent it was likely meant to be, as an unknown setting's does."""
    made = coord("agents", "new", "docs-writer", "--domain", "Docs", "-t", "docs",
                 "--not-for", "API endpoints=fastapi-backend", cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    (line,) = made.stderr.splitlines()
    assert line.endswith(
        ": warning: docs-writer: redirect target 'fastapi-backend' is not in the roster;"
        " did you mean fastapi-backend-expert?"
    ), line


def test_see_the_chain_again_is_a_command_that_runs_as_printed(tmp_path: Path) -> None:
    """In the workspace, ``coord log ID`` (``--workspace`` there was noise); from elsewhere
    with ``--workspace DIR`` quoted, so a folder with a space pastes into a shell whole."""
    ws = tmp_path / "my project"
    ws.mkdir()
    agents = write_worker(tmp_path / "agents")
    script = write_script(tmp_path / "w.yaml", {"worker": [{"text": report("Complete")}]})
    for cwd, tail in ((ws, ""), (tmp_path, f" --workspace '{ws}'")):
        done = coord("run", "do it", "--agents-dir", agents, "--only", "--agent", "worker",
                     "--script", script, "-w", ws, cwd=cwd)  # fmt: skip
        assert done.returncode == 0, done.stderr
        (hint,) = [x for x in done.stdout.splitlines() if x.startswith("See the chain again: ")]
        command = hint.removeprefix("See the chain again: ")
        assert command.endswith(tail) and command.startswith("coord log ")
        again = coord(*shlex.split(command)[1:], cwd=cwd)
        assert again.returncode == 0, again.stderr


def test_an_unknown_session_names_every_place_looked_in(tmp_path: Path) -> None:
    """``coord log ID`` reads this workspace's database, then the session index; an id found
    in neither said "in .../coordinator.db", as if nothing else had been searched."""
    session_in(tmp_path / "a", tmp_path, "one session here")
    done = coord("log", "deadbeef", cwd=tmp_path / "a")
    assert done.returncode == 4
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    assert done.stderr.splitlines() == [
        f"error: unknown session: deadbeef (not in {db}, nor in the session index)",
        "List session ids with `coord sessions`.",  # daily74: no PostgreSQL store used
    ]


@pytest.mark.parametrize("request_text", ["bake a cake", "fix the thing please"])
def test_route_says_how_to_run_a_request_no_specialist_fits(request_text: str) -> None:
    """README: when no agent fits, ``coord route`` says why and to use ``--agent NAME``; it
    said why alone (``route`` takes no ``--agent``: the hint names ``coord run``)."""
    hint = "To run it anyway: coord run … --agent NAME (`coord agents list` names them)."
    shown = coord("route", request_text)
    assert shown.returncode == 4
    assert shown.stdout.splitlines()[-1] == hint
    as_json = coord("route", request_text, "--json")
    assert json.loads(as_json.stdout)["hint"] == hint
