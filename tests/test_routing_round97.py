"""Round 97: VoltAgent situations said in other words than an earlier row's.

Frames (``outcomes._ROUND97_LINES``, more rows of existing frames and one new): docs that
still say what the code no longer does, told as what moved or was deleted (the docs-drift
editor's); an old system left slowly, step by step (the legacy modernizer's, also when it
runs on a platform no agent covers: ``FitChecks._leaves``); an idea or app asked about
honestly (the idea validator's); a deploy that takes the site down, wanted without
downtime (the deployment engineer's); new staff waiting for mail or Teams (the M365
admin's); churn asked about in user interviews (UX research, not a cohort chart).
Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of

from coordinator.routing.lexical import route
from tests.routing_support import Rosters

#: (request, the frame it holds, the VoltAgent agent it goes to)
SITUATIONS = [
    (
        "our getting-started guide still tells people to run yarn build but we switched to "
        "bun months ago",
        "outcomedocdrift",
        "docs-drift-editor",
    ),
    (
        "the README says the config lives in settings.ini but we moved it to env vars",
        "outcomedocdrift",
        "docs-drift-editor",
    ),
    (
        "доки вже не відповідають API після рефакторингу, онови їх під код",
        "outcomedocdrift",
        "docs-drift-editor",
    ),
    (
        "we need to slowly migrate our old Perl monolith to something maintainable",
        "outcomelegacy",
        "legacy-modernizer",
    ),
    (
        "як поступово переписати старий моноліт на PHP 5, щоб не зупиняти продажі",
        "outcomelegacy",
        "legacy-modernizer",
    ),
    ("поетапно перенести легасі систему на Java 17", "outcomelegacy", "legacy-modernizer"),
    (
        "plan to gradually move our COBOL batch jobs to something modern",
        "outcomelegacy",
        "legacy-modernizer",
    ),
    (
        "is my startup idea any good: a marketplace for used lab equipment",
        "outcomevalidate",
        "project-idea-validator",
    ),
    (
        "чесно, чи комусь потрібен застосунок для обміну книжками між сусідами?",
        "outcomevalidate",
        "project-idea-validator",
    ),
    (
        "every release takes the site offline for two minutes, how do we deploy without downtime",
        "outcomezerodowntime",
        "deployment-engineer",
    ),
    (
        "під час деплою апка недоступна хвилину, треба без простою",
        "outcomezerodowntime",
        "deployment-engineer",
    ),
    ("новенькі співробітники чекають тиждень на пошту", "outcomeprovision", "m365-admin"),
]


@pytest.mark.parametrize(("text", "joined", "agent"), SITUATIONS)
def test_the_situation_holds_its_frame(text: str, joined: str, agent: str) -> None:
    assert joined in frames_of(text)


@pytest.mark.parametrize(("text", "joined", "agent"), SITUATIONS)
def test_the_situation_goes_to_its_agent(
    corpus_rosters: Rosters, text: str, joined: str, agent: str
) -> None:
    decision = route(text, corpus_rosters["voltagent"])
    assert decision.agent == agent, decision.reason


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("write a README for our new open source CLI from scratch", "readme-generator"),
        ("напиши README для нового пакета", "readme-generator"),
        ("migrate our postgres 13 database to postgres 16 with minimal downtime", "postgres-pro"),
        ("split the checkout into its own microservice", "microservices-architect"),
        ("roast my landing page copy", "landing-page-copywriter"),
        ("our marketing emails land in spam at gmail", "email-deliverability-engineer"),
        ("build a cohort retention chart of users by signup month", "cohort-analysis"),
        ("plan user interviews to find out why customers cancel after the trial", "ux-researcher"),
    ],
)
def test_near_misses_keep_their_agent(corpus_rosters: Rosters, text: str, agent: str) -> None:
    assert route(text, corpus_rosters["voltagent"]).agent == agent


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("is it a good idea to use redis for sessions in our app?", "outcomevalidate"),
        ("the site is down right now, 502 everywhere, help", "outcomezerodowntime"),
        ("сайт лежить з ранку, що робити", "outcomezerodowntime"),
        ("gradually roll out the new pricing feature to 10% of users", "outcomelegacy"),
        ("write a README for our new open source CLI from scratch", "outcomedocdrift"),
    ],
)
def test_near_misses_make_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


def test_a_mainframe_without_a_move_stays_uncovered(corpus_rosters: Rosters) -> None:
    """A COBOL job to write, not to leave, is still a platform no VoltAgent agent covers."""
    decision = route(
        "write a COBOL program that reads a fixed-width file", corpus_rosters["voltagent"]
    )
    assert decision.agent is None
