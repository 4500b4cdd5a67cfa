"""A new word's outcome-frame reading is the union of what its keys stand in, each key read
once (issue 12: a Ukrainian word's prefixes share keys with many words before it); the
groups it hits per frame are made only where they are read: the order of two frames that
fire, and a query's frame words. A frame's places by group come from the words' numbers."""

from __future__ import annotations

from itertools import chain, pairwise

import pytest

from coordinator.routing import outcomes
from coordinator.routing.text import normalise, normalised_words


def _walked(hit: tuple[str, ...]) -> tuple[dict[int, tuple[int, ...]], int, int, int]:
    """What a word that hits ``hit`` stands in, by one walk over its (frame, group) pairs:
    its groups per frame, and the frames anchored, the numbers and the frames seconded."""
    table, keys, anchors = outcomes.tables()
    groups: dict[int, list[int]] = {}
    anchored = numbers = seconds = 0
    for frame, group in dict.fromkeys(chain.from_iterable(keys[key] for key in hit)):
        groups.setdefault(frame, []).append(group)
        if (frame, group) in anchors:
            anchored |= 1 << frame
        elif group == (1 if (frame, 0) in anchors else 0):
            seconds |= 1 << frame
        numbers |= 1 << (group * len(table) + frame)
    return {f: tuple(g) for f, g in groups.items()}, anchored, numbers, seconds


@pytest.mark.parametrize(
    "word",
    [
        "сторінці",  # a prefix and the stem the alternation hides
        "користувачів",  # many prefixes, many frames
        "deployed",  # a term that is a key
        "users",
        "1mb",  # a size by its unit
        "zqxwvk",  # no key
    ],
)
def test_a_words_reading_is_its_keys_union(word: str) -> None:
    keys = outcomes.tables()[1]
    hit = tuple(filter(keys.__contains__, outcomes._keys_of(word)))
    read = outcomes._learn(word)
    groups, *bits = _walked(hit)
    assert (read[0], *read[1:]) == (hit, *bits)
    assert list(outcomes._groups(read).items()) == list(groups.items())  # the same order


def test_every_key_and_pairs_of_keys_read_as_one_walk() -> None:
    keys = sorted(outcomes.tables()[1])
    hits = [(key,) for key in keys] + list(pairwise(keys))[::7]
    for hit in hits:
        groups, *bits = _walked(hit)
        read = outcomes._read(hit)
        assert list(read[1:]) == bits, hit
        assert list(outcomes._groups(read).items()) == list(groups.items()), hit


@pytest.mark.parametrize(
    ("request_text", "fired"),
    [
        ("selenium tests are flaky, StaleElementReferenceException all over", ["outcomeflaky"]),
        ("кнопки на формі злиплись, додай відступи", ["outcomespacing"]),
        ("show the llm answer in the chat window with a typing effect", ["outcomeshown"]),
        (
            "'sign in with google' for our saas, and we'd rather not run our own user "
            "database at all",
            [],
        ),
    ],
)
def test_one_frame_or_none_fires_without_groups_made(
    request_text: str, fired: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where at most one frame fires (every group of a frame hit, near or not), no word's
    groups per frame are made: the places come from the numbers."""

    def never(read: outcomes._Read) -> dict[int, tuple[int, ...]]:
        raise AssertionError("groups made where no two frames fire")

    monkeypatch.setattr(outcomes, "_groups", never)
    assert outcomes.frames(normalised_words(normalise(request_text))) == fired


def test_two_frames_fired_keep_the_order_their_words_give(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two frames fire (one gives way to the other): their order comes from the groups
    per frame, made then."""
    made: list[outcomes._Read] = []
    groups = outcomes._groups

    def counted(read: outcomes._Read) -> dict[int, tuple[int, ...]]:
        made.append(read)
        return groups(read)

    monkeypatch.setattr(outcomes, "_groups", counted)
    tokens = normalised_words(normalise("тест логіну флейкає, падає раз на п'ять прогонів"))
    assert outcomes.frames(tokens) == ["outcomeflaky"]
    assert made
