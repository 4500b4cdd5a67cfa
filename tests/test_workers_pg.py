"""Workers on a shared PostgreSQL store (Procrastinate): real worker processes, kill -9,
SIGSTOP, LISTEN/NOTIFY wake-up, a person's answer from another process. Nothing whose result
was stored runs twice."""

from __future__ import annotations

import asyncio
import os
import queue
import re
import signal
import subprocess
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from kit import blocked, report, write_agents, write_script

from coordinator.runtime.worker import EXIT_PRESUMED_DEAD
from coordinator.store.rows import LeaseState

MARK = "# effects"
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def hop(n: int, latency_ms: int, hold: Path | None = None) -> dict[str, Any]:
    """One model call whose tool appends a line (a repeated tool would append it twice);
    ``hold``: the call is answered only once this file exists."""
    edit = {"file_path": "effects.log", "old_string": MARK, "new_string": f"{MARK}\nhop {n}"}
    turn = {"latency_ms": latency_ms, "tool_calls": [{"name": "Edit", "input": edit}]}
    return turn if hold is None else {**turn, "hold_until": str(hold)}


def chain(hops: int, latency_ms: int, hold: Path | None = None) -> dict[str, Any]:
    """``hops`` model calls then a report; ``hold``: the first call is answered only once
    this file exists (the test holds the session in its first model call until then)."""
    turns = [hop(n, latency_ms, hold if n == 1 else None) for n in range(1, hops + 1)]
    turns.append({"latency_ms": latency_ms, "text": report("Complete", "Done")})
    return {"backend": turns}


def submit(
    tmp: Path, url: str, script: Path, agents: Path, n: int, first: int = 0, *flags: str
) -> list[str]:
    """``coord run --detach`` for ``n`` sessions, each in its own workspace under roots/
    (with ``flags``: ``--allow-bash``)."""
    ids = []
    for i in range(first, first + n):
        ws = tmp / "roots" / f"ws{i}"
        ws.mkdir(parents=True, exist_ok=True)
        (ws / "effects.log").write_text(MARK + "\n", encoding="utf-8")
        ran = coord(
            "run",
            f"task {i}",
            "--agent",
            "backend",
            "--workspace",
            ws,
            "--db",
            url,
            "--detach",
            "--provider",
            "scripted",
            "--script",
            script,
            "--agents-dir",
            agents,
            "--only",
            *flags,
        )
        assert ran.returncode == 0, ran.stderr
        ids.append(ran.stdout.strip())
    return ids


def submit_at_once(tmp: Path, url: str, script: Path, agents: Path, n: int) -> list[str]:
    """What ``coord run --detach`` does for ``n`` sessions (each in its own workspace under
    roots/), through the core in one transaction: cheaper than ``n`` commands."""
    from coordinator.config import load_settings
    from coordinator.roster.loader import load_registry
    from coordinator.runtime.engine import Engine
    from coordinator.runtime.options import ModelChoice, SessionOptions

    settings = load_settings(None, None, {"db": url})
    choice = ModelChoice("scripted", script, None, None)
    options = SessionOptions.remember(choice, agents_dirs=[agents], only=True, settings=settings)
    registry = load_registry([agents], only=True)
    provider = choice.provider(settings)

    async def start_all(store: Any) -> list[str]:
        ids = []
        with store.transaction():
            for i in range(n):
                ws = tmp / "roots" / f"ws{i}"
                ws.mkdir(parents=True)
                (ws / "effects.log").write_text(MARK + "\n", encoding="utf-8")
                engine = Engine(
                    registry=registry,
                    provider=provider,
                    store=store,
                    settings=settings,
                    workspace=ws,
                )
                result = await engine.start(
                    f"task {i}", agent="backend", options=options, detach=True
                )
                ids.append(result.session_id)
        await provider.aclose()
        return ids

    with closing(store_at(url)) as store:
        return asyncio.run(start_all(store))


def worker(url: str, tmp: Path, *extra: str) -> subprocess.Popen[str]:
    return spawn("worker", "--db", url, "--workspace-root", tmp / "roots", *extra)


#: The UTC time a worker's line starts with (not under journald: ops67).
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ")


def unstamped(line: str) -> str:
    """A ``coord worker`` process's log line without its time (a line of a traceback has
    none)."""
    stamp = STAMP.match(line)
    return line if stamp is None else line[stamp.end() :]


def line_with(proc: subprocess.Popen[str], needle: str, seen: list[str] | None = None) -> str:
    """Read the worker's stderr up to the first line containing ``needle`` (each line read
    without its time)."""
    assert proc.stderr is not None
    for stamped in proc.stderr:
        line = unstamped(stamped)
        if seen is not None:
            seen.append(line)
        if needle in line:
            return line
    raise AssertionError(f"worker exited (code {proc.wait()}) before printing {needle!r}")


