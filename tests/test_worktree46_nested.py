"""A worktree run's Reads bring its worktree's own sub-folder CLAUDE.md files and ``paths:``
rules, once a run, as a workspace run's bring the workspace's (forty-sixth session). Real git
worktrees; real hook scripts (``/usr/bin/python3``) record InstructionsLoaded; the scripted
provider plays the agent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit import blocked, git_init, report, scripted
from test_claude_md import agent, setup, write
from test_hooks45_instructions_loaded import read, records, user_hooks

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras
from coordinator.runtime.nested import HEAD
from coordinator.store.db import Store

RULE = '---\npaths: ["sub/**/*.py"]\n---\nRule: {}.'


def repo(tmp_path: Path) -> tuple[Path, Path]:
    """A committed workspace with a sub-folder CLAUDE.md and a ``paths:`` rule, both then
    edited in the workspace without a commit (a run's worktree has the committed copies)."""
    ws, home = setup(tmp_path)
    write(ws / ".gitignore", ".coordinator/\n")
    write(ws / "CLAUDE.md", "Root: in the system prompt.")
    write(ws / "sub/CLAUDE.md", "Sub: committed copy. @notes.md")
    write(ws / "sub/notes.md", "Notes: in the worktree.")
    write(ws / ".claude/rules/py.md", RULE.format("committed copy"))
    for name in ("sub/x.py", "sub/y.py", "lib/a.txt"):
        write(ws / name, "print(1)\n")
    write(ws / "lib/CLAUDE.md", "Lib: no globals.")
    git_init(ws)
    write(ws / "sub/CLAUDE.md", "Sub: workspace edit.")
    write(ws / ".claude/rules/py.md", RULE.format("workspace edit"))
    return ws, home


def engine(tmp_path: Path, ws: Path, home: Path, turns: list[Any]) -> tuple[Engine, Any]:
    spec = agent(isolation="worktree")
    registry = Registry([spec])
    extras = session_extras(ws, Settings(), registry, home=home, managed=None)
    provider = scripted({"backend": turns})
    store = Store.open(tmp_path / "s.db")
    return extras.engine(registry, provider, store, Settings(), ws, model=None), provider


def texts(provider: Any) -> list[list[str]]:
    """The text blocks after each turn's tool results, turn by turn."""
    found = []
    for call in provider.model.calls[1:]:
        content = call.messages[-1]["content"]
        if isinstance(content, list) and content[0]["type"] == "tool_result":
            assert not content[0]["is_error"], content[0]
            found.append([b["text"] for b in content[1:] if b["type"] == "text"])
    return found


def worktree_of(ws: Path, session_id: str) -> Path:
    return ws / ".git" / "coord-worktrees" / f"{session_id}-1"


async def one_read(tmp_path: Path, ws: Path, home: Path) -> tuple[str, Path]:
    """``ws`` committed, then a worktree run that Reads ``sub/x.py``: the text given after
    it, and the run's worktree."""
    git_init(ws)
    turns = [{"tool_calls": [read("sub/x.py")]}, {"text": report("Complete", "Done")}]
    run, provider = engine(tmp_path, ws, home, turns)
    result = await run.start("Fix it", agent="backend")
    assert result.status.value == "complete", result.reason
    [[text]] = texts(provider)
    return text, worktree_of(ws, result.session_id)


async def test_a_worktree_runs_read_gives_its_worktrees_files_once(tmp_path: Path) -> None:
    ws, home = repo(tmp_path)
    log, _ = user_hooks(tmp_path, home)
    turns = [
        {"tool_calls": [read("sub/x.py")]},
        {"tool_calls": [read("sub/y.py")]},  # the same folder and rule: nothing twice
        {"text": report("Complete", "Done")},
    ]
    run, provider = engine(tmp_path, ws, home, turns)
    result = await run.start("Fix it", agent="backend")
    assert result.status.value == "complete", result.reason

    [first], second = texts(provider)
    assert first.startswith(HEAD + '\n["sub/CLAUDE.md", ".claude/rules/py.md", "sub/notes.md"]\n')
    assert "Sub: committed copy." in first and "Rule: committed copy." in first
    assert "Notes: in the worktree." in first  # an import inside the worktree: loaded
    assert "workspace edit" not in first  # the worktree's own copies, not the workspace's
    assert '<claude_md path="sub/CLAUDE.md" boundary=' in first  # quoted, as a workspace's
    assert "Root: in the system prompt" not in first
    assert second == []

    tree = worktree_of(ws, result.session_id)
    nested = [(f["load_reason"], f["file_path"], f.get("trigger_file_path")) for f in records(log)]
    assert nested[-3:] == [
        ("nested_traversal", str(tree / "sub/CLAUDE.md"), str(tree / "sub/x.py")),
        ("include", str(tree / "sub/notes.md"), str(tree / "sub/x.py")),
        ("path_glob_match", str(tree / ".claude/rules/py.md"), str(tree / "sub/x.py")),
    ]
    assert records(log)[-1]["globs"] == ["sub/**/*.py"]
    assert [r["load_reason"] for r in records(log)].count("nested_traversal") == 1


async def test_a_resumed_worktree_run_gives_and_fires_nothing_twice(tmp_path: Path) -> None:
    ws, home = repo(tmp_path)
    log, _ = user_hooks(tmp_path, home)
    first_turns = [
        {"tool_calls": [read("sub/x.py")]},
        {"text": blocked("Payments", "Which provider")},  # nobody to ask: waits
    ]
    run, _ = engine(tmp_path, ws, home, first_turns)
    first = await run.start("Fix it", agent="backend")
    assert first.status.value == "waiting", first.reason
    before = len(records(log))

    later_turns = [
        {"tool_calls": [read("sub/y.py"), read("lib/a.txt")]},
        {"text": report("Complete", "Done")},
    ]
    later, provider = engine(tmp_path, ws, home, first_turns + later_turns)  # a new process's
    done = await later.resume(first.session_id, context="Stripe")
    assert done.status.value == "complete", done.reason

    [given] = texts(provider)[-1]
    assert given.startswith(HEAD + '\n["lib/CLAUDE.md"]\n')
    tree = worktree_of(ws, first.session_id)
    fresh = [(f["load_reason"], f["file_path"]) for f in records(log)[before:]]
    assert fresh == [  # its system prompt's file loaded again (tidy59), the Read's once
        ("session_start", str(ws / "CLAUDE.md")),
        ("nested_traversal", str(tree / "lib/CLAUDE.md")),
    ]


async def test_an_import_leaving_the_worktree_loads_nothing_and_warns(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(ws / ".gitignore", ".coordinator/\nprivate.md\n")
    write(ws / "private.md", "PRIVATE-WORKSPACE-NOTE")  # the workspace's, not the worktree's
    write(home / ".ssh/id_rsa", "PRIVATE-KEY-DATA")
    write(ws / "sub/CLAUDE.md", f"Sub: see @{ws / 'private.md'} and @~/.ssh/id_rsa")
    write(ws / "sub/x.py", "print(1)\n")
    log, _ = user_hooks(tmp_path, home)
    text, tree = await one_read(tmp_path, ws, home)
    assert "PRIVATE-WORKSPACE-NOTE" not in text and "PRIVATE-KEY-DATA" not in text
    assert f"warning: instructions: sub/CLAUDE.md:1: @{ws / 'private.md'} not loaded" in text
    assert "warning: instructions: sub/CLAUDE.md:1: @~/.ssh/id_rsa not loaded" in text
    files = [f["file_path"] for f in records(log)]
    assert files == [str(tree / "sub/CLAUDE.md")]


async def test_a_read_deny_rule_keeps_a_worktree_file_out(tmp_path: Path) -> None:
    """The settings' Read rules apply to the worktree's files as its Read tool applies them
    (project paths relative to the worktree)."""
    ws, home = setup(tmp_path)
    write(ws / ".gitignore", ".coordinator/\n")
    write(ws / "sub/CLAUDE.md", "Sub: see @secret.md and @notes.md")
    write(ws / "sub/secret.md", "SECRET-IN-THE-WORKTREE")
    write(ws / "sub/notes.md", "Notes: readable.")
    write(ws / "sub/x.py", "print(1)\n")
    write(home / ".claude/settings.json", '{"permissions": {"deny": ["Read(/sub/secret.md)"]}}')
    text, _ = await one_read(tmp_path, ws, home)
    assert "SECRET-IN-THE-WORKTREE" not in text and "Notes: readable." in text
    assert "warning: instructions: sub/CLAUDE.md:1: @secret.md not loaded" in text
