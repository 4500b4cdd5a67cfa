"""What ``coord run``, ``resume`` and ``worker`` decide before anything runs, checked in the
core (``coordinator.runtime.launch``) with direct calls: which flags go together, what is
read and routed first, what to do next, and what the user is told on the way."""

from __future__ import annotations

import dataclasses
import inspect
import io
from pathlib import Path

import pytest
from kit import write_agents

from coordinator.errors import UserError
from coordinator.runtime import launch
from coordinator.runtime.batch import BatchTask
from coordinator.runtime.launch import (
    AlsoInvolves,
    FilesSkipped,
    Notice,
    QueueBatch,
    ResumeFlags,
    RunBatch,
    RunFlags,
    SessionFlags,
    StartHere,
    StartInBackground,
)
from coordinator.runtime.state import SessionResult
from coordinator.status import SessionStatus

TWO_SPECIALISTS = "Add a FastAPI endpoint for signup and a database migration with an index"


@pytest.fixture
def agents(tmp_path: Path) -> Path:
    folder = write_agents(tmp_path / "agents", "backend", "dba")
    (folder / "ops.md").write_text(
        "---\nname: ops\ndescription: DevOps specialist: Docker, deployment.\n"
        "background: true\n---\nYou deploy.\n",
        encoding="utf-8",
    )
    return folder


def plan(tmp_path: Path, agents: Path, stdin: bytes = b"", **given: object) -> launch.RunPlan:
    told: list[Notice] = []
    return plan_and_notices(tmp_path, agents, told, stdin, **given)


def plan_and_notices(
    tmp_path: Path, agents: Path, told: list[Notice], stdin: bytes = b"", **given: object
) -> launch.RunPlan:
    fields: dict[str, object] = {"workspace": tmp_path, "agents_dir": [agents], "only": True}
    flags = RunFlags(**{**fields, **given})  # type: ignore[arg-type]
    return launch.plan_run(flags, io.BytesIO(stdin), told.append)


# ---- which flags go together -------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({}, "give a request, or --batch FILE"),
        ({"request": "x", "batch": Path("b.yaml")}, "give a request, or --batch FILE (not both)"),
        ({"request": "x", "workers": 2}, "--workers splits a batch run here"),
        ({"batch": Path("b.yaml"), "workers": 2, "detach": True}, "--workers splits"),
        # a single run has one call in flight: --concurrency changed nothing, silently
        ({"request": "x", "concurrency": 4}, "--concurrency sets a batch run's model calls"),
        ({"batch": Path("b.yaml"), "concurrency": 4, "detach": True}, "--concurrency sets"),
    ],
)
def test_flags_that_do_not_go_together_are_refused(given: dict[str, object], message: str) -> None:
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        RunFlags(**given).check()  # type: ignore[arg-type]


def test_the_flags_name_every_option_of_coord_run() -> None:
    """``coord run`` builds them from its parameters: ``RunFlags(**ctx.params)`` (by name:
    the fields shared with ``coord resume``, :class:`SessionFlags`, come first)."""
    from coordinator.cli.run_cmd import run

    options = [name for name in inspect.signature(run).parameters if name != "ctx"]
    assert sorted(f.name for f in dataclasses.fields(RunFlags)) == sorted(options)


def test_the_flags_run_and_resume_share_are_declared_once() -> None:
    """Every flag both ``coord run`` and ``coord resume`` have is a field of their base,
    :class:`SessionFlags` (tidy113), not a copy in each."""
    names = [{f.name for f in dataclasses.fields(c)} for c in (RunFlags, ResumeFlags)]
    assert names[0] & names[1] == {f.name for f in dataclasses.fields(SessionFlags)}
    assert ResumeFlags(bash_env=["PGHOST"]).grants == RunFlags(bash_env=["PGHOST"]).grants


def test_a_batch_with_workers_and_a_plain_request_pass() -> None:
    RunFlags(batch=Path("b.yaml"), workers=2).check()
    RunFlags(request="x").check()
    RunFlags(file=Path("request.txt")).check()


def test_a_workspace_that_is_no_folder_is_refused(tmp_path: Path, agents: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        plan(tmp_path / "missing", agents, request="Add an API route")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="is not a folder"):
        plan(tmp_path / "notes.txt", agents, request="Add an API route")


