"""A demanding new user's first hour (walk14): what the README's commands and bad input
showed, each fixed here with the test that failed before the fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script


@pytest.fixture
def two(tmp_path: Path) -> dict[str, Any]:
    """Workspace ``a`` whose database is damaged and ``b`` holding a waiting session."""
    agents = write_agents(tmp_path / "agents")
    a, b = workspace(tmp_path / "a"), workspace(tmp_path / "b")
    script = {"backend": [{"text": report("Complete")}]}
    for ws in (a, b):
        path = write_script(tmp_path / f"{ws.parent.name}.yaml", script)
        done = coord(
            "run", "Add an endpoint", "--agent", "backend", "--workspace", ws,
            "--agents-dir", agents, "--only", "--script", path, "--json",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    waiting = coord(
        "run", "Document the API", "--agent", "backend", "--workspace", b,
        "--agents-dir", agents, "--only", "--json", "--script",
        write_script(tmp_path / "w.yaml", {"backend": [{"text": blocked("Docs", "Where")}]}),
    )  # fmt: skip
    assert waiting.returncode == 3, waiting.stderr
    damaged = a / ".coordinator" / "coordinator.db"
    damaged.write_bytes(b"not a database at all " * 500)
    return {"a": a, "damaged": damaged, "session": json.loads(waiting.stdout)["session"]}


def test_a_damaged_local_database_hides_no_other_workspaces_session(two: dict[str, Any]) -> None:
    """``coord log ID`` from a workspace whose own database is damaged finds ID where the
    index says it lives, instead of failing on the local file."""
    shown = coord("log", two["session"], cwd=two["a"])
    assert shown.returncode == 0, shown.stderr
    assert "Blocked on Docs" in shown.stdout


def test_the_newest_session_beside_a_damaged_database_costs_one_warning(
    two: dict[str, Any],
) -> None:
    """``coord log`` without an id: the damaged database is one line naming it (not the same
    line twice, not a warning and then an error about it); since tidy49 that line is the
    error, and no other project's session is shown instead (this workspace's newest may be
    in the damaged file). ``coord resume`` without an id reads this workspace's database
    alone: its damage is the command's one error, and no other project's session is
    answered instead."""
    shown = coord("log", cwd=two["a"])
    assert shown.returncode == 4, shown.stdout
    assert two["session"] not in shown.stdout
    lines = [line for line in shown.stderr.splitlines() if str(two["damaged"]) in line]
    assert len(lines) == 1 and lines[0].startswith("error: "), shown.stderr
    resumed = coord("resume", "--context", "docs/", "--json", cwd=two["a"])
    assert resumed.returncode == 4, resumed.stdout
    assert str(two["damaged"]) in json.loads(resumed.stdout)["error"]
    assert "warning" not in resumed.stderr
    waiting = coord("sessions", "--status", "waiting", "--json", cwd=two["a"])
    assert two["session"] in waiting.stdout  # b's question is still waiting


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("run",), "error: give a request, or --batch FILE\n"),
        (("sessions", "rm"), "error: give session ids, or --older-than SPAN\n"),
    ],
)
def test_giving_neither_of_two_choices_is_not_called_giving_both(
    tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    """``coord run`` with no request and ``sessions rm`` with no id said "(not both)"."""
    proc = coord(*args, "--json", cwd=tmp_path)
    assert proc.returncode == 4
    assert expected in proc.stderr and "not both" not in proc.stderr
    assert json.loads(proc.stdout)["hint"]


def test_agents_validate_prints_each_problem_on_one_line(tmp_path: Path) -> None:
    """Each problem is one ``path:line: severity: message`` line however long (it wrapped
    at 80 columns in a pipe, breaking grep and editors' jump-to-line); "1 agent"."""
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "broken.md").write_text(
        "---\nname: broken\ndescription: [unclosed\n---\nbody\n", encoding="utf-8"
    )
    (folder / "ok.md").write_text("---\nname: ok\ndescription: Helps.\n---\nBody.\n")
    proc = coord("agents", "validate", folder, cwd=tmp_path)
    assert proc.returncode == 1
    (line,) = [line for line in proc.stdout.splitlines() if "broken.md" in line]
    assert line.endswith("skipped") and ":3: error: 'description': a [list] is not closed" in line
    assert "(the frontmatter is not valid YAML" in line and "line" not in line.split(":3:")[1]
    assert len(line) > 80
    assert proc.stdout.endswith("\n1 agent loaded, 1 error\n")  # daily70: was "1 error(s)"


