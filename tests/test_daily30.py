"""daily30: rough edges a demanding daily user of ``coord`` met, each checked where the user
meets it (the command's output and exit code)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import workspace, write_agents

from coordinator.errors import UserError


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    return {"tmp": tmp_path, "ws": workspace(tmp_path), "agents": write_agents(tmp_path / "a")}


# ---- a number below its flag's range: the flag, the range and the value -----------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--concurrency", "0"], "error: --concurrency: must be at least 1 (got 0)"),
        (["--concurrency", "-3"], "error: --concurrency: must be at least 1 (got -3)"),
        (["--workers", "0"], "error: --workers: must be at least 1 (got 0)"),
    ],
)
def test_a_batch_flag_below_its_range_is_named_with_the_range(
    setup: dict[str, Any], args: list[str], message: str
) -> None:
    batch = setup["tmp"] / "b.yaml"
    batch.write_text("- Add an endpoint\n", encoding="utf-8")
    ran = coord("run", "--batch", batch, "--workspace", setup["ws"], *args)
    assert ran.returncode == 4
    assert ran.stderr.splitlines() == [message]  # one line: no pydantic wording


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--concurrency", "0"], "--concurrency: must be at least 1 (got 0)"),
        (["--lease", "0.2"], "--lease: must be at least 0.5 seconds (got 0.2)"),
        (["--poll", "0"], "--poll: must be above 0 seconds (got 0)"),
        (["--poll", "nan"], "--poll: must be a number (got nan)"),
        (["--lease", "inf"], "--lease: must be a finite number of seconds (got inf)"),
    ],
)
def test_a_worker_flag_out_of_range_is_the_one_named(args: list[str], message: str) -> None:
    ran = coord("worker", "--db", "postgresql://nowhere.invalid/db", *args)
    assert ran.returncode == 4
    assert ran.stderr.splitlines() == [f"error: {message}"]  # not all three flags at once


def test_a_setting_below_its_range_says_the_range_and_the_value(tmp_path: Path) -> None:
    from coordinator.config import load_settings

    config = tmp_path / "outside" / "c.yaml"
    config.parent.mkdir()
    ws = workspace(tmp_path)
    for text, reason in [
        ("max_turns: 0\n", "'max_turns': must be at least 1 (got 0)"),
        ("db_timeout: .nan\n", "'db_timeout': must be a number (got nan)"),  # was accepted
    ]:
        config.write_text(text, encoding="utf-8")
        with pytest.raises(UserError) as caught:
            load_settings(ws, config)
        assert caught.value.message == f"{config}:1: invalid setting {reason}"


# ---- --since / --older-than: a span or date that selects nothing (or everything) ---------


@pytest.mark.parametrize(
    ("command", "value", "message"),
    [
        (["sessions", "--since"], "0d", "error: --since: '0d' is no time at all"),
        (["stats", "--since"], "0m", "error: --since: '0m' is no time at all"),
        (["sessions", "--since"], "-1d", "error: --since: '-1d' is a negative span"),
        (["stats", "--since"], "-3h", "error: --since: '-3h' is a negative span"),
        (["sessions", "--since"], "2999-01-01", "error: --since: '2999-01-01' is in the future"),
        (["sessions", "--since"], "", "error: --since: cannot read the time ''"),
        (["sessions", "rm", "--older-than"], "-2d", "error: --older-than: '-2d' is a negative"),
        (
            ["sessions", "rm", "--older-than"],
            "2999-01-01",
            "error: --older-than: '2999-01-01' is in the future",
        ),
    ],
)
def test_a_meaningless_span_or_date_is_refused_naming_the_flag(
    setup: dict[str, Any], command: list[str], value: str, message: str
) -> None:
    ran = coord(*command, f"{value}", "--workspace", setup["ws"])
    assert ran.returncode == 4
    assert ran.stderr.splitlines()[0].startswith(message), ran.stderr


def test_sessions_rm_older_than_a_future_date_removes_nothing(setup: dict[str, Any]) -> None:
    from kit import report, write_script

    done = write_script(setup["tmp"] / "s.yaml", {"backend": [{"text": report("Complete")}]})
    base = ["--workspace", setup["ws"], "--agents-dir", setup["agents"], "--only"]
    assert coord("run", "Add an endpoint", *base, "--script", done).returncode == 0
    here = {"cwd": setup["ws"]}
    assert coord("sessions", "rm", "--older-than", "2999-01-01", "--here", **here).returncode
    assert len(json.loads(coord("sessions", "--here", "--json", **here).stdout)) == 1
    everything = coord("sessions", "rm", "--older-than", "0m", "--here", **here)  # on purpose
    assert "removed 1 session" in everything.stdout


def test_the_useful_spans_and_dates_still_select() -> None:
    from datetime import datetime

    from coordinator.store.time_words import since_epoch

    now = datetime(2026, 12, 3, 12, 0).timestamp()
    assert since_epoch("2d", now) == now - 2 * 86400
    assert since_epoch(" 30m ", now) == now - 1800
    assert since_epoch("2026-12-03", now) == datetime(2026, 12, 3).timestamp()  # today
    assert since_epoch("1999-01-01", now) == datetime(1999, 1, 1).timestamp()
    assert since_epoch("2026-12-03T12:00", now) == now  # now itself is no future
    with pytest.raises(UserError, match=r"^--older-than: '2026-12-03T12:01' is in the future"):
        since_epoch("2026-12-03T12:01", now, flag="--older-than")


# ---- --base-url beside a script: refused, as --script beside --provider anthropic --------


def test_base_url_beside_a_script_is_refused_not_ignored(setup: dict[str, Any]) -> None:
    from kit import report, write_script

    done = write_script(setup["tmp"] / "s.yaml", {"backend": [{"text": report("Complete")}]})
    base = ["--workspace", setup["ws"], "--agents-dir", setup["agents"], "--only"]
    url = ["--base-url", "http://127.0.0.1:9/"]
    ran = coord("run", "Add an endpoint", *base, "--script", done, *url, "--json")
    assert ran.returncode == 4
    error = json.loads(ran.stdout)
    assert error["error"] == (
        "--base-url is for the anthropic provider, not the scripted one (--script)"
    )
    assert "Drop --base-url" in error["hint"]
    assert not (setup["ws"] / ".coordinator" / "coordinator.db").exists()  # nothing started


def test_a_scripted_session_resumed_with_base_url_is_refused(setup: dict[str, Any]) -> None:
    from kit import blocked, write_script

    waits = write_script(
        setup["tmp"] / "w.yaml", {"backend": [{"text": blocked("Product", "Which field")}]}
    )
    base = ["--workspace", setup["ws"], "--agents-dir", setup["agents"], "--only"]
    asked = coord("run", "Expose a field", *base, "--script", waits, "--agent", "backend")
    assert asked.returncode == 3, asked.stderr
    resumed = coord(
        "resume", "--context", "email", "--base-url", "http://127.0.0.1:9/", cwd=setup["ws"]
    )
    assert resumed.returncode == 4
    assert resumed.stderr.startswith("error: --base-url is for the anthropic provider")
    assert "add --provider anthropic" in resumed.stderr


# ---- coord sessions --agent NAME: a name nobody has is a typo, not "no sessions" ----------


@pytest.fixture
def routed(setup: dict[str, Any]) -> Path:
    """The workspace, its project agents TEAM's, one complete session of ``backend``."""
    from kit import report, write_script

    ws = setup["ws"]
    write_agents(ws / ".claude" / "agents")
    done = write_script(setup["tmp"] / "s.yaml", {"backend": [{"text": report("Complete")}]})
    ran = coord("run", "Add an endpoint", "--script", done, "--agent", "backend", cwd=ws)
    assert ran.returncode == 0, ran.stderr
    return ws


