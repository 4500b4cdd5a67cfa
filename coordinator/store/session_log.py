"""What ``coord log`` reads of one stored session: its JSON (:func:`log_json`), its
transcript (:func:`transcript`), following it while it runs (:func:`follow`), and why
the LLM router's choice fell back (:func:`router_fallback`). Part of the read model of
stored sessions, built from :class:`~coordinator.store.db.Store` rows only.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from coordinator.event_kinds import EventKind
from coordinator.sanitize import shown_name
from coordinator.status import ANSWERED_BY_PERSON, RunStatus, SessionStatus, waiting_for
from coordinator.store.db import RunRow, SessionRow, Store
from coordinator.store.files_changed import changed_files
from coordinator.store.rows import EventRow, ToolCallRow
from coordinator.store.run_tree import _forked_skills, chain_of, session_refused
from coordinator.store.session_status import (
    DRIVE_ENDS,
    asked_of,
    continued_with,
    driver_of,
    ended_at,
    interruption,
    is_live,
    session_ended_at,
    shown_state,
    shown_status,
    stopped_reason,
    wait_of,
)
from coordinator.store.spend import totals

JSON = dict[str, Any]

#: ``coord log --json``'s ``format_version`` (docs/log-json.md): raised when a field is
#: removed or renamed or its meaning changes; a field added leaves it as it is.
LOG_FORMAT_VERSION = 1


def log_json(store: Store, session: SessionRow, reach: tuple[str, ...] = ()) -> JSON:
    """``coord log --json``: the session, the options it was started with (provider,
    model, base URL, Bash and its sandbox, hooks), what a waiting one asks (``question``,
    ``waiting_for``, as ``coord sessions --json`` lists them), how to continue it
    (``resume``, ``hint``: :func:`continued_with`), its tree and its event log."""
    status, queued_at = shown_state(store, session)
    resume, hint = continued_with(store, session.id, status, reach)
    said = interruption(store, session.id, status)
    asked = asked_of(store, session) if status == SessionStatus.WAITING else None
    wait = wait_of(store, session, asked) if status == SessionStatus.WAITING else None
    events = store.events(session.id)
    queued = queued_at is not None
    root = chain_of(store, session.id, live=is_live(status), events=events, queued=queued)
    tokens, cost = totals(store, session.id)
    runs = store.runs(session.id)
    return {
        "format_version": LOG_FORMAT_VERSION,
        "session": session.id,
        "agent": runs[0].agent if runs else None,  # as `coord sessions --json` (daily113)
        "request": session.request,
        "workspace": session.workspace,
        "status": status,
        "reason": stopped_reason(store, session, status) or session.reason,
        "fix": None if said is None else said[1],  # what to fix before resuming
        "tokens": tokens,
        "cost_usd": round(cost, 6),
        "created_at": session.created_at,
        "ended_at": ended_at(session, runs),  # null: it has not ended
        "queued_at": queued_at,
        "worker": driver_of(store, session.id, status, queued_at),
        "question": asked,  # as `coord run` and `coord sessions --json` give them
        "waiting_for": waiting_for(*wait, session.id, reach) if wait is not None else None,
        "resume": resume,  # as `coord run --json` gives them
        "hint": hint,
        "options": session.options,  # how it was run: provider, model, Bash, hooks
        "files": changed_files(store, session.id),  # as `coord run --json` has them
        "chain": root.to_json() if root else None,
        "events": [
            {"seq": e.seq, "run": e.run_id, "kind": e.kind, "at": e.at, **e.data} for e in events
        ],
    }


def stored_outcome(store: Store, session_id: str) -> JSON:
    """What a result's ``--json`` adds from the store (``coord run``/``resume``, a batch
    item): the workspace ``files`` the session changed, the tool calls it had ``refused``
    and when it ended, ``ended_at`` (epoch seconds, null while it has not ended), as
    ``coord log --json`` and ``coord sessions --json`` name them (daily113)."""
    row = store.session(session_id)
    return {
        "files": changed_files(store, session_id),
        "refused": session_refused(store, session_id),
        "ended_at": session_ended_at(store, row),
    }


def router_fallback(store: Store, session_id: str) -> str | None:
    """Why the LLM router (``router: llm``) could not settle the session's routing and the
    lexical choice stands; None when it was not asked or it settled it (the ``routed``
    event's ``router_fallback``)."""
    for event in store.events(session_id):
        if event.kind == EventKind.ROUTED:
            return str(event.data.get("router_fallback") or "") or None
    return None


#: How often ``coord log --follow`` looks for new events (seconds).
FOLLOW_POLL = 0.25


def follow(store: Store, session_id: str) -> Iterator[int]:
    """Yield the latest event number each time the session's log grows, until the session
    is no longer being driven (its last state included)."""
    seen = -1
    while True:
        last = store.last_event(session_id)
        live = shown_status(store, store.session(session_id)) == SessionStatus.RUNNING
        if last != seen:
            seen = last
            yield last
        if not live:
            return
        time.sleep(FOLLOW_POLL)


def wait_until_stopped(store: Store, session_id: str) -> None:
    """Block until nobody drives the session (``coord log --follow --json``)."""
    for _ in follow(store, session_id):
        pass


def stopped_exit_code(store: Store, session_id: str) -> int:
    """The exit code ``coord log --follow`` ends with once the session stopped: the one
    ``coord run`` gives a session shown so (0 complete, 1 failed, 2 needs review, 3
    waiting, 75 interrupted: resumable), so a job that waits for a session another process drives (a
    detached one, a background agent's) tells its outcome as that process would: an
    interruption by a user error (a rejected key, a database fault) the code that error
    gave (4), by Ctrl-C 130 (SIGTERM 143), as its ``interrupted`` event recorded it."""
    status = SessionStatus(shown_status(store, store.session(session_id)))
    if status is SessionStatus.INTERRUPTED:  # by what, unless taken up again since
        last = store.last_of(session_id, DRIVE_ENDS)
        code = last[1].get("exit_code") if last is not None else None
        if isinstance(code, int) and not isinstance(code, bool):
            return code
    return status.exit_code


class Said(StrEnum):
    """The ``kind`` of a ``coord log --transcript`` entry (``--json``; the text view shows
    each with spaces: ``[to agent]``). ``to_agent`` was ``to agent`` in earlier builds (the
    entries are made from the stored messages when read: nothing stored holds it)."""

    RUN = "run"
    TO_AGENT = "to_agent"  # what the agent was told: its task, a consult's answer, a nudge
    ASSISTANT = "assistant"
    PERSON = "person"  # a person's answer to the agent's question
    TOOL_CALL = "tool_call"
    TOOL_RESULT = "tool_result"
    FAILED = "failed"  # how a failed run ended, as the tree says it (its last entry)

    @property
    def label(self) -> str:
        """As the text view shows it."""
        return self.value.replace("_", " ")


def transcript(store: Store, session_id: str) -> list[JSON]:
    """``coord log --transcript``: each run's conversation in order — what the agent was
    told, what it wrote, each tool call with its input and result, and a person's answers;
    a failed run's last entry says why it failed (a refusal's text is not stored: the
    failure is what the tree shows). A call that ran with another input than the model's
    (a PreToolUse hook's ``updatedInput``) has it as ``ran_with``."""
    answered = {
        e.parent_run_id
        for e in store.delegations(session_id)
        if e.answered_by == ANSWERED_BY_PERSON
    }
    ran: dict[tuple[object, object], ToolCallRow] = {
        (c.run_id, c.tool_use_id): c for c in store.all_tool_calls(session_id)
    }
    entries: list[JSON] = []
    runs = store.runs(session_id)
    events = store.events(session_id)
    places = run_places(runs, _forked_skills(events))
    times = _Times.of(events)
    for run in runs:
        entries.append(
            {
                "kind": Said.RUN,
                "run": run.id,
                "agent": run.agent,
                "model": run.model,
                "place": places[run.id],
                "at": times.started.get(run.id),
            }
        )
        entries += times.said(run, store.messages(run.id), run.id in answered, ran)
        if run.status == RunStatus.FAILED:
            entries.append({**_failure_entry(run), "at": times.ended.get(run.id)})
    for entry in entries:  # what ran, when not what the model asked (a hook's updatedInput)
        call = (
            ran.get((entry.get("run"), entry.get("id")))
            if entry["kind"] == Said.TOOL_CALL
            else None
        )
        if call is not None and (executed := store.tool_input(call)) != entry["input"]:
            entry["ran_with"] = executed
    return entries


@dataclass
class _Times:
    """When the transcript's entries were said, from the event log and the tool calls'
    rows (audit105): a run's start, each model call's end (the assistant's words and
    calls), each tool call's start and end, a failed run's end; None where the store keeps
    no time (what the agent was told, a person's answer: they went with the next call)."""

    started: dict[int, float]
    ended: dict[int, float]
    calls: dict[int, list[float]]

    @classmethod
    def of(cls, events: list[EventRow]) -> _Times:
        """The times ``events`` (a session's log) give."""
        started: dict[int, float] = {}
        ended: dict[int, float] = {}
        calls: dict[int, list[float]] = {}
        for e in events:
            if e.run_id is None:
                continue
            if e.kind == EventKind.RUN_STARTED:
                started.setdefault(e.run_id, e.at)
            elif e.kind == EventKind.RUN_ENDED:
                ended[e.run_id] = e.at
            elif e.kind == EventKind.MODEL_CALL:
                calls.setdefault(e.run_id, []).append(e.at)
        return cls(started, ended, calls)

    def said(
        self,
        run: RunRow,
        messages: list[JSON],
        has_person: bool,
        ran: Mapping[tuple[object, object], ToolCallRow],
    ) -> list[JSON]:
        """The entries of ``run``'s ``messages``, each with its ``at``: an assistant
        message's its model call's (the n-th of the run; none when the counts differ), a
        tool call's and result's its row's."""
        answers = self.calls.get(run.id, [])
        if len(answers) != sum(m["role"] == "assistant" for m in messages):
            answers = []
        out: list[JSON] = []
        for message in messages:
            at = answers.pop(0) if message["role"] == "assistant" and answers else None
            for entry in _message_entries(run, message, has_person):
                call = ran.get((run.id, entry.get("id")))
                if call is None or entry["kind"] not in (Said.TOOL_CALL, Said.TOOL_RESULT):
                    entry["at"] = at
                else:
                    tool = entry["kind"] == Said.TOOL_CALL
                    entry["at"] = call.started_at if tool else call.ended_at
                out.append(entry)
        return out


def _failure_entry(run: RunRow) -> JSON:
    """The transcript's last entry of failed ``run``: its kind of failure and why."""
    return {
        "kind": Said.FAILED,
        "run": run.id,
        "agent": run.agent,
        "failure_kind": run.failure_kind,
        "text": run.failure or "",
    }


def run_places(runs: list[RunRow], forked: dict[int, str]) -> dict[int, str]:
    """Where each of a session's ``runs`` (in the order they started) stands in its chain,
    as a person tells them apart: "the request" (the agent it went to), "consult 2 of 3
    for backend" (the second of three consultants, asked by backend), "skill 'survey'
    forked by backend" (a run of ``forked``: run id -> its ``context: fork`` skill). The
    transcript said "run 3", the database's id: a number no other view shows, different
    per backend."""
    agents = {run.id: run.agent for run in runs}
    places = {run.id: "the request" for run in runs if run.parent_run_id is None}
    consults = [run for run in runs if run.parent_run_id is not None and run.id not in forked]
    for number, run in enumerate(consults, 1):
        asker = agents.get(run.parent_run_id or 0, "another agent")
        places[run.id] = f"consult {number} of {len(consults)} for {asker}"
    for run in runs:
        if run.parent_run_id is not None and run.id in forked:
            asker = agents.get(run.parent_run_id, "another agent")
            places[run.id] = f"skill '{shown_name(forked[run.id])}' forked by {asker}"
    return places


#: How the coordinator's message of a person's answer starts, in every build
#: (``prompts.person_resume_message``); a message that only quotes these words (a
#: consultant's answer) is no person's.
_PERSON_ANSWERED = "[coordinator:resume] A person answered your blocker."


def _message_entries(run: RunRow, message: JSON, has_person: bool) -> list[JSON]:
    content = message["content"]
    blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
    out: list[JSON] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "text":
            text = str(block.get("text", ""))
            who = Said.ASSISTANT if message["role"] == "assistant" else Said.TO_AGENT
            if has_person and text.startswith(_PERSON_ANSWERED):  # not quoted in another
                who = Said.PERSON
            out.append({"kind": who, "run": run.id, "agent": run.agent, "text": text})
        elif kind == "tool_use":
            out.append(
                {
                    "kind": Said.TOOL_CALL,
                    "run": run.id,
                    "agent": run.agent,
                    "id": block.get("id"),
                    "name": block.get("name"),
                    "input": block.get("input"),
                }
            )
        elif kind == "tool_result":
            out.append(
                {
                    "kind": Said.TOOL_RESULT,
                    "run": run.id,
                    "agent": run.agent,
                    "id": block.get("tool_use_id"),
                    "is_error": bool(block.get("is_error")),
                    "text": _result_text(block.get("content")),
                }
            )
    return out


def _result_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(b.get("text", "")) for b in content if isinstance(b, dict))
    return ""
