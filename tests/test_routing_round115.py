"""Round 115: terse requests that got "none" though an agent fits.

A 3-8-word ask has few terms, so one everyday word could make it everyday life and one
shorthand word could leave the agent under its coverage. Developer shorthand for a table's
parts and a config (col, tbl, cfg, idx) reads as the words it stands for; an everyday
subject beside a technology some agent of the roster is named for, written as such (electron
beside a notarization), or a product outcome beside the business's audience (a client
charged twice for one order) is no life subject (``FitChecks._product_situation``);
списали reads as charged. Near misses stay "none": a pizza, the dollar rate, a poem, a
waiter or a bank charging the speaker twice, a python snake, a rabbit, a shopping list's
gift wrap. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.routing.lexical import route
from coordinator.routing.text import term_list
from tests.routing_support import Rosters


@pytest.mark.parametrize(
    ("short", "meant"),
    [("col", "column"), ("cols", "column"), ("tbl", "table"), ("cfg", "configuration")],
)
def test_shorthand_reads_as_its_word(short: str, meant: str) -> None:
    assert term_list(meant)[0] in term_list(short)


@pytest.mark.parametrize(
    ("roster", "text", "agent"),
    [
        ("bundled", "add discount_code col to orders", "database-engineer"),
        ("bundled", "drop unused cols from customers tbl", "database-engineer"),
        ("bundled", "orders tbl: add idx on status", "database-engineer"),
        ("lst97", "electron tray icon + auto update", "electron-pro"),
        ("lst97", "electron autoupdate and windows notarization", "electron-pro"),
        ("voltagent", "electron code signing and notarization for mac", "electron-pro"),
    ],
)
def test_a_terse_ask_gets_its_agent(
    corpus_rosters: Rosters, roster: str, text: str, agent: str
) -> None:
    decision = route(text, corpus_rosters[roster])
    assert decision.agent == agent, decision.reason


@pytest.mark.parametrize("roster", ["bundled", "voltagent"])
def test_the_business_audience_charged_twice_is_no_life(
    corpus_rosters: Rosters, roster: str
) -> None:
    decision = route("покупцям списало гроші двічі за одне замовлення", corpus_rosters[roster])
    assert decision.agent is not None, decision.reason


@pytest.mark.parametrize(
    "text",
    [
        "best pizza near me",
        "курс долара сьогодні",
        "write a poem about cats",
        "the waiter charged me twice for one coffee",
        "мені двічі списали гроші в магазині",
        "банк списав гроші двічі за каву",
        "my python snake won't eat",
        "кролик не їсть моркву",
        "mac and cheese recipe",
        "how to fold a gift wrap",
    ],
)
@pytest.mark.parametrize("roster", ["bundled", "voltagent", "lst97", "0xfurai"])
def test_short_everyday_asks_stay_none(corpus_rosters: Rosters, roster: str, text: str) -> None:
    decision = route(text, corpus_rosters[roster])
    assert decision.agent is None, decision.agent
