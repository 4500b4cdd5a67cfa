"""Round 31 routing knowledge (concepts._R31_ENTRIES, concepts._R31_PHRASE_LINES): two-to-four
word technical names, which a request otherwise reads word by word and often by an everyday
first word (machine learning, state management, message queue), read as one word with their
field's description words; their Ukrainian forms; review, test-kind, chaos, product-planning,
customer-retention and slow-build wordings. Requests here are constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.routing import concepts
from coordinator.routing.text import term_list
from tests.routing_support import (
    Rosters,
    assert_read_as_one_word,
    assert_routes_to,
    assert_stays_plain,
)


def test_the_round31_rows_are_read_with_the_other_tables() -> None:
    lines = concepts._R31_PHRASE_LINES.strip().splitlines()
    joined = {line.partition(":")[0] for line in lines}
    # every joined word of the block has a domain (its own entry or an earlier table's)
    assert all(term_list(j)[0] in concepts.CONCEPTS for j in joined)
    assert all(line.count(":") == 1 for line in lines)
    assert "machine" in concepts.PHRASE_GUARD or "learning" in concepts.PHRASE_GUARD


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("we want machine learning in the shop", ["mlname"]),
        ("which library for state management", ["statemanagement"]),
        ("put a message broker between the services", ["messagequeue"]),
        ("the cron jobs overlap at midnight", ["backgroundjobs"]),
        ("can you do a code review of it", ["codereview"]),
        ("add a circuit breaker to the client", ["faulttolerance"]),
        ("set up a load balancer in front", ["loadbalancer"]),
        ("we have too much technical debt", ["techdebt"]),
        ("напиши модульні тести", ["testkinds"]),  # text.py: unit test
        ("глянь мій пр будь ласка", ["codereview"]),
        ("зроби дизайн систему", ["designsystemname"]),
        ("додай темну тему", ["darkmode"]),
        ("хочемо вбивати поди на стейджі", ["chaostesting"]),
        ("help me prioritize features", ["productplanning"]),
        ("кілька клієнтів перестали заходити", ["customerretention"]),
        ("our build takes ten minutes", ["slowbuild"]),
    ],
)
def test_a_technical_name_is_read_as_one_word(text: str, joined: list[str]) -> None:
    assert_read_as_one_word(text, joined)


@pytest.mark.parametrize(
    "text",
    [
        "which washing machine should I buy",
        "the state of the art in bread baking",
        "the nightly job crashes with a segfault",  # a nightly job is any job: left out
        "write the README for this CLI tool",  # the words are already technical: left out
        "що робити першим ділом",  # "what to do first" is not planning
    ],
)
def test_everyday_or_already_technical_wordings_stay_plain(text: str) -> None:
    assert_stays_plain(text)


@pytest.mark.parametrize(
    ("roster", "request_text", "agent"),
    [
        ("voltagent", "глянь мій пр з новим кешем", "code-reviewer"),
        ("voltagent", "зроби дизайн систему для трьох наших продуктів", "ui-designer"),
        ("lst97", "set up a load balancer in front of the two api servers", "cloud-architect"),
        ("voltagent", "plan a game day where we kill random pods in staging", "chaos-engineer"),
        ("lst97", "help me prioritize features for the next quarter", "product-manager"),
    ],
)
def test_the_name_reaches_its_specialist(
    corpus_rosters: Rosters, roster: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster], agent)
