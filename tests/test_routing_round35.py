"""Round 35 routing knowledge: a technology named only indirectly, by a command, an API call,
a config key or a message (signatures._R35_TOKENS, signatures._R35_PHRASES), and symptom or
chore wordings, service splits and layering questions (concepts._R35_ENTRIES,
concepts._R35_PHRASE_LINES). Requests here are constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.routing import concepts, signatures
from coordinator.routing.text import term_list, words
from tests.routing_support import (
    Rosters,
    assert_read_as_one_word,
    assert_routes_to,
    assert_stays_plain,
)


def test_the_round35_rows_are_read_with_the_other_tables() -> None:
    token_lines = signatures._R35_TOKENS.strip().splitlines()
    assert all(line.count(":") == 1 for line in token_lines)
    assert signatures.TOKENS["xreadgroup"] == ("redis",)
    phrase_lines = signatures._R35_PHRASE_LINES.splitlines()
    assert all(line.count(":") == 1 for line in phrase_lines)
    assert "phrase:migrate latest" in signatures.PHRASE_NAMES
    lines = concepts._R35_PHRASE_LINES.strip().splitlines()
    joined = {line.partition(":")[0] for line in lines}
    # every joined word of the block has a domain (its own entry or an earlier table's)
    assert all(term_list(j)[0] in concepts.CONCEPTS for j in joined)


def test_every_round35_phrase_is_written_as_a_request_is_tokenised() -> None:
    rows = [*signatures._R35_PHRASE_LINES.splitlines(), *concepts._R35_PHRASE_LINES.split("\n")]
    for line in filter(None, (row.strip() for row in rows)):
        for phrase in line.partition(":")[2].split("|"):
            assert words(phrase) == phrase.split(), phrase


@pytest.mark.parametrize(
    ("token", "names"),
    [
        ("xreadgroup", ("redis",)),
        ("nogroup", ("redis",)),
        ("knexfile", ("knex",)),
        ("databasechangelog", ("liquibase",)),
        ("gridsearchcv", ("scikit", "sklearn")),
        ("ipcrenderer", ("electron",)),
        ("usefaketimers", ("jest",)),
        ("statefulset", ("kubernetes",)),
        ("sparksession", ("spark",)),
        ("outputparserexception", ("langchain",)),
    ],
)
def test_an_api_name_or_config_key_names_its_tool(token: str, names: tuple[str, ...]) -> None:
    assert signatures.technologies(token) == names


@pytest.mark.parametrize(
    ("text", "tech"),
    [
        ("knex migrate:latest runs against the wrong database", "knex"),
        ("Callback URL mismatch after the domain change", "auth0"),
        ("Validation Failed: 1 change sets check sum", "liquibase"),
        ("the job dies with OOM during the shuffle", "spark"),
        ("messages reappear after the visibility timeout", "sqs"),
        ('fatal: [web-03]: UNREACHABLE! => {"msg": "no route"}', "ansible"),
        ("dune build: Unbound module Core", "ocaml"),
        ("synchronize: true dropped a column", "typeorm"),
        ("locator.click: Timeout 30000ms exceeded", "playwright"),
        ("histogram_quantile returns NaN", "prometheus"),
        ("ReferenceError: window is not defined", "nextjs"),
        ("Nest can't resolve dependencies of the UsersService", "nestjs"),
    ],
)
def test_a_command_or_message_names_its_tool(text: str, tech: str) -> None:
    found = signatures.phrases(words(text))
    assert any(tech in signatures.technologies(key) for key in found), found


@pytest.mark.parametrize(
    "text",
    [
        "the dune movie was too long",  # dune alone: sand, a film
        "shuffle the playlist on spotify",  # shuffle alone: a playlist, a deck
        "which client should we use, client certificates or tokens",  # "use client"
        "a cypher in the crossword",  # cypher: a cipher too
        "jetstream consumer lag keeps growing",  # consumer lag: every broker's
        "cut the PVC pipe to length",  # pvc: the plastic too
    ],
)
def test_shared_or_everyday_words_name_no_tool(text: str) -> None:
    tokens = words(text)
    named = {t for key in signatures.phrases(tokens) for t in signatures.technologies(key)}
    named |= {t for token in tokens for t in signatures.technologies(token)}
    assert not named & {"ocaml", "spark", "nextjs", "neo4j", "kafka", "kubernetes"}, named


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("the e2e suite fails randomly in ci", ["flaky"]),
        ("jest тести падають рандомно в ci", ["flaky"]),
        ("new comments appear live under the post", ["liveupdates"]),
        ("рахунок за aws виріс удвічі", ["cloudbill"]),
        ("api returns 500, what do we do right now", ["incidentnow"]),
        ("хтось злив базу клієнтів", ["databreach"]),
        ("our site dropped out of google", ["seodrop"]),
        ("сайт випав з гугла", ["seodrop"]),
        ("customers who signup in january stopped paying", ["cohortchurn"]),
        ("які товари купують разом", ["basketanalysis"]),
        ("a bot that answers from internal documents", ["ragdocs"]),
        ("модель перенавчається", ["overfitmodel"]),
        ("хочемо розпиляти моноліт", ["splitmonolith"]),
        ("does it break our layered architecture", ["archreview"]),
        ("інфраструктуру на тайпскрипті", ["iaclanguage"]),
        ("глянь пр на безпеку", ["codereview", "securityreview"]),
        ("a bot that posts to the channel", ["channelbot"]),
        ("variant b converts better, or is it noise", ["splittest"]),
        ("the numbers do not match the warehouse", ["numbersoff"]),
        ("користувача викидає з акаунта", ["sessionloss"]),
        ("cpu spikes every hour", ["cpuspike"]),
        ("our open rate dropped", ["emailopens"]),
        ("the api times out under load", ["underload"]),
    ],
)
def test_a_symptom_or_chore_is_read_as_one_word(text: str, joined: list[str]) -> None:
    assert_read_as_one_word(text, joined)


@pytest.mark.parametrize(
    "text",
    [
        "what should the first version of my novel have",  # any first version: left out
        "which agents sell flats in Kyiv",  # estate agents
        "нічне вивантаження фур на складі",  # unloading trucks
        "запити до бази відпочинку",  # a holiday camp
        "глянь код на домофоні",  # a door code
        "the report is due on Friday",
        "my phone bill went up",  # any bill: only the cloud's is read
        "міст під навантаженням витримає",  # a bridge under load
        "his story does not add up",
    ],
)
def test_everyday_wordings_stay_plain(text: str) -> None:
    assert_stays_plain(text)


@pytest.mark.parametrize(
    ("roster", "request_text", "agent"),
    [
        ("0xfurai", "XREADGROUP fails with NOGROUP No such key 'orders'", "redis-expert"),
        ("0xfurai", "running migrate:latest in the container fails", "knex-expert"),
        ("0xfurai", "Callback URL mismatch when logging in from staging", "auth0-expert"),
        ("0xfurai", "ipcRenderer is undefined after I enabled contextIsolation", "electron-expert"),
        ("0xfurai", "Nest can't resolve dependencies of the UsersService (?)", "nestjs-expert"),
        ("0xfurai", "histogram_quantile returns NaN for the p99 panel", "prometheus-expert"),
        ("0xfurai", "advanceTimersByTime does not fire my debounce callback", "jest-expert"),
        ("voltagent", "our blog dropped out of google after the domain move", "seo-specialist"),
        (
            "lst97",
            "a bot that answers from internal documents with links to the sources",
            "ai-engineer",
        ),
        ("lst97", "глянь пр на безпеку, там новий ендпоінт логіну", "security-auditor"),
    ],
)
def test_the_indirect_name_or_wording_reaches_its_specialist(
    corpus_rosters: Rosters, roster: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster], agent)
