"""Endings looked up by length (speed21): which of a set of endings a word ends with, in a
look-up per length instead of a ``str.endswith`` per ending, longest first; and prefixes
alike (speed26): whether a word begins with one of many, as ``str.startswith`` of them all.

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


class Prefixes:
    """A set of prefixes, and their lengths: whether a word begins with one of them is a
    set look-up per length (a handful) instead of a comparison per prefix (hundreds)."""

    def __init__(self, prefixes: Iterable[str]) -> None:
        """Index ``prefixes``."""
        self._prefixes = frozenset(prefixes)
        self._heads = tuple(slice(n) for n in sorted({len(p) for p in self._prefixes}))

    def begins(self, word: str) -> bool:
        """Whether ``word`` begins with one of the prefixes (``word.startswith(all)``; a
        head asked longer than ``word`` is ``word`` itself, which begins with itself)."""
        return not self._prefixes.isdisjoint(map(word.__getitem__, self._heads))
