"""lead58: a ``context: fork`` skill's ``!`command``` and session variables are rendered
before its text becomes the sub-agent's task (fork100 and compat100 met in the merge: the
fork's task was built without running the skill's commands).

Claude Code runs a skill's commands first whatever its context; the forked sub-agent gets
the rendered text. Real engine, scripted provider over the SDK, real bwrap for the command.
"""

from __future__ import annotations

from pathlib import Path

from kit import workspace
from test_fork100_skill_fork import agent, first_text, forked_calls, run, script, skill

from coordinator.config import Settings


async def test_a_forked_skill_runs_its_commands_before_the_sub_agent_is_told(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    path = skill(ws / ".claude/skills")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + "Count: !`echo FORKED-$((6*7))`\nSession ${CLAUDE_SESSION_ID}.\n", encoding="utf-8"
    )
    settings = Settings(allow_bash=True)
    result, calls, _ = await run(tmp_path, ws, [agent("backend", None)], script(), settings)

    assert str(result.status) == "complete"
    [fork] = forked_calls(calls)
    task = first_text(fork)
    assert "Count: FORKED-42" in task  # the command ran, its output in its place
    assert "!`echo" not in task
    assert "${CLAUDE_SESSION_ID}" not in task and f"Session {result.session_id}." in task
