"""Driving what a command planned, in the core: the store before the provider, Ctrl-C as a
typed value, the trace recorder closed, a batch in one process when traced
(``coordinator.runtime.drive`` and ``batch.BatchDrive``); where sessions are found and which
are listed (``coordinator.runtime.lookup``); a resume's plan; the demo's plan."""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pytest
import yaml
from cli import coord, coord_probe
from kit import OnRunStart, blocked, report, write_agents, write_script

from coordinator.config import Settings
from coordinator.errors import UserError
from coordinator.events import Event
from coordinator.providers.factory import ReadyProvider
from coordinator.runtime import launch, lookup
from coordinator.runtime.drive import DriveSetup, Interrupted, driving
from coordinator.runtime.launch import Notice, ResumeFlags, ResumeNote, RunFlags, StartHere
from coordinator.runtime.options import ModelChoice
from coordinator.runtime.state import SessionResult
from coordinator.status import SessionStatus

DONE = [{"text": report("Complete", "Added the endpoint")}]


class Recorder:
    """A trace recorder double: the events it saw, and whether it was closed."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.closed = False

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def describe_from(self, store: object) -> None:
        pass

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def setup(tmp_path: Path) -> DriveSetup:
    """``coord run``'s plan for one backend request over the scripted model."""
    agents = write_agents(tmp_path / "agents", "backend", "dba")
    script = write_script(tmp_path / "s.yaml", {"backend": DONE * 2, "dba": DONE})
    ws = tmp_path / "ws"
    ws.mkdir()
    flags = RunFlags(
        request="Add a FastAPI endpoint", workspace=ws, agents_dir=[agents], only=True,
        provider="scripted", script=script,
    )  # fmt: skip
    return launch.plan_run(flags, io.BytesIO(), lambda notice: None).setup


def start(text: str) -> launch.Action:
    return lambda engine: engine.start(text)


def test_a_session_is_driven_traced_and_the_recorder_closed(setup: DriveSetup) -> None:
    recorder = Recorder()
    with driving(setup, lambda: recorder) as d:
        result = d.run(start("Add a FastAPI endpoint"), None)
        assert isinstance(result, SessionResult) and result.status == SessionStatus.COMPLETE
        assert d.stored_outcome(result)["files"] == []  # (daily113: with refused, ended_at)
    assert recorder.closed
    assert {e.session_id for e in recorder.events} == {result.session_id}


