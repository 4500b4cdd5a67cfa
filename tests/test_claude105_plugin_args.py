"""claude105: a plugin command taking arguments runs its plugin's own script.

Claude Code runs ``!`${CLAUDE_PLUGIN_ROOT}/scripts/x.sh $ARGUMENTS``` with the arguments in
it. review109 showed the plugin's folders only to commands no argument touched, so such a
command could not find its own script. Now a command the arguments fill sees them too when
the arguments are plain words (nothing a shell reads as more than text) naming no place in
the plugin's folders (links followed), and the program they reach is the plugin's own: a
link an agent made to the plugin's token, the token's path, a ``..`` walk out of the
plugin's scripts, or arguments choosing the program all run as before, the home hidden.

Real plugin install in a real fake home, real ``bwrap`` sandbox, the real engine and
scripted provider (the ``anthropic`` SDK over its transport), a real SQLite store.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kit import workspace
from test_claude104_plugin_skill import backend, drive, kit
from test_skill96_skill_tool import results, text_of

#: Three plugin skills: its script given the arguments, its script the first argument
#: chooses, and a command the arguments are all of.
SKILLS = {
    "fmt": "Ran: !`sh ${CLAUDE_PLUGIN_ROOT}/scripts/args.sh $ARGUMENTS 2>&1`\n",
    "pick": "Picked: !`sh ${CLAUDE_PLUGIN_ROOT}/scripts/$0 2>&1`\n",
    "any": "Any: !`$ARGUMENTS 2>&1`\n",
}
#: The plugin's script: names its arguments, then shows the files they name.
ARGS = 'echo "args-script: $*"\ncat "$1"\n'
SECRET = "plugin-token-7c21"


def plugin() -> tuple[Path, Path]:
    """The plugin with :data:`SKILLS`, its script and a token in its data folder."""
    root, data = kit()
    for name, body in SKILLS.items():
        (root / "skills" / name).mkdir()
        head = f"---\nname: {name}\ndescription: {name}\n---\n"
        (root / "skills" / name / "SKILL.md").write_text(head + body, encoding="utf-8")
    (root / "scripts/args.sh").write_text(ARGS, encoding="utf-8")
    data.mkdir(parents=True, exist_ok=True)
    (data / "token").write_text(SECRET + "\n", encoding="utf-8")
    return root, data


def call(skill: str, args: str) -> dict[str, Any]:
    """The model's turn invoking the plugin's ``skill`` with ``args``."""
    given = {"skill": f"backend-kit:{skill}", "args": args}
    return {"tool_calls": [{"name": "Skill", "input": given}]}


def walk(start: Path, to: Path) -> str:
    """``to`` as a path from ``start`` (``..`` parts up out of it)."""
    return os.path.relpath(to, start)


async def test_a_plugin_command_with_plain_arguments_runs_its_own_script(
    tmp_path: Path,
) -> None:
    plugin()
    ws = workspace(tmp_path)
    (ws / "notes.txt").write_text("alpha-notes\n", encoding="utf-8")
    turns = [
        call("fmt", "notes.txt --check"),
        call("pick", "hello.sh"),
        {"text": "## Status: Complete\n## Summary\nDone"},
    ]
    calls = await drive(tmp_path, ws, backend(), turns)

    ran = text_of(results(calls[1])[0])
    assert "Ran: args-script: notes.txt --check" in ran, ran  # its own script, given them
    assert "alpha-notes" in ran  # (reading the workspace's file they name)
    picked = text_of(results(calls[2])[0])
    assert "Picked: hello-from-the-plugin" in picked, picked


async def test_arguments_reaching_the_plugins_token_run_with_the_home_hidden(
    tmp_path: Path,
) -> None:
    root, data = plugin()
    ws = workspace(tmp_path)
    (ws / "t").symlink_to(data / "token")  # (as an agent's Bash call can make it)
    (ws / "evil.sh").write_text(f"cat {data}/token\n", encoding="utf-8")
    turns = [
        call("fmt", "t"),  # a link to the token
        call("fmt", f"--file={data}/token"),  # its path
        call("pick", walk(root / "scripts", data / "token")),  # a walk out of the plugin's scripts
        call("any", "sh evil.sh"),  # the arguments choosing the program
        {"text": "## Status: Complete\n## Summary\nDone"},
    ]
    calls = await drive(tmp_path, ws, backend(), turns)

    said = [text_of(results(c)[0]) for c in calls[1:5]]
    for text in said:
        assert SECRET not in text, text
    assert "args-script" not in said[0] and "args-script" not in said[1]  # (script unseen)
    assert "Any: " in said[3] and "No such file" in said[3]
