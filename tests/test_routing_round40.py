# ruff: noqa: RUF001 - Ukrainian requests
"""Round 40 routing knowledge: the bundled specialists' fields named by their product effect
or symptom (coordinator.routing.effects), Ukrainian abbreviations said with the colloquial -к-
suffix (glossary), and NOT-for lines and keywords of the bundled agents. Requests here are
constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import concepts, effects
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import quoted_words
from coordinator.routing.senses import left_alone
from coordinator.routing.text import term_list, terms, words

BACKEND, DATABASE, DEVOPS = "fastapi-backend-expert", "database-engineer", "devops-expert"
FRONTEND, LLM = "react-frontend-expert", "llm-ml-engineer"


def test_the_round40_rows_are_read_with_the_other_tables() -> None:
    lines = effects.PHRASE_LINES.strip().splitlines()
    assert all(line.count(":") == 1 for line in lines)
    joined = {line.partition(":")[0] for line in lines}
    # every joined word has a domain (its own entry or an earlier block's)
    assert all(term_list(j)[0] in concepts.CONCEPTS for j in joined)
    assert concepts.CONCEPTS[term_list("callcap")[0]] == effects.ENTRIES["callcap"]


def test_every_round40_phrase_is_written_as_a_request_is_tokenised() -> None:
    for line in effects.PHRASE_LINES.strip().splitlines():
        for phrase in line.partition(":")[2].split("|"):
            assert words(phrase) == phrase.split(), phrase


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("orders should be split by year, it has two billion rows", "splitbymonth"),
        ("логи вже 500 млн рядків", "splitbymonth"),
        ("postgres says too many connections", "poolexhausted"),
        ("alembic upgrade stops: column email contains null values", "nullvalues"),
        ("limit each key to 100 requests per minute", "callcap"),
        ("обмежити кількість запитів з одного ip", "callcap"),
        ("every pull request gets a preview link for QA", "previewenv"),
        ("the stripe key shows up in the logs of the build", "secretinlog"),
        ("токен видно в логах ci", "secretinlog"),
        ("after signup the confirmation email never arrives", "mailnotsent"),
        ("хочу бачити на якому сервісі гальмує", "tracerequest"),
        ("асистент має сам викликати наші функції", "functioncalling"),
        ("group the feedback into themes", "clustergroup"),
        ("згрупуй відгуки за темами", "clustergroup"),
        ("the reply must match the schema every time", "modeloutput"),
        ("how to cut pdfs into pieces for retrieval", "chunkdocs"),
        ("the page on holidays is worded differently", "searchmeaning"),
        ("a user can belong to several organisations", "linktable"),
        ("return 409 when the name is taken", "httpstatus"),
    ],
)
def test_a_product_effect_is_read_as_its_field(text: str, joined: str) -> None:
    assert joined in concepts.phrases(words(text))


@pytest.mark.parametrize(
    ("text", "english"),
    [("ллмка", "llm"), ("ллмки", "llm"), ("пдфки", "pdf"), ("пдфками", "pdf")],
)
def test_an_abbreviation_with_the_colloquial_suffix_is_read_as_its_term(
    text: str, english: str
) -> None:
    assert terms(text) == list(term_list(english))


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("orders table has 2 billion rows, should we partition it by year?", DATABASE),
        ("логи в таблиці вже 500 млн рядків, може розбити по місяцях?", DATABASE),
        ("постгрес пише remaining connection slots are reserved, забагато зєднань", DATABASE),
        ("міграція падає бо в старих рядках null", DATABASE),
        ("юзер може бути в кількох організаціях, як це змоделювати", DATABASE),
        ("every pull request should get a preview link for QA", DEVOPS),
        ("токен від телеграм бота видно в логах ci, замаскуй", DEVOPS),
        ("we want traces across the gateway, api and workers to see where it is slow", DEVOPS),
        ("take a nightly pg_dump of the database to object storage", DEVOPS),
        ("limit each api key to 100 requests per minute", BACKEND),
        ("обмеж кількість запитів з одного ip до 10 на секунду", BACKEND),
        ("після реєстрації не приходить лист з підтвердженням", BACKEND),
        ("хочу щоб асистент сам викликав наші функції замість опису кроків", LLM),
        ("згрупуй відгуки клієнтів за темами", LLM),
        ("ллмка інколи вертає невалідний json, треба строго за схемою", LLM),
        ("пдфки великі, як їх різати для ембедінгів", LLM),
        ("pull the total and date from photos of receipts with a model", LLM),
        ("the success toast never goes away", FRONTEND),
        ("the dashboard count query scans the whole orders table every time", DATABASE),
        ("two admins edit the same product and one overwrites the other's changes", DATABASE),
        ("треба підняти все локально однією командою: апі, база, редіс", DEVOPS),
        ("додай підтвердження перед видаленням проєкту", FRONTEND),
        ("the model keeps answering in English even when the user writes Ukrainian", LLM),
        # NOT-for lines: secrets in a repo or CI are DevOps's, tracing across services too,
        # CORS and preflight the backend's
        ("openai key is committed to the repo, move it to secrets", DEVOPS),
        ("the anthropic key leaks in the ci logs", DEVOPS),
        ("трейси через фронт, апі і воркер: де гальмує запит", DEVOPS),
        ("the browser console says: has been blocked by CORS policy", BACKEND),
        # guards: an LLM's own secrets and keys stay with it
        ("the prompt leaks our secret system instructions to users", LLM),
        ("how do I use the anthropic api key with the python sdk to call claude", LLM),
    ],
)
def test_routes_on_the_bundled_roster(bundled: Registry, request_text: str, agent: str) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    "request_text",
    [
        "як приготувати рагу з куркою",
        "рецепт рагу з овочами",
        "write a toast for my brother's wedding",
        "tell me the full history of the roman empire",
        "where should I get off the bus for the museum",
        "як вибрати ноутбук для навчання",
    ],
)
def test_everyday_requests_stay_unrouted(bundled: Registry, request_text: str) -> None:
    assert route(request_text, bundled).agent is None


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("search for 'sofa' should show 'couch'", {"sofa", "couch"}),
        ("пошук: «відпустка» і “перерва”", {"відпустка", "перерва"}),
        ("don't stop, з'їжджаю завтра", set()),
        ("'a poem about my cat'", set()),  # quoted whole: read as written
    ],
)
def test_quoted_examples_are_left_out_of_the_everyday_check(text: str, quoted: set[str]) -> None:
    assert quoted_words(text) == quoted


@pytest.mark.parametrize(
    "request_text",
    [
        "when people search for 'sofa' they should also see 'couch' results",
        "хочу щоб пошук по статтях знаходив 'як повернути гроші' і коли написано 'рефанд'",
    ],
)
def test_a_search_example_in_quotes_is_no_everyday_subject(
    bundled: Registry, request_text: str
) -> None:
    assert route(request_text, bundled).agent == LLM


@pytest.mark.parametrize(
    "request_text",
    [
        "translate 'I love my cat' into french",
        "my son keeps saying 'i hate school', what do I do",
        "рецепт «борщ з пампушками» на 6 людей",
        '"write a birthday toast for my brother"',
    ],
)
def test_everyday_requests_with_quotes_stay_unrouted(bundled: Registry, request_text: str) -> None:
    assert route(request_text, bundled).agent is None


@pytest.mark.parametrize(
    ("text", "word", "left"),
    [
        ("the UI can come next sprint", "ui", True),
        ("frontend is done, we need the server part", "frontend", True),
        ("промпт не чіпай, тільки ендпоінт", "промпт", True),
        ("фронт частина вже готова", "фронт", True),
        ("dont touch the backend, fix the button", "backend", True),
        ("промпт не працює", "промпт", False),
        ("the frontend is slow on big lists", "frontend", False),
        ("get the frontend done by friday", "frontend", False),
    ],
)
def test_a_part_said_to_be_done_or_left_alone(text: str, word: str, left: bool) -> None:
    tokens = words(text)
    assert left_alone(tokens, tokens.index(word)) is left


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("the UI is done, now we need the API for saving drafts", BACKEND),
        ("фронт вже готовий, треба бек для завантаження аватарки", BACKEND),
        ("dont touch the backend, just fix the button color", FRONTEND),
    ],
)
def test_the_part_left_alone_does_not_route(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("як зробити щоб картки товарів були в 2 колонки на телефоні і в 4 на десктопі", FRONTEND),
        ("the table has too many columns on mobile", FRONTEND),
        # guards: a column of a table stays the database's
        ("add a column to the orders table", DATABASE),
        ("додай колонку статус в таблицю замовлень", DATABASE),
    ],
)
def test_columns_of_a_layout_are_the_frontends(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("add a chat between customers and support agents", BACKEND),
        ("чат між покупцем і продавцем має оновлюватись без перезавантаження", BACKEND),
        # guards: a chatbot stays the LLM engineer's
        ("the support chat bot should answer from our docs", LLM),
        ("our customers chat with an ai assistant", LLM),
        ("хочу щоб при навантаженні автоматично додавались інстанси", DEVOPS),
        ("треба щоб модель ставила теги до статей з нашого списку тегів", LLM),
    ],
)
def test_a_chat_between_people_is_realtime_messaging(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    "text",
    [
        "іншими словами, я просто втомився",
        "переїзд з Києва до Львова в березні",
        "кинь посилання на той фільм",
        "kids hanging around the park after school",
        "my phone bill went up again",
        "щодня о сьомій я бігаю",
        "which service is better for sending flowers",
    ],
)
def test_everyday_wordings_hold_no_round40_phrase(text: str) -> None:
    joined = {line.partition(":")[0] for line in effects.PHRASE_LINES.strip().splitlines()}
    assert joined.isdisjoint(concepts.phrases(words(text)))
