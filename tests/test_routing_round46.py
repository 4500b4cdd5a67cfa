# ruff: noqa: RUF001 - Ukrainian requests
"""Round 46 routing: on the bundled roster, where the change is made decides between two of
the five (a field shown on screen is the frontend's though the API changed; a Dockerfile is
DevOps' though it is for the FastAPI app; a part said to exist already is not the work
asked for). Requests here are constructed, not from a set."""

from __future__ import annotations

import pytest
from kit import frames_of

from coordinator.roster.registry import Registry
from coordinator.routing import concepts
from coordinator.routing.lexical import route
from coordinator.routing.redirects import context_words
from coordinator.routing.senses import left_alone
from coordinator.routing.text import words

BACKEND, DATABASE, DEVOPS = "fastapi-backend-expert", "database-engineer", "devops-expert"
FRONTEND, LLM = "react-frontend-expert", "llm-ml-engineer"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("render the reply in the chat window", True),
        ("display the due date on each card", True),
        ("виведи дату створення у списку замовлень", True),
        ("покажи аватарки учасників на картці проєкту", True),
        ("show a toast after saving", True),
        ("намалюй графік реєстрацій по тижнях", True),
        ("show me the slow queries", False),
        ("the logs show a timeout on every request", False),
        # what a screen does is reported, not asked for
        ("the admin dashboard shows wrong totals", False),
        ("на дашборді показує старі цифри", False),
    ],
)
def test_showing_something_in_a_place_on_screen_is_a_frame(text: str, shown: bool) -> None:
    assert ("outcomeshown" in frames_of(text)) is shown


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("write a dockerfile for the fastapi app", {"the", "fastapi", "app"}),
        ("CI для нашого бекенду", {"нашого", "бекенду"}),
        # a moment is no purpose: it is often the cause
        ("the migration locks a table during deploy", set()),
        ("deploy the app for the deploy team", {"team"}),
        ("move the api key into secrets", set()),
    ],
)
def test_words_of_a_purpose_phrase(text: str, context: set[str]) -> None:
    assert context_words(words(text)) == context


@pytest.mark.parametrize(
    ("text", "word", "left"),
    [
        ("the endpoint already exists, build the page", "endpoint", True),
        ("таблиці вже є, потрібен ендпоінт", "таблиці", True),
        ("апі вже готове, зроби екран", "апі", True),
        ("the api already returns the field", "api", True),
        ("the api returns 500 on save", "api", False),
        ("ендпоінт падає з 500", "ендпоінт", False),
    ],
)
def test_a_part_that_exists_already_is_left_out(text: str, word: str, left: bool) -> None:
    tokens = words(text)
    assert left_alone(tokens, tokens.index(word)) is left


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("the API now sends a members list, render their names on the team card", FRONTEND),
        ("бекенд тепер віддає поле статус, виведи його у списку задач", FRONTEND),
        ("in the chat show a typing indicator while the assistant answers", FRONTEND),
        ("set up a multi-stage Dockerfile for the FastAPI app", DEVOPS),
        ("the api returns 502 for a minute during every deploy", DEVOPS),
    ],
)
def test_where_the_change_is_made_routes_on_the_bundled_roster(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("запит не влазить у контекстне вікно моделі", "contextwindow"),
        ("на великих файлах контекст не влазить", "toolongformodel"),
        ("погана нарізка документів для пошуку", "chunkdocs"),
    ],
)
def test_ukrainian_wordings_of_the_context_window_and_chunking(text: str, joined: str) -> None:
    assert joined in concepts.phrases(words(text))


def test_bundle_chunks_are_no_document_chunking() -> None:
    assert "chunkdocs" not in concepts.phrases(words("розбий бандл на чанки по роутах"))


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("контекстного вікна не вистачає на довгих листуваннях", LLM),
        # the top scorer (the backend, by a realtime phrase) explains too little; the best
        # scoring of those that explain more takes over, not devops by a restart's word
        ("статус оплати має оновлюватись на екрані без перезавантаження", FRONTEND),
    ],
)
def test_second_choices_on_the_bundled_roster(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent


def test_an_endpoint_around_a_prompt_is_the_backends(bundled: Registry) -> None:
    # llm-ml-engineer: "Ендпоінти → FastAPI Backend Expert (B1)"
    decision = route("додай ендпоінт /translate, промпт вже лежить у prompts.py", bundled)
    assert (decision.agent, decision.redirected_from) == (BACKEND, LLM)
