"""How sessions look: the delegation tree, the sessions table, live and plain progress.

Rendering only: the data comes from the read model (:mod:`coordinator.store.run_tree`,
:mod:`~coordinator.store.session_status`, :mod:`~coordinator.store.listing`, ...; never
from providers), so ``coord log`` and ``coord sessions`` stay light. Imported lazily
by the CLI; the engine never imports this module.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from coordinator.cli.printable import assemble, text
from coordinator.clip import clip, clip_listed, counted
from coordinator.event_kinds import EventKind
from coordinator.roster.fields import MCP_PREFIX
from coordinator.routing.reasons import TOP_REASON
from coordinator.sanitize import LINE_SEPARATORS, printable, shown_name, shown_word
from coordinator.status import (
    ANSWERED_BY_PERSON,
    DelegationStatus,
    NotStarted,
    RunStatus,
    SessionStatus,
    ShownRunStatus,
    WaitReason,
    left_uncommitted,
    resume_hint,
    resume_words,
    uncommitted_advice,
    wait_hint,
)
from coordinator.store.calls import question_ref
from coordinator.store.db import DelegationRow, EventRow, RunRow, SessionRow, Store
from coordinator.store.files_changed import moved_line, worktree_where
from coordinator.store.listing import SessionLine
from coordinator.store.resumes import resumed_said, started_line
from coordinator.store.run_tree import (
    QuestionNode,
    RunNode,
    bash_off_said,
    chain_of,
)
from coordinator.store.session_log import Said
from coordinator.store.session_status import (
    age,
    continued_with,
    driver_of,
    interruption,
    is_live,
    queued_words,
    shown_state,
    shown_status,
    stopped_reason,
)
from coordinator.store.spend import OFFLINE_MARK, StatsRow, stats_total, totals
from coordinator.store.time_words import clock, started, zone_of

if TYPE_CHECKING:
    import asyncio

    from coordinator.events import Event
    from coordinator.runtime.batch import BatchItem
    from coordinator.runtime.state import Question, SessionResult

STATUS_STYLE: dict[str, str] = {
    SessionStatus.COMPLETE: "green",
    SessionStatus.NEEDS_REVIEW: "yellow",
    SessionStatus.FAILED: "red",
    SessionStatus.WAITING: "magenta",
    SessionStatus.INTERRUPTED: "red",
    SessionStatus.RUNNING: "cyan",
    RunStatus.BLOCKED: "magenta",
    ShownRunStatus.QUEUED: "yellow",
    ShownRunStatus.FORKED: "cyan",
    NotStarted.USER_ERROR: "red",
}
WAITING_WHY: dict[str, str] = {
    WaitReason.NO_SPECIALIST: "no specialist for this domain",
    WaitReason.FOR_PERSON: "it asks for what no agent has",
    WaitReason.NO_DOMAIN: "the report names no domain",
    WaitReason.CYCLE: "consulting would go round in a cycle",
    WaitReason.DEPTH: "consult depth limit reached",
    WaitReason.BUDGET: "session budget spent",
    WaitReason.CONSULT_FAILED: "the consultant failed",
    WaitReason.TOOL_DEFERRED: "a hook deferred a tool call",
}


# ---- the chain as a rich tree -----------------------------------------------------------


def _clip(text: str, limit: int, *, at_word: bool = False) -> str:
    """``text`` on one line of at most ``limit`` characters, each control character already
    U+FFFD: measured as the console will show it (rich counts ESC as no column, so a row
    holding escape sequences grew past the width once the console replaced them);
    ``at_word``: cut after a whole word (:func:`coordinator.clip.clip`)."""
    return clip(printable(text), limit, at_word=at_word)


def chain_tree(store: Store, session: SessionRow) -> RenderableType:
    """request -> agent -> Blocked on Domain (Required) -> consultant -> answer -> resumed;
    drawn as a tree where it fits, else as a flat list (:class:`FittedTree`). Print it with
    ``crop=False``: an id or name wider than the console is shown whole."""
    return FittedTree(_chain_tree(store, session))


#: How ``coord log`` names an interruption's error and what to fix (:func:`log_view`).
_SAID = ("Interrupted", "To fix")


def log_view(store: Store, session: SessionRow, reach: tuple[str, ...] = ()) -> RenderableType:
    """``coord log``: the chain's tree, ended for a session to resume with the line
    ``coord run`` ends with (``Answer with: ...`` when a person is asked, else
    ``Continue with: ...``; ``reach``: the flags naming its store there, as ``--json``'s
    ``resume``; one line however wide, as a command to copy), or for one no worker has taken
    yet what it waits for, as ``run --detach`` said it (:meth:`Store.queued_note`: whether a
    live worker's root holds its workspace, the command that drives it; one line, a command
    in it to copy). An interrupted session whose error said what to fix shows the error and
    that above the line (:func:`~coordinator.store.session_status.interruption`). Print it with
    ``crop=False``."""
    status, queued_at = shown_state(store, session)
    tree = chain_tree(store, session)
    if queued_at is not None:
        note = store.queued_note(session.id, resumed=False)
        return Group(tree, text(note, no_wrap=True, overflow="ignore")) if note else tree
    hint = continued_with(store, session.id, status, reach)[1]
    if hint is None:
        return tree
    said = interruption(store, session.id, status)
    fix = (
        []
        if said is None
        else [text(f"{n}: {w}", style="red") for n, w in zip(_SAID, said, strict=True)]
    )
    return Group(tree, *fix, text(hint, no_wrap=True, overflow="ignore"))  # a command: one line


def _chain_tree(store: Store, session: SessionRow) -> Tree:
    """The chain as a rich tree."""
    tokens, cost = totals(store, session.id)
    status, queued_at = shown_state(store, session)
    driver = driver_of(store, session.id, status, queued_at)
    stopped = stopped_reason(store, session, status)
    events = store.events(session.id)
    started_as = started_line(events)
    head = assemble(
        ("session ", "dim"),
        (session.id, "bold"),
        "  ",
        _status(status),
        ("" if queued_at is None else f" ({queued_words(queued_at, time.time())})", "yellow"),
        ("" if stopped is None else f" ({_clip(stopped, 200, at_word=True)})", "red"),
        ("" if driver is None else f" on {driver}", "cyan"),
        (f"  {started(session.created_at)} {zone_of(session.created_at)}", "dim"),
        (f"  {_tokens(tokens)} tokens · ${cost:.4f}", "dim"),
    )
    tree = Tree(head)
    asked: RenderableType = text(f"“{_clip(session.request, 100, at_word=True)}”", style="italic")
    if started_as is not None:  # who asked, and the process that started it (audit112): a
        asked = Group(asked, text(started_as, style="dim"))  # line of the request, no node
    request = tree.add(asked)
    off = any(e.kind == EventKind.BASH_OFF for e in events)
    lines = _run_lines(events, bash_off_said(store, session.id, status, events) if off else "")
    for line in lines.pop(None, []):
        _add_line(request, line, "dim")
    queued = queued_at is not None
    root = chain_of(store, session.id, live=is_live(status), events=events, queued=queued)
    if root is not None:
        _add_run(request, root, lines, _held(store, session, status))
    return tree


def _held(store: Store, session: SessionRow, status: str) -> Text | None:
    """What a run stopped mid-way shows when the session waits with no question asked (a
    spent budget, a deferred tool call): what it waits for, not "interrupted"."""
    if status != SessionStatus.WAITING:
        return None
    waits = [e for e in store.events(session.id) if e.kind == EventKind.WAITING]
    reason = waits[-1].data.get("waiting_reason") if waits else None
    if reason == WaitReason.BUDGET:
        why = _clip(session.reason, 100, at_word=True)
        return text(f"⏸ waiting for a raised budget: {why}", style="magenta")
    if reason == WaitReason.TOOL_DEFERRED:
        return text(f"⏸ waiting: {_clip(session.reason, 100, at_word=True)}", style="magenta")
    return None


def routed_line(d: Mapping[str, Any]) -> str | None:
    """``routed: REASON`` when the agent was chosen by more than the best lexical and
    trigger match (a rule that moved the request, an agent's NOT-for line, the user's own
    agents first, the model asked), else None (``--agent`` named it)."""
    reason = str(d.get("reason") or "")
    if reason in ("", "--agent", TOP_REASON):
        return None
    return f"routed: {reason}"


def hook_line(d: dict[str, Any], call: str | None = None) -> str:
    """``PreToolUse[Write] blocked (deny; exit 0, user): reason`` for one ``hook`` event
    (the decision first when the hook made one; exit 2's ``block`` is the outcome's own);
    ``call``: the tool call it ran on, as the tree names a call (``Write notes.txt``: then
    ``PreToolUse[Write notes.txt]``)."""
    on = call or d.get("target")
    target = f"[{_clip(on, 100)}]" if on else ""
    decision = f"{d['decision']}; " if d.get("decision") not in (None, "", "block") else ""
    code = f"exit {d['exit_code']}, " if d.get("exit_code") is not None else ""
    note = f": {_clip(d['note'], 100, at_word=True)}" if d.get("note") else ""
    return f"{d['event']}{target} {d['outcome']} ({decision}{code}{d['source']}){note}"


def refused_line(d: Mapping[str, Any]) -> str:
    """``refused: Bash git push (settings deny Bash(git push:*) (permissions.deny, FILE))``
    for one refused call (a ``tool_refused`` event's fields)."""
    call = f"{d['name']} {d['input_summary']}".rstrip()
    by = f"{d['by']} {d['rule']}" if d.get("rule") else str(d["by"])
    return f"refused: {call} ({by})"


#: The most refused calls a run's branch of the tree names one by one (``--json``: all).
_REFUSED_SHOWN = 3


def refused_lines(calls: list[dict[str, Any]]) -> list[str]:
    """A run's refused calls in the tree: each, when few; else how many, of which tools."""
    return _each_or_counted(calls, refused_line, "refused: ")


def failed_command_lines(commands: list[dict[str, Any]]) -> list[str]:
    """A run's Bash commands that failed, in the tree (audit113): ``Bash exit 2: ls nope``
    for each, when few (:data:`_REFUSED_SHOWN`: a command killed or interrupted, without an
    exit code, ``Bash failed: ...``); else how many (``--json``'s ``commands`` has all)."""
    failed = [c for c in commands if c.get("exit_code") or c.get("is_error")]
    if len(failed) > _REFUSED_SHOWN:
        return [f"Bash: {len(failed)} commands failed (coord log --json lists each)"]
    return [
        f"Bash {'exit ' + str(c['exit_code']) if c.get('exit_code') else 'failed'}: "
        + _clip(str(c.get("command") or ""), 100)
        for c in failed
    ]


def hook_call_line(d: Mapping[str, Any]) -> str:
    """``Read POLICY.md``, ``Grep ticket (error: ...)`` for one of an agent hook's own tool
    calls (its ``hook`` event's ``calls``)."""
    call = f"{d['name']} {d['input_summary']}".rstrip()
    if d.get("outcome") in (None, "ok"):
        return call
    return f"{call} ({d['outcome']}: {d.get('reason') or '?'})"


def hook_call_lines(calls: list[dict[str, Any]]) -> list[str]:
    """An agent hook's own tool calls, under its line in the tree: each, when few; else how
    many, of which tools."""
    return _each_or_counted(calls, hook_call_line, "")


def _each_or_counted(
    calls: list[dict[str, Any]], line: Callable[[Mapping[str, Any]], str], head: str
) -> list[str]:
    """Each call's ``line``, when :data:`_REFUSED_SHOWN` or fewer; else one line after
    ``head``: how many calls, of which tools."""
    if len(calls) <= _REFUSED_SHOWN:
        return [line(c) for c in calls]
    tools = Counter(str(c["name"]) for c in calls)
    each = ", ".join(f"{name} {n}" for name, n in tools.most_common())
    return [f"{head}{len(calls)} calls ({each}; coord log --json lists each)"]


def rewake_line(d: dict[str, Any], delivered: bool) -> str:
    """``asyncRewake PostToolUse woke the agent: reason`` for one ``hook_rewake`` event."""
    how = "woke the agent" if delivered else "exited 2 (pending: `coord resume` delivers it)"
    said = _clip(str(d.get("text") or ""), 100, at_word=True)
    return f"asyncRewake {d.get('event')} {how}: {said}"


def end_hooks_line(event: EventRow, fired_after: int) -> str | None:
    """A line for a SessionEnd ``hooks_owed`` event still owed (no ``hooks_fired`` of
    SessionEnd after it: ``fired_after`` is the seq of the last) or a ``hooks_fired`` one
    fired late, by a later process than the one that ended the session (hooks112's events,
    named here so that drawing a log imports neither the events nor the runtime); None for
    others (an async hook's, queued for the workers: its run's ``hook`` line says it)."""
    if event.data.get("event") != "SessionEnd":
        return None
    if event.kind == EventKind.HOOKS_OWED and event.seq > fired_after:
        return (
            "SessionEnd hooks owed: the process that ended the session stopped before they"
            " ran (`coord resume` runs them)"
        )
    if event.kind == EventKind.HOOKS_FIRED and event.data.get("late"):
        return (
            "SessionEnd hooks ran late, at a later resume or worker: the process that ended"
            " the session stopped before storing their runs (a hook cut mid-way ran again)"
        )
    return None


#: The event kinds of a run's MCP servers, worktree and a program its commands could not
#: run, Bash being off or a step a worker ended (``coordinator.events``: McpStarted,
#: WorktreeOpened, WorktreeMerged, IsolationSkipped, ProgramHidden, BashOff, StepEnded),
#: named here so that drawing a log imports neither the events nor the runtime.
NOTE_KINDS = frozenset(
    {
        EventKind.MCP_SERVERS,
        EventKind.WORKTREE,
        EventKind.WORKTREE_MERGE,
        EventKind.ISOLATION_SKIPPED,
        EventKind.PROGRAM_HIDDEN,
        EventKind.BASH_OFF,
        EventKind.STEP_ENDED,
    }
)

#: Every kind :func:`_run_lines` draws a line of: any other event is passed over at one
#: set lookup (a member's own attribute lookup costs ~250 ns on Python 3.11: tidy113).
LINE_KINDS = NOTE_KINDS | {
    EventKind.HOOK,
    EventKind.HOOKS_OWED,
    EventKind.HOOKS_FIRED,
    EventKind.HOOK_REWAKE,
    EventKind.ROUTED,
    EventKind.SESSION_RESUMED,
    EventKind.BASH_CHANGED,  # (a line only when its command moved HEAD or refs)
}

#: What ended a step, by a ``step_ended`` event's ``by`` (``runtime.stopping.EndedBy``).
ENDED_BY = {
    "stall": "stall watch (no progress for coord worker --stall-after)",
    "stop": "stop (its --stop-grace ran out)",
}


def scope_note(kind: str, data: dict[str, Any]) -> str | None:
    """One line for a run's MCP or worktree event (None for other kinds)."""
    if kind == EventKind.MCP_SERVERS:
        tools = data.get("tools") or []
        servers = ", ".join(data.get("servers") or [])
        count = counted(len(tools), "tool")
        line = f"MCP {servers}: {count}" if servers else f"MCP servers: {count}"
        problems = data.get("problems") or []
        return line + (f" ({'; '.join(problems)})" if problems else "")
    if kind == EventKind.WORKTREE:
        return f"worktree on branch {data.get('branch')}"
    if kind == EventKind.BASH_CHANGED:
        return moved_line(data)
    if kind == EventKind.WORKTREE_MERGE:
        files = data.get("files") or []
        branch = data.get("branch")
        line = f"worktree {data.get('status')}: {branch}"
        line += f" ({counted(len(files), 'file')})" if files else ""
        line += f" — {data.get('reason')}" if data.get("reason") else ""
        if data.get("status") != "conflict":
            return line
        if left_uncommitted(str(data.get("reason") or "")):
            return f"{line}; {uncommitted_advice(str(data.get('reason')), str(branch))}"
        paths = f" -- {' '.join(map(shown_word, files[:10]))}" if files else ""
        return (
            f"{line}; to finish, read `git diff HEAD...{branch}{paths}`, then "
            f"`git merge {branch}` or `git branch -D {branch}`"
        )
    if kind == EventKind.STEP_ENDED:
        by = ENDED_BY.get(str(data.get("by")), str(data.get("by")))
        return f"handed back: the worker's {by} ended {data.get('what')}"
    if kind in (EventKind.ISOLATION_SKIPPED, EventKind.BASH_OFF):
        return f"warning: {data.get('reason') or data.get('note')}"
    if kind == EventKind.PROGRAM_HIDDEN:
        return (
            f"warning: a command could not run {data.get('program')}: {data.get('path')} is"
            f" in a folder the Bash sandbox hides; {data.get('setting')} in your coord config"
            " shows it to commands (`coord config` names the file)"
        )
    return None


#: A line of a run's branch in the tree, and the lines drawn under it (an agent hook's own
#: tool calls under the hook's line).
RunLine = tuple[str, list[str]]


def _run_lines(events: list[EventRow], bash_off: str) -> dict[int | None, list[RunLine]]:
    """Lines about each run from the session's event log (None: the session's): why the
    agent was routed to when a rule chose it, hook runs (an agent hook's tool calls under
    its line), MCP servers, worktrees, and what a resume found different
    (``session_resumed`` notes); Bash being off, as ``bash_off`` says it (the advice that
    applies where the session stands: :func:`bash_off_said`)."""
    found: dict[int | None, list[RunLine]] = {}
    given = {e.data.get("token") for e in events if e.kind == EventKind.HOOK_REWAKE_DELIVERED}
    ends = [
        e.seq for e in events if e.kind == EventKind.HOOKS_FIRED and e.data["event"] == "SessionEnd"
    ]
    hidden: set[tuple[int | None, str, object]] = set()
    on = _tool_calls(events)  # (a hook's line names the call it ran on)
    for event in events:
        if event.kind not in LINE_KINDS:
            continue
        if event.kind == EventKind.HOOK:
            line: str | None = "hook " + hook_line(
                event.data, on.get(event.data.get("tool_use_id"))
            )
        elif event.kind in (EventKind.HOOKS_OWED, EventKind.HOOKS_FIRED):
            line = end_hooks_line(event, max(ends, default=0))
        elif event.kind == EventKind.HOOK_REWAKE:
            line = rewake_line(event.data, event.data.get("token") in given)
        elif event.kind == EventKind.BASH_OFF:
            line = f"warning: {bash_off}"
        elif event.kind in NOTE_KINDS or event.kind == EventKind.BASH_CHANGED:
            line = scope_note(event.kind, event.data)
        elif event.kind == EventKind.ROUTED:
            line = routed_line(event.data)
        elif event.kind == EventKind.SESSION_RESUMED:
            line = resumed_said(events, event)
        else:
            continue
        # one fix for them all: once a run; a run's MCP servers started again as they were
        # (each resume of it starts them: audit113's tree said so four times), once too
        if event.kind in (EventKind.PROGRAM_HIDDEN, EventKind.BASH_OFF, EventKind.MCP_SERVERS):
            said = line if event.kind == EventKind.MCP_SERVERS else event.data.get("setting")
            if (event.run_id, event.kind, said) in hidden:
                continue
            hidden.add((event.run_id, event.kind, said))
        if line:
            calls = (
                hook_call_lines(event.data.get("calls") or [])
                if event.kind == EventKind.HOOK
                else []
            )
            found.setdefault(event.run_id, []).append((line, calls))
    for run_id, line in mcp_call_lines(events).items():
        found.setdefault(run_id, []).append((line, []))
    return found


#: The most MCP tools a run's line names (``coord log --json``'s events have every call).
_MCP_SHOWN = 5


def mcp_call_lines(events: list[EventRow]) -> dict[int | None, str]:
    """Each run's MCP tool calls that ran, as one line of the tree (review144: it named
    none): ``MCP calls: mcp__srv__add (2 calls), mcp__srv__q (1 call, 1 failed)``, each
    tool once in the order first called, the first :data:`_MCP_SHOWN` (then how many
    more); a refused call is its run's ``refused:`` line."""
    ran: dict[int | None, Counter[str]] = {}
    failed: dict[int | None, Counter[str]] = {}
    for e in events:
        if e.kind != EventKind.TOOL_RESULT:
            continue
        name = str(e.data.get("name") or "")
        if name.startswith(MCP_PREFIX):
            ran.setdefault(e.run_id, Counter())[name] += 1
            failed.setdefault(e.run_id, Counter())[name] += bool(e.data.get("is_error"))
    lines: dict[int | None, str] = {}
    for run_id, counts in ran.items():
        said = [
            f"{shown_name(name)} ({counted(n, 'call')}"
            + (f", {failed[run_id][name]} failed)" if failed[run_id][name] else ")")
            for name, n in counts.items()
        ]
        more = len(said) - _MCP_SHOWN
        lines[run_id] = (
            "MCP calls: "
            + ", ".join(said[:_MCP_SHOWN])
            + (f" and {counted(more, 'tool')} more" if more > 0 else "")
        )
    return lines


def _tool_calls(events: list[EventRow]) -> dict[object, str]:
    """Each tool call of a session's log by its ``tool_use_id``, as the tree names a call:
    ``Write notes.txt`` (its ``tool_call`` or, refused before it ran, its ``tool_refused``
    event's name and one-line input), so a hook's line names the call it decided on."""
    return {
        e.data.get(
            "tool_use_id"
        ): f"{e.data.get('name')} {e.data.get('input_summary') or ''}".rstrip()
        for e in events
        if e.kind in (EventKind.TOOL_CALL, EventKind.TOOL_REFUSED)
    }


def _add_line(parent: Tree, line: RunLine, style: str) -> None:
    """``line`` under ``parent``, in ``style``, with the lines under it (dim)."""
    shown, under = line
    branch = parent.add(text(shown, style=style))
    for each in under:
        branch.add(text(each, style="dim"))


def _add_run(
    parent: Tree,
    node: RunNode,
    lines: dict[int | None, list[RunLine]] | None = None,
    held: Text | None = None,
) -> None:
    r = node.run
    label = assemble(
        (r.agent, "bold"),
        "  ",
        _status(node.status),
        (
            f"  {counted(r.turns, 'turn')} · {_tokens(node.tokens)} tok"
            f" · ${r.cost_usd:.4f}"
            f" · {node.seconds:.1f}s",
            "dim",
        ),
    )
    branch = parent.add(label)
    for line in (lines or {}).get(r.id, []):
        warn = "conflict" in line[0] or line[0].startswith("warning")
        _add_line(branch, line, "yellow" if warn else "dim")
    for question in node.questions:
        _add_question(branch, node, question, lines, held)
    for fork in node.forks:
        sub = branch.add(text(f"Skill '{shown_name(fork.skill)}' forked", style="cyan"))
        _add_run(sub, fork.run, lines, held)
    if node.files or node.bash.unfollowed:
        branch.add(text(_files_line(node), style="dim"))
    for refused in refused_lines(node.refused):
        branch.add(text(refused, style="yellow"))
    for failed in failed_command_lines(node.commands):
        branch.add(text(failed, style="yellow"))
    outcome = _outcome_line(r, node.status)
    if held is not None and node.status == SessionStatus.INTERRUPTED:
        outcome = held
    if outcome is not None:
        branch.add(outcome)


#: The most files a run's line in the tree names (``coord log --json`` has them all).
_FILES_SHOWN = 10


def _files_line(node: RunNode) -> str:
    """``files changed: a.py, out.txt (Bash: created)`` (on its worktree's branch while not
    merged back: :func:`~coordinator.store.files_changed.worktree_where`; the first
    :data:`_FILES_SHOWN`, then how many more; what a Bash command changed says so), then how
    many Bash commands' changes were not followed."""
    files, bash = node.files, node.bash.files
    shown = ", ".join(
        shown_name(f) + (f" (Bash: {bash[f]})" if f in bash else "") for f in files[:_FILES_SHOWN]
    )
    more = len(files) - _FILES_SHOWN
    line = f"files changed{worktree_where(node.worktree)}: {shown}"
    line += f" and {more} more (--json lists them)" if more > 0 else ""
    unfollowed = node.bash.unfollowed
    if not unfollowed:
        return line
    commands = f"{unfollowed} Bash command{'s' if unfollowed > 1 else ''}"
    return f"{line}{'; ' if files else ''}not followed for {commands} ({node.bash.why})"


def _waited(e: DelegationRow) -> str:
    """`` · 2026-12-05 10:14, waited 2h``: when a person answered question ``e`` and how
    long the chain waited for it since it was asked; "" for an agent's answer."""
    if e.answered_by != ANSWERED_BY_PERSON or e.answered_at is None:
        return ""
    return f" · {started(e.answered_at)}, waited {age(e.answered_at - e.created_at)}"


def _add_question(
    branch: Tree,
    node: RunNode,
    q: QuestionNode,
    lines: dict[int | None, list[RunLine]] | None = None,
    held: Text | None = None,
) -> None:
    e = q.edge
    label = assemble(
        ("Blocked on ", "magenta"),
        ((e.domain or "?").capitalize(), "bold magenta"),
        f" — Required: {_clip(e.required or '?', 90, at_word=True)}",
    )
    shown: RenderableType = label
    if e.blocker:  # indented as a block, so a wrapped blocker keeps its indent
        blocker = text(f"Blocker: {_clip(e.blocker, 90, at_word=True)}", style="dim")
        shown = Group(label, _Indented(blocker, 2))
    sub = branch.add(shown)
    if q.chosen is not None:
        sub.add(text(_chosen_line(q.chosen), style="dim"))
    if q.consult is not None:
        _add_run(sub, q.consult, lines, held)
    if e.status == DelegationStatus.ANSWERED:
        who = "a person" if e.answered_by == ANSWERED_BY_PERSON else e.answered_by
        by = f" ({q.person})" if q.person else ""  # who the person was, when recorded
        resumed = text(
            f"↩ resumed {node.run.agent} with {who}'s answer{by}{_waited(e)}", style="cyan"
        )
        if q.answer:  # a person's words, for whoever audits the chain
            answer = text(f"“{_clip(q.answer, 90, at_word=True)}”", style="dim")
            sub.add(Group(resumed, _Indented(answer, 2)))
        else:
            sub.add(resumed)
    elif e.status == DelegationStatus.WAITING:
        why = WAITING_WHY.get(e.waiting_reason or "", e.waiting_reason or "")
        sub.add(text(f"⏸ waiting for a person ({why})", style="magenta"))
    elif e.status == DelegationStatus.RETRIED:
        sub.add(Text("asked again on resume", style="dim"))


def _chosen_line(chosen: dict[str, Any]) -> str:
    """How a consultant was chosen, in one line: its reason and the words of the blocked
    agent's question that chose it (quoted: another agent's text, shown as data)."""
    words = [printable(str(w)) for w in chosen.get("matched") or []][:5]
    line = f"chosen: {chosen.get('why') or chosen.get('chosen')}"
    return clip_listed(printable(line), words, 120)


class _Indented:
    """``text`` wrapped to the width it is given less ``indent``, each line ``indent``
    spaces in and without trailing padding (rich's Padding fills every line to the width)."""

    def __init__(self, text: Text, indent: int) -> None:
        self.text, self.indent = text, indent

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """The text's measure, ``indent`` wider (its longest word must fit after it)."""
        measured = Measurement.get(console, options, self.text)
        return Measurement(measured.minimum + self.indent, measured.maximum + self.indent)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        """The wrapped lines, joined: already fitting, so nothing wraps them again."""
        lines = self.text.wrap(console, max(options.max_width - self.indent, 1))
        for line in lines:
            line.rstrip()
        yield Text("\n").join(Text(" " * self.indent) + line for line in lines)


#: How wide a tree is measured (its longest word at its depth, whatever the console's width).
_WIDE = 100_000


class FittedTree:
    """A tree drawn as rich draws it when every word of it fits at its depth (rich folds a
    longer one mid-word: an agent's name broken in two at ``COLUMNS=20``); otherwise a flat
    list, one numbered entry per node (``1``, ``1.1``, ``1.1.2``, under the session and its
    request), wrapped at spaces, a word wider than the console kept whole."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """The tree's measure."""
        return Measurement.get(console, options, self.tree)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Any]:
        """The tree (each line without the space rich leaves where it wrapped a label), or
        its flat list's lines."""
        needed = Measurement.get(console, options.update_width(_WIDE), self.tree).minimum
        if needed <= options.max_width:
            for drawn in console.render_lines(self.tree, options, pad=False):
                yield from _rstripped(drawn)
                yield Segment.line()
            return
        for line in _flat_lines(self.tree, options.max_width):
            yield from line.render(console)
            yield Segment.line()


