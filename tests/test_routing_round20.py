"""Round 20 routing knowledge: the corpus rosters' niche specialists (chaos engineering, A/B
tests, HIPAA, firmware, legacy modernisation, quant finance, HR, sales, support, reverse
engineering, ...) in the everyday words people ask with (concepts._NICHE_ENTRIES and
concepts._NICHE_PHRASE_LINES, read together with round 17's table and phrases)."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import concepts
from coordinator.routing.lexical import route
from coordinator.routing.text import term_list, words
from tests.routing_support import domain_of


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("break things on purpose in staging", ["chaosdrill"]),
        ("is the lift real or just noise", ["realornoise"]),
        ("how long can we keep customer data", ["keepdata"]),
        ("the firmware hangs after a few hours", ["hangsafter"]),
        ("modernise it without a rewrite", ["norewrite"]),
        ("emails land in spam", ["spamfolder"]),
        ("what does this binary do", ["nosource"]),
        ("we keep missing deadlines", ["missingdeadlines"]),
    ],
)
def test_a_niche_phrase_is_read_as_one_word(text: str, joined: list[str]) -> None:
    assert concepts.phrases(words(text)) == joined


def test_the_niche_phrases_join_round_17s() -> None:
    assert concepts.phrases(words("brute force on a split test")) == ["bruteforce", "splittest"]


@pytest.mark.parametrize(
    ("word", "domain_term"),
    [
        ("chaosdrill", "chao"),
        ("splittest", "signific"),
        ("keepdata", "gdpr"),
        ("hospital", "hipaa"),
        ("randomreboot", "firmwar"),
        ("cobol", "legacy"),
        ("tradingbot", "backtest"),
        ("helpdesk", "support"),
        ("payroll", "hire"),
        ("keylogger", "malwar"),
        ("flowchart", "mermaid"),
        ("spamfolder", "deliver"),
        ("trafficpeak", "load"),
        ("versionclash", "depend"),
        ("designtocode", "figma"),
        ("stoploss", "hedg"),
    ],
)
def test_a_niche_word_brings_its_domain(word: str, domain_term: str) -> None:
    assert any(t.startswith(domain_term) for t in domain_of(word)), domain_of(word)


def test_the_niche_block_adds_no_word_the_first_table_holds() -> None:
    assert not set(concepts._NICHE_ENTRIES) & set(concepts._ENTRIES)


@pytest.mark.parametrize(
    # a second everyday sense (a home thermostat), or a stem that is another word (modernize ->
    # modern, wearable -> wear, auditor -> audit, investors -> invest, renewals -> renew)
    "word",
    [
        *("wallet", "portfolio", "virus", "leads", "slides", "deadline", "patient", "manual"),
        *("modern", "wear", "audit", "invest", "renew", "platform", "samples", "markets"),
        *("forgotten", "reconcile", "thermostat"),
    ],
)
def test_a_word_with_another_sense_is_left_out(word: str) -> None:
    assert term_list(word)[0] not in concepts.CONCEPTS


@pytest.mark.parametrize(
    "text",
    [
        "my new hire starts monday",
        "come back later",
        "a nightly job runs the backup",
        "can I take time off next week",
    ],
)
def test_everyday_phrases_left_out_stay_plain(text: str) -> None:
    assert concepts.phrases(words(text)) == []


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    from tests.kit import roster_of

    return roster_of(
        tmp_path_factory.mktemp("round20"),
        [
            ("chaos-engineer", "Controlled failure experiments and game days for resilience."),
            ("ab-test-analysis", "A/B test results: p-values and statistical significance."),
            ("embedded-systems", "Firmware for microcontrollers and RTOS applications."),
            ("legacy-modernizer", "Legacy codebases, framework migrations, modernization."),
            ("hipaa-compliance", "HIPAA compliance for healthcare products and PHI."),
            ("backend-developer", "Server-side APIs, services and databases."),
        ],
    )


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("we want to break things on purpose in staging", "chaos-engineer"),
        ("is the difference in signups real or just noise", "ab-test-analysis"),
        ("the board reboots randomly after a few hours", "embedded-systems"),
        ("the codebase is still on python 2, update it without a rewrite", "legacy-modernizer"),
        ("our clinic's app keeps patient records, what do we have to do", "hipaa-compliance"),
    ],
)
def test_everyday_wording_routes_to_the_niche_specialist(
    team: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, team).agent == agent


def test_everyday_life_stays_without_a_specialist(team: Registry) -> None:
    assert route("where should we go on holiday this summer", team).agent is None
