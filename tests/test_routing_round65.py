# ruff: noqa: RUF001 - Ukrainian requests
"""Round 65: the bundled roster's five fields told as a situation, without the field's words,
read as outcome frames (coordinator.routing.outcomes): a payment provider calling us back, a
slow report asked to run in the background, a header that picks the tenant, coloured status
badges, a chat that should scroll to the newest message, duplicates the database should
refuse, a migration to undo, a column on a huge table, a proxy's error code, a preview link
before customers see a change, a key committed to the repo, a document too long for the
model, incoming tickets to tag, search that understands, a customer's photo to keep, rows
pointing at deleted ones, a crash nobody noticed, a broken version to go back from, fields
pulled out of scans, a summary of each call, an app to put online, a disk filling up, texts
to check for forbidden content, uneven spacing a designer sees; and a layer
said to be done already (the API is ready, the column is migrated) or the only one left
(only on the front): the work asked is the next layer's.
Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of, situation_tests

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route

BACKEND = "fastapi-backend-expert"
FRONTEND = "react-frontend-expert"
DATABASE = "database-engineer"
DEVOPS = "devops-expert"
LLM = "llm-ml-engineer"

#: (request, the frame it holds, the bundled agent it goes to)
SITUATIONS = [
    (
        "платіжка надсилає нам запит коли оплата пройшла, треба його прийняти і позначити "
        "замовлення оплаченим",
        "outcomecallback",
        BACKEND,
    ),
    (
        "the yearly invoice export takes several minutes and the browser gives up, can it "
        "be built in the background and emailed",
        "outcomeoffload",
        BACKEND,
    ),
    (
        "вивантаження всіх замовлень в csv триває кілька хвилин, хай воно генерується у фоні",
        "outcomeoffload",
        BACKEND,
    ),
    (
        "every request carries an org id header and that header should pick which "
        "organization's data we return",
        "outcometenantheader",
        BACKEND,
    ),
    (
        "design wants each invoice row to show a coloured label: green for paid, orange for "
        "overdue",
        "outcomebadge",
        FRONTEND,
    ),
    (
        "хочу біля кожного тікета маленький кольоровий бейдж: червоний якщо терміново",
        "outcomebadge",
        FRONTEND,
    ),
    (
        "when a new comment arrives the feed should scroll down to it automatically",
        "outcomechatscroll",
        FRONTEND,
    ),
    (
        "у стрічці коментарів після відправки треба автоматично прокручувати вниз",
        "outcomechatscroll",
        FRONTEND,
    ),
    (
        "we keep getting duplicate customers with the same phone, the database should refuse "
        "a second one",
        "outcomedupes",
        DATABASE,
    ),
    (
        "у таблиці товарів є дублі артикулів, хочу щоб база не дозволяла таке вставити",
        "outcomedupes",
        DATABASE,
    ),
    (
        "yesterday's migration was wrong and dropped a column, how do we revert it cleanly",
        "outcomebadmigration",
        DATABASE,
    ),
    ("вчорашня міграція крива, треба її відкотити і переписати", "outcomebadmigration", DATABASE),
    (
        "need a new status column on a table with 80 million rows without locking production",
        "outcomesafemigrate",
        DATABASE,
    ),
    (
        "треба додати поле в таблицю на мільйони записів так щоб прод не ліг",
        "outcomesafemigrate",
        DATABASE,
    ),
    ("traefik віддає 502 на всі запити після оновлення", "outcomeproxyerror", DEVOPS),
    (
        "stakeholders want every change on its own test link before it goes to real users",
        "outcomepreview",
        DEVOPS,
    ),
    (
        "someone committed the database password to the repo, we need to change it and stop "
        "it happening again",
        "outcomeleakedkey",
        DEVOPS,
    ),
    ("хтось закомітив токен від бота в гітхаб, що робити", "outcomeleakedkey", DEVOPS),
    (
        "книга на 500 сторінок не влазить в модель, як її обробити частинами",
        "outcomelongdoc",
        LLM,
    ),
    (
        "every new support ticket should get a label like refund / bug / question without a "
        "person reading it",
        "outcomesorttext",
        LLM,
    ),
    (
        "the product search should understand what people mean, not just match words",
        "outcomemeaning",
        LLM,
    ),
    (
        "хочу щоб пошук по статтях розумів запит, навіть якщо слова інші",
        "outcomemeaning",
        LLM,
    ),
    (
        "users should be able to attach a photo to their complaint and we keep it on our side",
        "outcomebigupload",
        BACKEND,
    ),
    (
        "someone floods our signup endpoint with hundreds of requests a second, block it",
        "outcomeratecap",
        BACKEND,
    ),
    (
        "some orders point to customers that no longer exist, how do we stop that",
        "outcomeorphans",
        DATABASE,
    ),
    (
        "our app dies every night around 3am and nobody knows until morning",
        "outcomeunnoticed",
        DEVOPS,
    ),
    (
        "the new version broke checkout, go back to yesterday's one quickly",
        "outcomerelease",
        DEVOPS,
    ),
    (
        "pull the invoice number, date and total out of scanned pdfs automatically",
        "outcomeextract",
        LLM,
    ),
    (
        "we want a short summary of each customer call from the transcript",
        "outcomesummary",
        LLM,
    ),
    (
        "we built the app but have no idea how to make it available online for real users",
        "outcomegoonline",
        DEVOPS,
    ),
    (
        "як викласти мій застосунок в інтернет, щоб ним могли користуватися інші",
        "outcomegoonline",
        DEVOPS,
    ),
    (
        "when the shipping company updates a delivery they send a request to us, save the "
        "new status",
        "outcomecallback",
        BACKEND,
    ),
    (
        "the invoice pdf should be generated after checkout without making the customer wait",
        "outcomeoffload",
        BACKEND,
    ),
    (
        "each customer company has its own subdomain and we must serve only their data",
        "outcometenantheader",
        BACKEND,
    ),
    (
        "two customers ended up with the same invoice number, that must never happen",
        "outcomedupes",
        DATABASE,
    ),
    (
        "в нас однакові номери замовлень у двох різних замовлень, як це заборонити на рівні бази",
        "outcomedupes",
        DATABASE,
    ),
    ("the server disk keeps filling up with logs", "outcomediskfull", DEVOPS),
    (
        "customers describe problems in their own words and we want to find the matching faq "
        "answer",
        "outcomemeaning",
        LLM,
    ),
    (
        "we use Postgres but want people to find products by describing them, not by exact name",
        "outcomemeaning",
        LLM,
    ),
    (
        "тексти оголошень треба автоматично перевіряти на заборонений контент",
        "outcomemoderate",
        LLM,
    ),
    (
        "коли банк підтверджує платіж, він дзвонить на наш сервер, а ми це не ловимо",
        "outcomecallback",
        BACKEND,
    ),
    ("cloudflare shows error 522 for our site since this morning", "outcomeproxyerror", DEVOPS),
    (
        "a contractor pushed our database credentials to a public repo",
        "outcomeleakedkey",
        DEVOPS,
    ),
    (
        "designer feedback: the spacing between cards is inconsistent and the titles wrap",
        "outcomespacing",
        FRONTEND,
    ),
    (
        "апі для коментарів вже готове, треба зробити форму на сторінці товару",
        "outcomebackready",
        FRONTEND,
    ),
    (
        "стрімінг відповіді моделі вже працює на бекенді, треба тільки на фронті показувати "
        "текст по мірі надходження",
        "outcomefrontonly",
        FRONTEND,
    ),
    (
        "the discount column is already in the table, now expose it through the orders api",
        "outcomeschemaready",
        BACKEND,
    ),
    (
        "поле phone вже додали в таблицю міграцією, тепер треба віддавати його в апі",
        "outcomeschemaready",
        BACKEND,
    ),
]

#: A person's own life in the same words: no frame, or none of the roster's fields.
EVERYDAY = [
    "my bank sends me a text when money arrives, can I turn that off",
    "my 300 page novel won't fit in the envelope for the publisher",
    "our sofa has duplicate cushions, should we donate one",
    "моя сусідка спамить в чат по сто повідомлень за хвилину",
]


test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize("text", EVERYDAY)
def test_a_persons_own_life_stays_none(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent is None


@pytest.mark.parametrize(
    "text",
    [
        "договір оренди на 90 сторінок не влазить у контекст ллмки, як з ним бути",
        "the lease contract is 120 pages and does not fit into the model's context, how do we "
        "handle it",
    ],
)
def test_a_document_too_long_for_the_model_is_no_everyday_contract(
    bundled: Registry, text: str
) -> None:
    assert route(text, bundled).agent == LLM


def test_a_server_query_library_is_the_frontends(bundled: Registry) -> None:
    decision = route("useQuery keeps returning cached data after a mutation", bundled)
    assert decision.agent == FRONTEND, decision.reason


def test_a_flyway_checksum_error_is_no_migration_to_undo() -> None:
    text = "Validate failed: Migration checksum mismatch for migration version 3"
    assert "outcomebadmigration" not in frames_of(text)


def test_a_unique_violation_is_no_duplicates_to_refuse() -> None:
    text = 'IntegrityError duplicate key value violates unique constraint "orders_pkey"'
    assert "outcomedupes" not in frames_of(text)


def test_a_leaked_key_in_use_is_no_key_committed() -> None:
    text = "someone is using the api keys leaked from our repo to run servers on our account"
    assert "outcomeleakedkey" not in frames_of(text)


def test_a_kubernetes_event_shown_is_no_proxy_error() -> None:
    text = "cert-manager does not renew the ingress cert, events show the challenge pending"
    assert "outcomeproxyerror" not in frames_of(text)


def test_duplicates_the_database_should_refuse_are_no_retries() -> None:
    text = "в нас однакові номери замовлень у двох різних замовлень, як це заборонити в базі"
    assert "outcometwice" not in frames_of(text)


def test_logs_filling_a_disk_are_no_sign_out() -> None:
    found = frames_of("the server disk keeps filling up with logs")
    assert "outcomeloggedout" not in found


def test_a_slow_report_sent_to_the_background_is_offloaded_not_tuned() -> None:
    text = "the monthly report takes minutes to load, can it be made in the background"
    found = frames_of(text)
    assert "outcomeoffload" in found
    assert "outcomeslowreport" not in found
