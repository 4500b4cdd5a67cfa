# ruff: noqa: RUF001 - Ukrainian requests
"""Round 90 routing: VoltAgent requests whose key concept names an agent's job while
incidental words (email, page, payment, shop) name another's. Acts (``acts.py``): a pentest
asked is the penetration tester's (its report or findings ask for none); someone on call
asking for an alarm to be driven now is the incident responder's. Frames
(``outcomes._ROUND90_LINES``): two mail rates compared and asked whether the gap is luck,
people with assistive technology who cannot do something, a page's words changed so more
people pay, standups that drag or sprints that spill over, a work mailbox hacked. Requests
here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of

from coordinator.routing.act_catalogue import all_acts
from tests.routing_support import Rosters, assert_routes_to

_SITUATIONS = [
    ("click rate 3.1% vs 3.6% on two banners, could that be noise?", "outcomeexperiment"),
    ("дві теми листа: 18% відкриттів проти 20%, це випадковість?", "outcomeexperiment"),
    ("a blind user says he cannot get past the signup form with VoiceOver", "outcomeassistive"),
    ("незряча покупчиня не може оплатити, скрінрідер не читає кнопку", "outcomeassistive"),
    (
        "visitors reach the pricing page but few sign up, rewrite the text so more of them buy",
        "outcomeconvertcopy",
    ),
    ("our standups drag on for an hour, how do we run them better", "outcomeceremony"),
    ("every sprint half the tickets carry over to the next one", "outcomeceremony"),
    ("зламали емейл директора, розсилають фішинг партнерам", "outcomemailhacked"),
]


@pytest.mark.parametrize(("text", "joined"), _SITUATIONS)
def test_the_situation_holds_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        (
            "проведіть пентест нашого сайту, хочемо побачити реальні вразливості",
            "penetration-tester",
        ),
        ("can you run a pentest against our staging, not just a scan", "penetration-tester"),
        (
            "дві теми листа: 18% відкриттів проти 20%, це випадковість чи реальна різниця?",
            "ab-test-analysis",
        ),
        ("click rate 3.1% vs 3.6% on two banners, could that be noise?", "ab-test-analysis"),
        ("users with NVDA say the menu items are not announced", "accessibility-tester"),
        (
            "люди доходять до чекауту і кидають, що змінити в тексті сторінки щоб більше платили?",
            "landing-page-copywriter",
        ),
        ("стендапи затягуються на 40 хвилин, спринти постійно переносимо", "scrum-master"),
        ("every sprint half the tickets carry over to the next one", "scrum-master"),
        ("зламали емейл директора, розсилають фішинг партнерам", "incident-responder"),
        (
            "on-call here: api 5xx at 30% since 10:40, need someone to drive this now",
            "incident-responder",
        ),
        (
            "I'm on call and the checkout p99 jumped to 8s after the release, help now",
            "incident-responder",
        ),
    ],
)
def test_voltagent_key_concept(corpus_rosters: Rosters, text: str, agent: str) -> None:
    assert_routes_to(text, corpus_rosters["voltagent"], agent)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        (
            "our open rate fell from 30% to 12% after switching the sending domain",
            "email-deliverability-engineer",
        ),
        (
            "would people actually pay for a meal planning app? validate the idea",
            "project-idea-validator",
        ),
        ("clean up the backlog, lots of duplicate and stale stories", "backlog-grooming"),
        ("set up SPF and DKIM for our mailbox domain", "email-deliverability-engineer"),
    ],
)
def test_near_misses_stay(corpus_rosters: Rosters, text: str, agent: str) -> None:
    assert_routes_to(text, corpus_rosters["voltagent"], agent)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("our CI pipeline takes 40 min on every push", "outcomeceremony"),
        ("the sprint board in jira needs a new column", "outcomeceremony"),
        ("would people actually pay for a meal planning app?", "outcomeconvertcopy"),
        ("the error rate is 2% vs 1% yesterday", "outcomeexperiment"),
        ("my email got hacked", "outcomemailhacked"),
    ],
)
def test_near_misses_make_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


def test_a_pentest_report_asks_no_pentest() -> None:
    act = next(a for a in all_acts() if a.name == "penetration test")
    asked = {"pentest": 0.5, "site": 1.0}  # "пентест" enters at half weight: still asked
    assert act.asked(frozenset(["site"]), False, asked, frozenset())
    done = {"pentest": 0.5, "report": 1.0, "flag": 1.0}
    assert not act.asked(frozenset(["report", "flag"]), False, done, frozenset())
