"""compat78: ``claudeMdExcludes`` keeps the instruction files it names out of agents' context.

Claude Code's memory and large-codebases pages: glob patterns matched against absolute
paths, set in any settings file (managed, user, project, local), the lists merged; a managed
CLAUDE.md is never excluded. Real files through the real loading path: the session's
extras read the settings, the scripted provider plays the agent, a real hook script records
InstructionsLoaded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import report, scripted
from test_claude_md import agent, setup, write
from test_hooks45_instructions_loaded import RECORD, read, records

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.runtime.extras import session_extras
from coordinator.runtime.instructions import workspace_instructions
from coordinator.runtime.md_excludes import read_excludes
from coordinator.runtime.options import extras_digest
from coordinator.runtime.permission_files import load_permissions
from coordinator.runtime.preload import Preload
from coordinator.store.db import Store


def monorepo(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A workspace of two packages, each with its instruction files, a rule, the user's and
    the managed CLAUDE.md (the managed one importing a file); the managed settings' path."""
    ws, home = setup(tmp_path)
    write(ws / "CLAUDE.md", "ROOT-TEXT")
    write(ws / ".claude/rules/style.md", "STYLE-RULE")
    write(ws / "packages/web/CLAUDE.md", "WEB-TEXT")
    write(ws / "packages/web/CLAUDE.local.md", "WEB-LOCAL")
    write(ws / "packages/web/.claude/rules/react.md", "WEB-RULE")
    write(ws / "packages/web/app.tsx", "x\n")
    write(ws / "packages/api/CLAUDE.md", "API-TEXT @notes.md")
    write(ws / "packages/api/notes.md", "API-NOTES")
    write(ws / "packages/api/main.py", "x\n")
    write(home / ".claude/CLAUDE.md", "USER-TEXT")
    etc = tmp_path / "etc"
    write(etc / "CLAUDE.md", "MANAGED-TEXT @policy.md")
    write(etc / "policy.md", "MANAGED-POLICY")
    return ws, home, etc / "managed-settings.json"


def settings_files(ws: Path, home: Path, managed: Path, log: Path) -> None:
    """Patterns in four files (merged): the project's excludes a package, the local one an
    import, the user's its own CLAUDE.md by absolute path, the managed file a rule and the
    managed CLAUDE.md itself (never excluded); the user's records InstructionsLoaded."""
    hook = {"type": "command", "command": f"/usr/bin/python3 {home / 'record.py'} {log}"}
    write(home / "record.py", RECORD)
    user = {
        "claudeMdExcludes": [str(home / ".claude/CLAUDE.md")],
        "hooks": {"InstructionsLoaded": [{"hooks": [hook]}]},
    }
    write(home / ".claude/settings.json", json.dumps(user))
    write(ws / ".claude/settings.json", json.dumps({"claudeMdExcludes": ["**/packages/web/**"]}))
    local = {"claudeMdExcludes": ["**/api/notes.md"]}
    write(ws / ".claude/settings.local.json", json.dumps(local))
    patterns = ["**/.claude/rules/style.md", str(managed.parent / "*.md")]
    write(managed, json.dumps({"claudeMdExcludes": patterns}))


async def test_excluded_files_are_not_given_nor_fire_hooks_the_managed_ones_always(
    tmp_path: Path,
) -> None:
    ws, home, managed = monorepo(tmp_path)
    log = tmp_path / "loaded.jsonl"
    settings_files(ws, home, managed, log)
    spec = agent()
    turns: list[dict[str, Any]] = [
        {"tool_calls": [read("packages/web/app.tsx")]},
        {"tool_calls": [read("packages/api/main.py")]},
        {"text": report("Complete", "Done")},
    ]
    provider = scripted({"backend": turns})
    extras = session_extras(ws, Settings(), Registry([spec]), home=home, managed=managed)
    assert not [w for w in extras.permissions.warnings if "claudeMdExcludes" in w]
    engine = extras.engine(
        Registry([spec]), provider, Store.open(tmp_path / "s.db"), Settings(), ws, model=None
    )
    result = await engine.start("Fix the api", agent="backend")
    assert result.status.value == "complete", result.reason

    calls = provider.model.calls
    system = calls[0].system
    for text in ("MANAGED-TEXT", "MANAGED-POLICY", "ROOT-TEXT"):
        assert text in system
    for text in ("USER-TEXT", "STYLE-RULE"):
        assert text not in system
    after_web = json.dumps(calls[1].messages[-1])
    assert "WEB-" not in after_web and "CLAUDE.md" not in after_web  # not even named
    after_api = json.dumps(calls[2].messages[-1])
    assert "API-TEXT" in after_api and "API-NOTES" not in after_api

    loaded = [(Path(r["file_path"]), r["memory_type"], r["load_reason"]) for r in records(log)]
    assert loaded == [
        (managed.parent / "CLAUDE.md", "Managed", "session_start"),
        (managed.parent / "policy.md", "Managed", "include"),
        (ws / "CLAUDE.md", "Project", "session_start"),
        (ws / "packages/api/CLAUDE.md", "Project", "nested_traversal"),
    ]