def test_sessions_of_an_unknown_agent_name_it_with_the_close_names(routed: Path) -> None:
    ran = coord("sessions", "--agent", "backnd", "--here", cwd=routed)
    assert ran.returncode == 4
    assert ran.stderr.splitlines() == [
        "error: unknown agent: backnd (it ran in no session, and no agent of the roster has"
        " that name); did you mean backend?",  # daily70: on its line
        "`coord agents list` names the roster; `coord sessions` shows each session's agent.",
    ]
    nothing = coord("sessions", "--agent", "zzz", "--json", cwd=routed)  # every workspace's
    assert json.loads(nothing.stdout)["error"].startswith("unknown agent: zzz")


def test_a_known_agent_with_no_sessions_keeps_no_sessions(routed: Path) -> None:
    roster_only = coord("sessions", "--agent", "dba", "--here", cwd=routed)  # no session yet
    here = f" in this workspace ({routed}); `coord sessions` shows every workspace's\n"
    assert (roster_only.returncode, roster_only.stdout) == (0, f"no sessions where dba ran{here}")
    (routed / ".claude" / "agents" / "backend.md").unlink()  # only its sessions know it now
    other = coord("sessions", "--agent", "backend", "--status", "failed", "--here", cwd=routed)
    said = f"no sessions with status failed, where backend ran{here}"
    assert (other.returncode, other.stdout) == (0, said)


