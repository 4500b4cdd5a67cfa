"""Round 51 routing: a part of a feature said to be there already is left out in more of the
ways people say it (inflected, placed "на беку" / "в БД", named by a Latin identifier, said
to be fine, applied or not needed, or named after "вже є" / "already have"). Requests here
are constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import concepts
from coordinator.routing.lexical import route
from coordinator.routing.redirects import context_words
from coordinator.routing.senses import left_alone, sense
from coordinator.routing.text import words

BACKEND, DATABASE, DEVOPS = "fastapi-backend-expert", "database-engineer", "devops-expert"
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


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("show a toast when the server returns 409", {"the", "server", "returns", "409"}),
        ("покажи банер коли бекенд повертає помилку", {"бекенд", "повертає", "помилку"}),
        # a word said outside the condition too is no context
        ("when the api fails, retry the api call", {"fails", "retry"}),
    ],
)
def test_words_of_a_condition_are_context(text: str, context: set[str]) -> None:
    assert context_words(words(text)) == context


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        # the status code in the condition brings in api and backend: no NOT-for evidence
        ("show a toast whenever the server returns 409", FRONTEND),
        # guard: the endpoint is the work, the condition is its behaviour
        ("add an endpoint for the frontend that returns 409 when the email is taken", BACKEND),
    ],
)
def test_a_condition_does_not_redirect(bundled: Registry, request_text: str, agent: str) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        # keeping old app versions working is the API's compatibility: the backend's, though
        # the request names mobile clients (the frontend's words)
        ("release a v2 api so the old mobile clients keep working", BACKEND),
        ("old mobile clients still call v1, add v2 without breaking them", BACKEND),
        ("зроби v2 апі щоб старі мобільні клієнти не зламались", BACKEND),
        # guard: the mobile app's own screen stays the frontend's
        ("the settings page is cut off on old android phones", FRONTEND),
    ],
)
def test_old_clients_of_an_api_are_the_backends(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        # an error rate past a threshold is an alert on a metric, wherever it is sent
        ("send a telegram message when the api error rate climbs past 3 percent", DEVOPS),
        ("якщо відсоток помилок на апі більше 5%, хай прилітає в слак", DEVOPS),
        # guard: a model's error rate is its quality
        ("the model error rate on the test set is 12%, improve it", LLM),
    ],
)
def test_an_error_rate_alert_is_devops(bundled: Registry, request_text: str, agent: str) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("text", "word", "layout"),
    [
        ("на айфоні таблиця платежів обрізається", "таблиця", True),
        ("the table overflows on narrow screens", "table", True),
        ("хочу тягати задачі між колонками на дошці", "колонками", True),
        ("move cards between the columns of the kanban board", "columns", True),
        # guards: a table of phone numbers, a column a migration dropped
        ("create a table for mobile push tokens", "table", False),
        ("the migration dropped the wrong column", "column", False),
    ],
)
def test_a_table_or_column_on_screen_or_board_is_layout(text: str, word: str, layout: bool) -> None:
    tokens = words(text)
    assert bool(sense(tokens, tokens.index(word))) is layout


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("хочу щоб задачі на дошці можна було тягати між колонками", FRONTEND),
        ("undo the last alembic revision, it dropped the wrong column", DATABASE),
    ],
)
def test_board_columns_are_the_frontends(bundled: Registry, request_text: str, agent: str) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        # a device names a layout's place only as a place (on the phone, на мобілці)
        ("add a column for phone numbers to the customers table", DATABASE),
        ("додай колонку з номером телефону в таблицю клієнтів", DATABASE),
        ("add a phone column to users", DATABASE),
        # guards: columns on a phone or on mobile stay the layout's
        ("the pricing cards should be three columns on desktop and one on a phone", FRONTEND),
        ("таблиця має забагато колонок на мобілці", FRONTEND),
    ],
)
def test_a_device_is_a_layout_cue_only_as_a_place(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        # designing the tables is the database's, whatever the rows are about
        (
            "design the tables for storing what the assistant answered and which sources it used",
            DATABASE,
        ),
        ("design the schema for prompts and their versions", DATABASE),
    ],
)
def test_designing_tables_is_the_databases(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent


def test_designing_tables_in_ukrainian_is_a_phrase() -> None:
    assert "storewhat" in concepts.phrases(words("спроєктуй таблиці для зберігання відповідей"))
