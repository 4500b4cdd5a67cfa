# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 42: "none" and Ukrainian. A request naming a product's audience (customers, users,
клієнти) asks less coverage (coordinator/routing/audience.py); quoted words are examples, not
an everyday subject; a consumer's device damage and Ukrainian "як" make a user's problem;
widgets are generic beside a foreign platform; contractions written without an apostrophe
are stopwords; diminutives of borrowed abbreviations (ллмка, пдфки, апіха) and by-ear
spellings reach their English terms. Requests here are constructed."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import concepts
from coordinator.routing.audience import names_audience
from coordinator.routing.lexical import route, router_for
from coordinator.routing.offtopic import consumer_support, quoted_words
from coordinator.routing.senses import credential_owners
from coordinator.routing.text import STOPWORDS, term_list, words
from coordinator.routing.tuning import AUDIENCE_COVERAGE, MIN_COVERAGE
from tests.routing_support import Rosters


@pytest.mark.parametrize(
    "text",
    [
        "our customers want to pause their plan",
        "sellers upload listings in bulk",
        "клієнти скаржаться на повільний пошук",
        "половина юзерів не доходить до оплати",
        "продавцям треба бачити статистику",
    ],
)
def test_a_products_audience_is_named(text: str) -> None:
    assert names_audience(words(text))


@pytest.mark.parametrize(
    "text",
    [
        "my partner wants a new laptop",  # a person's own partner: singular
        "a customer service line kept me waiting",
        "як вибрати подарунок партнеру",
        "make the button blue",
    ],
)
def test_no_audience_is_named(text: str) -> None:
    assert not names_audience(words(text))


def test_an_audience_lowers_the_coverage_a_fit_needs(bundled: Registry) -> None:
    router = router_for(bundled)
    with_audience = router.query("partners keep hitting our public API thousands of times a day")
    without = router.query("bots keep hitting our public API thousands of times a day")
    index = router.index_of["fastapi-backend-expert"]
    assert router._needed_coverage(index, with_audience) == AUDIENCE_COVERAGE
    assert router._needed_coverage(index, without) >= MIN_COVERAGE > AUDIENCE_COVERAGE
    assert router._covered(index, with_audience)
    assert not router._covered(index, without)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        (
            "partners keep calling our public API thousands of times a minute, cap it per key",
            "fastapi-backend-expert",
        ),
        (
            "users can't tell whether their changes were saved, show them a sign after saving",
            "react-frontend-expert",
        ),
    ],
)
def test_a_business_request_in_product_words_routes(
    bundled: Registry, text: str, agent: str
) -> None:
    assert route(text, bundled).agent == agent


def test_quoted_words_are_examples_not_a_subject(bundled: Registry) -> None:
    text = "хочу щоб пошук по базі знань розумів що 'машина' і 'авто' це одне й те саме"
    assert quoted_words(text) == {"машина", "авто"}
    assert route(text, bundled).agent == "llm-ml-engineer"


@pytest.mark.parametrize(
    "text",
    [
        "перевір наш код на SQL ін'єкції",  # an apostrophe inside a word quotes nothing
        "it's broken and we don't know why",
        "no quotes at all",
    ],
)
def test_apostrophes_quote_nothing(text: str) -> None:
    assert quoted_words(text) == frozenset()


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("my tablet screen cracked when I dropped it, is it worth repairing", "tablet"),
        ("my laptop fell and the hinge broke, repair or replace?", "laptop"),
        ("як в інстаграмі вимкнути сповіщення", "інстаграмі"),
        ("як у тіктоці видалити акаунт", "тіктоці"),
        ("як на телефоні вимкнути автоповорот екрана", "телефоні"),
        ("how to clear cache in chrome on my phone", "chrome"),
        ("is it worth upgrading from an old iphone to the new one", "iphone"),
        ("чи варто міняти айфон на новий", "айфон"),
        ("хто може бачити мої фото в інстаграмі", "інстаграмі"),
    ],
)
def test_a_persons_device_or_app_trouble_is_consumer_support(text: str, product: str) -> None:
    assert consumer_support(words(text)) == product


@pytest.mark.parametrize(
    "text",
    [
        "наш застосунок: як вимкнути сповіщення для юзерів",
        "our app crashes when users rotate the tablet",
        "як у нашому тікток боті вимкнути логування",
        "upgrade the iphone app to the new sdk",
    ],
)
def test_building_an_app_is_no_consumer_support(text: str) -> None:
    assert consumer_support(words(text)) is None


def test_a_widget_beside_a_foreign_platform_is_none(bundled: Registry) -> None:
    assert route("SwiftUI: the iPhone home screen widget never refreshes", bundled).agent is None
    assert route("the React widget on our dashboard never refreshes", bundled).agent is not None


@pytest.mark.parametrize(
    "text",
    [
        "SwiftUI home screen widget shows stale data",
        "SwiftUI: how to structure state in a big app",
        "Jetpack Compose: remember state is lost on rotation",
    ],
)
def test_a_named_foreign_platform_is_not_kept_by_a_described_word(
    bundled: Registry, text: str
) -> None:
    assert route(text, bundled).agent is None  # state, stale: the frontend's words, not iOS


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("SwiftUI app calls our FastAPI endpoint and gets 422", "fastapi-backend-expert"),
        ("Unity game leaderboard stored in our postgres database", "database-engineer"),
    ],
)
def test_a_foreign_platform_beside_the_rosters_work_routes(
    bundled: Registry, text: str, agent: str
) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize("word", ["whats", "thats", "dont", "doesnt", "isnt", "im", "ive"])
def test_contractions_without_an_apostrophe_are_stopwords(word: str) -> None:
    assert word in STOPWORDS


