# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 102: large rosters, an agent picked on one incidental word.

On a large roster a pick whose score the request's everyday words give (chaos, games, a
team, the boss, notes, a schedule, accounts, software, texts, clients: ``senses.
everyday_jargon``), with the loose stems only they stand for, and little else, was chosen by
those words, not by the request's situation (``SituationPicks._everyday_pick``, on
``Scorer.everyday_split``): the candidate of the situation the request names takes it, or,
when the request names nothing only software has, no agent does (``Chooser.
_situation_pick``). Words read by sense: experience is no experiment (``stems.stem_en``),
працює is no price by its sound (``senses.common_uk_terms``), holes in a site are security
holes (``vocab.SENSES``), texts sent to people are SMS and staff's work accounts single
sign-on (``concepts._R102_PHRASE_LINES``). Requests here are constructed, not taken from a
set."""

from __future__ import annotations

import pytest

from coordinator.routing import concepts
from coordinator.routing.lexical import route, router_for
from coordinator.routing.senses import common_uk_terms, everyday_jargon
from coordinator.routing.text import term_list, words
from tests.routing_support import Rosters, assert_routes_to


def _term(word: str) -> str:
    return term_list(word)[0]


@pytest.mark.parametrize(
    "word", ["chaos", "хаос", "games", "team", "boss", "notes", "schedule", "accounts", "software"]
)
def test_everyday_words_that_rosters_hold_as_jargon(word: str) -> None:
    assert _term(word) in everyday_jargon()


@pytest.mark.parametrize("word", ["week", "months", "go", "rest", "kubernetes", "checkout"])
def test_periods_technologies_and_domain_words_are_no_everyday_words(word: str) -> None:
    assert _term(word) not in everyday_jargon()


def test_experience_is_no_experiment() -> None:
    assert _term("experience") != _term("experiment")
    assert _term("experiments") == _term("experimental") == _term("експериментальними")
    assert _term("user experience".split()[1]) == _term("experienced")


def test_an_everyday_ukrainian_word_stands_for_no_roster_term_by_sound(
    corpus_rosters: Rosters,
) -> None:
    assert _term("працює") in common_uk_terms()
    query = router_for(corpus_rosters["voltagent"]).query("кнопка не працює після оновлення")
    assert "price" not in query.weights


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("can you check the site for holes before launch", True),
        ("our login has holes, someone got in", True),
        ("my socks have holes after a month", False),
        ("the road in front of the office has holes", False),
    ],
)
def test_holes_in_software_are_security_holes(
    corpus_rosters: Rosters, text: str, read: bool
) -> None:
    query = router_for(corpus_rosters["lst97"]).query(text)
    assert ("vulnerabil" in query.weights) is read


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("we send a text message when the parcel ships", "sms"),
        ("reminders go out as texts and emails every morning", "sms"),
        ("staff should only use their work google accounts", "workaccounts"),
        ("дозволити вхід лише через корпоративні акаунти", "workaccounts"),
    ],
)
def test_phrases_that_choose_a_sense(text: str, joined: str) -> None:
    assert joined in concepts.phrases(words(text))


#: (request, roster): nothing but everyday words point at an agent: no agent fits.
EVERYDAY = [
    ("help me plan our team retreat: a venue, two days of schedule and a few games", "voltagent"),
    ("our team wants a board game night, which games are good for 6 people?", "lst97"),
    ("our team needs a weekly standup schedule that suits people in Lviv and Toronto", "0xfurai"),
    ("which accounting software should a small family shop use?", "0xfurai"),
    ("what accounting software do small shops in Ukraine usually use?", "lst97"),
    ("в офісі повний хаос з паперами, як навести лад?", "voltagent"),
    ("шеф просить скласти розклад зустрічей на наступний тиждень", "voltagent"),
    ("my client wants a discount, how should I answer politely?", "0xfurai"),
    ("як пояснити клієнту що знижки не буде?", "voltagent"),
]


@pytest.mark.parametrize(("text", "roster"), EVERYDAY)
def test_everyday_words_carry_no_pick(corpus_rosters: Rosters, text: str, roster: str) -> None:
    decision = route(text, corpus_rosters[roster])
    assert decision.agent is None, decision.agent


def test_the_reason_quotes_the_everyday_words(corpus_rosters: Rosters) -> None:
    decision = route(EVERYDAY[0][0], corpus_rosters["voltagent"])
    assert "everyday words" in decision.reason
    assert '"games"' in decision.reason


#: (request, roster, agent): the situation the request names, not its everyday word.
SITUATIONS = [
    (
        "every morning we push a reminder through aws to customers by text and email, some "
        "never get it",
        "0xfurai",
        "sns-expert",
    ),
    ("send a text message to customers when their order ships", "0xfurai", "sns-expert"),
    (
        "the product search on our store runs on elastic and returns shoes when people type shirt",
        "0xfurai",
        "elasticsearch-expert",
    ),
    ("can you check our web app for security holes before launch?", "lst97", "security-auditor"),
    (
        "let our employees sign in to the internal portal with their microsoft work accounts",
        "0xfurai",
        "oauth-oidc-expert",
    ),
]


@pytest.mark.parametrize(("text", "roster", "agent"), SITUATIONS)
def test_the_situation_takes_the_request(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


#: (request, roster, agent): the everyday word said in its field's sense, with its field.
NEAR_MISSES = [
    (
        "plan a chaos engineering game day: kill a pod in staging and check that failover works",
        "voltagent",
        "chaos-engineer",
    ),
    (
        "запусти хаос-експерименти на стейджингу: вбити поди й подивитись чи сервіс підніметься",
        "voltagent",
        "chaos-engineer",
    ),
    ("perl script that parses text log files and counts errors per hour", "0xfurai", "perl-expert"),
    (
        "Stripe Connect: create express accounts for our sellers and pay them out weekly",
        "0xfurai",
        "stripe-expert",
    ),
    ("celery beat schedule doesn't run my periodic task at midnight", "0xfurai", "celery-expert"),
    (
        "build a slack bot that posts the daily standup notes into a channel",
        "voltagent",
        "slack-expert",
    ),
    (
        "we need a project schedule with milestones for the app launch and who owns what",
        "voltagent",
        "project-manager",
    ),
    ("unity: my game stutters when spawning 200 enemies at once", "voltagent", "game-developer"),
    ("text classification of support tickets into 12 categories", "voltagent", "nlp-engineer"),
    (
        "the discount code works in the cart but the checkout charges the full price",
        "voltagent",
        "payment-integration",
    ),
    (
        "go fiber app: the request logger middleware never sees the status code",
        "0xfurai",
        "go-expert",
    ),
    (
        "compare how many people who signed up in march still come back each week with april's "
        "signups",
        "voltagent",
        "cohort-analysis",
    ),
    ("cotton or linen for a summer shirt, which breathes better?", "0xfurai", "fiber-expert"),
]


@pytest.mark.parametrize(("text", "roster", "agent"), NEAR_MISSES)
def test_near_misses_keep_their_agent(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


def test_the_split_gives_the_everyday_words_their_share(corpus_rosters: Rosters) -> None:
    router = router_for(corpus_rosters["voltagent"])
    query = router.query(EVERYDAY[0][0])
    chaos = router.index_of["chaos-engineer"]
    totals, fired = router.scores(query)
    low, high = router.everyday_split(chaos, query, fired.get(chaos, ()), everyday_jargon())
    assert low + high == pytest.approx(totals[chaos])
    assert low > high