def test_the_batch_table_keeps_each_request_to_one_line_in_80_columns(tmp_path: Path) -> None:
    """The README tour's batch: a request was folded over five lines in a pipe while the
    other columns kept their room; now last and clipped, one row a line, as in sessions."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    batch = tmp_path / "tasks.yaml"
    long = "Add a GET /health/db endpoint that checks the database connection"
    batch.write_text(f"- {long}\n- Add pagination to GET /users\n", encoding="utf-8")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    proc = coord(
        "run", "--batch", batch, "--agent", "backend", "--workspace", ws,
        "--agents-dir", agents, "--only", "--script", script, env={"COLUMNS": "80"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    head, *rows = proc.stdout.splitlines()
    assert head.split() == ["#", "session", "status", "agent", "tokens", "cost", "request"]
    assert len(rows) == 2 and all(len(row) <= 80 for row in rows)
    assert "Add a GET /health" in rows[0] and rows[0].rstrip().endswith("…")
    assert rows[1].rstrip().endswith("Add pagination to GET /users")


def test_a_long_blocker_wraps_under_itself_in_the_tree(tmp_path: Path) -> None:
    """``coord log``'s "Blocker:" line, wrapped in 80 columns, went on two spaces left of
    where it began (and the demo shows one); now each of its lines starts where it does."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    blocker = "Task.owner points to User, but the User model's column names are unknown " * 2
    script = {"backend": [{"text": blocked("Product", "Which column", blocker.strip())}]}
    path = write_script(tmp_path / "s.yaml", script)
    base = ("--workspace", ws, "--agents-dir", agents, "--only")
    ran = coord("run", "Add it", "--agent", "backend", *base, "--script", path, "--json")
    assert ran.returncode == 3, ran.stderr
    proc = coord("log", json.loads(ran.stdout)["session"], *base[:2], env={"COLUMNS": "80"})
    lines = proc.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "Blocker: " in line)
    column = lines[at].index("Blocker: ")
    assert lines[at + 1][:column].strip() in ("", "│") and lines[at + 1][column] != " "
    assert all(line == line.rstrip() for line in lines[at : at + 2])


@pytest.mark.parametrize(
    "args", [("log",), ("sessions", "--here"), ("stats",), ("sessions", "rm", "--older-than", "1d")]
)
def test_a_missing_workspace_is_named_as_missing(tmp_path: Path, args: tuple[str, ...]) -> None:
    """``--workspace DIR`` that does not exist: "does not exist", as ``coord run`` says, not
    "no session database at DIR/.coordinator/coordinator.db"."""
    missing = tmp_path / "nowhere"
    proc = coord(*args, "--workspace", missing, "--json", cwd=tmp_path)
    assert proc.returncode == 4
    assert json.loads(proc.stdout)["error"] == f"workspace {missing} does not exist"
    assert proc.stderr.count("error:") == 1


def test_the_agents_final_text_is_printed_as_written_not_cut_at_80_columns(
    tmp_path: Path,
) -> None:
    """``coord run … > out.md``: the agent's text (Markdown, a code line) was hard-wrapped
    at 80 columns, breaking list items and code; now each of its lines is kept whole
    (behind the gutter, tidy51)."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    code = "    result = session.execute(select(Task).options(joinedload(Task.owner))).scalar_one()"
    change = "Added TaskWithOwner response model and the get_task route (eager-loads Task.owner)"
    text = report("Complete", "Added it", changes=(change,)) + f"\n```python\n{code}\n```\n"
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": text}]})
    proc = coord(
        "run", "Add it", "--agent", "backend", "--workspace", ws, "--agents-dir", agents,
        "--only", "--script", script, env={"COLUMNS": "80"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert f"│ {code}" in lines and f"│ - {change}" in lines


@pytest.mark.parametrize(
    ("args", "help_of"),
    [
        (("run", "Add it", "--max-turns", "-1"), "coord run"),
        (("run", "Add it", "--concurrency", "abc"), "coord run"),
        (("sessions", "nope"), "coord sessions"),
        (("--bogus",), "coord"),
    ],
)
def test_a_usage_error_with_json_says_where_the_help_is(
    tmp_path: Path, args: tuple[str, ...], help_of: str
) -> None:
    """``--json`` on a bad flag or value gave ``"hint": null`` (and ``coord --bogus --json``
    no JSON at all); the hint now says what click's own message says (an unknown sub-command
    of ``coord sessions``: what ``coord sessions`` does by itself and where its help is,
    daily44)."""
    proc = coord(*args, "--json", cwd=tmp_path)
    assert proc.returncode == 4
    error = json.loads(proc.stdout)
    assert f"{help_of} --help" in error["hint"] and error["exit_code"] == 4


def test_a_failure_reason_is_one_line_in_80_columns(tmp_path: Path) -> None:
    """The result's reason (here a script that ran out of turns) was cut at 80 columns,
    mid-path; it is one line, as ``--json``'s ``reason``."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"tool_calls": [{"name": "Glob", "input": {}}]}]}
    )
    base = ("run", "Add it", "--agent", "backend", "--workspace", ws, "--agents-dir", agents)
    shown = coord(*base, "--only", "--script", script, env={"COLUMNS": "80"})
    as_json = coord(*base, "--only", "--script", script, "--json")
    assert shown.returncode == as_json.returncode == 1
    reason = json.loads(as_json.stdout)["reason"]
    assert len(reason) > 80 and reason[:60] in shown.stdout
    (line,) = [line for line in shown.stdout.splitlines() if line.startswith(reason[:60])]
    assert len(line) > 80


