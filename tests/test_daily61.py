"""daily61: a demanding new user's first day, the rough edges mended.

- A YAML file of the user's (a script, a batch, routing cases, a config) holding a number
  of over 4300 digits, or lists nested thousands deep, was a traceback (Python's int limit,
  the parser's recursion); now one line names the file and says why.
- A misspelt key of a script (``txt:``) or of a routing case (``expct:``), or ``--status
  waitng``, named no key or status meant.
- ``--since "a week ago"``, ``"last 3 days"``, ``"1 month"`` were refused; an empty list
  with ``--since`` says when the span began.
- ``coord run --detach`` (and a resume that queues) on a PostgreSQL store said a running
  worker "takes it at once" counting every live worker, also those whose
  ``--workspace-root`` does not hold the session's workspace (they never take it): each
  worker records its roots beside its row, and the note counts only those that take it.
- An agent file listing a tool twice was warned of twice; ``model: [a, b]`` said "model must
  be text" where the other fields say "frontmatter 'description' must be text, not int".
- ``coord resume ID`` without an answer, of a session waiting for a person that still no
  agent can answer, closed the question as retried and asked it again: a new question id
  (a script's ``--question`` then failed with exit 6) and one more node in the tree each
  time. It now waits on the same question.
"""

from __future__ import annotations

import json
import re
import signal
from datetime import datetime
from pathlib import Path

import pytest
from cli import coord, spawn, worker_ready
from kit import blocked, report, waiting_run, workspace, write_agents, write_script

from coordinator.errors import EXIT_USER_ERROR, UserError
from coordinator.yamlfile import parse_yaml

_HUGE_NUMBER = "- " + "1" * 5000 + "\n"
_DEEP = "- " + "[" * 20000 + "]" * 20000 + "\n"


