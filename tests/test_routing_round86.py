# ruff: noqa: RUF001 - Ukrainian requests
"""Round 86: a fired outcome frame against a near candidate that leads only by the frame's
own words (``SituationPicks._frame_over_words``).

A frame is a sentence naming a situation of one field ("the tenant comes in a header",
"a product with several categories", "predict next month's sales"); one of its words may
also be another field's trigger or strong word (header: a page's header; categories:
classification; predict: a model). When the candidate holding the frame is near and the
chosen one leads only by such words, with less than one word of median weight of its own
elsewhere in the request, the frame's field takes it; a request that names the other
field's technology, or gives it words of its own outside the frame, stays. Requests here
are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import situation_tests
from routing_support import Rosters, assert_routes_to

from coordinator.roster.registry import Registry
from coordinator.routing import outcomes
from coordinator.routing.lexical import route, router_for

BACKEND = "fastapi-backend-expert"
FRONTEND = "react-frontend-expert"
DATABASE = "database-engineer"
LLM = "llm-ml-engineer"

#: (request, the frame it holds, the bundled agent it goes to)
SITUATIONS = [
    (
        "the tenant header is ignored by the api when the token is for another company",
        "outcometenantheader",
        BACKEND,
    ),
    (
        "the tenant id comes in a header, check my dependency that reads it",
        "outcometenantheader",
        BACKEND,
    ),
    ("один товар — кілька категорій, як це зберігати?", "outcomemany", DATABASE),
    (
        "a product should be able to belong to several categories, right now it is only one",
        "outcomemany",
        DATABASE,
    ),
    # near misses: the chosen field has words of its own outside the frame
    ("the llm should put each product into several categories", "outcomemany", LLM),
    ("нехай llm розкладає кожен товар у кілька категорій", "outcomemany", LLM),
    (
        "file upload endpoint takes 40 sec for a 10mb pdf, something blocking?",
        "outcomeslowsecs",
        BACKEND,
    ),
]


test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    ("text", "top", "agent"),
    [
        (
            "the tenant header is ignored by the api when the token is for another company",
            FRONTEND,
            BACKEND,
        ),
        ("один товар — кілька категорій, як це зберігати?", LLM, DATABASE),
    ],
)
def test_the_frame_takes_a_lead_made_of_its_own_words(
    bundled: Registry, text: str, top: str, agent: str
) -> None:
    router = router_for(bundled)
    totals, _ = router.scores(router.query(text))
    assert router.names[max(totals, key=totals.__getitem__)] == top  # the word's field leads
    assert route(text, bundled).agent == agent


def test_the_words_a_frame_is_made_of() -> None:
    tokens = ["нам", "треба", "кілька", "категорій", "у", "товару"]
    assert outcomes.frame_words(tokens, frozenset(["outcomemany"])) == {
        "кілька",
        "категорій",
        "товару",
    }
    assert outcomes.frame_words(tokens, frozenset(["outcometenanthead"])) == frozenset()


def test_a_named_technology_is_support_of_its_own(bundled: Registry) -> None:
    router = router_for(bundled)
    query = router.query("in the react app the header shows the wrong tenant")
    react, backend = router.index_of[FRONTEND], router.index_of[BACKEND]
    assert router._own_support(react, backend, query)
    plain = router.query("the header shows the wrong tenant")
    assert not router._own_support(react, backend, plain)


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("predict next month's orders from history", "data-scientist"),
        ("передбач продажі на наступний місяць", "data-scientist"),
        # the model's own words outside the frame: it stays
        (
            "predict which users will churn with an ML model in production, retrain it weekly",
            "ml-engineer",
        ),
        (
            "put the sales forecasting model into production with a retraining pipeline",
            "ml-engineer",
        ),
    ],
)
def test_a_forecast_goes_to_the_data_scientist_on_lst97(
    corpus_rosters: Rosters, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters["lst97"], agent)
