"""review110: a worker's queue connections are told apart from every other worker's by the
sweep, whatever its host's name is. PostgreSQL keeps 63 bytes of ``application_name``; ops104
named them ``coord worker HOST:PID:TAG`` and compared the first 60 bytes: on a host with a
long name (an EC2 ``ip-172-31-105-210.ap-southeast-2.compute.internal``) that left out the tag:
two workers in containers sharing the host's network (its name) and each the container's
pid 1 passed for one, so while one lived, the other one's sessions, killed, waited
``--lease`` for the stalled-worker sweep instead of being handed on at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import write_agents, write_script
from test_ops104_pg import end_backend, holder_of, until_in_flight
from test_team47_workers_pg import peer_sweep
from test_workers_pg import InProcessWorker, chain, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

HOST = "ip-172-31-105-210.ap-southeast-2.compute.internal"


def test_a_killed_workers_session_is_handed_on_beside_a_live_one_on_a_long_named_host(
    tmp_path: Path, pg_url: str
) -> None:
    """Worker ``HOST:1:aaaaaa`` lives (its queue connections stand); the claim is another
    worker's on the same host, ``HOST:1:bbbbbb`` (another container), whose connections are
    all gone (killed), its holder too: the sweep hands the session on at once."""
    import psycopg

    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    roots, lease = tmp_path / "roots", 60.0
    roots.mkdir()
    live = InProcessWorker(  # its own sweep once, as it starts: the peer's is the one
        pg_url, roots, lease=lease, sweep=3600.0, worker_id=f"{HOST}:1:aaaaaa"
    )
    try:
        live.line_with(" ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        live.line_with(f"driving {sid} epoch 1")
        until_in_flight(gate, live)
        with psycopg.connect(pg_url, autocommit=True) as con:  # the killed neighbour's claim
            con.execute(
                "UPDATE coordinator_jobs SET worker = %s WHERE session_id = %s",
                (f"{HOST}:1:bbbbbb", sid),
            )
        pid, _ = holder_of(pg_url, sid)
        end_backend(pg_url, pid)
        assert peer_sweep(pg_url, roots, lease) == [sid]
    finally:
        gate.touch()
        live.stop()
