# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 107: on the bundled web shop, an everyday symptom goes to the layer its cause
lives in, not the layer its words name.

Frames (``outcomes._ROUND107_LINES``): a report counting orders twice through a join is the
query's; two buyers taking the last item at once is a race over stock rows (and no everyday
errand, whatever the item is); unit tests of a service's calculation are the backend's; a
list whose statuses all look the same grey is a badge's colour, not a duplicate; restoring
production to any moment of the last days is point-in-time backups; product attributes kept
in a jsonb column are schema, not a catalog filter; a new domain the old one redirects to is
DNS and the web server; FastAPI's "field required" 422 is the request model's; a result kept
in Redis for minutes is the backend's cache; a column with a default added to a table of
millions of rows is a migration; support mail sorted into returns and delivery is the
model's; work moved to a background job answering 202, or a PDF generation that hangs the
request, is the backend's. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of, situation_tests

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route

BACKEND = "fastapi-backend-expert"
FRONTEND = "react-frontend-expert"
DATABASE = "database-engineer"
DEVOPS = "devops-expert"
LLM = "llm-ml-engineer"

#: (request, the frame it holds, the bundled agent it goes to)
SITUATIONS = [
    (
        "the sales report shows some orders twice since I added the join on payments",
        "outcomejoindupes",
        DATABASE,
    ),
    (
        "у місячному звіті деякі замовлення рахуються двічі, підозрюю join з оплатами",
        "outcomejoindupes",
        DATABASE,
    ),
    ("write unit tests for the shipping cost calculation service", "outcomeunittest", BACKEND),
    (
        "покрий тестами сервіс розрахунку знижок, юніт тести на граничні випадки",
        "outcomeunittest",
        BACKEND,
    ),
    (
        "в адмінці в таблиці замовлень всі статуси однакові, хочу щоб скасовані підсвічувались "
        "червоним",
        "outcomestatusbadge",
        FRONTEND,
    ),
    (
        "власник хоче гарантію, що ми зможемо відновити прод базу на будь-який момент за "
        "останній тиждень",
        "outcomepitr",
        DEVOPS,
    ),
    ("we bought a new domain, the old one should redirect to it", "outcomedomainmove", DEVOPS),
    ("переїжджаємо на новий домен, старий має редіректити на новий", "outcomedomainmove", DEVOPS),
    (
        "422 unprocessable entity from fastapi, field required loc body email, but the form "
        "sends email",
        "outcomefield422",
        BACKEND,
    ),
    (
        "the homepage bestsellers query runs on every request, cache it in redis for 10 minutes",
        "outcomecachefor",
        BACKEND,
    ),
    (
        "the export endpoint times out behind nginx after 60s, make it a background job that "
        "returns 202 and a status url",
        "outcomeoffload",
        BACKEND,
    ),
    (
        "two customers checked out the last jacket at the same time and both orders went "
        "through, we oversold",
        "outcomeoversell",
        DATABASE,
    ),
    (
        "can we keep product attributes in a jsonb column and filter by colour fast?",
        "outcomeattrstore",
        DATABASE,
    ),
    (
        "додали колонку з дефолтом у таблицю на 40 млн рядків і деплой висів пів години",
        "outcomebigcolumn",
        DATABASE,
    ),
    (
        "хочемо додавати до товарів мітки, у товару може бути кілька, менеджер створює нові",
        "outcometagfilter",
        DATABASE,
    ),
]

test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("run the unit tests in CI on every pull request", "outcomeunittest"),
        ("show the order status as a colored badge in the list", "outcometwice"),
        ("how do I redirect my mail to a new address at my internet provider", "outcomedomainmove"),
        ("the ssl certificate on the new domain has expired", "outcomedomainmove"),
        ("add redis caching to the product endpoint", "outcomecachefor"),
        ("on the old servers of the domain there is still PowerShell 5.1", "outcomedomainmove"),
    ],
)
def test_near_miss_makes_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("nginx returns 504 gateway timeout on /api, raise proxy_read_timeout", DEVOPS),
        ("the orders report query takes 30 seconds, here is the EXPLAIN", DATABASE),
        ("set up nightly pg_dump backups of the database to S3", DEVOPS),
        ("add filters by size and color to the catalog page", FRONTEND),
        ("add an index on order_items.product_id, the join is slow", DATABASE),
        ("run the unit tests in CI on every pull request", DEVOPS),
        ("show the order status as a colored badge in the list", FRONTEND),
        ("customers got the confirmation email twice after the retry", BACKEND),
        ("the ssl certificate on the new domain has expired", DEVOPS),
        ("the checkout form doesn't show the validation error under the field", FRONTEND),
        ("classify product reviews into positive and negative with an llm", LLM),
        ("відкоти реліз, після деплою все лежить", DEVOPS),
    ],
)
def test_near_misses_keep_their_agent(bundled: Registry, text: str, agent: str) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize(
    "text",
    [
        "my sneakers got wet, how do I dry them fast",
        "how do I redirect my mail to a new address at my internet provider",
    ],
)
def test_everyday_stays_none(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent is None
