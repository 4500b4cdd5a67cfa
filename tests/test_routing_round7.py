# ruff: noqa: RUF001, RUF002, RUF003 - Ukrainian text is intended
"""Round 7 routing rules: Ukrainian spellings of technology names read as the agents' names
they spell, and the і/е/о alternation of Ukrainian stems."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route, router_for
from coordinator.routing.match import Vocabulary
from coordinator.routing.stems import stem_en
from coordinator.routing.text import term_list, terms
from tests.kit import roster_of


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round7"),
        [
            ("flutter-expert", "Flutter widgets and state management."),
            ("css-expert", "CSS layout, animation, transitions and keyframe animations."),
            ("typescript-pro", "Strict types and generics."),
            ("legacy-modernizer", "Rewrite legacy code."),
            ("partner-liaison", "Talks to vendors."),
            ("sales-writer", "Partner newsletters and partner outreach emails."),
        ],
    )


def test_a_ukrainian_spelling_meets_a_name_the_stemmer_shortens(roster: Registry) -> None:
    # flutter stems to flut; флатер is compared with the name as written
    assert route("анімація у флатері смикається", roster).agent == "flutter-expert"


def test_a_ukrainian_spelling_of_a_name_counts_as_the_name(roster: Registry) -> None:
    # at half weight, тайпскрипт (typescript-pro's name) loses to перепиши (rewrite)
    decision = route("перепиши цей модуль на тайпскрипт", roster)
    assert decision.agent == "typescript-pro"


def test_a_transliteration_of_a_name_word_counts_fully(roster: Registry) -> None:
    # партнер spells partner, a word of partner-liaison's name
    query = router_for(roster).query("партнер")
    assert query.spelled == {"партнер"}
    assert query.weights["partn"] == 1.0


def test_a_transliteration_of_an_ordinary_word_stays_a_guess(tmp_path: Path) -> None:
    # here partner is only a description word: the reading is a guess, at half weight
    registry = roster_of(
        tmp_path, [("sales-writer", "Partner newsletters."), ("css-expert", "CSS.")]
    )
    query = router_for(registry).query("партнер")
    assert query.spelled == set()
    assert query.weights["partn"] == 0.5


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("платежів", "payment"),  # платіж: і -> е when an ending opens the syllable
        ("платежу", "payment"),
    ],
)
def test_the_closed_syllable_i_alternation_reaches_english(word: str, english: str) -> None:
    assert stem_en(english) in term_list(word)


def test_an_unknown_word_with_e_in_its_last_syllable_keeps_its_stem() -> None:
    # стола (стіл, table) is not in the glossary: the alternation only counts on a hit
    assert term_list("котлету") == ("котлет",)


def test_a_small_roster_takes_a_runner_up_that_explains_the_request(tmp_path: Path) -> None:
    # signup's domain (authentication) makes auth-backend the top scorer, but it explains
    # little of the request; web-app, at a third of its score, explains most of it
    for name, description, body in [
        ("auth-backend", "Authentication and auth: tokens, sessions.", "Authentication, auth."),
        ("web-app", "Web app pages.", "Buttons, mobile layouts and safari quirks."),
        ("data-pipeline", "Batch jobs and warehouse loads.", "Works carefully."),
    ]:
        (tmp_path / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: {description}\n---\n{body}\n", encoding="utf-8"
        )
    registry = load_registry([tmp_path], only=True, cwd=tmp_path, cache=False)
    decision = route("the signup button does nothing on mobile safari", registry)
    assert decision.candidates[0].agent == "auth-backend"
    assert decision.agent == "web-app"


@pytest.mark.parametrize("word", ["має", "можуть", "робити", "зроблять", "хочуть", "стати"])
def test_ukrainian_everyday_verbs_are_stopwords_like_their_english_ones(word: str) -> None:
    # has, can, do, make, want, become: in English these are stopwords
    assert terms(f"{word} кнопку") == ["button"]


def test_a_short_transliteration_one_letter_off_is_no_match() -> None:
    # просто (simply) is one edit from prose, народж(ення) (birth) from narrow: no relatives
    vocabulary = Vocabulary(["prose", "narrow", "kubernetes"])
    assert vocabulary.related("прост") == ()
    assert vocabulary.related("народж") == ()
    # a long one still meets its roster term one letter off
    assert vocabulary.related("кубернетіс") == ("kubernetes",)


@pytest.mark.parametrize(
    ("one", "other"),
    [("stripe", "strip"), ("scope", "scop"), ("code", "cod"), ("write", "writ")],
)
def test_a_final_e_after_one_short_syllable_is_part_of_the_word(one: str, other: str) -> None:
    # stripe (payments) is not strip: Porter's *o condition keeps the e
    assert stem_en(one) != stem_en(other)


@pytest.mark.parametrize(
    "forms",
    [
        ("stripe", "stripes", "striped", "striping"),
        ("scope", "scoped", "scoping"),
        ("code", "coded", "coding"),
        ("ship", "ships", "shipping", "shipped"),
        ("parse", "parsed", "parsing"),
    ],
)
def test_every_form_of_a_word_meets_one_stem(forms: tuple[str, ...]) -> None:
    assert len({stem_en(form) for form in forms}) == 1


@pytest.fixture(scope="module")
def products(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("products"),
        [
            ("payment-engineer", "Payment gateways, billing and checkout flows."),
            ("text-cleaner", "Strip whitespace and markup from copy; fix typography."),
            ("search-engineer", "Search relevance and indexing."),
            ("monitoring-engineer", "Monitoring, observability and alert rules."),
        ],
    )


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("stripe sends the same event twice", "payment-engineer"),
        ("налаштуй приймання оплати через страйп", "payment-engineer"),
        ("algolia returns stale results", "search-engineer"),
        ("datadog shows gaps in the graphs", "monitoring-engineer"),
    ],
)
def test_a_hosted_product_brings_its_domain(
    products: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, products).agent == agent


def test_an_agent_that_names_the_product_keeps_it(tmp_path: Path) -> None:
    registry = roster_of(
        tmp_path,
        [
            ("payment-engineer", "Payment gateways, billing and checkout flows."),
            ("stripe-expert", "Stripe APIs."),
        ],
    )
    assert route("stripe webhook arrives twice", registry).agent == "stripe-expert"


def test_an_english_typo_is_one_edit_as_written_not_as_folded() -> None:
    # folding (c -> k, h dropped, doubles merged) is for transliterations: speech folds to
    # spec's skeleton and french is one folded letter from frank, but neither is a typo
    vocabulary = Vocabulary(["spec", "frank", "stack", "endpoint", "dockerfile"])
    assert vocabulary.related("speech") == ()
    assert vocabulary.related("french") == ()
    assert vocabulary.related("stock") == ()  # 5 letters: one edit is another word
    assert vocabulary.related("endpont") == ("endpoint",)
    assert vocabulary.related("dockrfile") == ("dockerfile",)


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("завдання", "task"),
        ("конвеєра", "pipeline"),
        ("серіалізацію", "serialization"),
        ("візуалізації", "visualization"),
        ("заглушки", "stub"),
        ("ризики", "risk"),
        ("перезапусти", "restart"),  # imperative developer verbs
        ("відфільтруй", "filter"),
        ("розшифруй", "decrypt"),
        ("вирівняй", "align"),
    ],
)
def test_the_glossary_reads_general_developer_words(word: str, english: str) -> None:
    assert stem_en(english) in term_list(word)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("small"),
        [
            ("api-backend", "Endpoints: build and fix endpoints."),
            ("web-frontend", "Pages that call an endpoint and render lists of records for users."),
            ("data-store", "Tables, indexes, and an export endpoint for reports and dumps."),
            ("ops", "Deployment and monitoring."),
            ("ml", "Models and prompts: teach a model to learn from your data."),
        ],
    )


@pytest.mark.parametrize(
    "request_text",
    ["ендпоінт повертає 422 коли передаю дату", "the endpoint chokes on dates with a timezone"],
)
def test_one_developer_term_most_agents_hold_still_routes_on_a_smallroster_of(
    small: Registry, request_text: str
) -> None:
    # endpoint is in three of five agents (a low idf), but it is no everyday word: the agent
    # that is about it takes the request instead of "none"
    assert route(request_text, small).agent == "api-backend"


def test_one_everyday_word_still_needs_half_the_request(small: Registry) -> None:
    # learn is common English: it stays weak (test_routing covers "Book a table for four",
    # a developer domain's everyday word, on the bundled roster)
    assert route("what is the best way to learn guitar chords", small).agent is None


def test_an_ai_assistant_belongs_to_the_llm_domain(tmp_path: Path) -> None:
    registry = roster_of(
        tmp_path,
        [
            ("llm-engineer", "LLM apps: prompts, RAG and chatbot behaviour."),
            ("web-frontend", "Pages, forms and buttons."),
            ("api-backend", "Endpoints and request validation."),
        ],
    )
    assert route("the assistant hallucinates prices", registry).agent == "llm-engineer"


def test_an_agent_that_describes_itself_by_a_term_keeps_its_posting(tmp_path: Path) -> None:
    # twenty bodies repeat monitoring; only the postings' top few are kept for so common a
    # term, but sre-engineer, whose description says it, must still be able to score
    agents = [
        (f"writer-{n}", "Writes stories.", "Monitoring monitoring monitoring monitoring.")
        for n in range(20)
    ]
    agents.append(("sre-engineer", "Alerting and monitoring for production.", "Works."))
    for name, description, body in agents:
        (tmp_path / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: {description}\n---\n{body}\n", encoding="utf-8"
        )
    registry = load_registry([tmp_path], only=True, cwd=tmp_path, cache=False)
    router = router_for(registry)
    sre = router.index_of["sre-engineer"]
    assert sre in {index for index, _ in router.postings[terms("monitoring")[0]]}
    totals, _ = router.scores(router.query("monitoring"))
    assert totals[sre] > 0
