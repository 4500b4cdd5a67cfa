# ruff: noqa: RUF001 - Ukrainian requests
"""Round 103: the bundled web shop's everyday words name the layer that does the work.

Frames (``outcomes._ROUND103_LINES``): search that finds goods by meaning even without
the words written; a bot that forgets what was said earlier; an "ask AI" button answering
from the shop's own descriptions; tags on goods, many of them and the other way round, or
goods marked with labels to filter by; a copy of the shop to try a campaign on before real
buyers see it; a status shown as a coloured pill; a layout spilling off a phone's screen; a
huge script bundle beside a slow first load; a page that hangs until an email goes; a
revenue that counts cancelled orders or a query called wrong about it; rows doubled by a
join; one request followed through the layers; the API asked for a list in pages; tests
to run on a pull request by themselves; a payment provider's callback. Beside them: a
Ukrainian колбек is software (a bank named beside it is no everyday life), a store of data
"backed up" is its backup, a team's holiday schedule laid out in a table is a rota, a report
for investors is no bundled agent's, and "хочу" asks for an app to be made. Requests here
are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of, situation_tests

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.text import words

BACKEND = "fastapi-backend-expert"
FRONTEND = "react-frontend-expert"
DATABASE = "database-engineer"
DEVOPS = "devops-expert"
LLM = "llm-ml-engineer"

#: (request, the frame it holds, the bundled agent it goes to)
SITUATIONS = [
    (
        "we want search where 'gift for a dad who likes fishing' finds rods and tackle boxes "
        "even though those words aren't in the titles",
        "outcomemeaning",
        LLM,
    ),
    (
        "хочемо пошук, де на «подарунок для бабусі» вилазять пледи і чашки, навіть якщо таких "
        "слів у назві нема",
        "outcomemeaning",
        LLM,
    ),
    (
        "the shop's chat bot forgets the customer's shoe size after a few messages",
        "outcomebotmemory",
        LLM,
    ),
    (
        "бот у телеграмі після кількох повідомлень забуває, що клієнт писав на початку",
        "outcomebotmemory",
        LLM,
    ),
    (
        "we want an «ask AI» button on the product page that answers from our own product "
        "descriptions",
        "outcomeragbot",
        LLM,
    ),
    (
        "хочемо кнопку «спитати ШІ» на товарі, щоб відповідало по описах і характеристиках",
        "outcomeragbot",
        LLM,
    ),
    (
        "a blog post can have lots of tags and a tag sits on many posts, how should we store that",
        "outcomemany",
        DATABASE,
    ),
    (
        "один клієнт може мати купу тегів, і навпаки — як це розкласти в базі?",
        "outcomemany",
        DATABASE,
    ),
    (
        "we want customers to pin favourite recipes into several lists, a list holds many "
        "items. which tables do we need?",
        "outcomemany",
        DATABASE,
    ),
    (
        "хочемо позначати статті мітками «гайд», «новина» і потім фільтрувати по них",
        "outcometagfilter",
        DATABASE,
    ),
    (
        "our dashboard's revenue number includes cancelled orders, the query must be wrong",
        "outcomeanalystcount",
        DATABASE,
    ),
    (
        "продажі в звіті рахують і скасовані замовлення теж, щось не так із запитом",
        "outcomeanalystcount",
        DATABASE,
    ),
    (
        "analyst here: joining orders with addresses gives me duplicate rows",
        "outcomejoindupes",
        DATABASE,
    ),
    (
        "аналітик: коли з'єдную замовлення з адресами, отримую дублікати рядків",
        "outcomejoindupes",
        DATABASE,
    ),
    (
        "щомісячний звіт по виручці відкривається майже дві хвилини, директор уже злий",
        "outcomeslowreport",
        DATABASE,
    ),
    (
        "the admin tab freezes on 80k orders, we need the API to return them page by page",
        "outcomeapipages",
        BACKEND,
    ),
    (
        "список клієнтів в адмінці тягне 20 тисяч записів за один раз, хай бекенд віддає "
        "сторінками",
        "outcomeapipages",
        BACKEND,
    ),
    (
        "монобанк шле колбек на наш сервер, а ми відповідаємо 404 і замовлення висить неоплаченим",
        "outcomecallback",
        BACKEND,
    ),
    (
        "Wayforpay callback comes to us and fails with 404, so orders never flip to paid",
        "outcomecallback",
        BACKEND,
    ),
    (
        "after pressing «Надіслати» the form hangs until the welcome email is delivered",
        "outcomeoffload",
        BACKEND,
    ),
    (
        "сторінка кошика висить секунд 20, поки не піде лист з підтвердженням",
        "outcomeoffload",
        BACKEND,
    ),
    (
        "marketing wants their own copy of the shop to try the Easter sale before real "
        "customers see it",
        "outcomepreview",
        DEVOPS,
    ),
    (
        "можна зробити копію магазину, де маркетинг спробує новорічну акцію перед запуском для "
        "реальних покупців?",
        "outcomepreview",
        DEVOPS,
    ),
    (
        "I'd like to follow one checkout request through the browser, the API and Postgres to "
        "see where 5 seconds are lost",
        "outcometracepath",
        DEVOPS,
    ),
    (
        "хочу простежити шлях запиту через фронт, бекенд і базу, бо десь губиться 4 секунди",
        "outcometracepath",
        DEVOPS,
    ),
    (
        "make the unit tests run automatically whenever someone opens a pull request",
        "outcomecigate",
        DEVOPS,
    ),
    (
        "хочу щоб тести запускались самі, коли хтось відкриває пул реквест, бо мерджать зламане",
        "outcomecigate",
        DEVOPS,
    ),
    (
        "uploads over 10MB fail with 413 from nginx even though FastAPI allows bigger files",
        "outcomeproxyerror",
        DEVOPS,
    ),
    (
        "can the payment status be a small colored pill — green paid, red failed, grey pending?",
        "outcomestatusbadge",
        FRONTEND,
    ),
    (
        "покажіть статус доставки кольоровою плашкою: зелена доставлено, жовта в дорозі",
        "outcomestatusbadge",
        FRONTEND,
    ),
    (
        "on an iPhone mini the checkout button gets cut off on the right edge",
        "outcomesmallscreen",
        FRONTEND,
    ),
    ("на вузьких телефонах сітка товарів вилазить за край екрану", "outcomesmallscreen", FRONTEND),
    (
        "home page is really slow on first load and lighthouse says the JavaScript is way too big",
        "outcomelazybundle",
        FRONTEND,
    ),
    (
        "лайтхаус каже що js величезний, перше завантаження каталогу дуже повільне",
        "outcomelazybundle",
        FRONTEND,
    ),
]

test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("is our database backed up anywhere? if the hosting dies do we lose every order?", DEVOPS),
        ("чи є десь копія нашої бази? якщо сервер здохне, ми втратимо всі замовлення?", DEVOPS),
        ("колбек від приватбанку не доходить, замовлення не стає оплаченим, ловимо 404", BACKEND),
        ("фото понад 8 мб не вантажаться, nginx відповідає 413, хоча FastAPI приймає", DEVOPS),
    ],
)
def test_the_layer_named_by_everyday_words(bundled: Registry, text: str, agent: str) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("Show a 'New' label on product cards added this week", FRONTEND),
        ("The product card shows too many labels, make it cleaner", FRONTEND),
        (
            "Show several lists of products on the homepage: bestsellers, new arrivals, sale",
            FRONTEND,
        ),
        ("put a small red badge with the number of items on the cart icon", FRONTEND),
        (
            "Add pagination controls with next and prev buttons to the orders table in the "
            "admin UI",
            FRONTEND,
        ),
        ("the status label text is grey on grey and hard to read", FRONTEND),
        ("Покажи на картці товару кілька міток: новинка, хіт, знижка", FRONTEND),
        ("our landing page JS is huge, can we lazy load the reviews widget?", FRONTEND),
        ("send the deploy alerts to our Telegram channel", DEVOPS),
        ("alerts from the server should go to our Telegram chat", DEVOPS),
        ("nginx gives 502 right after every deploy", DEVOPS),
        ("Set up nightly pg_dump backups to S3", DEVOPS),
        ("the stack trace shows the request went through the auth middleware and failed", BACKEND),
        ("the orders endpoint should accept a page and page_size parameter", BACKEND),
        ("the webhook from Stripe fails signature verification", BACKEND),
        (
            "revenue report includes cancelled orders, add a status filter to the report endpoint",
            BACKEND,
        ),
        ("search must match the exact words customers type, nothing fuzzy", DATABASE),
        ("The monthly report SQL has a slow join, add an index", DATABASE),
        ("join the users and orders tables to get the last order date per user", DATABASE),
        ("add a tags column to the products table", DATABASE),
        ("the bot answers too formally, tweak the system prompt", LLM),
        ("the chatbot loses the context after we switched to a smaller model", LLM),
    ],
)
def test_near_misses_keep_their_agent(bundled: Registry, text: str, agent: str) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize(
    "text",
    [
        "can you put the team's vacation calendar into a neat table?",
        "зробіть графік відпусток для відділу на літо у вигляді таблиці",
        "зробіть звіт для інвесторів за рік з гарними графіками",
        "Prepare a quarterly sales report for our investors with nice charts",
        "хочу мобільний застосунок для нашої кав'ярні на айфон",
        "we want an app for iPhone and Android for our shop",
        "My doctor gave me a small red pill, what is it?",
        "Which red wine goes well with a holiday dinner?",
        "The traffic on the highway backed up for hours this morning",
        "what should I get my dad for his birthday, he likes fishing",
    ],
)
def test_everyday_and_other_trades_stay_none(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent is None


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("search must match the exact words customers type, nothing fuzzy", "outcomemeaning"),
        ("the stack trace shows the request went through the auth middleware", "outcometracepath"),
        ("where should the time zone conversion go, frontend or backend?", "outcometracepath"),
        ("The GraphQL query returns the wrong total for the cart", "outcomeanalystcount"),
        ("Add a filter by tag on the catalog page sidebar", "outcometagfilter"),
        ("My doctor gave me a small red pill, what is it?", "outcomestatusbadge"),
        ("the copy on the landing page should try to sound less salesy", "outcomepreview"),
        ("the email client hangs on start", "outcomeoffload"),
        ("users join the chat and leave", "outcomejoindupes"),
        ("the bot replies in the chat when an alert fires", "outcomebotmemory"),
    ],
)
def test_near_misses_make_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


@pytest.mark.parametrize(
    ("text", "winner", "loser"),
    [
        (
            "Чат-бот на сайті забуває, що клієнт писав у перших повідомленнях розмови",
            "outcomebotmemory",
            "outcomechatalert",
        ),
        (
            "joining orders to payments gives duplicate rows for every order",
            "outcomejoindupes",
            "outcometwice",
        ),
        ("big photo uploads fail with 413 from nginx", "outcomeproxyerror", "outcomebigupload"),
        (
            "the invoice total revenue includes refunded orders, the sql is wrong",
            "outcomeanalystcount",
            "outcomestalesum",
        ),
        (
            "quarterly sales report with charts for our investors",
            "outcomeinvestorreport",
            "outcomemetricsboard",
        ),
    ],
)
def test_a_frame_gives_way(text: str, winner: str, loser: str) -> None:
    found = frames_of(text)
    assert winner in found
    assert loser not in found


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("is our Postgres backed up anywhere?", ["is", "our", "postgres", "backup", "anywhere"]),
        ("back up the database nightly", ["backup", "the", "database", "nightly"]),
        ("the data is being backed up to s3", ["the", "data", "backup", "to", "s3"]),
        ("traffic backed up for hours", ["traffic", "backed", "up", "for", "hours"]),
        ("the queue is backing up", ["the", "queue", "is", "backing", "up"]),
    ],
)
def test_backed_up_data_is_a_backup(text: str, read: list[str]) -> None:
    assert words(text) == read


def test_marketing_is_no_market_question(bundled: Registry) -> None:
    """A marketing team's campaign names no market for a product idea (round 82's market
    research): the frame's "market" is only that word as written."""
    text = "We need a copy of the shop where marketing can try the sale before it goes live"
    assert "outcomevalidate" not in frames_of(text)
    assert "outcomevalidate" in frames_of("is there a market for a subscription box for cat owners")
