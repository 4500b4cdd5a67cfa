"""daily44: the rough edges the last walk left, and a CI script's first half hour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, report, waiting_on, workspace, write_agents, write_script

from coordinator.errors import EXIT_USER_ERROR
from coordinator.sanitize import secretless_url


def test_a_trigger_in_another_language_names_the_request_words_that_fired_it(
    tmp_path: Path,
) -> None:
    """``coord route "Write a Dockerfile"`` showed ``matched: trigger "Напиши Dockerfile"``
    (the agent's trigger has no English twin): an English reader was shown words they never
    wrote as the reason. The trigger is still named, with the words of the request that
    fired it; a request in the trigger's own language sees it as before."""
    english = coord("route", "Write a Dockerfile", "--json", cwd=tmp_path)
    assert english.returncode == 0, english.stderr
    decision = json.loads(english.stdout)
    assert decision["agent"] == "devops-expert"
    assert decision["matched"][0] == 'trigger "Напиши Dockerfile" (your words: write, dockerfile)'
    shown = coord("route", "Write a Dockerfile", cwd=tmp_path, env={"COLUMNS": "200"})
    assert "(your words: write, dockerfile)" in shown.stdout
    ukrainian = coord("route", "Напиши Dockerfile", "--json", cwd=tmp_path)
    assert json.loads(ukrainian.stdout)["matched"][0] == 'trigger "Напиши Dockerfile"'


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("sessions", "list"), "`coord sessions` lists the sessions by itself"),
        (("sessions", "show", "abc"), "`coord log ID` shows one session"),
        (("agents", "ls"), "`coord agents list` lists the agents"),
        (("log", "show", "abc"), "`coord log` takes the session id itself: coord log abc"),
        (("config", "show"), "`coord config` shows every setting and path by itself"),
    ],
)
def test_a_guessed_sub_command_is_told_the_command_that_does_it(
    tmp_path: Path, args: tuple[str, ...], names: str
) -> None:
    """``coord sessions list`` said only "No such command 'list'." (``coord sessions``
    lists by itself); ``coord log show ID`` said "Got unexpected extra argument(s)". The
    error names the command to type, also as ``--json``'s hint."""
    said = coord(*args, cwd=tmp_path, env={"COLUMNS": "200"})
    assert said.returncode == EXIT_USER_ERROR
    assert names in " ".join(said.stderr.split()), said.stderr
    data = json.loads(coord(*args, "--json", cwd=tmp_path).stdout)
    assert names in data["hint"] and data["exit_code"] == EXIT_USER_ERROR


def test_an_unknown_sub_command_of_a_group_lists_its_sub_commands(tmp_path: Path) -> None:
    """Past a known guess, the near spelling is named and the group's sub-commands are
    listed (daily69: on one line, as an unknown option's error says it)."""
    said = coord("agents", "lst", cwd=tmp_path, env={"COLUMNS": "200"})
    assert said.returncode == EXIT_USER_ERROR
    flat = " ".join(said.stderr.split())
    assert "did you mean list?" in flat
    assert "(`coord agents` sub-commands: list, show, validate, eval, new)" in flat


def test_a_file_that_cannot_be_read_says_what_to_do(tmp_path: Path) -> None:
    """``cannot read --script nope.yaml: No such file or directory`` said no more: a CI job
    whose working folder was not the one it thought had to guess where it was looked for.
    The hint names the folder a relative path was read from (``--json``: its ``hint``)."""
    done = coord(
        "run", "hi", "--agent", "qa-expert", "--script", "nope.yaml", "--json", cwd=tmp_path
    )
    assert done.returncode == EXIT_USER_ERROR
    data = json.loads(done.stdout)
    assert data["error"] == "cannot read --script nope.yaml: No such file or directory"
    assert data["hint"] == f"Check the path (relative to {tmp_path.resolve()})."


def test_agents_list_and_route_point_at_validate_in_the_same_words(tmp_path: Path) -> None:
    """``coord agents list`` said "`coord agents validate FILE` shows them" where ``coord
    route`` said "(coord agents validate FILE shows why)" for the same skipped file."""
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "notes.md").write_text("no frontmatter\n", encoding="utf-8")
    listed = coord("agents", "list", "--agents-dir", folder, cwd=tmp_path)
    routed = coord("route", "Add an index", "--agents-dir", folder, cwd=tmp_path)
    assert listed.stdout.splitlines()[-1].endswith(
        "`coord agents validate agents/notes.md` shows why"
    )
    assert "(coord agents validate agents/notes.md shows why)" in routed.stderr


