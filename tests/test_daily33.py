"""daily33: rough edges a demanding daily user of ``coord`` met (third round), each checked
where the user meets it (the command's output and exit code, what is left on disk)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import zygote
from cli import coord
from kit import report, workspace, write_agents, write_script

from coordinator.cli.common import shared_room
from coordinator.errors import EXIT_BROKEN_PIPE
from coordinator.providers.script import ScriptedModel, ScriptError
from coordinator.roster.fields import agent_fields
from coordinator.roster.loader import load_registry

REPO = Path(__file__).resolve().parents[1]

# ---- a reader that leaves (`coord log ID | head -1`) ends coord quietly -------------------


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding the demo's session."""
    ws = tmp_path_factory.mktemp("daily33") / "ws"
    done = coord("demo", "-w", ws)
    assert done.returncode == 0, done.stderr
    return ws


def _to_a_closed_pipe(
    args: list[str], cwd: Path, stderr_too: bool = False
) -> tuple[int, str, list[Path]]:
    """``coord ARGS`` with its stdout (``stderr_too``: and stderr) a pipe whose reader has
    left: its exit code, its stderr, and the demo folders left in its temporary folder."""
    tmp = cwd / "tmp"
    tmp.mkdir(exist_ok=True)
    read, write = os.pipe()
    os.close(read)  # the reader left before coord wrote a byte: every write fails
    try:
        with zygote.Popen(
            [sys.executable, "-m", "coordinator", *args],
            stdout=write,
            stderr=write if stderr_too else subprocess.PIPE,
            text=True,
            cwd=cwd,
            env={**os.environ, "TMPDIR": str(tmp)},
        ) as proc:
            os.close(write)
            write = -1
            err = "" if proc.stderr is None else proc.stderr.read()
            code = proc.wait(timeout=120)
    finally:
        if write != -1:
            os.close(write)
    return code, err, sorted(tmp.glob("coordinator-demo-*"))


#: Commands that print, each with what it reads of the demo's workspace.
PRINTING = {
    "help": ["--help"],
    "version": ["--version"],
    "a group's help": ["agents", "--help"],
    "agents list": ["agents", "list"],
    "agents show": ["agents", "show", "fastapi-backend-expert"],
    "agents validate": ["agents", "validate"],
    "sessions": ["sessions", "--here"],
    "log": ["log"],
    "log --json": ["log", "--json"],
    "stats": ["stats", "--here"],
    "route --json": ["route", "add an index to the users table", "--json"],
    "route": ["route", "add an index to the users table"],
    "config": ["config"],
    "an error with --json": ["agents", "show", "nobody", "--json"],
}


@pytest.mark.parametrize("name", list(PRINTING))
def test_a_command_whose_reader_left_exits_141_without_a_word(demo_ws: Path, name: str) -> None:
    """Click ended such a command with exit 1 (rich's consoles did too), as a failure would;
    now it ends as a closed pipe ends ``git log | head``: 141, nothing on stderr (no
    traceback, no "Exception ignored" from the interpreter's last flush)."""
    code, err, _ = _to_a_closed_pipe(PRINTING[name], demo_ws)
    wanted = "error: unknown agent: nobody\nSee `coord agents list`.\n" if "error" in name else ""
    assert (code, err) == (EXIT_BROKEN_PIPE, wanted)


@pytest.mark.parametrize("args", [["--bogus"], ["agents", "show"]], ids=["root", "command"])
def test_a_usage_error_whose_reader_left_exits_141_too(demo_ws: Path, args: list[str]) -> None:
    """``coord --bogus 2>&1 | head -0``: the usage error's box could not be written."""
    code, err, _ = _to_a_closed_pipe(args, demo_ws, stderr_too=True)
    assert (code, err) == (EXIT_BROKEN_PIPE, "")


def test_a_demo_whose_reader_left_removes_its_completed_sample_project(demo_ws: Path) -> None:
    """The demo completed, then its result met a closed pipe: its temporary project was kept
    (and a note on stderr said `coord resume` could continue a demo that had completed)."""
    code, err, left = _to_a_closed_pipe(["demo"], demo_ws)
    assert code == EXIT_BROKEN_PIPE
    assert left == []
    assert "complete" in err.splitlines()[-1] and "kept" not in err, err


# ---- a table in a pipe fits COLUMNS (80 when unset) where its words allow -----------------


def _words(text: str) -> list[str]:
    return [w for w in text.replace("│", " ").replace("┃", " ").split() if w.strip("─━┏┓┗┛")]


