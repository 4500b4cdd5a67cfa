"""Async UserPromptSubmit hooks on the paths that drive nothing here: a session queued for
the workers (``coord run --detach``), an answer queued for them (``coord resume --detach``)
and an answer refused by a hook. A queued one is left to the worker (hooks112: stored owed,
not started here); a refused answer's is settled (waited for, then killed: logged so)
before the call returns, as a drive's end does; a long-running process (``coord mcp``,
``coord worker``) is left with none of them running. Real hook scripts; synchronised on a
FIFO the hook writes its pids to, never on sleeps."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from kit import blocked, report, team
from test_hooks import Run
from test_hooks7_resume import GUARD
from test_hooks_async import ended

from coordinator.errors import UserError
from coordinator.runtime import hook_async
from coordinator.runtime.hook_async import Background

TURNS = [{"text": blocked("Tests", "test plan")}, {"text": report("Complete", "Done")}]


def forever(pids: Path) -> dict[str, Any]:
    """An async UserPromptSubmit hook whose shell and a child in its process group write
    their pids to the FIFO ``pids``, then wait forever (its timeout: 600 s)."""
    command = f"sleep 1000 & echo $$ $! > {pids}; wait"
    return {"type": "command", "command": command, "async": True, "timeout": 600}


def hooks(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"UserPromptSubmit": [{"hooks": list(entries)}]}


class Held:
    """``Background.settle`` held until the hook has written its pids (so it runs, and its
    kill is seen), then settled with no grace: the hook is killed at once."""

    def __init__(self, pids: Path, monkeypatch: pytest.MonkeyPatch):
        os.mkfifo(pids)
        self.pids = pids
        self.seen: list[int] = []
        original = Background.settle
        monkeypatch.setattr(hook_async, "ASYNC_GRACE", 0)

        async def settle(bg: Background, session_id: str, grace: float | None = None) -> None:
            if bg.running(session_id) and not self.seen:
                text = await asyncio.to_thread(self.pids.read_text)  # until the hook runs
                self.seen += [int(p) for p in text.split()]
            await original(bg, session_id, grace)

        monkeypatch.setattr(Background, "settle", settle)

    def assert_killed(self, r: Run, sid: str) -> None:
        """The hook no longer runs, its process group is gone, its kill is logged."""
        assert not r.engine.hooks.background.running(sid)  # type: ignore[union-attr]
        shell, child = self.seen
        assert ended(shell) and ended(child)
        notes = [e["note"] for e in r.hook_events(sid)]
        assert hook_async.ENDED in notes


@contextlib.asynccontextmanager
async def cleaning(r: Run, held: Held) -> AsyncIterator[None]:
    """A failed test leaves no hook running (nor a hook blocked on the FIFO)."""
    try:
        yield
    finally:
        background = r.engine.hooks.background  # type: ignore[union-attr]
        tasks = [t for t in list(background._running) if not t.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for pid in held.seen:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)


def queued(r: Run, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sessions ``r``'s store hands to the workers (SQLite has none: recorded here)."""
    found: list[str] = []
    monkeypatch.setattr(r.store, "enqueue", lambda sid, resume_flags=None: found.append(sid))
    return found


