"""One Blocked → consult → resume → Complete cycle in each peer framework, with instant fake
models and no network; prints per-cycle CPU and wall time as JSON.

Runs in the peers' own venv (``bench/peers/requirements.txt``), never in the project's:
``python bench/peers/peers.py SCENARIO [CYCLES]``. ``bench/peers/bench_peers.py`` runs every
scenario and writes the table. The cycle, everywhere: the backend specialist's model answers
"Status: Blocked (Domain: Database)", the database specialist's model answers the question,
the backend specialist sees the answer and its model answers "Status: Complete" — three
model calls, plus whatever routing turns the framework itself needs (a supervisor's).
"""

import asyncio
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENAI_API_KEY", "sk-fake-no-network")  # never used: fake models
os.environ.setdefault("LANGSMITH_TRACING", "false")

BLOCKED = (
    "Blocked on the schema.\n\n**Status:** Blocked\n**Domain:** Database\n"
    "**Blocker:** no schema\n**Required:** the tasks table"
)
ANSWER = "ANSWER: tasks(id, title, owner_id -> users.id)"
COMPLETE = "Endpoint added.\n\n**Changes:**\n- x\n\n**Files:** none\n\n**Status:** Complete"


CALLS = [0]  # model calls made, to report per cycle


def said(texts: list[str], needle: str) -> bool:
    return any(needle in t for t in texts)


# ---------------------------------------------------------------- LangGraph


def _fake_chat(reply: Callable[[list[Any]], Any]) -> Any:
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.outputs import ChatGeneration, ChatResult

    class FakeChat(BaseChatModel):
        """A chat model answering at once with ``reply(messages)`` (an AIMessage)."""

        def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kw: Any):
            CALLS[0] += 1
            return ChatResult(generations=[ChatGeneration(message=reply(messages))])

        @property
        def _llm_type(self) -> str:
            return "fake-instant"

        def bind_tools(self, tools: Any, **kw: Any) -> Any:
            return self

    return FakeChat()


def _texts(messages: list[Any]) -> list[str]:
    return [m.content if isinstance(m.content, str) else str(m.content) for m in messages]


def langgraph_raw(durable: bool) -> tuple[Callable[[int], None], Callable[[], None]]:
    """A two-node StateGraph: backend ⇄ database, routed on the backend's Status."""
    from typing import Annotated, TypedDict

    from langchain_core.messages import AIMessage, HumanMessage
    from langgraph.graph import END, START, StateGraph
    from langgraph.graph.message import add_messages

    class State(TypedDict):
        messages: Annotated[list[Any], add_messages]

    backend_model = _fake_chat(
        lambda ms: AIMessage(COMPLETE if said(_texts(ms), "ANSWER") else BLOCKED, name="backend")
    )
    database_model = _fake_chat(lambda ms: AIMessage(ANSWER, name="database"))

    def backend(state: State) -> dict[str, Any]:
        return {"messages": [backend_model.invoke(state["messages"])]}

    def database(state: State) -> dict[str, Any]:
        return {"messages": [database_model.invoke(state["messages"][-1:])]}

    def after_backend(state: State) -> str:
        return "database" if "**Status:** Blocked" in state["messages"][-1].content else END

    graph = StateGraph(State)
    graph.add_node("backend", backend)
    graph.add_node("database", database)
    graph.add_edge(START, "backend")
    graph.add_conditional_edges("backend", after_backend, ["database", END])
    graph.add_edge("database", "backend")
    saver, close = _saver(durable)
    app = graph.compile(checkpointer=saver)

    def cycle(i: int) -> None:
        out = app.invoke(
            {"messages": [HumanMessage("Add GET /tasks/{id}")]},
            {"configurable": {"thread_id": f"t{i}"}},
        )
        if "**Status:** Complete" not in out["messages"][-1].content:
            raise RuntimeError(out)

    return cycle, close


def _saver(durable: bool) -> tuple[Any, Callable[[], None]]:
    if not durable:
        return None, lambda: None
    from langgraph.checkpoint.sqlite import SqliteSaver

    folder = tempfile.mkdtemp(prefix="peers-lg-")
    conn = sqlite3.connect(Path(folder) / "checkpoints.db", check_same_thread=False)
    saver = SqliteSaver(conn)
    saver.setup()
    return saver, conn.close


