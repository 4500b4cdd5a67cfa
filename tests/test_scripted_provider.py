"""The scripted provider: script format, turn selection, errors, through the real SDK."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from coordinator.errors import UserError
from coordinator.providers.base import ModelRequest, RetriesExhausted, ScriptError
from coordinator.providers.script import ScriptedModel, load_script
from coordinator.providers.scripted import ScriptedProvider

AGENT = "fastapi-backend-expert"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "script.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def req(
    task: str = "task 7: fix the login",
    agent: str = AGENT,
    extra: list[dict[str, Any]] | None = None,
) -> ModelRequest:
    messages = [{"role": "user", "content": task}, *(extra or [])]
    return ModelRequest(
        agent=agent,
        model="claude-haiku-4-5",
        system="You are an expert.",
        tools=[{"name": "Read", "description": "read", "input_schema": {"type": "object"}}],
        messages=messages,
    )


def tool_result(use_id: str, text: str) -> list[dict[str, Any]]:
    return [
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": use_id, "name": "Read", "input": {}}],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": use_id, "content": text}],
        },
    ]


SCRIPT = """
agents:
  fastapi-backend-expert:
    - text: "Let me look at the models first."
      tool_calls:
        - {name: Glob, input: {pattern: "**/*.py"}}
        - {name: Read, input: {file_path: app/models/user.py}, id: toolu_custom}
    - text: "Blocked on the User schema"
      expect: "class User"
      usage: {input_tokens: 1200, output_tokens: 80, cache_read_input_tokens: 300}
"""


async def test_turns_are_served_in_order_with_tool_calls(tmp_path: Path) -> None:
    provider = ScriptedProvider.from_file(write(tmp_path, SCRIPT))
    first = await provider.complete(req())
    assert first.stop_reason == "tool_use"
    assert first.text == "Let me look at the models first."
    uses = first.tool_uses
    assert [(u["name"], u["input"]) for u in uses] == [
        ("Glob", {"pattern": "**/*.py"}),
        ("Read", {"file_path": "app/models/user.py"}),
    ]
    assert uses[0]["id"].startswith("toolu_fastapi_backend_expert_")
    assert uses[1]["id"] == "toolu_custom"

    second = await provider.complete(req(extra=tool_result("toolu_custom", "class User: ...")))
    assert second.stop_reason == "end_turn"
    assert second.usage.input_tokens == 1200
    assert second.usage.cache_read_input_tokens == 300
    provider.model.assert_complete()

    call = provider.model.calls[1]
    assert (call.agent, call.model) == (AGENT, "claude-haiku-4-5")
    assert call.system == "You are an expert."
    assert call.tools == ["Read"]
    assert call.turn == f"agents.{AGENT}[1]"


async def test_expect_mismatch_is_a_script_error(tmp_path: Path) -> None:
    provider = ScriptedProvider.from_file(write(tmp_path, SCRIPT))
    await provider.complete(req())
    with pytest.raises(ScriptError, match=r"\[1\] expects 'class User'.*nothing here"):
        await provider.complete(req(extra=tool_result("toolu_custom", "nothing here")))


async def test_when_selects_turns_by_the_first_user_message(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        agents:
          fastapi-backend-expert:
            - {text: "answer for task 8", when: "task 8"}
            - {text: "answer for task 7", when: "task 7"}
            - {text: "generic answer"}
        """,
    )
    provider = ScriptedProvider.from_file(path)
    assert (await provider.complete(req("task 7: login"))).text == "answer for task 7"
    # Selection is per conversation: a second task-7 conversation gets the same answer,
    # and a conversation that matches no `when` gets the generic turn.
    assert (await provider.complete(req("task 7: again"))).text == "answer for task 7"
    assert (await provider.complete(req("task 9: other"))).text == "generic answer"
    unused = f"agents.{AGENT}[0] (text 'answer for task 8'; when 'task 8')"
    assert provider.model.unused() == [unused]
    with pytest.raises(ScriptError, match="1 scripted turn"):
        provider.model.assert_complete()
    assert (await provider.complete(req("task 8: signup"))).text == "answer for task 8"
    provider.model.assert_complete()


async def test_turn_choice_follows_the_conversation_so_a_new_process_can_resume(
    tmp_path: Path,
) -> None:
    """A fresh model serving a conversation that already has one assistant turn
    answers with the second scripted turn, as a resumed session needs."""
    path = write(
        tmp_path,
        """
        agents:
          fastapi-backend-expert:
            - {text: "first"}
            - {text: "second"}
        """,
    )
    provider = ScriptedProvider.from_file(path)
    history = [
        {"role": "user", "content": "task"},
        {"role": "assistant", "content": [{"type": "text", "text": "first"}]},
        {"role": "user", "content": "go on"},
    ]
    request = ModelRequest(agent=AGENT, model="m", system="s", tools=[], messages=history)
    assert (await provider.complete(request)).text == "second"
    assert provider.model.unused() == [f"agents.{AGENT}[0] (text 'first')"]


async def test_unexpected_calls_are_script_errors_naming_the_agent(tmp_path: Path) -> None:
    provider = ScriptedProvider.from_file(write(tmp_path, SCRIPT))
    with pytest.raises(ScriptError, match="no turns for agent 'react-expert'"):
        await provider.complete(req(agent="react-expert"))
    await provider.complete(req())
    await provider.complete(req(extra=tool_result("toolu_custom", "class User")))
    calls = len(provider.model.calls)
    beyond = tool_result("toolu_custom", "class User") + tool_result("toolu_x", "more")
    with pytest.raises(ScriptError, match=f"no turn scripted for agent '{AGENT}' after 2 .*task 7"):
        await provider.complete(req(extra=beyond))
    assert len(provider.model.calls) == calls + 1, "a script error must not be retried"


