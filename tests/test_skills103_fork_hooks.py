"""skills103: a forked Skill call's answer goes through PostToolUse hooks as every call's.

Claude Code's hooks reference: PostToolUse fires after a tool call succeeds (PostToolUseFailure
after one that fails) with its ``tool_response``; PostToolBatch once a turn's calls have
their results. A Skill call whose skill has ``context: fork`` is answered by its sub-agent's
final message; coord stored that answer with no PostToolUse hook (fork100 left it). Real
engine, the real scripted provider (the ``anthropic`` SDK over its transport), real SKILL.md
and settings files, a real hook script and a real SQLite store.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kit import workspace
from test_fork100_skill_fork import agent, run, script, skill, skill_result

HOOK = (
    "import json, sys\n"
    "data = json.load(sys.stdin)\n"
    "open({seen!r}, 'a').write(json.dumps(data) + '\\n')\n"
    "if data['hook_event_name'] == 'PostToolUse':\n"
    "    out = {{'hookSpecificOutput': {{'hookEventName': 'PostToolUse',\n"
    "           'additionalContext': 'POST-CONTEXT on the fork'}}}}\n"
    "    if {stop!r}:\n"
    "        out.update({{'continue': False, 'stopReason': 'enough forks'}})\n"
    "    print(json.dumps(out))\n"
)


def user_hooks(tmp_path: Path, stop: bool = False) -> Path:
    """The user's settings: one hook script on PostToolUse, PostToolUseFailure (matcher
    Skill) and PostToolBatch, noting each input; the file it notes them in."""
    seen = tmp_path / "seen.jsonl"
    hook = tmp_path / "hook.py"
    hook.write_text(HOOK.format(seen=str(seen), stop=stop), encoding="utf-8")
    command = {"type": "command", "command": f"{sys.executable} {hook}"}
    events = {
        "PostToolUse": [{"matcher": "Skill", "hooks": [command]}],
        "PostToolUseFailure": [{"matcher": "Skill", "hooks": [command]}],
        "PostToolBatch": [{"hooks": [command]}],
    }
    home = tmp_path / "home/.claude"
    home.mkdir(parents=True)
    (home / "settings.json").write_text(json.dumps({"hooks": events}), encoding="utf-8")
    return seen


def fired(seen: Path) -> list[dict[str, Any]]:
    if not seen.exists():
        return []
    return [json.loads(line) for line in seen.read_text(encoding="utf-8").splitlines()]


async def test_post_tool_use_gets_the_forks_final_message_as_the_tool_response(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills")
    seen = user_hooks(tmp_path)
    result, calls, _ = await run(tmp_path, ws, [agent("backend", None)], script())

    assert str(result.status) == "complete"
    got = fired(seen)
    [post] = [d for d in got if d["hook_event_name"] == "PostToolUse"]
    assert post["tool_name"] == "Skill"
    assert post["tool_input"] == {"skill": "survey", "args": "app"}
    assert post["agent_id"] == "1"  # the invoking run's call, not its sub-agent's
    response = post["tool_response"]
    assert response["is_error"] is False
    assert "FORK-ANSWER: three modules found" in response["content"]
    [batch] = [d for d in got if d["hook_event_name"] == "PostToolBatch"]
    [call] = batch["tool_calls"]
    assert call["tool_use_id"] == post["tool_use_id"]
    assert "FORK-ANSWER: three modules found" in call["tool_response"]
    # its context reaches the model with the call's result, as for any tool
    text = skill_result(calls)["text"]
    assert "FORK-ANSWER" in text and "POST-CONTEXT on the fork" in text


async def test_a_refused_fork_fires_no_post_hook_a_failed_one_post_tool_use_failure(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "model: not-a-model-at-all\n", name="refused")
    skill(ws / ".claude/skills")
    seen = user_hooks(tmp_path)
    refused = {"name": "Skill", "input": {"skill": "refused"}}
    turns = script(fork=[{"error": {"status": 400, "type": "invalid_request_error"}}])
    turns["backend"].insert(0, {"when": "Ship the", "tool_calls": [refused]})
    result, _, _ = await run(tmp_path, ws, [agent("backend", None)], turns)

    assert str(result.status) == "complete"
    got = fired(seen)
    # refused before it ran (as a call a permission rule refuses): no PostToolUse
    [failure] = [d for d in got if d["hook_event_name"] == "PostToolUseFailure"]
    assert failure["tool_name"] == "Skill" and failure["tool_input"]["skill"] == "survey"
    assert "ran as a sub-agent" in failure["error"] and "failed" in failure["error"]
    assert [d["hook_event_name"] for d in got].count("PostToolBatch") == 2


async def test_a_post_tool_use_stop_on_a_fork_ends_the_invoking_run(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills")
    user_hooks(tmp_path, stop=True)
    result, calls, _ = await run(tmp_path, ws, [agent("backend", None)], script())

    assert str(result.status) == "failed"
    assert "enough forks" in (result.reason or "")
    assert len([c for c in calls if "Ship the" in str(c.messages[0])]) == 1  # no call after


async def test_a_background_fork_is_waited_for_and_the_result_says_so(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "background: true\n")
    result, calls, _ = await run(tmp_path, ws, [agent("backend", None)], script())

    assert str(result.status) == "complete"
    got = skill_result(calls)
    assert "FORK-ANSWER: three modules found" in got["text"]  # waited: its answer is here
    assert "background: true not applied" in got["text"]
    assert "its sub-agent was waited for" in got["text"]