def test_detach_needs_a_shared_store(tmp_path: Path, agents: Path) -> None:
    with pytest.raises(UserError, match="--detach needs a shared PostgreSQL store") as caught:
        plan(tmp_path, agents, request="Add a FastAPI endpoint", detach=True)
    assert "--db postgresql://" in (caught.value.hint or "")


def test_the_flags_set_only_what_they_give(tmp_path: Path, agents: Path) -> None:
    given = plan(tmp_path, agents, request="Add a FastAPI endpoint", router="llm")
    settings = given.setup.settings
    assert (settings.concurrency, settings.router, settings.allow_bash) == (4, "llm", False)
    bash = plan(tmp_path, agents, request="Add a FastAPI endpoint", allow_bash=True)
    assert bash.setup.settings.allow_bash and bash.options.allow_bash


# ---- read and routed first ---------------------------------------------------------------


def test_a_request_from_standard_input_is_read_once(tmp_path: Path, agents: Path) -> None:
    got = plan(tmp_path, agents, stdin=b"Add a FastAPI endpoint\n", request="-")
    assert isinstance(got.step, StartHere)
    assert got.step.text == "Add a FastAPI endpoint"


def test_an_empty_request_is_refused(tmp_path: Path, agents: Path) -> None:
    with pytest.raises(UserError):
        plan(tmp_path, agents, request="   ")


def test_a_request_no_agent_fits_is_refused_while_planning(tmp_path: Path, agents: Path) -> None:
    """Routed in the plan, before any store or provider is opened (``coord run`` imports the
    SDK only once it drives: tests/test_cli_start.py)."""
    with pytest.raises(UserError, match="no agent fits"):
        plan(tmp_path, agents, request="What should I cook for dinner tonight?")


def test_the_other_specialists_are_told_and_kept_for_the_json(tmp_path: Path, agents: Path) -> None:
    told: list[Notice] = []
    got = plan_and_notices(tmp_path, agents, told, request=TWO_SPECIALISTS)
    assert told == [AlsoInvolves(["backend"])]
    assert got.also == ["backend"] and got.extra() == {"also": ["backend"]}
    quiet: list[Notice] = []
    as_json = plan_and_notices(tmp_path, agents, quiet, request=TWO_SPECIALISTS, json_out=True)
    assert quiet == [] and as_json.also == ["backend"]  # --json: in the output only


@pytest.mark.parametrize(
    "given", [{"agent": "backend"}, {"router": "llm"}], ids=["--agent", "--router llm"]
)
def test_nothing_is_routed_first_when_the_agent_or_a_model_decides(
    tmp_path: Path, agents: Path, given: dict[str, object]
) -> None:
    got = plan(tmp_path, agents, request="What should I cook for dinner tonight?", **given)
    assert got.also == [] and isinstance(got.step, StartHere)


def test_skipped_agent_files_are_told_first(tmp_path: Path, agents: Path) -> None:
    (agents / "broken.md").write_text("---\nname: [unclosed\n---\nx\n", encoding="utf-8")
    told: list[Notice] = []
    plan_and_notices(tmp_path, agents, told, request=TWO_SPECIALISTS)
    assert isinstance(told[0], FilesSkipped) and "1 agent file skipped" in told[0].line
    assert told[1:] == [AlsoInvolves(["backend"])]


# ---- what to do next ---------------------------------------------------------------------


def test_a_batch_runs_here_or_is_queued(tmp_path: Path, agents: Path) -> None:
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text("- Add a FastAPI endpoint\n- {request: Deploy it, agent: ops}\n")
    read = [BatchTask("Add a FastAPI endpoint", "backend"), BatchTask("Deploy it", "ops")]
    here = plan(tmp_path, agents, batch=tasks, workers=2, agent="backend")
    assert here.step == RunBatch(read, 2)
    queued = plan(tmp_path, agents, batch=tasks, detach=True, db="postgresql://u@h/db")
    assert queued.step == QueueBatch([dataclasses.replace(read[0], agent=None), read[1]])


