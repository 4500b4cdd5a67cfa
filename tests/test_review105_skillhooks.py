"""review105: an invoked skill's ``once`` hooks and its model's spend, across a resume.

Claude Code's hooks page: a skill hook with ``once: true`` "runs once per session then is
removed". coord reads which ran back from the session's ``hook`` events when a drive starts
(``coord resume``, another process); it matched them by event, skill and command (cut at 200
characters), so a second ``once`` hook of the same skill with the same command (another
matcher) that never ran was dropped with the first. And a billed failure (a refusal) on a
skill's ``model`` was priced at the agent's own model. Real engine, real scripted provider
over the SDK, real hook commands, a real SQLite store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import blocked, engine_with, report, scripted, workspace

from coordinator.config import Settings
from coordinator.pricing import price_of
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

DONE = report("Complete", "Done")
NO = "guard skill says no"


def skill(home: Path, name: str, fields: str) -> None:
    path = home / ".claude" / "skills" / name / "SKILL.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"---\nname: {name}\ndescription: The {name} skill\n{fields}---\n{name.upper()}-TEXT\n"
    path.write_text(text, encoding="utf-8")


def once_hooks(marker: Path, matchers: tuple[str, ...], pad: str = "") -> str:
    """A ``hooks`` block: per matcher a PreToolUse ``once`` hook that notes the tool it
    saw and blocks (the same command for each; with ``pad``, a comment of it then the
    matcher: commands that differ past their first ``len(pad)`` characters)."""
    command = f"cat >> {marker}; echo >> {marker}; echo '{NO}' >&2; exit 2"
    said = {m: command + (f" # {pad}{m}" if pad else "") for m in matchers}
    groups = "".join(
        f"    - matcher: {m}\n      hooks:\n        - type: command\n"
        f"          once: true\n          command: {json.dumps(said[m])}\n"
        for m in matchers
    )
    return f"hooks:\n  PreToolUse:\n{groups}"


class Session:
    """Agent ``backend`` (every tool) on a demo workspace, with a temporary home."""

    def __init__(self, tmp_path: Path, turns: list[dict[str, Any]]) -> None:
        self.ws, self.home = workspace(tmp_path), tmp_path / "home"
        self.store = Store.open(tmp_path / "s.db")
        self.provider = scripted({"backend": turns})
        spec = AgentSpec(name="backend", description="Backend", domain="backend", body="Backend.")
        self.registry = Registry([spec])

    def engine(self) -> Engine:
        """A new engine over the same store (a resume in another process)."""
        settings = Settings()
        extras = session_extras(self.ws, settings, self.registry, home=self.home, managed=None)
        return engine_with(
            extras,
            registry=self.registry,
            provider=self.provider,
            store=self.store,
            settings=settings,
            workspace=self.ws,
        )


def tool(name: str, path: str) -> dict[str, Any]:
    args = {"file_path": path, "content": "x\n"} if name == "Write" else {"file_path": path}
    return {"name": name, "input": args}


async def once_across_resume(tmp_path: Path, pad: str, second: str) -> tuple[Session, str]:
    """Skill ``guard`` with a once hook on Write and one on ``second`` (same command): its
    Write hook runs in the first drive; after a resume by a new engine, a ``second`` call:
    the session and what the marker saw."""
    marker = tmp_path / "marker"
    turns = [
        {"tool_calls": [{"name": "Skill", "input": {"skill": "guard"}}]},
        {"tool_calls": [tool("Write", "first.txt")]},
        {"expect": NO, "text": blocked("Tests", "Which framework")},
        {"tool_calls": [tool(second, "README.md")]},
        {"text": DONE},
    ]
    s = Session(tmp_path, turns)
    skill(s.home, "guard", once_hooks(marker, ("Write", second), pad))
    first = await s.engine().start("Write the notes", agent="backend")
    assert first.question is not None
    done = await s.engine().resume(first.session_id, context="Use pytest.")
    assert done.status == "complete", done.reason
    return s, marker.read_text()


async def test_a_once_hook_another_matcher_shares_its_command_with_still_runs_after_resume(
    tmp_path: Path,
) -> None:
    """The Write hook ran before the resume; the Read hook (same command) had not: it runs
    once the session is resumed (it was dropped, matched by its command alone)."""
    s, seen = await once_across_resume(tmp_path, "", "Read")
    assert not (s.ws / "first.txt").exists()
    tools = [json.loads(line)["tool_name"] for line in seen.splitlines()]
    assert tools == ["Write", "Read"]
    [*_, last] = s.provider.model.calls
    assert NO in json.dumps(last.messages[-1])  # the Read was blocked by it


async def test_two_once_hooks_alike_in_their_first_200_characters_are_told_apart(
    tmp_path: Path,
) -> None:
    """Commands alike in their first 200 characters (what the ``hook`` event keeps):
    still two hooks."""
    _, seen = await once_across_resume(tmp_path, "p " * 120, "Read")
    tools = [json.loads(line)["tool_name"] for line in seen.splitlines()]
    assert tools == ["Write", "Read"]


async def test_a_refusal_on_an_inline_skills_model_is_priced_at_that_model(
    tmp_path: Path,
) -> None:
    """A billed failure (a refusal) of a call on the skill's model counts at its price,
    in the session's spend, not at the agent's own model's."""
    usage = {"input_tokens": 100_000, "output_tokens": 10_000}
    turns = [
        {"tool_calls": [{"name": "Skill", "input": {"skill": "big"}}]},
        {"text": "I cannot help with that.", "stop_reason": "refusal", "usage": usage},
    ]
    s = Session(tmp_path, turns)
    skill(s.home, "big", "model: opus\n")
    result = await s.engine().start("Write the notes", agent="backend")
    assert result.status != "complete"
    settings = Settings()
    opus = settings.resolve_model("opus")
    assert opus != settings.resolve_model(None)
    [*_, billed] = [e.data for e in s.store.events(result.session_id) if e.kind == "model_call"]
    price = price_of(opus, settings.prices)
    assert price is not None
    expected = (100_000 * price.input + 10_000 * price.output) / 1_000_000
    assert billed["model"] == opus
    assert abs(billed["cost_usd"] - expected) < 1e-6