def _rstripped(line: list[Segment]) -> list[Segment]:
    """``line`` without trailing spaces (a wrapped label's last space, kept by rich)."""
    line = list(line)
    while line and not line[-1].control and not line[-1].text.rstrip(" "):
        line.pop()
    if line and not line[-1].control:
        last = line[-1]
        line[-1] = Segment(last.text.rstrip(" "), last.style, last.control)
    return line


def _flat_lines(tree: Tree, width: int) -> Iterator[Text]:
    """Each node of ``tree`` depth first: its number (none for the root and its first
    level), then its label wrapped to ``width``, the lines after its first two spaces in."""
    stack: list[tuple[Tree, str, int]] = [(tree, "", 0)]
    while stack:
        node, number, level = stack.pop()
        for index, piece in enumerate(_label_texts(node.label)):
            head = Text(f"{number} " if number and index == 0 else "")
            first = width if index == 0 else width - 2
            for n, line in enumerate(_wrap_words(head + piece, first, width - 2)):
                line.rstrip()
                yield Text("  " if n or index else "") + line
        children = [
            (child, f"{number}.{i}" if number else (str(i) if level else ""), level + 1)
            for i, child in enumerate(node.children, 1)
        ]
        stack.extend(reversed(children))


def _wrap_words(line: Text, first: int, rest: int) -> list[Text]:
    """``line`` (its styles kept) broken at spaces: the first line at most ``first``
    columns, the others ``rest``; a word wider than that alone on its line, whole (rich's
    wrap folds or crops it)."""
    from rich.cells import cell_len

    offsets: list[int] = []
    start = used = 0
    for word in re.finditer(r"\S+\s*", line.plain):
        size = cell_len(word.group().rstrip())
        if used and used + size > max(rest if offsets else first, 1):
            offsets.append(word.start())
            start, used = word.start(), 0
        used = cell_len(line.plain[start : word.end()])
    return list(line.divide(offsets))