@pytest.mark.parametrize(
    ("text", "why"), [(_HUGE_NUMBER, "a number too large to read"), (_DEEP, "nested too deeply")]
)
def test_a_yaml_file_python_cannot_hold_is_a_user_error_naming_it(text: str, why: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_yaml(text, Path("tasks.yaml"), "batch file")
    assert str(caught.value) == f"tasks.yaml: batch file is not valid YAML ({why})"


def test_a_syntax_error_says_what_yaml_found_wrong_on_its_line() -> None:
    with pytest.raises(UserError) as caught:
        parse_yaml("agents:\n  x: [\n", Path("s.yaml"), "script")
    message = str(caught.value)
    assert message.startswith("s.yaml:2: script is not valid YAML (")  # its last (daily72)
    assert message.endswith(")") and "expected" in message


@pytest.mark.parametrize(
    "args", [("run", "--batch", "tasks.yaml"), ("agents", "eval", "tasks.yaml")]
)
def test_the_commands_reading_such_a_file_exit_4_with_one_line(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    agents = write_agents(tmp_path / "agents")
    (tmp_path / "tasks.yaml").write_text(_HUGE_NUMBER, encoding="utf-8")
    done = coord(*args, "--agents-dir", agents, "--only", cwd=tmp_path)
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr.splitlines()[0] == (
        "error: tasks.yaml: batch file is not valid YAML (a number too large to read)"
        if args[0] == "run"
        else "error: tasks.yaml: the cases file is not valid YAML (a number too large to read)"
    )
    assert "Traceback" not in done.stderr + done.stdout


# ---- a misspelt key of a script, a misspelt --status: the word meant --------------------


@pytest.mark.parametrize(
    ("script", "said"),
    [
        ("agents:\n  a:\n    - txt: hi\n", "agents.a[0]: unknown key 'txt'; did you mean text?"),
        (
            "agents:\n  a:\n    - text: hi\n      usage: {input_tokns: 3}\n",
            "agents.a[0].usage: unknown key 'input_tokns'; did you mean input_tokens?",
        ),
        (  # an agent named as a turn's field is still an agent: its turns' keys are meant
            "agents:\n  usage:\n    - {text: hi, when_: x}\n",
            "agents.usage[0]: unknown key 'when_'; did you mean when?",
        ),
        ("agent:\n  a: []\n", "(top level): unknown key 'agent'; did you mean agents?"),
        ("agents:\n  a:\n    - {text: hi, zzz: 1}\n", "agents.a[0]: unknown key 'zzz'"),
    ],
)
def test_a_misspelt_script_key_is_named_with_the_key_meant(
    tmp_path: Path, script: str, said: str
) -> None:
    from coordinator.providers.script import load_script

    (tmp_path / "s.yaml").write_text(script, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_script(tmp_path / "s.yaml")
    assert str(caught.value).split(": ", 1)[1] == said


@pytest.mark.parametrize(
    ("given", "meant"),
    [("waitng", "waiting"), ("Complet", "complete"), ("needs-reviw", "needs_review")],
)
def test_a_misspelt_status_filter_names_the_status_meant(given: str, meant: str) -> None:
    from coordinator.runtime.lookup import SessionFilter

    with pytest.raises(UserError) as caught:
        SessionFilter(status=given).query()
    assert caught.value.message == f"--status: unknown status '{given}'; did you mean {meant}?"
    assert caught.value.hint is not None and "waiting" in caught.value.hint


# ---- --since as people say it; an empty list says when the span began ---------------------

_DAY = 86400.0


@pytest.mark.parametrize(
    ("said", "days"),
    [
        ("a week ago", 7),
        ("an hour ago", 1 / 24),
        ("last week", 7),
        ("Last 3 days", 3),
        ("past hour", 1 / 24),
        ("1 month", 30),
        ("3mo", 90),
        ("2 months ago", 60),
        ("2 weeks ago", 14),
    ],
)
def test_since_reads_the_spans_people_write(said: str, days: float) -> None:
    from coordinator.store.time_words import since_epoch

    now = 1_800_000_000.0
    assert since_epoch(said, now) == pytest.approx(now - days * _DAY)


@pytest.mark.parametrize("said", ["m", "week", "a2d", "lastweek", "fortnight"])
def test_since_refuses_a_bare_unit_or_a_word_it_cannot_read(said: str) -> None:
    from coordinator.store.time_words import since_epoch

    with pytest.raises(UserError) as caught:  # --older-than m would delete nearly every session
        since_epoch(said, 1_800_000_000.0, flag="--older-than")
    assert caught.value.message == f"--older-than: cannot read the time '{said}'"
    assert caught.value.hint is not None and "'2 weeks ago'" in caught.value.hint


def test_an_empty_session_list_says_when_its_since_began(tmp_path: Path) -> None:
    from coordinator.store.time_words import since_epoch

    done = coord("sessions", "--here", "--since", "2 weeks ago", cwd=tmp_path)
    assert done.returncode == 0
    shown = re.match(r"no sessions since 2 weeks ago \((\d{4}-\d\d-\d\d \d\d:\d\d)\)", done.stdout)
    assert shown is not None, done.stdout
    began = datetime.strptime(shown[1], "%Y-%m-%d %H:%M").timestamp()  # local time, a minute's
    assert abs(began - since_epoch("2 weeks ago")) < 120
    dated = coord("sessions", "--here", "--since", "2026-11-01", cwd=tmp_path)
    assert dated.stdout.startswith("no sessions since 2026-11-01 in this workspace")


# ---- a queued session's note counts only the workers that would take it -----------------


def _detached_note(tmp_path: Path, url: str, ws: Path, agents: Path, script: Path) -> str:
    queued = coord(
        "run", "Add a task endpoint", "--agent", "backend", "--workspace", ws, "--db", url,
        "--agents-dir", agents, "--only", "--script", script, "--detach",
    )  # fmt: skip
    assert queued.returncode == 0, queued.stderr
    return " ".join(queued.stderr.split())


def test_a_detached_run_counts_only_the_live_workers_whose_roots_hold_it(
    tmp_path: Path, pg_url: str
) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "roots").mkdir()
    ws, agents = workspace(tmp_path / "roots"), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    workers = [spawn("worker", "--db", pg_url, "--workspace-root", tmp_path / "elsewhere")]
    try:
        worker_ready(workers[0])
        said = _detached_note(tmp_path, pg_url, ws, agents, script)
        assert (
            "(1 worker sent a heartbeat in the last 5 s, but none has a --workspace-root"
            " holding it, so nothing drives it yet)" in said
        ), said
        workers.append(spawn("worker", "--db", pg_url, "--workspace-root", tmp_path / "roots"))
        worker_ready(workers[1])
        said = _detached_note(tmp_path, pg_url, ws, agents, script)
        assert "takes it at once (1 worker sent a heartbeat in the last 5 s, the latest " in said
    finally:
        for proc in workers:
            proc.send_signal(signal.SIGTERM)
        for proc in workers:
            proc.wait(timeout=120)  # a safety net: SIGTERM ends it once its sessions stop


# ---- an agent file's tools listed twice, a model that is no text --------------------------


def test_a_tool_listed_twice_is_warned_of_once(tmp_path: Path) -> None:
    from coordinator.roster.loader import load_registry

    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "orc.md").write_text(
        "---\nname: orc\ndescription: Plans the work.\n"
        "tools: Read, subagent-catalog, Raed, subagent-catalog, Raed\n---\nYou plan.\n",
        encoding="utf-8",
    )
    registry = load_registry([folder], only=True)
    said = [p.message for p in registry.problems]
    assert said == [
        "tools: 'subagent-catalog' is no tool coord or Claude Code has (ignored)",
        "tools: 'Raed' is no tool coord or Claude Code has; did you mean Read? (ignored)",
    ]


def test_a_model_that_is_no_text_is_named_as_the_other_fields_are(tmp_path: Path) -> None:
    from coordinator.roster.loader import load_registry

    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "typed.md").write_text(
        "---\nname: typed\ndescription: Types.\nmodel: [a, b]\n---\nYou type.\n", encoding="utf-8"
    )
    (problem,) = load_registry([folder], only=True).skipped
    assert (problem.line, problem.message) == (
        4,
        "frontmatter 'model' must be text, not list; file skipped",
    )


