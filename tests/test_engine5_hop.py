"""The engine's own Python per hop, third cut (issue 12, branch engine5).

* A quiet final turn (no tools, hooks, worktree or MCP servers) hands its text straight to
  the report reader: no :class:`Turn` object; a turn acted on first still gets one.
* ``AgentRunner.drive`` hands back one coroutine per drive (the loop's own, which first
  awaits the store's durable point); a plain run's scope is found on the run (no per-drive
  registration).
* Outcomes (``Complete``, ``Blocked``, ``NeedsReview``) set their fields as one ``__dict__``:
  the same frozen dataclasses otherwise.
* What every run of one agent definition starts with (model, turn limit, snapshot) and what
  every request of a plain agent carries (tool list, effort) are worked out once per
  definition, not per run.
* Usage adds the cache counters only when a call used the cache; the totals are the same.
* Quotes: the look-alike scan unrolled, attributes written once per message.

An in-process provider double (no SDK import) keeps the file fast.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import random
from pathlib import Path
from typing import Any

import pytest

from coordinator import prompts
from coordinator.config import Settings
from coordinator.providers.base import ModelRequest, ModelResponse, Usage
from coordinator.runtime import agent_run
from coordinator.runtime.agent_run import AgentRunner
from coordinator.runtime.preload import Preload
from coordinator.runtime.state import Blocked, Complete, NeedsReview, RunState, SessionState
from coordinator.tools.toolset import Toolset
from protocols import parse_report
from tests.kit import Harness, InstantTurns, blocked, report, team

CHAIN = {
    "backend": [blocked("database", "The schema"), report("Complete")],
    "dba": [blocked("devops", "The pipeline"), report("Complete", "Schema given")],
    "ops": [report("Complete", "Pipeline given")],
}


class Turns(InstantTurns):
    """Answers each agent's k-th turn at once; ``usages`` in turn (cycled), ``seen`` called
    with the runner on every call (to look at its state mid-drive)."""

    def __init__(self, turns: dict[str, list[str]], usages: list[Usage] | None = None):
        super().__init__(turns, usages=usages or [Usage(input_tokens=10, output_tokens=2)])
        self.seen: list[int] = []
        self.runner: AgentRunner | None = None

    async def complete(self, request: ModelRequest) -> ModelResponse:
        if self.runner is not None:
            self.seen.append(len(self.runner._drives))
        return await super().complete(request)


def _harness(tmp_path: Path, provider: Turns) -> Harness:
    return Harness(tmp_path, {}, provider=provider)


def _chains(h: Harness, n: int = 1) -> None:
    async def go() -> None:
        for i in range(n):
            result = await h.engine.start(f"request {i}", agent="backend")
            assert result.status == "complete"

    asyncio.run(go())


def test_a_quiet_final_turn_builds_no_turn_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []

    class Counted(agent_run.Turn):
        __slots__ = ()

        def __init__(self, content: list[dict[str, Any]], stop_reason: str | None):
            built.append(1)
            super().__init__(content, stop_reason)

    monkeypatch.setattr(agent_run, "Turn", Counted)
    h = _harness(tmp_path, Turns(CHAIN))
    try:
        _chains(h)
        assert h.provider.calls == 5
        assert built == []  # five final messages, read as they came
    finally:
        h.close()


def test_a_turn_acted_on_first_still_gets_one(tmp_path: Path) -> None:
    """A turn cut off at the token limit is continued, not read: it goes through Turn."""
    text = report("Complete")
    cut, rest = text[:10], text[10:]

    class CutOff(Turns):
        async def complete(self, request: ModelRequest) -> ModelResponse:
            response = await super().complete(request)
            if self.calls == 1:
                response.stop_reason = "max_tokens"
            return response

    h = _harness(tmp_path, CutOff({"backend": [cut, rest]}))
    try:
        result = asyncio.run(h.engine.start("r", agent="backend"))
        assert result.status == "complete"
        assert result.text == text.strip()
    finally:
        h.close()


def test_drive_hands_back_one_coroutine_and_registers_no_plain_run(tmp_path: Path) -> None:
    assert not inspect.iscoroutinefunction(AgentRunner.drive)
    provider = Turns(CHAIN)
    h = _harness(tmp_path, provider)
    provider.runner = h.engine.runner
    try:
        _chains(h)
        assert provider.seen == [0] * 5  # plain runs: their scope is on the run
    finally:
        h.close()


def test_outcomes_set_their_fields_once_and_stay_frozen_dataclasses() -> None:
    rep = parse_report(report("Complete"))
    for kind in (Complete, Blocked, NeedsReview):  # not the generated per-field __init__
        assert kind.__init__.__code__.co_filename.endswith("state.py")
    for outcome, names in (
        (Complete(rep, "t"), ["report", "text"]),
        (Blocked(rep, "t"), ["report", "text"]),
        (NeedsReview("t"), ["text", "report", "reason"]),
    ):
        assert [f.name for f in dataclasses.fields(outcome)] == names
        with pytest.raises(dataclasses.FrozenInstanceError):
            outcome.text = "x"  # type: ignore[misc]
        assert outcome == dataclasses.replace(outcome)
        assert hash(outcome) == hash(dataclasses.replace(outcome))
    assert NeedsReview("t") == NeedsReview("t", None, "")
    assert NeedsReview("t").failure_kind == "unreadable_report"
    assert repr(Complete(rep, "t")).startswith("Complete(report=")
    assert Complete(rep, "t") != Blocked(rep, "t")


def test_a_definitions_start_and_request_parts_are_worked_out_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = {"model": 0, "schemas": 0, "effort": 0}

    def counting(name: str, real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(Settings, "resolve_model", counting("model", Settings.resolve_model))
    monkeypatch.setattr(Toolset, "schemas", counting("schemas", Toolset.schemas))
    monkeypatch.setattr(Preload, "effort", counting("effort", Preload.effort))
    h = _harness(tmp_path, Turns(CHAIN))
    try:
        _chains(h, 3)  # 9 runs of 3 definitions
        assert counts == {"model": 3, "schemas": 3, "effort": 3}
    finally:
        h.close()


def test_usage_totals_with_and_without_the_cache(tmp_path: Path) -> None:
    usages = [
        Usage(10, 2),
        Usage(10, 2, cache_creation_input_tokens=7, cache_read_input_tokens=0),
        Usage(10, 2, cache_creation_input_tokens=0, cache_read_input_tokens=5),
    ]
    h = _harness(tmp_path, Turns(CHAIN, usages))
    try:
        result = asyncio.run(h.engine.start("r", agent="backend"))
        # usages cycled over the calls: backend, dba, ops, dba, backend
        assert result.usage == Usage(50, 10, 14, 5)
        runs = {r.agent: r for r in h.store.runs(result.session_id)}
        assert (runs["backend"].cache_write_tokens, runs["backend"].cache_read_tokens) == (7, 0)
        assert (runs["dba"].cache_write_tokens, runs["dba"].cache_read_tokens) == (7, 0)
        assert (runs["ops"].cache_write_tokens, runs["ops"].cache_read_tokens) == (0, 5)
    finally:
        h.close()


def _texts(n: int) -> list[str]:
    rng = random.Random(5)
    alphabet = "ab <>/\n✅é" + prompts._LT + prompts._SLASH
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12))) for _ in range(n)]


def test_the_unrolled_scan_sees_every_look_alike() -> None:
    for text in _texts(3000):
        assert prompts._may_close(text) == any(c in text for c in prompts._LT), text


def test_quotes_with_attributes_written_once_are_the_same_text() -> None:
    for text in _texts(500):
        for agent in ("dba", 'a"b<c&d\ne'):
            quoted = prompts.quote("consultant_answer", text, boundary="B" * 16, agent=agent)
            attr = f' agent="{prompts._attr(agent)}"'
            assert prompts._quoted("consultant_answer", attr, text, "B" * 16) == quoted
    assert prompts.quote("x", "t", boundary="b" * 16, a="1", b="<") == (
        '<x a="1" b="&lt;" boundary="' + "b" * 16 + '">\nt\n</x boundary="' + "b" * 16 + '">'
    )


def test_a_consult_leaves_the_chain_by_identity(tmp_path: Path) -> None:
    spec = team("backend").get("backend")
    s = SessionState("s", "r", tmp_path)
    runs = [RunState(i, spec, "m", i, 5, []) for i in range(3)]
    s.chain.extend(runs)
    twin = RunState(2, spec, "m", 2, 5, [])  # equal to the last, not it
    with pytest.raises(RuntimeError):
        s.drop(twin)
    s.drop(runs[1])
    assert s.chain == [runs[0], runs[2]] and s.chain[1] is runs[2]
    s.drop(runs[2])
    assert s.chain == [runs[0]]


def test_the_runtime_makes_fewer_calls_per_hop(tmp_path: Path) -> None:
    """Counted as ``tests/test_engine3_calls.py`` counts them: 139 per hop and 79 per
    one-call session before this branch, 124 and 71 after; 77 since a stored reply is
    checked for blank blocks (``stored_reply``: provider108, 2 calls), the ``routed`` event
    names its process (audit108, 1) and ``_start`` looks for resource mentions (claude110,
    only for a request with an ``@``: 0 here), 74 before them; 78 since the model call is
    its own step (``AgentRunner._model_turn``: tidy112, 1 call; the count moves by 1 from
    one run to the next); 81 since the finishing step's transaction is wrapped so its final
    turn is kept when the server rolls it back (ops112: ``Engine._final_turn_kept``, its
    context manager's 3 calls). 141-142 per hop since a final message is read with its
    writer's identity (parser116: ``report_identity`` builds the roster's parties for each
    report read, about 17 calls a hop; a one-call session reads one report)."""
    from tests.test_engine3_calls import CHAIN as CALLS_CHAIN
    from tests.test_engine3_calls import SINGLE, _calls

    chain = _calls(tmp_path, CALLS_CHAIN)
    single = _calls(tmp_path, SINGLE)
    per_hop = (chain - single) / 2
    assert per_hop <= 146, f"{per_hop:.0f} calls per hop from the runtime (142 expected)"
    assert single <= 92, f"{single:.0f} calls per one-call session (89 expected)"
