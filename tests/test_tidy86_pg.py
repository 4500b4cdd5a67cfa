"""tidy86: a fresh worker connection whose schema read fails (real PostgreSQL).

A worker's store the server ended is opened again by ``Stores.get``. A psycopg error after
the new connection's BEGIN, in the schema read (here a ``lock_timeout`` the database sets
while another coord holds the migration lock), escaped ``Stores.get`` as psycopg's own
error, and the slot's store was gone: every later job of that slot waited forever. Failed
on the start commit fde0075a.
"""

from __future__ import annotations

import pytest

from coordinator.store.faults import StoreError, StoreFault

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


async def test_a_schema_read_that_fails_on_a_fresh_connection_keeps_the_slot(
    pg_url: str,
) -> None:
    import psycopg

    from coordinator.runtime.worker import Stores, WorkerConfig
    from coordinator.store.pg import LOCK_SPACE, PgStore

    PgStore.connect(pg_url).close()  # the tables, created
    stores = Stores(WorkerConfig(pg_url, ()))
    owner = psycopg.connect(pg_url, autocommit=True)
    try:
        ended = await stores.get()
        owner.execute("SELECT pg_terminate_backend(%s)", (ended._pg.raw.info.backend_pid,))
        with pytest.raises(StoreError):
            ended.jobs()  # the store finds its connection ended
        assert ended.broken
        stores.put(ended)
        db = pg_url.rsplit("/", 1)[1]
        owner.execute(f"ALTER DATABASE {db} SET lock_timeout = '50ms'")  # type: ignore[arg-type]
        owner.execute("SELECT pg_advisory_lock(%s, 0)", (LOCK_SPACE,))  # a migration under way
        with pytest.raises(StoreError) as refused:
            await stores.get()
        assert refused.value.fault == StoreFault.IO
        assert "lock timeout" in str(refused.value) and "\n" not in str(refused.value)
        owner.execute("SELECT pg_advisory_unlock(%s, 0)", (LOCK_SPACE,))
        fresh = await stores.get()  # the slot kept its store: opened again at the next try
        assert not fresh.broken and fresh is not ended
        assert fresh.jobs() == []
        stores.put(fresh)
    finally:
        owner.close()
        stores.close()


def test_a_command_whose_schema_read_times_out_says_so_in_one_line(pg_url: str) -> None:
    """The same window for a command: one line naming the database, exit 4."""
    import psycopg
    from cli import coord

    from coordinator.store.pg import LOCK_SPACE

    assert coord("sessions", "--db", pg_url).returncode == 0  # the tables, created
    with psycopg.connect(pg_url, autocommit=True) as owner:
        db = pg_url.rsplit("/", 1)[1]
        owner.execute(f"ALTER DATABASE {db} SET lock_timeout = '50ms'")  # type: ignore[arg-type]
        owner.execute("SELECT pg_advisory_lock(%s, 0)", (LOCK_SPACE,))
        listed = coord("sessions", "--db", pg_url)
    assert listed.returncode == 4, listed.stderr
    [line] = listed.stderr.strip().splitlines()[:1]
    assert "lock timeout" in line and "Traceback" not in listed.stderr
