# ruff: noqa: RUF001 - Ukrainian requests
"""Round 96: a name written as code (gift_wrap, user_id) keeps a request from the
everyday-life veto. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.routing.offtopic import names_identifier


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
