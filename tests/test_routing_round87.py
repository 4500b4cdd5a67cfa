# ruff: noqa: RUF001, RUF003 - Ukrainian requests
"""Round 87 routing: VoltAgent's near agents, told apart without naming one of them.

An agent named for a technology the request does not name (flutter-expert, a PowerShell UI
architect, an Expo expert) yields a near tie to a generic agent near it
(``NamedPicks._generic_first``, ``frameworks.technology_words``), unless the request names the
technology (by a word of its own, its tools, a Cyrillic spelling by ear, the version its name
holds). Frames (``outcomes._ROUND87_LINES``): an incident paged by its severity tag, a
pager weighed for a rollback, mailboxes set up in the office suite, retrospectives that turn
into blame. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frame_names, frames_of

from coordinator.routing import frameworks, outcomes
from coordinator.routing.glossary import GLOSSARY
from coordinator.routing.lexical import route
from tests.routing_support import Rosters, assert_routes_to

_SITUATIONS = [
    ("P1 incident: the orders page is down for everyone since the release", "outcomepaged"),
    ("SEV2: search api 5xx at 30% after the deploy, on-call join the bridge", "outcomepaged"),
    ("інцидент sev1: каталог лежить після релізу, всі на дзвінок", "outcomepaged"),
    ("pager fired: p99 latency 8s on the cart api, do we roll back?", "outcomepaged"),
    ("create shared mailboxes in exchange online for the support team", "outcomeprovision"),
    ("перенеси 20 поштових скриньок в ексчейндж і додай людей у тімс", "outcomeprovision"),
    ("our sprint retros turn into blaming each other", "outcomeretro"),
    ("на ретро всі мовчать, як це фасилітувати", "outcomeretro"),
]


@pytest.mark.parametrize(("text", "joined"), _SITUATIONS)
def test_the_frames_read_the_situation(text: str, joined: str) -> None:
    assert joined in frames_of(text)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # a bug's priority names nothing down
        ("P1 bug: the error text on the signup form is wrong", "outcomepaged"),
        # an alert and a rollback built into the pipeline: no page being handled
        ("add an alert and an automatic rollback when the error rate jumps", "outcomepaged"),
        # mail that lands in spam is deliverability's
        ("our mails from exchange land in spam at gmail, fix dkim", "outcomeprovision"),
        # a retro look or game is no meeting
        ("users complain the retro theme of the site is boring", "outcomeretro"),
        ("our retro game needs a CRT shader", "outcomeretro"),
    ],
)
def test_a_near_field_holds_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


def test_every_new_frame_names_its_field() -> None:
    for joined in frame_names(outcomes._ROUND87_LINES):
        assert outcomes.ENTRIES.get(joined), joined


def test_the_office_suite_by_ear() -> None:
    assert GLOSSARY["ексчейндж"] == ("exchange",)
    assert GLOSSARY["тімс"] == ("teams",)
    assert GLOSSARY["шарепоінт"] == ("sharepoint",)


def test_technology_words_hold_a_name_its_tools_and_its_sound() -> None:
    names = ["kubernetes-specialist", "flutter-expert", "ui-designer", "golang-pro", "x-expert"]
    described = [
        frozenset({"kubernet", "cluster"}),
        frozenset({"flut", "mobil", "widget"}),
        frozenset({"ui", "mobil", "design"}),
        frozenset({"golang", "concurr", "mobil"}),
        frozenset({"expert"}),
    ]
    languages = [frozenset(), frozenset({"flut"}), frozenset(), frozenset({"golang", "go"})]
    languages.append(frozenset())
    kube, flutter, generic, golang, _ = frameworks.technology_words(names, described, languages)
    assert {"kubectl", "helm", "k8s", "cluster"} <= kube  # a product row's tools
    assert "widget" in flutter and "mobil" not in flutter  # three agents describe mobile
    assert "expert" not in flutter  # a role word of several names
    assert generic == frozenset()  # named for no technology
    assert "г" in golang  # го, by ear


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        # a web app's theme or layout: no Flutter, no PowerShell UI
        ("add a dark theme to the customer web app", "ui-designer"),
        ("додай темну тему до веб застосунку для клієнтів", "ui-designer"),
        # the technology named: its agent keeps it
        ("our flutter app janks when scrolling a long list of images", "flutter-expert"),
        ("у флатер застосунку не працює темна тема на айос", "flutter-expert"),
        (
            "the WinForms tool for helpdesk freezes while the powershell job runs",
            "powershell-ui-architect",
        ),
        ("expo go won't load the project after upgrading the sdk", "expo-react-native-expert"),
        ("на го сервіс віддає 502 під навантаженням, горутини висять", "golang-pro"),
        (
            "helm chart values for staging and prod differ, keep them in sync",
            "kubernetes-specialist",
        ),
        ("live chat messages should appear instantly without reload", "websocket-engineer"),
        # pages, mailboxes and retros
        ("integrate stripe checkout with apple pay on the order page", "payment-integration"),
        ("перенеси 50 поштових скриньок в ексчейндж онлайн і додай людей у тімс", "m365-admin"),
        (
            "our newsletter emails land in spam at gmail, fix dkim and dmarc",
            "email-deliverability-engineer",
        ),
        ("sprint retros keep turning into blame sessions, how do we run them", "scrum-master"),
        ("backlog has 600 stale tickets, help me clean it up before planning", "backlog-grooming"),
    ],
)
def test_voltagent_near_agents(corpus_rosters: Rosters, text: str, agent: str) -> None:
    assert_routes_to(text, corpus_rosters["voltagent"], agent)


@pytest.mark.parametrize(
    "text",
    [
        "P1 incident: checkout down for all users since the last release, who's on call",
        "SEV1: checkout-api p99 14s, error rate 38% since deploy, on-call pls join the bridge",
    ],
)
def test_a_paged_checkout_is_the_on_calls(corpus_rosters: Rosters, text: str) -> None:
    agent = route(text, corpus_rosters["voltagent"]).agent
    assert agent in {"devops-incident-responder", "incident-responder", "sre-engineer"}


def test_a_roster_of_technology_experts_has_no_generic_tie(corpus_rosters: Rosters) -> None:
    from coordinator.routing.lexical import router_for

    assert not router_for(corpus_rosters["0xfurai"]).generic_roster
    assert router_for(corpus_rosters["voltagent"]).generic_roster