async def test_tool_ids_are_unique_across_the_session(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        agents:
          a:
            - tool_calls: [{name: Read, input: {file_path: x}}]
          b:
            - tool_calls: [{name: Read, input: {file_path: y}}, {name: Glob, input: {pattern: "*"}}]
        """,
    )
    provider = ScriptedProvider.from_file(path)
    ids = [u["id"] for u in (await provider.complete(req(agent="a"))).tool_uses]
    ids += [u["id"] for u in (await provider.complete(req(agent="b"))).tool_uses]
    assert len(set(ids)) == 3
    # Ids depend only on the conversation: a fresh process serving it again agrees.
    again = ScriptedProvider.from_file(path)
    assert [u["id"] for u in (await again.complete(req(agent="a"))).tool_uses] == ids[:1]


async def test_errors_are_served_as_http_errors_and_retried(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        agents:
          fastapi-backend-expert:
            - error: {status: 529, type: overloaded_error, message: "Overloaded", retry_after: 0}
            - text: "after the overload"
        """,
    )
    provider = ScriptedProvider.from_file(path)
    response = await provider.complete(req())
    assert response.text == "after the overload"
    assert len(provider.model.calls) == 2


async def test_errors_outlasting_the_budget_raise_retries_exhausted(tmp_path: Path) -> None:
    turn = '    - error: {status: 500, message: "boom", retry_after: 0}\n'
    path = write(tmp_path, "agents:\n  fastapi-backend-expert:\n" + turn * 4)
    provider = ScriptedProvider.from_file(path, max_retries=1, retry_budget=1, backoff=0.001)
    with pytest.raises(RetriesExhausted, match="500 api_error: boom"):
        await provider.complete(req())
    assert provider.model.unused() == []


async def test_a_last_error_turn_persists_like_an_outage(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        agents:
          fastapi-backend-expert:
            - error: {status: 529, message: "Overloaded"}
        """,
    )
    # a backoff of 30 s: three waits for real would be 90 s at least, far from the bound
    # below (which a busy machine's delays cannot reach either)
    provider = ScriptedProvider.from_file(path, max_retries=1, retry_budget=1, backoff=30)
    started = time.perf_counter()
    with pytest.raises(RetriesExhausted, match="529 overloaded_error: Overloaded"):
        await provider.complete(req())
    assert time.perf_counter() - started < 60, "scripted errors must not wait for real"
    turns = [c.turn for c in provider.model.calls]
    assert turns == [f"agents.{AGENT}[0]"] + [f"agents.{AGENT}[0] (repeated)"] * 3


async def test_refusal_stop_reason_and_latency(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        agents:
          fastapi-backend-expert:
            - {text: "slow", latency_ms: 60}
            - {text: "", stop_reason: refusal}
        """,
    )
    provider = ScriptedProvider.from_file(path)
    started = time.perf_counter()
    await provider.complete(req())
    assert time.perf_counter() - started >= 0.055
    from coordinator.providers.base import ModelRefused

    with pytest.raises(ModelRefused):
        await provider.complete(req(extra=tool_result("toolu_1", "ok")))


def test_default_usage_is_a_plausible_estimate() -> None:
    model = ScriptedModel.from_data({"agents": {"a": [{"text": "x" * 400}]}})
    provider = ScriptedProvider(model)
    import asyncio

    response = asyncio.run(provider.complete(req(agent="a", task="y" * 4000)))
    assert 900 < response.usage.input_tokens < 1300
    assert 90 < response.usage.output_tokens < 130


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "agents:\n  fastapi-backend-expert:\n    - {text: a}\n    - {text: b}\n"
            "    - {tool_call: {name: Read}}\n",
            "script.yaml:5: agents.fastapi-backend-expert[2]: unknown key 'tool_call'",
        ),
        (
            "agents:\n  x:\n    - tool_calls: [{input: {}}]\n",
            "script.yaml:3: agents.x[0].tool_calls[0]: missing key 'name'",
        ),
        (
            "agents:\n  x:\n    - {expect: foo}\n",
            "script.yaml:3: agents.x[0]: a turn needs 'text', 'tool_calls' or 'error'",
        ),
        ("agents:\n  x:\n    - {text: a, stop_reason: done}\n", "agents.x[0].stop_reason"),
        ("agent:\n  x: []\n", "script.yaml:1: (top level): unknown key 'agent'"),
        (  # YAML reads an unquoted no as a boolean: the message says to quote it
            "agents:\n  x:\n    - text: no\n",
            "agents.x[0].text: must be text (YAML read False: put the text in quotes)",
        ),
        ("- just a list\n", "script.yaml: a script must be a mapping"),
        ("agents: {x: [{text: 'a'}]\n", "script.yaml:"),
    ],
)
def test_malformed_scripts_are_user_errors_naming_the_line_and_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    write(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError) as info:
        load_script(Path("script.yaml"))
    assert message in str(info.value)


def test_missing_script_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot read --script"):
        load_script(tmp_path / "nope.yaml")
