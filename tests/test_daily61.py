"""daily61: a demanding new user's first day, the rough edges mended.

- A YAML file of the user's (a script, a batch, routing cases, a config) holding a number
  of over 4300 digits, or lists nested thousands deep, was a traceback (Python's int limit,
  the parser's recursion); now one line names the file and says why.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from cli import coord
from kit import write_agents

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
    assert message.startswith("s.yaml:3: script is not valid YAML (")
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
        ("agents:\n  a:\n    - txt: hi\n", "agents.a[0]: unknown key 'txt'; did you mean 'text'?"),
        (
            "agents:\n  a:\n    - text: hi\n      usage: {input_tokns: 3}\n",
            "agents.a[0].usage: unknown key 'input_tokns'; did you mean 'input_tokens'?",
        ),
        (  # an agent named as a turn's field is still an agent: its turns' keys are meant
            "agents:\n  usage:\n    - {text: hi, when_: x}\n",
            "agents.usage[0]: unknown key 'when_'; did you mean 'when'?",
        ),
        ("agent:\n  a: []\n", "(top level): unknown key 'agent'; did you mean 'agents'?"),
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
    from coordinator.store.history import since_epoch

    now = 1_800_000_000.0
    assert since_epoch(said, now) == pytest.approx(now - days * _DAY)


@pytest.mark.parametrize("said", ["m", "week", "a2d", "lastweek", "fortnight"])
def test_since_refuses_a_bare_unit_or_a_word_it_cannot_read(said: str) -> None:
    from coordinator.store.history import since_epoch

    with pytest.raises(UserError) as caught:  # --older-than m would delete nearly every session
        since_epoch(said, 1_800_000_000.0, flag="--older-than")
    assert caught.value.message == f"--older-than: cannot read the time '{said}'"
    assert caught.value.hint is not None and "'2 weeks ago'" in caught.value.hint


def test_an_empty_session_list_says_when_its_since_began(tmp_path: Path) -> None:
    from coordinator.store.history import since_epoch

    done = coord("sessions", "--here", "--since", "2 weeks ago", cwd=tmp_path)
    assert done.returncode == 0
    shown = re.match(r"no sessions since 2 weeks ago \((\d{4}-\d\d-\d\d \d\d:\d\d)\)", done.stdout)
    assert shown is not None, done.stdout
    began = datetime.strptime(shown[1], "%Y-%m-%d %H:%M").timestamp()  # local time, a minute's
    assert abs(began - since_epoch("2 weeks ago")) < 120
    dated = coord("sessions", "--here", "--since", "2026-11-01", cwd=tmp_path)
    assert dated.stdout.startswith("no sessions since 2026-11-01 in this workspace")
