"""What an inline skill invoked through the Skill tool applies, and for how long.

Claude Code's skills page: an invoked skill's ``model`` is used "for the rest of the
current turn" (``inherit`` keeps the active model; a value ``availableModels`` excludes is
not used, the session keeps its model), its ``effort`` "when this skill is active", its
``disallowed-tools`` removed from the pool until the next message; its ``hooks`` are
registered "when you or Claude invoke the skill" and run "for the rest of the session"
(the hooks page: "on turns after the skill's own turn as well"). coord applies them so:

* a Skill call answered inline (not ``context: fork``: :mod:`~.skill_fork`) of a skill
  setting any of these fields stores a ``skill_invoked`` event (:class:`~coordinator.
  events.SkillInvoked`) with the call's result, one transaction: the values as the SKILL.md
  said them then (an agent rewriting the file later changes nothing already invoked);
* ``model``, ``effort``, ``disallowed-tools`` hold for the invoking run's later model calls
  until its next prompt: the answer it is given when it was blocked (a ``resumed``
  event), as Claude Code clears them at the next message (:func:`active_in`);
* ``hooks`` run in every run of the session from then on (:meth:`~coordinator.runtime.
  hooks.HookSet.add_skill`: a workspace skill's confined as a workspace settings file's
  are, only with ``--allow-bash``, and no ``http`` hook from it).

What is active is read from the stored events, so a resumed session (``coord resume``,
another process, after a ``kill -9``) applies the same. Nothing here widens a run: the
model stays within ``availableModels`` (and ``--model`` still wins, as for a forked
skill), its calls count in the session's budgets, ``disallowed-tools`` only narrows, and
a SKILL.md agents could have written only lowers the run's ``model`` (by price) and
``effort`` (mend104: :func:`skill_request`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from coordinator.config import Price
from coordinator.events import HookRan, Resumed, SkillInvoked
from coordinator.pricing import dearer
from coordinator.providers.base import ModelRequest
from coordinator.roster.fields import model_error, skill_tools
from coordinator.runtime.efforts import EFFORTS, no_higher
from coordinator.runtime.hooks import HookSet
from coordinator.runtime.permission_match import rule_matches
from coordinator.runtime.permission_paths import Call
from coordinator.runtime.permission_rules import Behavior, Rule, parse_rules
from coordinator.runtime.preload import Preload, SkillFile, effort_level, effort_supported
from coordinator.sanitize import shown_name
from coordinator.store.db import Store
from coordinator.tools.base import JSON, Refusal, RefusedBy, ToolResult

#: The event an inline skill's invocation stores, and the one that ends what it applies to
#: its run (a blocked run's answer).
SKILL_INVOKED = SkillInvoked.kind
RESUMED = Resumed.kind
#: The SKILL.md fields applied on an inline invocation.
DISALLOWED_TOOLS = "disallowed-tools"
APPLIED = ("model", "effort", DISALLOWED_TOOLS, "hooks")


@dataclass(frozen=True)
class Invoked:
    """What one inline invocation of ``skill`` (its SKILL.md ``path``; ``written``: one
    agents can write) applies: its ``model`` and ``effort`` (None: not set, or not one),
    its ``disallowed`` tool rules and its ``hooks`` (the frontmatter value; None: none)."""

    skill: str
    path: str
    written: bool
    model: str | None = None
    effort: str | None = None
    disallowed: tuple[str, ...] = ()
    hooks: Any = None

    def event(self, session_id: str, run_id: int, agent: str) -> SkillInvoked:
        """Its ``skill_invoked`` event, in ``agent``'s run ``run_id``."""
        return SkillInvoked(
            session_id,
            run_id,
            agent,
            self.skill,
            self.path,
            self.written,
            self.model,
            self.effort,
            list(self.disallowed),
            self.hooks,
        )


