# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 106: "none" for asks no agent of the roster does.

Another trade's question that shares a few words with a roster still gets no agent: a shop's
policies for its buyers and the law they keep to (a returns policy legal in the EU, умови
повернення, consumer law: ``tradewords.LEGAL``), asked to be drafted even when its content
names software words (who pays return shipping: ``offtopic._drafted``); bringing new staff in
(an onboarding plan for new couriers: ``tradewords.ONBOARDING``); taking product photos
(``tradewords.PHOTO``); equipment for long coding sessions (``offtopic._beside_coder``).
Hosted store builders written by ear (шопіфай, тільда) name their platform, and what an
owner sets up in one (a cart discount) is that platform's (``offtopic._HOSTED``); a phone
app's push notifications are the phone's; an app named for a device that crashes or fails
at launch is that device's native work (``offtopic._APP_FAILS``); shoes are a shopper's
question, not a fibre expert's. Near-misses keep their agents: a returns endpoint, a
checkout discount bug in the shop's code, a product photo upload, a responsive page on
phones, a GDPR export built in code, a user's onboarding screens, a real mobile agent on a
large roster. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import asks_trade
from coordinator.routing.text import words
from tests.routing_support import Rosters, assert_routes_to

UNROUTED = [
    "draft a refund policy for our online store that works for customers in Germany and France",
    "напиши політику повернення товарів для нашого інтернет-магазину згідно з законом",
    "what should our cookie policy say if we only use analytics cookies?",
    "write a shipping policy for the shop: who pays delivery, how long it takes",
    "склади умови повернення для магазину кросівок: 14 днів, хто платить за доставку",
    "we're hiring three couriers next week, can you make an onboarding plan for them?",
    "склади план онбордингу для двох нових працівників складу на перший тиждень",
    "how to photograph jewelry on a white background with just a phone",
    "як сфотографувати сукні для каталогу щоб колір був як у житті",
    "which standing desk should I buy for long programming sessions at home?",
    "на тільді не зберігаються зміни в блоці з відгуками",
    "shopify: the free shipping discount isn't applied at checkout for orders over $50",
    "best running shoes for flat feet under $100",
]


@pytest.mark.parametrize("text", UNROUTED)
@pytest.mark.parametrize("roster", ["bundled", "0xfurai"])
def test_another_trades_ask_gets_no_agent(corpus_rosters: Rosters, text: str, roster: str) -> None:
    assert route(text, corpus_rosters[roster]).agent is None


@pytest.mark.parametrize(
    "text",
    [
        "our iOS app crashes on launch on older iPhones after the last update",
        "наш андроїд застосунок вилітає при запуску на деяких телефонах",
        "хочемо застосунок в App Store з пуш-сповіщеннями про новинки, хто зробить?",
    ],
)
def test_a_phone_app_gets_no_agent_on_a_web_roster(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent is None


@pytest.mark.parametrize(
    "text",
    [
        "draft the returns policy: 14-day withdrawal, who pays return shipping",
        "write an onboarding checklist for two new warehouse packers",
        "how do I photograph white sneakers so they don't look grey",
        "recommend an ergonomic chair for long coding sessions",
    ],
)
def test_the_trade_is_read(text: str) -> None:
    assert asks_trade(words(text))


@pytest.mark.parametrize(
    "text",
    [
        "наш чат-бот підтримки вигадує умови повернення, яких у нас немає",
        "store the refund policy text in the database so admins can edit it",
        "write an onboarding doc for new backend developers: how to run the repo locally",
        "build the user onboarding screens for new signups in our React app",
    ],
)
def test_software_work_is_no_trade(text: str) -> None:
    assert not asks_trade(words(text))


NEAR_MISSES = [
    (
        "add a returns endpoint to the orders API so customers can request a refund",
        "bundled",
        "fastapi-backend-expert",
    ),
    (
        "the 10% discount code on checkout is applied twice in our shop's cart code",
        "bundled",
        "fastapi-backend-expert",
    ),
    ("product photo upload fails with 413 on the admin page", "bundled", "fastapi-backend-expert"),
    (
        "the product page is not responsive on phones, the gallery overflows",
        "bundled",
        "react-frontend-expert",
    ),
    ("the privacy policy page returns 404 after the deploy", "bundled", "react-frontend-expert"),
    (
        "наш чат-бот підтримки вигадує умови повернення, яких у нас немає",
        "bundled",
        "llm-ml-engineer",
    ),
    (
        "our android app shows wrong prices after the API change",
        "bundled",
        "fastapi-backend-expert",
    ),
    (
        "a shopify webhook hits our server twice for the same order, how do we dedupe",
        "bundled",
        "fastapi-backend-expert",
    ),
    ("аналітикам треба щодня тягнути дані з шопіфая у бігквері", "lst97", "data-engineer"),
    (
        "our iOS app crashes on launch on older iPhones after the last update",
        "0xfurai",
        "ios-expert",
    ),
    (
        "draft a refund policy for our online store for customers in Germany",
        "voltagent",
        "legal-advisor",
    ),
    (
        "what fabric breathes best for running shirts, polyester or merino?",
        "0xfurai",
        "fiber-expert",
    ),
]


@pytest.mark.parametrize(("text", "roster", "agent"), NEAR_MISSES)
def test_near_misses_keep_their_agent(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)
