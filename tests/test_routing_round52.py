# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 52: Ukrainian by-ear spellings of English developer words, Russian verbs in
Ukrainian letters and Ukrainian words for concepts named in English (ШІ, винагорода, пацієнт)
reach their English terms; words that only look like them do not.
Requests here are constructed."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.text import term_list


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