def invoked_of(skill: SkillFile, written: bool) -> tuple[Invoked | None, list[str]]:
    """What invoking ``skill`` inline applies (None: none of :data:`APPLIED`), and a line
    per field that cannot be read (not applied)."""
    meta = skill.meta
    if not any(meta.get(key) is not None for key in APPLIED):
        return None, []
    notes: list[str] = []
    model = _model(meta.get("model"), notes)
    effort = meta.get("effort")
    level = str(effort).strip().lower() if effort is not None else None
    if level is not None and level not in EFFORTS:
        notes.append(f"effort: {shown_name(str(effort))[:40]} is none of {', '.join(EFFORTS)}")
        level = None
    rules: list[str] = []
    if meta.get(DISALLOWED_TOOLS) is not None:
        rules, problem = skill_tools(meta[DISALLOWED_TOOLS])
        if problem is not None:
            notes.append(f"{DISALLOWED_TOOLS}: {problem}")
    hooks = _as_json(meta.get("hooks"))
    found = Invoked(skill.name, str(skill.path), written, model, level, tuple(rules), hooks)
    return found, notes


def _model(value: object, notes: list[str]) -> str | None:
    """A SKILL.md ``model`` as a run may ask for it (None: unset, ``inherit``, or not one:
    noted)."""
    if value is None:
        return None
    text = str(value).strip()
    if text == "inherit":
        return None
    error = model_error(text)
    if error is not None:
        notes.append(f"model: {shown_name(text)[:40]} {error}")
        return None
    return text


def _as_json(value: object) -> Any:
    """``value`` (YAML frontmatter) as its stored JSON reads back (dates as text)."""
    return None if value is None else json.loads(json.dumps(value, default=str))


def _from(data: JSON) -> Invoked:
    """An :class:`Invoked` from its event's payload."""
    said = data.get("disallowed")
    rules = tuple(str(r) for r in said) if isinstance(said, list) else ()
    model, effort = data.get("model"), data.get("effort")
    return Invoked(
        str(data.get("skill") or ""),
        str(data.get("path") or ""),
        data.get("written") is not False,  # (unreadable: as agents' text)
        model if isinstance(model, str) else None,
        effort if isinstance(effort, str) and effort in EFFORTS else None,
        rules,
        data.get("hooks"),
    )


def invoked_in(store: Store, session_id: str) -> tuple[list[Invoked], set[object]]:
    """Every skill invocation stored in ``session_id``, oldest first, and the ``once``
    skill hooks that ran (they do not run again): each by its ``hook`` event's ``once``
    (:attr:`~coordinator.runtime.hooks.Hook.once_id`), or, in an event stored before it
    said one, by its event, source and command (cut)."""
    invoked: list[Invoked] = []
    ran: set[object] = set()
    for e in store.events(session_id):
        if e.kind == SKILL_INVOKED:
            invoked.append(_from(e.data))
        elif e.kind == HookRan.kind and str(e.data.get("source", "")).startswith("skill "):
            if "once" in e.data:
                ran.update([str(e.data["once"])] if e.data["once"] else [])
            else:
                ran.add(tuple(str(e.data.get(k, "")) for k in ("event", "source", "command")))
    return invoked, ran


def active_in(store: Store, session_id: str, run_id: int) -> list[Invoked]:
    """The invocations in run ``run_id`` whose ``model``, ``effort`` and
    ``disallowed-tools`` still hold: those since its latest answer (``resumed``)."""
    found: list[Invoked] = []
    for e in store.events(session_id):
        if e.run_id != run_id:
            continue
        if e.kind == RESUMED:
            found = []
        elif e.kind == SKILL_INVOKED:
            invoked = _from(e.data)
            if invoked.model or invoked.effort or invoked.disallowed:
                found.append(invoked)
    return found


def deny_rules(active: Sequence[Invoked]) -> list[Rule]:
    """The ``disallowed-tools`` of ``active`` as deny rules."""
    rules: list[Rule] = []
    for invoked in active:
        parsed, _ = parse_rules(list(invoked.disallowed), Behavior.DENY, Path(invoked.path))
        rules.extend(parsed)
    return rules


