# ruff: noqa: RUF001 - Ukrainian requests
"""Round 96: wrong "none" where an agent plainly fits.

A name written as code (gift_wrap, user_id) keeps a request from the everyday-life veto;
ETL is a word only software has (an ETL from Salesforce is no Salesforce code); a migration
off a platform the roster lacks is the legacy modernizer's on a roster with one; users
confused or dropping at a step of a form read as the UX frames in Ukrainian forms
(плутаються, на кроці, заявка, анкета). Requests here are constructed, not taken from a
set."""

from __future__ import annotations

import pytest

from coordinator.routing import outcomes
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import names_identifier
from coordinator.routing.text import words
from tests.routing_support import Rosters


@pytest.mark.parametrize(
    "text",
    [
        "add a gift_wrap yes/no to each order and keep it",
        "we want a wedding_date on the customer",
        "додай поле birthday_gift у замовлення",
        "the is_paid flag stays false",
    ],
)
def test_a_name_written_as_code(text: str) -> None:
    assert names_identifier(text)


@pytest.mark.parametrize(
    "text",
    [
        "what gift should I buy my mom",
        "gift wrap ideas for a wedding present",
        "порадь подарунок колезі",
        "send it to me_",
        "file report_final.docx for the landlord",
        "Gift_Wrap ideas",
    ],
)
def test_no_name_written_as_code(text: str) -> None:
    assert not names_identifier(text)


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("люди плутаються на сторінці оплати", "outcomeconfusing"),
        ("користувачі губляться, коли оформлюють повернення", "outcomeconfusing"),
        ("люди кидають анкету на другому кроці", "outcomefunnel"),
        ("на якому кроці заявки люди кидають форму", "outcomefunnel"),
    ],
)
def test_the_frame_fires(text: str, frame: str) -> None:
    assert frame in outcomes.frames(words(text))


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("я плутаюся в налаштуваннях роутера", "outcomeconfusing"),
        ("діти кидають м'яч на третьому кроці вправи", "outcomefunnel"),
    ],
)
def test_the_frame_does_not_fire(text: str, frame: str) -> None:
    assert frame not in outcomes.frames(words(text))


@pytest.mark.parametrize(
    ("roster", "text", "agent"),
    [
        (
            "voltagent",
            "how do we migrate off our AS400 mainframe to something modern",
            "legacy-modernizer",
        ),
        (
            "voltagent",
            "переїзд з COBOL на сучасний стек поступово, з чого почати",
            "legacy-modernizer",
        ),
        (
            "lst97",
            "our nightly ETL from Salesforce duplicates rows in the warehouse",
            "data-engineer",
        ),
        ("lst97", "люди кидають анкету на другому кроці, як зробити простіше", "ux-designer"),
        ("lst97", "люди плутаються де вводити картку на сторінці оплати", "ux-designer"),
    ],
)
def test_routes(corpus_rosters: Rosters, roster: str, text: str, agent: str) -> None:
    assert route(text, corpus_rosters[roster]).agent == agent


@pytest.mark.parametrize(
    ("roster", "text"),
    [
        ("voltagent", "fix a COBOL paragraph that computes interest wrong"),
        ("voltagent", "upgrade ABAP reports to the new SAP version, migration checklist"),
        ("lst97", "how do I write an Apex trigger in Salesforce"),
        ("lst97", "я плутаюся в налаштуваннях роутера, допоможіть"),
        ("lst97", "як оформити повернення посилки на новій пошті"),
        ("bundled", "what gift should I buy my mom for her birthday"),
    ],
)
def test_stays_none(corpus_rosters: Rosters, roster: str, text: str) -> None:
    assert route(text, corpus_rosters[roster]).agent is None
