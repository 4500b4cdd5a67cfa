"""A job announced while a worker's fetch runs and finds nothing is fetched again:
Procrastinate clears its wake-up as the fetch returns, so the announcement was lost and the
worker waited for its next poll (tests/test_workers_pg.py's refused-claim-check test, with a
one-hour poll, saw it on a loaded machine: the session queued again was announced as its old
job ended, while the fetch its insert had woken still ran). A double of the connector makes
the race deterministic."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any


class Connector:
    """Procrastinate's connector as a worker's job queue uses it: its listener, and fetches
    that find nothing; ``announce_during``: the fetches during which a job is announced."""

    def __init__(self, announce_during: set[int]) -> None:
        self.announce_during = announce_during
        self.fetches = 0
        self.listening = asyncio.Event()
        self.on_notification: Any = None

    async def listen_notify(self, *, on_notification: Any, channels: Any) -> None:
        self.on_notification = on_notification
        self.listening.set()
        await asyncio.Event().wait()  # listens until cancelled

    async def execute_query_all_async(self, query: str, **arguments: Any) -> list[Any]:
        from coordinator.store.pgqueue import _FETCH_FIFO

        if query != _FETCH_FIFO:  # the fair fetch, first in a round: it finds nothing too
            return []
        self.fetches += 1  # (a round that found nothing ends with first in, first out)
        if self.fetches in self.announce_during:
            payload = json.dumps({"type": "job_inserted", "job_id": None})
            await self.on_notification("procrastinate_any_queue_v1", payload)
        return []


async def _fetches(announce_during: set[int]) -> tuple[int, int]:
    from coordinator.store.pgqueue import SessionJobs

    connector = Connector(announce_during)
    jobs = SessionJobs(connector, [Path("/roots")])
    heard: list[object] = []

    async def on_notification(**notification: Any) -> None:
        heard.append(notification)

    listener = asyncio.create_task(jobs.listen_for_jobs(on_notification=on_notification))
    await connector.listening.wait()
    try:
        assert await jobs.fetch_job(queues=None, worker_id=1) is None
    finally:
        listener.cancel()
    return connector.fetches, len(heard)


def test_a_job_announced_during_a_fetch_that_found_nothing_is_fetched_again() -> None:
    assert asyncio.run(_fetches({1})) == (2, 1)  # the worker was told, and looked again
    assert asyncio.run(_fetches({1, 2})) == (3, 2)


def test_a_fetch_that_found_nothing_with_nothing_announced_is_not_repeated() -> None:
    assert asyncio.run(_fetches(set())) == (1, 0)


def test_a_probe_the_database_refused_is_sent_again() -> None:
    """A worker paused while it probes its listener (before "ready") finds the probe's
    connection ended by the server (a transaction idle past the lease): it probes again
    instead of stopping with a traceback."""
    from procrastinate.exceptions import ConnectorException

    from coordinator.store.pgqueue import SessionJobs

    class Probed(Connector):
        probes = 0

        async def execute_query_async(self, query: str, **arguments: Any) -> None:
            self.probes += 1
            if self.probes == 1:
                raise ConnectorException("server closed the connection unexpectedly")
            payload = json.dumps({"type": "coordinator_probe"})
            await self.on_notification("procrastinate_any_queue_v1", payload)

    async def ready() -> int:
        connector = Probed(set())
        jobs = SessionJobs(connector, [Path("/roots")])

        async def on_notification(**notification: Any) -> None:
            pass

        listener = asyncio.create_task(jobs.listen_for_jobs(on_notification=on_notification))
        await connector.listening.wait()
        try:
            await jobs.until_listening(lambda: False)
        finally:
            listener.cancel()
        return connector.probes

    assert asyncio.run(ready()) == 2