def test_sessions_of_an_agent_by_its_display_name(routed: Path) -> None:
    ran = coord("sessions", "--agent", "Backend", "--here", "--json", cwd=routed)
    assert [s["agent"] for s in json.loads(ran.stdout)] == ["backend"]


# ---- a background run's pid file: its process by pid and start time; stale ones go --------


def _ended_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    return ended.pid


def test_a_reused_pid_is_not_the_background_run(tmp_path: Path) -> None:
    from coordinator.runtime import background

    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)  # fmt: skip
    try:
        started = background.start_time(other.pid)
        assert started is not None and started.isdigit()
        run = background.BackgroundRun("0123456789ab", other.pid, tmp_path / "bg.log", started)
        assert run.alive()
        reused = background.BackgroundRun("0123456789ab", other.pid, tmp_path / "bg.log", "1")
        assert not reused.alive()  # the pid is another process's now
    finally:
        other.communicate(b"")


def test_coord_log_of_a_run_whose_pid_was_reused_says_it_ended(routed: Path) -> None:
    from coordinator.runtime import background

    log = routed / ".coordinator" / "background" / "1.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("error: the roster could not be read\n", encoding="utf-8")
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)  # fmt: skip
    try:  # the run's pid, given since to another process (it started at another time)
        background.pid_file(routed, "0123456789ab").write_text(
            f"{other.pid}\n{log}\n1\n", encoding="utf-8"
        )
        ran = coord("log", "-f", "0123456789ab", cwd=routed)  # it waited 30 s for it
    finally:
        other.communicate(b"")
    assert ran.returncode == 4
    assert ran.stderr.startswith(
        f"error: session 0123456789ab: its background run (process {other.pid}) ended without"
        " storing it: error: the roster could not be read"
    )
    assert not background.pid_file(routed, "0123456789ab").exists()  # told once: it goes
    assert log.exists()  # what it wrote stays


def test_a_crashed_runs_pid_file_goes_once_its_session_is_stored(routed: Path) -> None:
    from coordinator.runtime import background

    (sid,) = [s["session"] for s in json.loads(coord("sessions", "--json", cwd=routed).stdout)]
    folder = routed / ".coordinator" / "background"
    folder.mkdir(parents=True, exist_ok=True)
    background.record(routed, sid, _ended_pid(), folder / "1.log")  # stored, then crashed
    background.record(routed, "0123456789ab", _ended_pid(), folder / "2.log")  # never stored
    live = background.pid_file(routed, "ba9876543210")
    live.write_text(f"{os.getpid()}\n{folder / '3.log'}\n", encoding="utf-8")  # still runs
    listed = coord("sessions", "--here", "--json", cwd=routed)
    assert [s["status"] for s in json.loads(listed.stdout)] == ["complete"]
    assert sorted(p.stem for p in folder.glob("*.pid")) == ["0123456789ab", "ba9876543210"]
    followed = coord("log", "-f", sid, cwd=routed)  # ended: shown at once, as any other
    assert followed.returncode == 0 and "backend" in followed.stdout


# ---- a batch file's bad item: its line, as any file's bad field ---------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "# this week\n- Add login\n\n- {request: Add logout, agnt: backend}\n",
            "b.yaml:4: item 2 must be a request string or {request: TEXT, agent: NAME};"
            " unknown key 'agnt'; did you mean agent?",
        ),
        ("- Add login\n-\n", "b.yaml:2: item 2 must be a request string or"),
        ("- Add login\n- >\n  folded\n- '  '\n", "b.yaml:4: item 3 must be"),
    ],
)
def test_a_bad_batch_item_is_named_with_its_line(
    setup: dict[str, Any], text: str, message: str
) -> None:
    batch = setup["tmp"] / "b.yaml"
    batch.write_text(text, encoding="utf-8")
    ran = coord("run", "--batch", "b.yaml", "--workspace", setup["ws"], cwd=setup["tmp"])
    assert ran.returncode == 4
    assert ran.stderr.startswith(f"error: {message}"), ran.stderr
    assert len(ran.stderr.splitlines()) == 1


