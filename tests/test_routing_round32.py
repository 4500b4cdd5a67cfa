# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 32: Ukrainian wording by cause. A borrowed verb behind any verbal prefix reads as its
glossary root (попартиціонувати, відрефакторити, передеплоїти) while Ukrainian words that
begin with a prefix keep it; a short glossary stem takes only a real ending (граф is no game,
подивись no pod); everyday Ukrainian words (vocab.COMMON_WORDS_UK) are read as themselves and
damped as COMMON_WORDS are; the glossary's round-32 block fills whole fields and names spelled
by ear; cardinality relations, pools and time zones read as terms. Rosters are the bundled
one, a constructed one and (where ../shared is present) 0xfurai's."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.routing import lexical
from coordinator.routing.glossary import GLOSSARY
from coordinator.routing.lexical import route, router_for
from coordinator.routing.stems import stem_uk
from coordinator.routing.text import term_list, terms, words
from coordinator.routing.uk_roots import _borrowed_root
from coordinator.routing.vocab import COMMON_WORDS_UK
from tests.routing_support import write_plain_agent

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.mark.parametrize(
    ("word", "term"),
    [
        ("попартиціонувати", "part"),  # partition's stem, as партиціонувати
        ("відрефакторити", "refact"),
        ("відрефакторь", "refact"),
        ("передеплоїти", "deploy"),
        ("переіндексувати", "index"),
        ("перемігрувати", "migr"),
        ("відскейлити", "scale"),
        ("переінсталювати", "install"),
        ("перекомпілювати", "compil"),
        ("відбекапити", "backup"),
        ("розпаралелити", "parallel"),
    ],
)
def test_a_borrowed_verb_behind_a_prefix_reads_as_its_root(word: str, term: str) -> None:
    assert term in term_list(word)


@pytest.mark.parametrize(
    "word",
    [
        "порядок",  # a noun: no рядок (row)
        "розрахунок",  # no рахунок (invoice)
        "випустити",  # пуст- is no borrowed root (empty)
        "направити",  # прав- (permission)
        "настилати",  # a four-letter root: стил- (style)
        "витаскувати",  # таск- (task)
        "прикрашувати",  # краш- (crash)
        "достаньте",  # стан- (state)
    ],
)
def test_a_ukrainian_word_that_begins_with_a_prefix_keeps_it(word: str) -> None:
    assert all(not t.isascii() for t in term_list(word))


def test_a_borrowed_root_spells_its_english_word() -> None:
    assert _borrowed_root("рефактор")
    assert _borrowed_root("мердж")  # dzh and g meet
    assert not _borrowed_root("стан")  # four letters
    assert not _borrowed_root("вантаж")  # load: no shared consonants


@pytest.mark.parametrize("word", ["подивись", "подивитись", "подивимось", "граф", "часто"])
def test_a_short_stem_takes_only_a_real_ending(word: str) -> None:
    assert all(not t.isascii() for t in term_list(word))


@pytest.mark.parametrize(
    ("word", "term"),
    [("поди", "pod"), ("подах", "pod"), ("гра", "game"), ("шлють", "send"), ("логів", "log")],
)
def test_short_stems_keep_their_forms(word: str, term: str) -> None:
    assert term in term_list(word)


@pytest.mark.parametrize("word", ["справжній", "класно", "листопад", "спосіб", "жесть"])
def test_an_everyday_word_is_not_read_through_the_glossary(word: str) -> None:
    assert word in COMMON_WORDS_UK
    assert term_list(word) == (stem_uk(word),)


@pytest.mark.parametrize(
    "word", ["сьогодні", "люди", "новий", "здається", "нормально", "подивись", "кілька"]
)
def test_everyday_ukrainian_words_are_in_the_background_list(word: str) -> None:
    assert stem_uk(word) in lexical._COMMON_TERMS


@pytest.mark.parametrize(
    "word", ["повільно", "довго", "відповідь", "лежить", "ключ", "шукати", "дати", "зберегти"]
)
def test_words_with_a_developer_sense_stay_out_of_the_list(word: str) -> None:
    assert word not in COMMON_WORDS_UK