def test_a_session_on_postgresql_looked_up_without_its_store_is_told_to_name_it(
    tmp_path: Path, pg_url: str
) -> None:
    """A session stored on PostgreSQL, looked up without ``--db URL``/``COORD_DB`` (the
    workspace's SQLite file is looked in, then the index): the hint said only to list ids
    with ``coord sessions``, which lists the SQLite ones and cannot find it either."""
    sid, ws, _ = waiting_on(tmp_path, pg_url, blocked("Payments", "the merchant id"))
    lost = coord("log", sid, cwd=ws)
    assert lost.returncode == EXIT_USER_ERROR
    assert lost.stderr.startswith(f"error: unknown session: {sid} ")
    shown = secretless_url(pg_url)  # daily74: named, as the store the user opened before
    assert (
        "found only with that store named: the same --db URL, or COORD_DB (used before:"
        f" {shown})." in " ".join(lost.stderr.split())
    )
    found = coord("log", sid, "--db", pg_url, cwd=ws)
    assert found.returncode == 0, found.stderr


# ---- Part 2: a CI script that runs chains and resumes them after a blocker -----------------


def _waiting_for(tmp_path: Path, answer: str) -> tuple[str, Path]:
    """A session (this workspace's SQLite store) waiting for a person's answer, whose agent
    completes once the answer holds ``answer``: its id and workspace."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    ask = {"text": blocked("Payments", "the merchant id")}
    done = {"expect": answer, "text": report("Complete", "Charged")}
    script = write_script(tmp_path / "s.yaml", {"backend": [ask, done]})
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir", agents,
        "--only", "--script", script, "--json",
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    return str(json.loads(ran.stdout)["session"]), ws


def test_an_answer_piped_to_context_dash_is_read_from_standard_input(tmp_path: Path) -> None:
    """``echo ANSWER | coord resume ID --context -`` resumed the agent with the answer "-"
    (``coord run -`` and ``--context-file -`` read standard input; ``--context -`` took the
    dash as written): the question was spent on nothing and the chain went on without it.
    It reads standard input, as the other two do."""
    sid, ws = _waiting_for(tmp_path, "merchant 42")
    done = coord("resume", sid, "--context", "-", "--json", cwd=ws, stdin="merchant 42\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "complete"
    log = json.loads(coord("log", sid, "--json", cwd=ws).stdout)
    [resumed] = [e for e in log["events"] if e["kind"] == "resumed"]
    assert resumed["answer"].strip() == "merchant 42"


@pytest.mark.parametrize("status", ["complete", "failed"])
def test_a_resume_of_an_ended_session_gives_its_status_to_a_script(
    tmp_path: Path, status: str
) -> None:
    """A CI job that resumes again (its first resume's output lost, a retried step) got
    ``{"error", "hint", "exit_code": 4}`` for a session that had completed: the same as a
    typo, told apart only by the words. The JSON names the session and its status; since
    ops103 the command exits with that status's code and says ``already_ended``."""
    answer = "merchant 42"
    sid, ws = _waiting_for(tmp_path, "merchant 42")
    if status == "failed":  # the model refuses (a script's mismatch is resumable: daily62)
        ask = {"text": blocked("Payments", "the merchant id")}
        refusal = {"text": "No.", "stop_reason": "refusal"}
        write_script(tmp_path / "s.yaml", {"backend": [ask, refusal]})
    first = coord("resume", sid, "--context", answer, "--json", cwd=ws)
    assert json.loads(first.stdout)["status"] == status
    again = coord("resume", sid, "--context", answer, "--json", cwd=ws)
    assert again.returncode == {"complete": 0, "failed": 1}[status], again.stderr
    refused = json.loads(again.stdout)
    assert (refused["session"], refused["status"]) == (sid, status)
    assert refused["already_ended"] is True and "error" not in refused
    assert f"session {sid} had already ended: {status} at " in again.stderr
