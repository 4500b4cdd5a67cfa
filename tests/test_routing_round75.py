"""Round 75: everyday Ukrainian the older frames did not reach: a version that broke things
and should be brought back (поверніть), one query per item (по одному на кожен), a database
copied every week (копіювалась), customers whose emails do not arrive (a business's
sending, not a person's mailbox), a night theme and a Docker image said by ear. Requests
here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of, situation_tests

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route

BACKEND = "fastapi-backend-expert"
FRONTEND = "react-frontend-expert"
DATABASE = "database-engineer"
DEVOPS = "devops-expert"

#: (request, the frame it holds, the bundled agent it goes to)
SITUATIONS = [
    ("після релізу збірка все зламала, верніть попередню", "outcomerelease", DEVOPS),
    (
        "в адмінці для кожного замовлення окремий запит, по одному на кожен рядок",
        "outcomenplusone",
        DATABASE,
    ),
    ("хочу щоночі копію бази десь на іншому сервері", "outcomebackup", DEVOPS),
    (
        "клієнтам не приходять листи після реєстрації на сайті",
        "outcomecustomermail",
        BACKEND,
    ),
]


test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("додайте нічний режим в особистий кабінет", FRONTEND),
        ("докер образ займає забагато місця, як зменшити", DEVOPS),
    ],
)
def test_by_ear_phrases_reach_their_field(bundled: Registry, text: str, agent: str) -> None:
    assert route(text, bundled).agent == agent


def test_new_staff_arriving_for_mailboxes_is_no_customer_mail() -> None:
    text = "прийшли нові люди в команду, треба їм пошту"
    assert "outcomecustomermail" not in frames_of(text)
