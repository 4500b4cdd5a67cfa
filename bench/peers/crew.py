"""The Blocked → consult → resume → Complete cycle in CrewAI, with an instant fake LLM.

Runs in its own venv (CrewAI pins its own dependency set): ``python bench/peers/crew.py
[CYCLES]``. The backend agent (``allow_delegation``) delegates to the database agent with
CrewAI's "Delegate work to coworker" tool, reads the answer and finishes: three LLM calls.
Telemetry and tracing are switched off; nothing leaves the machine.
"""

import json
import os
import sys
import time
from importlib import metadata
from typing import Any

os.environ.update(
    CREWAI_DISABLE_TELEMETRY="true",
    CREWAI_TRACING_ENABLED="false",
    OTEL_SDK_DISABLED="true",
    OPENAI_API_KEY="sk-fake-no-network",
)

from crewai import Agent, BaseLLM, Crew, Process, Task

ANSWER = "ANSWER: tasks(id, title, owner_id -> users.id)"
COMPLETE = "Endpoint added. **Status:** Complete"
CALLS = [0]


def text_of(messages: Any) -> str:
    if isinstance(messages, str):
        return messages
    return "\n".join(str(m.get("content", "")) for m in messages)


class Instant(BaseLLM):
    """Answers at once, in CrewAI's ReAct text format, from what the conversation holds."""

    role: str = "backend"

    def call(self, messages: Any, *args: Any, **kwargs: Any) -> str:
        CALLS[0] += 1
        text = text_of(messages)
        if self.role == "database":
            return f"Thought: I know the schema.\nFinal Answer: {ANSWER}"
        if "ANSWER:" in text:
            return f"Thought: I have the schema.\nFinal Answer: {COMPLETE}"
        action = {"task": "Give the tasks table schema", "context": "blocked", "coworker": "DBA"}
        return (
            "Thought: I am blocked on the schema; the database specialist knows it.\n"
            "Action: Delegate work to coworker\n"
            f"Action Input: {json.dumps(action)}"
        )

    def supports_function_calling(self) -> bool:
        return False

    def supports_stop_words(self) -> bool:
        return False

    def get_context_window_size(self) -> int:
        return 100_000


def build() -> Crew:
    backend = Agent(
        role="Backend",
        goal="Add the endpoint",
        backstory="FastAPI specialist",
        llm=Instant(model="instant", role="backend"),
        allow_delegation=True,
        verbose=False,
    )
    database = Agent(
        role="DBA",
        goal="Answer schema questions",
        backstory="Database specialist",
        llm=Instant(model="instant", role="database"),
        allow_delegation=False,
        verbose=False,
    )
    task = Task(description="Add GET /tasks/{id}", expected_output="a report", agent=backend)
    return Crew(agents=[backend, database], tasks=[task], process=Process.sequential)


def cycle(crew: Crew) -> None:
    out = crew.kickoff()
    if "Complete" not in str(out):
        raise RuntimeError(out)


def main() -> None:
    cycles = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    crew = build()  # built once, kicked off once per cycle
    for _ in range(2):
        cycle(crew)
    CALLS[0] = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(cycles):
        cycle(crew)
    result = {
        "cpu_ms": (time.process_time() - cpu) * 1000 / cycles,
        "wall_ms": (time.perf_counter() - wall) * 1000 / cycles,
        "model_calls": CALLS[0] / cycles,
        "cycles": cycles,
        "version": f"crewai {metadata.version('crewai')}",
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
