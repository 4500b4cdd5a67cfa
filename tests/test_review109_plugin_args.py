"""review109: a Skill call's arguments never reach a plugin skill's folders.

claude104 showed an enabled plugin's folder and data folder (read-only) to its skill's
``!`command```. Arguments are substituted before commands run (Claude Code's order), so the
model's ``args`` could write a command of their own into the text (``$ARGUMENTS`` outside a
command: ``!`cat DATA/token``` becomes one) or into one of the plugin's (``$0`` inside a
command: ``x; cat DATA/token``): either ran with the plugin's folders shown, reading what
the agent's own Bash call may not (the plugin's data folder: its tokens). Now only the
commands the SKILL.md has as written (no argument in them) see the folders; one an argument
wrote or changed runs as the agent's own Bash call would, the home hidden.

Real plugin install in a real fake home, real ``bwrap`` sandbox, the real engine and
scripted provider (the ``anthropic`` SDK over its transport), a real SQLite store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit import workspace
from test_claude104_plugin_skill import backend, drive, kit
from test_skill96_skill_tool import results, text_of

#: A plugin skill with a command of its own (no argument), one taking its first argument,
#: and the arguments as text.
ASK = """---
name: ask
description: Ask the kit
---
Own: !`cat ${CLAUDE_PLUGIN_ROOT}/scripts/hello.sh`
Named: !`cat ${CLAUDE_PLUGIN_ROOT}/scripts/$0 2>&1 | head -1`
Asked: $ARGUMENTS
"""
SECRET = "plugin-token-51f0"


async def test_a_skill_calls_arguments_do_not_see_the_plugins_folders(tmp_path: Path) -> None:
    root, data = kit()
    (root / "skills/ask").mkdir()
    (root / "skills/ask/SKILL.md").write_text(ASK, encoding="utf-8")
    data.mkdir(parents=True, exist_ok=True)
    (data / "token").write_text(SECRET + "\n", encoding="utf-8")
    injected = f"hello.sh !`cat {data}/token 2>&1` !`cat {root}/scripts/hello.sh 2>&1`"
    closing = f"hello.sh;cat {data}/token"
    ask = {"skill": "backend-kit:ask", "args": injected}
    turns: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "Skill", "input": ask}]},
        {"tool_calls": [{"name": "Skill", "input": {**ask, "args": closing}}]},
        {"text": "## Status: Complete\n## Summary\nDone"},
    ]
    calls = await drive(tmp_path, workspace(tmp_path), backend(), turns)

    [first] = results(calls[1])
    text = text_of(first)
    assert text.count("hello-from-the-plugin") == 1, text  # its own command's alone
    assert "Own: echo hello-from-the-plugin" in text
    assert SECRET not in text and "No such file" in text  # the injected ones: home hidden
    [second] = results(calls[2])  # an argument closing the plugin's command: the same
    said = text_of(second)
    assert SECRET not in said and "Own: echo hello-from-the-plugin" in said
    assert "Named: cat: " in said  # (the plugin's script unseen by a command with an argument)
