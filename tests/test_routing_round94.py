# ruff: noqa: RUF001 - Ukrainian requests
"""Round 94: where the cause lives (the schema or the server), not the page a symptom
shows on; the agent of a job the request describes keeps a near tie.

Frames (``outcomes._ROUND94_LINES`` and two widened rows): duplicates the database should
refuse, as Ukrainian inflects it (бази, заборонити, не допустити), and read-only access to
the database (the schema's); a button or page that fails after minutes (a timeout: the
API's); a replica behind its primary (the database's or its operators'); slots offered
that are already taken (a double booking: the API's or the schema's); a spinner the user
watches while mail could be sent in the background (the API's); a coloured status dot
(the page's). Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of, situation_tests

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from tests.routing_support import Rosters

BACKEND = "fastapi-backend-expert"
FRONTEND = "react-frontend-expert"
DATABASE = "database-engineer"
DEVOPS = "devops-expert"

#: (request, the frame it holds, the bundled agent it goes to)
SITUATIONS = [
    (
        "our users table has the same email three times, how do we stop duplicates at the "
        "database level?",
        "outcomedupes",
        DATABASE,
    ),
    ("у таблиці товарів дублі артикулів, як заборонити це в самій БД?", "outcomedupes", DATABASE),
    (
        "в журналі оплат дублікати одного платежу, як не допустити цього на рівні бази?",
        "outcomedupes",
        DATABASE,
    ),
    (
        "дайте аналітику доступ до бази тільки на читання для дашбордів",
        "outcomereadonly",
        DATABASE,
    ),
    (
        "the download report button fails after about 3 minutes for big customers",
        "outcometimeout",
        BACKEND,
    ),
    (
        "репліка відстає від основної бази на 5 хвилин, звіти показують старі цифри",
        "outcomereplicalag",
        DATABASE,
    ),
    (
        "the appointment page offers slots that are already booked by someone else",
        "outcomedoublebook",
        DATABASE,
    ),
    (
        "на сторінці запису показуються години, які вже зайняті іншим клієнтом",
        "outcomedoublebook",
        DATABASE,
    ),
    (
        "sending the welcome email should happen in the background, the user shouldn't wait "
        "on a spinner",
        "outcomeoffload",
        BACKEND,
    ),
    (
        "хочу кольоровий індикатор: зелена крапка якщо сервіс працює, червона якщо ні",
        "outcomebadge",
        FRONTEND,
    ),
    (
        "add a small green or red status dot next to each user's avatar in the chat list",
        "outcomebadge",
        FRONTEND,
    ),
]

test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("the submit button looks misaligned on mobile and its hover color is wrong", FRONTEND),
        ('кнопка "Зберегти" з\'їжджає вправо на мобільному, поправ стилі', FRONTEND),
        ("show a validation message under the email field when the format is wrong", FRONTEND),
        ("форма реєстрації має показувати помилку під полем пароля, якщо він короткий", FRONTEND),
        ("the POST /users endpoint must reject duplicate emails with 409 Conflict", BACKEND),
        ("ендпоінт створення замовлення має повертати 409, якщо такий вже є", BACKEND),
        ("the toast error message disappears after 2 seconds, make it stay longer", FRONTEND),
        ("the modal should close automatically after 5 seconds", FRONTEND),
        ("our webhook handler processes the same payment event twice, make it idempotent", BACKEND),
        ("the booking form should show a calendar with available dates", FRONTEND),
        ("set up a read replica for our postgres in terraform", DEVOPS),
        ("give users with the viewer role read-only access to the projects API", BACKEND),
        ("the loading spinner on the dashboard page spins forever and never disappears", FRONTEND),
        (
            'signup 500s: IntegrityError duplicate key violates unique constraint "users_email_key"'
            " -> should be 409",
            BACKEND,
        ),
    ],
)
def test_near_misses_keep_their_agent(bundled: Registry, text: str, agent: str) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("the toast error message disappears after 2 seconds", "outcometimeout"),
        ("the booking form takes 2 minutes to load", "outcomedoublebook"),
        ("managers should only see their own team's orders", "outcomereadonly"),
    ],
)
def test_near_misses_make_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


def test_the_apps_roles_give_way_to_a_read_only_database() -> None:
    found = frames_of("дайте бухгалтеру доступ до бази лише на читання")
    assert "outcomereadonly" in found
    assert "outcomeroles" not in found


#: 0xfurai: the job a request describes (alerts that flap, or should be grouped) names
#: prometheus-expert, which keeps a near tie against an agent explaining more of the
#: request's other words (a rule: grafana; simultaneously read as concurrency: erlang).
PROMETHEUS = "prometheus-expert"
JOB_ROUTES = [
    (
        "our DiskFull alert keeps flapping between firing and resolved, how do I add for: to the "
        "rule?",
        PROMETHEUS,
    ),
    ("алерти флапають кожні кілька хвилин, як зробити щоб не будили чергового", PROMETHEUS),
    ("коли лягає кластер, прилітає купа алертів одночасно, хочу їх згрупувати", PROMETHEUS),
    ("build a Grafana panel showing p95 latency per endpoint", "grafana-expert"),
    ("зроби дашборд у графані з панеллю помилок по сервісах", "grafana-expert"),
    ("how do I run 10000 processes concurrently in erlang with supervisors", "erlang-expert"),
]


@pytest.mark.parametrize(("text", "agent"), JOB_ROUTES)
def test_the_jobs_agent_keeps_it(corpus_rosters: Rosters, text: str, agent: str) -> None:
    assert route(text, corpus_rosters["0xfurai"]).agent == agent
