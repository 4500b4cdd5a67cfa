# ruff: noqa: RUF001 - Ukrainian requests
"""Round 85: bundled agents told apart by the symptom's wording; whose code changes decides.

Frames (``outcomes._ROUND85_LINES``): a response that waits on the mail or push it
sends or on a synchronous call, and a router file grown too long to split into modules
(the API's); a server that slows before customers notice and a site down told in a chat
(the pipeline's); selects counted in a log per request are N+1, not where logs go (the
schema's); filters reset on going back, a bundle to load lazily, a promo page with a
timer (the page's); product copy generated automatically (the model's). Requests here
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

#: (request, the frame it holds, the bundled agent it goes to)
SITUATIONS = [
    (
        "our endpoint waits for the email to be sent before it returns the response",
        "outcomeoffload",
        BACKEND,
    ),
    (
        "запит тримає відповідь поки не відправиться лист з підтвердженням",
        "outcomeoffload",
        BACKEND,
    ),
    (
        "the users router file is 2000 lines long, help me split it into modules",
        "outcomesplitmodule",
        BACKEND,
    ),
    ("файл з ендпоінтами вже величезний, розбий його на модулі", "outcomesplitmodule", BACKEND),
    (
        "хочемо знати що сервер гальмує раніше ніж користувачі почнуть скаржитись",
        "outcomeunnoticed",
        DEVOPS,
    ),
    ("send me a telegram message when the site goes down", "outcomechatalert", DEVOPS),
    ("хай в слак приходить сповіщення якщо сервер впав", "outcomechatalert", DEVOPS),
    ("ping our slack when 5xx errors spike above 20 a minute", "outcomechatalert", DEVOPS),
    (
        "the log shows hundreds of selects for one request to the orders list",
        "outcomenplusone",
        DATABASE,
    ),
    ("коли повертаюсь назад на список, фільтри скидаються", "outcomekeepchoice", FRONTEND),
    (
        "when I go back to the list, the sort and search I picked are reset",
        "outcomekeepchoice",
        FRONTEND,
    ),
    (
        "the js bundle is huge, split it so the admin pages load lazily",
        "outcomelazybundle",
        FRONTEND,
    ),
    ("бандл важить 3 мб, треба лінивий імпорт для важких сторінок", "outcomelazybundle", FRONTEND),
    (
        "a separate landing page for the summer sale with a countdown timer",
        "outcomepromopage",
        FRONTEND,
    ),
    ("сторінка для акції з таймером відліку", "outcomepromopage", FRONTEND),
    (
        "генеруй описи товарів автоматично з характеристик постачальника",
        "outcomeautocopy",
        "llm-ml-engineer",
    ),
    (
        "the endpoint hangs because it waits on a synchronous call to the crm api",
        "outcomeblockingcall",
        BACKEND,
    ),
    ("ендпоінт висить бо чекає синхронний виклик до платіжки", "outcomeblockingcall", BACKEND),
]


test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    "text",
    [
        "the mobile team needs an api to list a user's notifications",  # a team, no chat
        "we plan to split the monolith before we add realtime notifications for teams",
    ],
)
def test_a_team_is_no_chat_the_alert_goes_to(text: str) -> None:
    assert "outcomechatalert" not in frames_of(text)


def test_logs_that_count_selects_are_no_logs_place(bundled: Registry) -> None:
    text = "the orders endpoint takes 6s and the log has 300 SELECTs for one request"
    assert "outcomelogsplace" not in frames_of(text)
    assert route(text, bundled).agent in {DATABASE, BACKEND}


def test_the_pipelines_own_log_request_stays(bundled: Registry) -> None:
    assert route("ship the app logs to loki with grafana dashboards", bundled).agent == DEVOPS


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        (
            "my endpoint waits for the email to be sent before it returns the response",
            "outcomeoffload",
        ),
        ("мій ендпоінт чекає поки відправиться лист і тримає відповідь", "outcomeoffload"),
    ],
)
def test_my_code_still_makes_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


def test_a_description_written_by_hand_is_no_generated_copy(bundled: Registry) -> None:
    text = "write a product description for my handmade candles shop"
    assert "outcomeautocopy" not in frames_of(text)
    assert route(text, bundled).agent is None


def test_my_own_day_still_makes_none() -> None:
    assert frames_of("my bank charged me twice for the same coffee") == []