def _label_texts(label: RenderableType) -> list[Text]:
    """The Texts a tree label is made of (a Text, or a Group of Texts and indented ones)."""
    if isinstance(label, Text):
        return [label]
    if isinstance(label, _Indented):
        return [label.text]
    if isinstance(label, Group):
        return [t for part in label.renderables for t in _label_texts(part)]
    return [text(str(label))]


def _outcome_line(r: RunRow, status: str) -> Text | None:
    report = r.report_json or {}
    if r.status == RunStatus.COMPLETE:
        summary = _clip(report.get("summary") or "", 100, at_word=True)
        return text(f"✔ Complete: {summary}", style="green")
    if r.status == RunStatus.NEEDS_REVIEW:
        unreadable = f"report unreadable ({_clip(r.failure or '', 80, at_word=True)})"
        what = report.get("summary") or unreadable
        return text(f"⚑ Needs Review: {_clip(what, 100, at_word=True)}", style="yellow")
    if r.status == RunStatus.FAILED:
        failure = _clip(r.failure or "", 100, at_word=True)
        return text(f"✘ Failed ({r.failure_kind}): {failure}", style="red")
    if status == SessionStatus.INTERRUPTED:
        return Text("⏸ interrupted: resume continues it", style="red")
    if status == ShownRunStatus.QUEUED:
        return Text("… queued: no worker has taken it yet", style="yellow")
    if status == ShownRunStatus.FORKED:
        return None  # its skill's sub-agent, shown above, says how it stands
    if r.status == RunStatus.RUNNING:
        return Text("… working", style="cyan")
    return None


