# ruff: noqa: RUF001 - Ukrainian requests
"""Round 95: a word that names another field in a second sense (an attractor) gives way
to a frame of the situation the request tells.

Frames (``outcomes._ROUND95_LINES``): a blank page with a console error (the page's, not
a model's "evaluation"), a reviews page with stars (the page's, not feedback to cluster),
the API schema's examples and field descriptions (the API's, not product copy), a login
that fails after the email or password changed, a list with paging a mobile team asks
for (the API's). Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of, situation_tests

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route

BACKEND = "fastapi-backend-expert"
FRONTEND = "react-frontend-expert"
DATABASE = "database-engineer"
DEVOPS = "devops-expert"
MODEL = "llm-ml-engineer"

#: (request, the frame it holds, the bundled agent it goes to)
SITUATIONS = [
    (
        "after the deploy the checkout page is blank white in chrome, console: ReferenceError",
        "outcomeblankpage",
        FRONTEND,
    ),
    ("сторінка профілю просто біла, в консолі TypeError undefined", "outcomeblankpage", FRONTEND),
    ("зробіть блок з відгуками під товаром, з зірочками рейтингу", "outcomereviewpage", FRONTEND),
    (
        "we need a reviews section on the product page with star rating",
        "outcomereviewpage",
        FRONTEND,
    ),
    (
        "the swagger docs show no examples for the fields of the orders endpoint",
        "outcomeschemadocs",
        BACKEND,
    ),
    ("в свагері немає прикладів і опису полів для замовлень", "outcomeschemadocs", BACKEND),
    (
        "users who changed their password yesterday cannot log in with the new one",
        "outcomeloginchange",
        BACKEND,
    ),
    ("клієнт змінив пошту в профілі і тепер не може увійти з новою", "outcomeloginchange", BACKEND),
    (
        "the android team needs a list of products with pagination from our side",
        "outcomemobilelist",
        BACKEND,
    ),
    ("мобільні просять список замовлень з пагінацією від нас", "outcomemobilelist", BACKEND),
    ("order history loads for 15 seconds for big customers", "outcomeslowreport", DATABASE),
    (
        "хочемо знати що сайт тормозить раніше ніж клієнти почнуть писати",
        "outcomeunnoticed",
        DEVOPS,
    ),
]

test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("generate product descriptions automatically from the photos and specs", MODEL),
        ("хочу щоб описи товарів генерувались автоматично з характеристик", MODEL),
        ("group 10k customer reviews into themes so we know what people complain about", MODEL),
        ("evaluate our RAG answers against a test set", MODEL),
        ("the login form shows no error when the password is wrong", FRONTEND),
        ("add pagination buttons to the orders table on the admin page", FRONTEND),
        ("the reviews table needs an index on product_id and rating", DATABASE),
        ("add a change password endpoint", BACKEND),
    ],
)
def test_the_fields_own_request_stays(bundled: Registry, text: str, agent: str) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("photos people attach to reviews are huge and the page is slow", "outcomereviewpage"),
        ("write openapi docs with examples for every endpoint", "outcomeschemadocs"),
        ("generate product descriptions automatically for the catalog", "outcomeschemadocs"),
    ],
)
def test_the_near_miss_holds_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


def test_schema_docs_outweigh_generated_copy() -> None:
    text = "the generated api schema needs examples and descriptions for every field on products"
    fired = frames_of(text)
    assert "outcomeschemadocs" in fired
    assert "outcomeautocopy" not in fired
