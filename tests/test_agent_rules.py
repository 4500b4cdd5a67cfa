"""An agent file's ``tools`` and ``disallowedTools`` entries with a specifier, as Claude
Code's permission-rule syntax means them: ``tools: Read, Bash(git diff:*)`` limits Bash to
those commands, ``disallowedTools: Bash(rm:*)`` refuses those commands and keeps Bash."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import report, scripted, workspace

from coordinator.config import Settings
from coordinator.roster.loader import load_registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store
from coordinator.tools.toolset import build_toolset

HOME = Path("/home/user")


def spec(tools: list[str] | None = None, disallowed: tuple[str, ...] = ()) -> AgentSpec:
    return AgentSpec(
        name="reviewer", description="Reviews.", tools=tools, disallowed_tools=list(disallowed)
    )


def refusal(agent: AgentSpec, name: str, **args: str) -> str | None:
    return agent_rules(agent).refusal(name, args, Path("/ws"), HOME)


def test_a_disallowed_pattern_keeps_the_tool_and_a_bare_name_takes_it() -> None:
    assert "Bash" in build_toolset(None, ["Bash(rm:*)"])
    assert "Bash" in build_toolset(["Read", "Bash"], ["Bash(git push:*)"])
    assert "Bash" not in build_toolset(None, ["Bash"])
    assert "Bash" not in build_toolset(None, ["Bash(*)"])


@pytest.mark.parametrize(
    ("command", "refused"),
    [
        ("git diff HEAD", False),
        ("git log --oneline -5", False),
        ("git diff && git log", False),
        ("echo pwned > src/calc.py", True),
        ("git diff; rm -rf src", True),
        ("git diff $(rm -rf src)", True),
        ("git push", True),
    ],
)
def test_a_bash_pattern_in_tools_limits_bash_to_its_commands(command: str, refused: bool) -> None:
    agent = spec(["Read", "Grep", "Bash(git diff:*)", "Bash(git log:*)"])
    why = refusal(agent, "Bash", command=command)
    assert (why is not None) == refused, why
    if refused:
        assert why is not None and "only as Bash(git diff:*), Bash(git log:*)" in why
    assert refusal(agent, "Read", file_path="src/calc.py") is None


def test_a_bare_name_beside_a_pattern_gives_the_whole_tool() -> None:
    agent = spec(["Bash", "Bash(git diff:*)"])
    assert refusal(agent, "Bash", command="make test") is None


def test_a_path_pattern_in_tools_limits_the_tool_to_its_files() -> None:
    agent = spec(["Read(src/**)", "Grep"])
    assert refusal(agent, "Read", file_path="src/calc.py") is None
    assert refusal(agent, "Read", file_path=".env") is not None


@pytest.mark.parametrize(
    ("command", "refused"),
    [("rm -rf build", True), ("sudo rm x", True), ("ls && rm x", True), ("ls -la", False)],
)
def test_a_disallowed_bash_pattern_refuses_its_commands(command: str, refused: bool) -> None:
    why = refusal(spec(disallowed=("Bash(rm:*)",)), "Bash", command=command)
    assert (why is not None) == refused, why
    if refused:
        assert why is not None and "disallowedTools entry Bash(rm:*)" in why


async def test_a_reviewer_limited_to_git_diff_cannot_overwrite_a_file(tmp_path: Path) -> None:
    """The agent file a Claude Code user writes for a read-only reviewer: its other command
    is refused before it runs, and the model reads why."""
    ws = workspace(tmp_path)
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "reviewer.md").write_text(
        "---\nname: reviewer\ndescription: Reviews code.\n"
        "tools: Read, Grep, Bash(git diff:*)\n---\nReview the diff.\n",
        encoding="utf-8",
    )
    registry = load_registry([folder], only=True, cwd=ws, cache=False)
    write = {"name": "Bash", "input": {"command": "echo pwned > owned.txt"}}
    turns = [
        {"tool_calls": [write]},
        {"expect": "only as Bash(git diff:*)", "text": report("Complete")},
    ]
    provider = scripted({"reviewer": turns})
    settings = Settings(allow_bash=True)
    store = Store.open(tmp_path / "s.db")
    (tmp_path / "home" / ".claude").mkdir(parents=True)
    extras = session_extras(ws, settings, registry, home=tmp_path / "home")
    engine = extras.engine(registry, provider, store, settings, ws, model=None)
    result = await engine.start("Review the diff", agent="reviewer")
    assert result.status == "complete", result.reason
    provider.model.assert_complete()
    assert not (ws / "owned.txt").exists()
