"""A Read under a sub-folder brings, besides its ``CLAUDE.md``, the other instruction files
Claude Code loads there (``getMemoryFilesForNestedDirectory``): ``.claude/CLAUDE.md``,
``CLAUDE.local.md`` and ``.claude/rules/**/*.md`` (those for all, and the ``paths:`` ones
matching the file relative to that sub-folder), once a run, under the trust rules of the
other instruction files (forty-seventh session). Real files; real hook scripts
(``/usr/bin/python3``); the scripted provider plays the agent."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kit import git_init, report
from test_claude_md import agent, setup, write
from test_hooks45_instructions_loaded import records, user_hooks
from test_nested43 import given_blocks
from test_worktree46_nested import engine, texts, worktree_of

from coordinator.runtime.instructions import ON_READ, instruction_listing, workspace_instructions
from coordinator.runtime.nested import HEAD

PY_RULE = '---\npaths: ["*.py"]\n---\nSub rule: type hints.'
CSS_RULE = '---\npaths: ["*.css"]\n---\nSub rule: no ids.'
#: Workspace-relative: a sub-folder's patterns are relative to the sub-folder, so it never matches.
ROOTED_RULE = '---\npaths: ["sub/*.py"]\n---\nSub rule: rooted.'


def sub_folder(ws: Path, home: Path) -> None:
    """A sub-folder ``sub`` with each kind of instruction file Claude Code loads there."""
    write(ws / "sub/CLAUDE.md", "Sub: plain.")
    write(ws / "sub/.claude/CLAUDE.md", "Sub: dot-claude.")
    write(ws / "sub/CLAUDE.local.md", "Sub: local. @notes.md @~/.ssh/id_rsa")
    write(ws / "sub/notes.md", "Sub notes.")
    write(ws / "sub/.claude/rules/all.md", "Sub rule: for all.")
    write(ws / "sub/.claude/rules/py.md", PY_RULE)
    write(ws / "sub/.claude/rules/web.md", CSS_RULE)
    write(ws / "sub/.claude/rules/rooted.md", ROOTED_RULE)
    write(ws / ".claude/rules/top.md", '---\npaths: ["sub/**"]\n---\nTop rule.')
    write(home / ".claude/rules/mine.md", '---\npaths: ["**/*.py"]\n---\nUser rule.')
    write(home / ".ssh/id_rsa", "PRIVATE-KEY-DATA")
    for name in ("sub/x.py", "sub/y.py", "sub/site.css"):
        write(ws / name, "x\n")


def names(text: str) -> list[str]:
    """The names a block handled (its second line)."""
    head, line = text.split("\n")[:2]
    assert head == HEAD
    return list(json.loads(line))


async def test_a_read_brings_each_kind_in_claude_codes_order_once(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    sub_folder(ws, home)
    paths = ["sub/x.py", "sub/y.py", "sub/site.css"]
    [first], again, [css] = await given_blocks(tmp_path, ws, home, paths)

    assert names(first) == [
        "~/.claude/rules/mine.md",  # the user's paths: rules first (Claude Code's phase 1)
        "sub/CLAUDE.md",
        "sub/.claude/CLAUDE.md",
        "sub/CLAUDE.local.md",
        "sub/.claude/rules/all.md",  # for all, then the paths: ones matching, relative to sub
        "sub/.claude/rules/py.md",
        ".claude/rules/top.md",  # the workspace's paths: rules last
        "sub/notes.md",  # imports: after their importer
    ]
    bodies = [
        "User rule.",
        "Sub: plain.",
        "Sub: dot-claude.",
        "Sub: local.",
        "Sub notes.",
        "Sub rule: for all.",
        "Sub rule: type hints.",
        "Top rule.",
    ]
    where = [first.index(body) for body in bodies]
    assert where == sorted(where)
    assert "## sub/CLAUDE.local.md (the user's private instructions for a sub-folder" in first
    assert "## sub/.claude/rules/py.md (a rule of a sub-folder" in first
    assert '<claude_md path="sub/.claude/rules/py.md" boundary=' in first  # quoted
    assert "paths:" not in first  # the frontmatter is not given
    assert "no ids" not in first and "rooted" not in first  # paths: not matching
    # an import of the agents' file, as in any other: the workspace's loads, a secret not
    assert "PRIVATE-KEY-DATA" not in first
    assert "warning: instructions: sub/CLAUDE.local.md:1: @~/.ssh/id_rsa not loaded" in first
    assert again == []  # once a run
    assert names(css) == ["sub/.claude/rules/web.md"]  # a rule not matched before comes later
    assert "Sub rule: no ids." in css


async def test_a_link_leading_out_is_refused_and_a_denied_file_not_given(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(tmp_path / "outside.md", "OUTSIDE-TEXT")
    write(tmp_path / "elsewhere/rules/hidden-name.md", "ELSEWHERE-TEXT")
    write(ws / "sub/x.py", "x\n")
    write(ws / "sub/.claude/CLAUDE.md", "DENIED-TEXT")
    os.symlink(tmp_path / "outside.md", ws / "sub/CLAUDE.local.md")
    write(ws / "sub/.claude/rules/ok.md", "Sub rule: kept.")
    os.symlink(tmp_path / "outside.md", ws / "sub/.claude/rules/out.md")
    write(ws / "deep/.claude/CLAUDE.md", "Deep.")
    write(ws / "deep/x.py", "x\n")
    os.symlink(tmp_path / "elsewhere/rules", ws / "deep/.claude/rules")
    deny = {"permissions": {"deny": ["Read(/sub/.claude/CLAUDE.md)"]}}
    write(home / ".claude/settings.json", json.dumps(deny))

    [[text], [deep]] = await given_blocks(tmp_path, ws, home, ["sub/x.py", "deep/x.py"])
    assert "OUTSIDE-TEXT" not in text and "DENIED-TEXT" not in text
    assert "Sub rule: kept." in text
    refused = "not loaded: it cannot be read, is no regular file, or leads outside the workspace"
    assert f"warning: instructions: sub/CLAUDE.local.md {refused}" in text
    assert f"warning: instructions: sub/.claude/rules/out.md {refused}" in text
    # a rules folder leading out: nothing from there, not even a file's name
    assert "ELSEWHERE-TEXT" not in deep and "hidden-name" not in deep
    assert names(deep) == ["deep/.claude/CLAUDE.md"]


async def test_instructions_loaded_tells_each_kind_as_claude_code_does(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(ws / "sub/.claude/CLAUDE.md", "Sub: dot-claude.")
    write(ws / "sub/CLAUDE.local.md", "Sub: local.")
    write(ws / "sub/.claude/rules/all.md", "Sub rule: for all.")
    write(ws / "sub/.claude/rules/py.md", PY_RULE)
    write(ws / "sub/x.py", "x\n")
    log, _ = user_hooks(tmp_path, home)
    await given_blocks(tmp_path, ws, home, ["sub/x.py"])

    told = [
        (f["file_path"], f["memory_type"], f["load_reason"], f.get("globs")) for f in records(log)
    ]
    assert told == [
        (str(ws / "sub/.claude/CLAUDE.md"), "Project", "nested_traversal", None),
        (str(ws / "sub/CLAUDE.local.md"), "Local", "nested_traversal", None),
        (str(ws / "sub/.claude/rules/all.md"), "Project", "nested_traversal", None),
        (str(ws / "sub/.claude/rules/py.md"), "Project", "path_glob_match", ["*.py"]),
    ]
    assert {f["trigger_file_path"] for f in records(log)} == {str(ws / "sub/x.py")}


async def test_a_worktree_runs_read_brings_the_worktrees_copies(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(ws / ".gitignore", ".coordinator/\n")
    write(ws / "sub/.claude/CLAUDE.md", "Dot: committed copy.")
    write(ws / "sub/.claude/rules/py.md", PY_RULE.replace("type hints", "committed copy"))
    write(ws / "sub/x.py", "x\n")
    git_init(ws)
    write(ws / "sub/.claude/CLAUDE.md", "Dot: workspace edit.")
    write(ws / "sub/.claude/rules/py.md", PY_RULE.replace("type hints", "workspace edit"))
    write(ws / "sub/CLAUDE.local.md", "Local: the workspace's, not the worktree's.")
    log, _ = user_hooks(tmp_path, home)
    turns: list[Any] = [{"tool_calls": [_read("sub/x.py")]}, {"text": report("Complete", "Done")}]
    run, provider = engine(tmp_path, ws, home, turns)
    result = await run.start("Fix it", agent="backend")
    assert result.status.value == "complete", result.reason

    [[text]] = texts(provider)
    assert names(text) == ["sub/.claude/CLAUDE.md", "sub/.claude/rules/py.md"]
    assert "Dot: committed copy." in text and "Sub rule: committed copy." in text
    assert "workspace edit" not in text and "not the worktree's" not in text
    tree = worktree_of(ws, result.session_id)
    assert [f["file_path"] for f in records(log)] == [
        str(tree / "sub/.claude/CLAUDE.md"),
        str(tree / "sub/.claude/rules/py.md"),
    ]


def test_agents_show_says_what_a_read_brings_from_a_sub_folder(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(ws / "CLAUDE.md", "Root.")
    lines = instruction_listing(agent(), workspace_instructions(ws, home=home))
    assert lines[-1] == ON_READ
    assert "CLAUDE.local.md" in ON_READ and ".claude/rules" in ON_READ
    assert instruction_listing(agent(omitClaudeMd=True), workspace_instructions(ws, home=home)) == [
        "none (omitClaudeMd: true)"
    ]


def _read(path: str) -> dict[str, Any]:
    return {"name": "Read", "input": {"file_path": path}}
