# ruff: noqa: RUF002, RUF003 - Ukrainian text is intended
"""Route91: a Cyrillic word read as a roster name by a changed consonant is another word.

A transliterated Ukrainian word is compared with the roster's Latin terms and names by its
skeleton, one letter off at most: a vowel differs often (пітон: python), and so do the
consonants one sound is written by (з for s, ф for ph, в for a Greek b, ш or с for a c).
Any other consonant changed makes a native word another one: вивести (to remove, to show)
is "vivest", one letter from vitest, and a request about rust on a knife went to the Vitest
agent on that word alone. Such a change no longer reads a word as a name, by either way in
(:class:`coordinator.routing.match.Vocabulary` and
:class:`coordinator.routing.spelling.NameSpellings`); a name written by ear (вітест) still
is one.

A field's agent (the textile expert) took a request on one word of its field also where
the request's other everyday subjects outnumber it (wine spilled on a dress at a wedding):
the field's word is then one subject among others, not what is asked, and the request gets
no agent (:meth:`coordinator.routing.offtopic.FieldAgents.agent_for`); a fabric question,
or a garment's care as often as another subject, stays the field's. Requests here are
constructed, not taken from a set.
"""

from __future__ import annotations

import pytest

from coordinator.routing.lexical import route
from coordinator.routing.match import Vocabulary
from coordinator.routing.shapes import one_sound
from coordinator.routing.spelling import NameSpellings
from tests.routing_support import Rosters


@pytest.mark.parametrize(
    ("one", "other", "alike"),
    [
        ("vivest", "vitest", False),  # в for t: another word
        ("bэklog", "baklog", True),  # a letter transliteration left (бэклог): no consonant
        ("simvol", "simbol", True),  # в for a Greek b
        ("rezolv", "resolv", True),  # з for s
        ("masina", "makina", True),  # с for a c read as k
        ("kompan", "kompar", False),  # n for r: another word
        ("pilot", "pilat", True),  # a vowel
        ("vitset", "vitest", True),  # two neighbours swapped
        ("vitest", "vitest", True),
    ],
)
def test_one_sound_allows_vowels_and_sound_pairs_only(one: str, other: str, alike: bool) -> None:
    assert one_sound(one, other) is alike


def test_a_native_verb_is_not_read_as_a_name_one_consonant_off() -> None:
    vocabulary = Vocabulary(["vitest", "symbol"])
    assert vocabulary.related("вивест") == ()
    assert vocabulary.related("вітест") == ("vitest",)  # the name by ear
    assert vocabulary.related("символ") == ("symbol",)  # в for b: one sound
    assert NameSpellings(["vitest"]).match("вивести", "вивест") == ()


@pytest.mark.parametrize(
    "text",
    [
        "чим вивести іржу з ножа",
        "як вивести наклейку зі скла",
    ],
)
def test_removing_a_stain_is_not_vitest(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["0xfurai"]).agent is None


@pytest.mark.parametrize(
    "text",
    [
        "вітест не бачить мої моки",
        "переведи тести з джесту на вітест",
    ],
)
def test_vitest_written_by_ear_still_reaches_it(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["0xfurai"]).agent == "vitest-expert"


@pytest.mark.parametrize(
    "text",
    [
        "spilled red wine on my white dress at a wedding, how to save it",
        "на весіллі облили вином сукню, чи можна врятувати",
    ],
)
def test_a_garment_among_other_life_subjects_gets_no_field_agent(
    corpus_rosters: Rosters, text: str
) -> None:
    assert route(text, corpus_rosters["0xfurai"]).agent is None


@pytest.mark.parametrize(
    "text",
    [
        "which fabric dries faster for hiking shirts, polyester or merino",
        "светр з вовни колеться, чи є мʼякша альтернатива",
        "my hoodie shrank in the dryer, can I stretch it back",  # one and one: the field's
    ],
)
def test_a_fabric_question_keeps_the_textile_agent(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["0xfurai"]).agent == "fiber-expert"


# ---- review93: дж for a soft g is one sound -----------------------------------------------


@pytest.mark.parametrize(
    ("by_ear", "latin"),
    [("реджекс", "regex"), ("ориджин", "origin"), ("стратеджі", "strategy")],
)
def test_a_soft_g_written_dzh_still_reads_the_name(by_ear: str, latin: str) -> None:
    """English g before e or i sounds дж, which the transliteration writes j: реджекс is
    regex by ear (one letter off, a consonant of the same sound), as it was before route91."""
    assert Vocabulary([latin]).related(by_ear) == (latin,)


@pytest.mark.parametrize(
    ("roster", "by_ear", "latin"),
    [("lst97", "ориджин", "origin")],
)
def test_a_soft_g_written_dzh_routes_as_the_latin_name(
    corpus_rosters: Rosters, roster: str, by_ear: str, latin: str
) -> None:
    registry = corpus_rosters[roster]
    expected = route(latin, registry).agent
    assert expected is not None
    assert route(by_ear, registry).agent == expected


# ---- review93: an everyday request the field agent declined is no stray agent's ----------


@pytest.mark.parametrize(
    "text",
    [
        "grease from the car engine on my jeans, how to remove",
        "engine oil on my cotton jeans after fixing the car, how to wash it out",
    ],
)
def test_a_declined_field_request_goes_to_no_stray_agent(
    corpus_rosters: Rosters, text: str
) -> None:
    """Route91 declines the textile agent where other everyday subjects outnumber the
    fabric words; the agent a stray word chose (MySQL's storage "engine") must not take the
    request in its place: it is everyday life, none's."""
    assert route(text, corpus_rosters["0xfurai"]).agent is None


def test_the_field_agent_chosen_by_its_own_words_stays(corpus_rosters: Rosters) -> None:
    """The field's agent chosen by its words (fibre) is not turned away with the others."""
    text = "which fibre blend survives 200 industrial washes best for hotel bed sheets"
    assert route(text, corpus_rosters["0xfurai"]).agent == "fiber-expert"
