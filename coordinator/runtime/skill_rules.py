"""Which skills an agent's ``skills:`` may preload: the settings' ``Skill`` rules and
``skillOverrides``.

Claude Code's sub-agents page ("Preload skills into subagents"): preloading "draws from the
same set of skills Claude can invoke", and "if a listed skill is missing or disabled, for
example by your organization's policy, Claude Code skips it and logs a warning". Its skills
page ("Restrict Claude's skill access") names what takes a skill out of that set:

* a deny rule ``Skill(NAME)`` (exact), ``Skill(NAME *)`` (NAME with any arguments), or a bare
  ``Skill`` ("disable all skills"). coord reads ``*`` anywhere as any text and the legacy
  ``NAME:*`` as ``NAME *``, as its Bash rules do. An ``ask`` rule counts too: nobody can
  confirm in a coord run, as for ``Agent(NAME)`` (:meth:`PermissionRules.agent_rule`).
* ``skillOverrides`` ``"off"`` or ``"user-invocable-only"`` (hidden from Claude); plugin
  skills (``PLUGIN:NAME``) are not affected, as Claude Code says. ``"name-only"`` keeps the
  skill but lists it to Claude by its name alone (claude107: its description was listed).
* the skill's own ``disable-model-invocation: true`` (read by
  :mod:`coordinator.runtime.preload`).

A rule or an entry covers every name the skill goes by (:class:`SkillRefusal`): the one an
agent lists, its folder's (Claude Code's command name for a personal or project skill), the
one its SKILL.md declares, and for an enabled plugin's skill ``PLUGIN:NAME`` (listed bare
too; ``Skill(PLUGIN:*)`` every skill of it), each compared as Claude Code compares skill
names (:func:`folded`): a skill kept out by one name is not preloaded by another.

Both settings only take skills away, so they are honoured from every settings file, the
workspace's too (an agent cannot write them: protected paths). Where Claude Code would let
a narrower file's ``"on"`` win over a broader file's ``"off"``, coord keeps the skill out
when any file hides it (a workspace file must not bring back a skill the user hid).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from coordinator.runtime.wildcard import wildcard_match

#: Claude Code's tool through which skills are invoked (the tool part of a Skill rule).
SKILL_TOOL = "Skill"
#: The ``skillOverrides`` states that hide a skill from Claude (so no agent preloads it).
HIDDEN = frozenset({"off", "user-invocable-only"})
#: The ``skillOverrides`` state listing a skill to Claude by its name alone (no description).
NAME_ONLY = "name-only"
#: Every state ``skillOverrides`` takes.
STATES = frozenset({"on", NAME_ONLY, *HIDDEN})
#: The settings key.
OVERRIDES = "skillOverrides"


def folded(name: str) -> str:
    """``name`` as Claude Code compares skill names: letter case ignored, compatibility
    forms (fullwidth letters) and dash variants as their plain equivalents, invisible
    characters left out (its skills page). Only for matching names that refuse a skill:
    ``Skill(Deploy)`` keeps ``deploy`` out, as does ``skills: [DEPLOY]`` on a file system
    that finds the folder ``deploy`` by it."""
    plain = unicodedata.normalize("NFKC", name).casefold()
    return "".join(
        "-" if unicodedata.category(c) == "Pd" else c
        for c in plain
        if unicodedata.category(c) != "Cf"
    )


def names_skill(specifier: str | None, skill: str) -> bool:
    """Whether the Skill rule whose specifier is ``specifier`` covers the skill ``skill``
    (names :func:`folded`): bare (none, empty or ``*``) every skill; ``NAME`` exactly;
    ``NAME *`` NAME with any arguments, so NAME itself; ``NAME:*`` that too (the legacy
    form), or every skill of the plugin NAME (``PLUGIN:SKILL``); ``*`` elsewhere any text."""
    said, skill = folded((specifier or "").strip()), folded(skill)
    if said in ("", "*"):
        return True
    if said.endswith(":*") and wildcard_match(said, skill):
        return True
    if said.endswith(":*"):
        said = said[:-2] + " *"
    if said.endswith(" *") and skill == said[:-2].rstrip():
        return True
    return wildcard_match(said, skill) if "*" in said else said == skill


class SkillRefusal(Protocol):
    """Why the settings keep a skill from Claude, or None
    (:meth:`~coordinator.runtime.permissions.PermissionRules.refused_skill`)."""

    def __call__(self, *names: str, plugin: bool = False) -> str | None:
        """``names``: every name the skill goes by; ``plugin``: an enabled plugin's."""


@dataclass(frozen=True)
class Override:
    """One ``skillOverrides`` entry that hides a skill (or lists it by name only), and the
    file that sets it."""

    state: str
    path: Path

    @property
    def hides(self) -> bool:
        """Whether it hides the skill from Claude (else it lists it by name only)."""
        return self.state in HIDDEN

    def label(self) -> str:
        """``skillOverrides.deploy: "off" (/ws/.claude/settings.local.json)``."""
        return f'"{self.state}" ({self.path})'


def read_overrides(path: Path, data: Mapping[str, Any], warnings: list[str]) -> dict[str, Override]:
    """The skills ``data`` (the settings file ``path``) hides, or lists by name only, through
    ``skillOverrides``, by their :func:`folded` names; a value of another kind, or a state
    Claude Code does not name, is one warning (the entry hides nothing)."""
    block = data.get(OVERRIDES)
    if block is None:
        return {}
    if not isinstance(block, Mapping):
        warnings.append(f"{path}: {OVERRIDES} must be an object of skill names (ignored)")
        return {}
    hidden: dict[str, Override] = {}
    for name, state in block.items():
        if state not in STATES:
            warnings.append(
                f"{path}: {OVERRIDES}.{name}: {state!r} is none of "
                f"{', '.join(sorted(STATES))} (ignored)"
            )
        elif state in HIDDEN or state == NAME_ONLY:
            hidden[folded(str(name))] = Override(state, path)
    return hidden
