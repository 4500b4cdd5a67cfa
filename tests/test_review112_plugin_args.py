"""review112: a plugin skill's commands reach no token through an option or a link.

claude105 showed a plugin's folders (its scripts, its data folder with the user's tokens)
to a command a Skill call's arguments fill when they are plain words naming no place in the
folders. It read each word whole and split at ``=``, ``:``, ``,``: a short option with its
value in the word (``-f/PATH/token``, as ``getopts`` and most option parsers read it) named
the token and passed. And (before claude105, reasoned there, not tried) a plugin command
with no argument at all that reads workspace files (``cat *.txt``) followed a link an agent
made (``leak.txt`` to the token), in the skill's text, or in a preloading agent's system
prompt. Now what follows a short option's letter, or ``@``, ``%``, ``+``, is checked as a
path too, and while a link in the workspace leads in or above the plugin's folders its
commands run with the home hidden (review109's fallback).

Real plugin install in a real fake home, real ``bwrap`` sandbox, the real engine and
scripted provider (the ``anthropic`` SDK over its transport), a real SQLite store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import workspace
from test_claude104_plugin_skill import backend, drive, kit
from test_skill96_skill_tool import results, text_of

SECRET = "plugin-token-7c21"
#: A script reading the file its ``-f`` option names, and a command reading the workspace.
SKILLS = {
    "opt": "Opt: !`sh ${CLAUDE_PLUGIN_ROOT}/scripts/opt.sh $ARGUMENTS 2>&1`\n",
    "txt": "Txt: !`cat *.txt 2>&1`\n",
}
OPT = 'while getopts "f:" o; do case $o in f) cat "$OPTARG";; esac; done\n'
DONE = {"text": "## Status: Complete\n## Summary\nDone"}


def plugin() -> Path:
    """The plugin with :data:`SKILLS`, its script and a token in its data folder: the
    data folder."""
    root, data = kit()
    for name, body in SKILLS.items():
        (root / "skills" / name).mkdir()
        head = f"---\nname: {name}\ndescription: {name}\n---\n"
        (root / "skills" / name / "SKILL.md").write_text(head + body, encoding="utf-8")
    (root / "scripts/opt.sh").write_text(OPT, encoding="utf-8")
    data.mkdir(parents=True, exist_ok=True)
    (data / "token").write_text(SECRET + "\n", encoding="utf-8")
    return data


def call(skill: str, args: str | None = None) -> dict[str, Any]:
    """The model's turn invoking the plugin's ``skill`` (with ``args``)."""
    given = {"skill": f"backend-kit:{skill}"} | ({} if args is None else {"args": args})
    return {"tool_calls": [{"name": "Skill", "input": given}]}


def said(calls: list[Any]) -> list[str]:
    """Each tool result the model was sent, in order."""
    return [text_of(r) for c in calls[1:] for r in results(c)]


async def test_a_short_options_value_naming_the_token_runs_with_the_home_hidden(
    tmp_path: Path,
) -> None:
    data = plugin()
    ws = workspace(tmp_path)
    (ws / "notes.txt").write_text("alpha-notes\n", encoding="utf-8")
    turns = [call("opt", "-fnotes.txt"), call("opt", f"-f{data}/token"), DONE]
    calls = await drive(tmp_path, ws, backend(), turns)

    mine, token = said(calls)
    assert "Opt: alpha-notes" in mine, mine  # (its own script, given a workspace file)
    assert SECRET not in token, token
    assert "cannot open" in token  # (its script unseen: run as the agent's own)


async def test_a_link_into_the_plugins_data_leaks_nothing_to_its_commands(
    tmp_path: Path,
) -> None:
    data = plugin()
    ws = workspace(tmp_path)
    (ws / "a.txt").write_text("alpha\n", encoding="utf-8")
    link = {"name": "Bash", "input": {"command": f"ln -s {data}/token leak.txt"}}
    turns = [call("txt"), {"tool_calls": [link]}, call("txt"), DONE]
    calls = await drive(tmp_path, ws, backend(), turns)

    before, _, after = said(calls)
    assert "Txt: alpha" in before, before
    assert SECRET not in after, after
    assert "alpha" in after  # (run as the agent's own command: the link leads nowhere)


async def test_a_link_left_in_the_workspace_leaks_nothing_to_a_preloaded_skill(
    tmp_path: Path,
) -> None:
    data = plugin()
    ws = workspace(tmp_path)
    (ws / "a.txt").write_text("alpha\n", encoding="utf-8")
    (ws / "leak.txt").symlink_to(data / "token")  # (as an earlier session's agent left it)
    calls = await drive(tmp_path, ws, backend(["backend-kit:txt"]), [DONE])

    system = json.dumps(calls[0].body["system"])
    assert "alpha" in system, system
    assert SECRET not in system, system