class InProcessWorker:
    """``serve`` in a thread of this process (where the worker's process does not matter);
    its log lines arrive on a queue."""

    def __init__(
        self,
        url: str,
        root: Path,
        lease: float,
        drain: bool = False,
        tracing: Any = None,
        **options: Any,
    ) -> None:
        from coordinator.runtime.worker import WorkerConfig

        # a heartbeat well within the lease, as `coord worker` derives it (WorkerConfig's
        # default of 1 s equals a 1 s lease: its own job would look stalled to its sweep)
        options = {"sweep": 0.1, "heartbeat": min(1.0, lease / 5), **options}
        self.cfg = WorkerConfig(url, (root.resolve(),), lease=lease, drain=drain, **options)
        self.tracing = tracing  # (the recorder ``serve`` starts: ``coord worker --otel``)
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []  # every line, read or not
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self._ready.wait()

    def _run(self) -> None:
        from coordinator.runtime.worker import serve

        async def main() -> None:
            self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
            self._ready.set()
            await serve(self.cfg, self._stop, self._line, self.tracing)

        asyncio.run(main())
        self.lines.put("<stopped>")

    def _line(self, line: str) -> None:
        self.log.append(line)
        self.lines.put(line)

    def line_with(self, needle: str, timeout: float = 60) -> str:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {needle!r} in {timeout:g} s: {self.log}") from None
            if needle in line:
                return line
            assert line != "<stopped>", f"worker stopped before printing {needle!r}"

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None and self.thread.is_alive():
            try:
                self._loop.call_soon_threadsafe(self._stop.set)
            except RuntimeError:
                pass  # it stopped on its own (drained) meanwhile
        self.thread.join(timeout=60)


def store_at(url: str) -> Any:
    from coordinator.store.pg import PgStore

    return PgStore.connect(url)


def check_nothing_repeated(url: str, ids: list[str], hops: int) -> None:
    with closing(store_at(url)) as store:
        for sid in ids:
            row = store.session(sid)
            assert row.status == "complete", (sid, row.status, row.reason)
            for run in store.runs(sid):
                roles = [m["role"] for m in store.messages(run.id)]
                assert roles.count("assistant") == hops + 1, (sid, roles)  # each reply once
            lines = (Path(row.workspace) / "effects.log").read_text().splitlines()[1:]
            assert len(lines) == len(set(lines)), (sid, lines)  # no tool effect twice
            assert set(lines) <= {f"hop {n}" for n in range(1, hops + 1)}
        assert {j["state"] for j in store.jobs()} == {"done"}


def in_flight(lines: list[str]) -> set[str]:
    """Sessions a worker's log shows claimed and not ended."""
    claimed = {ln.split()[1] for ln in lines if ln.startswith("claimed ")}
    return claimed - {ln.split()[1] for ln in lines if ln.startswith("ended ")}


def read_into(proc: subprocess.Popen[str], lines: queue.Queue[str]) -> threading.Thread:
    """Copy a worker's stderr lines to ``lines`` from a thread."""

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.put(unstamped(line))

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return thread


SESSIONS = 60  # as the issue asks: 3 workers, 60 sessions, one killed mid-chain


def test_three_workers_one_killed_mid_chain_every_session_completes_once(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=3, latency_ms=80))
    (tmp_path / "roots").mkdir()
    # the kill is seen at once (the victim's connections end); a long lease keeps a worker
    # starved of CPU on a loaded machine from being presumed dead meanwhile
    victim, *others = [
        worker(pg_url, tmp_path, "--concurrency", "4", "--lease", "60") for _ in range(3)
    ]
    theirs: queue.Queue[str] = queue.Queue()
    pumps = [read_into(w, theirs) for w in others]
    seen: list[str] = []
    line_with(victim, " ready: ", seen)
    assert sum(" ready: " in theirs.get(timeout=60) for _ in range(2)) == 2
    ids = submit_at_once(tmp_path, pg_url, script, agents, SESSIONS)  # NOTIFY wakes all three
    line_with(victim, "ended ", seen)  # it has driven one session to its end ...
    line_with(victim, "claimed ", seen)  # ... and is in the middle of the next ones
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=120)  # a safety net: the SIGKILL ends it
    seen += [unstamped(ln) for ln in victim.stderr.readlines()] if victim.stderr else []
    lost = in_flight(seen)
    assert lost  # the kill caught sessions mid-chain
    left = set(ids) - {ln.split()[1] for ln in seen if ln.startswith("ended ")}
    found: set[str] = set()  # ended by the victim, killed before it said so
    while left:  # the other two drive everything the victim did not end
        line = theirs.get(timeout=120)
        if line.startswith(("ended ", "found ")):
            left.discard(line.split()[1])
        if line.startswith("found "):
            found.add(line.split()[1])
    for w in others:
        w.send_signal(signal.SIGTERM)
        assert w.wait(timeout=60) == 0
    for pump in pumps:
        pump.join(timeout=30)
    counts = [ln for ln in list(theirs.queue) if ln.startswith("worker stopped after ")]
    by_victim = ended_by_victim(seen, found)
    assert sum(int(ln.split()[3]) for ln in counts) + by_victim == SESSIONS  # each ended once
    check_nothing_repeated(pg_url, ids, hops=3)
    with closing(store_at(pg_url)) as store:
        attempts = {j["session_id"]: j["attempts"] for j in store.jobs()}
    assert all(attempts[sid] >= 2 for sid in lost)  # each was taken over, then completed


