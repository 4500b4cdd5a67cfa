"""Route78: a request's words carry what they stand in of the outcome frames
(``outcomes.holds``, kept with each word's reading in ``reading._WORD_READS``), or'ed as the
reader reads the words, and ``outcomes.frames_held`` reads the frames from that union
without testing the words again. The property: it finds exactly what ``outcomes.frames``
finds, on every routing-set request and every line of the corpus agents' files, and when
no more words are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.routing import outcomes, reading
from coordinator.routing.text import words
from tests.routing_support import request_texts


def _holding(tokens: list[str]) -> int:
    """The words' frames or'ed, as the reader ors them (``QueryReader._words``)."""
    found = 0
    for word in tokens:
        found |= reading._word_read(word)[2]
    return found


def test_the_frames_held_are_the_frames_found(shared: Path) -> None:
    """Over the routing sets and the corpus lines, the frames read from the words' union are
    those :func:`outcomes.frames` finds, and each word's ``holds`` is its kept ``_HOLDS``."""
    texts = request_texts(shared)
    assert len(texts) > 20_000
    fired = 0
    for text in texts:
        tokens = words(text)
        found = outcomes.frames_held(tokens, _holding(tokens))
        assert found == outcomes.frames(tokens), text
        fired += bool(found)
    assert fired > 100
    kept = [word for word in reading._WORD_READS if word in outcomes._HOLDS]
    assert kept
    assert all(reading._WORD_READS[word][2] == outcomes._HOLDS[word] for word in kept)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("shoppers pay monthly for the qzvbox and pause whenever", ["outcomebilling"]),
        ("клієнти купують щохвилини квзвбокс", []),
        ("my parents pay monthly for the qzvboy", []),  # a person's own: no frame
        ("our customers pay monthly for the qzvbow", ["outcomebilling"]),
    ],
)
def test_frames_held_when_no_more_words_are_kept(
    monkeypatch: pytest.MonkeyPatch, request_text: str, expected: list[str]
) -> None:
    """A long-running process that has kept ``_MAX_KEPT`` words reads a new one's frames
    per request: its ``holds`` and the frames read from them are as ``frames`` finds."""
    monkeypatch.setattr(outcomes, "_MAX_KEPT", 0)
    tokens = words(request_text)
    new = [word for word in tokens if word not in outcomes._SEEN]
    assert new
    size = len(outcomes.tables()[0])
    for word in new:
        anchored, seconds = outcomes._learn(word)[1], outcomes._learn(word)[3]
        assert outcomes.holds(word) == anchored << size | seconds, word
    holding = 0
    for word in tokens:
        holding |= outcomes.holds(word)
    assert outcomes.frames_held(tokens, holding) == outcomes.frames(tokens) == expected
    assert not [word for word in new if word in outcomes._SEEN]


def test_a_word_read_but_not_kept_is_learnt_for_the_frames(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A word whose reading was kept while the frames' words were not (``_MAX_KEPT`` lowered
    for a while) is learnt again when a request holding a frame reads it."""
    monkeypatch.setattr(outcomes, "_MAX_KEPT", 0)
    tokens = words("shoppers pay monthly for the qzvbof and pause whenever")
    holding = 0
    for word in tokens:
        holding |= reading._word_read(word)[2]
    assert "qzvbof" not in outcomes._SEEN
    monkeypatch.undo()
    assert outcomes.frames_held(tokens, holding) == ["outcomebilling"]
    assert "qzvbof" in outcomes._SEEN
