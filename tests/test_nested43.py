"""Sub-folders' CLAUDE.md files and path-scoped rules, given after a Read that reaches them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit import report, scripted
from test_claude_md import agent, setup, write

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.runtime.instructions import (
    instruction_data,
    instruction_listing,
    workspace_instructions,
)
from coordinator.runtime.nested import HEAD
from coordinator.runtime.preload import Preload, given_text
from coordinator.store.db import Store

RULE = '---\npaths: ["pkg/**/*.py"]\n---\nPython rule: type every function.'


def read(path: str) -> dict[str, Any]:
    return {"name": "Read", "input": {"file_path": path}}


def workspace(tmp_path: Path, pkg_md: str = "Pkg: tabs are forbidden.") -> tuple[Path, Path]:
    ws, home = setup(tmp_path)
    write(ws / "CLAUDE.md", "Root: in the system prompt.")
    write(ws / "pkg/CLAUDE.md", pkg_md)
    write(ws / "pkg/sub/CLAUDE.md", "Sub: async only.")
    write(ws / ".claude/rules/py.md", RULE)
    for name in ("pkg/sub/x.py", "pkg/sub/y.py", "other/z.py"):
        write(ws / name, "print(1)\n")
    return ws, home


async def given_blocks(
    tmp_path: Path, ws: Path, home: Path, paths: list[str], **extra: Any
) -> list[list[str]]:
    """Run an agent whose turns Read ``paths`` one by one; the text blocks after each."""
    spec = agent(**extra)
    turns: list[dict[str, Any]] = [{"tool_calls": [read(p)]} for p in paths]
    provider = scripted({"backend": [*turns, {"text": report("Complete", "Done")}]})
    extras = session_extras(ws, Settings(), Registry([spec]), home=home, managed=None)
    engine = extras.engine(
        Registry([spec]), provider, Store.open(tmp_path / "s.db"), Settings(), ws, model=None
    )
    result = await engine.start("Fix the package", agent="backend")
    assert result.status.value == "complete", result.reason
    blocks = []
    for call in provider.model.calls[1:]:
        content = call.messages[-1]["content"]
        assert content[0]["type"] == "tool_result" and not content[0]["is_error"]
        blocks.append([b["text"] for b in content[1:] if b["type"] == "text"])
    return blocks


async def test_a_read_gives_the_sub_folders_claude_md_and_matching_rules_once(
    tmp_path: Path,
) -> None:
    ws, home = workspace(tmp_path)
    paths = ["pkg/sub/x.py", "pkg/sub/y.py", "other/z.py"]
    first, second, outside = await given_blocks(tmp_path, ws, home, paths)

    [text] = first
    assert text.startswith(HEAD + '\n["pkg/CLAUDE.md", "pkg/sub/CLAUDE.md", ".claude/rules/py.md"]')
    # quoted (files agents can write), named by where they lie, the broadest first
    where = [
        text.index('<claude_md path="pkg/CLAUDE.md" boundary='),
        text.index("\nPkg: tabs are forbidden.\n</claude_md boundary="),
        text.index('<claude_md path="pkg/sub/CLAUDE.md" boundary='),
        text.index("\nSub: async only.\n</claude_md boundary="),
        text.index('<claude_md path=".claude/rules/py.md" boundary='),
        text.index("\nPython rule: type every function.\n</claude_md boundary="),
    ]
    assert where == sorted(where)
    assert "## pkg/sub/CLAUDE.md (instructions for a sub-folder" in text
    assert "paths:" not in text and "Root: in the system prompt" not in text
    assert second == []  # the same folder again: nothing given twice
    assert outside == []  # no sub-folder CLAUDE.md, no matching rule


async def test_omit_claude_md_gives_nothing_on_a_read(tmp_path: Path) -> None:
    for case, extra in (("plain", {}), ("omit", {"omitClaudeMd": True})):
        (tmp_path / case).mkdir()
        ws, home = workspace(tmp_path / case)
        [blocks] = await given_blocks(tmp_path / case, ws, home, ["pkg/sub/x.py"], **extra)
        assert len(blocks) == (0 if extra else 1)


async def test_an_agents_sub_folder_claude_md_cannot_import_a_users_secret(
    tmp_path: Path,
) -> None:
    ws, home = workspace(tmp_path, pkg_md="Pkg: see @~/.ssh/id_rsa and @notes.md")
    write(home / ".ssh/id_rsa", "PRIVATE-KEY-DATA")
    write(ws / "pkg/notes.md", "Notes: kept inside.")
    [[text]] = await given_blocks(tmp_path, ws, home, ["pkg/sub/x.py"])
    assert "PRIVATE-KEY-DATA" not in text
    assert "warning: instructions: pkg/CLAUDE.md:1: @~/.ssh/id_rsa not loaded" in text
    assert '<claude_md path="pkg/notes.md" boundary=' in text  # a workspace import: loaded
    assert "## pkg/notes.md (imported by pkg/CLAUDE.md" in text


def _text(preload: Preload, spec: AgentSpec, reads: list[str], messages: list[Any]) -> str | None:
    """The text a run's Reads ``reads`` bring after the turn's results (None: nothing)."""
    given = preload.read_given(spec, reads, messages)
    return None if given is None else given_text(given)


def test_what_a_stored_conversation_holds_is_not_given_again(tmp_path: Path) -> None:
    ws, home = workspace(tmp_path)
    spec = agent()
    extras = session_extras(ws, Settings(), Registry([spec]), home=home, managed=None)
    first = _text(extras.preload, spec, ["pkg/sub/x.py"], [])
    assert first is not None
    stored = [{"role": "user", "content": [{"type": "text", "text": first}]}]
    # a resumed run's Preload is a new one: what was given is read from its conversation
    again = session_extras(ws, Settings(), Registry([spec]), home=home, managed=None)
    assert _text(again.preload, spec, ["pkg/sub/y.py"], stored) is None
    deeper = _text(again.preload, spec, [str(ws / "pkg/z.py")], stored)
    assert deeper is None  # pkg/CLAUDE.md and the rule: given already
    write(ws / "pkg/sub/deep/CLAUDE.md", "Deep.")
    [name] = [
        line
        for line in (_text(again.preload, spec, ["pkg/sub/deep/a.py"], stored) or "").splitlines()[
            1:2
        ]
    ]
    assert name == '["pkg/sub/deep/CLAUDE.md"]'


def test_agents_show_says_a_path_scoped_rule_is_given_on_a_matching_read(tmp_path: Path) -> None:
    ws, home = workspace(tmp_path)
    write(home / ".claude/rules/web.md", "---\npaths: src/**/*.{ts,tsx}, web/*.css\n---\nWeb.")
    found = workspace_instructions(ws, home=home)
    lines = instruction_listing(agent(), found)
    assert (
        ".claude/rules/py.md (project_rule for pkg/**/*.py: given when the agent reads a "
        "matching file)" in lines
    )
    assert (
        "~/.claude/rules/web.md (user_rule for src/**/*.{ts,tsx}, web/*.css: given when "
        "the agent reads a matching file)" in lines
    )
    assert not any("skipped" in line for line in lines)
    assert instruction_data(agent(), found)["scoped"] == [
        {
            "path": "~/.claude/rules/web.md",
            "kind": "user_rule",
            "paths": ["src/**/*.{ts,tsx}", "web/*.css"],
        },
        {"path": ".claude/rules/py.md", "kind": "project_rule", "paths": ["pkg/**/*.py"]},
    ]


def test_a_rule_whose_paths_limit_nothing_is_a_rule_for_all(tmp_path: Path) -> None:
    """``paths: ["**"]`` (or an empty list) limits a rule to no file in particular: Claude
    Code loads it at the start as a rule for all (its patterns, a trailing ``/**`` dropped,
    all ``**``), not on a Read; a pattern that limits it keeps it scoped."""
    ws, home = workspace(tmp_path)
    write(ws / ".claude/rules/all.md", '---\npaths: ["**", "**/**"]\n---\nEvery file: tabs.')
    write(ws / ".claude/rules/none.md", "---\npaths: []\n---\nEvery file: spaces.")
    write(ws / ".claude/rules/src.md", '---\npaths: ["src/**"]\n---\nSource only.')
    found = workspace_instructions(ws, home=home)
    scoped = {r["path"]: r["paths"] for r in instruction_data(agent(), found)["scoped"]}
    assert scoped == {".claude/rules/py.md": ["pkg/**/*.py"], ".claude/rules/src.md": ["src/**"]}
    loaded = [f.shown for f in found.files]
    assert ".claude/rules/all.md" in loaded and ".claude/rules/none.md" in loaded