def ended_by_victim(said: list[str], found: set[str]) -> int:
    """How many sessions the killed worker ended: those it said ended, and those a survivor
    found ended (it was killed after their last commit). One session can be both: killed
    after its ``ended`` line, before its job was finished, it is found by the next worker
    too (review142: counting it twice made the three-workers test fail now and then)."""
    return len({ln.split()[1] for ln in said if ln.startswith("ended ")} | found)


def test_a_worker_killed_right_after_its_ended_line_is_counted_once(
    tmp_path: Path, pg_url: str
) -> None:
    """review142: the three-workers test's rare 61 of 60. The victim is killed after its
    ``ended`` line while the end of its job (Procrastinate's row) is held by a row lock of
    this test: the next worker takes the job over, finds the session ended and says so
    without driving it (nothing run twice), and the session counts once."""
    import psycopg

    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    (tmp_path / "roots").mkdir()
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    victim = worker(pg_url, tmp_path, "--lease", "60")
    seen: list[str] = []
    line_with(victim, f"driving {sid} epoch 1", seen)
    call_held(gate)  # its job is fetched ('doing'): hold its row until the victim is dead
    with psycopg.connect(pg_url) as lock:
        held = lock.execute(
            "SELECT id FROM procrastinate_jobs WHERE status = 'doing' FOR UPDATE"
        ).fetchall()
        assert len(held) == 1, held
        gate.touch()
        line_with(victim, f"ended {sid} complete", seen)
        os.kill(victim.pid, signal.SIGKILL)  # its job's end waits for the lock: never made
        victim.wait(timeout=120)
        lock.rollback()
    taker = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0, drain=True)
    try:
        taker.line_with(f"found {sid} complete already")
        taker.line_with("<stopped>")
    finally:
        taker.stop()
    assert not [ln for ln in taker.log if ln.startswith(("driving ", "ended "))], taker.log
    assert ended_by_victim(seen, {sid}) == 1  # said ended and found ended: one session
    check_nothing_repeated(pg_url, [sid], hops=1)


def test_a_session_its_killed_worker_ended_unsaid_is_found_ended(
    tmp_path: Path, pg_url: str
) -> None:
    """A worker killed after its session's last commit, before its "ended" line: the
    worker that takes the job over finds the session ended and says so (the three-workers
    test counts each session ended once, by these lines too), without driving it."""
    import psycopg

    from coordinator.providers.pool import ProviderPool
    from coordinator.runtime.worker import drive_claimed

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:  # what its killed driver committed
        con.execute("UPDATE sessions SET status = 'complete' WHERE id = %s", (sid,))
    said: list[str] = []
    with closing(store_at(pg_url)) as store:
        assert store.claim_session(sid, "taker") is not None
        assert asyncio.run(drive_claimed(store, said.append, ProviderPool())) == 0
        assert store.claim is None
    assert [line.split()[:3] for line in said] == [["found", sid, "complete"]], said


def test_a_paused_worker_is_fenced_and_stops_without_writing(tmp_path: Path, pg_url: str) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=2, latency_ms=10, hold=gate))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    paused = worker(pg_url, tmp_path, "--lease", "1")
    line_with(paused, f"driving {sid} epoch 1")
    os.kill(paused.pid, signal.SIGSTOP)  # in its first model call; its heartbeat stops
    gate.touch()  # the call is answered: to the taker now, to the paused worker once it goes on
    try:
        taker = InProcessWorker(pg_url, tmp_path / "roots", lease=1.0, drain=True)
        try:
            taker.line_with(f"claimed {sid} epoch 2")  # its stalled job was handed on
            taker.line_with(f"ended {sid} complete")
            taker.line_with("<stopped>")  # drained: nothing left under its root
        finally:
            taker.stop()
        prune_stalled_workers(pg_url, 1.0)  # what the next worker to start does
    finally:
        os.kill(paused.pid, signal.SIGCONT)
    # After SIGCONT the worker either reaches its next write or claim check first (refused:
    # the epoch is another's) or finds its connection ended (the server ends one left idle
    # in a transaction past the lease; the next test forces this); either way its
    # claim is lost: one "fenced" line, nothing written, and it stops by itself and says why.
    code = paused.wait(timeout=30)
    seen = [unstamped(ln) for ln in paused.stderr.readlines()] if paused.stderr else []
    assert code == EXIT_PRESUMED_DEAD, "".join(seen)  # with what it said, if not
    assert "Traceback" not in "".join(seen), seen
    assert len([line for line in seen if line.startswith(f"fenced {sid}: ")]) == 1, seen
    assert any("presumed dead" in line and "taken over" in line for line in seen), seen
    assert "exit code 5" in seen[-1]
    check_nothing_repeated(pg_url, [sid], hops=2)


