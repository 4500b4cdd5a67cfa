# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 111: on the bundled web shop, a shop's symptom told in everyday, broken or
Ukrainian words goes to the layer its cause lives in.

Frames (``outcomes._ROUND111_LINES``): a document generated while the request waits, clicked
again or timing out, is work for a background job (the backend); chunks that lose the
middle of long documents, or overlap between them, are chunking (the LLM engineer); a site
that slows down or shows 502 when ads or a sale bring many visitors is capacity (DevOps);
who changed a record and when is an audit history (the database); customers' saved data
gone after an update is lost rows (the database); a new version shown first to a share of
the people, then to all, is a canary release (DevOps); values the database itself should
refuse are check constraints; a small server left for hosting that scales by itself is
hosting, not dynamic pricing; an export whose letters are broken in Excel is the export's
encoding (the backend), not office work. Requests here are constructed, not taken from a
set."""

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
        "the invoice PDF takes ages to build and the manager presses the button again, now "
        "there are two invoices",
        "outcomeoffload",
        BACKEND,
    ),
    (
        "Формування звіту в ексель триває хвилину, браузер висить, люди клікають ще раз і "
        "отримують два файли",
        "outcomeoffload",
        BACKEND,
    ),
    ("звіт в pdf генерується хвилину, запит падає по таймауту", "outcomeoffload", BACKEND),
    (
        "our retrieval misses answers that sit between two chunks, should we add overlap "
        "between chunks?",
        "outcomelongdoc",
        LLM,
    ),
    (
        "коли запускаємо рекламу і приходить багато людей, сайт лягає з 502, потім знову норм",
        "outcometrafficspike",
        DEVOPS,
    ),
    (
        "when the newsletter goes out and everyone clicks at once the server can't cope and "
        "pages time out",
        "outcometrafficspike",
        DEVOPS,
    ),
    ("під час розпродажу сайт гальмує і видає 504", "outcometrafficspike", DEVOPS),
    (
        "хочу бачити хто змінював замовлення і коли, щось типу журналу змін",
        "outcomeaudit",
        DATABASE,
    ),
    (
        "after yesterday's update every customer's wishlist is gone, the saved items page is empty",
        "outcomedatagone",
        DATABASE,
    ),
    ("після оновлення в клієнтів пропали замовлення з історії", "outcomedatagone", DATABASE),
    (
        "хочу викатувати нову версію спершу на частину користувачів, а якщо все добре то на всіх",
        "outcomecanary",
        DEVOPS,
    ),
    (
        "roll out the new checkout version to a small share of users first, then to everyone",
        "outcomecanary",
        DEVOPS,
    ),
    (
        "в таблиці товарів є позиції з від'ємною кількістю на складі, хочу щоб база сама таке "
        "не пропускала",
        "outcomedbrefuse",
        DATABASE,
    ),
    (
        "some users have an empty email in the users table, can postgres itself refuse such rows?",
        "outcomedbrefuse",
        DATABASE,
    ),
    (
        "we are on one cheap vps and want hosting that scales automatically, for fair prices",
        "outcomehostscale",
        DEVOPS,
    ),
    (
        "csv з замовленнями в екселі показує незрозумілі символи замість українських букв",
        "outcomeexportcharset",
        BACKEND,
    ),
    (
        "the customers csv export shows broken letters instead of accents when opened in Excel",
        "outcomeexportcharset",
        BACKEND,
    ),
]

test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("the sales report is slow, the query takes 12 seconds", "outcometrafficspike"),
        (
            "when many products are in the cart the cart page is slow to render",
            "outcometrafficspike",
        ),
        ("кнопка 'Згенерувати' на сторінці звітів не реагує на клік", "outcomeoffload"),
        ("the dropdown menu overlaps the header on mobile", "outcomelongdoc"),
        (
            "the API accepts a negative quantity in the cart request, it should return 422",
            "outcomedbrefuse",
        ),
        (
            "after the deploy the site shows 502 and the api container keeps restarting",
            "outcomedatagone",
        ),
        ("we want dynamic prices that change automatically with demand", "outcomehostscale"),
    ],
)
def test_near_miss_makes_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("the Export CSV button in the orders table does nothing when clicked", FRONTEND),
        ("кнопка 'Зберегти' не блокується під час запиту, додай спінер і disabled", FRONTEND),
        ("the dropdown menu overlaps the header on mobile", FRONTEND),
        ("the modal overlaps the chat widget on the checkout page", FRONTEND),
        (
            "the product page is slow because this query takes 4 seconds, EXPLAIN shows a seq scan",
            DATABASE,
        ),
        ("the sales report is slow, the query takes 12 seconds", DATABASE),
        ("when many products are in the cart the cart page is slow to render", FRONTEND),
        ("the sale banner looks broken on mobile", FRONTEND),
        ("after the deploy the site shows 502 and the api container keeps restarting", DEVOPS),
        ("the API accepts a negative quantity in the cart request, it should return 422", BACKEND),
        ("our OpenAI bill is too high, how to spend fewer tokens per answer", LLM),
        ("як у React показати прогрес, поки бекенд генерує pdf", FRONTEND),
        ("налаштуй алерт коли сайт віддає 502 більше хвилини", DEVOPS),
    ],
)
def test_near_misses_keep_their_agent(bundled: Registry, text: str, agent: str) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize(
    "text",
    [
        "the queue at the supermarket is so slow when there is a sale, any tips?",
        "after the phone update all my saved photos disappeared",
        "how do I make a pivot table in excel for my home budget",
    ],
)
def test_everyday_stays_none(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent is None
