"""Routing past the agents an ``Agent(NAME)`` deny (or ask) rule keeps from running.

Claude Code's sub-agents page ("Disable specific subagents") lets ``permissions.deny``
name a sub-agent, ``Agent(NAME)`` (``Task(NAME)``: the tool's old name). coord honours it
where a run starts (:meth:`~coordinator.runtime.permissions.PermissionRules.agent_rule`);
here the choice itself passes over such an agent: ``coord route`` and ``coord run``
(:func:`route_allowed`) and a routed request in the engine choose the best agent the rules
allow, and the decision's reason names the agent passed over, the rule and its file
(:data:`PASSED_OVER`). The router's scores are not touched: the best fit among the agents
left is asked of the same index (:meth:`~coordinator.routing.choice.Chooser.best_fit_among`,
the user's own agents first, as :func:`~coordinator.routing.lexical.route` prefers them).
When none is left (or none fitted), ``coord run`` and the engine raise
:func:`~coordinator.routing.lexical.no_agent_fits`.

:func:`may_deny_agents` is the cheap look that keeps ``coord route``'s start light: it
reads the settings files as JSON and says whether any deny or ask list holds a rule on the
Agent tool; only then are the rules read whole (the permissions module and its shell
reading, a tenth of a second to import).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from coordinator.roster.registry import Registry
from coordinator.routing.decision import RouteDecision
from coordinator.runtime.agent_tool import AGENT_TOOLS, settings_layers

#: What the reason of a decision that passed over a denied agent begins with.
PASSED_OVER = "passed over "
#: Says which rule keeps an agent from running (its label), or None when none does.
Refused = Callable[[str], str | None]


def may_deny_agents(workspace: Path, home: Path | None = None) -> bool:
    """Whether a deny or ask list of the settings for ``workspace`` may hold a rule on the
    Agent tool (``Agent``, ``Agent(NAME)``, ``Task…``): a file that is no JSON object
    counts (its reader decides), a missing one does not."""
    from coordinator.claude_home import MANAGED_SETTINGS, claude_home, read_managed

    user = claude_home(home or Path.home()).settings
    unread: list[Path] = []
    for path in settings_layers(workspace, user, MANAGED_SETTINGS):
        if path == MANAGED_SETTINGS:
            data = read_managed(path, lambda p: _json(p, unread))
        else:
            data = _json(path, unread)
        if unread or _agent_rules_in(data):
            return True
    return False


def _json(path: Path, unread: list[Path]) -> Any:
    """``path`` as a JSON object; None when it is missing, and ``unread`` gets it when it
    is there but cannot be read as one (its reader refuses it)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        unread.append(path)
        return None
    import json

    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        unread.append(path)
        return None
    return data


def _agent_rules_in(data: object) -> bool:
    """Whether ``data`` (a settings file) lists a deny or ask rule whose tool part is an
    :data:`AGENT_TOOLS` name (or a list that is not one: its reader decides)."""
    block = data.get("permissions") if isinstance(data, dict) else None
    if not isinstance(block, dict):
        return False
    for key in ("deny", "ask"):
        rules = block.get(key)
        if rules is None:
            continue
        if not isinstance(rules, list):
            return True
        if any(not isinstance(r, str) or r.split("(")[0].strip() in AGENT_TOOLS for r in rules):
            return True
    return False


def route_allowed(request: str, registry: Registry, refused: Refused) -> RouteDecision:
    """The router's decision for ``request`` over ``registry``, or, when ``refused`` names
    a rule keeping its agent from running, :func:`past_refused`'s; as shown to the user,
    its ``also`` naming none ``refused`` names a rule for."""
    from coordinator.routing.lexical import route

    return _also_allowed(
        past_refused(request, registry, route(request, registry), refused), refused
    )


def route_shown(request: str, registry: Registry, workspace: Path) -> RouteDecision:
    """The decision ``coord route`` and the MCP server's ``route`` tool show for
    ``request``: :func:`route_allowed`'s under the rules of ``workspace``'s settings, which
    are read whole only when :func:`may_deny_agents` (else the router's own)."""
    from coordinator.routing.lexical import route

    decision = route(request, registry)
    if decision.agent is None or not may_deny_agents(workspace):
        return decision
    from coordinator.runtime.permission_files import load_permissions

    refused = load_permissions(workspace).refused_agent
    return _also_allowed(past_refused(request, registry, decision, refused), refused)


def _also_allowed(decision: RouteDecision, refused: Refused) -> RouteDecision:
    """``decision`` with its ``also`` (read only here: the engine reads none) naming no
    agent ``refused`` names a rule for."""
    decision.also = [a for a in decision.also if refused(a) is None]
    return decision


def past_refused(
    request: str, registry: Registry, decision: RouteDecision, refused: Refused
) -> RouteDecision:
    """``decision`` (the router's on ``request``) when its agent may run; else the best
    fit among the agents ``refused`` lets run (the user's own first, when the roster holds
    both kinds), its reason saying who was passed over, by which rule; else no agent, the
    reason saying so. ``also`` names none a rule refuses."""
    chosen = decision.agent
    rule = None if chosen is None else refused(chosen)
    if chosen is None or rule is None:
        return decision
    from coordinator.routing.decision import NO_FIT
    from coordinator.routing.lexical import router_for

    allowed = frozenset(n for n in registry.agents if n != chosen and refused(n) is None)
    router = router_for(registry)
    picked = None
    for names in _preferred(allowed, registry.own_names()):
        picked = router.best_fit_among(request, names, decision)
        if picked is not None:
            break
    said = f"{PASSED_OVER}{chosen} ({decision.score:.2f}): the rule {rule} refuses it"
    if picked is None:
        return RouteDecision(
            agent=None,
            candidates=decision.candidates,
            reason=f"{NO_FIT}the best fit, {said}, and no other fits",
            coverage=decision.coverage,
        )
    picked.reason = f"{said}; {picked.agent} fits ({picked.score:.2f})"
    picked.also = [a for a in picked.also if a != chosen and refused(a) is None]
    return picked


def _preferred(allowed: frozenset[str], own: frozenset[str]) -> Iterable[frozenset[str]]:
    """The sets of agents to look for a fit in, in order: the user's own allowed ones (a
    roster holding both kinds), then every allowed one."""
    mine = allowed & own
    if mine:
        yield mine
    yield allowed
