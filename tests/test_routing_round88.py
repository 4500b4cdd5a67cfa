# ruff: noqa: RUF001 - Ukrainian requests
"""Round 88: mechanism defects on the bundled roster, each checked in both languages.

A trigger reached only through a weak link (a word's relative, a word read plainly or in
its other sense) adds that link's share of its bonus (``scoring._said``); an API path or a
request body's encoding, read from the raw request, is the API's evidence
(``signatures.http_marks``), the page-URL phrase yields to an API path and form-data's
"form" is no page's form; a category beside a deletion or a tree is a table's row, a colour
beside a variant, SKU or stock a column (``vocab.SENSES``); the verb розкладати is no
розклад. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.signatures import http_marks, plain_form
from coordinator.routing.text import term_list

BACKEND = "fastapi-backend-expert"
FRONTEND = "react-frontend-expert"
DATABASE = "database-engineer"
DEVOPS = "devops-expert"
LLM = "llm-ml-engineer"

#: (request, the bundled agent it goes to): the fixed kinds and their near misses
CASES = [
    ("How should I store product variants (colour and size) with a SKU and stock?", DATABASE),
    (
        "у кожного варіанту товару свій колір, артикул і залишок — як це покласти в таблиці?",
        DATABASE,
    ),
    ("when I delete a category all its products disappear too, that shouldn't happen", DATABASE),
    ("видаляю категорію і разом з нею зникають всі товари, так не можна", DATABASE),
    ("нехай модель розкладає скарги на «оплата», «доставка», «якість»", LLM),
    ("хочемо щоб коментарі клієнтів самі розкладались по темах", LLM),
    ("POST /api/orders returns 422 Unprocessable Entity when the webhook sends form-data", BACKEND),
    ("колбек від платіжки приходить як x-www-form-urlencoded, а хендлер чекає json", BACKEND),
    ("upload endpoint should accept multipart/form-data with a file and a title", BACKEND),
    ("юзер бачить чужі замовлення якщо поміняти id в урлі /api/orders/1001", BACKEND),
    ("if I change the id in /api/projects/42 I can open another company's project", BACKEND),
    # near misses: the first sense, a page's URL, a UI form, a schedule
    ("розсортуй звернення в підтримку по категоріях автоматично", LLM),
    ("sort incoming support tickets into categories with the model", LLM),
    ("categories need nested subcategories, how do we store that tree in postgres?", DATABASE),
    ("change the button colour to match the brand palette", FRONTEND),
    ("кольори кнопок на мобілці не такі як в макеті", FRONTEND),
    ("keep the selected filters in the url so people can share the link", FRONTEND),
    ("фільтри в урлі скидаються після оновлення сторінки", FRONTEND),
    ("the signup form loses what people typed when validation fails", FRONTEND),
    ("the page fetches /api/orders twice on every render", FRONTEND),
    ("розклад нічних бекапів перестав спрацьовувати", DEVOPS),
    ("зміни розклад крону для бекапів на кожну годину", DEVOPS),
]


@pytest.mark.parametrize(("text", "agent"), CASES)
def test_goes_to_its_field(bundled: Registry, text: str, agent: str) -> None:
    decision = route(text, bundled)
    assert decision.agent == agent, decision.reason


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("POST /api/payments/callback 422", ("apipath",)),
        ("https://shop.ua/api/orders/5 returns 403", ("apipath",)),
        ("GET /v1/users/{id}", ("apipath",)),
        ("приходить як form-data", ("bodyencoding",)),
        ("open src/api/client.ts", ()),
        ("docs at example.com/about and/or the faq", ()),
        ("a sign-up form", ()),
    ],
)
def test_http_marks(text: str, marks: tuple[str, ...]) -> None:
    assert http_marks(text) == marks


def test_plain_form() -> None:
    assert not plain_form("the callback sends form-data, not json")
    assert plain_form("the form sends multipart/form-data")


def test_verb_is_no_schedule() -> None:
    for verb in ("розкладались", "розкласти", "розкладає", "розкладіть"):
        assert "schedul" not in term_list(verb)
    for noun in ("розклад", "розкладу", "розкладі", "розклади", "розкладом"):
        assert term_list(noun) == ("schedul",)


def test_weak_trigger_discounted(bundled: Registry) -> None:
    """The frontend's "component" trigger, reached only through a colour read as a catalog
    column, adds a fraction of its bonus: the literal table trigger decides."""
    decision = route("product variants by colour need their own stock count, tables?", bundled)
    assert decision.agent == DATABASE