def prune_stalled_workers(url: str, seconds: float) -> None:
    """Procrastinate's prune of workers without a heartbeat for ``seconds`` (a worker runs
    it as it starts: the taker did, if it started ``seconds`` after the pause), then no
    worker is left registered: the paused one was pruned, here or by the taker (which
    removed its own row as it stopped)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute("SELECT procrastinate_prune_stalled_workers_v1(%s)", (seconds,))
        left = con.execute("SELECT id, last_heartbeat FROM procrastinate_workers").fetchall()
    assert left == []  # the paused worker was pruned


def call_held(gate: Path) -> None:
    """Return once the call held by ``gate`` is in flight: the scripted provider creates
    ``GATE.held`` when the call starts waiting for the gate (after the session's
    ``session_resumed`` event a signal or an ended connection could still find the call
    about to be made, which is another path: no call made yet)."""
    held = gate.with_name(gate.name + ".held")
    for _ in range(12_000):
        if held.exists():
            return
        time.sleep(0.005)
    raise AssertionError(f"the call held by {gate} never started")


def end_connections(url: str) -> None:
    """End every other connection to the test's database (``pg_terminate_backend``, as the
    server ends a paused worker's connection) and wait until they are gone."""
    import psycopg

    others = "datname = current_database() AND pid <> pg_backend_pid()"
    with psycopg.connect(url, autocommit=True) as con:
        ended = con.execute(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {others}"
        ).fetchall()
        assert ended, "no connection of the paused worker to end"
        for _ in range(2000):  # each backend leaves pg_stat_activity as it exits
            row = con.execute(f"SELECT count(*) FROM pg_stat_activity WHERE {others}").fetchone()
            if row is not None and row[0] == 0:
                return
            con.execute("SELECT pg_sleep(0.005)")
    raise AssertionError("the paused worker's connections did not end")


def test_a_workers_queue_connections_keep_no_transaction_past_its_lease(
    tmp_path: Path, pg_url: str
) -> None:
    """A worker paused between its heartbeat's statement and its commit kept its worker row
    locked while paused: the prune of stalled workers that every other worker runs as it
    starts waited for it (the paused-worker tests, which prune before letting the worker go
    on, hung on it). Its Procrastinate connections, as its store's, are ended by the server
    once in a transaction for its lease."""
    from procrastinate import App

    from coordinator.runtime.worker import WorkerConfig, queue_connector

    cfg = WorkerConfig(pg_url, (tmp_path,), lease=1.5)

    async def limits() -> list[Any]:
        connector = queue_connector(cfg)
        async with App(connector=connector).open_async():
            found = []
            for _ in range(2):  # the pool's two connections
                async with connector.pool.connection() as conn:
                    cur = await conn.execute("SHOW idle_in_transaction_session_timeout")
                    found.append((await cur.fetchone())[0])
            return found

    assert asyncio.run(limits()) == ["1500ms", "1500ms"]


def test_a_paused_worker_whose_connection_was_ended_stops_with_one_line(
    tmp_path: Path, pg_url: str
) -> None:
    """The lost-connection path of the test above, forced: the paused worker's connections
    are ended before it continues. Its next write opens its connection again and finds the
    claim another's (ops67: before, the lost connection itself fenced it): one "fenced"
    line, no traceback, nothing written, exit code 5."""
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=2, latency_ms=10, hold=gate))
    (tmp_path / "roots").mkdir()
    paused = worker(pg_url, tmp_path, "--lease", "1")
    line_with(paused, " ready: ")  # listening, and its sweep runs
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    line_with(paused, f"driving {sid} epoch 1")
    call_held(gate)  # it holds the session: in its model call
    os.kill(paused.pid, signal.SIGSTOP)
    gate.touch()
    try:
        taker = InProcessWorker(pg_url, tmp_path / "roots", lease=1.0, drain=True)
        try:
            taker.line_with(f"claimed {sid} epoch 2")
            taker.line_with(f"ended {sid} complete")
            taker.line_with("<stopped>")  # its connections are closed: the paused one's are left
        finally:
            taker.stop()
        prune_stalled_workers(pg_url, 1.0)
        end_connections(pg_url)
    finally:
        os.kill(paused.pid, signal.SIGCONT)
    code = paused.wait(timeout=30)
    seen = [unstamped(ln) for ln in paused.stderr.readlines()] if paused.stderr else []
    text = "".join(seen)
    assert code == EXIT_PRESUMED_DEAD, text
    assert "Traceback" not in text, text
    fenced = [line for line in seen if line.startswith(f"fenced {sid}: ")]
    assert len(fenced) == 1, text
    assert "was claimed by another worker" in fenced[0]
    assert any("presumed dead" in line and "taken over" in line for line in seen), text
    assert "exit code 5" in seen[-1]
    check_nothing_repeated(pg_url, [sid], hops=2)


