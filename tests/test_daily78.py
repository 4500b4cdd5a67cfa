"""daily78: daily76's leftovers mended, and a sixth walk from a clean clone.

Each test failed on the start commit a964bcc1.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, report, workspace, write_script

from coordinator.errors import EXIT_USER_ERROR


def _shell_session(tmp_path: Path, *, turn_on: bool) -> tuple[str, Path]:
    """A session whose agent's first Bash call is refused (Bash off), which blocks on a
    person's answer and is resumed (with ``--allow-bash`` when ``turn_on``) to completion."""
    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "shell.md").write_text(
        "---\nname: shell\ndescription: Runs commands.\ntools: Read, Bash\n---\nYou run them.\n",
        encoding="utf-8",
    )
    echo = {"tool_calls": [{"name": "Bash", "input": {"command": "echo ran"}}]}
    ask = {"text": blocked("Product", "Allow shell commands")}
    script = write_script(
        tmp_path / "s.yaml", {"shell": [echo, ask, echo, {"text": report("Complete")}]}
    )
    args = ["--workspace", ws, "--agents-dir", agents, "--only", "--script", script]
    started = coord("run", "Run it", "--agent", "shell", *args, "--json")
    assert started.returncode == 3, started.stderr
    sid = json.loads(started.stdout)["session"]
    more = ("--allow-bash",) if turn_on else ()
    resumed = coord("resume", sid, "--context", "go", *more, cwd=ws)
    assert resumed.returncode == 0, resumed.stderr
    return sid, ws


def test_a_tree_after_a_resume_that_turned_bash_on_does_not_advise_it(tmp_path: Path) -> None:
    """daily76's leftover: the complete session's tree still said "`coord resume ID
    --allow-bash` turns it on while the session waits" after the resume that gave it."""
    sid, ws = _shell_session(tmp_path, turn_on=True)
    log = " ".join(coord("log", sid, cwd=ws).stdout.replace("│", " ").split())
    assert "--allow-bash` turns it on" not in log
    assert "Bash was off for this run until a resume gave --allow-bash" in log
    kept = json.loads(coord("log", sid, "--json", cwd=ws).stdout)
    (off,) = [e for e in kept["events"] if e["kind"] == "bash_off"]
    assert "Bash is off for this session" in off["note"]  # the stored event as it was
    (tmp_path / "off").mkdir()
    sid, ws = _shell_session(tmp_path / "off", turn_on=False)  # the last resume without it
    log = " ".join(coord("log", sid, cwd=ws).stdout.replace("│", " ").split())
    assert "--allow-bash` turns it on" not in log  # complete: no resume applies (daily81)
    assert "run the request again with `coord run --allow-bash`" in log


@pytest.mark.parametrize(
    "request_text", ["bake a chocolate cake", "our ERC-20 transfer costs way too much gas"]
)
def test_run_and_route_give_one_next_step_when_no_agent_fits(
    tmp_path: Path, request_text: str
) -> None:
    """daily76's leftover: ``coord run`` said "Choose one with --agent NAME (see `coord
    agents list`)." where ``coord route`` said "To run it anyway: coord run … --agent NAME
    (`coord agents list` names them).": one next step, in text and ``--json``, one code."""
    env = {"COLUMNS": "300"}
    routed = coord("route", request_text, cwd=tmp_path, env=env)
    ran = coord("run", request_text, cwd=tmp_path, env=env)
    assert routed.returncode == ran.returncode == EXIT_USER_ERROR
    hint = routed.stdout.splitlines()[-1]
    assert hint.startswith("To run it anyway: coord run … --agent NAME")
    assert ran.stderr.splitlines()[-1] == hint
    route_json = json.loads(coord("route", request_text, "--json", cwd=tmp_path).stdout)
    run_json = json.loads(coord("run", request_text, "--json", cwd=tmp_path).stdout)
    assert route_json["hint"] == run_json["hint"] == hint
    assert route_json["exit_code"] == run_json["exit_code"] == EXIT_USER_ERROR
    assert run_json["error"].splitlines()[0] == route_json["reason"]  # then the nearest


def test_the_tree_counts_a_runs_turns_as_its_json_does(tmp_path: Path) -> None:
    """daily76's leftover: the tree said ``4 calls`` where ``--json`` says ``"turns": 4``
    (the JSON field is the API: the tree takes its word)."""
    sid, ws = _shell_session(tmp_path, turn_on=True)
    chain = json.loads(coord("log", sid, "--json", cwd=ws).stdout)["chain"]
    tree = coord("log", sid, cwd=ws, env={"COLUMNS": "200"}).stdout
    assert f"shell  complete  {chain['turns']} turns · " in tree
    assert " calls · " not in tree