# ---- a bare resume of a question only a person answers keeps that question ---------------


def test_a_resume_without_an_answer_keeps_the_question_a_person_must_answer(
    tmp_path: Path,
) -> None:
    """``coord resume ID`` (no --context) of a session waiting for a person, where still no
    agent answers: it waits on the same question, whose id a script's ``--question`` names,
    and the tree shows it once (it was closed as retried and asked again, a node each)."""
    sid, ws, ran = waiting_run(
        tmp_path, blocked("Payments", "Which merchant id"), report("Complete")
    )
    qid = ran["question"]["id"]
    for _ in range(2):
        again = coord("resume", sid, "--json", cwd=ws)
        assert again.returncode == 3, again.stderr
        assert json.loads(again.stdout)["question"]["id"] == qid
    tree = coord("log", sid, cwd=ws).stdout
    assert tree.count("Blocked on Payments") == 1, tree
    assert "asked again on resume" not in tree
    answered = coord("resume", sid, "--question", str(qid), "--context", "merchant 42", cwd=ws)
    assert answered.returncode == 0, answered.stderr


def test_a_misspelt_key_of_a_routing_case_names_the_key_meant(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        "- {request: Add an endpoint, expect: backend}\n- {request: x, expct: none, zzz: 1}\n",
        encoding="utf-8",
    )
    done = coord("agents", "eval", "c.yaml", cwd=tmp_path)
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr.splitlines()[0] == (
        "error: c.yaml:2: entry 2: unknown keys 'expct' and 'zzz'; did you mean expect for expct?"
    )
