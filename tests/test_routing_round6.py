# ruff: noqa: RUF001, RUF003 - Ukrainian text and Latin look-alikes inside it are intended
"""Round 6 routing rules: Ukrainian inflections the prefix stems missed (consonant
alternation, the fleeting vowel) and Cyrillic words typed with Latin look-alike letters."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.stems import stem_en
from coordinator.routing.text import term_list, words


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("черзі", "queue"),  # черга: г -> з before і
        ("збірці", "build"),  # збірка: к -> ц before і
        ("кнопці", "button"),
        ("покупок", "purchase"),  # покупка: the genitive plural inserts о before к
        ("помилок", "error"),
        ("сторінок", "page"),
    ],
)
def test_an_alternated_or_fleeting_vowel_form_reaches_english(word: str, english: str) -> None:
    assert stem_en(english) in term_list(word)


def test_an_unrelated_word_with_such_an_ending_stays_unknown() -> None:
    # the rule only undoes an alternation when the result is a glossary stem
    assert term_list("вулиці") == ("вули",)  # вулиця, street: its ordinary stem


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("монoліт", "моноліт"),  # Latin o
        ("монолiт", "моноліт"),  # Latin i
        ("cтарий", "старий"),  # Latin c
    ],
)
def test_latin_lookalikes_inside_a_cyrillic_word_read_as_cyrillic(typed: str, read: str) -> None:
    assert words(f"переробити {typed} сервіс") == ["переробити", read, "сервіс"]


@pytest.mark.parametrize("text", ["reactом", "k8s кластер", "nginx і redis"])
def test_latin_words_with_other_letters_stay_latin(text: str) -> None:
    # r, n, g, d, s, 8 do not look Cyrillic: a Latin name with a Ukrainian ending stays Latin
    assert words(text) == text.split()


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    folder = tmp_path_factory.mktemp("round6")
    for name, description in [
        ("legacy-modernizer", "Legacy modernization: split a monolith into services."),
        ("queue-expert", "Message queue consumers, brokers and retries."),
        ("web-designer", "Visual design of pages, colours and typography."),
    ]:
        (folder / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: {description}\n---\nWorks carefully.\n",
            encoding="utf-8",
        )
    return load_registry([folder], only=True, cwd=Path(folder), cache=False)


def test_an_alternated_form_reaches_its_specialist(roster: Registry) -> None:
    # only the alternated word is a term: черзі (черга) must reach queue
    assert route("застрягло в черзі", roster).agent == "queue-expert"
