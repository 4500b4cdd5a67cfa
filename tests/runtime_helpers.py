"""Small helpers for the tests/test_runtime_*.py files (no tests here).

Self-contained on purpose: an engine over a temp workspace and a real SQLite store, agents
built in code, the real scripted provider fed a script written in the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coordinator.config import Settings
from coordinator.events import Event
from coordinator.providers.scripted import ScriptedModel, ScriptedProvider
from coordinator.roster.registry import AgentSpec, Registry
from coordinator.runtime.engine import Engine
from coordinator.store.db import Store

Script = dict[str, list[dict[str, Any]]]

#: name -> domain
TEAM = {"backend": "backend", "dba": "database", "ops": "devops"}


def team(*names: str) -> Registry:
    """A roster of the TEAM agents named (all by default), with read-only tools."""
    return Registry(
        [
            AgentSpec(
                name=n,
                description=f"{TEAM[n]} specialist",
                domain=TEAM[n],
                tools=["Read", "Glob"],
                body=f"You are the {TEAM[n]} specialist.",
            )
            for n in names or tuple(TEAM)
        ]
    )


def report(status: str, summary: str = "Done", **fields: str) -> str:
    """A report in the seed's format; ``fields``: domain, blocker, required."""
    lines = [summary, "", "**Changes:**", "- Did the work", "", "**Files:** none", ""]
    lines.append(f"**Status:** {status}")
    lines += [f"**{key.capitalize()}:** {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def blocked(domain: str, required: str, blocker: str = "Missing context") -> str:
    return report("Blocked", "Blocked", domain=domain, blocker=blocker, required=required)


def provider(script: Script) -> ScriptedProvider:
    model = ScriptedModel.from_data({"agents": script}, source="test-script")
    return ScriptedProvider(model, max_retries=0, retry_budget=0, backoff=0.0)


class Rig:
    """An engine over ``tmp_path`` recording every event; ``store`` may be swapped."""

    def __init__(
        self,
        tmp_path: Path,
        script: Script,
        *,
        registry: Registry | None = None,
        store: Store | None = None,
        **settings: Any,
    ):
        self.ws = tmp_path / "ws"
        self.ws.mkdir(exist_ok=True)
        self.db = tmp_path / "sessions.db"
        self.store = store or Store.open(self.db)
        self.provider = provider(script)
        self.registry = registry or team()
        self.events: list[Event] = []
        self.engine = Engine(
            registry=self.registry,
            provider=self.provider,
            store=self.store,
            settings=Settings(**settings),
            workspace=self.ws,
            observer=self.events.append,
        )

    def kinds(self, session_id: str) -> list[str]:
        return [e.kind for e in self.store.events(session_id)]

    def messages(self, session_id: str, agent: str) -> list[dict[str, Any]]:
        (run,) = [r for r in self.store.runs(session_id) if r.agent == agent]
        return self.store.messages(run.id)


def text_of(message: dict[str, Any]) -> str:
    content = message["content"]
    if isinstance(content, str):
        return content
    return "\n".join(str(b.get("text") or b.get("content") or "") for b in content)
