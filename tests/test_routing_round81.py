"""Round 81: a framework's or platform's own agent against a generic one
(:mod:`coordinator.routing.frameworks`). In a near tie the one candidate whose name the request
writes (svelte-expert for "sveltekit ...", swift-expert for "swiftui ...") takes it from a
generic agent of its layer or a neighbouring framework's expert; "react native" names a
framework of its own, not react; a framework written as what the request compares with
("lighter than electron") names nothing; on a large roster a framework agent whose own
description holds a word no other agent has (woocommerce) takes the tie when no name is
written. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import roster_of

from coordinator.roster.registry import Registry
from coordinator.routing.choice_named import _named_languages
from coordinator.routing.frameworks import name_forms, writes
from coordinator.routing.lexical import router_for
from coordinator.routing.text import term_list
from tests.routing_support import Rosters, assert_routes_to

_ROSTER = [
    ("svelte-expert", "Svelte components, stores and reactivity."),
    ("solidjs-expert", "SolidJS signals, stores, pages and navigation."),
    ("mobile-developer", "Builds mobile apps: screens, lists, navigation on phones."),
    ("swift-expert", "Swift language and Apple platform apps."),
    ("electron-expert", "Electron desktop apps: main and renderer processes."),
    ("tauri-expert", "Tauri desktop apps with a Rust backend and a web UI."),
]


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r81"), _ROSTER)


def test_a_name_holds_its_framework_and_compounds() -> None:
    assert term_list("sveltekit")[0] in name_forms("svelte-expert")
    assert term_list("swiftui")[0] in name_forms("swift-expert")
    assert term_list("javascript")[0] not in name_forms("java-pro")
    assert name_forms("mobile-developer") == frozenset()
    assert name_forms("code-reviewer") == frozenset()


def test_a_compared_framework_is_not_written(roster: Registry) -> None:
    router = router_for(roster)
    electron = term_list("electron")[0]
    assert writes(router.query("the electron app leaks memory"), electron)
    assert not writes(router.query("a desktop app lighter than electron"), electron)
    assert not writes(router.query("десктопна апка легша ніж на електроні"), electron)


def test_react_native_names_its_own_framework(roster: Registry) -> None:
    named = _named_languages(router_for(roster).query("react native app crashes on the camera"))
    assert term_list("react")[0] not in named
    assert term_list("reactnative")[0] in named
    assert term_list("react")[0] in _named_languages(router_for(roster).query("a react hook"))


def _index(router: object, name: str) -> int:
    return router.index_of[name]  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize(
    ("text", "top", "other", "want"),
    [
        # the named framework's agent takes a near tie from either side
        ("sveltekit page loses store state", "solidjs-expert", "svelte-expert", "svelte-expert"),
        ("sveltekit page loses store state", "svelte-expert", "solidjs-expert", "svelte-expert"),
        ("swiftui list lags on scroll", "mobile-developer", "swift-expert", "swift-expert"),
        # no name written, or the one written only compared with: no framework decides
        ("the list lags on scroll", "mobile-developer", "swift-expert", None),
        ("lighter than electron, a rust core", "electron-expert", "tauri-expert", None),
    ],
)
def test_the_written_framework_takes_a_near_tie(
    roster: Registry, text: str, top: str, other: str, want: str | None
) -> None:
    router = router_for(roster)
    ranked = [(_index(router, top), 10.0), (_index(router, other), 9.0)]
    found = router._framework_tie(router.query(text), ranked)
    assert (router.names[found[0]] if found else None) == want


def test_a_far_framework_agent_takes_nothing(roster: Registry) -> None:
    router = router_for(roster)
    ranked = [(_index(router, "mobile-developer"), 10.0), (_index(router, "swift-expert"), 7.0)]
    assert router._framework_tie(router.query("swiftui list lags on scroll"), ranked) is None


@pytest.mark.parametrize(
    ("name", "text", "agent"),
    [
        ("lst97", "react native list screen stutters on cheap android phones", "mobile-developer"),
        (
            "0xfurai",
            "prometheus histogram_quantile shows nonsense after a pod rescheduled",
            "prometheus-expert",
        ),
        ("voltagent", "woocommerce cart forgets the coupon after login", "wordpress-master"),
        (
            "voltagent",
            "swiftui navigation stack jumps back to root on older iphones",
            "swift-expert",
        ),
        ("0xfurai", "sveltekit layout load runs twice on client navigation", "svelte-expert"),
    ],
)
def test_corpus_framework_requests(
    corpus_rosters: Rosters, name: str, text: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[name], agent)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        # the one framework named across the layers: its own agent, not a whole feature
        (
            "the frontend makes five REST calls for one screen; design a graphql schema so the"
            " client gets the user, orders and reviews from the database in one query",
            "graphql-architect",
        ),
        # a framework named per layer: still a whole feature
        (
            "add comments to posts: a postgres table, a python api endpoint and the react"
            " component",
            "full-stack-developer",
        ),
    ],
)
def test_whole_feature_or_its_one_framework(corpus_rosters: Rosters, text: str, agent: str) -> None:
    assert_routes_to(text, corpus_rosters["lst97"], agent)


def test_a_dotted_name_is_written(roster: Registry) -> None:
    router = router_for(roster)
    nextjs = term_list("nextjs")[0]
    assert writes(router.query("our next.js catalog page is slow"), nextjs)
    assert not writes(router.query("the next page of results is slow"), nextjs)
