# ruff: noqa: RUF001 - Ukrainian requests
"""Round 59 routing: symptoms the bundled roster's requests are told by (someone sees
another's records, a ping when the site is down, a migration that must not take production
down, stale values until F5, the same item sold twice at once, many queries from one list in
the logs). Requests here are constructed, not from a set."""

from __future__ import annotations

import pytest
from kit import frames_of

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import life_subject
from coordinator.routing.text import words

BACKEND, DATABASE, DEVOPS = "fastapi-backend-expert", "database-engineer", "devops-expert"
FRONTEND = "react-frontend-expert"


@pytest.mark.parametrize(
    ("text", "joined", "fired"),
    [
        ("users of one tenant can view projects of another tenant", "outcomeothersdata", True),
        ("співробітник бачить документи іншого відділу", "outcomeothersdata", True),
        ("show the other projects in the sidebar", "outcomeothersdata", False),
        ("why does opening another project reset the sidebar", "outcomeothersdata", False),
        ("дайте знати в телеграм якщо сервер недоступний", "outcomedownping", True),
        ("ping me in slack when the nightly backup fails", "outcomedownping", True),
        # a crash beside a message is a bug report, not an alert wanted
        ("the app crashes when I send a message with an emoji", "outcomedownping", False),
        ("I don't know why the app crashes on start", "outcomedownping", False),
        # a bot that runs in a chat app crashing is a bug, not an alert channel
        ("our telegram bot crashes when someone sends a sticker", "outcomedownping", False),
        ("хочу знати одразу коли апі падає", "outcomedownping", True),
        ("rename the email column without downtime", "outcomesafemigrate", True),
        ("міграція на 40 млн рядків, треба щоб прод не ліг", "outcomesafemigrate", True),
        ("after saving the table keeps the stale value until reload", "outcomef5", True),
        ("the page still shows 500 after refresh", "outcomef5", False),
        ("двоє покупців одночасно купили останній товар, продали двічі", "outcomerace", True),
        ("run the test suite in parallel twice as fast", "outcomerace", False),
        ("the logs show 300 queries when I open the project list", "outcomenplusone", True),
        ("в логах видно що кожен запит на сторінку падає з 500", "outcomenplusone", False),
    ],
)
def test_round59_frames(text: str, joined: str, fired: bool) -> None:
    assert (joined in frames_of(text)) is fired


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("a logged in buyer opened someone else's order by accident", BACKEND),
        ("співробітник бачить документи іншого відділу, треба закрити", BACKEND),
        ("дайте знати в телеграм якщо сервер недоступний", DEVOPS),
        ("ping me in slack when the nightly backup fails", DEVOPS),
        ("send customers a telegram message when their order ships", BACKEND),
        ("rename the email column without downtime", DATABASE),
        ("після деплою у юзерів стара версія сайту поки не натиснуть F5", FRONTEND),
        ("двоє покупців одночасно купують останній товар і ми продаємо його двічі", DATABASE),
    ],
)
def test_round59_symptoms_route_on_the_bundled_roster(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("допиши звіт на ABAP, щоб показував залишки по складах", None),
        ("our 1C accounting should import bank statements by itself", None),
        ("a Visualforce page times out for the sales team", None),
        # a suite named beside software the roster builds stays the roster's
        ("sync new signups from our app to Salesforce every hour", BACKEND),
        ("integrate our FastAPI service with SAP over REST", BACKEND),
    ],
)
def test_erp_and_crm_suites_own_code_is_no_bundled_agents(
    bundled: Registry, request_text: str, agent: str | None
) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("write a job posting for a middle react developer", None),
        ("напиши вакансію на джуна фронтендера, віддалено", None),
        ("write our monthly newsletter about the new dark mode", None),
        ("напиши прес-реліз про запуск нашого API", None),
        # the genre's word beside software the roster builds is that software
        ("write the newsletter signup endpoint in fastapi", BACKEND),
        ("write a job queue for sending the newsletter", BACKEND),
    ],
)
def test_a_business_text_asked_is_no_bundled_agents(
    bundled: Registry, request_text: str, agent: str | None
) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        # the agent files' round-59 keywords: the proxy's body limit, a slim image
        ("the proxy answers 413 Request Entity Too Large when a user sends a 30mb pdf", DEVOPS),
        ("the backend image weighs 3GB, make it slim", DEVOPS),
        ("what diet helps to get slim by summer", None),
        ("додай на сторінку профілю завантаження аватарки з превю", FRONTEND),
    ],
)
def test_round59_keywords_of_the_bundled_files(
    bundled: Registry, request_text: str, agent: str | None
) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        # health, sport and office life beside a work word (sprint, office, computer)
        ("шукаю фізіотерапевта біля офісу", None),
        ("which league has the best football this season", None),
        ("кавоварка на кухні офісу пише помилку і не вмикається", None),
        # a software word keeps the request the roster's
        ("зроби API для бронювання переговорок", BACKEND),
        ("кнопка оформлення зʼїхала вправо на айфоні", FRONTEND),
        ("the league table page should sort teams by points", FRONTEND),
    ],
)
def test_round59_everyday_subjects(bundled: Registry, request_text: str, agent: str | None) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("who won the champions league final last year", "league"),
        ("порадь вправи для спини після роботи", "вправи"),
        ("кавомашина тече, що робити", "кавомашина"),
        ("хто бронював переговорку на пʼятницю", "переговорку"),
    ],
)
def test_round59_everyday_words_name_a_subject(request_text: str, subject: str) -> None:
    assert life_subject(words(request_text)) == subject


def test_an_export_to_excel_asked_of_the_product_is_no_everyday_life(bundled: Registry) -> None:
    """The export frame reads only as a product's feature: "ексель" beside it is no veto."""
    request = "директор хоче вивантажувати звіт продажів в ексель зі свого кабінету"
    assert route(request, bundled).agent is not None


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("translate my resume into polish", "resume"),
        ("переклади довідку з банку англійською", "довідку"),
        ("write a job posting for a middle react developer", "job posting"),
        # the object is software, or a page of a site: the app's own text
        ("translate the API contract to OpenAPI", None),
        ("translate the contract page of our site into polish", None),
        ("write a job queue for the newsletter", None),
    ],
)
def test_round59_texts_asked_to_be_written_or_translated(
    request_text: str, subject: str | None
) -> None:
    assert life_subject(words(request_text)) == subject


@pytest.mark.parametrize(
    ("text", "fired"),
    [
        ("PDF generation blocks the request for 15 seconds, push it to a worker", True),
        ("експорт у браузері висить хвилину, хай краще приходить на пошту", True),
        ("винеси повільний запит в окремий індекс", False),
        ("the page takes 10 seconds to load in the browser", False),
    ],
)
def test_slow_work_moved_off_the_request_is_a_frame(text: str, fired: bool) -> None:
    assert ("outcomeoffload" in frames_of(text)) is fired


def test_slow_work_moved_off_the_request_is_the_backends(bundled: Registry) -> None:
    request = "експорт у браузері висить хвилину, хай краще приходить на пошту"
    assert route(request, bundled).agent == BACKEND
