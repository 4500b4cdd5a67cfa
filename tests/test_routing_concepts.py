"""Round 3 routing rules: everyday words reach their domain, a domain alone does not take a
request away from the agent that explains it, consistent stemming, borrowed long i."""

from __future__ import annotations

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.match import Vocabulary
from coordinator.routing.stems import stem_en
from coordinator.routing.text import terms
from tests.kit import write_agent as _agent
from tests.routing_support import assert_routes_to


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """Agents described in their domain's words only: none mentions login, button or crash."""
    folder = tmp_path_factory.mktemp("agents")
    _agent(folder, "ui-builder", "Frontend UI components, CSS and accessibility.")
    _agent(
        folder,
        "service-builder",
        "Backend API endpoints, background jobs and authentication tokens.\n"
        "NOT for: Frontend -> ui-builder",
    )
    _agent(folder, "data-keeper", "Database schema design, SQL query tuning and backups.")
    _agent(folder, "bug-hunter", "Debugging: finds the root cause of an error or bug.")
    _agent(folder, "landing-page-copywriter", "Marketing copy for landing pages and headlines.")
    return load_registry([folder], only=True, cwd=folder, cache=False)


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("make the button bigger", "ui-builder"),
        ("the modal flickers", "ui-builder"),
        ("add a column for the due date", "data-keeper"),
        ("it crashes on startup", "bug-hunter"),
    ],
)
def test_an_everyday_word_the_roster_lacks_reaches_its_domain(
    roster: Registry, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, roster, agent)


def test_a_word_the_roster_knows_keeps_its_own_meaning(roster: Registry) -> None:
    # "page" is in an agent's name: its domain (frontend) is not added on top
    assert route("rewrite the headline of the landing page", roster).agent == (
        "landing-page-copywriter"
    )


def test_a_domain_alone_does_not_redirect_past_the_agent_that_explains_the_request(
    roster: Registry,
) -> None:
    # "signup" belongs to frontend by its domain, but the request is about jobs and tokens
    decision = route("background job that refreshes tokens after signup", roster)
    assert decision.agent == "service-builder"
    assert decision.redirected_from is None


def test_the_request_own_words_still_redirect(roster: Registry) -> None:
    decision = route("frontend for the authentication tokens endpoint", roster)
    assert decision.agent == "ui-builder"
    assert decision.redirected_from == "service-builder"


def test_a_request_about_nothing_developers_do_still_fits_no_one(roster: Registry) -> None:
    assert route("recommend a good science fiction novel", roster).agent is None


@pytest.mark.parametrize(
    "forms",
    [
        ("create", "creating", "created", "creation"),
        ("document", "documents", "documenter", "documentation"),
        ("optimize", "optimizer", "optimizing", "optimization"),
        ("validate", "validated", "validation"),
    ],
)
def test_every_form_of_a_word_stems_alike(forms: tuple[str, ...]) -> None:
    assert len({stem_en(f) for f in forms}) == 1, [stem_en(f) for f in forms]


@pytest.mark.parametrize(("word", "latin"), [("пайтон", "python"), ("тайпскрипт", "typescript")])
def test_a_borrowed_long_i_meets_the_latin_word(word: str, latin: str) -> None:
    vocabulary = Vocabulary(terms(f"{latin} rust golang"))
    assert set(terms(latin)) <= set(vocabulary.related(terms(word)[0]))


def test_an_error_name_is_about_a_failure(roster: Registry) -> None:
    decision = route("the worker dies with SomeWeirdLibraryError", roster)
    assert decision.agent == "bug-hunter", decision.reason


def test_a_guessed_letter_does_not_lead_on_to_sub_words() -> None:
    vocabulary = Vocabulary(["servic", "servicemesh"])
    related = vocabulary.related(terms("сервізу")[0])  # serviz: one letter from servic
    assert "servic" in related
    assert "servicemesh" not in related


@pytest.mark.parametrize(
    "request_text",
    ["the orders table does not fit on a phone screen", "table overflows on mobile"],
)
def test_a_table_that_does_not_fit_a_phone_goes_to_the_frontend(
    bundled: Registry, request_text: str
) -> None:
    # once the runner-up path (database-engineer led on the one word "table"); since
    # bundled5 the frontend's description names mobile layout and leads by itself. The
    # runner-up mechanism keeps its own test (test_routing_round7, a synthetic roster).
    decision = route(request_text, bundled)
    assert decision.agent == "react-frontend-expert", decision.reason


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("users get logged out", "logout"),
        ("log in with Google", "login"),
        ("signing up takes too long", "signup"),
        ("sign in button", "signin"),
    ],
)
def test_log_in_and_sign_up_are_one_word(text: str, term: str) -> None:
    found = terms(text)
    assert term in found
    assert "log" not in found  # not logging
