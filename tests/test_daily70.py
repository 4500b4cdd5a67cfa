"""daily70: a first day's rough edges, mended (daily69's leftovers and a new walk).

1. An unknown agent's close names were a second line, ``Did you mean: web?`` (in a batch
   ``(did you mean: web?)``): said as the other usage errors say it, ``unknown agent: webb;
   did you mean web?``.
2. A value click refused was said in click's words, ``Invalid value for '--limit': 'abc' is
   not a whole number``, while coord's own say ``--limit: must be at least 1 (got 0)``: both
   in coord's.
3. ``coord agents validate`` printed the whole fields' table when nothing was wrong: one line
   (how many agents, all valid, where they came from); the table with ``--verbose`` or when
   something is wrong.
4. ``--json`` of an unknown option's error lacked what its line says (the help that lists the
   options); ``coord stats`` at 80 columns showed an offline
   model as ``claude…ffline)``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, drawn, waiting_run, workspace, write_agent, write_agents

from coordinator.errors import EXIT_OTHER_QUESTION, EXIT_USER_ERROR
from coordinator.store.spend import StatsRow

# ---- 1. an unknown agent's close names, in one voice ----------------------------------------


def test_an_unknown_agent_names_the_close_ones_on_its_line(tmp_path: Path) -> None:
    agents = tmp_path / "agents"
    for name in ("web", "api-dev", "db-dev"):
        write_agent(agents, name)
    shown = coord("agents", "show", "webb", "--agents-dir", agents, "--only", cwd=tmp_path)
    assert shown.returncode == EXIT_USER_ERROR
    assert shown.stderr.splitlines() == [
        "error: unknown agent: webb; did you mean web?",
        "See `coord agents list`.",
    ]
    several = coord("agents", "show", "dev", "--agents-dir", agents, "--only", cwd=tmp_path)
    assert several.stderr.splitlines()[0] == (
        "error: unknown agent: dev; did you mean db-dev or api-dev?"
    )
    as_json = coord("agents", "show", "webb", "--agents-dir", agents, "--only", "--json")
    said = json.loads(as_json.stdout)
    assert said["error"] == "unknown agent: webb; did you mean web?"
    assert said["hint"] == "See `coord agents list`."


def test_a_batch_items_unknown_agent_says_it_as_the_command_line_does(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    (ws / "tasks.yaml").write_text(
        "- {request: Add a page, agent: webb}\n- {request: Add an index, agent: nobody}\n",
        encoding="utf-8",
    )
    agents = write_agents(tmp_path / "agents")
    ran = coord("run", "--batch", "tasks.yaml", "--agents-dir", agents, "--only", cwd=ws)
    assert ran.returncode == EXIT_USER_ERROR
    lines = ran.stderr.splitlines()
    assert lines[1] == (
        "  tasks.yaml:1: item 1: unknown agent: webb; did you mean web? (see `coord agents list`)"
    )
    assert lines[2] == "  tasks.yaml:2: item 2: unknown agent: nobody (see `coord agents list`)"


def test_sessions_of_an_unknown_agent_name_the_close_one_on_its_line(tmp_path: Path) -> None:
    write_agents(tmp_path / ".claude" / "agents")
    ran = coord("sessions", "--agent", "backnd", "--here", cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr.splitlines() == [
        "error: unknown agent: backnd (it ran in no session, and no agent of the roster has"
        " that name); did you mean backend?",
        "`coord agents list` names the roster; `coord sessions` shows each session's agent.",
    ]


# ---- 2. a value click refused, in coord's words -----------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["sessions", "--limit", "abc"], "--limit: 'abc' is not a whole number"),
        (["worker", "--poll", "soon"], "--poll: 'soon' is not a number"),
        (
            ["agents", "eval", "--min-accuracy", "101"],
            "--min-accuracy: must be at most 100 (got 101)",
        ),
        (["mcp", "--http", "x"], "--http: 'x' is not a whole number"),
    ],
)
def test_a_refused_value_is_said_as_coords_own_usage_errors(
    tmp_path: Path, args: list[str], said: str
) -> None:
    ran = coord(*args, cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr == f"error: {said}\n"
    if args[0] in ("sessions", "agents"):  # the commands with --json
        as_json = coord(*args, "--json", cwd=tmp_path)
        assert json.loads(as_json.stdout)["error"] == said
    own = coord("sessions", "--limit", "0", cwd=tmp_path)  # coord's own check: the same voice
    assert own.stderr == "error: --limit: must be at least 1 (got 0)\n"


# ---- 3. coord agents validate: one line when all is valid --------------------------------------


def test_a_valid_roster_is_one_line_naming_where_its_agents_came_from(tmp_path: Path) -> None:
    project = tmp_path / ".claude" / "agents"
    write_agent(project, "web", "Builds web pages.")
    ran = coord("agents", "validate", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    bundled = len(json.loads(coord("agents", "list", "--json", cwd=tmp_path).stdout)["agents"])
    assert ran.stdout == (
        f"{bundled} agents, all valid: 1 project (.claude/agents/), {bundled - 1} bundled\n"
    )
    folder = coord("agents", "validate", project / "web.md", cwd=tmp_path)
    assert folder.stdout == "1 agent, all valid: 1 agents-dir (.claude/agents/)\n"


def test_the_fields_table_comes_with_verbose_or_with_a_problem(tmp_path: Path) -> None:
    agents = tmp_path / "agents"
    write_agent(agents, "web", "Builds web pages.")
    verbose = coord("agents", "validate", agents, "--verbose", cwd=tmp_path)
    assert verbose.returncode == 0
    assert "frontmatter fields" in verbose.stdout and "honoured" in verbose.stdout
    assert verbose.stdout.endswith("\n1 agent, all valid: 1 agents-dir (agents/)\n")
    (agents / "web.md").write_text(
        "---\nname: web\ndescription: Builds web pages.\ncolour: red\n---\nBody.\n", "utf-8"
    )
    warned = coord("agents", "validate", agents, cwd=tmp_path)
    assert warned.returncode == 0
    assert "agents/web.md:4: warning: unknown frontmatter field 'colour'" in warned.stdout
    assert "frontmatter fields" in warned.stdout
    assert warned.stdout.endswith("\n1 agent loaded, 1 warning\n")  # was "0 error(s), 1 warning(s)"
    (agents / "web.md").write_text(
        "---\nname: web\ndescription: Builds web pages.\npermissionMode: bypassPermissions\n"
        "---\nBody.\n",
        "utf-8",
    )
    partial = coord("agents", "validate", agents, cwd=tmp_path)  # valid, one field partly kept
    assert "widens nothing" in " ".join(partial.stdout.split())
    assert partial.stdout.endswith("\n1 agent, all valid: 1 agents-dir (agents/)\n")


def test_validate_json_and_exit_codes_are_unchanged(tmp_path: Path) -> None:
    agents = tmp_path / "agents"
    write_agent(agents, "web", "Builds web pages.")
    data = json.loads(coord("agents", "validate", agents, "--json", cwd=tmp_path).stdout)
    assert set(data) == {  # daily113: note_count
        "agent_count", "error_count", "warning_count", "note_count", "problems", "fields",
        "exit_code",
    }  # fmt: skip
    assert (data["agent_count"], data["exit_code"], len(data["fields"])) == (1, 0, 2)
    (agents / "bad.md").write_text("---\nname: [\n---\n", "utf-8")
    broken = coord("agents", "validate", agents, cwd=tmp_path)
    assert broken.returncode == 1
    assert broken.stdout.endswith("\n1 agent loaded, 1 error\n")  # was "1 error(s), 0 warning(s)"
    assert "all valid" not in broken.stdout


# ---- 4. what else the walk met ---------------------------------------------------------------


def test_an_unknown_options_json_says_what_its_line_says(tmp_path: Path) -> None:
    ran = coord("log", "--limit", "3", "--json", cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    line = "No such option: --limit (`coord log --help` lists the options)"
    assert ran.stderr == f"error: {line}\n"
    data = json.loads(ran.stdout)  # it said "No such option: --limit" and no more
    # mend108: the help it names is the JSON's hint (a second hint repeated it)
    assert (data["error"], data["hint"]) == (
        "No such option: --limit",
        "`coord log --help` lists the options.",
    )


def test_stats_at_80_columns_show_an_offline_models_name_and_mark() -> None:
    from coordinator.cli.views import stats_table

    rows = [
        StatsRow("2026-12-06", "database-engineer", "claude-sonnet-5-5", 1, 4_530, offline=True),
        StatsRow(
            "2026-12-06",
            "fastapi-backend-expert",
            "claude-sonnet-5-5",
            2,
            25_327,
            cost_usd=0.0624,
            offline=True,
        ),
    ]
    lines = drawn(stats_table(rows, 80), 80)
    assert all(len(line) <= 80 for line in lines), lines
    for line in lines[1:3]:
        assert " sonnet-5-5 (offline) " in line, lines  # was "claude…ffline)"
    assert "fastapi-backend-… sonnet" in lines[2]  # the agent's name gave way
    wide = drawn(stats_table(rows, 120), 120)
    assert "fastapi-backend-expert claude-sonnet-5-5 (offline)" in wide[2]


def test_a_question_the_session_never_asked_is_not_blamed_on_another_job(
    tmp_path: Path,
) -> None:
    """``--question q9`` (a typo: the session asks q1) said "Another job answered it or the
    session moved on": it says the session never asked it, and how to answer the one it
    asks. Exit code and first line as for a question answered meanwhile."""
    sid, ws, data = waiting_run(tmp_path, blocked("Product", "Which column is the email"))
    ran = coord("resume", sid, "--question", "q9", "--context", "email", cwd=ws)
    assert ran.returncode == EXIT_OTHER_QUESTION
    first, hint = ran.stderr.splitlines()
    assert first.startswith(f"error: session {sid} does not wait on question q9: it asks q")
    assert hint == (
        f"It never asked question q9: answer the one it asks with `coord resume {sid}"
        ' --question q1 --context "…"`.'
    )
    as_json = json.loads(coord("resume", sid, "--question", "q9", "--json", cwd=ws).stdout)
    assert as_json["hint"] == hint and as_json["question"] == data["question"]["id"]


def test_route_candidates_matched_items_are_not_broken_across_lines(tmp_path: Path) -> None:
    """At 80 columns devops-expert's cell read ``... API path "GET`` / ``/tasks/{id}", add``:
    the last column wraps between its items, as the ``matched:`` line does; an item
    wider than the column still wraps between its words."""
    request = "Add GET /tasks/{id} returning the owner's email"
    shown = coord("route", request, cwd=tmp_path, env={"COLUMNS": "80"})
    assert shown.returncode == 0, shown.stderr
    lines = [line for line in shown.stdout.splitlines() if line.startswith("│")]
    assert lines and all(len(line) <= 80 for line in lines)
    rows: dict[str, list[str]] = {}  # each agent's lines of its matched column
    last = ""
    for line in lines:
        _, agent, _, matched, _ = line.split("│")
        last = agent.strip() or last
        rows.setdefault(last, []).append(matched.strip())
    data = json.loads(coord("route", request, "--json", cwd=tmp_path).stdout)
    assert "devops-expert" in rows
    assert data["agent"] not in rows  # its evidence is the matched: line (tidy86)
    for candidate in (c for c in data["candidates"] if c["agent"] != data["agent"]):
        for item in candidate["matched"][:8]:
            assert any(item in part for part in rows[candidate["agent"]]), (item, rows)


def test_a_plain_tables_item_wider_than_its_column_wraps_between_words() -> None:
    import io

    from coordinator.cli.plain import Lines

    out = io.StringIO()
    long = "phrase " * 12
    Lines(out).table("T", ("agent", "score", "matched"), [("a", "1.00", ("x", long.strip()))])
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    assert "".join(line.split("│")[3] for line in lines[4:-1]).split() == ["x,", *long.split()]


def test_the_waiting_line_says_why_a_person_is_asked_once(tmp_path: Path) -> None:
    """It said "(it asks for what no agent has; the question asks for a fact only the
    team has)": the same reason twice. The question's own reason alone; the tree's line,
    which has no room for it, keeps the short one."""
    tour = Path(__file__).resolve().parents[1] / "examples" / "tour-script.yaml"
    request = "Add GET /tasks/{id} returning the owner's email"
    done = coord("run", request, "--script", tour, cwd=tmp_path, env={"COLUMNS": "200"})
    assert done.returncode == 3, done.stderr
    assert (
        "Waiting for a person (question q1): fastapi-backend-expert needs product context"
        " (the question asks for a fact only the team has).\n"
    ) in done.stdout
    assert "⏸ waiting for a person (it asks for what no agent has)" in done.stdout
