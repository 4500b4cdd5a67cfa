# ruff: noqa: RUF001 - Ukrainian requests
"""Round 69 routing: everyday-life fields by their own vocabulary (a car's brands and
parts, trips, sport, hobbies, a person's job and taxes), a technology named by an everyday
word (Java the island, a pet python) that counts only beside words of code, the owner of
the problem (our kiosk vs my phone), a device's own trouble without "my". Requests here
are constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.routing.offtopic import consumer_support, life_subject
from coordinator.routing.text import words


@pytest.mark.parametrize(
    "text",
    [
        "my skoda's clutch slips when going uphill, how much to fix",
        "should I get a petrol or a diesel for long commutes",
        "which island near java is quieter for diving in july",
        "how to set up a fishing rod for carp",
        "my squats hurt my knees, what am I doing wrong",
        "can a freelancer deduct a laptop on their taxes",
        "my employer wants overtime every weekend",
        "what board games suit a family evening",
        "which 27 inch monitor is good for photo work",
        "купити опель астру чи шкоду октавію",
        "скільки коштує замінити зчеплення на рено",
        "на який острів краще на дайвінг",
        "як навчитися акварелі з нуля",
        "порадь настільні ігри для двох",
        "який монітор взяти для роботи з фото",
        "should I pay off the mortgage early or invest",
        "do I need a will if I have no kids",
        "where does rental income go on a tax return",
        "is a mirrorless camera worth it over my old dslr",
        "how often do I feed an adult rabbit",
        "do I need a visa for turkey",
        "vienna to venice by train or by bus",
        "which espresso machine is easy to descale",
        "the heated seat in my hatchback only warms one side",
        "can I appeal a speeding fine from a camera",
        "is the cathedral worth the queue in summer",
        "перестало гріти сидіння в машині",
        "I failed my driving test twice, any tips",
        "can my landlord keep the deposit if I break the lease",
        "my smart speaker plays music at random at night",
        "розумна колонка не чує мене з кухні",
    ],
)
def test_everyday_fields_are_everyday_life(text: str) -> None:
    assert life_subject(words(text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        # the same words in their software sense: no everyday cue before them
        "the feed shows posts twice after a refresh",
        "train the model on last month's support tickets",
        "the machine learning job ran out of memory",
        "passport strategy rejects valid tokens",
        "the tests for the lease renewal endpoint fail on ci",
    ],
)
def test_the_software_sense_without_an_everyday_cue_is_software(text: str) -> None:
    assert life_subject(words(text)) is None


@pytest.mark.parametrize(
    ("text", "life"),
    [
        ("is java or flores better to visit in october", True),
        ("my neighbour keeps a python as a pet, is that safe for my cat", True),
        # a queue is a broker's only beside code or the speaker's own product
        ("our restaurant queue skips people after a reload", False),
        # a word of code beside it: the technology
        ("my son wants to learn java, which course for a 12 year old", False),
        ("the java code for my recipe list throws on empty input", False),
        ("write python to sort my vacation photos by date", False),
    ],
)
def test_a_technology_homonym_counts_only_beside_code(text: str, life: bool) -> None:
    assert (life_subject(words(text)) is not None) is life


@pytest.mark.parametrize(
    "text",
    [
        # the owner's product and what a program does wrong: software work
        "our coffee kiosk freezes when the card reader times out",
        "the hotel search results take ages to load",
        "the kids' puzzle game drops frames and stutters on old tablets",
        "our taxi dispatch map lags when many cars are online",
        "калькулятор кредиту рахує платіж інакше ніж банк",
        "нагадування про домашку приходять двічі, розклад зависає",
    ],
)
def test_a_programs_misbehaviour_is_no_everyday_life(text: str) -> None:
    assert life_subject(words(text)) is None


def test_a_restaurant_alone_stays_everyday_life() -> None:
    # the same subject without a program's words or an owner is still everyday life
    assert life_subject(words("which restaurant in lisbon has the best seafood")) is not None


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("phone battery drains overnight since the update", True),
        ("планшет гріється коли заряджається", True),
        ("the bluetooth in my car drops my phone every few minutes", True),
        ("smartwatch battery lasts half a day now", True),
        # a possessive names the device (router's: routers), a question is the problem
        ("my router's light blinks red, why", True),
        # home internet is a service one uses; at home (вдома) is the person's
        ("my fibre internet drops every evening", True),
        ("домашній інтернет постійно відвалюється", True),
        # an app named: its developer's bug, not the device's trouble
        ("the app drains the phone battery since the update", False),
        ("застосунок розряджає телефон після оновлення", False),
    ],
)
def test_a_devices_own_trouble_is_a_persons_problem(text: str, person: bool) -> None:
    assert (consumer_support(words(text)) is not None) is person


def test_a_business_field_word_keeps_no_personal_request_from_none() -> None:
    # a legal advisor on the roster (described: legal, law) serves a business: a divorce
    # is still a person's own matter
    described = frozenset({"legal", "law", "lawyer", "contract"})
    assert life_subject(words("my divorce goes to court next month"), described) is not None
    # with no everyday subject the field word leaves the request to the roster
    assert life_subject(words("is the noncompete enforceable in court"), described) is None


@pytest.mark.parametrize(
    ("text", "made"),
    [
        # "my app" right before: the speaker made it
        ("my app works on my laptop but how do I get it online", True),
        ("мій сайт відкривається на ноутбуці, а на телефоні ні", True),
        # an app one uses, named by its brand: a consumer's trouble
        ("my bank app on my phone shows error 402 when I pay, how to fix", False),
    ],
)
def test_my_app_is_software_one_made(text: str, made: bool) -> None:
    assert (consumer_support(words(text)) is None) is made


def test_claude_written_in_ukrainian_is_software() -> None:
    assert life_subject(words("договір оренди не влазить у контекст клода")) is None
