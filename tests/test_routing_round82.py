"""Round 82 routing: real requests answered "none". A product named by ear in Ukrainian
(докер, пандас) is software in the everyday-life check; a market question about a product
idea, two versions compared by their conversions and mailboxes for new staff are read by
outcome frames; on a roster with no agent for such a field the question is "none" rather
than the nearest developer's. Requests here are constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.routing import offtopic, outcomes
from coordinator.routing.audience import names_product
from coordinator.routing.offtopic import foreign_platforms, life_subject
from coordinator.routing.text import term_list, words


def _described(*names: str) -> frozenset[str]:
    return frozenset(t for word in names for t in term_list(word))


@pytest.mark.parametrize("word", ["докер", "пандас", "кафку", "постгрес", "редіс"])
def test_a_product_named_by_ear_is_software(word: str) -> None:
    assert offtopic._heard_tech(word)


@pytest.mark.parametrize("word", ["швидко", "кава", "собака"])
def test_an_everyday_word_the_glossary_reads_as_a_product_is_not(word: str) -> None:
    assert not offtopic._heard_tech(word)


def test_a_heard_product_keeps_everyday_words_from_deciding() -> None:
    assert life_subject(words("кафка жере памʼять, можна якось схуднути?")) is None
    assert life_subject(words("хочу схуднути до літа, що їсти на вечерю")) is not None


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("is there a market for a mobile car wash service in kyiv?", "outcomevalidate"),
        ("чи є попит на доставку домашньої їжі для офісів?", "outcomevalidate"),
        ("would people actually pay for a meal kit subscription?", "outcomevalidate"),
        ("which of our two signup button versions converted better", "outcomeexperiment"),
        ("set up work mailboxes in outlook for the new people joining", "outcomeprovision"),
    ],
)
def test_the_frames_read_the_everyday_wording(text: str, frame: str) -> None:
    assert frame in outcomes.frames(words(text))


@pytest.mark.parametrize(
    "text",
    [
        "is there a good market near me with fresh fish",
        "we need to show customers a version comparison table before they buy the plan",
        "before we launch, people need to be able to pay with apple pay on the site",
    ],
)
def test_a_shopper_or_a_developer_is_no_market_question(text: str) -> None:
    assert "outcomevalidate" not in outcomes.frames(words(text))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("is there a market for a mobile car wash service in kyiv?", "market research"),
        ("хочу відкрити сервіс прокату велосипедів, чи є взагалі попит", "market research"),
        ("new hires need mailboxes and licenses, can you set them up", "mail administration"),
    ],
)
def test_a_field_no_agent_covers_is_none(text: str, label: str) -> None:
    assert foreign_platforms(_described("react", "api", "docker")).named(words(text)) == label


@pytest.mark.parametrize(
    ("text", "described"),
    [
        # a roster with a researcher, a product manager's roadmap or a mail administrator
        ("is there a market for a mobile car wash service in kyiv?", ("market",)),
        ("is there a market for a mobile car wash service in kyiv?", ("roadmap",)),
        ("new hires need mailboxes and licenses, can you set them up", ("mailbox",)),
        # mailboxes a script makes are a developer's work
        ("нашим новим працівникам треба поштові скриньки, створи їх скриптом", ()),
    ],
)
def test_a_covered_field_or_a_developers_task_stays_routed(
    text: str, described: tuple[str, ...]
) -> None:
    assert foreign_platforms(_described("react", "api", *described)).named(words(text)) is None


def test_a_customers_cabinet_is_the_product_a_dentists_is_a_room() -> None:
    assert names_product(words("можна зробити темну тему для кабінету клієнта?"))
    assert names_product(words("в особистому кабінеті не зберігається адреса"))
    assert not names_product(words("записатись в кабінет стоматолога на вівторок"))
    assert not names_product(words("в кабінеті лікаря холодно"))


def test_a_cohort_told_in_everyday_ukrainian_is_a_churn_frame() -> None:
    assert "outcomechurn" in outcomes.frames(
        words("чи люди, що прийшли в травні, залишаються довше ніж ті, що в квітні")
    )
    assert "outcomechurn" not in outcomes.frames(
        words("people who came to the party stayed longer than expected")
    )
