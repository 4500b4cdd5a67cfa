# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 24: the rest of everyday life is nobody's job (coordinator/routing/offtopic.py).

Travel, sport, food, health, pets, home, family, school, personal finance, jobs,
entertainment, holidays, religion, weather and transport, in English and Ukrainian; textiles
yield to a roster with a fibre specialist; a word before a software word can give it its
everyday sense (a ball python); Ukrainian everyday words that start as a software stem does
(багато, класно) are no software."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import life_subject
from coordinator.routing.text import term_list, words
from tests.kit import roster_of

_DEVELOPERS = [
    ("backend-developer", "APIs, endpoints, services, queues and background jobs."),
    ("frontend-developer", "Website pages, UI components, forms and layout."),
    ("python-developer", "Python scripts, packaging, typing and the standard library."),
]


@pytest.fixture(scope="module")
def developers(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("round24-dev"), _DEVELOPERS)


@pytest.fixture(scope="module")
def with_fibres(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round24-fibre"),
        [
            *_DEVELOPERS,
            ("fiber-expert", "Fiber and textile science: cotton, linen, wool, polyester, fabric."),
        ],
    )


# -- entries -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("what to pack for a beach holiday with a toddler", "beach"),
        ("cheapest way from the airport to downtown by subway", "airport"),
        ("how long to roast a chicken at 200 degrees", "roast"),
        ("I have a sore throat and a mild fever", "sore"),
        ("my tomatoes have yellow leaves", "tomatoes"),
        ("how do I get limescale off the shower", "limescale"),
        ("Roth IRA or 401k, which first?", "roth"),
        ("which ETF should I buy for retirement", "etf"),
        ("how do I tell my boss I want a raise", "boss"),
        ("can you recommend a good film for tonight", "film"),
        ("how to get red wine stains out of the carpet", "wine"),
        ("is it going to rain tomorrow in London", "rain"),
        ("що покласти у валізу на тиждень у Барселоні", "валізу"),
        ("порадь кросівки для бігу по асфальту", "кросівки"),
        ("зуб болить після пломби", "зуб"),
        ("акваріумні рибки плавають біля поверхні", "акваріумні"),
        ("як вивести цвіль у ванній", "цвіль"),
        ("що подарувати мамі на день народження", "мамі"),
        ("що взяти з собою у відпустці на морі", "відпустці"),
        ("на парковці подряпали машину", "парковці"),
        ("допоможи з домашкою з хімії", "домашкою"),
        ("чи потрібна віза в Польщу", "віза"),
        ("рекомендуй фільм жахів", "фільм"),
        ("I feel lonely since I moved to a new city", "lonely"),
        ("my parcel is stuck at customs", "parcel"),
        ("порадь зачіску для круглого обличчя", "зачіску"),
        ("штраф за перевищення швидкості", "штраф"),
    ],
)
def test_everyday_life_is_nobodys_job(request_text: str, subject: str) -> None:
    assert life_subject(words(request_text)) == subject


@pytest.mark.parametrize(
    "request_text",
    [
        # left out as a developer's word too
        "the circuit breaker trips when the downstream service is slow",
        "add the SOCKS proxy for the ssh tunnel",
        "parse the html with beautiful soup",
        "estimate the epic in t-shirt sizes",
        # software words outweigh the everyday one
        "add a playlist feature to the music player",
        "store user allergies in the profile",
        "a bash script to rename my vacation photos",
        "вивантажити фото котика у базу",
        "додати поле для дати народження у формі реєстрації",
    ],
)
def test_developer_requests_keep_their_specialist(request_text: str) -> None:
    assert life_subject(words(request_text)) is None


# -- mechanisms ----------------------------------------------------------------------------


def test_textiles_yield_to_a_roster_with_a_fibre_specialist() -> None:
    request = words("cotton or linen for summer bedding?")
    assert life_subject(request) == "cotton"
    assert life_subject(request, frozenset(term_list("fiber"))) is None
    # a garment belongs to the field too: no other everyday word decides for it (round 67:
    # a fabric is the field's own word now, so the garment is asked about without one)
    assert life_subject(words("which fabric for a summer dress")) == "fabric"
    assert life_subject(words("which colour for a summer dress")) == "dress"
    assert life_subject(words("which colour for a summer dress"), frozenset(["fabric"])) is None
    assert life_subject(words("бавовна чи льон для сорочки"), frozenset(["textil"])) is None
    assert life_subject(words("бавовна чи льон для сорочки")) == "бавовна"


def test_legal_papers_yield_to_a_roster_with_a_legal_advisor() -> None:
    request = words("my landlord wants to evict me, do I need a lawyer")
    assert life_subject(request) == "landlord"
    # round 69: a roster's legal advisor serves a business (contracts, compliance); a
    # person's own landlord stays everyday life, while legal papers with no everyday
    # subject still yield to the roster
    assert life_subject(request, frozenset(term_list("legal"))) == "landlord"
    assert life_subject(words("як подати на аліменти через суд"), frozenset(["legal"])) is None


def test_markets_and_care_yield_to_a_quant_and_a_healthcare_administrator() -> None:
    fund = words("backtest an ETF momentum strategy")
    assert life_subject(fund) == "etf"
    assert life_subject(fund, frozenset(term_list("trading"))) is None
    portal = words("HIPAA compliant hospital patient portal")
    assert life_subject(portal, frozenset(term_list("healthcare"))) is None
    # a symptom is nobody's job, healthcare administrator or not
    throat = words("I have a sore throat and a mild fever")
    assert life_subject(throat, frozenset(term_list("healthcare"))) == "sore"


def test_fabric_routes_to_the_fibre_specialist_where_there_is_one(
    developers: Registry, with_fibres: Registry
) -> None:
    request = "is polyester or wool better for a winter sweater"
    assert route(request, developers).agent is None
    assert route(request, with_fibres).agent == "fiber-expert"


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("my ball python stopped eating", "python"),
        ("weekly menu to lose weight", "weight"),
        ("which mechanical keyboard should I buy", "keyboard"),
        ("мій королівський пітон не їсть", "пітон"),
    ],
)
def test_the_word_before_gives_a_software_word_its_everyday_sense(
    request_text: str, subject: str
) -> None:
    assert life_subject(words(request_text)) == subject


@pytest.mark.parametrize(
    "request_text",
    [
        "my python script stopped working",
        "reduce the weight of the bundle",
        "keyboard navigation in the modal",
        "the pet python app crashes",
    ],
)
def test_without_that_word_the_software_sense_stays(request_text: str) -> None:
    assert life_subject(words(request_text)) is None


def test_asking_for_a_recommendation_is_no_recommender() -> None:
    assert life_subject(words("recommend a movie for a rainy evening")) == "movie"
    # the noun still names the software
    assert life_subject(words("movie recommendations on the home screen")) is None


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("багато пишуть що кава шкодить серцю", "кава"),
        ("класна ідея для подарунка дружині", "подарунка"),
        ("що додати в салат з тунцем", "салат"),
        ("тесть просить порадити шашлик", "шашлик"),
        # програма, поле: software words with an everyday sense, as English program, field
        ("яку програму прання вибрати для пухової ковдри", "прання"),
    ],
)
def test_ukrainian_everyday_words_that_start_as_software_stems(
    request_text: str, subject: str
) -> None:
    assert life_subject(words(request_text)) == subject


def test_a_ukrainian_everyday_request_gets_no_specialist(developers: Registry) -> None:
    decision = route("як доглядати за черепахою взимку", developers)
    assert decision.agent is None
    assert "черепахою" in decision.reason