def test_the_stores_error_comes_before_the_provider_is_built(
    setup: DriveSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database that cannot be opened is reported before the SDK loads (the provider
    built); the input that needs no store (the key here) was checked before it."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
    built: list[ReadyProvider] = []
    monkeypatch.setattr(ReadyProvider, "build", lambda ready: built.append(ready))
    blocker = setup.ws / "file"
    blocker.write_text("x", encoding="utf-8")
    settings = Settings(db=blocker / "sessions.db")
    anthropic = ModelChoice("anthropic", None, None, None)
    broken = DriveSetup(setup.ws, settings, setup.registry, anthropic)
    with pytest.raises(UserError) as caught, driving(broken, lambda: None):
        pass
    assert "sessions.db" in str(caught.value) and built == []


def test_the_store_is_checked_writable_before_the_provider_is_built(
    setup: DriveSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only database is reported before the SDK loads (the provider's client)."""
    from coordinator.store.db import Store

    order: list[str] = []
    checked, build = Store.check_writable, ReadyProvider.build
    monkeypatch.setattr(Store, "check_writable", lambda s: (order.append("store"), checked(s))[1])
    monkeypatch.setattr(ReadyProvider, "build", lambda r: (order.append("provider"), build(r))[1])
    with driving(setup, lambda: None):
        assert order == ["store", "provider"]


@pytest.mark.parametrize(
    ("choice", "error"),
    [
        (ModelChoice("scripted", None, None, None), "agents.backend[0]: unknown key 'txt'"),
        (ModelChoice("anthropic", None, None, None), "no ANTHROPIC_API_KEY is set"),
    ],
    ids=["malformed script", "no key"],
)
def test_bad_input_found_before_any_model_call_leaves_no_store_behind(
    setup: DriveSetup,
    choice: ModelChoice,
    error: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The store is made only once the command's input is known good: a malformed script
    or a missing key leaves no ``.coordinator/`` (an empty database) in the workspace."""
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)
    bad = write_script(tmp_path / "bad.yaml", {"backend": [{"txt": "Done"}]})
    script = bad if choice.kind == "scripted" else None  # --script is the scripted one's
    checked = dataclasses.replace(setup, choice=dataclasses.replace(choice, script=script))
    with pytest.raises(UserError) as caught, driving(checked, lambda: None):
        pass
    assert error in str(caught.value)
    assert list(setup.ws.iterdir()) == []


def test_ctrl_c_while_a_session_runs_comes_back_as_interrupted(setup: DriveSetup) -> None:
    started: list[str] = []

    def stop(event: Event) -> None:
        """A Ctrl-C reaching the view while it shows the first run starting."""
        started.append(event.session_id)
        raise KeyboardInterrupt

    with driving(setup, lambda: None) as d:
        stopped = d.run(start("Add a FastAPI endpoint"), OnRunStart(stop))
    # (its resume names the workspace: run from elsewhere, mend109)
    assert isinstance(stopped, Interrupted) and started[0]
    assert stopped == Interrupted(started[0], reach=setup.reach, agent=stopped.agent)
    assert stopped.agent  # the agent routed to, as a result names it (daily108)
    assert setup.reach == ("--workspace", str(setup.ws.resolve()))


def test_a_traced_batch_runs_in_one_process(setup: DriveSetup, tmp_path: Path) -> None:
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(yaml.safe_dump(["Add a FastAPI endpoint", "Add an API route"]), "utf-8")
    flags = RunFlags(batch=tasks, workspace=setup.ws, agents_dir=[tmp_path / "agents"],
                     only=True, provider="scripted", script=tmp_path / "s.yaml",
                     otel=True)  # fmt: skip
    plan = launch.plan_run(flags, io.BytesIO(), lambda notice: None)
    recorder = Recorder()
    assert isinstance(plan.step, launch.RunBatch)
    done = plan.batch(lambda: recorder, None).run(plan.step.tasks, 2)
    assert (done.workers, done.exit_code, len(done.items)) == (1, 0, 2)
    assert recorder.closed and len({e.session_id for e in recorder.events}) == 2
    data = done.to_json()
    assert (data["workers"], data["exit_code"], [i["index"] for i in data["items"]]) == (
        1,
        0,
        [0, 1],
    )


# ---- coord resume ------------------------------------------------------------------------


def test_a_resume_finds_the_waiting_session_and_tells_what_changed(tmp_path: Path) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"text": blocked("payments", "A key")}]}
    )
    ws = tmp_path / "ws"
    ws.mkdir()
    flags = RunFlags(request="Add a FastAPI endpoint", workspace=ws, agents_dir=[agents],
                     only=True, provider="scripted", script=script)  # fmt: skip
    plan = launch.plan_run(flags, io.BytesIO(), lambda notice: None)
    assert isinstance(plan.step, StartHere)
    with driving(plan.setup, lambda: None) as d:
        waiting = d.run(plan.start(plan.step), None)
    assert isinstance(waiting, SessionResult) and waiting.status == SessionStatus.WAITING
    for path in agents.iterdir():
        path.unlink()
    agents.rmdir()
    told: list[Notice] = []
    resumed = launch.plan_resume(ResumeFlags(workspace=ws, context="sk-none"), told.append)
    assert (resumed.session_id, resumed.answer, resumed.detach) == (
        waiting.session_id,
        "sk-none",
        False,
    )
    assert resumed.setup.ws == ws.resolve() and resumed.setup.choice.kind == "scripted"
    (note,) = told
    assert isinstance(note, ResumeNote) and note.session_id == waiting.session_id
    assert "is not on this machine" in note.note
    assert resumed.extra() == {"notes": [note.note], "already_ended": False}


# ---- where sessions are, which are listed ------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (lookup.SessionFilter(limit=-1), r"--limit: must be at least 1 \(got -1\)"),
        (lookup.SessionFilter(limit=0), r"--limit: must be at least 1 \(got 0\)"),
        (lookup.SessionFilter(status="lost"), "unknown status 'lost'"),
        (lookup.SessionFilter(since="yesterday-ish"), "yesterday-ish"),
    ],
)
def test_bad_filters_are_refused(filters: lookup.SessionFilter, message: str) -> None:
    with pytest.raises(UserError, match=message):
        filters.query()


def test_filters_become_the_stores_query() -> None:
    query = lookup.SessionFilter(agent="backend", since="2d", search="x", limit=5).query()
    assert (query.agent, query.search, query.limit) == ("backend", "x", 5)
    assert query.since is not None


def test_the_list_of_one_workspace(setup: DriveSetup) -> None:
    with driving(setup, lambda: None) as d:
        done = d.run(start("Add a FastAPI endpoint"), None)
    assert isinstance(done, SessionResult)
    listed = lookup.list_sessions(lookup.SessionFilter(), setup.ws, None, None)
    assert [line.row.id for line in listed.lines] == [done.session_id] and not listed.across
    none = lookup.list_sessions(lookup.SessionFilter(status="waiting"), setup.ws, None, None)
    said = f"no sessions with status waiting in workspace {setup.ws}"  # tidy51: where
    assert none.lines == [] and none.nothing == said
    assert lookup.SessionList([]).nothing == "no sessions"
    store, row = lookup.open_session(None, setup.ws, None, None, statuses=("complete",))
    store.close()
    assert row.id == done.session_id
    with pytest.raises(UserError):
        lookup.open_session(None, setup.ws, None, None, statuses=("waiting",))


def test_a_shared_store_is_not_a_workspace_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a shared PostgreSQL store"):
        lookup.local_db(tmp_path, "postgresql://u@h/db", None)
    path, timeout = lookup.local_db(tmp_path, None, None)
    assert path == tmp_path.resolve() / ".coordinator" / "coordinator.db" and timeout > 0


# ---- coord demo --------------------------------------------------------------------------


def test_the_demos_temporary_workspace_is_removed_and_a_given_one_kept(tmp_path: Path) -> None:
    from coordinator.demo.launch import plan_demo

    temporary = plan_demo(None, keep=False)
    assert temporary.temporary and (temporary.ws / "app").is_dir()
    assert temporary.extra()["kept"] is False
    temporary.cleanup()
    assert not temporary.ws.exists()
    kept = plan_demo(None, keep=True)
    kept.cleanup()
    assert not kept.temporary and (kept.ws / "app").is_dir()
    shutil.rmtree(kept.leftover() or kept.ws)
    given = plan_demo(tmp_path / "demo", keep=False)
    assert not given.temporary and given.setup.hooks is False
    assert given.extra() == {
        "workspace": str(given.ws),
        "db": str(given.ws / ".coordinator" / "coordinator.db"),
        "kept": True,
        "live": False,
    }
    given.cleanup()
    assert (given.ws / "app").is_dir()


def test_a_malformed_script_is_one_error_before_the_store_and_the_sdk(tmp_path: Path) -> None:
    """``coord run`` and ``coord run --batch`` with a malformed script: one error line,
    exit 4, no ``.coordinator/`` in the workspace, and (a process of its own) no SDK."""
    agents = write_agents(tmp_path / "agents", "backend")
    bad = write_script(tmp_path / "bad.yaml", {"backend": [{"text": "Done", "when": ["x"]}]})
    batch = tmp_path / "batch.yaml"
    batch.write_text("- Add a FastAPI endpoint\n", encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    flags = ("--agents-dir", agents, "--only", "--script", bad, "--workspace", ws)
    for request in (("Add a FastAPI endpoint",), ("--batch", batch)):
        ran = coord("run", *request, *flags)
        assert (ran.returncode, ran.stderr) == (4, f"error: {bad}:4: agents.backend[0].when: "
                                                   "must be text (got a list)\n")  # fmt: skip
        assert list(ws.iterdir()) == []
    probe = coord_probe("run", "Add a FastAPI endpoint", *flags)
    assert probe.returncode == 4 and "anthropic" not in probe.modules
    assert list(ws.iterdir()) == []
