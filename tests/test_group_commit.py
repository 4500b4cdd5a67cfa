"""Group commit in a batch: sessions of one process reaching a commit in the same event-loop
tick share one COMMIT, and every session's state is still committed before its next model
call (seen from another connection, as a process restarted after kill -9 would see it)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import Harness, blocked, report, scripted

from coordinator.events import Routed
from coordinator.prompts import final_text, prompt_text
from coordinator.runtime.batch import BatchTask, run_batch
from coordinator.store.db import Store
from coordinator.store.faults import StoreError

TURNS = {
    "backend": [
        {"text": blocked("Database", "User schema")},
        {"expect": "[coordinator:resume]", "text": report("Complete")},
    ],
    "dba": [{"text": "email: str\n" + report("Complete", "Schema")}],
}


def _is_prompt(content: Any) -> bool:
    return isinstance(content, list) and bool(content) and isinstance(content[0], str)


def sent_contents(rows: list[tuple[int, int, str, str]]) -> list[Any]:
    """Stored ``messages`` rows' contents as they were sent (a consult task or resume
    message is kept by its pieces: ``prompts.StoredPrompt``, hop45; the text it quotes as
    the message that holds it, hop51)."""
    said: dict[int, list[Any]] = {}
    for run, _, role, content in sorted(rows):
        said.setdefault(run, []).append({"role": role, "content": json.loads(content)})

    def final(run: int, idx: int) -> str:
        upto = said[run][: idx + 1]
        return final_text(
            [m if not _is_prompt(m["content"]) else {**m, "content": ""} for m in upto]
        )

    return [
        prompt_text(m["content"], final) if _is_prompt(m["content"]) else m["content"]
        for messages in said.values()
        for m in messages
    ]


class CommittedFirst:
    """A provider that, before answering, checks from its own connection that the message
    the call answers is committed."""

    def __init__(self, db: Path, inner: Any):
        self.db = db
        self.inner = inner
        self.name = "committed-first"
        self.checked = 0

    async def complete(self, request: Any) -> Any:
        with closing(sqlite3.connect(self.db)) as con:
            stored = con.execute("SELECT run_id, idx, role, content FROM messages").fetchall()
        assert request.messages[-1]["content"] in sent_contents(stored), (
            f"{request.agent} was called before its state was committed"
        )
        self.checked += 1
        return await self.inner.complete(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_a_batch_shares_commits_and_commits_before_each_model_call(tmp_path: Path) -> None:
    db = tmp_path / "sessions.db"
    provider = CommittedFirst(db, scripted(TURNS))
    h = Harness(tmp_path, {}, provider=provider)
    commits: list[str] = []
    h.store._db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    tasks = [BatchTask(f"Endpoint number {i}", "backend") for i in range(30)]
    items = await run_batch(h.engine, tasks)
    assert [i.result.status if i.result else i.error for i in items] == ["complete"] * 30
    assert provider.checked == 90  # every call of every session was checked
    assert len(commits) < 30 * 4  # shared: alone, each 2-run chain commits 4 times
    with closing(sqlite3.connect(db)) as con:  # all of it is committed at the end
        statuses = con.execute("SELECT status FROM sessions").fetchall()
    assert statuses == [("complete",)] * 30


def owing_one_event(db: Path) -> tuple[Store, str]:
    """A store sharing commits, with one session whose "owed" event is not committed yet."""
    store = Store.open(db)
    store.share_commits(True)
    sid = store.create_session("r", Path("."), {})
    with store.transaction(group=True):
        store.add_event(Routed(sid, None, request="r", agent="owed"))
    return store, sid


async def test_a_failed_block_rolls_back_alone_while_a_commit_is_owed(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store, sid = owing_one_event(db)
    with pytest.raises(RuntimeError), store.transaction():
        store.add_event(Routed(sid, None, request="r", agent="lost"))
        raise RuntimeError("this block fails")
    with closing(sqlite3.connect(db)) as con:  # not yet committed: another reader sees none
        assert con.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 0
    await store.durable()
    with closing(sqlite3.connect(db)) as con:
        kinds = [json.loads(r[0])["agent"] for r in con.execute("SELECT data FROM events")]
    assert kinds == ["owed"]
    store.close()


async def test_an_ordinary_transaction_commits_what_is_owed(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store, sid = owing_one_event(db)
    store.add_event(Routed(sid, None, request="r", agent="plain"))
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 2
    await store.durable()  # nothing left to wait for
    store.close()


async def test_owed_writes_lost_with_a_whole_transaction_stop_every_waiter(tmp_path: Path) -> None:
    store, sid = owing_one_event(tmp_path / "s.db")
    with pytest.raises(sqlite3.OperationalError), store.transaction():
        store._db.execute("ROLLBACK")  # as SQLite does on some I/O errors: all of it is gone
        store._db.execute("RELEASE grouped")  # the savepoint went too
    with pytest.raises(StoreError, match="writes of sessions in this process were lost"):
        await store.durable()
    assert store.events(sid) == []
    store.close()
