# ruff: noqa: RUF001 - Ukrainian requests
"""Round 60: product and tool names as people misspell them (coordinator.routing.spelling).
Requests here are constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route, router_for
from coordinator.routing.spelling import NameSpellings, described_products, distance, edits_allowed
from coordinator.routing.text import term_list
from tests.routing_support import Rosters, assert_routes_to, assert_unrouted, write_plain_agent

NAMES = ["playwright", "vitest", "docker", "stack", "react", "kubernetes", "fiber", "next"]


def _match(names: NameSpellings, word: str) -> tuple[str, ...]:
    return names.match(word, term_list(word)[0])


@pytest.fixture(scope="module")
def names() -> NameSpellings:
    return NameSpellings([*NAMES, "cockroachdb", "liveview", "electron", "promtail"])


@pytest.mark.parametrize(
    ("one", "other", "limit", "expected"),
    [
        ("vitset", "vitest", 1, 1),  # two neighbours swapped: one edit
        ("playwrit", "playwright", 2, 2),
        ("playwrit", "playwright", 1, 2),  # beyond the limit: limit + 1
        ("terrafrom", "terraform", 1, 1),
        ("kafka", "kafka", 1, 0),
    ],
)
def test_distance_counts_a_swap_as_one_edit(
    one: str, other: str, limit: int, expected: int
) -> None:
    assert distance(one, other, limit) == expected


def test_a_substitution_may_cost_two() -> None:
    assert distance("stuck", "stack", 1) == 1
    assert distance("stuck", "stack", 1, substitute=2) == 2


def test_the_allowance_grows_with_the_length() -> None:
    assert [edits_allowed(n) for n in (2, 4, 5, 7, 8, 12)] == [0, 0, 1, 1, 2, 2]


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("playwrite", "playwright"),  # its stem playwrit is two edits from the name
        ("playwrigth", "playwright"),
        ("vitset", "vitest"),
        ("dockr", "docker"),
        ("fibre", "fiber"),  # the British spelling: two neighbours swapped
        ("kuberentes", "kubernetes"),
        ("кубернетісі", "kubernetes"),  # by ear: its transliterated skeleton, one edit off
    ],
)
def test_a_misspelt_name_meets_the_name(names: NameSpellings, word: str, name: str) -> None:
    assert _match(names, word) == (name,)


@pytest.mark.parametrize(
    "word",
    [
        "stuck",  # one letter off a short name is another word (stack)
        "stocks",
        "refactor",  # its stem refact meets no short name (react)
        "blocks",  # a common word is never a misspelt name
        "nexus",  # next is too short to be a target
        "fiver",  # fiber is short: only a letter left out, added or swapped counts
        "waitress",
        "listview",  # two letters changed: another word (liveview)
        "electricity",  # its stem drops a whole ending: electric is no electron
        "проставляти",  # a Cyrillic word two edits off a name's skeleton (promtail)
        "електричка",
        "cockroach",  # a word a name extends is another word
        "kubernetes",  # a name as written is no misspelling
    ],
)
def test_other_words_meet_no_name(names: NameSpellings, word: str) -> None:
    assert _match(names, word) == ()


def test_a_word_the_glossary_read_is_not_compared_again(names: NameSpellings) -> None:
    assert names.match("вивести", "output") == ()


@pytest.fixture(scope="module")
def small_roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    folder = tmp_path_factory.mktemp("agents")
    write_plain_agent(
        folder,
        "playwright-expert",
        "Playwright end-to-end browser tests: locators, fixtures, traces.",
        "Writes and fixes Playwright test suites across chromium, firefox and webkit.",
    )
    write_plain_agent(
        folder,
        "vitest-expert",
        "Vitest unit tests for Vite projects: mocks, snapshots, coverage.",
        "Configures Vitest, its mocks, spies and fake timers.",
    )
    write_plain_agent(
        folder,
        "terraform-expert",
        "Terraform infrastructure as code: modules, state, plans.",
        "Writes Terraform modules and untangles state.",
    )
    cwd = tmp_path_factory.mktemp("cwd")
    return load_registry([folder], only=True, cwd=cwd, cache=False)


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("playwrite tests only fail in webkit", "playwright-expert"),
        ("vitset mocks leak between tests", "vitest-expert"),
        ("terrafrom plan wants to recreate the bucket", "terraform-expert"),
        ("тести на плейрайті падають тільки у вебкіті", "playwright-expert"),
    ],
)
def test_a_misspelt_name_routes_as_the_name(
    small_roster: Registry, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, small_roster, agent)


def test_a_misspelt_name_is_read_as_the_name(small_roster: Registry) -> None:
    wrong, right = route("vitset", small_roster), route("vitest", small_roster)
    assert (wrong.agent, wrong.score) == (right.agent, right.score)
    assert router_for(small_roster)._plan("terrafrom") == router_for(small_roster)._plan(
        "terraform"
    )


def test_the_matcher_is_built_with_the_index(small_roster: Registry) -> None:
    assert {"playwright", "vitest", "terraform"} <= router_for(small_roster).spellings.written()


def test_an_everyday_word_near_no_name_stays_unrouted(small_roster: Registry) -> None:
    assert_unrouted("which stocks should I buy this year?", small_roster)


@pytest.mark.parametrize(
    ("roster", "request_text", "agent"),
    [
        ("0xfurai", "QA: playwrite tests pass in chromium but fail in webkit", "playwright-expert"),
        ("0xfurai", "elasticserch cluster is yellow after a node restart", "elasticsearch-expert"),
        ("voltagent", "write a djnago management command that cleans sessions", "django-developer"),
        ("lst97", "pyton script to parse these csv exports", "python-pro"),
    ],
)
def test_misspelt_names_on_the_corpus_rosters(
    corpus_rosters: Rosters, roster: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster], agent)


def test_only_products_the_roster_describes_are_targets() -> None:
    found = described_products({"cassandra", "kafka"})
    assert {"cassandra", "kafka"} <= found
    assert "statsd" not in found  # stats is no misspelt statsd on a roster without it


def test_a_name_written_split_is_read_whole(names: NameSpellings) -> None:
    assert names.split(["my", "play", "wright", "tests"]) == (["playwright"], {"play", "wright"})
    assert names.split(["power", "bi", "report"]) == ([], set())  # no name of this roster


def test_a_split_name_routes_as_the_name(small_roster: Registry) -> None:
    whole, split = route("vitest mocks", small_roster), route("vi test mocks", small_roster)
    assert (split.agent, split.score) == (whole.agent, whole.score)


@pytest.mark.parametrize(
    ("roster", "request_text", "agent"),
    [
        ("0xfurai", "type script generics for an event emitter", "typescript-expert"),
        ("0xfurai", "graph ql resolver returns null for nested fields", "graphql-expert"),
        ("0xfurai", "mongo db aggregation is slow on a big collection", "mongodb-expert"),
    ],
)
def test_split_names_on_the_corpus_rosters(
    corpus_rosters: Rosters, roster: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster], agent)
