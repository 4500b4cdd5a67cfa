# ruff: noqa: RUF001 - Ukrainian requests
"""Round 74: the bundled roster's five fields as shop owners, PMs and support staff put them,
read as outcome frames (coordinator.routing.outcomes): goods whose categories each carry
their own attributes, a partner's or mobile app that needs our orders, a page shown before
release somewhere apart from production, a browser warning that the site is not secure, a
column added while the shop stays up, two people let through at the same moment, an
assistant answering from our manuals, an upload that spins into a timeout. Requests here
are constructed, not taken from a set."""

from __future__ import annotations

from kit import frames_of, situation_tests

BACKEND = "fastapi-backend-expert"
FRONTEND = "react-frontend-expert"
DATABASE = "database-engineer"
DEVOPS = "devops-expert"
LLM = "llm-ml-engineer"

#: (request, the frame it holds, the bundled agent it goes to)
SITUATIONS = [
    (
        "every product type has its own set of properties, how should we store them",
        "outcomeflexattrs",
        DATABASE,
    ),
    ("у різних товарів різні параметри, як це зберігати", "outcomeflexattrs", DATABASE),
    (
        "our delivery partner app needs to get the list of orders from us, can you expose that",
        "outcomepullapi",
        BACKEND,
    ),
    (
        "мобільному додатку треба отримувати історію покупок клієнта з нашого сервера",
        "outcomepullapi",
        BACKEND,
    ),
    (
        "дизайнер хоче показати новий лендінг клієнту до запуску, десь окремо від робочого сайту",
        "outcomepreview",
        DEVOPS,
    ),
    (
        "where can we put the new promo page so the boss can see it before we launch",
        "outcomepreview",
        DEVOPS,
    ),
    ("customers see a warning that our site is not safe", "outcomenotsecure", DEVOPS),
    (
        "заказчик каже що браузер пише небезпечно коли відкриває наш сайт",
        "outcomenotsecure",
        DEVOPS,
    ),
    (
        "need to add a phone column to users without the shop going offline",
        "outcomesafemigrate",
        DATABASE,
    ),
    (
        "хочемо додати колонку знижки в замовлення і щоб магазин не падав",
        "outcomesafemigrate",
        DATABASE,
    ),
    (
        "two clients paid for the last seat at the same moment and the shop accepted both",
        "outcomerace",
        DATABASE,
    ),
    ("the chatbot should reply based on our 200 product pdfs", "outcomeragbot", LLM),
    (
        "uploading a big price list just spins and then times out",
        "outcomebigupload",
        BACKEND,
    ),
]


test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


def test_a_page_shown_apart_from_production_is_a_preview_not_a_screen() -> None:
    text = "хочемо показати нову сторінку замовнику окремо від прода, до релізу"
    found = frames_of(text)
    assert "outcomepreview" in found
    assert "outcomeshown" not in found


def test_a_page_shown_to_users_is_still_a_screen() -> None:
    assert "outcomeshown" in frames_of("show the order list on the profile page")
