# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 118: a role agent's work asked in a few words.

On rosters with role agents (VoltAgent, lst97) a short ask names the role's act and little
else, and the words around it pulled a technology agent or a neighbour. The act asked
decides (``outcomes._ROUND118_LINES``, acts in ``acts.py``): customers who leave, asked how
to keep them, are customer success's, not a cohort to count (``outcomekeepclients``); a
palette and control styles the whole team reuses is the UI designer's design system, not a
component to code (``outcomepalette``); two features asked which first, with the team's
small size or budget, is the product manager's call (``outcomewhichfirst``); a help page
telling staff how to use the admin is a guide for people, not API docs
(``outcomestaffguide``); a system already split into services, asked whether the split is
sound, is the architecture's review (``outcomesplitcheck``). Near misses keep their agents.
Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.routing import outcomes
from coordinator.routing.lexical import route, router_for
from tests.kit import frame_names, frames_of
from tests.routing_support import Rosters, assert_routes_to

ASKED = [
    # (roster, request, frame, agent)
    (
        "voltagent",
        "users churn right after the trial ends. how to retain them?",
        "outcomekeepclients",
        "customer-success-manager",
    ),
    (
        "voltagent",
        "our subscribers leave us after the first month, how do we keep them",
        "outcomekeepclients",
        "customer-success-manager",
    ),
    (
        "voltagent",
        "клієнти відвалюються після тріалу, як їх втримати",
        "outcomekeepclients",
        "customer-success-manager",
    ),
    (
        "voltagent",
        "як утримати клієнтів, які відписуються після першого місяця",
        "outcomekeepclients",
        "customer-success-manager",
    ),
    (
        "lst97",
        "we need one colour palette and input styles the whole team reuses",
        "outcomepalette",
        "ui-designer",
    ),
    (
        "lst97",
        "need shared fonts, colors and icon styles for the team",
        "outcomepalette",
        "ui-designer",
    ),
    (
        "voltagent",
        "need a palette and button styles everyone reuses across our apps",
        "outcomepalette",
        "ui-designer",
    ),
    (
        "lst97",
        "wishlist or loyalty points first? tiny startup",
        "outcomewhichfirst",
        "product-manager",
    ),
    (
        "lst97",
        "що першим запускати: програму лояльності або доставку? бюджет малий",
        "outcomewhichfirst",
        "product-manager",
    ),
    (
        "voltagent",
        "dark mode or reviews first, we are two developers",
        "outcomewhichfirst",
        "product-manager",
    ),
    (
        "lst97",
        "help page for our managers on how to use the admin panel",
        "outcomestaffguide",
        "documentation-expert",
    ),
    (
        "lst97",
        "інструкція для операторів як працювати в црм",
        "outcomestaffguide",
        "documentation-expert",
    ),
    (
        "voltagent",
        "a short manual for staff on using the backoffice",
        "outcomestaffguide",
        "documentation-engineer",
    ),
    (
        "lst97",
        "we split the monolith into 6 services, does it look sane? diagram attached",
        "outcomesplitcheck",
        "architect-reviewer",
    ),
    (
        "lst97",
        "розбили бекенд на мікросервіси, подивись чи правильно",
        "outcomesplitcheck",
        "architect-reviewer",
    ),
    (
        "voltagent",
        "we split the app into services, is the boundary right? take a look",
        "outcomesplitcheck",
        "architect-reviewer",
    ),
]


@pytest.mark.parametrize(("roster", "text", "joined", "agent"), ASKED)
def test_a_short_ask_holds_its_frame(roster: str, text: str, joined: str, agent: str) -> None:
    assert joined in frames_of(text)


@pytest.mark.parametrize(("roster", "text", "joined", "agent"), ASKED)
def test_the_act_asked_decides(
    corpus_rosters: Rosters, roster: str, text: str, joined: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


def test_the_round_defines_its_frames() -> None:
    assert frame_names(outcomes._ROUND118_LINES) == {
        "outcomekeepclients",
        "outcomepalette",
        "outcomewhichfirst",
        "outcomestaffguide",
        "outcomesplitcheck",
    }


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # users leaving a page, a tab, a party: no customers kept
        (
            "how to keep users logged in when they leave the page and come back",
            "outcomekeepclients",
        ),
        ("гості йдуть з вечірки рано, як їх втримати", "outcomekeepclients"),
        # code that everyone reuses names no palette
        ("write a React Button component with tailwind that everyone reuses", "outcomepalette"),
        # which first with no team size or budget: no product call
        ("чи можна спочатку задеплоїти на стейдж, команда питає", "outcomewhichfirst"),
        ("python or javascript first for a beginner", "outcomewhichfirst"),
        # the admin broken for managers: no guide asked
        ("the admin panel throws 500 when managers open orders", "outcomestaffguide"),
        # a split asked for, not checked
        ("how should we split our backend into services", "outcomesplitcheck"),
    ],
)
def test_a_near_miss_makes_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


@pytest.mark.parametrize(
    ("roster", "text", "agent"),
    [
        # users counted, not kept: the cohort's
        (
            "voltagent",
            "how many customers leave after the first month? build a retention chart by "
            "signup month",
            "cohort-analysis",
        ),
        # a component coded: the code's agent
        ("lst97", "write a React Button component with tailwind that everyone reuses", "react-pro"),
        # partners' API docs stay the API documenter's
        ("lst97", "document our REST API endpoints for partner developers", "api-documenter"),
        # a split into modules is no services' review
        (
            "lst97",
            "split this 2000-line service class into modules and check nothing breaks",
            "backend-architect",
        ),
        # a bug triaged is the debugger's, not a product call
        ("lst97", "should I fix the login bug or the payment error first", "debugger"),
    ],
)
def test_a_near_miss_keeps_its_agent(
    corpus_rosters: Rosters, roster: str, text: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


@pytest.mark.parametrize(
    "text",
    [
        "на море чи в гори спершу поїхати, бюджет маленький",
        "our students quit the yoga course after a month, how to keep them",
        "хочу перефарбувати кухню, підбери палітру кольорів і стиль ручок для всієї родини",
    ],
)
def test_everyday_life_stays_unrouted(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["voltagent"]).agent is None


def test_a_roster_without_the_roles_fires_none_of_them(corpus_rosters: Rosters) -> None:
    unserved = router_for(corpus_rosters["0xfurai"]).unserved_frames
    assert frame_names(outcomes._ROUND118_LINES) <= unserved
    served = router_for(corpus_rosters["lst97"]).unserved_frames
    assert "outcomewhichfirst" not in served