def langgraph_supervisor(durable: bool) -> tuple[Callable[[int], None], Callable[[], None]]:
    """langgraph-supervisor: a supervisor model hands to backend, database, backend (tools)."""
    from langchain_core.messages import AIMessage, HumanMessage
    from langgraph.prebuilt import create_react_agent
    from langgraph_supervisor import create_supervisor

    def supervise(ms: list[Any]) -> Any:
        texts = _texts(ms)
        if said(texts, "**Status:** Complete"):
            return AIMessage("Done: the backend specialist completed.")
        if said(texts, "ANSWER"):
            target = "backend"
        elif said(texts, "**Status:** Blocked"):
            target = "database"
        else:
            target = "backend"
        call = {"name": f"transfer_to_{target}", "args": {}, "id": f"call-{len(ms)}"}
        return AIMessage("", tool_calls=[call])

    backend = create_react_agent(
        model=_fake_chat(lambda ms: AIMessage(COMPLETE if said(_texts(ms), "ANSWER") else BLOCKED)),
        tools=[],
        name="backend",
    )
    database = create_react_agent(
        model=_fake_chat(lambda ms: AIMessage(ANSWER)), tools=[], name="database"
    )
    saver, close = _saver(durable)
    app = create_supervisor([backend, database], model=_fake_chat(supervise)).compile(
        checkpointer=saver
    )

    def cycle(i: int) -> None:
        out = app.invoke(
            {"messages": [HumanMessage("Add GET /tasks/{id}")]},
            {"configurable": {"thread_id": f"t{i}"}},
        )
        if not said(_texts(out["messages"]), "**Status:** Complete"):
            raise RuntimeError(out)

    return cycle, close


# ---------------------------------------------------------------- OpenAI Agents


def _openai_model(decide: Callable[[list[Any]], tuple[str | None, str | None, str]]) -> Any:
    """A Model answering at once: ``decide(input items)`` gives (text, tool name, arguments)."""
    from agents.items import ModelResponse
    from agents.models.interface import Model
    from agents.usage import Usage
    from openai.types.responses import (
        ResponseFunctionToolCall,
        ResponseOutputMessage,
        ResponseOutputText,
    )

    class Instant(Model):
        async def get_response(self, system_instructions: Any, input: Any, *a: Any, **k: Any):
            CALLS[0] += 1
            items = [input] if isinstance(input, str) else list(input)
            text, tool, arguments = decide(items)
            output: list[Any] = []
            if text is not None:
                part = ResponseOutputText(text=text, type="output_text", annotations=[])
                output.append(
                    ResponseOutputMessage(
                        id="msg",
                        content=[part],
                        role="assistant",
                        status="completed",
                        type="message",
                    )
                )
            if tool is not None:
                output.append(
                    ResponseFunctionToolCall(
                        arguments=arguments,
                        call_id=f"call-{len(items)}",
                        name=tool,
                        type="function_call",
                        id=f"fc-{len(items)}",
                        status="completed",
                    )
                )
            return ModelResponse(output=output, usage=Usage(), response_id=None)

        def stream_response(self, *a: Any, **k: Any) -> Any:
            raise NotImplementedError

    return Instant()


def _dump(items: list[Any]) -> str:
    return json.dumps(items, default=str)


def openai_agents(mode: str) -> tuple[Callable[[int], None], Callable[[], None]]:
    """``handoff``: backend → database → backend by handoffs; ``tool``: the database agent
    as the backend's tool; ``handoff+sqlite``: handoffs with an SQLiteSession (history kept)."""
    from agents import Agent, RunConfig, Runner, set_tracing_disabled

    set_tracing_disabled(True)
    if mode == "tool":
        database = Agent(name="database", model=_openai_model(lambda items: (ANSWER, None, "")))
        backend = Agent(
            name="backend",
            model=_openai_model(
                lambda items: (
                    (COMPLETE, None, "")
                    if "function_call_output" in _dump(items)
                    else (None, "ask_database", json.dumps({"input": "the tasks table"}))
                )
            ),
            tools=[database.as_tool(tool_name="ask_database", tool_description="schema answers")],
        )
    else:
        backend = Agent(name="backend")
        database = Agent(
            name="database",
            model=_openai_model(lambda items: (ANSWER, "transfer_to_backend", "{}")),
            handoffs=[backend],
        )
        backend.model = _openai_model(
            lambda items: (
                (COMPLETE, None, "")
                if "ANSWER" in _dump(items)
                else (BLOCKED, "transfer_to_database", "{}")
            )
        )
        backend.handoffs = [database]
    config = RunConfig(tracing_disabled=True)
    folder = tempfile.mkdtemp(prefix="peers-oa-")

    async def run_one(i: int) -> None:
        session = None
        if mode == "handoff+sqlite":
            from agents import SQLiteSession

            session = SQLiteSession(f"s{i}", str(Path(folder) / "sessions.db"))
        result = await Runner.run(
            backend, "Add GET /tasks/{id}", run_config=config, session=session
        )
        if "**Status:** Complete" not in str(result.final_output):
            raise RuntimeError(result.final_output)

    loop = asyncio.new_event_loop()
    return (lambda i: loop.run_until_complete(run_one(i))), loop.close


