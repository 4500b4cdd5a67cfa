"""Endings looked up by length (speed21): which of a set of endings a word ends with, in a
look-up per length instead of a ``str.endswith`` per ending, longest first.

A list of endings sorted longest first (as the stemmers keep theirs) tried in order with
``endswith`` finds the same ending: two endings of one length never both end a word."""

from __future__ import annotations

from collections.abc import Iterable


class Endings:
    """A set of endings, and their lengths longest first."""

    def __init__(self, endings: Iterable[str]) -> None:
        """Index ``endings`` (none empty)."""
        self._endings = frozenset(endings)
        self._lengths = tuple(sorted({len(e) for e in self._endings}, reverse=True))

    def all(self, word: str, most: int) -> list[str]:
        """The endings ``word`` ends with of at most ``most`` letters, longest first."""
        most = min(most, len(word))
        found = self._endings
        return [word[-n:] for n in self._lengths if n <= most and word[-n:] in found]

    def longest(self, word: str, most: int) -> str:
        """The longest ending ``word`` ends with of at most ``most`` letters ("" if none)."""
        most = min(most, len(word))
        for n in self._lengths:
            if n <= most and word[-n:] in self._endings:
                return word[-n:]
        return ""
