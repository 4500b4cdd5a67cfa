# ruff: noqa: RUF001, RUF002 - Ukrainian requests
"""Round 99: a web shop's symptoms told in everyday words, each the job of one layer.

Frames (``outcomes._ROUND99_LINES``): a site slow or down for a while that came back by
itself, with nothing changed, or at random times (the time course of an outage: the
operator's, not a slow query); the browser's "your connection is not private" (a
certificate); a deploy that takes the site down each time (more wordings of the
zero-downtime frame); the same email twice because its letters differ in case, money in a
float column losing cents, a code a customer may use once (the data model's or the API's);
a report that needs a filter (the API's); a file over a size that fails with a generic
error (the upload's, never the model's); reviews split or sorted into kinds of complaints
(the model's, over the catalog's price filter). Requests here are constructed, not taken
from a set."""

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
        "the shop was painfully slow the whole afternoon and then recovered by itself",
        "outcomeepisode",
        DEVOPS,
    ),
    (
        "every night around 2am the website is unreachable for a few minutes, then it works again",
        "outcomeepisode",
        DEVOPS,
    ),
    (
        "магазин учора ввечері страшно гальмував, а потім сам відновився",
        "outcomeepisode",
        DEVOPS,
    ),
    ("сайт інколи лягає на пару хвилин у випадкові моменти", "outcomeepisode", DEVOPS),
    (
        "з обіду сайт повільний як черепаха, ніхто нічого не викатував",
        "outcomeepisode",
        DEVOPS,
    ),
    (
        "after we switched hosting, visitors see 'your connection is not private'",
        "outcomenotsecure",
        DEVOPS,
    ),
    (
        "у хромі тепер пише що підключення не є приватним на нашому домені",
        "outcomenotsecure",
        DEVOPS,
    ),
    (
        "each time we push a new version the app answers 502 for half a minute",
        "outcomezerodowntime",
        DEVOPS,
    ),
    (
        "під час оновлення сайт лягає на хвилину, як оновлюватись непомітно для клієнтів",
        "outcomezerodowntime",
        DEVOPS,
    ),
    (
        "Anna@Shop.com and anna@shop.com are two different users, emails differ only in case",
        "outcomecasedupes",
        DATABASE,
    ),
    (
        "у базі один клієнт двічі, бо пошта записана з різними великими і малими літерами",
        "outcomecasedupes",
        DATABASE,
    ),
    (
        "order totals are kept in a float column and sometimes we lose a cent",
        "outcomemoneytype",
        DATABASE,
    ),
    (
        "суми платежів зберігаються як float, копійки губляться при підрахунку",
        "outcomemoneytype",
        DATABASE,
    ),
    ("a promo code must be redeemable only once per customer", "outcomeonceper", DATABASE),
    (
        "кожен покупець може застосувати знижку за промокодом лише один раз",
        "outcomeonceper",
        DATABASE,
    ),
    (
        "the refunds export needs a filter by date, the API gives us every refund ever",
        "outcomereportfilter",
        BACKEND,
    ),
    (
        "support: an avatar bigger than 2mb fails to upload with 'something went wrong'",
        "outcomebigupload",
        BACKEND,
    ),
    (
        "фотки більше двох мегабайт не вантажаться, вилітає просто помилка",
        "outcomebigupload",
        BACKEND,
    ),
    (
        "split incoming reviews automatically into praise, complaints and questions",
        "outcomesorttext",
        LLM,
    ),
    (
        "розсортуй відгуки покупців за видами скарг: доставка, якість, ціна",
        "outcomesorttext",
        LLM,
    ),
]

test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("the orders query got slow after the table grew to ten million rows", DATABASE),
        ("нічний запит по звітах виконується годину, потрібен індекс", DATABASE),
        ("set up uptime monitoring with telegram alerts when the site is down", DEVOPS),
        ("renew the SSL certificate on the load balancer", DEVOPS),
        ("add a unique constraint on the email column", DATABASE),
        ("migrate the price column from float to numeric", DATABASE),
        ("add an endpoint that accepts a file up to 10 MB", BACKEND),
        ("return 409 when the customer already redeemed this coupon", BACKEND),
        ("the upload button should show a progress bar", FRONTEND),
        ("the reviews page should show stars and the newest reviews first", FRONTEND),
        ("add semantic search over product descriptions", LLM),
        ("the chatbot makes up facts about our return policy", LLM),
    ],
)
def test_near_misses_keep_their_agent(bundled: Registry, text: str, agent: str) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("після релізу p99 виріс, цпу в нормі, треба знайти де тормозить", "outcomeepisode"),
        (
            "an alert fires every night for two minutes and then resolves by itself",
            "outcomeepisode",
        ),
        ("the api is slow but the database is fine", "outcomeepisode"),
        ("the checkout page is slow again since yesterday, the bundle is 5mb", "outcomeepisode"),
        ("I am sure the site was slow and came back", "outcomeepisode"),
        ("клієнти скаржаться що сайт тормозить ввечері, де саме вузьке місце", "outcomeepisode"),
        ("the site went down during the release yesterday, what happened", "outcomezerodowntime"),
        ("set up a private connection between the VPC and the database", "outcomenotsecure"),
        ("make the email input lowercase automatically as the user types", "outcomecasedupes"),
        ("customers are charged double the price when they click pay twice", "outcomemoneytype"),
        ("округли ціни до копійок на сторінці товару", "outcomemoneytype"),
        ("the price tag should float to the right of the product image", "outcomemoneytype"),
        ("one query per customer, we use sqlalchemy", "outcomeonceper"),
        ("each guest can take only one piece of cake", "outcomeonceper"),
        ("images bigger than 2 MB load slowly on the product page", "outcomebigupload"),
    ],
)
def test_near_misses_make_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


def test_a_size_is_read_with_its_unit() -> None:
    """1mb, 20гб: the unit a frame's row names, whatever number is written before it."""
    assert "outcomebigupload" in frames_of("pdfs over 1mb fail with an error")
    assert "outcomebigupload" in frames_of("відео понад 20гб падає з помилкою")


def test_a_time_of_day_is_a_time_course() -> None:
    """3am, 11pm: a time of the day the site was down; the word am ("I am") is none."""
    assert "outcomeepisode" in frames_of("at 3am the shop went offline and recovered by itself")
    assert "outcomeepisode" not in frames_of("I am sure the shop went offline and recovered")


def test_the_catalog_filter_gives_way_to_sorting_text() -> None:
    """Reviews sorted into delivery, quality or price complaints: no price facet of a page."""
    found = frames_of("auto-sort incoming reviews into delivery, quality and price complaints")
    assert "outcomesorttext" in found
    assert "outcomefilter" not in found
