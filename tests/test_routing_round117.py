"""Round 117: terse asks that name a technology by a short form or a product's name.

A short form is read by its context: "es" beside what only a search index has (a mapping,
shards, replicas, a reindex; індекс) is Elasticsearch, not ECMAScript; ChatGPT put into a
product (the admin, a bot, a widget) or called by its API is OpenAI's API, while a text that
sounds like ChatGPT stays the editors' (``vocab.SENSES``). A product's own name names the
technology it belongs to: Swagger is OpenAPI, GoFiber is Go (``signatures._PRODUCT_TOKENS``).
A short name is the name written (``frameworks.short_for``): "otel traces from fastapi" names
OpenTelemetry beside FastAPI, so the tool whose data the traces are keeps the request from
the framework they come from, and "gofiber" names Go as a language the request writes. macOS
notarization is Apple's, no notary's. "скрінрідер" by ear is accessibility. Requests here
are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.routing.frameworks import short_for
from coordinator.routing.lexical import route
from coordinator.routing.senses import sense
from coordinator.routing.signatures import technologies
from coordinator.routing.text import words
from tests.routing_support import Rosters, assert_routes_to


@pytest.mark.parametrize(
    ("word", "term"),
    [
        ("otel", "opentelemetry"),
        ("sklearn", "scikit"),
        ("gpt", "openai"),
        ("gofiber", "go"),
        ("swagger", "openapi"),
        ("es", "elasticsearch"),
        ("chatgpt", "openai"),
    ],
)
def test_a_short_name_writes_its_technology(word: str, term: str) -> None:
    assert short_for(word, term)


@pytest.mark.parametrize(
    ("word", "term"),
    [("es", "typescript"), ("token", "auth"), ("fiber", "go"), ("otel", "fastapi")],
)
def test_a_word_that_is_no_short_name(word: str, term: str) -> None:
    assert not short_for(word, term)


@pytest.mark.parametrize(("token", "names"), [("swagger", ("openapi",)), ("gofiber", ("go",))])
def test_a_product_names_its_technology(token: str, names: tuple[str, ...]) -> None:
    assert technologies(token) == names


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        ("es mapping explosion on the products index", ("elasticsearch",)),
        ("es: 3 shards unassigned after restart", ("elasticsearch",)),
        ("пошук в es, індекс на 5к полів", ("elasticsearch",)),
        ("chatgpt in the admin panel writes descriptions", ("openai",)),
        ("прикрутити chatgpt до бота", ("openai",)),
    ],
)
def test_a_short_form_read_by_its_neighbours(text: str, meaning: tuple[str, ...]) -> None:
    tokens = words(text)
    found = {sense(tokens, i) for i, t in enumerate(tokens) if t in {"es", "chatgpt"}}
    assert meaning in found


@pytest.mark.parametrize(
    "text",
    [
        "es modules vs commonjs in the library build",
        "іспанська версія сайту, es локаль",
        "this blog post sounds like chatgpt wrote it",
        "the draft I wrote with chatgpt reads robotic",
    ],
)
def test_a_short_form_left_plain(text: str) -> None:
    tokens = words(text)
    assert all(sense(tokens, i) == () for i, t in enumerate(tokens) if t in {"es", "chatgpt"})


ROUTES = [
    ("es index mapping: keyword vs text for the sku field", "0xfurai", "elasticsearch-expert"),
    ("es reindex into a new mapping without downtime", "0xfurai", "elasticsearch-expert"),
    (
        "otel traces from our fastapi app never reach the collector",
        "0xfurai",
        "opentelemetry-expert",
    ),
    ("otel collector drops metrics from spring boot", "0xfurai", "opentelemetry-expert"),
    ("otel спани з django не доходять до collector", "0xfurai", "opentelemetry-expert"),
    ("gofiber rate limiter, 429 after 100 requests", "0xfurai", "go-expert"),
    ("gofiber rate limiter per api key", "0xfurai", "go-expert"),
    ("chatgpt in our admin panel to draft product descriptions", "0xfurai", "openai-api-expert"),
    ("swagger for our api so partners can integrate", "0xfurai", "openapi-expert"),
    ("swagger spec out of date with the endpoints, regenerate it", "0xfurai", "openapi-expert"),
    ("треба swagger доку для нашого rest api", "0xfurai", "openapi-expert"),
    ("electron autoupdate and mac notarization", "0xfurai", "electron-expert"),
    ("electron autoupdate and mac notarization", "lst97", "electron-pro"),
    ("форма входу щоб працювала зі скрінрідером", "lst97", "frontend-developer"),
]


@pytest.mark.parametrize(("text", "roster", "agent"), ROUTES)
def test_the_request_goes_to_its_agent(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


@pytest.mark.parametrize(
    ("text", "roster", "agents"),
    [
        ("es modules vs commonjs in our library build", "0xfurai", {"typescript-expert"}),
        (
            "fastapi dependency injection for a db session per request",
            "0xfurai",
            {"fastapi-expert"},
        ),
        ("gin middleware order for auth and logging", "0xfurai", {"gin-expert"}),
        ("chatgpt api returns 429 on bulk jobs", "0xfurai", {"openai-api-expert"}),
        (
            "this blog post sounds like chatgpt wrote it, clean it up",
            "voltagent",
            {"ai-writing-auditor", "content-quality-editor"},
        ),
        ("pytorch model training diverges after epoch 3", "0xfurai", {"pytorch-expert"}),
        ("зібрати команду агентів під реліз, хто що робить", "lst97", {"agent-organizer"}),
    ],
)
def test_near_misses_keep_their_agent(
    corpus_rosters: Rosters, text: str, roster: str, agents: set[str]
) -> None:
    assert route(text, corpus_rosters[roster]).agent in agents


@pytest.mark.parametrize(
    "text",
    [
        "where do I get a notarization of my diploma translation?",
        "how much does notarization of a power of attorney cost?",
    ],
)
def test_a_notary_stays_unrouted(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["0xfurai"]).agent is None
