# ruff: noqa: RUF001 - Ukrainian requests
"""Round 98: "none" from evidence that names no agent's work.

An app asked to be made for a device no agent builds for (a mobile or desktop app, one for
the app stores) is no web roster's unless the request names a side the roster serves; short
glossary stems no longer swallow other words (лого is a logo, not logs); other trades'
questions read through their own words (a rota of shifts, what a developer earns, a hire, a
social post, a contract template, "just ideas, not code"); an analyst's notebook is a
platform; on a small roster a near tie on words most agents hold, at a low score, is no
fit. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.text import term_list
from tests.routing_support import Rosters


@pytest.mark.parametrize(
    ("word", "term"),
    [
        ("лого", "logo"),
        ("логом", "log"),
        ("логи", "log"),
        ("логах", "log"),
        ("висновок", "conclusion"),
        ("висне", "hang"),
        ("класти", "put"),
        ("класи", "class"),
        ("копійки", "cent"),
        ("копію", "copy"),
        ("листівки", "postcard"),
        ("листи", "email"),
        ("поділити", "split"),
        ("події", "event"),
        ("подів", "pod"),
        ("слати", "send"),
        ("слаці", "slack"),
        ("чергувань", "oncall"),
        ("черги", "queu"),
    ],
)
def test_a_short_stem_keeps_to_its_own_word(word: str, term: str) -> None:
    assert term_list(word)[0] == term


#: Off-topic requests sharing everyday words with the bundled roster's agents.
NONE_ON_BUNDLED = [
    # an app asked to be made for a device the roster has no agent for
    "make us a mobile app for the bakery with a loyalty card",
    "зробіть нам застосунок під андроїд для кур'єрів",
    "хочемо мобільний додаток для нашої кав'ярні з бонусами, хто зробить?",
    "We need a native desktop app for our accountants",
    "зробіть десктопний застосунок для складу під віндовс",
    "we want an app in the App Store and Google Play for our gym",
    "who in the team can build us an iPhone app for the loyalty card?",
    # another trade's question
    "зроби нам лого для магазину",
    "make us a logo for the bakery",
    "what's a good colour scheme for a flower shop logo, ideas only, not code",
    "Make a shift schedule for our three baristas",
    "склади графік змін для касирів на січень",
    "what should a junior frontend developer earn in Lviv these days?",
    "скільки заробляє сеньйор бекенд розробник у Польщі?",
    "write a job ad for a react developer, remote, full time",
    "plan a team building day for our 10 developers",
    "write an instagram post announcing our summer sale",
    "шаблон договору з підрядником, перевір будь ласка",
    "design a business card for our sales manager",
    "what laptop should our new backend developer get?",
    # an analyst's notebook
    "jupyter notebook: plot weekly signups by cohort from the csv export",
    # a near tie on words most agents hold
    "how much should we pay a developer from Kharkiv?",
    "is it worth paying a developer per hour or per project?",
    "скільки платити мідл розробнику в Києві?",
]


@pytest.mark.parametrize("text", NONE_ON_BUNDLED)
def test_no_agent_fits(bundled: Registry, text: str) -> None:
    decision = route(text, bundled)
    assert decision.agent is None, (decision.agent, decision.matched)


#: Near misses: the same everyday words where the bundled roster's agent fits.
KEEPS_AGENT = [
    ("the mobile app team needs a way to get the list of orders", "fastapi-backend-expert"),
    (
        "створіть ендпоінт для мобільного застосунку, щоб він отримував замовлення",
        "fastapi-backend-expert",
    ),
    ("our desktop app calls the api and gets 500 on every save", "fastapi-backend-expert"),
    ("зроби кнопку на сайті більшою на мобільному", "react-frontend-expert"),
    ("add App Store and Google Play badges to the footer", "react-frontend-expert"),
    ("додай лого в шапку сайту", "react-frontend-expert"),
    ("the logo on the checkout page is stretched on phones", "react-frontend-expert"),
    ("логи контейнера пропадають після рестарту", "devops-expert"),
    ("where do I see the logs of the worker after it crashed?", "devops-expert"),
    ("set up a schedule for nightly database backups", "devops-expert"),
    ("the vacation requests table needs a column for the approver", "database-engineer"),
    ("звіт по зарплатах в адмінці рахується хвилину", "database-engineer"),
    ("our celery workers die after an hour", "fastapi-backend-expert"),
    ("load our prompt in jupyter and compare gpt answers", "llm-ml-engineer"),
    ("the hiring form on our careers site doesn't submit", "react-frontend-expert"),
]


@pytest.mark.parametrize(("text", "agent"), KEEPS_AGENT)
def test_keeps_its_agent(bundled: Registry, text: str, agent: str) -> None:
    decision = route(text, bundled)
    assert decision.agent == agent, decision.reason


def test_a_near_tie_on_shared_words_says_why(bundled: Registry) -> None:
    decision = route("how much should we pay a developer from Kharkiv?", bundled)
    assert "ties with react-frontend-expert on words most agents share" in decision.reason


@pytest.mark.parametrize(
    ("roster", "text", "agent"),
    [
        # a roster with a mobile developer keeps a phone's app (the platform is covered)
        ("voltagent", "make us a mobile app for the bakery with a loyalty card", None),
        ("lst97", "зробіть нам застосунок під андроїд для кур'єрів", "mobile-developer"),
        # a roster describing brands keeps a logo (the trade is covered)
        ("voltagent", "зроби нам лого для магазину", "visual-asset-generator"),
    ],
)
def test_a_roster_that_covers_it(
    corpus_rosters: Rosters, roster: str, text: str, agent: str | None
) -> None:
    decision = route(text, corpus_rosters[roster])
    if agent is None:
        assert decision.agent is not None
    else:
        assert decision.agent == agent


@pytest.mark.parametrize(
    ("roster", "text"),
    [
        ("0xfurai", "напиши пост у тікток про знижки на вихідних"),
        ("0xfurai", "Give me ideas for a team building event for 12 developers"),
        ("lst97", "склади графік змін для касирів на січень"),
        ("lst97", "what should a junior frontend developer earn in Lviv these days?"),
    ],
)
def test_stays_none_elsewhere(corpus_rosters: Rosters, roster: str, text: str) -> None:
    assert route(text, corpus_rosters[roster]).agent is None