# ---- coord agents eval: a cases file's typo is said, not scored ---------------------------


def test_an_unknown_key_in_a_case_is_refused_with_its_line(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- request: Add a FastAPI endpoint\n  expect: fastapi-backend-expert\n"
        "- request: Add a users table and show it in React\n  expect: database-engineer\n"
        "  aslo: react-frontend-expert\n",
        encoding="utf-8",
    )  # the misspelt 'also' was ignored: no also score, and no word of it
    ran = coord("agents", "eval", cases, cwd=tmp_path)
    assert ran.returncode == 4
    assert ran.stderr.splitlines() == [
        f"error: {cases}:3: entry 2: unknown key 'aslo'; did you mean also?",
        "A case has request, expect and, optionally, also.",
    ]


def test_an_expected_agent_not_in_the_roster_is_named_with_the_close_one(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {request: Add a FastAPI endpoint, expect: fastapi-backend-expret}\n")
    ran = coord("agents", "eval", cases, "--json", cwd=tmp_path)
    assert json.loads(ran.stdout)["warnings"] == [
        f"{cases}:1: entry 1: expected agent not in the roster: fastapi-backend-expret"
        "; did you mean fastapi-backend-expert?"
    ]


# ---- coord agents new: how to try an agent the roster does not read; what it hides --------


def test_a_new_agent_outside_the_roster_is_tried_with_its_folder(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    made = coord(
        "agents", "new", "payments", "--domain", "Payments", "--trigger", "stripe checkout",
        "--dir", tmp_path / "mine", cwd=ws,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "mine"
    assert made.stdout.splitlines()[1] == (
        f"Try it: coord route 'stripe checkout' --agents-dir {folder}"
        f"   ·   coord agents show payments --agents-dir {folder}"
    )  # without the folder, route found no specialist and show no agent
    routed = coord("route", "stripe checkout", "--agents-dir", folder, "--json", cwd=ws)
    assert json.loads(routed.stdout)["agent"] == "payments"
    here = coord("agents", "new", "refunds", "--domain", "Payments", "-t", "refund", cwd=ws)
    assert here.stdout.splitlines()[1] == (
        "Try it: coord route refund   ·   coord agents show refunds"
    )  # the project's folder: the roster reads it


def test_a_new_agent_named_as_a_bundled_one_says_it_hides_it(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    made = coord("agents", "new", "database-engineer", "--domain", "Data", "-t", "postgres", cwd=ws)
    assert made.returncode == 0, made.stderr
    (note,) = made.stderr.splitlines()
    assert note.startswith("note: database-engineer now hides the bundled agent of that name (")


# ---- coord resume in another folder: the session the user meant, named --------------------


def test_resume_where_none_waits_names_the_newest_elsewhere(setup: dict[str, Any]) -> None:
    from kit import blocked, write_script

    waits = write_script(setup["tmp"] / "w.yaml", {"backend": [{"text": blocked("Product", "Q")}]})
    base = ["--workspace", setup["ws"], "--agents-dir", setup["agents"], "--only"]
    asked = coord("run", "Expose a field", *base, "--script", waits, "--agent", "backend")
    assert asked.returncode == 3, asked.stderr
    (sid,) = [s["session"] for s in json.loads(coord("sessions", "--json").stdout)]
    above = setup["tmp"]  # one folder up from the project, as a user often is
    ran = coord("resume", cwd=above)
    assert ran.returncode == 4
    assert ran.stderr.splitlines() == [
        f"error: no waiting or interrupted session to resume in this workspace ({above})",
        f'The newest waiting one is in {setup["ws"]}: coord resume {sid} [--context "…"]'
        " (`coord sessions` lists every workspace's).",
    ]
    empty = Path(setup["tmp"]) / "nothing-anywhere"
    empty.mkdir()
    coord("sessions", "rm", sid)
    none = coord("resume", cwd=empty)
    assert none.stderr.splitlines()[1] == (
        "Name one: `coord sessions` lists every workspace's (coord resume ID)."
    )  # nothing elsewhere either: as before


# ---- a flag's value as a user types it ---------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["sessions", "--limit", "abc"],
            "--limit: 'abc' is not a whole number",
        ),
        (
            ["sessions", "--limit", "2.5"],
            "--limit: '2.5' is not a whole number",
        ),
        (["worker", "--poll", "soon"], "--poll: 'soon' is not a number"),
    ],
)
def test_a_number_flag_given_no_number_says_so_in_words(args: list[str], said: str) -> None:
    ran = coord(*args)
    assert ran.returncode == 4  # a usage error is a user error
    assert said in " ".join(ran.stderr.replace("│", " ").split())
    assert "Input should be" not in ran.stderr  # pydantic's wording


def test_a_status_is_found_as_coord_shows_it(routed: Path) -> None:
    for spelt in ("complete", "Complete", " COMPLETE "):
        ran = coord("sessions", "--status", spelt, "--here", "--json", cwd=routed)
        assert [s["status"] for s in json.loads(ran.stdout)] == ["complete"], spelt
    shown = coord("sessions", "--status", "needs review", "--here", cwd=routed)  # as shown
    assert shown.returncode == 0  # said as shown (tidy51), not as stored (needs_review)
    assert shown.stdout.startswith("no sessions with status needs review in this workspace")
    dashed = coord("sessions", "--status", "needs-review", "--here", cwd=routed)
    assert dashed.returncode == 0


def test_an_unknown_agent_suggests_the_agent_whose_name_holds_it(tmp_path: Path) -> None:
    ran = coord("agents", "show", "backend", cwd=tmp_path)  # the bundled roster
    assert ran.returncode == 4
    assert ran.stderr.splitlines() == [
        "error: unknown agent: backend; did you mean fastapi-backend-expert?",  # daily70
        "See `coord agents list`.",
    ]


def test_the_mcp_sessions_tool_takes_a_status_as_shown(routed: Path) -> None:
    from coordinator.serve.service import CoordinatorService, ServiceOptions
    from coordinator.status import as_stored

    assert as_stored(" Needs-Review ") == as_stored("needs review") == "needs_review"
    service = CoordinatorService(ServiceOptions(routed))
    assert [s["status"] for s in service.sessions("Complete")] == ["complete"]
    assert service.sessions("needs review") == []
    with pytest.raises(UserError, match="unknown status 'lost'"):
        service.sessions("lost")


# ---- an interrupted batch's --json says how to continue, as a single run's does ------------


def test_an_interrupted_batch_json_has_a_hint_as_a_run_has() -> None:
    from coordinator.runtime.batch import BatchStopped
    from coordinator.runtime.drive import Interrupted

    single = Interrupted("0123456789ab").to_json()
    stopped = BatchStopped(["0123456789ab", "ba9876543210"]).to_json()
    # status, exit_code, hint (a batch's sessions each resume with `coord resume ID`)
    per_session = {"session", "resume", "agent", "reason", "question", "waiting_for"}
    assert set(single) - per_session <= set(stopped)
    assert stopped["hint"] == (
        "Resume each with `coord resume ID`; requests not started were not run."
    )
    assert stopped["sessions"] == ["0123456789ab", "ba9876543210"]
    assert "No session" in BatchStopped([], terminated=True).to_json()["hint"]


def test_a_valid_cases_or_batch_file_is_read_without_looking_for_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding an item's line composes the whole file again: done for every item, a file of
    250 cases took 2 s (quadratic), so it is done only for the item an error names."""
    from coordinator.routing import evaluate
    from coordinator.runtime import batch

    def composed(text: str, index: int) -> int | None:
        raise AssertionError("an item's line looked for with nothing to report")

    monkeypatch.setattr(evaluate, "item_line", composed)
    monkeypatch.setattr(batch, "item_line", composed)
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {request: Add an endpoint, expect: fastapi-backend-expert}\n" * 50)
    assert len(evaluate.load_cases(cases)) == 50
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text("- Add an endpoint\n" * 50)
    assert len(batch.load_tasks(tasks)) == 50
    tasks.write_text("- Add an endpoint\n- '   '\n")
    with pytest.raises(AssertionError, match="looked for"):  # an error's line is still found
        batch.load_tasks(tasks)
