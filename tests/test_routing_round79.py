"""Round 79 routing: the "none" decision on the large rosters. More platforms a roster may
not cover (Flutter, business suites, self-hosted store engines, BI tools, creative and CAD
software), the words only software has that a platform's own users speak of (a store
engine's checkout), and another trade's question (a lawsuit, VAT) with a few tech words.
Requests here are constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.routing import offtopic
from coordinator.routing.audience import asks_product_work
from coordinator.routing.offtopic import foreign_platforms, life_subject
from coordinator.routing.text import term_list, words


def _described(*names: str) -> frozenset[str]:
    return frozenset(t for word in names for t in term_list(word))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("the flutter list jumps to the top after a pull to refresh", "Flutter"),
        ("застосунок на флатері не показує сповіщення", "Flutter"),
        ("sap goods receipt posts to the wrong plant", "SAP"),
        ("odoo module shows the wrong invoice totals", "Odoo"),
        ("бітрікс дублює ліди з форми на сайті", "Bitrix24"),
        ("opencart checkout drops the cart after login", "Magento"),
        ("power bi dashboard shows last week's numbers", "Power BI"),
        ("autocad prints the layout with thin lines", "AutoCAD"),
    ],
)
def test_a_platform_no_agent_covers_is_no_agents(text: str, label: str) -> None:
    found = foreign_platforms(_described("react", "api", "mobile")).named(words(text))
    assert found is not None and label in found


@pytest.mark.parametrize(
    ("text", "described"),
    [
        # a roster with an agent for the platform keeps it
        ("the flutter list jumps to the top after a pull to refresh", ("flutter",)),
        ("magento checkout drops the cart after login", ("php",)),
        ("tableau shows the wrong totals", ("tableau",)),
        # a software word the platform's users do not speak of keeps it the roster's
        ("odoo: sync the orders into postgres through the api", ()),
        ("magento checkout calls our webhook twice", ()),
    ],
)
def test_a_covered_or_built_on_platform_stays_routed(text: str, described: tuple[str, ...]) -> None:
    assert foreign_platforms(_described(*described)).named(words(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "how much VAT do I charge on ebooks I sell in france",
        "the freelancer who built our website vanished, can we sue him",
        "чи треба платити ПДВ з продажу курсу на сайті",
    ],
)
def test_another_trades_question_is_no_software(text: str) -> None:
    assert life_subject(words(text)) is not None


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("add VAT to the invoice totals on the checkout page", ()),
        ("the tax calculation endpoint rounds wrong", ()),
        ("додай ПДВ до звіту по продажах", ()),
        # a roster with the trade's agent keeps its question
        ("the freelancer who built our website vanished, can we sue him", ("legal",)),
    ],
)
def test_a_trades_word_in_software_work_stays_software(
    text: str, described: tuple[str, ...]
) -> None:
    assert life_subject(words(text), _described(*described)) is None


def test_every_platform_own_words_row_names_a_platform() -> None:
    labels = {row[0] for row in offtopic._platform_rows()}
    assert set(offtopic._PLATFORM_OWN) <= labels


def test_a_suites_own_query_language_is_its_own() -> None:
    text = "salesforce apex trigger hits too many soql queries on bulk insert"
    found = foreign_platforms(_described("sql", "database")).named(words(text))
    assert found is not None and "Salesforce" in found


@pytest.mark.parametrize(
    "text",
    [
        "set up instagram ads so more people visit our shop's site",
        "склади графік відпусток для відділу на серпень",
    ],
)
def test_marketing_and_leave_questions_are_another_trades(text: str) -> None:
    assert life_subject(words(text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "add the facebook ads tracking pixel to our checkout",
        "how many users who came from ads bought something, the data is in bigquery",
        "the vacation request form in our hr app saves the wrong dates",
    ],
)
def test_a_trades_word_in_software_work_is_no_trades_question(text: str) -> None:
    assert life_subject(words(text)) is None


def test_another_trades_question_about_ones_site_is_no_work_on_it() -> None:
    assert not asks_product_work(words("do we pay VAT on subscriptions sold on our site"))
    assert asks_product_work(words("our site charges VAT twice, fix the calculation"))


@pytest.mark.parametrize(
    "text",
    [
        "our checkout should show prices with VAT for EU customers",
        "клієнти скаржаться що в рахунку не видно ПДВ",
        "the vacation calendar in our hr portal shows wrong days",
    ],
)
def test_a_trades_word_beside_other_software_words_stays_software(text: str) -> None:
    assert life_subject(words(text)) is None
