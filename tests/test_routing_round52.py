# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 52: Ukrainian by-ear spellings of English developer words, Russian verbs in
Ukrainian letters and Ukrainian words for concepts named in English (ШІ, винагорода, пацієнт)
reach their English terms; words that only look like them do not. Ukrainian phrase rows
for concepts that had English rows only. Requests here are constructed."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import concepts
from coordinator.routing.lexical import route
from coordinator.routing.text import term_list, words


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("задизейбли", "disabl"),
        ("енейблити", "enabl"),
        ("тицьнути", "click"),
        ("сипляться", "error"),
        ("вливаємо", "merg"),
        ("пошарити", "share"),
        ("мсп", "mcp"),
        ("црм", "crm"),
        ("докачувати", "upload"),
        ("респонсі", "respons"),
        ("исправить", "fix"),
        ("полагодити", "fix"),
        ("подключить", "connect"),
        ("проверить", "check"),
        ("загрузка", "upload"),
        ("уведомления", "notific"),
        ("провайдера", "provid"),
        ("ші", "ai"),
        ("перф", "perform"),
        ("перезагрузиш", "restart"),
        ("сортує", "sort"),
        ("винагорода", "reward"),
        ("пацієнтів", "patient"),
        ("тягати", "drag"),
    ],
)
def test_a_spelling_by_ear_reaches_its_english_term(word: str, english: str) -> None:
    assert english in term_list(word)


@pytest.mark.parametrize("word", ["починаємо", "шари", "рагу", "провести", "сортир"])
def test_a_word_that_only_looks_borrowed_keeps_its_own_sense(word: str) -> None:
    assert not {"fix", "share", "rag", "check", "sort"} & set(term_list(word))


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("користувач тицяє кнопку двічі, задизейбль її поки йде запит", "react-frontend-expert"),
        ("исправить ошибку: ендпоінт віддає респонс без поля total", "fastapi-backend-expert"),
    ],
)
def test_by_ear_requests_reach_their_specialist(bundled: Registry, text: str, agent: str) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("де саме вузьке місце в цьому сервісі", "bottleneck"),
        ("пошук нічого не знаходить по назві товару", "searchbad"),
        ("треба двофакторну автентифікацію для адмінів", "2fa"),
        ("юзери бачать білий екран після логіну", "blankscreen"),
        ("хочемо пробний період на 14 днів", "freetrial"),
    ],
)
def test_a_ukrainian_phrase_names_the_english_concept(text: str, joined: str) -> None:
    assert joined in concepts.phrases(words(text))


@pytest.mark.parametrize(
    "text",
    ["склади графік чергувань на грудень", "хочемо порізати таблицю на партиції без даунтайму"],
)
def test_a_rota_and_a_table_change_name_no_such_concept(text: str) -> None:
    assert not {"chartui", "zerodowntime"} & set(concepts.phrases(words(text)))