def test_following_a_session_that_has_stopped_says_nothing_about_following(
    tmp_path: Path,
) -> None:
    """``coord log -f`` of a finished session said "following session … until it stops…"
    and returned at once; now it shows the tree (or JSON) without that line."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    ran = coord(
        "run", "Add it", "--agent", "backend", "--workspace", ws, "--agents-dir", agents,
        "--only", "--script", script, "--json",
    )  # fmt: skip
    sid = json.loads(ran.stdout)["session"]
    for extra in ((), ("--json",)):
        proc = coord("log", sid, "-f", *extra, "--workspace", ws)
        assert proc.returncode == 0 and sid in proc.stdout
        assert "following" not in proc.stderr


def test_a_demo_folder_that_cannot_be_made_is_one_error_not_a_traceback(tmp_path: Path) -> None:
    """``coord demo --workspace DIR`` where DIR cannot be made (read-only, a full disk,
    here below a file) ended in an OSError traceback; now one line naming DIR, exit 4."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "taskboard"
    proc = coord("demo", "--workspace", target, "--json", cwd=tmp_path)
    assert proc.returncode == 4
    error = json.loads(proc.stdout)["error"]
    assert error.startswith(f"cannot copy the demo's sample project to {target}: ")
    assert proc.stderr.startswith("error: cannot copy") and "Traceback" not in proc.stderr


def test_an_answer_over_the_request_limit_is_refused_and_the_session_still_waits(
    two: dict[str, Any], tmp_path: Path
) -> None:
    """``coord resume --context-file`` read any file whole (a 10 MB answer went to the
    model; ``/dev/zero`` never ended); an answer is held to ``max_request_bytes`` as a
    request is: refused with its size, nothing resumed."""
    config = tmp_path / "user-config.yaml"
    config.write_text("max_request_bytes: 1000\n", encoding="utf-8")
    small = {"COORDINATOR_CONFIG": str(config)}
    big = tmp_path / "answer.txt"
    big.write_text("the docs/ folder " * 200, encoding="utf-8")  # 3400 bytes
    sid = two["session"]
    by_file = coord("resume", sid, "--context-file", big, "--json", env=small)
    assert by_file.returncode == 4
    assert (
        json.loads(by_file.stdout)["error"]
        == f"{big} is 3 KB (3,400 bytes), over the 1,000 bytes limit"
    )
    by_text = coord("resume", sid, "--context", big.read_text(), env=small)
    assert by_text.returncode == 4
    assert "error: the answer is 3 KB (3,400 bytes), over the 1,000 bytes limit" in by_text.stderr
    endless = coord("resume", sid, "--context-file", "/dev/zero", env=small)
    assert endless.returncode == 4 and "over the 1,000 bytes limit" in endless.stderr
    listed = coord("sessions", "--json", "--status", "waiting")
    assert sid in [s["session"] for s in json.loads(listed.stdout)]


