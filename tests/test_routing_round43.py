# ruff: noqa: RUF001 - Ukrainian requests
"""Round 43: outcome frames (coordinator.routing.outcomes). A request that names who, the
act and its object in a product's words, not the technology ("customers pay monthly and
cancel whenever"), brings its field's domain terms and is not declared "none" when an
agent of that field is there. Requests here are constructed, not from a set."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import frames_of

from coordinator.roster.registry import Registry
from coordinator.routing import concepts, outcomes
from coordinator.routing.lexical import Router, route
from coordinator.routing.text import term_list, words
from coordinator.routing.tuning import FRAME_FACTOR

BACKEND, DATABASE, DEVOPS = "fastapi-backend-expert", "database-engineer", "devops-expert"
FRONTEND, LLM = "react-frontend-expert", "llm-ml-engineer"


def test_every_frame_has_a_domain_and_every_domain_a_frame() -> None:
    table, keys, anchors = outcomes.tables()
    assert len(anchors) == len(table)  # one anchor group a frame
    joined = {name for name, _ in table}
    assert joined == set(outcomes.ENTRIES)
    assert all(size >= 2 for _, size in table)  # one word alone is a concept, not a frame
    # every group of every frame can be hit
    assert {key for found in keys.values() for key in found} == {
        (number, group) for number, (_, size) in enumerate(table) for group in range(size)
    }
    # a Cyrillic word is looked up as a prefix no longer than the longest looked up
    assert all(len(k) <= outcomes._MAX_PREFIX for k in keys if k[0] >= "\u0400")
    assert "outcomehosting" in frames_of("скільки коштуватиме інфраструктура")
    # the joined words are single routing terms the concept table explains
    for name in joined:
        (term,) = term_list(name)
        assert term in outcomes.TERMS and term in concepts.CONCEPTS
        assert outcomes.domain_terms(term)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("our members get billed every year and want to pause for the summer", "outcomebilling"),
        ("клієнти платять щороку за абонемент", "outcomebilling"),
        ("subscribers should be able to downgrade their plan themselves", "outcomeplan"),
        ("the supplier wants to hear from us whenever stock changes", "outcomehook"),
        ("постачальник хоче дізнаватися коли змінюється статус поставки", "outcomehook"),
        ("the search must know that couch and sofa are synonyms", "outcomemeaning"),
        ("шукаю договір, а файл називається угода, і пошук нічого не дає", "outcomemeaning"),
        ("every new engineer needs a week to get the app running on a laptop", "outcomesetup"),
        ("новачки тиждень налаштовують оточення", "outcomesetup"),
        ("visitors can't find the page to update their card", "outcomefind"),
        ("покупці не можуть знайти де змінити адресу доставки", "outcomefind"),
        ("forty ideas from support and marketing, which go first this quarter", "outcomepriority"),
        ("our web shop is painfully slow on mobile phones", "outcomemobileslow"),
        ("someone dumped our customers passwords on a forum", "outcomebreach"),
        ("злили базу наших клієнтів", "outcomebreach"),
        ("a bot hammers the api with thousands of requests per minute", "outcomeratecap"),
        ("the store was offline all weekend and nobody noticed", "outcomeunnoticed"),
        ("half of the trial users leave after the first week", "outcomechurn"),
        ("a student can be in several courses", "outcomemany"),
        ("clients get the invoice email twice", "outcometwice"),
        ("after paying the receipt never arrives", "outcomenotarriving"),
        ("group the survey answers into themes", "outcomesorttext"),
        ("the bot should actually call our refund function", "outcometoolcall"),
        ("avatars look stretched on the profile page", "outcomeimagefit"),
        ("аватарки розтягуються в коментарях", "outcomeimagefit"),
        ("split the events table by month", "outcomepartition"),
        ("people forgot their password and cannot get in", "outcomereset"),
        ("the field app must keep working without internet", "outcomeoffline"),
        ("someone is spamming signups with fake accounts", "outcomefakeaccounts"),
        ("we don't show up in google when people look for our shop", "outcomeseo"),
    ],
)
def test_who_the_act_and_its_object_make_a_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "how do I cancel my gym membership, it charges me every month",
        "I got an email saying my bank password leaked, is it real",
        "my phone is slow, should I buy a new one",
        "forgot the password of my home router",
        "do I need to pay again for parking after an hour",
        "порадь як розсортувати фото з відпустки по альбомах",
        "як відписатися від платної підписки на музику",
        "which router channel should I use at home",
        "my photos look stretched on my tv",
        "мої фото розтягнуті на телевізорі",
        "my kid's school wants parents to pay monthly for lunches",
        "the bus app doesn't show live locations of buses anymore",
    ],
)
def test_a_persons_own_life_makes_no_frame(text: str) -> None:
    assert frames_of(text) == []


def test_my_own_product_still_makes_a_frame() -> None:
    assert frames_of("photos look stretched on the profile page") == ["outcomeimagefit"]
    assert frames_of("my photos look stretched on my tv") == []
    # "my" with what a business builds or serves is a product request
    assert frames_of("users of my app can't find the settings page") == ["outcomefind"]
    assert frames_of("користувачі мого сайту не можуть знайти налаштування") == ["outcomefind"]


def test_a_frame_needs_its_words_near_each_other() -> None:
    near = "customers pay every month for the box"
    assert frames_of(near) == ["outcomebilling"]
    far = "customers " + "and then something else entirely " * 4 + "pay every month"
    assert len(words(far)) > outcomes.WINDOW
    assert "outcomebilling" not in frames_of(far)


def test_a_word_marked_as_written_matches_only_that_form() -> None:
    # "=called": the search page is called X; "call" (an API call) is not that
    assert "outcomemeaning" in frames_of("we search for refund but the article is called returns")
    assert "outcomemeaning" not in frames_of("we search and then call the api")


def test_a_frame_ranks_by_its_domain_but_weighs_nothing_in_coverage(bundled: Registry) -> None:
    router = Router(bundled)
    query = router.query("partners want to be told whenever an order ships")
    (joined,) = term_list("outcomehook")
    assert query.basis[joined] == 0.0
    raised = [t for t in outcomes.domain_terms(joined) if t in router.idf]
    assert raised and all(query.weights[t] >= FRAME_FACTOR for t in raised)
    assert all(t not in query.basis for t in raised if t not in words("partners order ships"))


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("our partners want to hear automatically when an order ships", BACKEND),
        ("постачальник хоче автоматично дізнаватися коли замовлення відправлене", BACKEND),
        ("search for 'money back' should find the article named 'refund policy'", LLM),
        ("new engineers spend two days getting the project to run locally", DEVOPS),
        ("we need to track which students are in which groups, one can be in several", DATABASE),
        ("customers get the receipt email twice after paying", BACKEND),
        ("users can't tell whether saving worked, show them something", FRONTEND),
        ("the orders table is huge, split it by month", DATABASE),
    ],
)
def test_outcomes_route_on_the_bundled_roster(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    from tests.kit import roster_of

    return roster_of(
        tmp_path_factory.mktemp("round43"),
        [
            ("billing-engineer", "Recurring billing: subscriptions, plans, invoices, Stripe."),
            ("frontend-developer", "Web pages, UI components, CSS and JavaScript."),
            ("sre-engineer", "Reliability, incident response, monitoring and alerting."),
            ("product-manager", "Product management: roadmap, backlog and prioritization."),
        ],
    )


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("shoppers pay monthly for a tea box and stop whenever they like", "billing-engineer"),
        ("покупці платять щомісяця за коробку чаю", "billing-engineer"),
        ("thirty ideas from sales, which ones go into the next quarter", "product-manager"),
    ],
)
def test_a_framed_request_is_not_none(
    team: Registry, request_text: str, agent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert route(request_text, team).agent == agent
    assert Router(team).query(request_text).framed  # a frame read it


@pytest.mark.parametrize(
    "request_text",
    [
        "how do I cancel my gym membership, it charges me every month",
        "which flowers should I plant next quarter",
    ],
)
def test_everyday_requests_stay_unrouted_on_the_team(team: Registry, request_text: str) -> None:
    assert route(request_text, team).agent is None


def test_the_tables_read_in_the_frames_module_only() -> None:
    source = Path(outcomes.__file__).read_text(encoding="utf-8")
    assert "from coordinator.routing.concepts" not in source  # concepts reads outcomes


def test_a_product_outcome_outweighs_everyday_words_around_it(bundled: Registry) -> None:
    # "гроші" (money) and "авто" read as everyday life; a search page's synonyms do not
    text = "хочу щоб пошук по довідці розумів синоніми: 'гроші' і 'кошти' це одне й те саме"
    assert (term_list("outcomemeaning")[0]) in outcomes.PRODUCT_TERMS
    assert route(text, bundled).agent == LLM


@pytest.mark.parametrize(
    "request_text",
    [
        "I got charged twice at the grocery store, what should I do",
        "мені двічі списали гроші в супермаркеті, що робити",
        "which ideas for the wedding should we do first",
        "split the family budget table by month",
    ],
)
def test_a_frame_a_persons_day_shows_too_leaves_life_its_say(
    bundled: Registry, request_text: str
) -> None:
    assert route(request_text, bundled).agent is None


def test_frames_fire_when_no_more_words_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # a long-running process that has seen _MAX_KEPT words reads new ones per request
    monkeypatch.setattr(outcomes, "_MAX_KEPT", 0)
    seen = len(outcomes._SEEN)
    assert frames_of("shoppers pay monthly for the qzvbox and pause whenever") == ["outcomebilling"]
    assert "qzvbox" not in outcomes._SEEN and len(outcomes._SEEN) == seen
    assert frames_of("клієнти купують щохвилини квзвбокс") == []
