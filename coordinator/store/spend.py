"""What stored sessions spent: a session's tokens and cost (:func:`totals`: its runs', or
a refused request's prompt hooks'), and ``coord stats``' rows by agent and model, of one
store or of every database the index knows (:func:`stats_everywhere`), since a time.
Part of the read model of stored sessions (no SQL here, no rendering).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from coordinator.event_kinds import EventKind
from coordinator.store.databases import _home_of, _read_each
from coordinator.store.db import RunRow, SessionRow, Store
from coordinator.store.rows import SpentRun, options_offline

JSON = dict[str, Any]


def run_tokens(run: RunRow) -> int:
    """Every token a run spent: input, output and both kinds of cache."""
    return run.usage.total_tokens


def totals(store: Store, session_id: str) -> tuple[int, float]:
    """Tokens and cost of every run of a session; of a session without a run (a request
    refused by a UserPromptSubmit hook), those of its prompt hooks' model calls, which
    only their ``hook`` events record (a run counts its own hooks' calls)."""
    runs = store.runs(session_id)
    if runs:
        return sum(run_tokens(r) for r in runs), sum(r.cost_usd for r in runs)
    calls = [e.data for e in store.events(session_id) if e.kind == EventKind.HOOK]
    tokens = sum(int(d.get(name) or 0) for d in calls for name in _CALL_TOKENS)
    return tokens, sum(float(d.get("cost_usd") or 0.0) for d in calls)


#: The token counts of a prompt hook's model call in its ``hook`` event.
_CALL_TOKENS = ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens")


#: After a model's name in ``coord stats``: a scripted model played those runs.
OFFLINE_MARK = "(offline)"


@dataclass
class StatsRow:
    """Spend of one (day, agent, model) group."""

    day: str
    agent: str
    model: str
    runs: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0
    #: A scripted model played these runs: priced as real ones, but nothing was charged.
    offline: bool = False

    @property
    def cache_read_share(self) -> float:
        """Cache reads as a share of every input token (fresh, cache-written, cache-read)."""
        total = self.input_tokens + self.cache_read_tokens + self.cache_write_tokens
        return self.cache_read_tokens / total if total else 0.0

    def to_json(self) -> JSON:
        """As ``coord stats --json`` shows it."""
        return {
            "day": self.day,
            "agent": self.agent,
            "model": self.model,
            "runs": self.runs,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cache_read_tokens": self.cache_read_tokens,
            "cache_write_tokens": self.cache_write_tokens,
            "cache_read_share": round(self.cache_read_share, 4),
            "cost_usd": round(self.cost_usd, 6),
            "offline": self.offline,
        }


def stats_total(rows: Iterable[StatsRow]) -> StatsRow:
    """The sums of ``rows`` (``coord stats``' total line): day ``total``, no agent or
    model; its cache-read share is that of all their input, not an average of shares."""
    total = StatsRow("total", "", "")
    for row in rows:
        total.runs += row.runs
        total.input_tokens += row.input_tokens
        total.output_tokens += row.output_tokens
        total.cache_read_tokens += row.cache_read_tokens
        total.cache_write_tokens += row.cache_write_tokens
        total.cost_usd += row.cost_usd
    return total


def stats_everywhere(
    local: Path, timeout: float, since: float | None, *, one: bool, missing_ok: bool = False
) -> list[StatsRow]:
    """``coord stats``: the local database's (``one``: a fault is the command's error), or
    every database the index knows, where one that cannot be read is skipped with one
    warning line (as ``coord sessions`` does): one damaged workspace hides no other's.
    ``missing_ok``: a local database not made yet holds none (nothing ran there)."""
    found = _read_each(
        local, timeout, lambda store: (store.where, spend_since(store, since)), one, missing_ok
    )
    spent = [spend for _, spend in found] if one else _spent_once(found, local)
    return stats(
        (run for runs, _ in spent for run in runs), (call for _, calls in spent for call in calls)
    )


#: What the sessions of one store spent (:func:`spend_since`): their runs, and the prompt
#: hooks' model calls of those without a run, each call with its session's id.
Spent = tuple[list[SpentRun], list[tuple[str, JSON, float]]]


def _spent_once(found: list[tuple[str, Spent]], local: Path) -> list[Spent]:
    """Each database's spend (``found``: with the database), a session held by several (a
    copied project, ``cp -r``, copies its database) counted in one alone: the one
    ``coord sessions`` lists it from (:func:`_home_of`), never twice."""
    held: dict[str, list[str]] = {}
    for where, (runs, calls) in found:
        for sid in dict.fromkeys([r.run.session_id for r in runs] + [c[0] for c in calls]):
            held.setdefault(sid, []).append(where)
    here = str(local.resolve())
    home = {sid: _home_of(sid, dbs, here) for sid, dbs in held.items()}
    return [
        (
            [r for r in runs if home[r.run.session_id] == where],
            [c for c in calls if home[c[0]] == where],
        )
        for where, (runs, calls) in found
    ]


def session_stats_rows(store: Store, row: SessionRow) -> list[StatsRow]:
    """``coord stats --session``: the rows of the session ``row`` alone, counted as
    :func:`stats` counts every session's (its runs; its prompt hooks' calls when it has no
    run: a request a UserPromptSubmit hook refused)."""
    runs = store.runs(row.id)
    offline = options_offline(row.options)
    spent = [SpentRun(run, row.created_at, offline) for run in runs]
    events = [] if runs else store.events(row.id)
    calls = [(row.id, e.data, row.created_at) for e in events if e.kind == EventKind.HOOK]
    return stats(spent, [call for call in calls if call[1].get("model")])


def stats_of(store: Store, since: float | None, workspace: str | None = None) -> list[StatsRow]:
    """``coord stats`` of one store (a shared PostgreSQL one): the same rows as a file's,
    from the same indexed statements (:meth:`Store.runs_since`, :meth:`Store.runless_since`);
    ``workspace``: only its sessions (``--here``: the store holds every workspace's)."""
    return stats(*spend_since(store, since, workspace))


#: The agent ``coord stats`` names for the prompt hooks' model calls of requests they refused:
#: such a session has no run (no agent ran), and its calls are grouped by the hook's model.
HOOK_AGENT = "(hook)"


def spend_since(store: Store, since: float | None, workspace: str | None = None) -> Spent:
    """What sessions created since ``since`` (``workspace``'s alone, when given) spent:
    their runs, and the prompt hooks' model calls of those without a run (a request refused
    by a UserPromptSubmit hook: only its ``hook`` events record them, as :func:`totals`
    reads them; a run counts its own hooks' calls), each with the time its session was
    created (a call: with its session's id too)."""
    calls = [
        (session_id, event.data, created)
        for session_id, created in store.runless_since(since, workspace)
        for event in store.events(session_id)
        if event.kind == EventKind.HOOK and event.data.get("model")
    ]
    return store.runs_since(since, workspace), calls


def stats(
    runs: Iterable[SpentRun], calls: Iterable[tuple[str, JSON, float]] = ()
) -> list[StatsRow]:
    """Tokens, cost and cache-read share by day (of the session), agent, model and whether
    a scripted model played them (offline: priced as real runs, nothing charged), of ``runs``
    and of the prompt hooks' ``calls`` of refused requests (their ``hook`` events' fields;
    agent :data:`HOOK_AGENT`, no run), each with the time its session was created (a
    call: after its session's id)."""
    groups: dict[tuple[str, str, str, bool], StatsRow] = {}

    def group(created: float, agent: str, model: str, offline: bool = False) -> StatsRow:
        day = datetime.fromtimestamp(created).strftime("%Y-%m-%d")
        row = StatsRow(day, agent, model, offline=offline)
        return groups.setdefault((day, agent, model, offline), row)

    for run, created, offline in runs:
        g = group(created, run.agent, run.model, offline)
        g.runs += 1
        g.input_tokens += run.input_tokens
        g.output_tokens += run.output_tokens
        g.cache_read_tokens += run.cache_read_tokens
        g.cache_write_tokens += run.cache_write_tokens
        g.cost_usd += run.cost_usd
    for _, data, created in calls:
        g = group(created, HOOK_AGENT, str(data["model"]))
        g.input_tokens += int(data.get("input_tokens") or 0)
        g.output_tokens += int(data.get("output_tokens") or 0)
        g.cache_read_tokens += int(data.get("cache_read_tokens") or 0)
        g.cache_write_tokens += int(data.get("cache_write_tokens") or 0)
        g.cost_usd += float(data.get("cost_usd") or 0.0)
    by_name = sorted(groups.values(), key=lambda g: (g.agent, g.model, g.offline))
    return sorted(by_name, key=lambda g: g.day, reverse=True)  # newest day first