def test_a_hobby_asked_with_a_contraction_is_no_ones(corpus_rosters: Rosters) -> None:
    assert route("whats the best way to learn knitting", corpus_rosters["voltagent"]).agent is None


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("ллмка", "llm"),
        ("ллмку", "llm"),
        ("ллмкою", "llm"),
        ("пдф", "pdf"),
        ("пдфки", "pdf"),
        ("пдфок", "pdf"),
        ("апіха", "api"),
        ("гптшка", "gpt"),
        ("джсонка", "json"),
        ("смска", "sms"),
        ("стрімить", "stream"),
        ("фетчити", "fetch"),
        ("біндиться", "bind"),
        ("прогонів", "run"),
        ("міграху", "migr"),
        ("продавці", "sale"),
        ("багами", "bug"),
        ("логами", "log"),
        ("ролями", "role"),
    ],
)
def test_by_ear_spellings_and_diminutives_reach_english(word: str, english: str) -> None:
    assert term_list(word) == (english,)


@pytest.mark.parametrize(
    "word", ["пушка", "башка", "банка", "стрімкий", "ресторан", "базові", "типові", "грами"]
)
def test_everyday_words_keep_their_sense(word: str) -> None:
    found = term_list(word)
    assert found not in {
        ("push",),
        ("bash",),
        ("ban",),
        ("stream",),
        ("restore",),
        ("databas",),
        ("type",),
        ("game",),
    }


def test_rag_by_ear_is_read_beside_documents(bundled: Registry) -> None:
    router = router_for(bundled)
    assert "rag" in router.query("порізати пдфки на шматки для рагу").weights
    assert "rag" not in router.query("рецепт рагу з овочів").weights


@pytest.mark.parametrize(
    "text",
    [
        "ллмка плутає дати у відповідях, зроби строгий формат",
        "пдфки з договорами треба порізати на шматки для рагу",
    ],
)
def test_ukrainian_diminutives_route_to_the_llm_engineer(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent == "llm-ml-engineer"


@pytest.mark.parametrize(
    "text",
    ["how do I remove a stripped screw from a cabinet hinge", "як заповнити декларацію фопа"],
)
def test_home_repairs_and_a_sole_traders_forms_are_everyday(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent is None
    assert not router_for(bundled).serves_life  # the new words make no specialist of anyone


@pytest.mark.parametrize(
    "text",
    [
        "images in the task cards are stretched, fix it",
        "картинки в картках задач розтягуються, поправ",
        "аватарка на профілі розмита",
    ],
)
def test_a_stretched_or_blurry_image_is_a_layout_bug(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent == "react-frontend-expert"


def test_stretching_after_a_run_is_a_workout(bundled: Registry) -> None:
    assert route("how to do stretching after running", bundled).agent is None


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        ("додай OPENAI_API_KEY в секрети", {"openai"}),
        ("STRIPE_SECRET_KEY and AWS_ACCESS_KEY_ID leaked", {"stripe", "aws"}),
        ("GITHUB_TOKEN expired", {"github"}),
        ("API_KEY лежить прямо в репо", set()),  # no owner named
        ("unique constraint users_email_key", set()),  # a constraint, not a variable
    ],
)
def test_a_credential_variable_names_its_owner(text: str, owners: set[str]) -> None:
    assert credential_owners(text) == owners


def test_moving_a_products_key_to_the_secrets_is_devops_work(bundled: Registry) -> None:
    text = "OPENAI_API_KEY видно в логах деплою, сховай його в секрети"
    assert route(text, bundled).agent == "devops-expert"
    assert route("openai повертає 429 на кожен третій запит", bundled).agent == "llm-ml-engineer"


def test_an_audience_makes_a_body_word_evidence(corpus_rosters: Rosters) -> None:
    roster = corpus_rosters["0xfurai"]
    assert route("buyers get charged but the order stays unpaid", roster).agent == "stripe-expert"


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("протестірувать", ("test",)),
        ("оптимізірувать", ("optim",)),
        ("переписувать", ("rewrit",)),
        ("отрефакторить", ("refact",)),
        ("обновить", ("upd",)),
        ("обновлення", ("upd",)),
        ("настройки", ("configur", "set")),
        ("ошибку", ("error", "bug")),
        ("запрос", ("request", "query")),
        ("упало", ("crash",)),
    ],
)
def test_surzhyk_verbs_and_nouns_reach_english(word: str, english: tuple[str, ...]) -> None:
    assert term_list(word) == english


@pytest.mark.parametrize("word", ["настрій", "настрою", "отримати", "оточення"])
def test_words_that_start_like_surzhyk_keep_their_sense(word: str) -> None:
    assert term_list(word) not in {("configur", "set"), ("refact",), ("upd",)}


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("спінер крутиться вічно після логіну", "loadingstate"),
        ("юзери бачать старі дані поки не оновиш сторінку", "uistate"),
        ("помилки під полями не показуються", "fielderrors"),
        ("винеси генерацію pdf у фон", "backgroundjobs"),
        ("модель повертає кривий json", "modeloutput"),
        ("треба відкотити реліз", "undodeploy"),
    ],
)
def test_ukrainian_wordings_reach_the_concepts_english_ones_do(text: str, joined: str) -> None:
    assert joined in concepts.phrases(words(text))