def sessions_table(
    lines: list[SessionLine], width: int | None, *, workspaces: bool = False, whole: bool = False
) -> Table:
    """``coord sessions``: id, status, agent, tokens, cost, age, request, in ``width``
    columns: the request takes what is left (a few words, or at least its start where the
    other columns are wide), so the ids and numbers are never cut. ``width`` None: the
    request is not cut either, only put on one line; ``whole`` (no terminal): the agent's
    name is not cut. On a terminal it is cut to 16 columns only where, whole, it would
    leave the request fewer than :data:`_ROOMY_REQUEST` (a wide terminal shows it whole).
    Cells are measured in terminal columns (:func:`_clip_cells`): a wide character, CJK,
    takes two, so a name of them no longer outgrows the terminal and cuts the request."""
    now = time.time()
    cells = [
        [
            line.row.id,
            _listed_status(line, now),
            line.agent,
            _tokens(line.tokens),
            f"${line.cost:.4f}",
            age(now - line.row.created_at),
        ]
        for line in lines
    ]
    heads = ["session", "status", "agent", "tokens", "cost", "age"]
    widths = [max(len(h), *(cell_len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    if not whole and (width is None or width - sum(widths) - len(widths) < _ROOMY_REQUEST):
        for cell in cells:
            cell[2] = _clip_cells(cell[2], _agent_room(widths, width))
        widths[2] = max(len(heads[2]), *(cell_len(c[2]) for c in cells))
    room = max(width - sum(widths) - len(widths), _LEAST_REQUEST) if width else None
    table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0))
    for head, least in zip(heads, widths, strict=True):
        right = head in ("tokens", "cost", "age")
        table.add_column(head, no_wrap=True, justify="right" if right else "left", min_width=least)
    table.add_column("request", no_wrap=True, overflow="ellipsis", max_width=room)
    for line, cell in zip(lines, cells, strict=True):
        request = line.row.request
        if workspaces:
            request = f"{_workspace_label(line.row.workspace, room)}: {request}"
        shown = _clip_cells(request, room or cell_len(request), at_word=True)  # whole words
        status = text(cell[1], style=STATUS_STYLE.get(line.status, ""))
        table.add_row(cell[0], status, text(cell[2]), *cell[3:], text(shown))  # queued: cyan too
    return table


def _agent_room(widths: list[int], width: int | None) -> int:
    """The columns an agent's name keeps in ``coord sessions`` when it must be cut: 16, or
    fewer (down to its heading's) where the other columns ``widths`` (agent the third)
    would leave the request fewer than :data:`_LEAST_REQUEST` of ``width``."""
    if width is None:
        return 16
    others = sum(widths) - widths[2] + len(widths)  # a space after each column
    return max(min(16, width - others - _LEAST_REQUEST), len("agent"))


def _listed_status(line: SessionLine, now: float) -> str:
    """A session's status as ``coord sessions`` shows it: one no worker has taken yet with
    how long it has been queued, one a worker drives with the worker's name."""
    status = line.status.replace("_", " ")
    if line.queued_at is not None:
        return f"{status} (queued {age(now - line.queued_at)})"
    if line.driver is not None:
        return f"{status} on {line.driver}"
    return status


def _workspace_label(workspace: str, room: int | None) -> str:
    """Which workspace a row of ``coord sessions`` is of: its last two folder names; in a
    request column of ``room`` (None: no limit), half at most, ": " included (its last
    folder name, clipped), so the request keeps the other half: at 60 columns the prefix
    had left "tmp/dai…" and no word of the request. Measured in terminal columns, as
    :func:`_clip_cells` cuts (``团队/支付服务`` takes fourteen)."""
    parts = Path(workspace).parts
    label = "/".join(parts[-2:])
    share = room // 2 - 2 if room is not None else len(label)
    return label if cell_len(label) <= share else _clip_cells(parts[-1], max(share, 2))


#: The least of a request ``coord sessions`` shows beside wide columns (a long status, a
#: workspace's name, a big cost): its start, never a number or an id cut instead.
_LEAST_REQUEST = 8
#: The request ``coord sessions`` keeps beside the agents' whole names: with less room,
#: a long name is cut to 16 characters, the request's few words first.
_ROOMY_REQUEST = 24


# ---- results ----------------------------------------------------------------------------


def result_text(result: SessionResult) -> RenderableType | None:
    """The agent's own final text, printed after the tree (soft-wrapped: its lines, code
    and Markdown are kept as written, never cut at the console's width), each line behind
    :data:`GUTTER` as in the transcript: a line the agent wrote that reads like the result
    panel's (``complete  session … exit 0``, ``Answer with: coord resume …``) is seen to
    be the agent's."""
    written = result.text.strip()
    return _AsWritten(f"{GUTTER}{written}", gutter=GUTTER) if written else None


#: Where a line of text ends: a newline (with the carriage return before it) or a line or
#: paragraph separator (a model's new line), not ``str.splitlines``' VT, FF, FS, GS, RS
#: and NEL, which are shown as U+FFFD.
_LINE_END = re.compile(rf"\r?\n|[{LINE_SEPARATORS}]")


class _AsWritten:
    """``text`` line by line as written, in ``style``: its tabs kept (a rich Text turns
    each into spaces, which breaks a Makefile recipe or a TSV saved from a pipe); printed
    soft-wrapped, its lines are not cut either. The console still shows each control
    character as U+FFFD. ``gutter`` goes before each line after the first: a transcript
    entry's text (a tool's output, an agent's message) marked as its own, so that none of
    its lines reads as another entry, the coordinator's or a person's."""

    def __init__(self, text: str, style: str = "", gutter: str = "") -> None:
        self.text, self.style, self.gutter = text, style, gutter

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        """Each line a segment (the gutter before each but the first), then a line break."""
        style = console.get_style(self.style) if self.style else None
        lines = _LINE_END.split(self.text)  # not at VT, FF, NEL: they show as U+FFFD
        for i, line in enumerate(lines[:-1] if len(lines) > 1 and not lines[-1] else lines):
            if i:  # an empty line: the gutter without its trailing space
                line = f"{self.gutter}{line}" if line else self.gutter.rstrip()
            yield Segment(line, style)
            yield Segment.line()


def result_panel(result: SessionResult) -> RenderableType:
    """What ``coord run`` / ``resume`` print after the agent's text: the outcome and what
    to do."""
    lines: list[RenderableType] = []
    head = assemble(
        "\n", _status(result.status), f"  session {result.session_id}  exit {result.exit_code}"
    )
    lines.append(head)
    if result.question is not None:
        lines.append(text(_waiting_text(result, result.question), style="magenta"))
    elif result.status in (SessionStatus.INTERRUPTED, SessionStatus.WAITING):
        again = resume_hint(result.session_id, result.status, asking=False, reach=result.reach)
        lines.append(text(f"{result.reason}\n{again}"))
    elif result.reason and result.status != SessionStatus.COMPLETE:
        failed = result.status == SessionStatus.FAILED
        lines.append(text(result.reason, style="red" if failed else "yellow"))
    return Group(*lines)


def _waiting_text(result: SessionResult, q: Question) -> str:
    """What a waiting session needs and how to go on: a person's answer to an agent's
    question, or, when the session budget is spent (no question asked), a raised limit, or
    a hook's decision on a deferred tool call."""
    session_id, reach = result.session_id, result.reach
    if q.reason == WaitReason.BUDGET:
        return (
            f"Waiting for a raised budget: {q.agent} stopped before its next model call"
            f" ({q.detail or WAITING_WHY[q.reason]}).\n{wait_hint(q.reason, session_id, reach)}"
        )
    if q.reason == WaitReason.TOOL_DEFERRED:
        return (
            f"Waiting: {q.agent}'s tool call was held, {q.detail or WAITING_WHY[q.reason]}.\n"
            f"{wait_hint(q.reason, session_id, reach)}"
        )
    why = WAITING_WHY.get(q.reason, q.reason)
    if q.detail and q.reason != WaitReason.NO_SPECIALIST:  # NO_SPECIALIST's says the domain
        # a person's question says why itself ("the question asks for a fact only the team
        # has"); before it, "it asks for what no agent has" said so twice
        why = q.detail if q.reason == WaitReason.FOR_PERSON else f"{why}; {q.detail}"
    asked = "" if q.id is None else f" (question {question_ref(q.id)})"  # --question's
    again = (
        "\nOr run the failed consult again (a new model call; a bare resume calls none):"
        f" {resume_words(session_id, reach)} --retry-consult"
        if q.reason == WaitReason.CONSULT_FAILED
        else ""
    )
    return (
        f"Waiting for a person{asked}: {q.agent} needs {q.domain or 'an answer'} context "
        f"({why}).\n"
        f"  Required: {_under(q.required or '?', 12)}\n  Blocker:  {_under(q.blocker or '?', 12)}\n"
        f"{resume_hint(session_id, SessionStatus.WAITING, asking=True, reach=reach)}{again}"
    )


def _under(value: str, indent: int) -> str:
    """An agent's multi-line value with each further line ``indent`` spaces in, under its
    label's value: none of its lines reads as the view's own (``Answer with: …``)."""
    return _LINE_END.sub("\n" + " " * indent, value)


def _batch_cells(item: BatchItem) -> list[str]:
    """A batch row's cells before its request, as :func:`batch_table` shows them."""
    r, number = item.result, str(item.index + 1)
    if r is None:
        session = item.session_id or ""  # one an error interrupted, as `coord run` names it
        return [number, session, item.status.replace("_", " "), item.task.agent or "", "", ""]
    return [
        number,
        r.session_id,
        r.status,
        r.agent,
        _tokens(r.usage.total_tokens),
        f"${r.cost:.4f}",
    ]


def batch_table(items: list[BatchItem], width: int | None = None) -> Table:
    """One row per batch task: its session, outcome, spend and request. The request comes
    last and keeps to one line (clipped to what ``width`` leaves, as in ``coord sessions``;
    at most 50 characters); the error of a task that could not start is wrapped below it,
    whole. Session ids and agent names are never cut."""
    heads = ["#", "session", "status", "agent", "tokens", "cost"]
    cells = [_batch_cells(i) for i in items]
    used = sum(max(len(h), *(len(c[n]) for c in cells)) + 1 for n, h in enumerate(heads))
    room = min(max(width - used, _LEAST_REQUEST), 50) if width else 50  # as `coord sessions`
    table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0))
    for column in (*heads, "request"):
        right = column in ("tokens", "cost")
        table.add_column(column, no_wrap=column != "request", justify="right" if right else "left")
    for item in items:
        r = item.result
        shown = _clip(item.task.request, room, at_word=True)  # whole words, as sessions'
        request = text(shown, no_wrap=True, overflow="ellipsis")
        if r is None:  # it could not start: which request, the agent it named, and why
            cell: RenderableType = request
            if item.error:  # its first line (the hint after it is a single run's), wrapped
                cell = Group(request, text(item.error.splitlines()[0], style="red"))
            agent = text(item.task.agent or "")  # as the batch file has it
            session = item.session_id or ""
            table.add_row(str(item.index + 1), session, _status(item.status), agent, "", "", cell)
            continue
        table.add_row(
            str(item.index + 1),
            r.session_id,
            _status(r.status),
            text(r.agent),
            _tokens(r.usage.total_tokens),
            f"${r.cost:.4f}",
            request,
        )
    return table