def test_parse_reads_a_pipe_and_stops_at_an_endless_device(tmp_path: Path) -> None:
    """``coord parse <(cmd)`` (a pipe, not a regular file) said "no such file", and so did
    ``coord parse /dev/zero``; a pipe is read as a file, a device no further than 16 MB."""
    import os
    import threading

    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=(report("Complete", "Piped"),))
    writer.start()
    proc = coord("parse", fifo, "--json", cwd=tmp_path)
    # A writer still blocked opening the pipe (coord never opened it) is let go by a reader
    # that does not wait. A blocking read hung the test when the writer had written and
    # closed but its thread was not yet done (is_alive() still True): no writer came again.
    os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
    writer.join()
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"] == "Piped"
    endless = coord("parse", "/dev/zero", cwd=tmp_path)
    assert (endless.returncode, endless.stderr) == (
        4,
        "error: /dev/zero: over 16 MB, not a report\n",
    )


@pytest.mark.parametrize(
    "args",
    [
        ("run", "--batch", "/dev/zero"),
        ("run", "Add pagination to GET /users", "--script", "/dev/zero"),
        ("agents", "eval", "/dev/zero"),
    ],
)
def test_a_yaml_file_that_never_ends_is_one_error_not_a_hang(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """``coord run --batch /dev/zero`` (a batch, script or cases file read from a device
    or an endless pipe) read forever; a YAML file is read no further than 64 MB."""
    proc = coord(*args, cwd=tmp_path)
    assert proc.returncode == 4
    assert proc.stderr.startswith("error: /dev/zero: ") and "is over 64 MB" in proc.stderr


def test_log_before_any_session_says_how_to_start_one(tmp_path: Path) -> None:
    """A first ``coord log`` said "no session to show; Name one: `coord sessions` lists
    them", and ``coord sessions`` listed none: the next step is to start one."""
    proc = coord("log", "--json", cwd=tmp_path)
    assert proc.returncode == 4
    error = json.loads(proc.stdout)
    assert error["error"] == "no session to show: none was found"
    assert "coord demo" in error["hint"] and "coord run" in error["hint"]


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("run", "Add it", "--provider", "nope"), "Use one of: anthropic, scripted."),
        (("run", "Add it", "--provider", "scripted"), "Pass --script FILE (YAML)."),
        (("sessions", "--status", "nope"), "Use one of: running, complete,"),
        (("run", "Add it", "--agent", "backend"), "Set it (export ANTHROPIC_API_KEY=…), or try"),
    ],
)
def test_hints_read_as_the_others_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], hint: str
) -> None:
    """Every other hint is a sentence ("Shorten it, …", "Name one: …"); these four began
    in lower case ("set it, or try …", "use one of: …") and ended without a stop."""
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    roster = ("--agents-dir", write_agents(tmp_path / "agents"), "--only")
    proc = coord(*args, *(roster if args[0] == "run" else ()), "--json", cwd=tmp_path)
    assert proc.returncode == 4
    assert json.loads(proc.stdout)["hint"].startswith(hint)


def test_a_limit_beyond_any_integer_the_database_holds_lists_every_session(
    two: dict[str, Any],
) -> None:
    """``coord sessions --limit 100000000000000000000000`` was an OverflowError traceback
    (Python int too large to convert to SQLite INTEGER); it means every session."""
    proc = coord("sessions", "--limit", "1" + "0" * 23, "--json")
    assert proc.returncode == 0, proc.stderr
    assert two["session"] in [s["session"] for s in json.loads(proc.stdout)]


def test_a_duplicate_names_the_first_file_as_its_folder_does(tmp_path: Path) -> None:
    """``agents validate``'s duplicate-name warning began with a relative path and named
    the other file by an absolute one, which read as another place; both are the folder's."""
    folder = tmp_path / "agents"
    for sub, text in (("a", "First."), ("b", "Second.")):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "twin.md").write_text(f"---\nname: twin\ndescription: {text}\n---\nB.\n")
    proc = coord("agents", "validate", folder, cwd=tmp_path)
    (line,) = [line for line in proc.stdout.splitlines() if "duplicate" in line]
    assert line.startswith("agents/b/twin.md:1: warning: duplicate agent name 'twin'")
    assert "(already defined in a/twin.md, same folder)" in line and str(tmp_path) not in line


