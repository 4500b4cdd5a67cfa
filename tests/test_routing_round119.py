# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 119: on the bundled web shop, new wordings of the situations rounds 107-116 read go
to the layer the work lives in.

Frames (``outcomes._ROUND119_LINES``): a pasted "deadlock detected ... waits for ShareLock"
is the database's locking; a browser that blocks calls from another origin (the front moved
to a subdomain) is CORS (the backend); errors under each field and a button disabled until
the form is valid are the form's (the frontend); two people editing one record at once, the
last save winning, is a lost update (the database); a bought domain that shows the
registrar's parking page is DNS (DevOps). Widened rows: a table already 200 гігабайт to cut
(порізати) by month is partitioning; a host that grows (розширюється) by itself scales; staff
who should not (мають) see the cost price and markup is access control; an export to Excel
while the whole site hangs is work to offload. A notebook's work (a year's sales charted in
a Jupyter notebook) stays no bundled agent's whatever frame its words make. Requests here
are constructed, not taken from a set."""

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
        "alert at 3am: ERROR: deadlock detected, Process 812 waits for ExclusiveLock on tuple;"
        " the nightly price import page job died",
        "outcomedeadlock",
        DATABASE,
    ),
    (
        "воркер імпорту цін падає вночі: deadlock detected, процес 311 чекає ShareLock на"
        " транзакції 5521",
        "outcomedeadlock",
        DATABASE,
    ),
    (
        "since the SPA moved to shop.example.com every call fails: from origin"
        " 'https://shop.example.com' has been blocked",
        "outcomecors",
        BACKEND,
    ),
    ("фронт тепер на новому піддомені, і браузер блокує всі запити до апі", "outcomecors", BACKEND),
    (
        "зверстати форму оформлення замовлення на реакті: помилка під кожним полем, кнопка"
        " неактивна поки все не заповнено, апі вже є",
        "outcomefielderrors",
        FRONTEND,
    ),
    (
        "a react checkout form: inline error under each input and the submit button disabled"
        " until the form is valid; the endpoint exists",
        "outcomefielderrors",
        FRONTEND,
    ),
    (
        "коли двоє адмінів одночасно редагують ціну одного товару, зберігається той, хто"
        " натиснув останнім",
        "outcomelostupdate",
        DATABASE,
    ),
    (
        "two warehouse guys update the same stock count at the same time and one edit vanishes",
        "outcomelostupdate",
        DATABASE,
    ),
    (
        "таблиця orders_log вже 400 гіг і запити тупить, може порізати на частини по датах",
        "outcomepartition",
        DATABASE,
    ),
    (
        "our events table is already 300 GB and weekly queries crawl, cut it by month?",
        "outcomepartition",
        DATABASE,
    ),
    (
        "купили домен, а замість сайту висить заглушка реєстратора, як його підключити",
        "outcomedomainmove",
        DEVOPS,
    ),
    (
        "we just purchased a domain and it shows a parking page, how to point it to our shop",
        "outcomedomainmove",
        DEVOPS,
    ),
    (
        "хочемо з одного впс перейти на хмару, яка сама розширюється під навантаження",
        "outcomehostscale",
        DEVOPS,
    ),
    (
        "менеджери мають бачити собівартість і націнку, а касири — ні",
        "outcomeroles",
        BACKEND,
    ),
    (
        "коли бухгалтер вивантажує всі замовлення в ексель, сайт висить для всіх хвилину",
        "outcomeoffload",
        BACKEND,
    ),
    (
        "when staff export the orders to excel the shop hangs for every customer",
        "outcomeoffload",
        BACKEND,
    ),
]

test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("the form has two fields, email and password", "outcomefielderrors"),
        ("add a field for the error code to the logs table", "outcomefielderrors"),
        ("two products in the same category at once in the cart", "outcomelostupdate"),
        ("we bought a new domain, build us a landing page in react", "outcomedomainmove"),
        ("the origin of the problem is a blocked port", "outcomedeadlock"),
        ("my chrome says access to this site has been blocked by my school", "outcomecors"),
    ],
)
def test_near_miss_makes_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("add a sales chart by month to the react admin dashboard", FRONTEND),
        (
            "build the /auth/register endpoint with password rules and error messages per field"
            " in the response",
            BACKEND,
        ),
        ("show a red border on invalid fields in the login form", FRONTEND),
        ("add a unique index so two rows with the same email can't exist", DATABASE),
        ("set up nginx to redirect the old domain to the new one", DEVOPS),
        ("export orders to csv from the admin, need an endpoint", BACKEND),
        ("our vps disk is full, logs everywhere", DEVOPS),
        ("which model is best to summarise customer reviews", LLM),
    ],
)
def test_near_misses_keep_their_agent(bundled: Registry, text: str, agent: str) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize(
    "text",
    [
        "у юпітер ноутбуці порахуй середній чек по місяцях і побудуй графік",
        "зведи в юпітер-ноутбуці виручку за рік і намалюй діаграму",
        "make a jupyter notebook with a chart of revenue by week from this csv",
        "my two kids edit the same google doc at once and one loses their changes",
    ],
)
def test_stays_none(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent is None
