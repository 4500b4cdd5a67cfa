"""Round 8 routing rules: a shipping event named as a moment, the UI words of a frontend,
and requests about everyday life that name nothing software is made of."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import moment, route, router_for
from coordinator.routing.offtopic import life_subject
from coordinator.routing.text import words
from tests.kit import roster_of


@pytest.fixture(scope="module")
def shipping(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round8"),
        [
            ("deployment-engineer", "Release automation, deploy pipelines and CI."),
            ("database-admin", "PostgreSQL locks, slow queries and vacuum."),
            ("nlp-engineer", "Text translation, tokenizers and language detection."),
        ],
    )


# -- a shipping event named as a moment says when, not what --------------------------------


@pytest.mark.parametrize(
    ("request_text", "position", "expected"),
    [
        ("p95 doubled after the last release", 5, True),
        ("locks since yesterdays deploy", 3, True),
        ("після останнього релізу блокування", 2, True),
        ("automate the release", 2, False),
        ("after we changed the cache config the release failed", 8, False),
    ],
)
def test_a_moment_is_an_event_right_after_a_marker(
    request_text: str, position: int, expected: bool
) -> None:
    assert moment(words(request_text), position) is expected


def test_after_the_release_does_not_pull_a_database_request_to_deployment(
    shipping: Registry,
) -> None:
    # release and postgres weigh alike here: as a moment, release no longer counts
    decision = route("postgres locks after the last release", shipping)
    assert decision.agent == "database-admin"
    assert "releas" not in router_for(shipping).query("postgres locks after the release").weights


def test_a_release_that_is_the_topic_still_routes_to_deployment(shipping: Registry) -> None:
    assert route("automate the release", shipping).agent == "deployment-engineer"


def test_ukrainian_after_the_release_on_the_bundledroster_of(bundled: Registry) -> None:
    # before: devops-expert's trigger "перед релізом" fired on релізу and won
    request = "після релізу в постгресі купа блокувань на таблиці payments, запити висять"
    assert route(request, bundled).agent == "database-engineer"


# -- the UI words of a frontend ----------------------------------------------------------------


def test_a_dark_mode_toggle_is_frontend_work(bundled: Registry) -> None:
    # before: no agent shared a word with the request ("none")
    decision = route("dark mode toggle that remembers the choice after reload", bundled)
    assert decision.agent == "react-frontend-expert"


def test_switching_a_model_is_not_a_toggle(bundled: Registry) -> None:
    # switch is no UI word: a switcher entry had sent this to the frontend
    decision = route("switch the summarizer from gpt-4o to claude", bundled)
    assert decision.agent == "llm-ml-engineer"


# -- everyday life, not software -------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("translate my wedding speech into French", "wedding"),
        ("write a short poem about kubernetes for the office party", "poem"),
        ("my car shows error code P0420, what do i do", "car"),
        ("переклади вірш Шевченка англійською", "вірш"),
        ("скільки коштує перевезти кота потягом", "кота"),
        ("build a recipe app with search", None),
        ("cat the logs and grep for errors", None),
        ("налаштуй машинне навчання для рекомендацій", None),
        ("the recipes page loads slowly", None),
        ("songs do not play in the player after the update", None),
        ("кіт на аватарці не відображається", None),
    ],
)
def test_life_subject(request_text: str, subject: str | None) -> None:
    assert life_subject(words(request_text)) == subject


def test_a_request_about_life_gets_no_specialist(shipping: Registry) -> None:
    # before: nlp-engineer, on translation
    decision = route("translate my wedding speech into French", shipping)
    assert decision.agent is None
    assert "wedding" in decision.reason


def test_a_poem_about_a_technology_is_still_a_poem(bundled: Registry) -> None:
    # before: devops-expert, on kubernetes
    decision = route("write a short poem about kubernetes for the office party", bundled)
    assert decision.agent is None


def test_life_and_software_together_route_as_usual(shipping: Registry) -> None:
    decision = route("translate the wedding site into French with language detection", shipping)
    assert decision.agent == "nlp-engineer"


def test_a_roster_with_a_poet_takes_poems(tmp_path: Path) -> None:
    roster = roster_of(tmp_path, [("poet", "Writes poems, limericks and verses.")])
    assert route("write a poem about cats", roster).agent == "poet"


def test_a_ukrainian_toggle_is_frontend_work_too(bundled: Registry) -> None:
    decision = route("перемикач, що памʼятає вибір після перезавантаження", bundled)
    assert decision.agent == "react-frontend-expert"


# -- a word's second sense, chosen by its neighbours -----------------------------------------


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # before: llm-ml-engineer, on its "tokens" trigger
        (
            "access token expires after 15 min and the user gets kicked out, need a refresh flow",
            "fastapi-backend-expert",
        ),
        ("count the tokens in the prompt before calling the model", "llm-ml-engineer"),
        # before: database-engineer, on таблиця
        ("таблиця на фронті не оновлюється після збереження", "react-frontend-expert"),
        ("add an index to the orders table", "database-engineer"),
    ],
)
def test_neighbours_choose_a_words_sense(
    bundled: Registry, request_text: str, expected: str
) -> None:
    assert route(request_text, bundled).agent == expected


def test_a_moment_that_is_all_the_request_says_stays(shipping: Registry) -> None:
    # little else to route on: the release is what the request is about
    assert route("what to check after a release", shipping).agent == "deployment-engineer"


def test_one_stray_life_word_is_no_life_specialist(tmp_path: Path) -> None:
    roster = roster_of(
        tmp_path,
        [
            ("scala-pro", "Akka, ZIO and Cats Effect services."),
            ("nlp-engineer", "Text translation and language detection."),
        ],
    )
    assert route("translate my wedding speech into French", roster).agent is None


@pytest.mark.parametrize(
    "request_text",
    [
        "Dockerfile multi-stage але образ все одно 2.3GB, як схуднути",
        "в нас kubernetes, хочемо схуднути образи",
    ],
)
def test_a_well_known_tool_beside_an_everyday_word_is_software(
    request_text: str, bundled: Registry
) -> None:
    """A product or tool everyone knows (Docker, a Dockerfile, Kubernetes) makes the request
    about software, whatever everyday word it is said with ("slim down" is also dieting)."""
    assert life_subject(words(request_text)) is None
    assert route(request_text, bundled).agent == "devops-expert"


def test_the_everyday_word_alone_is_still_everyday_life(bundled: Registry) -> None:
    decision = route("хочу схуднути на 5 кг до літа", bundled)
    assert decision.agent is None and "everyday life" in decision.reason
