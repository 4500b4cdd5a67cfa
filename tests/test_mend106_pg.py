"""mend106: a worker's stall watch (``--stall-after``, ops105) no longer cuts a call still
within its own bound (a Bash command within its timeout, however long), and a fetch whose
statement the database rejects (a bug, not a cut connection) ends the worker with a clear
message instead of fetching nothing for ever (review114)."""

from __future__ import annotations

import asyncio
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import report, write_script
from test_ops104_pg import queue_of
from test_workers_pg import InProcessWorker, store_at, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

BASH_AGENT = "---\nname: backend\ndescription: Runs builds.\ntools: Bash\n---\nYou build.\n"


def test_a_bash_command_within_its_timeout_is_not_cut_as_stalled(
    tmp_path: Path, pg_url: str
) -> None:
    """A Bash command runs longer than ``--stall-after`` but within its own timeout (a
    long build or suite; ``bash_timeout`` has no upper bound): the worker lets it run to its
    end, its output stored, the session complete (before: cut as stalled, the model told
    the worker "was shut down", a rerun cut again)."""
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BASH_AGENT, encoding="utf-8")
    run = {"command": "sleep 3 && echo ran >> effects.log", "timeout": 60_000}
    turns = [
        {"latency_ms": 0, "tool_calls": [{"name": "Bash", "input": run}]},
        {"latency_ms": 0, "text": report("Complete", "Done")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    roots = tmp_path / "roots"
    roots.mkdir()
    live = InProcessWorker(pg_url, roots, lease=5.0, stall=1.0)
    try:
        live.line_with(" ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1, 0, "--allow-bash")
        live.line_with(f"ended {sid} complete")
    finally:
        live.stop()
    assert not [ln for ln in live.log if "stalled" in ln or "handed back" in ln], live.log
    effects = (roots / "ws0" / "effects.log").read_text(encoding="utf-8")
    assert effects.count("ran") == 1, effects
    with closing(store_at(pg_url)) as store:
        assert [(j["state"], j["epoch"]) for j in store.jobs()] == [("done", 1)]


def test_a_model_call_is_bounded_by_its_timeouts_and_every_retry(tmp_path: Path) -> None:
    """The stall watch counts no time within a model call's own bound: each of its rounds'
    SDK attempts at the full timeout, and the waits between them (5,880 s by default, above
    ``--stall-after``'s 1,800 s: a call still retrying was cut); a scripted model names none
    (its held call is cut, as ops105's test shows)."""
    from coordinator.providers.anthropic import AnthropicProvider
    from coordinator.providers.base import call_bound
    from coordinator.providers.scripted import ScriptedProvider
    from coordinator.runtime.stopping import STALL

    provider = AnthropicProvider(api_key="sk-test", base_url="http://127.0.0.1:9")
    assert call_bound(provider) == 3 * (3 * 600 + 2 * 60) + 2 * 60 > STALL
    tight = AnthropicProvider(
        api_key="sk-test", base_url="http://127.0.0.1:9", max_retries=0, retry_budget=0, timeout=5
    )
    assert call_bound(tight) == 5
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": "x"}]})
    assert call_bound(ScriptedProvider.from_file(script)) is None


def test_a_fetch_the_database_refuses_ends_the_worker_with_its_reason(
    tmp_path: Path, pg_url: str
) -> None:
    """The database refuses the fetch's statement itself (a bug, a queue schema this version
    does not know: here a column it lacks), a real PostgreSQL error behind Procrastinate's
    ConnectorException: the fetch raises one clear error naming the database's reason, which
    ends the worker (before: taken for a cut connection, the fetch took nothing, the worker
    went on fetching nothing for ever, silently)."""
    from procrastinate import App, PsycopgConnector

    from coordinator.errors import UserError
    from coordinator.store import pgqueue

    roots = tmp_path / "roots"
    alice = (roots / "alice").resolve()
    alice.mkdir(parents=True)
    worker_id = queue_of(pg_url, [("a1", str(alice))])

    class Mismatched(PsycopgConnector):
        async def execute_query_all_async(self, query: Any, **arguments: Any) -> Any:
            if "SET status = 'doing'" in query:
                query = query.replace("SET status = 'doing'", "SET no_such_column = 1", 1)
            return await super().execute_query_all_async(query, **arguments)

    async def take() -> Any:
        app = App(connector=Mismatched(conninfo=pg_url))
        async with app.open_async():
            jobs = pgqueue.SessionJobs(app.connector, [roots.resolve()])
            return await jobs.fetch_job(None, worker_id)

    with pytest.raises(UserError) as refused:
        asyncio.run(take())
    assert 'column "no_such_column" of relation "procrastinate_jobs" does not exist' in str(
        refused.value
    )
    assert "the worker stops" in refused.value.message


def test_only_a_connection_error_counts_as_a_cut_fetch() -> None:
    """What a fetch takes for a cut connection (it takes nothing and tries again) and what
    for a statement refused (it ends the worker)."""
    import psycopg
    from procrastinate.exceptions import ConnectorException

    from coordinator.store.pgqueue import connection_cut

    def wrapped(cause: Exception) -> ConnectorException:
        exc = ConnectorException()
        exc.__cause__ = cause
        return exc

    assert connection_cut(wrapped(psycopg.errors.AdminShutdown("terminating connection")))
    assert connection_cut(wrapped(psycopg.OperationalError("server closed the connection")))
    assert connection_cut(psycopg.InterfaceError("the connection is closed"))
    assert connection_cut(ConnectorException("server closed the connection unexpectedly"))
    assert not connection_cut(wrapped(psycopg.errors.UndefinedColumn("no such column")))
    assert not connection_cut(psycopg.errors.SyntaxError("syntax error at or near"))


def test_a_hook_cut_as_stalled_is_stored_and_logged_as_a_stall(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PostToolUse hook hangs past ``--stall-after`` with no bound told to the watch (since
    mend107 the watch is told the hooks' own timeouts, which a hook never outlasts: here
    told none, as a hook stuck past its timeout would be): the Edit ran, so its result is
    stored with a note saying the worker's stall watch ended its hooks, and the worker's
    hand-back line says the stall watch ended them (before: both said the worker was shut
    down / "the stop", which it was not); the session then completes."""
    from test_ops70_stop_pg import tool_results
    from test_ops71_stop_pg import hooked_session

    from coordinator.runtime import hook_gate

    monkeypatch.setattr(hook_gate, "hooks_bound", lambda chosen: None)

    sid, ws, _ = hooked_session(tmp_path, pg_url, "PostToolUse")
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, stall=2.0)
    try:
        live.line_with(f"stalled {sid}: no progress recorded for 2 s")
        handed = live.line_with(f"handed back {sid} ")
        (ws / "hook.go").touch()
        live.line_with(f"ended {sid} complete")
    finally:
        (ws / "hook.go").touch()
        live.stop()
    assert handed == f"handed back {sid} after step 1: the stall watch ended its PostToolUse hooks"
    [first, *_] = [str(block["content"]) for block in tool_results(pg_url, sid)]
    assert "ended by the worker's stall watch (no progress for 2 s: --stall-after)" in first
    assert "shut down" not in first and "shutdown" not in first
