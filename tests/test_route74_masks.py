"""Route74: a request's words carry bits (``reading._word_read``), or'ed once a request, and
a reader of ``QueryReader._joined_words`` runs only when the bits say it may find something.
The property: a reader the bits skip finds nothing, on every routing-set request and every
line of the corpus agents' files; and each bit both skips and lets a finding reader run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from coordinator.routing import aliases, concepts, outcomes, reading, signatures
from coordinator.routing.text import words
from tests.routing_support import request_texts


def _mask(tokens: list[str]) -> tuple[int, int]:
    """The words' bits and their frames (route78: :func:`outcomes.holds`), each or'ed."""
    found = holding = 0
    for word in tokens:
        _, bits, holds = reading._word_read(word)
        found |= bits
        holding |= holds
    return found, holding


def _held(holding: int) -> bool:
    """Whether the words' frames or'ed hold some frame's anchor and its second group."""
    return bool(holding >> len(outcomes.tables()[0]) & holding)


#: Each gated reader: whether the bits (and the frames) let it run, and the reader.
_READERS: dict[str, tuple[Callable[[int, int], bool], Callable[[list[str]], list[str]]]] = {
    "phrases": (lambda mask, _: bool(mask & reading._PHRASE_BIT), concepts.phrases),
    "frames": (lambda _, holding: _held(holding), outcomes.frames),
    "jobs": (lambda mask, _: bool(mask & reading._JOB_BIT), aliases.job_words),
    "errors": (lambda mask, _: bool(mask & reading._ERROR_BIT), signatures.phrases),
}


def test_a_reader_the_bits_skip_finds_nothing(shared: Path) -> None:
    """Over the routing sets and the corpus lines: a skipped reader finds nothing; each
    reader is skipped on some text and finds something on another."""
    skipped: Counter[str] = Counter()
    found: Counter[str] = Counter()
    texts = request_texts(shared)
    assert len(texts) > 20_000
    for text in texts:
        tokens = words(text)
        mask, holding = _mask(tokens)
        for name, (may, read) in _READERS.items():
            if not may(mask, holding):
                skipped[name] += 1
                assert read(tokens) == [], (name, text)
            elif read(tokens):
                found[name] += 1
    for name in _READERS:
        assert skipped[name] > 100 and found[name] > 0, (name, skipped, found)


def test_a_frame_held_is_read() -> None:
    """A request that holds a frame ("prepare the demo for the client") has its anchor and
    its second group in its words' frames."""
    tokens = words("prepare the demo for the client tomorrow")
    assert outcomes.frames(tokens)
    assert _held(_mask(tokens)[1])