def test_a_claim_is_lost_with_its_connection_and_unlocking_says_nothing(
    tmp_path: Path, pg_url: str
) -> None:
    """The store's part of the test above: once the server ended the claiming connection,
    a read fails and releasing the session's lock is a no-op (the lock went with the
    connection); the claim check (before a model call) refuses with :class:`Fenced` naming
    the lost connection, and the next write opens the connection again and takes the claim
    up again at its epoch, no other worker having claimed it (ops67: before, the write
    failed too, and the model call whose reply it stored was made again by the next claim)."""
    import psycopg

    from coordinator.store.faults import StoreError
    from coordinator.store.pg import Fenced

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    with closing(store_at(pg_url)) as store:
        assert store.claim_session(sid, "test") is not None
        store.lock_session(sid)
        pid = store._pg.run("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(pg_url, autocommit=True) as con:
            con.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError):
            store.session(sid)
        store.unlock_session(sid)  # no psycopg error escapes
        with pytest.raises(Fenced, match="lost its claim with this worker's connection"):
            store.check_claim()
        with store.transaction():  # taken up again on a new connection
            pass
        again = store._pg.run("SELECT pg_backend_pid()").fetchone()[0]
        store.release_claim(LeaseState.FAILED)
    assert again != pid
    with closing(store_at(pg_url)) as store:
        assert [(j["state"], j["epoch"]) for j in store.jobs()] == [("failed", 1)]


def check_requeued_once(url: str, sid: str, live: InProcessWorker, why: str) -> None:
    """``live`` queued ``sid`` again once (its log line saying ``why``), was never fenced,
    claimed it at epochs 1 and 2 and drove it to its end with nothing repeated."""
    assert "Traceback" not in "".join(live.log)
    requeued = [line for line in live.log if line.startswith(f"requeued {sid}: ")]
    assert len(requeued) == 1 and why in requeued[0], live.log
    assert not [line for line in live.log if line.startswith("fenced ")], live.log
    assert [line for line in live.log if line.startswith("claimed ")] == [
        f"claimed {sid} epoch 1 (the session's job 1)",
        f"claimed {sid} epoch 2 (the session's job 2)",
    ]
    check_nothing_repeated(url, [sid], hops=2)
    with closing(store_at(url)) as store:
        assert [(j["state"], j["epoch"], j["attempts"]) for j in store.jobs()] == [("done", 2, 2)]