def test_a_background_agent_is_started_detached_unless_kept_in_front(
    tmp_path: Path, agents: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")  # without one, coord run says so first
    request = "Deploy it with Docker"
    routed = StartInBackground("ops", request, routed=True)  # the detached run routes again
    assert plan(tmp_path, agents, request=request).step == routed
    for given in ({"foreground": True}, {"json_out": True}):
        assert plan(tmp_path, agents, request=request, **given).step == StartHere(
            request, None, False
        )
    fixed = plan(tmp_path, agents, request="Add a FastAPI endpoint", agent="ops")
    assert fixed.step == StartInBackground("ops", "Add a FastAPI endpoint")


def test_a_session_started_here_remembers_its_choices(tmp_path: Path, agents: Path) -> None:
    script = tmp_path / "s.yaml"
    script.write_text("agents: {backend: []}\n", encoding="utf-8")  # (no turn is taken)
    got = plan(
        tmp_path, agents, request="Add a FastAPI endpoint", provider="scripted", script=script,
        no_hooks=True, model="sonnet",
    )  # fmt: skip
    assert got.step == StartHere("Add a FastAPI endpoint", None, False)
    assert (got.options.provider, got.options.script) == ("scripted", str(script.resolve()))
    assert (got.options.hooks, got.setup.hooks) == (False, False)
    assert got.options.agents_dirs == (str(agents.resolve()),)
    assert got.options.extras is not None  # the hooks and skills it starts with
    assert got.setup.choice.model is not None and got.setup.ws == tmp_path.resolve()


def test_an_unknown_model_is_refused(tmp_path: Path, agents: Path) -> None:
    with pytest.raises(UserError):
        plan(tmp_path, agents, request="Add a FastAPI endpoint", model="no-such-model-x")


def result(status: SessionStatus) -> SessionResult:
    return SessionResult("s1", status, "backend")


def test_exit_codes_of_a_session_handed_to_the_workers() -> None:
    waiting = result(SessionStatus.WAITING)
    assert launch.run_exit_code(StartHere("x", None, True), waiting) == 0
    assert launch.run_exit_code(StartHere("x", None, False), waiting) == 3
    assert launch.ResumePlan.exit_code(result(SessionStatus.RUNNING)) == 0
    assert launch.ResumePlan.exit_code(waiting) == 3


# ---- coord resume ------------------------------------------------------------------------


def test_a_persons_answer_comes_from_one_place(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_bytes("Use the email column\n\xff".encode("latin-1"))
    with pytest.raises(UserError, match="not both"):
        launch.read_context("x", answer)
    assert launch.read_context(None, answer) == "Use the email column\n\ufffd"
    assert launch.read_context(None, None) is None
    assert launch.read_context("ok\ud800", None) == "ok\ufffd"  # cleaned like any text
    with pytest.raises(UserError, match="cannot read --context-file"):
        launch.read_context(None, tmp_path / "missing.txt")


# ---- coord worker ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"concurrency": 0}, "--concurrency: must be at least 1 (got 0)"),
        ({"lease": 0.4}, "--lease: must be at least 0.5 seconds (got 0.4)"),
        ({"poll": 0}, "--poll: must be above 0 seconds (got 0)"),
    ],
    ids=["concurrency", "lease", "poll"],
)
def test_worker_flags_out_of_range_are_refused(given: dict[str, float], message: str) -> None:
    flags = {"concurrency": 1, "lease": 5.0, "poll": 5.0, "drain": False, "stop_grace": 20.0}
    flags.update(given)
    with pytest.raises(UserError) as caught:  # the one flag out of range (daily30)
        launch.worker_config("postgresql://u@h/db", None, None, **flags)  # type: ignore[arg-type]
    assert caught.value.message == message


def test_a_worker_needs_a_shared_store() -> None:
    with pytest.raises(UserError, match="coord worker needs a shared PostgreSQL store"):
        launch.worker_config(
            None,
            None,
            None,
            concurrency=1,
            lease=5.0,
            poll=5.0,
            drain=False,
            stop_grace=20.0,
        )


def test_a_workers_heartbeat_and_sweep_follow_its_lease(tmp_path: Path) -> None:
    cfg = launch.worker_config(
        "postgresql://u@h/db",
        None,
        [tmp_path],
        concurrency=3,
        lease=2.0,
        poll=1.0,
        drain=True,
        stop_grace=20.0,
    )
    assert (cfg.heartbeat, cfg.sweep, cfg.lease, cfg.poll) == (0.4, 0.2, 2.0, 1.0)
    assert (cfg.roots, cfg.concurrency, cfg.drain) == ((tmp_path.resolve(),), 3, True)
    slow = launch.worker_config(
        "postgresql://u@h/db",
        None,
        None,
        concurrency=1,
        lease=60.0,
        poll=5.0,
        drain=False,
        stop_grace=20.0,
    )
    assert (slow.heartbeat, slow.sweep, slow.roots) == (1.0, 0.25, (Path.cwd().resolve(),))