async def test_a_detached_start_leaves_its_async_prompt_hooks_to_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``coord run --detach`` (and a detached batch): the session is queued, and the async
    UserPromptSubmit hook it fired is not started here (hooks112: its output reached no
    run), but stored owed with the queueing, for the worker that drives it: nothing of
    it runs once ``start`` returns."""
    r = Run(tmp_path, {"backend": TURNS}, hooks(forever(tmp_path / "pids")))
    sent = queued(r, monkeypatch)
    result = await r.engine.start("Add tasks", agent="backend", detach=True)
    sid = result.session_id
    assert result.status == "running" and sent == [sid]
    assert_owed(r, sid, "Add tasks")


def assert_owed(r: Run, sid: str, prompt: str) -> None:
    """``sid``'s async UserPromptSubmit hook neither runs nor ran: it is owed, with the
    input it was fired with."""
    assert not r.engine.hooks.background.running(sid)  # type: ignore[union-attr]
    assert r.hook_events(sid) == []
    [owed] = [e for e in r.store.events(sid) if e.kind == "hooks_owed"]
    assert (owed.data["event"], owed.data["input"]["prompt"]) == ("UserPromptSubmit", prompt)


async def waiting(r: Run, monkeypatch: pytest.MonkeyPatch) -> str:
    """A session of ``r`` waiting for a person's answer (no consultant for its question),
    started before the hooks that the test is about fire."""
    hooks_of = r.engine.hooks
    monkeypatch.setattr(r.engine, "hooks", None)  # the first prompt fires no hook
    result = await r.engine.start("Add tasks", agent="backend")
    monkeypatch.setattr(r.engine, "hooks", hooks_of)
    assert result.status == "waiting"
    return result.session_id


async def test_a_detached_resume_leaves_its_answers_async_hooks_to_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``coord resume --detach``: the answer is recorded and queued, and its async
    UserPromptSubmit hook is not started here but stored owed with the queueing, for the
    worker that drives the answered run (hooks112)."""
    r = Run(
        tmp_path,
        {"backend": TURNS},
        hooks(forever(tmp_path / "pids")),
        registry=team("backend"),
    )
    sid = await waiting(r, monkeypatch)
    sent = queued(r, monkeypatch)
    result = await r.engine.resume(sid, context="plan: none", detach=True)
    assert result.status == "running" and sent == [sid]
    assert_owed(r, sid, "plan: none")


async def test_a_refused_detached_answer_settles_its_async_hooks_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer queued for the workers but refused by a UserPromptSubmit hook: nothing is
    queued, so the async hook held for the worker runs here and is settled before the
    refusal is raised (killed: logged), as for an answer refused without ``--detach``."""
    held = Held(tmp_path / "pids", monkeypatch)
    guard = {"type": "command", "command": GUARD.format(log=tmp_path / "guard.log")}
    r = Run(
        tmp_path, {"backend": TURNS}, hooks(guard, forever(held.pids)), registry=team("backend")
    )
    sid = await waiting(r, monkeypatch)
    sent = queued(r, monkeypatch)
    async with cleaning(r, held):
        with pytest.raises(UserError, match="no secrets in answers"):
            await r.engine.resume(sid, context="the secret is 42", detach=True)
        held.assert_killed(r, sid)
    assert sent == [] and r.store.session(sid).status == "waiting"


async def test_a_refused_answer_settles_its_async_hooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer refused by a UserPromptSubmit hook (the session still waits): the async
    hook fired with it is settled before the refusal is raised (killed: logged), as in a
    ``coord mcp`` server, whose process goes on."""
    held = Held(tmp_path / "pids", monkeypatch)
    guard = {"type": "command", "command": GUARD.format(log=tmp_path / "guard.log")}
    r = Run(
        tmp_path, {"backend": TURNS}, hooks(guard, forever(held.pids)), registry=team("backend")
    )
    sid = await waiting(r, monkeypatch)
    async with cleaning(r, held):
        with pytest.raises(UserError, match="no secrets in answers"):
            await r.engine.resume(sid, context="the secret is 42")
        held.assert_killed(r, sid)
    assert r.store.session(sid).status == "waiting"


class Crash(BaseException):
    """A stop that is no ``UserError`` (as a cancelled request of ``coord mcp``)."""


async def test_a_stop_before_the_drive_kills_the_async_hooks_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stop by anything but a ``UserError`` after the hooks started (here as the stored
    session's drive begins): they are killed at once, not waited for nor left to their
    timeout. One stopped while the session is created never starts them (mend110: they
    start once it is stored)."""
    r = Run(tmp_path, {"backend": TURNS}, hooks(forever(tmp_path / "pids")))
    background = r.engine.hooks.background  # type: ignore[union-attr]

    def create(*args: Any) -> str:
        raise Crash

    with monkeypatch.context() as patched:
        patched.setattr(r.store, "create_session", create)
        with pytest.raises(Crash):
            await r.engine.start("Add tasks", agent="backend")
    assert not background._running  # never started: no session to run them in

    async def drive(*args: Any) -> None:
        raise Crash

    monkeypatch.setattr(r.engine.runner, "drive", drive)
    with pytest.raises(Crash):
        await r.engine.start("Add tasks", agent="backend")
    tasks = list(background._running)
    try:
        assert tasks and all(t.cancelling() for t in tasks)  # killed, not awaited
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
