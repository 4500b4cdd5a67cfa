"""The CLAUDE.md hierarchy in each agent's context, as Claude Code gives it to a sub-agent:
real files in a temporary workspace and home, the prompt the scripted provider receives, the
trust boundary on a workspace file's imports, and what ``coord agents show`` lists."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cli import coord
from kit import report, scripted

from coordinator.config import Settings
from coordinator.roster.fields import Support, agent_fields
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.runtime.instructions import imports
from coordinator.runtime.options import extras_digest
from coordinator.runtime.preload import Preload
from coordinator.runtime.prompt_files import PRELOAD_BYTES
from coordinator.store.db import Store


def agent(**extra: Any) -> AgentSpec:
    return AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        tools=["Read"],
        body="You are the backend specialist.",
        extra=extra,
    )


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def setup(tmp_path: Path) -> tuple[Path, Path]:
    ws, home = tmp_path / "ws", tmp_path / "home"
    ws.mkdir()
    home.mkdir()
    return ws.resolve(), home


def preload(tmp_path: Path, ws: Path, home: Path) -> Preload:
    return Preload(ws, home=home, managed=tmp_path / "etc" / "CLAUDE.md")


def test_the_hierarchy_is_loaded_in_claude_codes_order_workspace_files_quoted(
    tmp_path: Path,
) -> None:
    ws, home = setup(tmp_path)
    write(tmp_path / "etc/CLAUDE.md", "Managed: never push to main.")
    write(home / ".claude/CLAUDE.md", "User: answer in British English.")
    write(home / ".claude/rules/tabs.md", "User rule: no tabs.")
    write(ws / "CLAUDE.md", "Project: run make test before reporting.")
    write(ws / ".claude/CLAUDE.md", "Dot-claude: the API lives in api/.")
    write(ws / ".claude/rules/style/naming.md", "---\ndescription: x\n---\nRule: snake_case.")
    write(ws / ".claude/rules/ts.md", '---\npaths:\n  - "**/*.ts"\n---\nTS rule: strict.')
    write(ws / "CLAUDE.local.md", "Local: my sandbox is sb-7.")
    write(tmp_path / "CLAUDE.md", "Above the workspace: not the project's.")
    pre = preload(tmp_path, ws, home)
    system = pre.system_prompt(agent())

    order = [
        "Managed: never push",
        "User: answer in British",
        "User rule: no tabs.",
        "Project: run make test",
        "Dot-claude: the API",
        "Rule: snake_case.",
        "Local: my sandbox",
    ]
    where = [system.index(text) for text in order]
    assert where == sorted(where)
    assert system.index("You are the backend specialist.") < where[0]
    assert system.index("# Instructions (CLAUDE.md files)") < where[0]
    # the user's and the managed files are the user's own: as written, not quoted
    assert "## ~/.claude/CLAUDE.md (the user's private instructions for all projects)\n\n" in system
    assert "managed instructions, for every user of this machine)\n\nManaged:" in system
    # workspace files are quoted, named by where they lie
    assert '<claude_md path="CLAUDE.md" boundary=' in system
    assert '<claude_md path=".claude/rules/style/naming.md" boundary=' in system
    assert '<claude_md path="CLAUDE.local.md" boundary=' in system
    assert "description: x" not in system  # a rule's frontmatter is not its text
    assert "TS rule" not in system and "Above the workspace" not in system
    [scoped] = pre.instructions().scoped  # given when a matching file is read
    assert (scoped.shown, scoped.patterns) == (".claude/rules/ts.md", ("**/*.ts",))
    assert pre.instructions().warnings == []


def test_imports_relative_nested_five_hops_and_not_in_code(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(
        ws / "CLAUDE.md",
        "See @docs/hop1.md for more.\n"
        "Not `@docs/span.md` in a span, nor mail@docs/mail.md.\n"
        "```\n@docs/fenced.md\n```\n"
        "\n    @docs/indented.md\n",
    )
    for n in range(1, 7):
        write(ws / f"docs/hop{n}.md", f"Hop {n} text. @hop{n + 1}.md")
    for name in ("span", "fenced", "indented", "mail"):
        write(ws / f"docs/{name}.md", f"{name.upper()} LOADED")
    write(home / ".claude/CLAUDE.md", "Mine: @~/notes/me.md")
    write(home / "notes/me.md", "User import read as written.")
    pre = preload(tmp_path, ws, home)
    system = pre.system_prompt(agent())

    assert all(f"Hop {n} text." in system for n in range(1, 6))
    assert "Hop 6 text." not in system  # a sixth hop is not followed
    assert "LOADED" not in system
    assert "## docs/hop1.md (imported by CLAUDE.md; a workspace file" in system
    assert system.index("Hop 1 text.") < system.index("Hop 5 text.")
    assert "## ~/notes/me.md" not in system and "User import read as written." in system
    [deep] = pre.instructions().warnings
    assert deep.startswith("instructions: docs/hop5.md:1: @hop6.md not loaded")
    assert "5 hops" in deep


def test_a_workspace_file_cannot_import_outside_the_workspace_or_coords_files(
    tmp_path: Path,
) -> None:
    ws, home = setup(tmp_path)
    write(home / ".ssh/id_rsa", "PRIVATE KEY")
    write(tmp_path / "outside.md", "OUTSIDE TEXT")
    write(ws / ".coordinator/coordinator.db", "DATABASE TEXT")
    os.symlink(tmp_path / "outside.md", ws / "link.md")
    write(
        ws / "CLAUDE.md",
        "Line one.\n@~/.ssh/id_rsa\n"
        f"and @../outside.md and @{tmp_path / 'outside.md'}\n"
        "@.coordinator/coordinator.db\n@link.md\n",
    )
    pre = preload(tmp_path, ws, home)
    system = pre.system_prompt(agent())

    for secret in ("PRIVATE KEY", "OUTSIDE TEXT", "DATABASE TEXT"):
        assert secret not in system
    assert "Line one." in system
    warnings = pre.instructions().warnings
    assert [w.split(" not loaded")[0] for w in warnings] == [
        "instructions: CLAUDE.md:2: @~/.ssh/id_rsa",
        "instructions: CLAUDE.md:3: @../outside.md",
        f"instructions: CLAUDE.md:3: @{tmp_path / 'outside.md'}",
        "instructions: CLAUDE.md:4: @.coordinator/coordinator.db",
        "instructions: CLAUDE.md:5: @link.md",
    ]
    assert all("a workspace file an agent could have written" in w for w in warnings)


def test_a_linked_or_undecodable_claude_md_is_a_warning_naming_it(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(tmp_path / "secret.md", "SECRET")
    os.symlink(tmp_path / "secret.md", ws / "CLAUDE.md")
    write(ws / "CLAUDE.local.md", b"\xff\xfe bad bytes")
    write(ws / ".claude/CLAUDE.md", "Still loaded.")
    pre = preload(tmp_path, ws, home)
    system = pre.system_prompt(agent())

    assert "SECRET" not in system and "bad bytes" not in system and "Still loaded." in system
    assert pre.instructions().warnings == [
        "instructions: CLAUDE.md not loaded: it cannot be read, is no regular file, or leads "
        "outside the workspace or into the coordinator's own files",
        "instructions: CLAUDE.local.md not loaded: it is not UTF-8",
    ]


def test_omit_claude_md_loads_none_and_is_a_known_field(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(ws / "CLAUDE.md", "Project rules.")
    write(home / ".claude/CLAUDE.md", "User rules.")
    spec = agent(omitClaudeMd=True)
    spec = spec.model_copy(update={"keys": {"name": 2, "omitClaudeMd": 3}})
    system = preload(tmp_path, ws, home).system_prompt(spec)

    assert "rules." not in system and "CLAUDE.md" not in system
    [field] = [f for f in agent_fields(spec) if f.field == "omitClaudeMd"]
    assert field.support is Support.HONOURED


async def test_the_prompt_an_engine_run_sends_holds_the_claude_md(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(ws / "CLAUDE.md", "Build with make; never touch vendor/.")
    spec = agent()
    registry = Registry([spec])
    provider = scripted({"backend": [{"text": report("Complete", "Done")}]})
    extras = session_extras(ws, Settings(), registry, home=home, managed=None)
    engine = extras.engine(
        registry, provider, Store.open(tmp_path / "s.db"), Settings(), ws, model=None
    )
    await engine.start("Add tasks", agent="backend")

    system = provider.model.calls[0].system
    assert '<claude_md path="CLAUDE.md" boundary=' in system
    assert "\nBuild with make; never touch vendor/.\n</claude_md boundary=" in system


def test_agents_show_lists_the_instruction_files(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(ws / "CLAUDE.md", "Project. @notes.md @~/.ssh/id_rsa")
    write(ws / "notes.md", "Notes.")
    write(home / ".claude/CLAUDE.md", "User.")
    write(ws / "team/backend.md", "---\nname: backend\ndescription: backend work\n---\nBody.")
    write(ws / "team/quiet.md", "---\nname: quiet\ndescription: q\nomitClaudeMd: true\n---\nQ.")
    env = {"HOME": str(home), "CLAUDE_CONFIG_DIR": ""}
    args = ("--agents-dir", "team", "--only")

    shown = coord("agents", "show", "backend", *args, cwd=ws, env=env)
    assert shown.returncode == 0, shown.stderr
    text = " ".join(shown.stdout.split())
    assert "instructions" in text and "~/.claude/CLAUDE.md (user)" in text
    assert "CLAUDE.md (project, quoted: an agent could have written it)" in text
    assert "notes.md (imported by CLAUDE.md, quoted" in text
    assert "warning: instructions: CLAUDE.md:1: @~/.ssh/id_rsa not loaded" in text

    data = json.loads(coord("agents", "show", "backend", *args, "--json", cwd=ws, env=env).stdout)
    files = data["instructions"]["files"]
    assert [(f["path"], f["kind"], f["quoted"]) for f in files] == [
        ("~/.claude/CLAUDE.md", "user", False),
        ("CLAUDE.md", "project", True),
        ("notes.md", "imported", True),
    ]
    quiet = coord("agents", "show", "quiet", *args, "--json", cwd=ws, env=env)
    assert json.loads(quiet.stdout)["instructions"] == {
        "omitted": True,
        "files": [],
        "scoped": [],
        "excluded": [],
        "warnings": [],
    }
    problems = json.loads(quiet.stdout)["problems"]
    assert not any("omitClaudeMd" in p["message"] for p in problems)  # a known field


def test_a_read_deny_rule_hides_an_import_and_coord_run_says_so(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(ws / ".claude/settings.json", '{"permissions": {"deny": ["Read(./private.md)"]}}')
    write(ws / "private.md", "PRIVATE NOTES")
    write(ws / "CLAUDE.md", "Team rules.\n@private.md\n")
    registry = Registry([agent()])
    extras = session_extras(ws, Settings(), registry, home=home, managed=None)
    system = extras.preload.system_prompt(agent())

    assert "Team rules." in system and "PRIVATE NOTES" not in system
    notice = extras.notice(registry, Settings())
    assert any(
        line.startswith("warning: instructions: CLAUDE.md:2: @private.md") for line in notice
    )
    quiet = Registry([agent(omitClaudeMd=True)])
    assert not any("instructions" in line for line in extras.notice(quiet, Settings()))


def test_instruction_files_are_bounded_in_size(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(ws / "CLAUDE.md", "x" * (PRELOAD_BYTES + 10))
    write(ws / "CLAUDE.local.md", "Too late.")
    pre = preload(tmp_path, ws, home)
    system = pre.system_prompt(agent())

    assert "x" * PRELOAD_BYTES in system and "x" * (PRELOAD_BYTES + 1) not in system
    assert "Too late." not in system
    assert pre.instructions().warnings == [
        f"instructions: CLAUDE.md is cut at {PRELOAD_BYTES} bytes (the rest is not loaded)",
        f"instructions: CLAUDE.local.md not loaded: the instruction files together pass "
        f"{PRELOAD_BYTES} bytes",
    ]


def test_a_resume_notices_changed_claude_md_files_as_it_does_skills(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    agents = [agent()]

    def digest() -> str:
        return extras_digest(ws, agents, hooks=True, home=home)

    first = digest()
    write(ws / "CLAUDE.md", "Build with make.")
    with_md = digest()
    assert with_md != first
    write(ws / "CLAUDE.md", "Build with ninja.")  # the same file, other text
    assert digest() != with_md
    write(ws / "CLAUDE.md", "Build with make.")
    assert digest() == with_md  # stable


def test_import_paths_take_escaped_spaces_and_fences_close_on_their_own_mark() -> None:
    text = "See @my\\ notes.md, mail a@b.c\n~~~\n```\n@inside.md\n~~~\n@after.md `@span.md`"
    assert imports(text) == [(1, "my notes.md"), (6, "after.md")]
    assert imports("no imports here") == []


def test_a_warning_shows_a_name_with_control_characters_escaped(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    write(ws / "CLAUDE.md", "Hi.\n@~/\x1b[31mred\n")
    [warning] = preload(tmp_path, ws, home).instructions().warnings
    assert warning.startswith('instructions: CLAUDE.md:2: @"~/\\x1b[31mred" not loaded')
    assert "\x1b" not in warning
