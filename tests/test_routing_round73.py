"""Round 73 routing: true "none" requests that reached an agent. Hosted store builders,
no-code automation, accounting software and statistics packages are platforms a roster
without an agent for them does not cover; a reply to a customer and a policy or brochure to
translate are a team's texts; novels, florists and an evening out are everyday life.
Requests here are constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.routing.offtopic import foreign_platforms, life_subject
from coordinator.routing.text import term_list, words


@pytest.mark.parametrize(
    "text",
    [
        "any novels like dune for a long train ride",
        "which florist near the station does same-day bouquets",
        "is there a bookstore open late downtown",
        "where should we go for drinks on saturday evening",
        "write a short reply to the client asking for a discount, we cannot give one",
        "draft replies to the three customers who complained about late delivery",
        "translate the company travel policy into ukrainian",
        "translate this brochure into german for the trade fair",
        "де замовити букет з доставкою на вечір",
        "яку книгарню в центрі порадите",
    ],
)
def test_everyday_and_team_texts_are_no_software(text: str) -> None:
    assert life_subject(words(text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "the evening batch job fails with a timeout in cron",
        "write a reply handler for the webhook",
        "translate the privacy policy page into german and add i18n keys",
        "add a retry policy to the http client",
        "the nightly report endpoint returns 500 every evening",
    ],
)
def test_the_same_words_in_software_stay_software(text: str) -> None:
    assert life_subject(words(text)) is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("the wix gallery shows the photos in the wrong order", "Wix"),
        ("shopify theme: the product badge is hidden on mobile", "Shopify"),
        ("our zap copies form answers into airtable twice", "Zapier"),
        ("quickbooks counts the same invoice twice", "QuickBooks"),
        ("how do I run a two-way anova in spss", "SPSS"),
    ],
)
def test_a_platform_no_agent_covers_is_no_agents(text: str, label: str) -> None:
    terms = frozenset(t for word in ("react", "api") for t in term_list(word))
    found = foreign_platforms(terms).named(words(text))
    assert found is not None and label in found


@pytest.mark.parametrize(
    ("text", "described"),
    [
        # a roster with an agent for the platform's field keeps it
        ("shopify theme: the product badge is hidden on mobile", {"ecommerce"}),
        ("quickbooks shows the invoice twice", {"accounting"}),
        ("how do I run a two-way anova in spss", {"statistical"}),
        # a word only software has, or another domain's product, keeps it the roster's
        ("sync airtable records into postgres nightly", set()),
        ("call the shopify api from our backend to create orders", set()),
    ],
)
def test_a_covered_or_built_on_platform_stays_routed(text: str, described: set[str]) -> None:
    terms = frozenset(t for word in described for t in term_list(word))
    assert foreign_platforms(terms).named(words(text)) is None
