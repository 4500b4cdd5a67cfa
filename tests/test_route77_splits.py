"""Route77: a name written split in two tokens (type script, mongo db) is looked for by the
tokens' neighbouring pairs as they are, against every (head, tail) the roster's names split
into (:func:`spelling.name_splits`), not by joining each pair into a new string. The names
found are those the joined strings find, on every roster's requests; the pairs stay out of
a stored index's pickle."""

from __future__ import annotations

import itertools
import pickle
from pathlib import Path

import pytest

from coordinator.routing.lexical import router_for
from coordinator.routing.spelling import NameSpellings, name_splits
from coordinator.routing.text import words
from tests.routing_support import CORPUS, Rosters, set_requests


def _joined(spellings: NameSpellings, tokens: list[str]) -> tuple[list[str], set[str]]:
    """What :meth:`NameSpellings.split` found before route77: each pair joined and looked up."""
    names: list[str] = []
    parts: set[str] = set()
    whole = spellings._whole
    for first, second in itertools.pairwise(tokens):
        if spellings._ascii and not second.isascii():
            continue
        if first + second in whole and (first + second).isalpha():
            names.append(first + second)
            parts.update((first, second))
    return names, parts


def _requests(shared: Path) -> list[list[str]]:
    """The tokens of the routing sets' and sanity sets' requests."""
    return [words(text) for text in set_requests(shared)]


def test_the_splits_are_every_head_and_tail() -> None:
    assert name_splits(["vue", "go"]) == {
        ("", "vue"),
        ("v", "ue"),
        ("vu", "e"),
        ("vue", ""),
        ("", "go"),
        ("g", "o"),
        ("go", ""),
    }


@pytest.mark.parametrize("roster", ["bundled", *CORPUS])
def test_split_names_are_the_joined_pairs(
    corpus_rosters: Rosters, shared: Path, roster: str
) -> None:
    """Every request of the sets, and every name of the roster written in two parts, finds
    the names the joined pairs find (some requests find one, most none)."""
    spellings = router_for(corpus_rosters[roster]).spellings
    texts = _requests(shared)
    texts += [[name[:at], name[at:]] for name in spellings._whole for at in range(1, len(name))]
    joined = 0
    for tokens in texts:
        expected = _joined(spellings, tokens)
        assert spellings.split(tokens) == expected, tokens
        joined += bool(expected[0])
    assert 0 < joined < len(texts)


def test_the_splits_stay_out_of_the_pickle(corpus_rosters: Rosters) -> None:
    """A stored index holds no pairs (its size is as it was); read back, it finds them again."""
    spellings = router_for(corpus_rosters["bundled"]).spellings
    name = min((n for n in spellings._whole if len(n) > 3 and n.isascii() and n.isalpha()), key=len)
    spellings.split([name[:1], name[1:]])
    assert spellings._splits
    again = pickle.loads(pickle.dumps(spellings))
    assert "_splits" not in vars(again)
    assert again.split([name[:1], name[1:]]) == ([name], {name[:1], name[1:]})
