"""Round 121: a technology's own agent when the request names it among other words.

Two readings of the technology a request names (``frameworks.compound_forms``,
``frameworks.team_languages``, ``choice_named._language_senses``): an agent named for a
framework of two words (expo-react-native-expert) is React Native's, so a request writing
React alone does not name it, and a weaker sense of the word that writes the language
(reactivity, vue's, from "React") names no other framework either: the language's own agent
keeps a request those agents outscore on plain words (socket pushes, renders). A language
said as the team's ("python team", "команда на пайтоні") or written with its versions in a CI
matrix is the context of the ask, weighed as little as a language moved off: the job's agent
takes it. Near misses keep their agents. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.routing.frameworks import compound_forms, team_languages
from coordinator.routing.text import words
from tests.routing_support import Rosters, assert_routes_to

ROUTED = [
    # (roster, request, agent)
    (
        "voltagent",
        "Our React admin re-renders the whole <Orders> tree every time the socket pushes a "
        "stock tick. `StockContext` wraps the entire app. How should this be split?",
        "react-specialist",
    ),
    (
        "0xfurai",
        "we have two years of orders and want a 'you may also like' block, python team",
        "scikit-learn-expert",
    ),
    (
        "voltagent",
        "our php team wants a model that predicts which orders will be returned",
        "data-scientist",
    ),
]

KEPT = [
    # near misses: (roster, request, agent)
    ("0xfurai", "ріакт нейтів: список на 3000 елементів лагає на андроїді", "react-native-expert"),
    (
        "0xfurai",
        "react native FlatList with 2000 rows janks on older androids",
        "react-native-expert",
    ),
    (
        "voltagent",
        "react native app: push notifications stopped arriving on iOS after the expo upgrade",
        "expo-react-native-expert",
    ),
    ("voltagent", "Vue 3: computed doesn't update when I push into a reactive array", "vue-expert"),
    (
        "voltagent",
        "React: useEffect runs twice in dev and our analytics double-counts page views",
        "react-specialist",
    ),
    (
        "0xfurai",
        "our python team wants this loop over 2 million dicts to run faster, it's pure python",
        "python-expert",
    ),
    (
        "voltagent",
        "python team: asyncio gather swallows exceptions from one of the tasks, how to see them",
        "python-pro",
    ),
    (
        "voltagent",
        "php team here: our plain PHP 8 script leaks memory in a long loop",
        "php-pro",
    ),
    ("0xfurai", "our go team: goroutines leak in the worker after a context cancel", "go-expert"),
    (
        "0xfurai",
        "we're a python shop; django admin list page takes 20 seconds with 50k orders",
        "django-expert",
    ),
    (
        "0xfurai",
        ".github/workflows/test.yml: add a matrix over node 18 and 20 and cache npm",
        "github-actions-expert",
    ),
    ("0xfurai", "migrate this python 2 script to python 3", "python-expert"),
    ("lst97", "python script: rename 3000 photos by exif date taken", "python-pro"),
]


@pytest.mark.parametrize(("roster", "text", "agent"), ROUTED)
def test_the_technology_asked_decides(
    corpus_rosters: Rosters, roster: str, text: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


@pytest.mark.parametrize(("roster", "text", "agent"), KEPT)
def test_a_near_miss_keeps_its_agent(
    corpus_rosters: Rosters, roster: str, text: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


def test_a_framework_of_two_words_is_named_as_one() -> None:
    assert compound_forms("expo-react-native-expert") == {"reactnat", "nat"}
    assert compound_forms("spring-boot-engineer") == {"springboot", "boot"}
    assert compound_forms("react-specialist") == frozenset()
    assert compound_forms("golang-pro") == frozenset()


def _language(word: str) -> str:
    return {"python": "python", "пайтоні": "python", "node": "node"}.get(word, "")


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("simple recommendations, python team", ["python"]),
        ("наша команда на пайтоні хоче прогноз", ["пайтоні"]),
        ("a matrix over python 3.10 to 3.13", ["python"]),
        ("our node devs want tracing", ["node"]),
    ],
)
def test_a_language_said_as_context(text: str, context: list[str]) -> None:
    tokens = words(text)
    assert [tokens[at] for at in team_languages(tokens, _language)] == context


@pytest.mark.parametrize(
    "text",
    [
        "python script leaks memory",
        "the team wants a python script",  # the team asks; python is the job
        "python 3.12 breaks our build",  # versions, but no CI matrix
        "перепиши на пайтоні, команда чекає",
    ],
)
def test_a_language_asked_for_is_no_context(text: str) -> None:
    assert team_languages(words(text), _language) == ()