def end_backend_of(url: str, sid: str) -> None:
    """End the backend of the connection that holds ``sid``'s claim (the lease table's
    ``holder_pid``) and wait until it is gone: a blip on one connection of a healthy
    worker (its heartbeat and listener go on)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        row = con.execute(
            "SELECT holder_pid FROM coordinator_jobs WHERE session_id = %s", (sid,)
        ).fetchone()
        assert row is not None and row[0] is not None, row
        con.execute("SELECT pg_terminate_backend(%s)", (row[0],))
    wait_gone(url, row[0])


def wait_gone(url: str, pid: int) -> None:
    """Return once the backend ``pid`` has left ``pg_stat_activity``."""
    import psycopg

    gone = "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = %s)"
    with psycopg.connect(url, autocommit=True) as con:
        for _ in range(2000):
            if con.execute(gone, (pid,)).fetchone() == (True,):
                return
            con.execute("SELECT pg_sleep(0.005)")
    raise AssertionError(f"the backend {pid} did not end")


def test_a_healthy_worker_that_loses_its_session_connection_drives_the_session_again(
    tmp_path: Path, pg_url: str
) -> None:
    """A live worker (heartbeat fine, not paused) whose session connection the server ends
    in the middle of a model call: its next write opens the connection again before any
    sweep sees the dead holder (here the sweep's interval is long), takes the claim up
    again at its epoch (no other worker took it) and stores the reply: driven to its end
    at epoch 1, nothing repeated, nothing queued again (ops67; before it: the claim lost,
    the session queued again and the call made again at epoch 2; before that, the job was
    deleted with the lease left "doing": stuck for ever)."""
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=2, latency_ms=10, hold=gate))
    (tmp_path / "roots").mkdir()
    live = InProcessWorker(
        pg_url, tmp_path / "roots", lease=5.0, sweep=3600.0, poll=3600.0, concurrency=2
    )
    try:
        live.line_with(" ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        live.line_with(f"driving {sid} epoch 1")
        call_held(gate)  # it holds the session: in its model call
        end_backend_of(pg_url, sid)
        gate.touch()  # its model call is answered: the next write finds the claim lost
        live.line_with(f"ended {sid} complete", timeout=30)
    finally:
        live.stop()
    assert "Traceback" not in "".join(live.log)
    assert not [line for line in live.log if line.startswith(("requeued ", "fenced "))]
    assert [line for line in live.log if line.startswith("claimed ")] == [
        f"claimed {sid} epoch 1 (the session's job 1)"
    ]
    check_nothing_repeated(pg_url, [sid], hops=2)


def refuse_claim_checks(url: str, sid: str, live: InProcessWorker, gate: Path) -> None:
    """Hold ``sid``'s lease row (``FOR UPDATE``), answer the model call the worker is in
    (create ``gate``) and cancel each statement of the claiming connection that waits for
    the row (its claim checks: the database refused them; the connection stays up), until
    another connection waits for the row (the worker handing the session on) or the worker
    says it stopped driving the session; then let go."""
    import psycopg

    waiting = (
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    )
    with psycopg.connect(url, autocommit=True) as con, psycopg.connect(url) as holder:
        holder.execute("SELECT 1 FROM coordinator_jobs WHERE session_id = %s FOR UPDATE", (sid,))
        gate.touch()
        row = con.execute(
            "SELECT holder_pid FROM coordinator_jobs WHERE session_id = %s", (sid,)
        ).fetchone()
        assert row is not None and row[0] is not None, row
        for _ in range(20000):
            pids = {int(r[0]) for r in con.execute(waiting)} - {holder.info.backend_pid}
            if pids - {row[0]} or any(line.startswith(f"fenced {sid}") for line in live.log):
                break
            if pids:
                con.execute("SELECT pg_cancel_backend(%s)", (row[0],))
            con.execute("SELECT pg_sleep(0.005)")
        else:
            raise AssertionError(f"the worker never stopped driving {sid}: {live.log}")
        holder.rollback()


def test_a_live_worker_whose_claim_check_the_database_refused_hands_the_session_on(
    tmp_path: Path, pg_url: str
) -> None:
    """A live worker whose claim check fails while its connection stays up (here each
    check waiting for the lease row, which another transaction holds, is cancelled: as a
    lock or statement timeout would end it). Nobody else claimed the session (its epoch is
    still this worker's), so the worker queues it again rather than stopping quietly: it
    is driven to its end (here by this worker, at the next epoch) and nothing is repeated.
    Before, only a claim lost with its connection was queued again: the job was deleted
    with the lease left "doing", the session stuck."""
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=2, latency_ms=10, hold=gate))
    (tmp_path / "roots").mkdir()
    live = InProcessWorker(
        pg_url, tmp_path / "roots", lease=5.0, sweep=3600.0, poll=3600.0, concurrency=2
    )
    try:
        live.line_with(" ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        live.line_with(f"driving {sid} epoch 1")
        call_held(gate)  # it holds the session: in its model call
        refuse_claim_checks(pg_url, sid, live, gate)
        live.line_with(f"ended {sid} complete", timeout=30)
    finally:
        live.stop()
    check_requeued_once(pg_url, sid, live, "canceling statement")


def test_a_connection_ended_idle_in_a_transaction_loses_the_claim_like_any_other(
    tmp_path: Path, pg_url: str
) -> None:
    """The server ends a connection left idle in a transaction past the store's limit with
    an "internal" error (not an operational one): the store takes it for what it is, a
    lost connection (a StoreError, then :class:`Fenced` at the claim check), so the
    worker hands the session on instead of failing its job with a traceback."""
    from coordinator.store.faults import StoreError
    from coordinator.store.pg import Fenced

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    with closing(store_at(pg_url)) as store:
        assert store.claim_session(sid, "test") is not None
        pid = store._pg.run("SELECT pg_backend_pid()").fetchone()[0]
        store._pg.run("SET idle_in_transaction_session_timeout = 50")
        store._pg.run("BEGIN")  # and left idle: the server ends the connection
        wait_gone(pg_url, pid)
        # the server's FATAL message, or psycopg's own when the socket failed first (a race)
        with pytest.raises(StoreError, match=r"idle-in-transaction timeout|socket closed"):
            store.session(sid)
        with pytest.raises(Fenced, match="lost its claim with this worker's connection"):
            store.check_claim()
        assert store.requeue_lost_claim() is True
    with closing(store_at(pg_url)) as store:
        assert [(j["state"], j["epoch"]) for j in store.jobs()] == [("todo", 1)]


def test_a_socket_that_failed_under_psycopg_is_a_lost_connection_and_closes_quietly(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """psycopg says "connection socket closed" (no SQLSTATE) when the socket fails while it
    waits, and leaves libpq busy without marking the connection broken: the store's next
    statement said "another command is already in progress", and its close (releasing the
    session's lock) raised that as a traceback. Such an error is a lost connection: the
    claim is fenced, and close ends quietly."""
    import psycopg

    from coordinator.store.faults import StoreError
    from coordinator.store.pg import Fenced

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    with closing(store_at(pg_url)) as store:
        assert store.claim_session(sid, "test") is not None
        raw = store._pg.raw
        real = raw.execute

        def failing(*args: Any, **kw: Any) -> Any:
            raw.pgconn.send_query(b"SELECT 1")  # libpq left busy, as after the real failure
            raise psycopg.OperationalError("connection socket closed")

        monkeypatch.setattr(raw, "execute", failing)
        with pytest.raises(StoreError, match="connection socket closed"):
            store.session(sid)
        monkeypatch.setattr(raw, "execute", real)
        with pytest.raises(Fenced, match="lost its claim with this worker's connection"):
            store.check_claim()
        assert store.requeue_lost_claim() is True
    # (the store closed above without raising)
    with closing(store_at(pg_url)) as store:
        assert [(j["state"], j["epoch"]) for j in store.jobs()] == [("todo", 1)]


def session_jobs(url: str) -> list[tuple[str, Any]]:
    """The Procrastinate jobs of the test's database: (status, worker_id), oldest first."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        return [
            (str(r[0]), r[1])
            for r in con.execute("SELECT status, worker_id FROM procrastinate_jobs ORDER BY id")
        ]


def test_a_claim_lost_with_its_connection_is_queued_again_only_while_its_epoch_stands(
    tmp_path: Path, pg_url: str
) -> None:
    """The store's part of the test above. Once the claiming connection is gone, the
    session is queued again (lease "todo", one job waiting behind the running one) only
    while the lease still has the claim's epoch: a claim another worker made since wins,
    and a second call changes nothing. A sweep finding the running job dead (its worker
    killed just then) drops it for the waiting one instead of failing on the
    one-queued-job-per-session index at every sweep."""
    import psycopg
    from procrastinate import App, PsycopgConnector

    from coordinator.store import pgqueue
    from coordinator.store.faults import StoreError

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:  # fetched by a worker since pruned
        con.execute("UPDATE procrastinate_jobs SET status = 'doing', worker_id = NULL")

    def cut(store: Any) -> None:
        pid = store._pg.run("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(pg_url, autocommit=True) as con:
            con.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError):
            store.session(sid)
        assert store.broken

    with closing(store_at(pg_url)) as first, closing(store_at(pg_url)) as second:
        assert first.claim_session(sid, "first") is not None
        cut(first)
        assert second.claim_session(sid, "second") is not None  # it took the session over
        assert first.requeue_lost_claim() is False
        assert [(j["state"], j["epoch"]) for j in second.jobs()] == [("doing", 2)]
        assert session_jobs(pg_url) == [("doing", None)]
        cut(second)
        assert second.requeue_lost_claim() is True
        assert second.requeue_lost_claim() is False  # queued already
    with closing(store_at(pg_url)) as store:
        assert [(j["state"], j["epoch"]) for j in store.jobs()] == [("todo", 2)]
    assert session_jobs(pg_url) == [("doing", None), ("todo", None)]

    async def sweep() -> list[str]:
        app = App(connector=PsycopgConnector(conninfo=pg_url, min_size=1, max_size=2))
        async with app.open_async():
            return await pgqueue.SessionJobs(app.connector, [tmp_path / "roots"]).sweep(5.0)

    assert len(asyncio.run(sweep())) == 1  # the dead job is dropped, the waiting one stays
    assert session_jobs(pg_url) == [("todo", None)]


def test_an_idle_worker_wakes_on_notify_and_continues_an_answer_from_another_process(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    turns = [
        {"text": blocked("Database", "the User model schema")},
        {"expect": "email is unique", "text": report("Complete", "Used the schema")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    (tmp_path / "roots").mkdir()
    idle = worker(pg_url, tmp_path, "--poll", "3600", "--lease", "60")  # it never polls here
    watchdog = threading.Timer(120, idle.kill)  # without a wake-up it would wait an hour:
    watchdog.start()  # fail (the worker exits before its line) instead of hanging
    try:
        line_with(idle, " ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1)  # NOTIFY wakes it
        line_with(idle, f"ended {sid} waiting")  # no database agent in this roster
        answered = coord("resume", sid, "--context", "email is unique", "--db", pg_url)
        assert answered.returncode == 0, answered.stderr
        line_with(idle, f"ended {sid} complete")  # woken again by the answer's job
    finally:
        watchdog.cancel()
        idle.send_signal(signal.SIGTERM)
        idle.wait(timeout=30)
    with closing(store_at(pg_url)) as store:
        assert store.session(sid).status == "complete"
        assert [(j["state"], j["attempts"]) for j in store.jobs()] == [("done", 2)]


def test_a_worker_whose_listener_fails_to_start_listens_again(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Procrastinate's listener fails as it starts (its connection ended while it was set
    up, as for a worker paused then, whose connections the server ended): the worker
    listens again and becomes ready, instead of waiting for its probe for ever (with no
    sweep, it would never learn that it was presumed dead)."""
    from procrastinate import PsycopgConnector, exceptions

    listen = PsycopgConnector.listen_notify
    failed: list[bool] = []

    async def fails_once(self: Any, *args: Any, **kwargs: Any) -> None:
        if not failed:
            failed.append(True)
            [monitor] = [t for t in asyncio.all_tasks() if t.get_name() == "side_tasks_monitor"]
            await asyncio.wait({monitor}, timeout=30)  # done: it no longer watches the listener
            raise exceptions.ConnectorException("the connection is closed")
        await listen(self, *args, **kwargs)

    monkeypatch.setattr(PsycopgConnector, "listen_notify", fails_once)
    (tmp_path / "roots").mkdir()
    listener = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0)
    try:
        listener.line_with(" ready: ")
    finally:
        listener.stop()
    assert failed


def test_a_heartbeat_the_database_refused_is_skipped_and_the_next_one_counts(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A healthy worker's heartbeat fails once (its pooled connection was ended): the worker
    goes on beating, instead of Procrastinate's heartbeat loop ending unnoticed, which left
    the worker to be presumed dead ``lease`` seconds later (and a traceback at its stop)."""
    from procrastinate import exceptions, manager

    beat = manager.JobManager.update_heartbeat
    calls: list[int] = []
    again = threading.Event()

    async def fails_once(self: Any, worker_id: int) -> None:
        calls.append(worker_id)
        if len(calls) == 1:
            raise exceptions.ConnectorException("the connection is closed")
        again.set()
        await beat(self, worker_id)

    monkeypatch.setattr(manager.JobManager, "update_heartbeat", fails_once)
    (tmp_path / "roots").mkdir()
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, heartbeat=0.05)
    try:
        live.line_with(" ready: ")
        assert again.wait(timeout=30), calls  # it beat again after the failure
    finally:
        live.stop()
    assert "Traceback" not in "".join(live.log)


def test_a_worker_serves_only_sessions_under_its_roots(tmp_path: Path, pg_url: str) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [outside] = submit(tmp_path, pg_url, script, agents, 1)  # roots/ws0, queued first
    (tmp_path / "roots" / "ws1").mkdir()
    ws1 = InProcessWorker(pg_url, tmp_path / "roots" / "ws1", lease=5.0)
    try:
        ws1.line_with(" ready: ")
        [inside] = submit(tmp_path, pg_url, script, agents, 1, first=1)
        first = ws1.line_with("claimed ")
        ws1.line_with(f"ended {inside} complete")
    finally:
        ws1.stop()
    assert inside in first  # the older job, not under its root, was left alone
    with closing(store_at(pg_url)) as store:
        assert store.session(outside).status == "running"
        assert {j["session_id"]: j["state"] for j in store.jobs()} == {
            outside: "todo",
            inside: "done",
        }


def test_a_worker_presumed_dead_takes_nothing_and_stops(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    (tmp_path / "roots").mkdir()
    back = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0)
    try:
        back.line_with(" ready: ")
        with psycopg.connect(pg_url, autocommit=True) as con:  # what a peer's prune does to a
            con.execute("DELETE FROM procrastinate_workers")  # worker paused past its lease
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        back.line_with("presumed dead")
        back.line_with("<stopped>")
    finally:
        back.stop()
    assert not [line for line in back.log if line.startswith("claimed ")]
    with closing(store_at(pg_url)) as store:
        assert [(j["session_id"], j["state"]) for j in store.jobs()] == [(sid, "todo")]


def test_detach_needs_a_postgres_store(tmp_path: Path) -> None:
    ran = coord(
        "run", "add an endpoint", "--db", tmp_path / "s.db", "--detach", "--provider", "scripted"
    )
    assert ran.returncode == 4
    assert "--detach needs" in ran.stderr


def test_a_worker_needs_a_postgres_store(tmp_path: Path) -> None:
    ran = coord("worker", "--db", tmp_path / "s.db")
    assert ran.returncode == 4
    assert "needs a shared PostgreSQL store" in ran.stderr


def test_run_without_detach_drives_here_on_the_shared_store(tmp_path: Path, pg_url: str) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=2, latency_ms=0))
    ws = tmp_path / "roots" / "here"
    ws.mkdir(parents=True)
    (ws / "effects.log").write_text(MARK + "\n", encoding="utf-8")
    ran = coord(
        "run",
        "task",
        "--agent",
        "backend",
        "--workspace",
        ws,
        "--db",
        pg_url,
        "--json",
        "--provider",
        "scripted",
        "--script",
        script,
        "--agents-dir",
        agents,
        "--only",
    )
    assert ran.returncode == 0, ran.stderr
    assert (ws / "effects.log").read_text().splitlines()[1:] == ["hop 2", "hop 1"]
    with closing(store_at(pg_url)) as store:
        assert [s.status for s in store.sessions()] == ["complete"]
        assert store.jobs() == []  # nothing was queued for workers