def test_a_store_folder_that_is_a_file_is_named(tmp_path: Path) -> None:
    """A workspace whose ``.coordinator`` is a file: "cannot open session database …
    (unable to open database file)" said nothing of why; now it names the file."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    (ws / ".coordinator").write_text("not a folder", encoding="utf-8")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    proc = coord(
        "run", "Add it", "--agent", "backend", "--workspace", ws, "--agents-dir", agents,
        "--only", "--script", script, "--json",
    )  # fmt: skip
    assert proc.returncode == 4
    assert json.loads(proc.stdout)["error"].endswith(f": {ws / '.coordinator'} is a file")


def test_route_prints_its_reason_and_matches_as_whole_lines(tmp_path: Path) -> None:
    """``coord route``'s "matched:" line (and its "why none fits", "redirected" and "also
    involves" lines) were cut at 80 columns in a pipe; each is one line (the table below
    keeps to the width). daily36: each wraps to the width between items, none cut or
    broken: the items of the wrapped lines are those of ``--json``, whole."""
    request = "Створи endpoint для задач з пагінацією, фільтрами та сортуванням по даті"
    proc = coord("route", request, cwd=tmp_path, env={"COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("matched: "))
    under = " " * len("matched: ")  # a further line: under the first item (not a title)
    further = [line[:9] == under and line[9:10].strip() != "" for line in lines]
    end = next(i for i in range(start + 1, len(lines)) if not further[i])
    assert end - start > 1 and all(len(line) <= 80 for line in lines[start:end])
    shown = " ".join(line.strip() for line in lines[start:end]).removeprefix("matched: ")
    data = json.loads(coord("route", request, "--json", cwd=tmp_path).stdout)
    assert shown == ", ".join(data["matched"])


def test_escape_sequences_an_agent_writes_never_reach_the_terminal(tmp_path: Path) -> None:
    """An agent's reply (or a tool's output, a file it read) holding ``ESC [31m`` or an
    OSC title/clipboard sequence was printed raw by ``coord run``, ``log`` and the
    progress lines: a terminal obeyed it. Each control character now shows as U+FFFD (in
    a name, as in the progress line of a tool call, escaped: ``sanitize.shown_name``)."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    text = "Done \x1b[31mRED\x1b[0m \x1b]52;c;cHduZWQ=\x1b\\ ok\n**Status:** Complete\n"
    call = {"name": "Glob", "input": {"pattern": "\x1b[2J*.py"}}
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"tool_calls": [call]}, {"text": text}]}
    )
    base = ("--workspace", ws, "--agents-dir", agents, "--only")
    ran = coord("run", "Add it", "--agent", "backend", *base, "--script", script)
    assert ran.returncode == 0, ran.stderr
    log = coord("log", "--transcript", *base[:2])
    for out in (ran.stdout, ran.stderr, log.stdout):
        assert "\x1b" not in out
    assert "Done \ufffd[31mRED\ufffd[0m \ufffd]52;c;cHduZWQ=\ufffd\\ ok" in ran.stdout
    assert 'Glob "\\x1b[2J*.py"' in ran.stderr  # the progress line: the name escaped


def test_the_console_keeps_its_own_colours_on_a_terminal() -> None:
    """Only text is cleaned: rich's styling still reaches a terminal."""
    import io

    from rich.text import Text

    from coordinator.cli.printable import PrintableConsole

    out = io.StringIO()
    PrintableConsole(file=out, force_terminal=True, color_system="standard").print(
        Text("a\x1b[2Jb", style="bold red")
    )
    shown = out.getvalue()
    assert "a\ufffd[2Jb" in shown and "\x1b[1;31m" in shown and "\x1b[2J" not in shown


def test_the_mcp_tools_hold_requests_and_answers_to_the_limit(two: dict[str, Any]) -> None:
    """``coord mcp``'s ``route`` and ``run`` took a request of any size (a 10 MB one ran)
    and ``resume`` any answer: each is held to ``max_request_bytes`` as the CLI holds it,
    with its size, before any model call."""
    import asyncio

    from coordinator.errors import UserError
    from coordinator.runtime.options import ModelChoice
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    script = write_script(two["a"].parent.parent / "m.yaml", {"backend": [{"text": "x"}]})
    b = two["a"].parent.parent / "b" / "ws"
    service = CoordinatorService(ServiceOptions(b, choice=ModelChoice("scripted", script)))
    big = "add an endpoint " * 20_000  # 320,000 bytes, over the default 256 KB
    with pytest.raises(UserError, match=r"the request is 312 KB \(320,000 bytes\), over"):
        service.route(big)
    with pytest.raises(UserError, match=r"the request is 312 KB \(320,000 bytes\), over"):
        asyncio.run(service.run(big))
    with pytest.raises(UserError, match=r"the answer is 312 KB \(320,000 bytes\), over"):
        asyncio.run(service.resume(two["session"], big))
    assert service.route("  Add an endpoint  ")["agent"] is not None
