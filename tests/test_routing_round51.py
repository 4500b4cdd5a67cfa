"""Round 51 routing: a part of a feature said to be there already is left out in more of the
ways people say it (inflected, placed "на беку" / "в БД", named by a Latin identifier, said
to be fine, applied or not needed, or named after "вже є" / "already have"). Requests here
are constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.senses import left_alone
from coordinator.routing.text import words

BACKEND, DATABASE = "fastapi-backend-expert", "database-engineer"
FRONTEND, LLM = "react-frontend-expert", "llm-ml-engineer"


@pytest.mark.parametrize(
    ("text", "word", "left"),
    [
        ("роут на бекенді вже є", "роут", True),
        ("на бекенді вже є роут", "бекенді", True),
        ("на бекенді вже є роут", "роут", True),
        ("поле в базі вже є", "базі", True),
        ("таблиця user_sessions вже є", "таблиця", True),
        ("міграцію міняти не треба", "міграцію", True),
        ("схема вже накатана", "схема", True),
        ("фронт уже готовий", "фронт", True),
        ("the api itself is fine, the answers are wrong", "api", True),
        ("we already have an endpoint for it", "endpoint", True),
        # guards: a part that is the work or the trouble
        ("міграція падає на проді", "міграція", False),
        ("the database is slow", "database", False),
        ("додай таблицю user_sessions", "таблицю", False),
        ("the endpoint returns 500", "endpoint", False),
        # an English part is not bridged by other English words
        ("the table users is fine", "table", False),
    ],
)
def test_a_part_said_to_be_there_already(text: str, word: str, left: bool) -> None:
    tokens = words(text)
    assert left_alone(tokens, tokens.index(word)) is left


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("поле archived в БД вже є, міграція накатана, треба щоб апі приймало його", BACKEND),
        ("the endpoint is fine, but the model keeps inventing facts in its answers", LLM),
        # guards: the part is what is asked for
        ("додай колонку deleted_at в таблицю users", DATABASE),
        ("add an endpoint that returns the invoice pdf", BACKEND),
    ],
)
def test_the_part_there_already_does_not_route(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent
