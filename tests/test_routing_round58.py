# ruff: noqa: RUF001 - Ukrainian requests
"""Round 58: the large rosters' kinds of miss read as outcome frames
(coordinator.routing.outcomes): an experiment named by its numbers and its decision, one
change rolled out to many machines, an on-call page, search that should forgive typos or
offer facets. Requests here are constructed, not from a set."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import frame_names, frames_of

from coordinator.roster.loader import load_registry
from coordinator.routing import outcomes, signatures
from coordinator.routing.lexical import route
from coordinator.routing.text import term_list

FIELD_REQUESTS = [
    ("variant B converts 5.1% against 4.8% for control, can we ship it", "outcomeexperiment"),
    ("p-value 0.04 on the pricing test, conversion up 2%", "outcomeexperiment"),
    (
        "половина юзерів бачила нову форму: конверсія 2.9% проти 2.5%, випадковість?",
        "outcomeexperiment",
    ),
    ("тест нового онбордингу: конверсія виросла на 1%, катимо на всіх?", "outcomeexperiment"),
    ("push the same nginx config to 60 servers without ssh-ing into each", "outcomefleet"),
    ("install the monitoring agent on all hosts, safely rerunnable", "outcomefleet"),
    ("треба встановити пакет на всі сервери, їх 80", "outcomefleet"),
    ("PAGE: 5xx on the orders api since 03:10, p99 9s", "outcomepaged"),
    ("got paged at night: 503 from the gateway, I'm on call and need help now", "outcomepaged"),
    ("shop search should forgive typos in product names", "outcometypo"),
    ("є ідея: бот для запису до перукаря, чи злетить таке?", "outcomeidea"),
    ("users who signed up in april leave faster than the march ones", "outcomechurn"),
    ("клієнти з січня відвалюються швидше за грудневих", "outcomechurn"),
    ("a customer logged in and saw someone else's orders", "outcomeidor"),
    ("юзер бачить чужі рахунки після логіну", "outcomeidor"),
    ("startup idea: a marketplace for used lab gear. would anyone pay for it", "outcomeidea"),
    ("потрібен пошук з фасетами і автокомплітом по каталогу", "outcometypo"),
]


@pytest.mark.parametrize(("text", "joined"), FIELD_REQUESTS)
def test_a_field_named_by_its_numbers_fleet_or_pager_makes_its_frame(
    text: str, joined: str
) -> None:
    assert joined in frames_of(text)


def test_every_round58_frame_is_exercised_here() -> None:
    named = frame_names(outcomes._ROUND58_LINES)
    assert named <= {joined for _, joined in FIELD_REQUESTS}
    assert named <= set(outcomes.ENTRIES)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("update the config file on the server and restart nginx", "outcomefleet"),
        ("install nginx on my laptop", "outcomefleet"),
        ("the checkout page takes 3 seconds to load on the server", "outcomepaged"),
        ("add a page that lists the 500 newest orders", "outcomepaged"),
        ("what was our conversion last month", "outcomeexperiment"),
        ("search the logs for typos in config keys", "outcomeexperiment"),
        ("idea: let users pay by card at pickup", "outcomeidea"),
        ("users should see other users' public profiles", "outcomeidor"),
        ("march release: users drop the old export", "outcomechurn"),
    ],
)
def test_one_machine_a_page_or_a_plain_number_makes_no_such_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
VOLTAGENT = CORPUS / "VoltAgent__awesome-claude-code-subagents"
OXFURAI = CORPUS / "0xfurai__claude-code-subagents"


@pytest.mark.skipif(not VOLTAGENT.is_dir(), reason="the shared corpus is absent")
def test_an_on_call_page_naming_api_and_database_is_no_whole_feature() -> None:
    registry = load_registry([VOLTAGENT], only=True, cwd=VOLTAGENT.parent, cache=False)
    text = "PAGE: 5xx rate 40% on billing-api since 01:05 UTC, db cpu 97%, p99 10s, help"
    decision = route(text, registry)
    assert decision.agent in {"devops-incident-responder", "incident-responder", "sre-engineer"}
    assert "whole feature" not in decision.reason


@pytest.mark.skipif(not OXFURAI.is_dir(), reason="the shared corpus is absent")
def test_a_config_rolled_out_to_many_servers_is_configuration_management() -> None:
    registry = load_registry([OXFURAI], only=True, cwd=OXFURAI.parent, cache=False)
    text = "roll out the new ntp config to 120 servers and restart it only where it changed"
    assert route(text, registry).agent == "ansible-expert"


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("хочемо щоб нас показувало на першій сторінці гугла", "outcomeseo"),
        ("клієнти не знаходять нас у гуглі, ми десь на десятій сторінці", "outcomeseo"),
    ],
)
def test_a_stem_hidden_by_the_k_to_ts_alternation_still_makes_its_frame(
    text: str, joined: str
) -> None:
    assert joined in frames_of(text)


def test_only_the_alternation_endings_restore_a_stem() -> None:
    assert outcomes._restored("сторінці") == "сторінк"
    assert outcomes._restored("книзі") == "книг"
    assert outcomes._restored("вулиця") is None
    assert outcomes._restored("всі") is None


def test_games_and_libraries_as_heard() -> None:
    assert "game" in term_list("мультиплеєрі")
    assert "game" in term_list("гравці")
    assert term_list("джейквері") == ("jquery",)


def test_tokens_a_mobile_stack_prints_name_it() -> None:
    assert signatures.technologies("lazycolumn") == ("kotlin", "android")
    assert signatures.technologies("groupby") == ("pandas",)
    assert signatures.technologies("uitableview") == ("swift", "ios")


def test_the_one_on_duty_is_on_call_not_a_queue() -> None:
    assert term_list("чергового") == ("oncall",)
    assert term_list("черга") != ("oncall",)


def test_search_that_forgives_typos_is_no_search_by_meaning() -> None:
    found = frames_of("product search should handle typos and synonyms like sofa and couch")
    assert "outcometypo" in found
    assert "outcomemeaning" not in found
    assert "outcomemeaning" in frames_of("the search must know that couch and sofa are synonyms")


def test_word_forms_are_no_wording() -> None:
    assert "outcomemeaning" not in frames_of("search ignores ukrainian word forms, elastic 8")
    assert "outcomemeaning" in frames_of("search should find articles whatever the wording")


def test_a_rollback_in_an_on_call_page_is_no_release_work() -> None:
    paged = frames_of("PAGE: 502 on the cart api, rolled back the deploy, still failing, help")
    assert "outcomepaged" in paged
    assert "outcomerelease" not in paged
