"""Round 79 routing: the "none" decision on the large rosters. More platforms a roster may
not cover (Flutter, business suites, self-hosted store engines, BI tools, creative and CAD
software), the words only software has that a platform's own users speak of (a store
engine's checkout), and another trade's question (a lawsuit, VAT) with a few tech words.
Requests here are constructed, not from a set."""

from __future__ import annotations

import pytest

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
        "how do I charge VAT when I sell templates to customers in france",
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
