"""A server's long word (LONG_FUZZY letters or more) is compared with the names of its first
letter only when one of them shares a string less up to two letters with it
(:func:`_shortened`, made by :meth:`NameSpellings.prepare`): every name two edits from it at
most does, so the names matched are a full scan's, and a word near no name computes no
distance (newreq45)."""

from __future__ import annotations

import random

import pytest

from coordinator.routing import spelling
from coordinator.routing.spelling import LONG_FUZZY, NameSpellings, _shortened, distance

#: Names as a roster's and the products' are (ASCII letters, MIN_FUZZY letters or more).
_NAMES = (
    "kubernetes",
    "terraform",
    "playwright",
    "cockroachdb",
    "contentful",
    "confluence",
    "consul",
    "cloudflare",
    "postgresql",
    "prometheus",
    "elasticsearch",
    "mongodb",
)


def _edited(word: str, rng: random.Random) -> str:
    """``word`` with one random edit: a letter changed, added or left out, or two swapped."""
    at = rng.randrange(len(word) - 1)
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return rng.choice(
        (
            word[:at] + letter + word[at + 1 :],
            word[:at] + letter + word[at:],
            word[:at] + word[at + 1 :],
            word[:at] + word[at + 1] + word[at] + word[at + 2 :],
        )
    )


@pytest.mark.parametrize("substitute", [1, 2])
def test_words_two_edits_apart_share_a_shortened_string(substitute: int) -> None:
    rng = random.Random(45)
    near = 0
    for _ in range(4000):
        name = rng.choice(_NAMES)
        word = _edited(_edited(name, rng), rng) if rng.random() < 0.7 else _edited(name, rng)
        if distance(word, name, 2, substitute=substitute) <= 2:
            near += 1
            assert _shortened(word) & _shortened(name), (word, name)
    assert near > 1000


def _scan(names: NameSpellings) -> NameSpellings:
    """The same names compared with every name of a word's first letter (no look-up)."""
    plain = NameSpellings(names._whole)
    plain._near_any = lambda *_: True  # type: ignore[method-assign]
    return plain


@pytest.mark.parametrize("prepared", [False, True])
def test_long_words_match_the_names_a_full_scan_finds(prepared: bool) -> None:
    names = NameSpellings(_NAMES)
    if prepared:
        names.prepare()
        assert names._shortened is not None
        assert set(names._shortened) == set(names._written)  # every first letter's made
    plain, rng = _scan(names), random.Random(12)
    tried = [_edited(_edited(n, rng), rng) for n in _NAMES for _ in range(40)]
    tried += [_edited(n, rng) for n in _NAMES for _ in range(20)]
    tried += ["contradicts", "collections", "connections", "controller", "committee"]
    found = 0
    for word in (w for w in tried if len(w) >= LONG_FUZZY and w.isalpha()):
        for term in (word, word[:-1]):
            assert names.match(word, term) == plain.match(word, term), (word, term)
            found += bool(names.match(word, term))
    assert found > 100


def test_a_long_word_near_no_name_computes_no_distance(monkeypatch: pytest.MonkeyPatch) -> None:
    names = NameSpellings(_NAMES)
    names.prepare()  # as a server's
    computed: list[tuple[str, str]] = []

    def counted(one: str, other: str, limit: int, *, substitute: int = 1) -> int:
        computed.append((one, other))
        return distance(one, other, limit, substitute=substitute)

    monkeypatch.setattr(spelling, "distance", counted)
    for word in ("contradicts", "collections", "connections", "controller", "concurrent"):
        assert names.match(word, word) == ()
    assert computed == []
    assert names.match("kubernets", "kubernet") == ("kubernetes",)
    assert {name for _, name in computed} == {"kubernetes"}