@pytest.mark.parametrize("columns", ["", "100"])
def test_agents_validate_in_a_pipe_wraps_its_notes_within_the_width(
    tmp_path: Path, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Piped (a CI log), the fields table was drawn at its natural width, 245 columns, its
    longest note on one line and every other row padded to it; the notes now wrap at their
    spaces, the table within 80 columns (or COLUMNS), the problem lines unchanged."""
    monkeypatch.delenv("COLUMNS", raising=False)
    if columns:
        monkeypatch.setenv("COLUMNS", columns)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "bad.md").write_text(
        "---\nname: bad\ndescription: Helps.\ntools: Raed, Bash\ncolour: red\n---\nBody.\n"
    )
    done = coord("agents", "validate", agents, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    problem = "agents/bad.md:4: warning: tools: 'Raed' is no tool coord or Claude Code has;"
    assert any(line.startswith(problem) for line in lines), lines  # one line, never wrapped
    table = [line for line in lines if line.startswith(("┏", "┃", "┡", "│", "└"))]
    assert max(len(line) for line in table) == int(columns or 80), table
    shown = _words("\n".join(table))
    (spec,) = load_registry([agents], only=True, cwd=tmp_path)
    tools_note = next(s.note for s in agent_fields(spec) if s.field == "tools")
    at = shown.index(tools_note.split()[0])
    assert shown[at : at + len(tools_note.split())] == tools_note.split()  # every word, whole


def test_a_table_whose_words_are_wider_than_the_pipe_keeps_them_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`agents eval`'s misses at COLUMNS=40: the request wraps, the agent names (wider than
    what 40 columns leave) are whole: the table is as wide as they need, no wider."""
    monkeypatch.setenv("COLUMNS", "40")
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- request: the dashboard page crashes on load with an error in TaskList.tsx\n"
        "  expect: database-engineer\n"
    )
    done = coord("agents", "eval", cases, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith(("┃", "│"))]
    (first, *_) = [line for line in table if "database-engineer" in line]
    assert "react-frontend-expert" in first, table  # both names whole on the row's first line
    assert len({len(line) for line in table}) == 1 and 40 < len(table[0]) < 80, table
    request = " ".join(cell.split("│")[1].strip() for cell in table if cell.startswith("│"))
    wanted = "the dashboard page crashes on load with an error in TaskList.tsx"
    assert request.split() == wanted.split(), table


def test_the_room_goes_first_to_the_columns_wanting_least() -> None:
    # a status column (8 wide) and a name (20) whole before a note (200) takes the rest
    assert shared_room([(8, 8), (10, 20), (12, 200)], 60) == [8, 20, 32]
    # too little room: each column still gets its longest word (the table is wider)
    assert shared_room([(8, 8), (10, 20), (12, 200)], 20) == [8, 10, 12]
    # room enough: each its longest line
    assert shared_room([(3, 5), (4, 9)], 100) == [5, 9]


def test_route_in_a_pipe_wraps_its_evidence_within_80_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`coord route`'s own (rich-free) table was drawn at its natural width off a terminal."""
    monkeypatch.delenv("COLUMNS", raising=False)
    request = (
        "Add a column to the users table and a migration for it, then expose it in the API"
        " response of GET /users/{id} and show it on the React profile page component"
    )
    done = coord("route", request)
    assert done.returncode == 0, done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith(("┏", "┃", "│"))]
    assert len(table) > 5 and max(len(line) for line in table) == 80, done.stdout


def test_parse_in_a_pipe_wraps_the_report_in_its_panel_within_80_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`coord parse examples/report-blocked.md | less`: the panel was 157 columns wide."""
    monkeypatch.delenv("COLUMNS", raising=False)
    done = coord("parse", REPO / "examples" / "report-blocked.md", cwd=REPO)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) == 80, done.stdout
    assert "│ Files     backend/app/api/routes/users.py" in done.stdout  # a path whole
    required = "Current User model schema: column names, types and nullability, plus the"
    assert f"{required} Alembic revision that created it" in " ".join(_words(done.stdout))


def test_a_batch_in_a_pipe_keeps_its_requests_on_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`coord run --batch` is one line per request, as `sessions` is: fitting its table to 80
    columns must not cut each request to a few characters (it keeps its first 50)."""
    monkeypatch.delenv("COLUMNS", raising=False)
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    batch = tmp_path / "tasks.yaml"
    long = "Add a GET /health/db endpoint that checks the database and reports its latency"
    batch.write_text(f"- {long}\n- What should I cook for dinner tonight?\n")  # no agent fits
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    done = coord(
        "run", "--batch", batch, "--workspace", ws,
        "--agents-dir", agents, "--only", "--script", script,
    )  # fmt: skip
    assert done.returncode == 4, done.stderr
    lines = done.stdout.splitlines()
    kept = long[: long.rfind(" ", 0, 49)]  # its first 50, cut after a whole word (tidy51)
    assert any(line.endswith(f" {kept}…") for line in lines), lines
    assert any(line.endswith(" What should I cook for dinner tonight?") for line in lines), lines
    assert any(line.strip().startswith("no agent fits this request: ") for line in lines), lines