def test_an_outage_is_said_once_by_a_run_and_by_its_resume(tmp_path: Path) -> None:
    """daily76's leftover: an outage's reason was said twice, on stderr's progress line
    (``[id] interrupted: the model API kept failing …``) and in the result under the tree;
    now once, in the result, after which the command to continue it comes."""
    ws = workspace(tmp_path)
    outage = {"error": {"status": 529, "type": "overloaded_error", "message": "Overloaded"}}
    script = write_script(tmp_path / "s.yaml", {"fastapi-backend-expert": [outage]})
    agent = ("--agent", "fastapi-backend-expert")
    ran = coord("run", "Add an endpoint", *agent, "--script", script, cwd=ws)
    assert ran.returncode == 75, ran.stderr
    sid = ran.stdout.split("session ", 1)[1].split()[0]
    for done in (ran, coord("resume", sid, cwd=ws)):
        said = done.stdout + done.stderr
        assert said.count("the model API kept failing") == 1, said
        assert f"[{sid[:8]}] interrupted\n" in done.stderr
        assert f"Continue with: coord resume {sid}" in done.stdout
    # a batch's table has no reason column: its progress line keeps the outage's words
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text("- {request: Add an endpoint, agent: fastapi-backend-expert}\n", "utf-8")
    ran = coord("run", "--batch", tasks, "--script", script, cwd=ws)
    assert ran.returncode == 75, ran.stderr
    assert "interrupted: the model API kept failing" in ran.stderr


def test_eval_help_says_its_range_in_words(tmp_path: Path) -> None:
    """daily76's leftover: ``--min-accuracy PCT [0<=x<=100]`` (typer's notation); now
    ``PCT`` and "(0 to 100)" in its help, the range still refused in coord's words."""
    shown = coord("agents", "eval", "--help", env={"COLUMNS": "100"}).stdout
    assert "<=x" not in shown and "0 to 100" in " ".join(shown.replace("│", " ").split())
    assert re.search(r"--min-accuracy +PCT +Exit 1", shown), shown
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {request: add an index to the tasks table, expect: database-engineer}\n")
    ran = coord("agents", "eval", cases, "--min-accuracy", "101", cwd=tmp_path)
    assert (ran.returncode, ran.stderr.splitlines()[0]) == (
        EXIT_USER_ERROR,
        "error: --min-accuracy: must be at most 100 (got 101)",
    )


# ---- the walk ---------------------------------------------------------------------------


#: Unknown flags click guessed by their dashes (``--otel``: "did you mean --help?"), and
#: typos it still names.
_NO_GUESS = [["log", "--force"], ["log", "--verbose"], ["log", "--color"],
             ["run", "x", "--trace"], ["run", "x", "--debug"]]  # fmt: skip
_GUESSED = [(["sessions", "--statsu"], "--status"), (["sessions", "--jsn"], "--json"),
            (["run", "x", "--alow-bash"], "--allow-bash")]  # fmt: skip


def test_an_unknown_flag_is_matched_by_its_name_not_its_dashes(tmp_path: Path) -> None:
    """click guessed a flag by difflib over ``--otel`` and ``--help`` whole: the two dashes
    made "did you mean --help?" of ``coord log --otel`` (``--force``: ``--workspace``,
    ``--verbose``: ``--here``); a near spelling of a flag's name is still named."""
    for args in _NO_GUESS:
        first = coord(*args, cwd=tmp_path).stderr.splitlines()[0]
        assert "did you mean" not in first, first
    for args, guess in _GUESSED:
        first = coord(*args, cwd=tmp_path).stderr.splitlines()[0]
        assert f"; did you mean {guess}?" in first, first


def test_log_otel_without_a_session_is_one_clear_error(tmp_path: Path) -> None:
    """README: every chain is shown "as a tree (`coord log`), as JSON, and as OpenTelemetry
    traces (`--otel`)": ``coord log --otel`` sends a stored session's trace (traces90); with
    no session stored it says so in one line, as ``coord log`` does, and sends nothing."""
    ran = coord("log", "--otel", cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr.splitlines()[0] == "error: no session to show: none was found"
    assert "Traceback" not in ran.stderr


def test_sessions_rm_help_names_every_span_it_reads() -> None:
    """``--older-than`` read "30d, 12h, 90s or a date" while it takes every span
    ``--since`` names ('2 weeks ago', yesterday, 1mo): one list for both."""
    shown = " ".join(coord("sessions", "rm", "--help").stdout.replace("│", " ").split())
    since = " ".join(coord("sessions", "--help").stdout.replace("│", " ").split())
    for form in ("1w", "1mo", "'2 weeks ago'", "yesterday", "or a date"):
        assert form in shown and form in since, form


_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


@pytest.mark.parametrize("flag", ["--file", "--script", "--batch"])
def test_a_binary_file_is_not_called_utf16(tmp_path: Path, flag: str) -> None:
    """``coord run --file screenshot.png`` was told "(byte 0x00; saved as UTF-16?)" and
    "Save it as UTF-8." (any NUL read as UTF-16's); NULs on both byte parities are a binary
    file's, which no saving as UTF-8 mends."""
    given = tmp_path / "shot.png"
    given.write_bytes(_PNG + bytes(range(256)))
    request = ("Add an endpoint",) if flag == "--script" else ()
    ran = coord("run", *request, flag, given, cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    first, hint = ran.stderr.splitlines()[:2]
    assert first.startswith(f"error: {given}:"), first
    assert first.endswith("is not UTF-8 text (byte 0x00; a binary file?)"), first
    assert hint == "Name a text file, saved as UTF-8."
