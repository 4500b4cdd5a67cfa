"""Route78: whether a request writes a verb of moving by its stem (``frameworks._MOVE_STEM``
over its words joined by spaces) is read token by token, each token's answer kept
(``frameworks._stem_written``): the same answer on every routing-set request, every line of
the corpus agents' files, and tokens a stem stands inside of."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.routing import frameworks
from coordinator.routing.text import words
from tests.routing_support import request_texts


def _joined_scan(tokens: list[str]) -> bool:
    return frameworks._MOVE_STEM.search(" ".join(tokens)) is not None


def test_the_stems_read_per_token_are_the_joined_texts(shared: Path) -> None:
    texts = request_texts(shared)
    assert len(texts) > 20_000
    found = 0
    for text in texts:
        tokens = words(text)
        moving = frameworks._stem_written(tokens)
        assert moving == _joined_scan(tokens), text
        found += moving
    assert found > 10


@pytest.mark.parametrize(
    "tokens",
    [
        ["треба", "переписати", "з", "python"],
        ["ci-мігрувати", "з", "jenkins"],  # after a hyphen: a word's start
        ["x.перенести", "з", "webpack"],
        ["неперенести", "з", "webpack"],  # inside a word: no stem at its start
        ["з", "python", "на", "go"],
        ["перепис", "ати"],
        [],
    ],
)
def test_a_stem_is_found_where_the_joined_scan_finds_it(tokens: list[str]) -> None:
    assert frameworks._stem_written(tokens) == _joined_scan(tokens)
    assert frameworks._stem_written(tokens) == _joined_scan(tokens)  # kept: read again
