"""daily35: rough edges a demanding daily user of ``coord`` met (third round of daily33's
list), each checked where the user meets it: the command's message and exit code."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import pytest
from cli import coord
from kit import Harness, blocked, drawn, report, workspace, write_agents, write_script

from coordinator.errors import EXIT_USER_ERROR, EXIT_WAITING
from coordinator.store.db import SessionRow
from coordinator.store.listing import SessionLine
from coordinator.store.spend import StatsRow

# ---- a batch file's mistakes: every item's, with its line, before the environment ---------


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """No API key in the environment (a new machine, a fresh shell)."""
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)


def _batch(tmp_path: Path, text: str, *extra: str) -> tuple[int, str, Path]:
    """``coord run --batch tasks.yaml`` (holding ``text``) on the test team, from the
    workspace: its exit code, its stderr, and the workspace."""
    ws = workspace(tmp_path)
    (ws / "tasks.yaml").write_text(text, "utf-8")
    agents = write_agents(tmp_path / "agents")
    done = coord(
        "run", "--batch", "tasks.yaml", "--agents-dir", agents, "--only", *extra, cwd=ws
    )  # fmt: skip
    return done.returncode, done.stderr, ws


@pytest.mark.parametrize(
    "extra", [[], ["--json"], ["--detach", "--db", "postgresql://u@127.0.0.1:1/db"]]
)
@pytest.mark.usefixtures("no_key")
def test_an_items_unknown_agent_is_named_with_its_line_before_the_missing_key(
    tmp_path: Path, extra: list[str]
) -> None:
    text = "- Add an endpoint\n- request: Add an index\n  agent: dbaa\n"
    code, said, ws = _batch(tmp_path, text, *extra)
    assert code == EXIT_USER_ERROR
    assert said.startswith(
        "error: tasks.yaml:2: item 2: unknown agent: dbaa; did you mean dba?\n"  # daily70
    ), said
    assert "API_KEY" not in said
    assert not (ws / ".coordinator").exists()  # nothing was run, nothing stored


@pytest.mark.usefixtures("no_key")
def test_every_items_mistake_is_named_at_once(tmp_path: Path) -> None:
    text = (
        "- Add an endpoint\n"
        "- request: Add an index\n  agent: nobody\n"
        "- request: Deploy it\n  agnt: ops\n"
        "- 5\n"
        "- {request: Add a page, agent: webb}\n"
    )
    code, said, _ = _batch(tmp_path, text)
    assert code == EXIT_USER_ERROR
    assert said == (
        "error: tasks.yaml: 4 items have mistakes (nothing was run):\n"
        "  tasks.yaml:2: item 2: unknown agent: nobody (see `coord agents list`)\n"
        "  tasks.yaml:4: item 3 must be a request string or {request: TEXT, agent: NAME};"
        " unknown key 'agnt'; did you mean agent?\n"
        "  tasks.yaml:6: item 4 must be a request string or {request: TEXT, agent: NAME};"
        " this one is a number, not text (quote it)\n"
        "  tasks.yaml:7: item 5: unknown agent: webb; did you mean web? (see `coord agents list`)\n"
        "Fix them, then run the batch again.\n"
    )


@pytest.mark.usefixtures("no_key")
def test_a_long_list_of_mistakes_is_counted_past_the_first_ten(tmp_path: Path) -> None:
    text = "".join(f"- {{request: Task {i}, agent: nobody}}\n" for i in range(25))
    code, said, _ = _batch(tmp_path, text)
    assert code == EXIT_USER_ERROR
    lines = said.splitlines()
    assert lines[0] == "error: tasks.yaml: 25 items have mistakes (nothing was run):"
    assert lines[10] == "  tasks.yaml:10: item 10: unknown agent: nobody (see `coord agents list`)"
    assert lines[11:] == ["  … and 15 more", "Fix them, then run the batch again."]


@pytest.mark.usefixtures("no_key")
def test_a_batch_of_known_agents_still_stops_on_the_missing_key(tmp_path: Path) -> None:
    code, said, _ = _batch(tmp_path, "- {request: Add an index, agent: dba}\n")
    assert code == EXIT_USER_ERROR
    assert said.startswith("error: no ANTHROPIC_API_KEY is set\n")


# ---- a resume names the script the session remembers as remembered ----------------------


def _waiting_scripted(tmp_path: Path) -> tuple[Path, Path]:
    """A session started with ``--script`` (as typed: relative) and waiting for a person:
    its workspace and its script."""
    ws = workspace(tmp_path)
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"text": blocked("Product", "Which column is the owner's email")},
                {"expect": "email column", "text": report("Complete")},
            ]
        },
    )
    agents = write_agents(tmp_path / "agents")
    done = coord(
        "run", "Add a FastAPI endpoint", "--agent", "backend", "--agents-dir", agents,
        "--only", "--script", "s.yaml", "-w", ws, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == EXIT_WAITING, done.stderr
    return ws, script


RESUME = ("resume", "--context", "Use the email column")


@pytest.mark.usefixtures("no_key")
def test_a_moved_remembered_script_is_named_as_remembered_with_its_path(tmp_path: Path) -> None:
    ws, script = _waiting_scripted(tmp_path)
    script.rename(tmp_path / "elsewhere.yaml")
    done = coord(*RESUME, "-w", ws, cwd=ws)
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr == (
        f"error: cannot read the session's remembered script {script}: No such file or"
        " directory\nPut it back, pass --script FILE to resume with another, or --provider"
        " anthropic to resume with the model.\n"
    )
    given = coord(*RESUME, "-w", ws, "--script", tmp_path / "elsewhere.yaml", cwd=ws)
    assert given.returncode == 0, given.stderr  # the same script given again: it goes on


@pytest.mark.usefixtures("no_key")
def test_a_script_given_again_that_is_missing_is_named_by_its_flag(tmp_path: Path) -> None:
    ws, _ = _waiting_scripted(tmp_path)
    done = coord(*RESUME, "-w", ws, "--script", "nope.yaml", cwd=ws)
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr == (
        "error: cannot read --script nope.yaml: No such file or directory\n"
        f"Check the path (relative to {ws.resolve()}).\n"
    )


@pytest.mark.usefixtures("no_key")
def test_a_base_url_beside_a_remembered_script_names_no_script_flag(tmp_path: Path) -> None:
    ws, _ = _waiting_scripted(tmp_path)
    done = coord(*RESUME, "-w", ws, "--base-url", "http://localhost:1", cwd=ws)
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr == (
        "error: --base-url is for the anthropic provider, not the scripted one (the session's"
        " remembered script)\nDrop --base-url (a script answers every call offline), or add"
        " --provider anthropic to call that server.\n"
    )


# ---- traces: every span event's attributes named as the others -------------------------


async def test_every_span_events_attributes_are_under_coordinator(tmp_path: Path) -> None:
    pytest.importorskip("opentelemetry.sdk")
    from test_otel import chain, traced

    h = Harness(tmp_path, chain())
    rec, exporter = traced(h)
    await h.engine.start("Add a task endpoint with the owner's email", agent="backend")
    rec.close()
    h.close()
    events = [e for span in exporter.get_finished_spans() for e in span.events]
    assert "resumed" in [e.name for e in events]
    keys = {key for e in events for key in (e.attributes or {})}
    assert "coordinator.answered_by" in keys
    assert all(key.startswith("coordinator.") for key in keys), keys


# ---- tables at a terminal's width: names whole where there is room, told apart where not --


def _session_line(agent: str) -> SessionLine:
    row = SessionRow(
        "b8eb30ba198f", "Add an endpoint GET /health to the API", "/srv/team/payments",
        "complete", "", {}, time.time() - 300, time.time(),
    )  # fmt: skip
    return SessionLine(row, "complete", agent, 22_900, 0.0564, "db")


@pytest.mark.parametrize(
    ("columns", "shown"), [(160, "fastapi-backend-expert "), (80, "fastapi-backend…")]
)
def test_coord_sessions_cuts_an_agents_name_only_where_the_terminal_is_narrow(
    columns: int, shown: str
) -> None:
    from coordinator.cli.views import sessions_table

    lines = drawn(sessions_table([_session_line("fastapi-backend-expert")], columns), columns)
    (line,) = [line for line in lines if "b8eb30ba198f" in line]
    assert shown in line and len(line) <= columns
    assert "Add an endpoint" in line


def test_coord_stats_at_80_columns_tells_two_versions_of_a_model_apart() -> None:
    from coordinator.cli.views import stats_table

    rows = [
        StatsRow("2026-12-03", "fastapi-backend-expert", model, 1, 17_010)
        for model in ("claude-sonnet-4-5", "claude-sonnet-5-5", "gateway-model-2025-06-01-preview")
    ]
    lines = drawn(stats_table(rows, 80), 80)
    assert all(len(line) <= 80 for line in lines), lines
    models = [line.split()[2] for line in lines[1:4]]
    assert models[:2] == ["sonnet-4-5", "sonnet-5-5"]
    assert models[2].startswith("gatew") and models[2].endswith("preview") and "…" in models[2]


def test_the_demos_tree_at_80_columns_has_no_line_ending_in_a_space(tmp_path: Path) -> None:
    ws = tmp_path / "taskboard"
    assert coord("demo", "--workspace", ws, cwd=tmp_path).returncode == 0
    tree = coord("log", "-w", ws, cwd=tmp_path, env={"COLUMNS": "80"}).stdout.splitlines()
    assert any(line.endswith("owner's") for line in tree), tree  # a label wrapped there
    assert [line for line in tree if line != line.rstrip() or len(line) > 80] == []


def test_a_removed_demos_json_names_no_folder_to_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    done = coord("demo", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["kept"] is False and list(tmp_path.iterdir()) == []  # removed at the end
    assert "remove_when_done" not in data
