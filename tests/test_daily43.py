"""daily43: rough edges a demanding new user met in the first half hour of the tour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord

from coordinator.errors import EXIT_USER_ERROR


def test_an_english_request_is_shown_the_trigger_it_wrote_not_its_twin(tmp_path: Path) -> None:
    """``coord route "Create an endpoint for tasks"`` said ``matched: trigger "Створи
    endpoint"``: the agent's English trigger and its Ukrainian twin fire on the same words
    with the same weight, and the first written won the display. The user is shown the
    one in their own language (a Ukrainian request still sees the Ukrainian one)."""
    english = coord("route", "Create an endpoint for tasks", cwd=tmp_path, env={"COLUMNS": "200"})
    assert english.returncode == 0, english.stderr
    [matched] = [line for line in english.stdout.splitlines() if line.startswith("matched: ")]
    assert matched.startswith('matched: trigger "Create an endpoint", '), matched
    assert "Створи" not in english.stdout
    review = coord("route", "Review the FastAPI code", "--json", cwd=tmp_path)
    assert json.loads(review.stdout)["matched"][0] == 'trigger "Review the FastAPI code"'
    ukrainian = coord("route", "Створи endpoint для задач", "--json", cwd=tmp_path)
    assert json.loads(ukrainian.stdout)["matched"][0] == 'trigger "Створи endpoint"'


@pytest.mark.parametrize(
    "args", [("log",), ("resume",), ("sessions", "--here"), ("stats",), ("sessions", "rm", "x")]
)
def test_a_mistyped_workspace_of_a_reading_command_is_not_told_to_create_it(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """``coord log -w ~/taskbord`` (a typo) said "or create it first: mkdir -p …": a new
    folder holds no session, so that advice leads nowhere. A command that reads a
    workspace's sessions says to check the path and where every session is listed
    (``coord run``'s hint, in test_daily18_workspace, still offers the mkdir)."""
    missing = tmp_path / "taskbord"
    done = coord(*args, "--workspace", missing, cwd=tmp_path)
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr.splitlines() == [
        f"error: workspace {missing} does not exist",
        "Check the path given to --workspace (`coord sessions` lists every workspace's "
        "sessions; `coord log ID` finds one from any folder).",
    ]
    assert not missing.exists()


@pytest.mark.parametrize("command", ["route", "run"])
def test_an_unquoted_request_is_told_to_quote_it(tmp_path: Path, command: str) -> None:
    """``coord route Add an index to users`` (the shell passes each word): click said only
    "Got unexpected extra argument(s) (an index to users)", which does not say what to do.
    The message says to quote the request, with the command to type; ``--json`` gives that
    as its hint. Nothing ran: exit 4, a user error."""
    done = coord(command, "Add", "an", "index", "to", "users", cwd=tmp_path)
    assert done.returncode == EXIT_USER_ERROR
    said = " ".join(" ".join(done.stderr.replace("│", " ").split()).split())
    assert "Unexpected extra arguments: an index to users" in said
    assert (
        "A request of several words is one argument: quote it "
        f'(coord {command} "Add an index to users").'
    ) in said
    as_json = coord(command, "Add", "the", "owner's", "$EMAIL", "--json", cwd=tmp_path)
    data = json.loads(as_json.stdout)
    assert data["error"] == "Unexpected extra arguments: the owner's $EMAIL"
    assert data["hint"] == (
        "A request of several words is one argument: quote it "
        f"(coord {command} 'Add the owner'\"'\"'s $EMAIL')."
    )


def test_other_extra_arguments_keep_click_s_message(tmp_path: Path) -> None:
    """A command that takes no request (``coord log a b``) is not told to quote one."""
    done = coord("log", "a", "b", "--json", cwd=tmp_path)
    assert done.returncode == EXIT_USER_ERROR
    assert json.loads(done.stdout)["hint"] == "Try 'coord log --help' for help."