# ---- progress while running -------------------------------------------------------------


#: How long a call's start line waits for the call's outcome (seconds): a call its own tool
#: refuses at once (a path outside the workspace, a protected path it finds) is said by its
#: refusal's line alone, as a call refused before it starts; a call still running then has
#: its start line said.
START_HOLD = 0.25


class ProgressLines:
    """One plain line per step, for logs and pipes; ``result_follows``: the command prints
    the session's result after them (``coord run``, ``resume``; a batch's table has no
    reasons), which says why it ended (:func:`progress_line`). A run's failure is held
    until its session's next event: when that is the session failing, one line says both
    ("[id] backend failed", its reason after it unless the result follows), not two. A
    call's start line is held until the next event or :data:`START_HOLD` seconds: when
    that event is the call's refusal, its line alone says the call."""

    def __init__(self, out: TextIO | None = None, *, result_follows: bool = False):
        self.out = out or sys.stderr
        self.result_follows = result_follows
        #: Each session's run that failed, not said yet.
        self._held: dict[str, Event] = {}
        #: The call that started last, not said yet, and the timer that says it.
        self._start: Event | None = None
        self._timer: asyncio.TimerHandle | None = None

    def __enter__(self) -> ProgressLines:
        return self

    def __exit__(self, *exc: object) -> None:
        self._say_start()
        for held in self._held.values():
            self._write(progress_line(held))
        self._held.clear()

    def __call__(self, event: Event) -> None:
        start = self._start
        if start is not None and _refusal_of(event, start):
            self._start = None  # its refusal's line alone says the call
        self._say_start()
        held = self._held.pop(event.session_id, None)
        if held is not None and event.kind == EventKind.FAILED:
            reason = "" if self.result_follows else f": {event.data().get('reason', '')}"
            self._write(progress_line(held) + reason)
            return
        if held is not None:
            self._write(progress_line(held))
        if event.kind == EventKind.RUN_ENDED and event.data()["status"] == RunStatus.FAILED:
            self._held[event.session_id] = event
            return
        if event.kind == EventKind.TOOL_CALL:
            self._hold_start(event)
            return
        self._write(progress_line(event, result_follows=self.result_follows))

    def _hold_start(self, event: Event) -> None:
        """Hold ``event``'s start line, said by the next event unless it is the call's
        refusal, or after :data:`START_HOLD` seconds (on the loop the events come from;
        none: the next event or the end says it)."""
        import asyncio  # a run's: its loop is running (``coord log`` never gets here)

        self._start = event
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._timer = loop.call_later(START_HOLD, self._say_start)

    def _say_start(self) -> None:
        """The held start line, written (if any), its timer cancelled."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        start, self._start = self._start, None
        if start is not None:
            self._write(progress_line(start))

    def _write(self, line: str) -> None:
        if line:  # one line a step: a multi-line Required or error on one, as text
            shown = (part.strip() for part in _LINE_END.split(printable(line)))
            self.out.write(" ".join(part for part in shown if part) + "\n")
            self.out.flush()


class WarningLines(ProgressLines):
    """``--json``'s view (stdout holds the one JSON document): of a run's progress lines,
    those of what went wrong or will not apply (:func:`warning_line`), on stderr as the
    text view says them; a Bash call refused, a run's MCP server that did not start
    reached no stream (review146)."""

    def __call__(self, event: Event) -> None:
        self._write(warning_line(event))


#: The kinds of a run's event whose line warns: what will not apply, as they happen.
_WARNING_KINDS = frozenset(
    {EventKind.BASH_OFF, EventKind.ISOLATION_SKIPPED, EventKind.PROGRAM_HIDDEN}
)


def warning_line(event: Event) -> str:
    """``event``'s progress line when it warns ("" otherwise): Bash off, a worktree's
    isolation skipped, a program the sandbox hides, a run's MCP servers with a problem
    (one that did not start, a tool refused)."""
    if event.kind in _WARNING_KINDS:
        return progress_line(event)
    if event.kind == EventKind.MCP_SERVERS and event.data().get("problems"):
        return progress_line(event)
    return ""


def _refusal_of(event: Event, start: Event) -> bool:
    """Whether ``event`` refuses the call ``start`` started."""
    return (
        event.kind == EventKind.TOOL_REFUSED
        and event.session_id == start.session_id
        and event.data().get("tool_use_id") == start.data().get("tool_use_id")
    )


def progress_line(event: Event, *, result_follows: bool = False) -> str:
    """The plain progress line for ``event`` ("" for events not worth a line);
    ``result_follows``: the command says the session's result after its progress (its reason
    with the command that continues it), so an ending names its status alone."""
    d = event.data()
    sid = event.session_id[:8]
    match event.kind:
        case EventKind.ROUTED:  # an agent named (--agent, a batch item's agent:) was not routed
            if d["reason"] == "--agent":
                return f"[{sid}] given to {d['agent']}, as named (not routed)"
            return f"[{sid}] routed to {d['agent']}"
        case EventKind.RUN_STARTED:
            return f"[{sid}] {d['agent']} started" + (
                f" (consult on {d['domain']})" if d["domain"] else ""
            )
        case EventKind.QUEUED:
            return f"[{sid}] {d['agent']} queued for the workers"
        case EventKind.TOOL_CALL:
            return f"[{sid}]   {d['agent']}: {d['name']} {d['input_summary']}"
        case EventKind.TOOL_REFUSED:
            return f"[{sid}]   {d['agent']}: " + refused_line(d)
        case EventKind.HOOK:
            return f"[{sid}]   {d['agent']}: " + hook_line(d)
        case EventKind.BLOCKED:
            return f"[{sid}] {d['agent']} blocked on {d['domain']}: {d['required']}"
        case EventKind.RESUMED:
            who = "a person" if d["answered_by"] == ANSWERED_BY_PERSON else d["answered_by"]
            by = f" ({d['person']})" if d.get("person") else ""
            return f"[{sid}] {d['agent']} resumed with {who}'s answer{by}"
        case EventKind.SKILL_FORKED:  # after the sub-agent's "started", as a consult's domain is
            return f"[{sid}] skill {d['skill']} forked: {d['agent']} runs it as a sub-agent"
        case EventKind.SKILL_FORK_DONE:  # its caller goes on, as a consult's "resumed" says
            if d["status"] == RunStatus.FAILED:
                return f"[{sid}] the forked skill failed: its Skill call's result is an error"
            return (
                f"[{sid}] the forked skill returned: {d['agent']}'s final message is its "
                "Skill call's result"
            )
        case EventKind.RUN_ENDED:  # in words, as the tree and the panel say it: "needs review"
            return f"[{sid}] {d['agent']} {str(d['status']).replace('_', ' ')}"
        case EventKind.WAITING:
            reason = str(d["waiting_reason"])
            whom = "a raised budget" if reason == WaitReason.BUDGET else "a person"
            return f"[{sid}] waiting for {whom} ({WAITING_WHY.get(reason, reason)})"
        # the fix a 403/404 stored with it, as `log` says it
        case EventKind.INTERRUPTED | EventKind.FAILED:
            fix = f". To fix: {d['hint']}" if d.get("hint") else ""
            said = "" if result_follows else f": {d.get('reason', '')}{fix}"
            return f"[{sid}] {event.kind}{said}"
        case _:
            note = scope_note(event.kind, d)
            return f"[{sid}]   {d.get('agent', '')}: {note}" if note else ""


class LiveChain:
    """A live tree of the chain as it grows, redrawn from the store on every event."""

    def __init__(self, store: Store, console: Console):
        from rich.live import Live  # only a live view needs it (not sessions, log)

        self.store = store
        self.live = Live(Text(""), console=console, refresh_per_second=8, transient=True)
        self.session_id: str | None = None

    def __enter__(self) -> LiveChain:
        self.live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.live.__exit__(None, None, None)

    def __call__(self, event: Event) -> None:
        self.session_id = event.session_id
        if event.kind in (EventKind.MODEL_CALL, EventKind.TOOL_RESULT):
            return  # the tree does not change shape; the next event redraws it
        self.live.update(chain_tree(self.store, self.store.session(event.session_id)))


def _status(status: str) -> Text:
    return text(status.replace("_", " "), style=STATUS_STYLE.get(status, ""))


def _tokens(n: int) -> str:
    """A token count in a few characters: ``950``, ``22.9k``, ``6.0M`` (a session of six
    million tokens read ``6000.0k``); what rounds to a thousand k is ``1.0M``."""
    if n >= 999_950:
        return f"{n / 1_000_000:.1f}M"
    return f"{n / 1000:.1f}k" if n >= 1000 else str(n)


# ---- follow, transcript, stats ----------------------------------------------------------


def say_following(store: Store, session: SessionRow) -> None:
    """One line on stderr when a follower starts waiting for a session being driven (none
    for one that has stopped: there is nothing to wait for); stdout keeps the tree or JSON."""
    if not is_live(shown_status(store, session)):
        return
    sys.stderr.write(f"following session {session.id} until it stops…\n")
    sys.stderr.flush()


def follow_chain(
    store: Store, session: SessionRow, out: Console, reach: tuple[str, ...] = ()
) -> None:
    """``coord log --follow``: the tree, redrawn as the session's log grows, until the
    session stops (a live view on a terminal; the final tree otherwise), then ended as
    :func:`log_view` ends it: the line saying how to resume a session left to resume."""
    from coordinator.store.session_log import follow

    if not out.is_terminal:
        say_following(store, session)
        for _ in follow(store, session.id):
            pass
        out.print(log_view(store, store.session(session.id), reach), crop=False)
        return
    from rich.live import Live

    with Live(chain_tree(store, session), console=out, auto_refresh=False) as live:
        for _ in follow(store, session.id):
            live.update(chain_tree(store, store.session(session.id)), refresh=True)
        # stopped: the static view's end too (``Answer with: ...``, ``Continue with: ...``)
        live.update(log_view(store, store.session(session.id), reach), refresh=True)


#: Where a tool's result starts in the transcript, and what stands before each further
#: line of an entry's text (a tool's result, what an agent wrote, what it was told, a
#: person's answer): a tool that prints, or an agent that writes, ``← ok``, ``→ Bash {…}``
#: or ``── backend (the request, …)`` shows ``│ ← ok``, never a line of the coordinator's or a
#: person's; only the coordinator's own lines start without it. The text is whole after
#: the marks' two characters.
RESULT_MARK, GUTTER = "← ", "│ "


def transcript_view(entries: list[dict[str, object]]) -> RenderableType:
    """``coord log --transcript``: who said what, each tool call and its result; each
    entry's further lines behind :data:`GUTTER`."""
    lines: list[RenderableType] = []
    for e in entries:
        kind = Said(str(e["kind"]))
        if kind == Said.RUN:  # a blank line between runs, none before the first
            heading = f"── {e['agent']} ({e['place']}, {e['model']})" + _began(e, not lines)
            lines.append(text(f"\n{heading}" if lines else heading, style="bold"))
        elif kind == Said.TOOL_CALL:  # the model's name for it: one word, escaped if odd
            name = shown_name(str(e["name"]))
            lines.append(text(f"→ {name} {_json_line(e['input'])}", style="cyan"))
            if "ran_with" in e:  # a hook rewrote the input: what ran
                lines.append(text(f"  ran with {_json_line(e['ran_with'])}", style="cyan"))
        elif kind == Said.TOOL_RESULT:
            style = "red" if e["is_error"] else "dim"
            lines.append(_AsWritten(f"{RESULT_MARK}{e['text']}", style, gutter=GUTTER))
        elif kind == Said.FAILED:  # as the tree's outcome line says it
            failed = f"✘ Failed ({e['failure_kind']}): {e['text']}"
            lines.append(_AsWritten(failed, "red", gutter=GUTTER))
        else:
            style = {Said.PERSON: "magenta", Said.TO_AGENT: "dim"}.get(kind, "")
            lines.append(_AsWritten(f"[{kind.label}] {e['text']}", style, gutter=GUTTER))
    return Group(*lines)


