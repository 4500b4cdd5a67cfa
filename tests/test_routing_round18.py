# ruff: noqa: RUF001, RUF003 - Ukrainian text is intended
"""Round 18: the Ukrainian glossary grown by area, verbs of one action made from borrowed
words (деплойнути), and truncated roots that must reach past a verbal prefix."""

from __future__ import annotations

import pytest

from coordinator.routing.glossary import GLOSSARY
from coordinator.routing.stems import stem_en
from coordinator.routing.text import term_list, terms

# -- mechanisms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("деплойнути", "deploy"),  # деплой- is депло- and one letter
        ("закомітнув", "commit"),  # a perfective prefix too
        ("пушнути", "push"),
        ("апгрейднути", "upgrade"),
    ],
)
def test_a_verb_of_one_action_from_a_borrowed_word_meets_its_stem(word: str, english: str) -> None:
    assert stem_en(english) in term_list(word)


@pytest.mark.parametrize(
    ("word", "not_term"),
    [
        ("мокнути", "mock"),  # to get wet: a three-letter stem is never a -ну- root
        ("збагнути", "bug"),  # to grasp
        ("подихнути", "pod"),  # to breathe: поди and an х is no stem
        ("натиснути", "click"),  # натиск-, not натис-: no truncated root
    ],
)
def test_a_native_verb_of_one_action_stays_itself(word: str, not_term: str) -> None:
    assert stem_en(not_term) not in term_list(word)


@pytest.mark.parametrize(
    ("word", "not_term"),
    [
        ("передати", "subscription"),  # to pass on: перед- is no передплат-
        ("перемити", "toggle"),  # to wash again: перем- is no перемикач
        ("відстати", "spacing"),  # to fall behind: відст- is no відступ
        ("перевити", "check"),  # to rewind: перев- is no перевір-
    ],
)
def test_a_truncated_root_must_reach_past_a_verbal_prefix(word: str, not_term: str) -> None:
    assert stem_en(not_term) not in term_list(word)


def test_a_truncated_root_past_the_prefix_still_meets_its_stem() -> None:
    assert term_list("перейменувати") == (stem_en("rename"),)
    assert stem_en("monitoring") in term_list("моніторити")


def test_area_lines_of_the_table_are_no_stems() -> None:
    assert not [stem for stem in GLOSSARY if stem.startswith("#")]
    assert len(GLOSSARY) > 1600


# -- entries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "english"),
    [
        ("додай вкладення до листа", ["attach", "email"]),
        ("відкоти реліз", ["rollback"]),
        ("знімок екрана", ["screenshot"]),
        ("зовнішній ключ", ["foreign", "key"]),
        ("резервне копіювання", ["backup"]),
        ("витік пам'яті", ["leak", "memory"]),
        ("ідемпотентний ендпоінт", ["idempotent", "endpoint"]),
        ("перенавчання моделі", ["retrain", "model"]),
        ("москіто брокер", ["mqtt", "broker"]),
        ("який кюос поставити", ["qos"]),
        ("відтік клієнтів", ["churn"]),
        ("засетапити лінтер", ["setup", "linter"]),
        ("юзери відвалюються на онбордингу", ["onboarding"]),
        ("перевір на ін'єкції та інші дірки", ["injection", "vulnerability"]),
    ],
)
def test_everyday_developer_ukrainian_reads_as_english(
    request_text: str, english: list[str]
) -> None:
    found = terms(request_text)
    assert {stem_en(w) for w in english} <= set(found), found


@pytest.mark.parametrize(
    "word",
    [
        "планета",  # no план (plan): планета, планка
        "спорт",  # no порт: спорт, портрет, портфель
        "тема",  # no тем (theme): a topic
        "простою",  # no простій (downtime): простою мовою
        "згодом",  # no згод (consent): later
        "через",  # no чері (cherry-pick)
        "ресторан",  # no рест (REST)
        "рагу",  # no раг (RAG)
        "доки",  # no доки (docs): until
        "справа",  # no справа (RTL): a matter
        "чорний",  # no чорн (churn): black
        "вставати",  # no вставк/вставл (insert): to get up
        "онкологія",  # no онкол (on-call)
        "світло",  # no світл (light theme)
        "зумовити",  # no зум (zoom): to cause
        "збереження",  # saving stays save, not retention
    ],
)
def test_a_common_word_is_not_swallowed_by_a_developer_stem(word: str) -> None:
    found = term_list(word)
    assert not set(found) & {
        stem_en(w)
        for w in (
            "plan port theme downtime consent cherry rest rag documentation rtl churn "
            "insert oncall light zoom retention"
        ).split()
    }, found
