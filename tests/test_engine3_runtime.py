"""The engine's per-call and per-hop work (issue 12, branch engine3): what is built once per
agent or per drive, and the cheaper forms of quoting, usage totals, options and state.

Each test fails without the mechanism it names: a toolset or system prompt built per
drive, a request rebuilt per model call, a run scope entered for a plain agent, a roster
walked per consult, a consult removed from the chain by equality, and so on.
"""

from __future__ import annotations

import asyncio
import os
import random
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from coordinator import prompts
from coordinator.prompts import CONTINUE_MARKER
from coordinator.providers.base import ModelRequest, ModelResponse, Usage
from coordinator.roster.registry import Registry
from coordinator.runtime import agent_run
from coordinator.runtime.agent_run import final_text
from coordinator.runtime.engine import toolsets_for
from coordinator.runtime.options import SessionOptions
from coordinator.runtime.state import RunState, SessionState, add_usage, usage_copy
from tests.kit import Harness, blocked, report, team


class Recording:
    """A provider double recording every request object it is given."""

    name = "recording"

    def __init__(self, inner: Any):
        self.inner = inner
        self.requests: list[ModelRequest] = []

    async def complete(self, request: ModelRequest) -> ModelResponse:
        self.requests.append(request)
        response: ModelResponse = await self.inner.complete(request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


CHAIN = {
    "backend": [{"text": blocked("database", "The schema")}, {"text": report("Complete")}],
    "dba": [
        {"tool_calls": [{"name": "Read", "input": {"file_path": "README.md"}}]},
        {"tool_calls": [{"name": "Glob", "input": {"pattern": "*.md"}}]},
        {"text": report("Complete", "Schema given")},
    ],
}


def _harness(tmp_path: Path, agents: dict[str, Any], **kw: Any) -> Harness:
    from tests.kit import scripted

    return Harness(tmp_path, agents, provider=Recording(scripted(agents)), **kw)


def test_one_request_per_run_whose_messages_grow_with_the_conversation(
    tmp_path: Path,
) -> None:
    h = _harness(tmp_path, CHAIN)
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    assert result.status == "complete"
    provider: Recording = h.engine.runner.provider  # type: ignore[assignment]
    by_agent = [(r.agent, id(r)) for r in provider.requests]
    assert [a for a, _ in by_agent] == ["backend", "dba", "dba", "dba", "backend"]
    dba = {i for a, i in by_agent if a == "dba"}
    assert len(dba) == 1  # three calls of one drive: one request object
    assert by_agent[0][1] == by_agent[-1][1]  # the root's two drives: the same one
    assert len({i for _, i in by_agent}) == 2
    request = next(r for r in provider.requests if r.agent == "dba")
    stored = h.conversation(result.session_id, "dba")
    assert request.messages == stored  # the run's own list, as stored
    h.close()


def test_toolset_and_system_prompt_are_built_once_per_agent(tmp_path: Path) -> None:
    built: list[str] = []
    real = toolsets_for()

    def counting(spec: Any) -> Any:
        built.append(spec.name)
        return real(spec)

    h = _harness(tmp_path, CHAIN)
    h.engine.runner.toolsets = counting
    for i in range(3):
        assert asyncio.run(h.engine.start(f"request {i}", agent="backend")).status == "complete"
    assert sorted(built) == ["backend", "dba"]  # 6 drives of 2 agents, 3 sessions
    h.close()


def test_a_new_spec_object_gets_a_new_plan(tmp_path: Path) -> None:
    h = _harness(tmp_path, {"backend": [{"text": report("Complete")}] * 2})
    asyncio.run(h.engine.start("one", agent="backend"))
    first = h.engine.runner._plans["backend"]
    changed = h.registry.get("backend").model_copy(update={"body": "Changed body."})
    h.engine.registry = Registry([changed])
    asyncio.run(h.engine.start("two", agent="backend"))
    second = h.engine.runner._plans["backend"]
    assert second is not first and second.spec is changed
    h.close()


def test_a_plain_agent_is_driven_without_entering_a_run_scope(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered: list[str] = []
    real = agent_run.run_scope

    def spy(agent: Any, *args: Any, **kw: Any) -> Any:
        entered.append(agent.name)
        return real(agent, *args, **kw)

    monkeypatch.setattr(agent_run, "run_scope", spy)
    registry = team("backend", "dba")
    isolated = registry.get("dba").model_copy(
        update={"extra": {"isolation": "worktree"}}  # no git repo here: isolation skipped
    )
    h = _harness(tmp_path, CHAIN, registry=Registry([registry.get("backend"), isolated]))
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    assert result.status == "complete"
    assert entered == ["dba"]  # the worktree agent only, once
    assert "isolation_skipped" in h.kinds(result.session_id)
    h.close()


def test_the_roster_is_walked_once_per_domain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked: list[str] = []
    real = Registry.of_domain  # (consult47: the walk; kit.for_domain answers without a question)

    def spy(self: Registry, domain: str) -> Any:
        looked.append(domain)
        return real(self, domain)

    monkeypatch.setattr(Registry, "of_domain", spy)
    agents = {
        "backend": [{"text": blocked("database", "The schema")}, {"text": report("Complete")}] * 3,
        "dba": [{"text": report("Complete", "Schema given")}] * 3,
    }
    h = _harness(tmp_path, agents)
    for i in range(3):
        assert asyncio.run(h.engine.start(f"r{i}", agent="backend")).status == "complete"
    assert looked == ["database"]
    h.close()


def test_a_finished_consult_leaves_the_chain_by_identity() -> None:
    spec = team("backend").get("backend")
    first = RunState(1, spec, "m", 0, 5, [])
    twin = RunState(1, spec, "m", 0, 5, [])
    assert first == twin  # equal fields: list.remove would take the first one
    s = SessionState("s1", "request", Path("."), chain=[first, twin])
    s.drop(twin)
    assert s.chain == [first] and s.chain[0] is first
    with pytest.raises(RuntimeError):
        s.drop(twin)


def test_run_state_name_is_the_agents() -> None:
    run = RunState(7, team("dba").get("dba"), "m", 1, 5, [])
    assert run.name == "dba"


def test_usage_grows_in_place_and_a_result_keeps_its_own_copy(tmp_path: Path) -> None:
    total = Usage(1, 2, 3, 4)
    add_usage(total, Usage(10, 20, 30, 40))
    assert total == Usage(11, 22, 33, 44)
    copy = usage_copy(total)
    add_usage(total, Usage(1, 1, 1, 1))
    assert copy == Usage(11, 22, 33, 44) and copy is not total

    h = _harness(tmp_path, CHAIN)
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    runs = h.store.runs(result.session_id)
    summed = Usage()
    for run in runs:
        add_usage(summed, run.usage)
    assert result.usage == summed and result.usage.total_tokens > 0
    h.close()


def _final_text_loop(messages: list[dict[str, Any]]) -> str:
    """final_text as it was before its fast path (the reference)."""
    parts: list[str] = []
    for message in reversed(messages):
        content = message["content"]
        if isinstance(content, str):
            text = content
        else:
            text = "\n".join(b.get("text", "") for b in content if b.get("type") == "text")
        if message["role"] == "user":
            if not text.startswith(CONTINUE_MARKER):
                break
            continue
        parts.append(text)
    return "".join(reversed(parts)).strip()


def test_final_text_fast_path_reads_as_the_general_loop() -> None:
    rng = random.Random(12)
    texts = ["", " a ", "b\n", f"{CONTINUE_MARKER} go on", "**Status:** Complete"]

    def content() -> Any:
        pick = rng.random()
        if pick < 0.3:
            return rng.choice(texts)
        blocks = [
            rng.choice(
                [
                    {"type": "text", "text": rng.choice(texts)},
                    {"type": "tool_use", "id": "t", "name": "Read", "input": {}},
                    {"type": "tool_result", "tool_use_id": "t", "content": "x"},
                ]
            )
            for _ in range(rng.randint(0, 3))
        ]
        return blocks

    for _ in range(3000):
        messages = [
            {"role": rng.choice(["user", "assistant"]), "content": content()}
            for _ in range(rng.randint(0, 5))
        ]
        assert final_text(messages) == _final_text_loop(messages), messages


def test_boundaries_are_fresh_and_read_the_system_randomness_in_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[int] = []
    real = os.urandom

    def counting(n: int) -> bytes:
        reads.append(n)
        return real(n)

    monkeypatch.setattr(prompts.os, "urandom", counting)
    monkeypatch.setattr(prompts, "_RANDOM", prompts._Randomness())
    tokens = [prompts.boundary_token() for _ in range(640)]
    assert len(set(tokens)) == 640
    assert all(len(t) == 16 and int(t, 16) >= 0 for t in tokens)
    assert len(reads) == 10  # 512 bytes a read, 8 a boundary


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_does_not_reuse_the_parents_boundaries() -> None:
    prompts.boundary_token()  # the parent holds unused bytes now
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next boundary, then leave at once
        try:
            os.write(write, prompts.boundary_token().encode())
        finally:
            os._exit(0)
    os.close(write)
    child = os.read(read, 64).decode()
    os.close(read)
    os.waitpid(pid, 0)
    assert len(child) == 16
    assert child != prompts.boundary_token()  # the bytes the child would have reused


@pytest.mark.parametrize(
    "options",
    [
        SessionOptions(),
        SessionOptions(
            agents_dirs=("/a", "/b"),
            only=True,
            provider="scripted",
            script="/s.yaml",
            model="m",
            base_url="http://127.0.0.1:1",
            allow_bash=True,
            unsandboxed_bash=True,
            bash_network=True,
            bash_env=("HOME",),
            demo=True,
            hooks=False,
        ),
    ],
)
def test_options_json_has_every_field_and_round_trips(options: SessionOptions) -> None:
    expected = {**asdict(options), "agents_dirs": list(options.agents_dirs)}
    expected["bash_env"] = list(options.bash_env)
    assert options.to_json() == expected
    assert SessionOptions.from_json(options.to_json()) == options


def test_a_quote_skips_the_closing_tag_scan_only_where_nothing_can_match() -> None:
    rng = random.Random(3)
    pieces = ["a", " ", "\n", "<", "/", "\uff1c", "\uff0f", "\u200b", "consultant_answer", "é"]
    pattern = prompts._closing(prompts.QUOTE_TAGS)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        mark = "f" * 16
        got = prompts.quote("consultant_answer", text, boundary=mark)
        safe = pattern.sub(prompts._neutralise, text).strip()
        if mark not in safe:
            tag = f'consultant_answer boundary="{mark}"'
            assert got == f"<{tag}>\n{safe}\n</{tag}>"
    assert "&lt;/consultant_answer" in prompts.quote("x", "a </consultant_answer> b")