def _began(entry: Mapping[str, object], first: bool) -> str:
    """`` at 23:04:03`` (the first run's with its date and zone: :func:`zone_of`) when the
    run ``entry`` started, or "" when not known."""
    at = entry.get("at")
    if not isinstance(at, float | int):
        return ""
    return f" at {started(at)}:{clock(at)[-2:]} {zone_of(at)}" if first else f" at {clock(at)}"


def _json_line(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def stats_table(rows: list[StatsRow], width: int | None) -> RenderableType:
    """``coord stats``: per day, agent and model: runs, tokens in and out, the share of
    input read from the prompt cache, and cost, in ``width`` columns (the model name takes
    what is left, its end kept, so an offline row's mark shows; ``width`` None, no
    terminal: nothing is cut; the agent's name gives way (:func:`_stats_agent_width`)
    where that shows every model's short name whole); more than one row ends with a line of
    their totals. Too narrow for a table holding every number and :data:`_MODEL_LEAST`
    characters of a model (below ~61 columns): a block of lines each (:func:`_stats_blocks`),
    no name cut where it fits a line."""
    rows = [*rows, stats_total(rows)] if len(rows) > 1 else rows
    if width and not _stats_fit(rows, width):
        return _stats_blocks(rows, width)
    agent = _stats_agent_width(rows, width) if width else _AGENT_MOST
    cells = _stats_cells(rows, agent if width else None)
    heads = list(_HEADS)
    widths = [max(len(h), *(cell_len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    room = max(width - sum(widths) - len(widths) - 1, _LEAST_REQUEST) if width else None
    table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0))
    for head, least in zip(heads[:2], widths, strict=False):
        table.add_column(head, no_wrap=True, min_width=least)
    table.add_column("model", no_wrap=True, max_width=room)
    for head, least in zip(heads[2:], widths[2:], strict=True):  # a number is never cut
        table.add_column(head, no_wrap=True, justify="right", min_width=least)
    for r, cell in zip(rows, cells, strict=True):
        shown = f"{r.model} {OFFLINE_MARK}" if r.offline else r.model
        model = text(_model_in(r.model, room, r.offline) if room else shown)  # text, no markup
        table.add_row(*map(text, cell[:2]), model, *cell[2:])
    return table


def _stats_agent_width(rows: list[StatsRow], width: int) -> int:
    """How wide ``coord stats``' agent column is in ``width`` columns: at its widest, unless
    the model's short name then has no room; then it gives way, first down to
    :data:`_AGENT_LEAST` for the name and its offline mark on one line, then for the name
    alone (the mark on a line of its own: :func:`_model_in`), then down to
    :data:`_AGENT_FLOOR` (below ~75 columns a model's name was cut: ``clau…line)``); at its
    widest when even that leaves a name cut, if :data:`_MODEL_LEAST` characters of it show,
    else as narrow as that needs (never below the floor: :func:`_stats_fit`)."""
    others = _stats_cells(rows, _AGENT_MOST)
    widths = [max(len(h), *(cell_len(c[i]) for c in others)) for i, h in enumerate(_HEADS)]
    spare = width - sum(widths) - len(widths) - 1  # the model's room, the agent at its widest
    whole = max(len(_short_model(r.model, r.offline)) for r in rows)
    bare = max(len(_short_model(r.model)) for r in rows)
    tiers = ((whole, _AGENT_LEAST), (bare, _AGENT_LEAST), (bare, _AGENT_FLOOR))
    for want, least in (*tiers, (min(bare, _MODEL_LEAST), _AGENT_FLOOR)):
        wanted = want - spare  # beyond the model's room
        if wanted <= 0:
            return _AGENT_MOST
        if wanted <= widths[1] - least:
            return widths[1] - wanted
    return _AGENT_MOST  # a name cut anyway: the agent's is not cut for it


def _stats_fit(rows: list[StatsRow], width: int) -> bool:
    """Whether ``coord stats``' table, the agent's name down to :data:`_AGENT_FLOOR`, has
    room in ``width`` columns for every number and each model's short name (at least
    :data:`_MODEL_LEAST` characters of a longer one: cut in its middle with a mark)."""
    cells = _stats_cells(rows, _AGENT_FLOOR)
    widths = [max(len(h), *(cell_len(c[i]) for c in cells)) for i, h in enumerate(_HEADS)]
    room = width - sum(widths) - len(widths) - 1
    return room >= min(max(len(_short_model(r.model)) for r in rows), _MODEL_LEAST)


def _stats_blocks(rows: list[StatsRow], width: int) -> Text:
    """``coord stats`` in ``width`` columns too narrow for its table: per row, its day and
    agent, then its model (an offline one's mark after it, or below), then its numbers
    named, as many to a line as fit (``2 runs · 18.2k in · 300 out · 82% cached ·
    $0.0442``); a name cut only where it is wider than a line, with a mark."""
    lines: list[str] = []
    for r in rows:
        lines.append(f"{r.day} {_clip_cells(r.agent, max(width - len(r.day) - 1, 1))}".rstrip())
        if r.model:
            shown = _model_in(r.model, width - 2, r.offline)
            lines += [f"  {line}" for line in shown.splitlines()]
        numbers = [
            counted(r.runs, "run"),
            f"{_tokens(r.input_tokens + r.cache_read_tokens + r.cache_write_tokens)} in",
            f"{_tokens(r.output_tokens)} out",
            f"{r.cache_read_share:.0%} cached",
            f"${r.cost_usd:.4f}",
        ]
        line = ""
        for piece in numbers:
            if line and len(line) + len(" · ") + len(piece) > width - 2:
                lines.append(f"  {line}")
                line = ""
            line = f"{line} · {piece}" if line else piece
        lines.append(f"  {line}")
    return text("\n".join(lines))


#: ``coord stats``' agent column at its widest, (giving way to the model) its narrowest for
#: a model's name and mark on one line, and its narrowest of all.
_AGENT_MOST, _AGENT_LEAST, _AGENT_FLOOR = 24, 16, 8
#: The fewest characters of a model's name ``coord stats``' table shows (below: blocks).
_MODEL_LEAST = 10
#: ``coord stats``' columns but the model's, in their order (the model's follows the agent's).
_HEADS = ("day", "agent", "runs", "in", "out", "cached", "cost")


def _stats_cells(rows: list[StatsRow], agent: int | None) -> list[list[str]]:
    """``coord stats``' cells but the model's, the agent's name in ``agent`` characters
    (None: whole)."""
    return [
        [
            r.day,
            _clip_cells(r.agent, agent) if agent else r.agent,
            str(r.runs),
            _tokens(r.input_tokens + r.cache_read_tokens + r.cache_write_tokens),
            _tokens(r.output_tokens),
            f"{r.cache_read_share:.0%}",
            f"${r.cost_usd:.4f}",
        ]
        for r in rows
    ]


def _clip_cells(name: str, columns: int, *, at_word: bool = False) -> str:
    """``name`` as :func:`_clip` cuts it (``at_word``: after a whole word), in at most
    ``columns`` terminal columns: a wide character takes two (``数据库工程师``: twelve), as
    the console draws it."""
    limit = columns
    shown = _clip(name, limit, at_word=at_word)
    while cell_len(shown) > columns and limit > 1:
        limit -= 1
        shown = _clip(name, limit, at_word=at_word)
    return shown


def _short_model(model: str, offline: bool = False) -> str:
    """A model's id (and an ``offline`` one's mark) with the ``claude-`` prefix dropped:
    the fewest characters :func:`_model_in` shows it in without cutting it."""
    shown = _clip(model, len(model)).removeprefix("claude-")
    return f"{shown} {OFFLINE_MARK}" if offline else shown


def _model_in(model: str, room: int, offline: bool = False) -> str:
    """A model's id in ``room`` characters, its end kept: the version that tells
    ``claude-sonnet-4-5`` from ``claude-sonnet-5-5`` (a cut end showed both as
    ``claude-sonnet…``). The ``claude-`` prefix goes first, then the middle; an ``offline``
    model's mark follows it whole (``claude…ffline)`` said neither), while there is room,
    else on a line of its own."""
    mark = f" {OFFLINE_MARK}" if offline else ""
    if mark and room - len(mark) >= len(_short_model(model)):
        return _model_in(model, room - len(mark)) + mark
    if mark and room >= max(len(_short_model(model)), len(OFFLINE_MARK)):
        return f"{_model_in(model, room)}\n{OFFLINE_MARK}"  # the mark on a line of its own
    model = _clip(model + mark, len(model + mark))  # one line, as the console shows it
    if len(model) <= room:
        return model
    if model.startswith("claude-") and len(model) - len("claude-") <= room:
        return model[len("claude-") :]
    if room < 3:
        return _clip(model, room)
    head = (room - 1) // 2
    return f"{model[:head]}…{model[len(model) - (room - 1 - head) :]}"