# ---------------------------------------------------------------- pydantic-ai


def pydantic_ai(kind: str) -> tuple[Callable[[int], None], Callable[[], None]]:
    """Agent delegation: the backend agent's tool runs the database agent. ``function``:
    FunctionModel scripts both; ``test``: TestModel (calls every tool once, then answers)."""
    from pydantic_ai import Agent, RunContext
    from pydantic_ai.messages import ModelResponse, TextPart, ToolCallPart, ToolReturnPart
    from pydantic_ai.models.function import AgentInfo, FunctionModel
    from pydantic_ai.models.test import TestModel

    def backend_fn(messages: list[Any], info: AgentInfo) -> ModelResponse:
        CALLS[0] += 1
        answered = any(
            isinstance(p, ToolReturnPart) for m in messages for p in getattr(m, "parts", [])
        )
        if answered:
            return ModelResponse(parts=[TextPart(COMPLETE)])
        return ModelResponse(parts=[ToolCallPart("ask_database", {"question": "tasks table"})])

    def database_fn(messages: list[Any], info: AgentInfo) -> ModelResponse:
        CALLS[0] += 1
        return ModelResponse(parts=[TextPart(ANSWER)])

    if kind == "function":
        database = Agent(FunctionModel(database_fn))
        backend = Agent(FunctionModel(backend_fn))
    else:
        database = Agent(TestModel(custom_output_text=ANSWER))
        backend = Agent(TestModel(custom_output_text=COMPLETE))

    @backend.tool
    async def ask_database(ctx: RunContext[None], question: str) -> str:
        """Ask the database specialist."""
        result = await database.run(question, usage=ctx.usage)
        return result.output

    async def run_one(i: int) -> None:
        result = await backend.run("Add GET /tasks/{id}")
        if "**Status:** Complete" not in result.output:
            raise RuntimeError(result.output)

    loop = asyncio.new_event_loop()
    return (lambda i: loop.run_until_complete(run_one(i))), loop.close


# ---------------------------------------------------------------- driver

SCENARIOS: dict[str, tuple[Callable[[], tuple[Callable[[int], None], Callable[[], None]]], str]] = {
    "langgraph-raw": (lambda: langgraph_raw(False), "langgraph"),
    "langgraph-raw+sqlite": (
        lambda: langgraph_raw(True),
        "langgraph,langgraph-checkpoint-sqlite",
    ),
    "langgraph-supervisor": (
        lambda: langgraph_supervisor(False),
        "langgraph,langgraph-supervisor",
    ),
    "langgraph-supervisor+sqlite": (
        lambda: langgraph_supervisor(True),
        "langgraph,langgraph-supervisor,langgraph-checkpoint-sqlite",
    ),
    "openai-agents-handoff": (lambda: openai_agents("handoff"), "openai-agents"),
    "openai-agents-handoff+sqlite": (lambda: openai_agents("handoff+sqlite"), "openai-agents"),
    "openai-agents-as-tool": (lambda: openai_agents("tool"), "openai-agents"),
    "pydantic-ai-function": (lambda: pydantic_ai("function"), "pydantic-ai-slim"),
    "pydantic-ai-test": (lambda: pydantic_ai("test"), "pydantic-ai-slim"),
}


def measure(cycle: Callable[[int], None], cycles: int) -> dict[str, float]:
    """Per-cycle CPU and wall ms over ``cycles`` cycles, after a few warm-up cycles."""
    for i in range(5):
        cycle(-1 - i)
    CALLS[0] = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(cycles):
        cycle(i)
    return {
        "cpu_ms": (time.process_time() - cpu) * 1000 / cycles,
        "wall_ms": (time.perf_counter() - wall) * 1000 / cycles,
        "model_calls": CALLS[0] / cycles,
    }


def main() -> None:
    name = sys.argv[1]
    cycles = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    build, package = SCENARIOS[name]
    cycle, close = build()
    try:
        result = measure(cycle, cycles)
    finally:
        close()
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in package.split(","))
    result.update(cycles=cycles, version=versions)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