# ---- help a newcomer can act on: examples, one command a line ----------------------------

#: The commands whose help ends its text with examples.
WITH_EXAMPLES = [
    ["run"], ["resume"], ["route"], ["log"], ["sessions"], ["sessions", "rm"], ["stats"],
    ["parse"], ["agents", "eval"], ["agents", "new"], ["mcp"],
]  # fmt: skip


@pytest.mark.parametrize("path", WITH_EXAMPLES, ids=" ".join)
def test_a_commands_help_shows_examples_one_a_line(path: list[str]) -> None:
    """No command's help had an example; each example is now a line of its own, indented,
    whole at 80 columns, and calls the command it is the help of."""
    text = coord(*path, "--help", env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"}).stdout
    lines = text.splitlines()
    start = lines.index(" Examples:" + " " * 70)
    block = lines[start + 1 : lines.index(" " * 80, start)]
    assert block, text
    for line in block:
        assert line.startswith("   ") and len(line) <= 80, line
        assert f"coord {' '.join(path)}" in line, line


def test_the_root_help_tells_a_newcomer_where_to_start() -> None:
    text = " ".join(coord("--help", env={"COLUMNS": "80"}).stdout.split())
    assert (
        "New here? `coord demo` runs a sample scenario (offline without an API key, or with"
        " --offline: no network)"
    ) in text


def test_no_help_speaks_of_the_seed() -> None:
    """`parse` and `agents new` named "the seed's format": the project's own history."""
    for path in (["parse"], ["agents", "new"], ["agents"]):
        assert "seed" not in coord(*path, "--help", env={"COLUMNS": "200"}).stdout


# ---- a script that runs out says which turns it passed over ----------------------------


def test_a_script_that_ran_out_names_the_turns_its_when_passed_over() -> None:
    """The docs' format example, run as written, ended "no turn scripted ... after 1
    assistant turn(s)" though the agent had a second turn: its `when: "task 7"` was not in
    the task, and nothing said so."""
    model = ScriptedModel.from_data(
        {"agents": {"api": [{"text": "looking"}, {"text": "done", "when": "task 7"}]}},
        source="s.yaml",
    )
    first = {"role": "user", "content": "Add an endpoint"}
    model.select("api", {"messages": [first]})
    answered = {"role": "assistant", "content": [{"type": "text", "text": "looking"}]}
    body = {"messages": [first, answered, {"role": "user", "content": "go on"}]}
    with pytest.raises(ScriptError) as raised:
        model.select("api", body)
    assert "; passed over, their `when` not in the task: agents.api[1] when 'task 7';" in str(
        raised.value
    )
    assert str(raised.value).startswith("s.yaml: no turn scripted for agent 'api' after 1 ")


# ---- a call to an MCP tool shows what it asked, not only the names of its arguments ----------


def test_a_call_without_a_path_shows_its_arguments_values(tmp_path: Path) -> None:
    """`api-dev: mcp__conventions__convention topic` said which argument was given, not what
    was asked; each argument now shows the start of its value, on one line."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    asked = {"topic": "routes\nand more", "depth": 2, "filters": {"lang": "en"}, "q": "x" * 60}
    call = {"name": "mcp__docs__lookup", "input": asked}
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"tool_calls": [call]}, {"text": report("Complete")}]}
    )
    done = coord(
        "run", "Add an endpoint", "--agent", "backend", "--workspace", ws,
        "--agents-dir", agents, "--only", "--script", script,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    shown = f'depth=2, filters={{"lang": "en"}}, q={"x" * 39}…, topic=routes and more'
    assert f"  backend: mcp__docs__lookup {shown}" in done.stderr.splitlines()[2], done.stderr
