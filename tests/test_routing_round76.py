# ruff: noqa: RUF001 - Ukrainian requests
"""Round 76: the bundled roster's near fields and the platforms none of its agents covers.

Frames (``outcomes._ROUND76_LINES``): where a secret should be kept (devops, not the
database its password opens), a flood of identical or separate queries (the database's
N+1, also in Ukrainian), a charge taken twice, a choice a page should keep after a reload
(frontend state), copies started under load (devops), a blocking call to another service
(backend), a view for analysts, duplicates to clean from a table, a report computed for
minutes, records that vanish with a deleted owner, fields pulled from contracts (an LLM's
extraction, not a person's paperwork), prices pulled every hour, a table grown to
hundreds of gigabytes, code tested before it lands, developers on production by hand, a
loading state to show, descriptions translated automatically, invoices customers download,
files of several gigabytes a service should accept).
Platforms (``products.PLATFORMS``, ``offtopic._MORE_PLATFORMS``): Flutter and React Native
apps, WordPress-style site engines and BI tools are no bundled agent's (two-word names, React
Native and Power BI, are not joined: see bench/RESULTS.md round 76). Requests here are
constructed, not taken from a set."""

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
        "куди краще сховати токени і ключі, щоб не тримати їх у гіт репозиторії",
        "outcomesecretplace",
        DEVOPS,
    ),
    (
        "ендпоінт списку повільний, в логах сотні однакових запитів до бази",
        "outcomequeryflood",
        DATABASE,
    ),
    (
        "сторінка категорій робить окремий запит до бази на кожен товар",
        "outcomequeryflood",
        DATABASE,
    ),
    (
        "users got charged twice for one order this morning, find why",
        "outcomechargedtwice",
        BACKEND,
    ),
    (
        "the table should remember the sort people chose when they come back later",
        "outcomekeepchoice",
        FRONTEND,
    ),
    (
        "зробіть щоб вибрані фільтри зберігались після перезавантаження сторінки",
        "outcomekeepchoice",
        FRONTEND,
    ),
    (
        "when traffic peaks we need extra copies of the app started automatically",
        "outcomescaleout",
        DEVOPS,
    ),
    (
        "the signup endpoint hangs because it makes a blocking call to an external service",
        "outcomeblockingcall",
        BACKEND,
    ),
    (
        "our analysts want a view of weekly signups per country they can query",
        "outcomeanalystview",
        DATABASE,
    ),
    ("треба почистити дублікати контактів у таблиці", "outcomededupe", DATABASE),
    ("річний звіт по замовленнях формується кілька хвилин", "outcomeslowreport", DATABASE),
    ("if we delete a customer their invoices vanish from the history", "outcomeretain", DATABASE),
    ("витягни з pdf рахунків суми і дати оплати в таблицю", "outcomedocfields", LLM),
    ("щогодини підтягувати ціни постачальника в наш каталог", "outcomeperiodicfetch", BACKEND),
    ("таблиця подій роздулась до 400 гб", "outcomepartition", DATABASE),
    ("хочу щоб кожен коміт автоматично тестувався перед мержем", "outcomecigate", DEVOPS),
    ("developers should stop logging into production servers by hand", "outcomeprodaccess", DEVOPS),
    (
        "поки йде завантаження, має бути видно індикатор що щось відбувається",
        "outcomeloadingshown",
        FRONTEND,
    ),
    ("translate the product descriptions into german automatically", "outcomeautotranslate", LLM),
    ("сервіс має приймати архіви по 3 гб без помилок", "outcomebigupload", BACKEND),
]


test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    "text",
    [
        "we pay twice for the same llm answers, cache them",  # a cost, not a charge taken
        "our AWS bill doubled this quarter",
        "секрети лежать у репо в .env, оціни ризик",  # where they lie, not where to keep them
    ],
)
def test_near_wordings_make_no_such_frame(text: str) -> None:
    assert {"outcomechargedtwice", "outcomesecretplace"}.isdisjoint(frames_of(text))


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("our flutter app shows a grey screen on older android phones", "Flutter"),
        ("the xamarin app freezes after the splash screen", "Flutter"),
        ("після оновлення плагіна вордпрес показує білий екран", "WordPress"),
        ("the woocommerce shop sends no order emails", "WordPress"),
        ("qlik sheet shows the wrong monthly totals", "Power BI"),
        ("the tableau workbook shows last month's totals twice", "Power BI"),
    ],
)
def test_a_platform_no_bundled_agent_covers_gets_none(
    bundled: Registry, text: str, platform: str
) -> None:
    decision = route(text, bundled)
    assert decision.agent is None
    assert platform in decision.reason


def test_a_request_naming_the_rosters_own_stack_beside_flutter_still_routes(
    bundled: Registry,
) -> None:
    # a product the roster knows (FastAPI) keeps the request: the API a Flutter app calls
    assert route("the fastapi endpoint our flutter app calls returns 500", bundled).agent == BACKEND


def test_invoices_customers_download_are_product_work(bundled: Registry) -> None:
    # the document is made by the API and offered on a page: either layer, never none
    text = "клієнти мають скачувати свої рахунки в pdf"
    assert "outcomedocdownload" in frames_of(text)
    assert route(text, bundled).agent in {BACKEND, FRONTEND}
