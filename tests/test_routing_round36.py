# ruff: noqa: RUF001 - Ukrainian requests
"""Round 36 routing knowledge: the bundled specialists' fields in the words of product
managers, QA, support and on-call (concepts._R36_ENTRIES, concepts._R36_PHRASE_LINES) and a
few everyday words in the agent files. Requests here are constructed, not from a set."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import concepts
from coordinator.routing.lexical import route
from coordinator.routing.text import term_list, words

AGENTS = Path(__file__).resolve().parents[1] / "agents"
BACKEND, DATABASE, DEVOPS = "fastapi-backend-expert", "database-engineer", "devops-expert"
FRONTEND, LLM = "react-frontend-expert", "llm-ml-engineer"


def test_the_round36_rows_are_read_with_the_other_tables() -> None:
    lines = concepts._R36_PHRASE_LINES.strip().splitlines()
    assert all(line.count(":") == 1 for line in lines)
    joined = {line.partition(":")[0] for line in lines}
    # every joined word has a domain (its own entry or an earlier block's)
    assert all(term_list(j)[0] in concepts.CONCEPTS for j in joined)
    assert concepts.CONCEPTS[term_list("happenstwice")[0]] == concepts._R36_TWICE


def test_every_round36_phrase_is_written_as_a_request_is_tokenised() -> None:
    for line in concepts._R36_PHRASE_LINES.strip().splitlines():
        for phrase in line.partition(":")[2].split("|"):
            assert words(phrase) == phrase.split(), phrase


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("customers got the same confirmation email twice", "happenstwice"),
        ("клієнту двічі прийшов лист з підтвердженням", "happenstwice"),
        ("big video uploads die after 30 seconds", "uploaddies"),
        ("відео більше 100 мегабайт не довантажуються", "uploaddies"),
        ("old mobile clients still call v1", "apiclients"),
        ("партнери просять документацію апі з прикладами", "apidescribe"),
        ("зроби тестовий стенд для клієнта", "previewenv"),
        ("every release someone copies files to the server by hand", "manualdeploy"),
        ("update the ts types and the profile card", "uicard"),
        ("the manual doesnt fit in the prompt", "toolongformodel"),
        ("договір не влазить в контекст", "toolongformodel"),
        ("sort incoming leads by what people wrote in the form", "sortbytext"),
        ("хто шукає диван має знаходити і софу", "searchmeaning"),
        ("deleted customers should be hidden but kept for accounting", "hiddenbutkept"),
        ("домен не відкривається після переїзду на новий хостинг", "domainmove"),
    ],
)
def test_a_product_effect_is_read_as_its_field(text: str, joined: str) -> None:
    assert joined in concepts.phrases(words(text))


@pytest.mark.parametrize(
    "text",
    [
        "my email got sent twice to my boss",
        "do I need to pay again for parking after an hour",
        "I bought fresh basil, how to store it",
        "add it to the types of flowers we plant",
        "explain the rules of the card game durak",
    ],
)
def test_everyday_wordings_hold_no_round36_phrase(text: str) -> None:
    r36 = {line.partition(":")[0] for line in concepts._R36_PHRASE_LINES.strip().splitlines()}
    assert r36.isdisjoint(concepts.phrases(words(text)))


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("customers got the same confirmation email twice when they clicked pay", BACKEND),
        ("клієнтам двічі списуються гроші за одну підписку", BACKEND),
        ("big video uploads die after 30 seconds", BACKEND),
        ("відео більше 100 мегабайт ніколи не довантажуються", BACKEND),
        ("users can open other people's orders by changing the id in the url", BACKEND),
        ("страйп має повідомляти нас коли оплата пройшла", BACKEND),
        ("we need to store which user liked which post", DATABASE),
        ("видалених клієнтів треба ховати, але не стирати з бази", DATABASE),
        ("a product can be in many categories", DATABASE),
        ("зроби тестовий стенд для клієнта", DEVOPS),
        ("сайт лежав всю ніч і ніхто не помітив", DEVOPS),
        ("every friday someone uploads the build by hand to the server", DEVOPS),
        (
            "update the TS types and the profile card to show the new avatar_url field"
            " the endpoint returns",
            FRONTEND,
        ),
        ("покажи кількість непрочитаних червоним бейджем на дзвіночку", FRONTEND),
        ("sort incoming leads by what people wrote in the form", LLM),
        ("документ задовгий для моделі, вона обрізає кінець", LLM),
        ("our contracts are hundreds of pages and the model only sees part", LLM),
        # guards that passed before the round and must keep passing
        ("return a proper error message when the email is already taken instead of a 500", BACKEND),
        ("таблиця задач не влазить на телефоні", FRONTEND),
        ("the model makes up facts about our products", LLM),
    ],
)
def test_routes_on_the_bundled_roster(bundled: Registry, request_text: str, agent: str) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.mark.parametrize(
    "request_text",
    [
        "my email got sent twice to my boss, how do I apologise",
        "do I need to pay again for parking after an hour",
        "explain the rules of the card game durak",
        "write a birthday card for my mom",
        "pick a synonym for happy",
        "як вивчити англійську за рік",
        "the hosting of our wedding party, who should do it",
    ],
)
def test_everyday_requests_stay_unrouted(bundled: Registry, request_text: str) -> None:
    assert route(request_text, bundled).agent is None


def test_agents_claim_no_everyday_card_synonym_or_twice() -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in AGENTS.glob("*.md")}
    assert '"card"' not in texts[FRONTEND]
    assert "synonym" not in texts[LLM].lower()
    assert "двічі" not in texts[BACKEND] and "twice" not in texts[BACKEND]
