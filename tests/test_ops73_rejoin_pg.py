"""ops73: a shared reconnect cancelled while its thread was still opening the connection
(the session's drive ended, the worker stopped) leaves no connection open on the server
once that thread is done: nobody holds the connection it opened, so it is freed, and
closed, as the thread ends (a guard: review69 and ops72 asked whether it leaked)."""

from __future__ import annotations

import asyncio
import threading
import weakref
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from test_ops72_rewake_pg import claimed_store
from test_workers_pg import end_connections

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def backends_gone(url: str) -> bool:
    """Whether the other client connections to the test's database all end (polled on
    one connection for up to ~10 s: a connection opened per look leaves its own backend
    exiting in ``pg_stat_activity`` as the next look is taken)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as con:
        for _ in range(2_000):
            [(n,)] = con.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            ).fetchall()
            if n == 0:
                return True
            con.execute("SELECT pg_sleep(0.005)")
    return False


async def cancelled_while_opening(store: Any, asked: threading.Event, go: threading.Event) -> None:
    """Ask the store to wait for its server, and cancel that wait (its only awaiter) once
    its thread is opening the connection."""
    wait = asyncio.ensure_future(store.rejoin())
    assert await asyncio.to_thread(asked.wait, 60)
    wait.cancel()
    with pytest.raises(asyncio.CancelledError):
        await wait
    go.set()  # the thread's connect goes through, after its wait was cancelled


def test_a_cancelled_reconnect_leaves_no_connection_open(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.store import pg

    store, _ = claimed_store(tmp_path, pg_url)
    asked, go = threading.Event(), threading.Event()
    opened: list[weakref.ref[Any]] = []
    real_open = pg._open

    def slow(*args: Any) -> Any:  # a connect the network holds up
        asked.set()
        go.wait(60)
        raw = real_open(*args)
        opened.append(weakref.ref(raw))
        return raw

    monkeypatch.setattr(pg, "_open", slow)
    with closing(store):
        end_connections(pg_url)
        asyncio.run(cancelled_while_opening(store, asked, go))  # (its thread joined)
        [raw] = opened
        assert raw() is None or raw().closed
        assert backends_gone(pg_url)