def test_agents_show_lists_what_is_left_and_bad_entries_are_said(tmp_path: Path) -> None:
    """``coord agents show``'s reading of the hierarchy leaves the excluded files out; an
    entry that is no pattern, or a relative one (which matches no absolute path), is one
    line naming the file, and the rest of the list still applies."""
    ws, home, _ = monorepo(tmp_path)
    project = write(
        ws / ".claude/settings.json",
        json.dumps({"claudeMdExcludes": ["packages/web/CLAUDE.md", 3, "/**/rules/*.md"]}),
    )
    write(home / ".claude/settings.json", json.dumps({"claudeMdExcludes": "**/CLAUDE.md"}))
    found = workspace_instructions(ws, home=home)
    assert [f.shown for f in found.files] == ["~/.claude/CLAUDE.md", "CLAUDE.md"]
    warned = [w for w in load_permissions(ws, home=home).warnings if "claudeMdExcludes" in w]
    assert warned == [
        f"{home / '.claude/settings.json'}: claudeMdExcludes must be a list of glob patterns: "
        "ignored",
        f"{project}: claudeMdExcludes: 'packages/web/CLAUDE.md' matches no file: patterns are "
        "matched against absolute paths (start it with **/ or /)",
        f"{project}: claudeMdExcludes: 3 is no pattern: skipped",
    ]


def test_a_pattern_through_a_link_matches_where_it_leads(tmp_path: Path) -> None:
    """An absolute pattern written through a link to the workspace's folder (``/tmp`` on
    macOS, a linked home) matches the files at their real paths, as Claude Code resolves a
    pattern's fixed folders."""
    ws, home, _ = monorepo(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(ws)
    write(ws / ".claude/settings.json", json.dumps({"claudeMdExcludes": [f"{link}/CLAUDE.md"]}))
    found = workspace_instructions(ws, home=home)
    assert "CLAUDE.md" not in [f.shown for f in found.files]
    assert ".claude/rules/style.md" in [f.shown for f in found.files]


def test_a_worktree_runs_reads_are_matched_where_the_workspace_holds_the_file(
    tmp_path: Path,
) -> None:
    """A worktree run's Reads bring its worktree's copies; a pattern naming the workspace's
    absolute path keeps the worktree's copy out too (and the other package's comes)."""
    ws, home, _ = monorepo(tmp_path)
    tree = tmp_path / "tree"
    write(tree / "packages/web/CLAUDE.md", "WEB-TREE")
    write(tree / "packages/web/app.tsx", "x\n")
    write(tree / "packages/api/CLAUDE.md", "API-TREE")
    write(tree / "packages/api/main.py", "x\n")
    write(ws / ".claude/settings.json", json.dumps({"claudeMdExcludes": [f"{ws}/packages/web/**"]}))
    rules = load_permissions(ws, home=home, managed=None)
    preload = Preload(ws, home=home, managed=None, md_excludes=rules.md_excludes)
    given = preload.read_given(
        agent(), ["packages/web/app.tsx", "packages/api/main.py"], [], root=tree.resolve()
    )
    assert given is not None
    assert [f.text for f in given.files] == ["API-TREE"]
    assert given.handled == ["packages/api/CLAUDE.md"]


def test_a_resume_does_not_call_an_excluded_files_edit_a_change(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    agents = [agent()]
    write(ws / "CLAUDE.md", "Build with make.")
    write(ws / "CLAUDE.local.md", "My notes.")
    write(ws / ".claude/settings.json", json.dumps({"claudeMdExcludes": ["**/CLAUDE.local.md"]}))

    def digest() -> str:
        return extras_digest(ws, agents, hooks=True, home=home)

    first = digest()
    write(ws / "CLAUDE.local.md", "Other notes.")  # no run is given this file
    assert digest() == first
    write(ws / "CLAUDE.md", "Build with ninja.")
    assert digest() != first


def test_a_pattern_no_path_can_hold_is_skipped_with_a_warning(tmp_path: Path) -> None:
    """A lone surrogate (JSON's "\\ud800") in a pattern was a traceback once a file was
    matched (its fixed folders resolved); it is no pattern, as one holding a NUL."""
    warnings: list[str] = []
    data = {"claudeMdExcludes": ["/a\ud800/b/*.md", "/x\x00y", "**/ok/CLAUDE.md"]}
    found = read_excludes(tmp_path / "s.json", data, warnings)
    assert [e.pattern for e in found] == ["**/ok/CLAUDE.md"]
    assert len(warnings) == 2 and all("is no pattern: skipped" in w for w in warnings)
