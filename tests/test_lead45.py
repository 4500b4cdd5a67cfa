"""lead45: every line that says how to continue a session names the store it was given."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, report, waiting_on, workspace, write_agents, write_script
from test_audit47 import _git

from coordinator.runtime.batch import BatchStopped
from coordinator.runtime.drive import Interrupted
from coordinator.status import FileChange
from coordinator.tools import changes

ASK = blocked("Payments", "the merchant id", blocker="No merchant id configured")


def test_coord_log_of_a_store_given_by_db_says_to_answer_with_that_store(tmp_path: Path) -> None:
    """``coord log ID --db FILE`` ended with ``Answer with: coord resume ID --context``:
    run as shown, from anywhere else, it looks in another store. The line names the
    file given, as ``--json``'s ``resume`` does."""
    (tmp_path / "state").mkdir()
    db = str(tmp_path / "state" / "ci.db")
    sid, _, _ = waiting_on(tmp_path, db, ASK)
    shown = coord("log", sid, "--db", db, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    line = f'Answer with: coord resume {sid} --db {db} --context "..."'
    assert _unwrapped(line) in _unwrapped(shown.stdout)
    followed = coord("log", sid, "--db", db, "--follow", cwd=tmp_path)
    assert _unwrapped(line) in _unwrapped(followed.stdout)


def _unwrapped(text: str) -> str:
    """``text`` without its spaces and line breaks: a long path is wrapped at the console's
    width, mid-word where it must."""
    return "".join(text.split())


def test_an_interrupted_run_or_batch_given_db_says_to_resume_with_that_store() -> None:
    """Ctrl-C's line named ``coord resume ID`` alone after ``coord run --db FILE``."""
    reach = ("--db", "/srv/state/ci db.sqlite")
    assert Interrupted("abc", reach=reach).hint() == (
        "interrupted — resume with `coord resume abc --db '/srv/state/ci db.sqlite'`"
    )
    assert BatchStopped(["abc"], terminated=True, reach=reach).lines()[1] == (
        "  resume with `coord resume abc --db '/srv/state/ci db.sqlite'`"
    )
    assert Interrupted("abc").hint() == "interrupted — resume with `coord resume abc`"


def test_the_mcp_resume_answers_only_the_question_it_names(tmp_path: Path) -> None:
    """``coord mcp``'s ``resume`` took no question id: a client holding an answer to a
    question another answered first gave it to the next one. Now it names the question
    (as ``coord resume --question``): another one waiting is refused, nothing recorded;
    the one waiting is answered."""
    from test_hooks7_resume import waiting_session

    from coordinator.errors import EXIT_OTHER_QUESTION, UserError
    from coordinator.runtime.options import ModelChoice
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    turns = [{"text": blocked("Tests", "test plan")}, {"text": report("Complete", "Done")}]
    ws, sid, _ = waiting_session(tmp_path, turns)
    [asked] = json.loads(coord("log", sid, "--json", cwd=ws).stdout)["chain"]["questions"]
    choice = ModelChoice("scripted", tmp_path / "s.yaml")
    service = CoordinatorService(
        ServiceOptions(ws, agents_dirs=[tmp_path / "agents"], choice=choice)
    )
    with pytest.raises(UserError, match="does not wait on question") as refused:
        asyncio.run(service.resume(sid, "the plan is X", question=asked["id"] + 1))
    assert refused.value.exit_code == EXIT_OTHER_QUESTION
    assert json.loads(coord("log", sid, "--json", cwd=ws).stdout)["status"] == "waiting"
    answered = asyncio.run(service.resume(sid, "the plan is X", question=asked["id"]))
    assert answered["status"] == "complete"


def test_following_a_commands_changes_runs_no_filter_a_gitattributes_names(tmp_path: Path) -> None:
    """audit47's ``git status`` around each Bash command ran the filter drivers a
    ``.gitattributes`` names (any command may write one) on the files it names: a clean
    command of the repository's settings ran, outside the sandbox, on the agent's files.
    Now git runs with every filter off; the changes are still found."""
    ws = tmp_path / "repo"
    ws.mkdir()
    (ws / "a.txt").write_text("a", encoding="utf-8")
    (ws / ".gitattributes").write_text("*.txt filter=spy\n", encoding="utf-8")
    _git(ws, "init", "-q")
    _git(ws, "add", "-A")
    _git(ws, "commit", "-qm", "start")
    ran = tmp_path / "filter-ran"
    _git(ws, "config", "filter.spy.clean", f"touch {ran}; cat")
    (ws / "a.txt").write_text("b", encoding="utf-8")  # same size: git reads it through the filter
    before = changes.snapshot(ws)
    (ws / "new.txt").write_text("n", encoding="utf-8")
    (ws / "a.txt").write_text("c", encoding="utf-8")
    found = changes.compared(before)
    assert not ran.exists()
    assert found.files == (("a.txt", FileChange.UPDATED), ("new.txt", FileChange.CREATED))


def test_a_file_written_by_its_absolute_path_is_listed_once_relative_to_the_workspace(
    tmp_path: Path,
) -> None:
    """A Write naming ``/path/to/ws/app/new.py`` and an Edit naming ``./app/new.py`` listed
    the one file under two names (and neither as a Bash command's change names it)."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents", "backend")
    new = str(ws.resolve() / "app" / "new.py")
    write = {"name": "Write", "input": {"file_path": new, "content": "x = 1\n"}}
    edit = {
        "name": "Edit",
        "input": {"file_path": "./app/new.py", "old_string": "1", "new_string": "2"},
    }
    outside = {"name": "Write", "input": {"file_path": "app/../app/other.py", "content": "y\n"}}
    turns = [
        {"tool_calls": [write]},
        {"tool_calls": [edit, outside]},
        {"text": report("Complete", "Done")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    ran = coord("run", "Add the task service", "--workspace", ws, "--agents-dir", agents,
                "--only", "--agent", "backend", "--script", script, "--json")  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert json.loads(ran.stdout)["files"] == ["app/new.py", "app/other.py"]
    log = json.loads(
        coord("log", json.loads(ran.stdout)["session"], "--workspace", ws, "--json").stdout
    )
    assert log["chain"]["files"] == ["app/new.py", "app/other.py"]


def test_a_consult_among_a_domains_agents_prefers_the_users_own_as_routing_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """own48 made routing prefer the user's agents to coord's bundled specialists; a
    consult among a Domain's several agents still went to the bundled one that scored
    higher (database-engineer over the project's db-dev). Now the user's agent the question
    matches answers; the bundled one still does where none of theirs matches."""
    from kit import write_agent

    from coordinator.config import Settings
    from coordinator.roster.loader import load_registry
    from coordinator.runtime.consult import Consult, choose_consultant
    from coordinator.runtime.state import RunState, SessionState
    from protocols import parse_report

    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no user agents of this machine's
    agents = tmp_path / "proj" / ".claude" / "agents"
    write_agent(agents, "backend", "Builds backend HTTP APIs: endpoints and services.")
    write_agent(agents, "db-dev", "Database work for this project: slow SQL queries, indexes.")
    registry = load_registry([], cwd=tmp_path / "proj", cache=False)
    assert {"db-dev", "database-engineer"} <= set(registry.agents)

    def consultant(blocker: str, required: str) -> str:
        rep = parse_report(report("Blocked", domain="Database", blocker=blocker, required=required))
        run = RunState(1, registry.get("backend"), "m", 0, 5, [])
        session = SessionState("s1", "Speed up the task list", Path("."), chain=[run])
        choice = choose_consultant(rep, session, registry, Settings())
        assert isinstance(choice, Consult)
        return choice.consultant.name

    assert consultant("The task list query is slow", "An index for the tasks table") == "db-dev"
    assert consultant("Alembic migration conflicts", "Which revision heads to merge") == (
        "database-engineer"
    )


def test_a_stopping_workers_heartbeat_ends_quietly_when_the_database_is_away() -> None:
    """team47's heartbeat kept while a stopped worker's sessions finish raised when the
    database was away: a task error nobody retrieved, printed with its traceback as the
    worker exited. It now stops beating (the pool's outage line has said why)."""
    pytest.importorskip("procrastinate")
    from coordinator.runtime.worker import _beat_until

    class Jobs:
        async def update_heartbeat(self, worker_id: int) -> None:
            raise OSError("server closed the connection unexpectedly")

    class Worker:
        worker_id = 7

    async def beat() -> BaseException | None:
        finish = asyncio.Event()
        running = asyncio.create_task(finish.wait())
        beating = asyncio.create_task(_beat_until(running, Worker(), Jobs(), 0.01))
        await asyncio.wait({beating}, timeout=30)  # (a guard: it ends at its first beat)
        finish.set()
        await running
        assert beating.done()
        return beating.exception()

    assert asyncio.run(beat()) is None