def offered(tools: Iterable[JSON], rules: Sequence[Rule], root: Path) -> list[JSON]:
    """``tools`` (the request's schemas) less those a rule of ``rules`` removes whole (a
    rule without a specifier: ``Bash``, ``mcp__server``)."""
    home = Path.home()
    whole = [r for r in rules if r.bare]
    return [
        t for t in tools if not any(rule_matches(r, Call(t["name"], {}, root, home)) for r in whole)
    ]


def removed(
    active: Sequence[Invoked], rules: Sequence[Rule], name: str, args: object, root: Path
) -> ToolResult | None:
    """The refusal of a call of tool ``name`` with ``args`` a skill's ``disallowed-tools``
    (``rules``, of ``active``) removes while it is active; None when none does."""
    call = Call(name, args if isinstance(args, dict) else {}, root, Path.home())
    for rule in rules:
        if rule_matches(rule, call):
            skills = ", ".join(sorted({shown_name(i.skill) for i in active}))
            return ToolResult(
                f"{name} is not available: the skill {skills} removed it while it is active "
                f"({DISALLOWED_TOOLS}: {rule.text})",
                is_error=True,
                refused=Refusal(RefusedBy.SKILL_DISALLOWED, rule.text),
            )
    return None


def skill_request(
    request: ModelRequest,
    active: Sequence[Invoked],
    model_of: Callable[[str], str | None],
    effort_of: Callable[[str], str | None],
    prices: Mapping[str, Price],
    root: Path,
) -> ModelRequest:
    """``request`` as the ``active`` skills change it: the latest one's ``model`` that
    ``model_of`` lets the run use (None: it may not, the run's own stays), the latest
    ``effort`` (on a model that takes one; else ``effort_of`` the model: the agent's own),
    the tools their ``disallowed-tools`` remove left out. A skill agents could have written
    lowers, never raises, what the run spends (mend104): its ``model`` only when no
    dearer than the run's own (by ``prices``), its ``effort`` only up to the run's own."""
    model = request.model
    for invoked in reversed(active):
        chosen = model_of(invoked.model) if invoked.model is not None else None
        if chosen is not None and not (invoked.written and dearer(chosen, model, prices)):
            model = chosen
            break
    own = request.effort if model == request.model else effort_of(model)
    latest = next((i for i in reversed(active) if i.effort is not None), None)
    said = _capped(latest, effort_level(own, model)) if latest is not None else None
    effort = said if said is not None and effort_supported(model) else own
    tools = offered(request.tools, deny_rules(active), root)
    return ModelRequest(
        request.agent,
        model,
        request.system,
        tools,
        request.messages,
        request.max_tokens,
        effort,
    )


def _capped(invoked: Invoked, level: str | None) -> str | None:
    """``invoked``'s ``effort``, or None when it may not apply: agents could have written
    its SKILL.md and it is above ``level``, the run's own (None: a model taking none)."""
    said = invoked.effort
    if said is None or (invoked.written and level is not None and not no_higher(said, level)):
        return None
    return said


def with_notes(result: ToolResult, invoked: Invoked, notes: Sequence[str]) -> ToolResult:
    """A Skill call's ``result`` with a line on the fields of ``invoked`` not applied."""
    if not notes:
        return result
    shown = "; ".join(notes)
    line = f"(skill '{shown_name(invoked.skill)}': not applied: {shown})"
    return replace(result, content=f"{result.content}\n\n{line}")


def skills_set_hooks(hooks: HookSet, preload: Preload) -> bool:
    """Whether some skill an agent may invoke sets ``hooks`` that ``hooks`` (the session's)
    would register: an engine then fires hooks even with none configured elsewhere."""
    if not hooks.enabled or hooks.managed_only:
        return False
    return any(sk.meta.get("hooks") is not None for sk in preload.invocable_skills())


def forked_hooks(skill: SkillFile, written: bool) -> Invoked | None:
    """What invoking a ``context: fork`` skill registers for the session: its ``hooks``
    alone (its ``model`` and ``effort`` are its sub-agent's: :mod:`~.skill_fork`); None
    when it sets none."""
    hooks = _as_json(skill.meta.get("hooks"))
    return None if hooks is None else Invoked(skill.name, str(skill.path), written, hooks=hooks)
