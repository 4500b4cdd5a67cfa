"""Claude Code's managed settings the roster reads (compat72), from real agent files and a
real managed settings file in a temp home, workspace and managed folder: the managed
subagents folder (sub-agents page, "Managed subagents": ``.claude/agents/`` in the managed
settings folder, over every other scope), ``disableSideloadFlags`` (settings reference:
"Reject the ``--plugin-dir``, ``--plugin-url``, ``--agents``, and ``--mcp-config`` CLI
flags"), and restrictions that fail closed on a value that is not theirs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from coordinator.errors import UserError
from coordinator.roster.loader import bundled_agents_dir, load_registry
from coordinator.roster.spec import SourceKind


def write(path: Path, data: dict[str, Any] | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def agent_file(folder: Path, name: str, said: str = "Reviews code.") -> Path:
    return write(folder / f"{name}.md", f"---\nname: {name}\ndescription: {said}\n---\nBody.\n")


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The workspace, the managed settings file (in its own folder, as
    ``/etc/claude-code``) and the administrator's agents folder beside it."""
    ws = tmp_path / "ws"
    ws.mkdir()
    managed = write(tmp_path / "etc/claude-code/managed-settings.json", {})
    return ws, managed, tmp_path / "etc/claude-code/.claude/agents"


# ---- the managed subagents folder ---------------------------------------------------------


def test_managed_agents_load_over_every_other_scope(places: tuple[Path, Path, Path]) -> None:
    """An agent file in ``.claude/agents`` beside the managed settings loads, shown as
    ``managed``; its name wins over the project's, the user's and ``--agents-dir``'s."""
    ws, managed, admin = places
    agent_file(admin, "reviewer", "The organization's reviewer.")
    agent_file(admin, "auditor", "Audits dependencies.")
    project = agent_file(ws / ".claude/agents", "reviewer", "The repo's reviewer.")
    mine = agent_file(Path(os.environ["HOME"]) / ".claude/agents", "reviewer")
    given = agent_file(ws.parent / "given", "reviewer", "A reviewer given for a run.")

    registry = load_registry([given.parent], cwd=ws, cache=False, managed=managed)
    assert registry.get("reviewer").description == "The organization's reviewer."
    assert registry.kinds["reviewer"] == SourceKind.MANAGED
    assert registry.kinds["auditor"] == SourceKind.MANAGED
    hidden = {s.path for s in registry.shadowed if s.name == "reviewer"}
    assert hidden == {project, mine, given}


def test_managed_agents_load_when_agents_are_locked_to_plugins(
    places: tuple[Path, Path, Path],
) -> None:
    """strictPluginOnlyCustomization's ``agents`` keeps the project's and the user's agents
    out, never the managed folder's ("keeps loading ... agents in the managed policy
    directory")."""
    ws, managed, admin = places
    write(managed, {"strictPluginOnlyCustomization": ["agents"]})
    agent_file(admin, "auditor", "Audits dependencies.")
    agent_file(ws / ".claude/agents", "repo-helper")

    names = {a.name for a in load_registry(cwd=ws, cache=False, managed=managed)}
    assert "auditor" in names and "repo-helper" not in names


# ---- disableSideloadFlags --------------------------------------------------------------------


def test_disable_sideload_flags_refuses_agent_folders_given_for_a_run(
    places: tuple[Path, Path, Path],
) -> None:
    """With ``disableSideloadFlags: true`` a folder given with ``--agents-dir`` (or the
    config's ``agents_dirs``) is refused with one line naming the file and the key, also
    with ``--only``; ``agents validate`` (checking) still reads it, and the bundled
    specialists (the demo's folder) are coord's own."""
    ws, managed, _ = places
    given = agent_file(ws.parent / "given", "helper").parent
    write(managed, {"disableSideloadFlags": True})
    for only in (False, True):
        with pytest.raises(UserError) as refused:
            load_registry([given], only=only, cwd=ws, cache=False, managed=managed)
        assert refused.value.message == (
            f"{managed}: disableSideloadFlags refuses agent folders given for a run: {given}"
        )
    checked = load_registry([given], only=True, cwd=ws, cache=False, managed=managed, checking=True)
    assert [a.name for a in checked] == ["helper"]
    bundled = load_registry([bundled_agents_dir()], only=True, cwd=ws, managed=managed)
    assert len(bundled) > 0
    assert len(load_registry(cwd=ws, cache=False, managed=managed)) > 0  # none given: none refused

    write(managed, {"disableSideloadFlags": False})
    assert [a.name for a in load_registry([given], only=True, cwd=ws, managed=managed)] == [
        "helper"
    ]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"disableSideloadFlags": "yes"}', "it must be true or false"),
        ('{"disableSideloadFlags": 1}', "it must be true or false"),
        ('{"disableSideloadFlags": true,}', "the file cannot be read"),
    ],
)
def test_disable_sideload_flags_fails_closed_on_a_value_not_its_own(
    places: tuple[Path, Path, Path], text: str, why: str
) -> None:
    """A value that is not a boolean, or a managed file naming the key that does not parse,
    refuses the folders too, and the line says why."""
    ws, managed, _ = places
    given = agent_file(ws.parent / "given", "helper").parent
    write(managed, text)
    with pytest.raises(UserError) as refused:
        load_registry([given], only=True, cwd=ws, cache=False, managed=managed)
    assert refused.value.message == (
        f"{managed}: disableSideloadFlags refuses agent folders given for a run: {given} "
        f"(disableSideloadFlags: {why}; read as the strictest value (true))"
    )


# ---- strictPluginOnlyCustomization fails closed ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ('"agents"', "it must be true, false or a list of kinds (skills, agents, hooks, mcp)"),
        ("1", "it must be true, false or a list of kinds (skills, agents, hooks, mcp)"),
        ('["agents",]', "the file cannot be read"),
    ],
)
def test_a_malformed_customization_lock_locks_every_kind(
    places: tuple[Path, Path, Path], value: str, why: str
) -> None:
    """``strictPluginOnlyCustomization: "agents"`` (a string, not a list) or a file that
    does not parse locked nothing: the project's agents loaded. Now every kind is locked,
    with one line on the managed file at the key's line."""
    ws, managed, _ = places
    write(managed, '{\n  "strictPluginOnlyCustomization": ' + value + "\n}\n")
    agent_file(ws / ".claude/agents", "repo-helper")
    registry = load_registry(cwd=ws, cache=False, managed=managed)
    assert "repo-helper" not in {a.name for a in registry}
    (said,) = [p for p in registry.problems if p.path == managed and "read as" in p.message]
    assert said.message == (
        f"strictPluginOnlyCustomization: {why}; read as the strictest value (every kind locked)"
    )
    assert said.line == 2
