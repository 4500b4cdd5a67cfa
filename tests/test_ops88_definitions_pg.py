"""ops88: parallel submits of one agent on a shared store do not wait for each other on its
stored definition: each transaction locks the row in share mode (``FOR KEY SHARE``, as its
run's foreign key does), no longer for update. Before, each took the row for update until
its commit, so 18 parallel ``coord run --detach`` ran their transactions one at a time
(bench/bench_ops88_submits.py). A prune still waits for them (test_definition_snapshots)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from storefixtures import open_at
from test_definition_snapshots import spec

from coordinator.roster.snapshot import snapshot


def test_two_transactions_storing_one_definition_do_not_wait_for_each_other(
    pg_fresh: str,
) -> None:
    snap = snapshot(spec("backend", "v1"))
    with closing(open_at(pg_fresh)) as first, closing(open_at(pg_fresh)) as second:
        first.save_definition(snap.digest, snap.name, snap.source, snap.text)  # stored once
        ids = [s.create_session(f"task {n}", Path("."), {}) for n, s in enumerate((first, second))]
        second._pg.run("SET lock_timeout = '200ms'")  # waiting for the first: a StoreError
        with first.transaction():
            first.save_definition(snap.digest, snap.name, snap.source, snap.text)
            with second.transaction():  # the second submit, while the first is open
                second.save_definition(snap.digest, snap.name, snap.source, snap.text)
                second.start_run(
                    ids[1], agent="backend", model="m", depth=0, max_turns=1,
                    first_message={"role": "user", "content": "hi"}, definition=snap.digest,
                )  # fmt: skip
            first.start_run(
                ids[0], agent="backend", model="m", depth=0, max_turns=1,
                first_message={"role": "user", "content": "hi"}, definition=snap.digest,
            )  # fmt: skip
        assert [list(first.definitions(sid)) for sid in ids] == [[snap.digest]] * 2