@pytest.fixture(scope="module")
def ukrainian_roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("agents32")
    write_plain_agent(
        folder,
        "ui-expert",
        "CSS layout and components.",
        "Сьогодні верстаємо кнопки. Лосось у тексті прикладу.",
    )
    write_plain_agent(
        folder, "sql-expert", "Slow SQL queries and indexes.", "Спершу читаємо план запиту."
    )
    write_plain_agent(folder, "ops-expert", "Deploys and monitoring.", "Алерти і метрики.")
    return folder


def test_an_everyday_ukrainian_word_weighs_half_a_word_of_the_same_spread(
    ukrainian_roster: Path,
) -> None:
    registry = load_registry([ukrainian_roster], only=True, cwd=ukrainian_roster, cache=False)
    router = router_for(registry)
    # сьогодні and лосось: both only in ui-expert's body (the same df)
    assert router.idf[stem_uk("сьогодні")] == pytest.approx(
        lexical.COMMON_FACTOR * router.idf[stem_uk("лосось")]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("багато-до-багатьох", ["relationship"]),
        ("пул з'єднань", ["connection", "pool"]),
        ("часові пояси", ["timezon"]),
        ("дата-інженер", ["data", "engin"]),
        ("образ докера", ["docker", "imag"]),
        ("образливий коментар", ["образлив", "com"]),
        ("дата народження", ["date", "народж"]),
        ("чек-лист", ["checklist"]),
        ("он-колл", ["oncall"]),
        ("вакуум", ["vacuum"]),
        ("на джаві", ["java"]),
        ("майскул", ["mysql"]),
        ("сі шарп", ["c#", "csharp"]),
    ],
)
def test_field_words_and_compounds_read_as_terms(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


@pytest.mark.parametrize(
    "word", ["скала", "лама", "рубін", "астрономія", "перлина", "сторона", "ресторан", "композиція"]
)
def test_names_that_are_everyday_words_are_left_out(word: str) -> None:
    assert all(not t.isascii() for t in term_list(word))


def test_the_round_block_is_read() -> None:
    assert GLOSSARY["монетизац"] == ("monetization",)
    assert GLOSSARY["майскул"] == ("mysql",)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("попартиціонуй таблицю подій по місяцях, їх уже 200 млн", "database-engineer"),
        ("наш докер образ важить 2 гігабайти, зменш його", "devops-expert"),
        ("наш помічник на сайті впевнено розказує клієнтам про тарифи", "llm-ml-engineer"),
    ],
)
def test_bundled_routes(text: str, agent: str) -> None:
    registry = load_registry([REPO / "agents"], only=True, cwd=REPO, cache=False)
    assert route(text, registry).agent == agent


def test_a_store_spelled_by_ear_reaches_its_agent() -> None:
    folder = SHARED / "corpus" / "0xfurai__claude-code-subagents"
    if not folder.is_dir():
        pytest.skip("../shared is not present (only CI and developers have it)")
    registry = load_registry([folder], only=True, cwd=REPO, cache=False)
    assert route("налаштуй майскул реплікацію", registry).agent == "mysql-expert"


@pytest.mark.parametrize(
    ("text", "position"),
    [("аб-тест нової ціни", 1), ("спліт тест двох лендінгів", 1), ("тест, варіант б кращий", 0)],
)
def test_a_ukrainian_ab_test_reads_as_an_experiment(text: str, position: int) -> None:
    tokens = words(text)
    assert "experiment" in lexical.sense(tokens, position)


def test_why_churn_in_ukrainian_reads_as_an_analysis() -> None:
    tokens = words("чому відтік клієнтів зріс")
    assert "analysis" in lexical.sense(tokens, 1)


@pytest.mark.parametrize(
    ("word", "term"),
    [("індексуватимуть", "index"), ("кешуватиметься", "cach"), ("деплоїтимемо", "deploy")],
)
def test_a_future_form_reads_as_its_infinitive(word: str, term: str) -> None:
    assert term in term_list(word)
