# ruff: noqa: RUF001, RUF003 - Ukrainian text is intended
"""Round 11 routing rules: Cyrillic spellings of technology names and their inflections, and
symptoms that name a domain without its technical word."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route, sense
from coordinator.routing.offtopic import life_subject
from coordinator.routing.text import term_list, terms, words
from tests.kit import roster_of

# -- Cyrillic spellings of technology names ------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("авс", "aws"),
        ("базелі", "bazel"),  # not база (database) with an е/і alternation undone
        ("юніті", "unity"),
        ("юніт", "unit"),  # a unit test keeps its word
        ("пайдентік", "pydantic"),
        ("вебпаком", "webpack"),
        ("бігквері", "bigquery"),
        ("скрінрідером", "screenread"),
        ("фпс", "fps"),
        ("дженеріки", "generic"),
        ("флакають", "flaky"),
        ("нейтів", "nat"),  # native stems to nat on the roster side too
    ],
)
def test_a_cyrillic_technology_name_reads_as_the_technology(token: str, expected: str) -> None:
    assert term_list(token)[0] == expected


# -- symptoms ------------------------------------------------------------------------------


def _sense_of(request: str, word: str) -> tuple[str, ...]:
    tokens = words(request)
    return sense(tokens, tokens.index(word))


@pytest.mark.parametrize(
    ("request_text", "word", "reads"),
    [
        ("p99 latency doubles at 500 rps in the load test", "latency", True),
        ("p95 latency doubled after the last release", "latency", True),
        ("the api has high latency", "latency", False),
        ("write SQL to find customers who churned last quarter", "churned", True),
        ("analyze why users churn after the first week", "churn", True),
        ("reduce churn with a better onboarding email", "churn", False),
    ],
)
def test_a_symptom_reads_as_its_domain_beside_its_cue(
    request_text: str, word: str, reads: bool
) -> None:
    assert bool(_sense_of(request_text, word)) is reads


@pytest.mark.parametrize(
    ("text", "hallucinates"),
    [
        ("how do i stop the bot from making stuff up", True),
        ("the assistant gives made-up answers", True),
        ("наш бот підтримки вигадує відповіді", True),
        ("модель вигадує факти", True),
        # an agent's own instruction not to invent a format is no symptom
        ("не вигадуй його формат", False),
        ("make things up to date", False),
    ],
)
def test_a_bot_that_makes_things_up_hallucinates(text: str, hallucinates: bool) -> None:
    assert ("hallucin" in terms(text)) is hallucinates


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round11"),
        [
            ("customer-success-manager", "Customer churn, retention, renewals and onboarding."),
            ("data-analyst", "Data analysis, SQL reports, dashboards and analytics."),
            ("performance-engineer", "Performance bottlenecks, profiling and optimization."),
            ("frontend-developer", "Web pages, latency of page loads, UI components."),
            ("llm-engineer", "LLM applications, RAG, prompts and hallucination."),
            ("backend-developer", "APIs, endpoints, the bot's server and its answers."),
        ],
    )


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("analyze why users churn after the first week", "data-analyst"),
        ("p99 latency doubles at 500 rps, where do i look", "performance-engineer"),
        ("how do i stop the bot from making stuff up in its answers", "llm-engineer"),
    ],
)
def test_a_symptom_routes_to_its_domain(team: Registry, request_text: str, agent: str) -> None:
    assert route(request_text, team).agent == agent


# -- an office document's own words ----------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("excel formula to sum only the visible rows after a filter", "excel"),
        ("макрос у ворді, який нумерує сторінки, перестав працювати", "ворді"),
        ("формула в екселі рахує неправильно", "екселі"),
        # a formula or a page alone is no frame; software words still win
        ("the discount formula is wrong", None),
        ("the pricing formula on the checkout page is wrong", None),
        ("export the orders page to excel", None),
        ("сторінка логіну не відкривається", None),
    ],
)
def test_an_office_documents_own_words_weigh_for_its_frame(
    request_text: str, subject: str | None
) -> None:
    assert life_subject(words(request_text)) == subject


# -- personal writing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("write me a cover letter for a senior python job", "cover letter"),
        ("напиши тост на корпоратив з жартами про деплой у пʼятницю", "тост"),
        ("write a linkedin post announcing that i got promoted", "linkedin"),
        # a UI toast, a cover page, a LinkedIn login are software
        ("show a toast when saving fails", None),
        ("write a toast notification component in react", None),
        ("write the cover page component", None),
        ("add linkedin login to the app", None),
    ],
)
def test_a_personal_text_gets_no_specialist(request_text: str, subject: str | None) -> None:
    assert life_subject(words(request_text)) == subject


@pytest.mark.parametrize(
    "request_text", ["the recipes page loads slowly", "сторінка з рецептами довго вантажиться"]
)
def test_a_page_without_an_office_product_is_a_screen(request_text: str) -> None:
    assert life_subject(words(request_text)) is None
