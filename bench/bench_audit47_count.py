"""What a cut ``coord sessions`` list's count costs (audit47): bounded at 1,001 matches
(audit46) and now also at the newest 5,000 sessions read.

``make DB N``: a SQLite store of ``N`` sessions of one run each, one second apart, agent
``backend``, every 600th (oldest first) ``dba`` with a request holding ``rare``.
``count TREE DB MODE``: one count with ``TREE``'s code (its working folder), to run under
callgrind (``PYTHONHASHSEED=0``); ``MODE``: ``open`` (the store opened only, to subtract),
``backend`` (``--agent backend``: matches everywhere), ``rare`` (``--search rare``: one
match in 600). Results: RESULTS.md, "audit47".
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path


def make(db: Path, total: int) -> None:
    """The store of ``total`` sessions."""
    from coordinator.store.db import Store

    store = Store.open(db)
    first = {"role": "user", "content": "hi"}
    with store.transaction():
        for n in range(total):
            rare = n % 600 == 0
            sid = store.create_session("rare fix" if rare else "add a route", db.parent, {})
            agent = "dba" if rare else "backend"
            store.start_run(sid, agent=agent, model="m", depth=0, max_turns=5, first_message=first)
    store.close()


def count(db: Path, mode: str) -> None:
    """One count of ``mode``'s query, as a cut list makes it, with this tree's code."""
    from coordinator.store.db import SessionQuery, Store

    store = Store.open(db, create=False)
    if mode != "open":
        query = SessionQuery(agent="backend") if mode == "backend" else SessionQuery(search="rare")
        bounded = len(inspect.signature(store.count_sessions).parameters) == 3
        found = (
            store.count_sessions(query, 1001, 5000)
            if bounded
            else store.count_sessions(query, 1001)
        )
        print(found)
    store.close()


if __name__ == "__main__":
    if sys.argv[1] == "make":
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        make(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.path.insert(0, sys.argv[2])
        count(Path(sys.argv[3]), sys.argv[4])
