"""claude107: custom commands in sub-folders (``.claude/commands/frontend/component.md``)
are read, as Claude Code reads them: the sub-folder organises, the command is still named
by its file (``/component``, shown ``(project:frontend)``). coord read only the files
directly in a commands folder: a developer's organised commands were neither offered to
the Skill tool nor preloadable. Real engine, scripted provider over the ``anthropic`` SDK's
transport, real files, real SQLite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import workspace
from test_claude104_plugin_skill import backend, drive, kit
from test_claude105_commands import command
from test_skill96_skill_tool import agent, results, run, skill_schema, text_of

from coordinator.runtime.preload import COMMAND_DEPTH, command_files


async def test_commands_in_sub_folders_are_invocable_by_their_files_name(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    home = tmp_path / "home" / ".claude"
    command(
        home / "commands" / "backend", "api", "---\ndescription: API rules\n---\nAPI: $ARGUMENTS\n"
    )
    command(ws / ".claude/commands/frontend", "component", "Make component $ARGUMENTS.\n")
    command(ws / ".claude/commands/a", "tidy", "Tidy from a sub-folder.\n")
    command(ws / ".claude/commands", "tidy", "Tidy from the top.\n")  # (wins: direct first)
    calls = [
        {"name": "Skill", "input": {"skill": "api", "args": "/users"}},
        {"name": "Skill", "input": {"skill": "component", "args": "Button"}},
        {"name": "Skill", "input": {"skill": "tidy"}},
    ]
    _, sent = await run(tmp_path, ws, agent(None), calls)

    listed = str((skill_schema(sent[0]) or {}).get("description"))
    assert "- api: API rules" in listed and "- component" in listed, listed
    assert listed.count("- tidy") == 1
    lines = {line.split(":")[0]: line for line in listed.splitlines() if line.startswith("- ")}
    assert "[a workspace skill" in lines["- component"] and "[a workspace" not in lines["- api"]
    api, component, tidy = (text_of(r) for r in results(sent[1]))
    assert "API: /users" in api, api
    assert "Make component Button." in component, component
    assert "Tidy from the top." in tidy and "sub-folder" not in tidy


async def test_a_plugins_nested_command_is_the_plugins_and_is_preloaded(tmp_path: Path) -> None:
    root, _ = kit()
    script = "Lint: !`sh ${CLAUDE_PLUGIN_ROOT}/scripts/hello.sh $ARGUMENTS`\n"  # (its own)
    command(root / "commands" / "quality", "lint2", "---\ndescription: Lint it\n---\n" + script)
    ws = workspace(tmp_path)
    command(ws / ".claude/commands/rules", "house", "House rules: tabs.\n")
    turns: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "Skill", "input": {"skill": "backend-kit:lint2", "args": "x"}}]},
        {"text": "## Status: Complete\n## Summary\nDone"},
    ]
    calls = await drive(tmp_path, ws, backend(["house"]), turns)
    assert "House rules: tabs." in json.dumps(calls[0].body["system"])
    [lint] = results(calls[1])
    assert "Lint: hello-from-the-plugin" in text_of(lint), text_of(lint)


def test_command_files_skip_links_hidden_folders_and_the_depth_past_the_bound(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "commands"
    command(folder / "b", "two", "2")
    command(folder, "one", "1")
    command(folder / ".git", "hidden", "h")
    deep = folder.joinpath(*["d"] * (COMMAND_DEPTH + 1))
    command(deep, "deep", "d")
    (folder / "loop").symlink_to(folder)
    names = [p.relative_to(folder).as_posix() for p in command_files(folder)]
    assert names == ["one.md", "b/two.md"], names
