# ruff: noqa: RUF001 - Ukrainian requests
"""Round 83: one bundled agent taken for another; whose code changes decides.

Frames (``outcomes._ROUND83_LINES``): an order that never gets made while checkout hangs,
an invoice's old or wrong sum (the API's logic, not the page that shows it); the app's own
start failing on an import or its settings class, what a health endpoint returns, a big
file streamed down, a partial update that wipes fields, a v2 beside old clients, passwords
guessed at the login (the API's code, not the page's or the pipeline's); old rows kept
apart by month, a column renamed while old pods run (the schema's); cards that slide
sideways (the page's); a certificate run out and alerts on the servers sent to a
chat (the pipeline's); a count per month, city or category someone asks of the data (a
query: the database's). Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of, situation_tests

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route

BACKEND = "fastapi-backend-expert"
FRONTEND = "react-frontend-expert"
DATABASE = "database-engineer"
DEVOPS = "devops-expert"

#: (request, the frame it holds, the bundled agent it goes to)
SITUATIONS = [
    (
        "after paying, the checkout hangs forever and the order is never created",
        "outcomeordermade",
        BACKEND,
    ),
    (
        "у рахунку клієнта досі стара сума, хоча тариф уже змінили",
        "outcomestalesum",
        BACKEND,
    ),
    ("в інвойсі неправильно рахується знижка, сума не сходиться", "outcomestalesum", BACKEND),
    ("the app crashes on boot with an ImportError from the routers", "outcomeappstart", BACKEND),
    (
        "make /health return the build number and whether the database answers",
        "outcomehealthbody",
        BACKEND,
    ),
    ("хочу щоб /health віддавав версію білда і чи жива база", "outcomehealthbody", BACKEND),
    ("the tls certificate on our domain expired this morning", "outcomecertexpired", DEVOPS),
    ("у нас протух сертифікат на сайті", "outcomecertexpired", DEVOPS),
    (
        "post an alert to our slack channel when a server's disk fills up",
        "outcomechatalert",
        DEVOPS,
    ),
    ("хочу алерти в телеграм коли сервер лежить", "outcomechatalert", DEVOPS),
    (
        "finance wants the revenue per product category per month",
        "outcomeanalystcount",
        DATABASE,
    ),
    ("витягни з бази скільки клієнтів купили хоч раз", "outcomeanalystcount", DATABASE),
    ("треба запит який покаже середній чек по днях тижня", "outcomeanalystcount", DATABASE),
    (
        "stream the big csv export file to the client instead of building it in memory",
        "outcomebigdownload",
        BACKEND,
    ),
    (
        "a PATCH with an empty body wipes the fields it did not name",
        "outcomepartialupdate",
        BACKEND,
    ),
    (
        "add /v2 endpoints so the old mobile clients on v1 keep working",
        "outcomeapiversions",
        BACKEND,
    ),
    ("хтось підбирає паролі до адмінки, заблокуйте після 5 спроб", "outcomebruteforce", BACKEND),
    (
        "старі записи хочу тримати окремо по місяцях, таблиця величезна",
        "outcomepartition",
        DATABASE,
    ),
    (
        "the migration drops the old column while old pods still run, make it safe",
        "outcomesafemigrate",
        DATABASE,
    ),
    ("кнопки в хедері їдуть вбік на вузьких екранах", "outcomespacing", FRONTEND),
    (
        "the ceo asks for the average basket size per month from our db",
        "outcomeanalystcount",
        DATABASE,
    ),
    (
        "керівник хоче бачити скільки замовлень було по кожному місту за рік",
        "outcomeanalystcount",
        DATABASE,
    ),
]


test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    "text",
    [
        "how do i get a db session per request",  # "how" is no count asked of the data
        "how much should i pay a bookkeeper per month",
        "нагадування в телеграм про день народження",  # a chat, but no server's trouble
        "add liveness and readiness probes to the helm chart",  # a probe, not its answer
        "show the old price crossed out next to the new one",  # no change it lags behind
    ],
)
def test_near_wordings_make_no_such_frame(text: str) -> None:
    made = set(frames_of(text))
    assert made.isdisjoint(
        {"outcomeanalystcount", "outcomechatalert", "outcomehealthbody", "outcomestalesum"}
    )


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("the checkout button overlaps the footer on mobile", FRONTEND),
        ("set up a health check in kubernetes for the api pods", DEVOPS),
        ("build a react chart of weekly revenue for the dashboard", FRONTEND),
    ],
)
def test_the_pages_and_the_pipelines_own_requests_stay(
    bundled: Registry, text: str, agent: str
) -> None:
    assert route(text, bundled).agent == agent
