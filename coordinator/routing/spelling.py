"""Product and tool names as people actually spell them (round 60).

A request names a tool in a form the roster does not hold: misspelt (playwrite, vitset,
terrafrom, djnago), by ear in Cyrillic beyond the glossary, or split in two (type script,
mongo db). :class:`NameSpellings` indexes, once per roster (with the index), the names that
can be misspelt: the words of agents' names as written and the well-known product names the
roster describes. A request word meets them by edit distance scaled to length: one edit
from MIN_FUZZY letters, two from LONG_FUZZY, where two neighbouring letters swapped count
as one edit and, as written, a changed letter as two. The reader then reads the word as the
name itself (:meth:`coordinator.routing.reading.QueryReader._plan`). It is a last resort,
gated on every side:

- the word is one the roster otherwise does not know (no term, no concept domain, and for a
  Cyrillic word no reading by transliteration or sound: the caller asks only then), is no
  common English word, no name as written, and begins with the name's first letter;
- a changed letter makes another word more often than a slip does (stuck is no stack,
  listview no liveview): a short name allows only a letter left out, added or swapped, a
  long one a single change; a Cyrillic word's transliterated skeleton, a guess already,
  may be one edit off; the stem counts only when it drops one letter (playwrit), a word a
  name extends is another word (cockroach, stats);
- a name is MIN_FUZZY+ letters and no common word (go, next, rest are never targets);
- only the nearest names count, and none when more than MAX_NAMES are equally near.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Collection, Iterable

from coordinator.routing import carried
from coordinator.routing.byear import HeardNames
from coordinator.routing.products import PRODUCTS
from coordinator.routing.senses import common_words
from coordinator.routing.shapes import one_sound, skeleton, spelled_shape
from coordinator.routing.text import is_cyrillic, term_list

#: Shortest word (and name) the matcher compares: one edit away from this length.
MIN_FUZZY = 5
#: From this length a word may be two edits from a name (playwrit <-> playwright).
LONG_FUZZY = 8
#: A Cyrillic word is compared, as its transliterated skeleton, from this length only.
MIN_CYRILLIC = 6
#: Farther than any allowance (edits_allowed is at most 2).
_FAR = 3
#: More equally near names than this: the word is too plain to say which one it means.
MAX_NAMES = 2


@functools.cache
def product_names() -> frozenset[str]:
    """The well-known product names (:data:`coordinator.routing.products.PRODUCTS`) of
    letters only."""
    return frozenset(n for _, names in PRODUCTS for n in names.split() if n.isalpha())


def described_products(vocab: Collection[str]) -> set[str]:
    """The product names whose routing term is in ``vocab`` (the roster describes them).
    A product the roster lacks is no target for a misspelling: the English words a roster
    does not know are many, and some one letter off such a name (stats: statsd, linked:
    linkerd, telegram: telegraf)."""
    return {n for n in product_names() if term_list(n)[0] in vocab}


@carried.table
def heard_products() -> HeardNames:
    """The well-known product names (no common word) by their spellings by ear, whether
    the roster describes them or not: read as the name, a product the roster lacks brings
    its domain (ансібл: configuration management). Roster-independent: built once per
    process on the first Cyrillic word that needs it, or carried by a cached index."""
    common = common_words()
    return HeardNames(
        n
        for n in product_names()
        if len(n) >= MIN_FUZZY and n not in common and term_list(n)[0] not in common
    )


def name_splits(names: Iterable[str]) -> frozenset[tuple[str, str]]:
    """Every way of writing one of ``names`` as two strings, each ``(head, tail)`` with
    ``head + tail`` the name (either may be empty): two tokens join into a name exactly when
    they are such a pair (route77: :meth:`NameSpellings.split` looks pairs up as they are)."""
    return frozenset((name[:at], name[at:]) for name in names for at in range(len(name) + 1))


def edits_allowed(length: int) -> int:
    """How many edits a word of ``length`` letters may be from a name it stands for."""
    if length < MIN_FUZZY:
        return 0
    return 1 if length < LONG_FUZZY else 2


def distance(one: str, other: str, limit: int, *, substitute: int = 1) -> int:
    """The optimal-string-alignment distance of ``one`` and ``other`` (insertions, deletions
    and swaps of neighbouring letters each count one, a substitution ``substitute``), or
    ``limit + 1`` when it exceeds ``limit``."""
    if abs(len(one) - len(other)) > limit:
        return limit + 1
    before: list[int] | None = None
    row = list(range(len(other) + 1))
    for i, a in enumerate(one, start=1):
        current = [i] + [0] * len(other)
        for j, b in enumerate(other, start=1):
            cost = 0 if a == b else substitute
            best = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if before is not None and j > 1 and a == other[j - 2] and one[i - 2] == b:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1] if row[-1] <= limit else limit + 1


def _neighbours(word: str) -> list[str]:
    """``word`` and each string it makes less one letter: two words one edit apart (a
    letter changed, added or left out, or two neighbouring letters swapped) share one."""
    return [word, *(word[:at] + word[at + 1 :] for at in range(len(word)))]


def two_deletions(word: str) -> set[str]:
    """``word`` and each string it makes less one or two letters: two words two edits
    apart at most (each a letter changed, added or left out, or two neighbouring letters
    swapped) share one (route70)."""
    ones = _neighbours(word)
    return {one[:at] + one[at + 1 :] for one in ones[1:] for at in range(len(one))}.union(ones)


#: A name as compared (written, or its skeleton for a Cyrillic word), as written, and its
#: letters (a quick test before the distance: each edit changes at most two letters).
_Name = tuple[str, str, frozenset[str]]


class NameSpellings:
    """A roster's names and the well-known product names, indexed by first letter."""

    #: Route77: every (head, tail) the names as written split into (:func:`name_splits`),
    #: made on a first split (or by :meth:`prepare`), not stored: an index read back from
    #: its pickle, which lacks it, reads this default.
    _splits: frozenset[tuple[str, str]] | None = None

    def __init__(self, names: Iterable[str]):
        """Index ``names`` (agents' name words and product names, as written), leaving out
        words shorter than MIN_FUZZY and common words (as written or as terms)."""
        common = common_words()
        #: Every name as written: what split tokens may write.
        self._whole = frozenset(names)
        #: Whether every name is ASCII (then so is each token of a pair that writes one).
        self._ascii = all(name.isascii() for name in self._whole)
        self._written: dict[str, list[_Name]] = {}
        self._folded: dict[str, list[_Name]] = {}
        for written in sorted(set(names)):
            if len(written) >= MIN_FUZZY and written.isascii() and written.isalpha():
                if written not in common and term_list(written)[0] not in common:
                    for index, form in (
                        (self._written, written),
                        (self._folded, skeleton(written)),
                    ):
                        index.setdefault(form[0], []).append((form, written, frozenset(form)))
        #: The names by their Cyrillic spellings by ear (round 77).
        self._heard = HeardNames(name for names in self._written.values() for _, name, _ in names)
        #: The names of one first letter (folded or as written) by length, on first use.
        self._lengths: dict[tuple[bool, str], dict[int, list[_Name]]] = {}
        #: Their :func:`_neighbours`, on first use.
        self._neighbours: dict[tuple[bool, str], frozenset[str]] = {}
        #: Route70: the names as written of one first letter by each of their
        #: :func:`two_deletions` (:meth:`prepare`, or on first use).
        self._two: dict[str, dict[str, list[str]]] = {}

    def __getstate__(self) -> dict[str, object]:
        """The names without :attr:`_splits`, made again on first use (the stored index's
        pickle stays as it was before route77)."""
        state = dict(vars(self))
        state.pop("_splits", None)
        return state

    def _name_splits(self) -> frozenset[tuple[str, str]]:
        """:func:`name_splits` of the names as written, made once (kept in :attr:`_splits`)."""
        self._splits = name_splits(self._whole)
        return self._splits

    def prepare(self) -> None:
        """Index what a server's new words are first looked up by (the names by ear: the
        roster's and the products', :meth:`HeardNames.prepare`; route70: the names as
        written, of each first letter, by their :func:`two_deletions`)."""
        self._heard.prepare()
        heard_products().prepare()
        self._name_splits()
        for first in self._written.keys() - self._two.keys():
            self._two_index(first)

    def split(self, tokens: list[str]) -> tuple[list[str], set[str]]:
        """The roster's names two neighbouring ``tokens`` write split (fast api: fastapi,
        type script: typescript, mongo db: mongodb), as written, and the tokens that wrote
        them (parts of a name, not words of their own). A product the roster lacks is not
        joined: its parts may be what the roster says (spring boot), or its domain may pull
        an everyday request in (a Power BI report for the accountants)."""
        names: list[str] = []
        parts: set[str] = set()
        # route41: most requests join no two neighbours into a name: one set test in C
        # first, the loop below only where some pair is one; route77: each pair looked up
        # as it is (a tuple, :func:`name_splits`), no string made and hashed per pair
        if (self._splits or self._name_splits()).isdisjoint(itertools.pairwise(tokens)):
            return names, parts
        ascii_only = self._ascii
        for first, second in itertools.pairwise(tokens):
            if ascii_only and not second.isascii():  # a Cyrillic word: no pair joined (cheap)
                continue
            whole = first + second
            if whole in self._whole and whole.isalpha():
                names.append(whole)
                parts.update((first, second))
        return names, parts

    def written(self) -> frozenset[str]:
        """The names as written that misspellings are compared with."""
        return frozenset(name for names in self._written.values() for name, _, _ in names)

    def heard(self, word: str) -> str | None:
        """The one name (as written) a Cyrillic ``word`` writes by ear (тесткафі:
        testcafe), else None (:mod:`coordinator.routing.byear`)."""
        found = self._heard.names(word) | heard_products().names(word)
        return found.pop() if len(found) == 1 else None

    def match(self, word: str, term: str) -> tuple[str, ...]:
        """The names (as written) nearest to the request ``word`` (its routing ``term``
        too: a stem may be nearer, playwrit <-> playwright), or ``()``."""
        common = common_words()
        if word in common or term in common:
            return ()
        if is_cyrillic(word):
            if len(term) < MIN_CYRILLIC or not is_cyrillic(term):  # the glossary read it
                return ()
            forms = [spelled_shape(term)]
            if "ай" in term:  # a borrowed long i: кайбана -> kibana
                forms.append(spelled_shape(term.replace("ай", "и")))
            if not self._near_any(True, forms[0][:1], forms):  # most words: within no edit
                return ()
            return self._nearest(forms, self._by_length(True, forms[0][:1]), folded=True)
        if not (word.isascii() and word.isalpha()):
            return ()
        names = self._by_length(False, word[:1])
        if any(written == word for _, written, _ in names.get(len(word), ())):
            return ()  # a name as written is no misspelling
        # the stem too when it drops one letter (playwrite: playwrit), not a whole
        # ending (electricity: electric is no electron)
        forms = [word, term] if len(word) - len(term) == 1 else [word]
        if len(word) < LONG_FUZZY:
            if not self._near_any(False, word[:1], forms):
                return ()  # one edit allowed at most (the stem is shorter): most, none near
        else:  # route70: two edits allowed; prepared, only names that share a string
            names = self.within_two(word[:1], forms) if self._two else names
        return self._nearest(forms, names, folded=False) if names else ()

    def within_two(self, first: str, forms: list[str]) -> dict[int, list[_Name]]:
        """The names as written that begin with ``first`` (by length, as
        :meth:`_by_length` lists them) that may be two edits from one of ``forms`` at most:
        they share a :func:`two_deletions` string. A word of LONG_FUZZY+ letters (allowed
        two) is compared with these alone, not with every name of its first letter, once
        :meth:`prepare` indexed them (a one-shot route compares its few words with all)."""
        index = self._two.get(first)
        if index is None:
            index = self._two_index(first)
        strings = index.keys() & set().union(*map(two_deletions, forms))
        if not strings:  # most words: no name within two edits
            return {}
        near = {name for string in strings for name in index[string]}
        found: dict[int, list[_Name]] = {}
        for size, listed in self._by_length(False, first).items():
            kept = [entry for entry in listed if entry[0] in near]
            if kept:
                found[size] = kept
        return found

    def _two_index(self, first: str) -> dict[str, list[str]]:
        """The names as written that begin with ``first`` by each of their
        :func:`two_deletions` (made when first compared, or by :meth:`prepare`)."""
        index: dict[str, list[str]] = {}
        for name, _, _ in self._written.get(first, ()):
            for string in two_deletions(name):
                index.setdefault(string, []).append(name)
        self._two[first] = index
        return index

    def _near_any(self, folded: bool, first: str, forms: list[str]) -> bool:
        """Whether a name (folded or as written) that begins with ``first`` may be one edit
        from one of ``forms`` at most: they share a :func:`_neighbours` string. False: none
        is (and :meth:`_nearest`, allowed one edit, finds none)."""
        near = self._neighbours.get((folded, first))
        if near is None:
            names = self._by_length(folded, first).values()
            near = frozenset(
                itertools.chain.from_iterable(_neighbours(n) for f in names for n, _, _ in f)
            )
            self._neighbours[folded, first] = near
        return any(not near.isdisjoint(_neighbours(form)) for form in forms)

    def _by_length(self, folded: bool, first: str) -> dict[int, list[_Name]]:
        """The names (folded or as written) that begin with ``first`` by their length."""
        found = self._lengths.get((folded, first))
        if found is None:
            found = self._lengths[folded, first] = {}
            for entry in (self._folded if folded else self._written).get(first, ()):
                found.setdefault(len(entry[0]), []).append(entry)
        return found

    @staticmethod
    def _nearest(
        forms: list[str], by_length: dict[int, list[_Name]], *, folded: bool
    ) -> tuple[str, ...]:
        """The names (``by_length``) nearest to any of ``forms`` within their allowance, as
        written (whatever the order they are compared in: the nearest are kept)."""
        best, found = _FAR, set()
        # a transliteration is a guess already: one edit beyond it
        allowed = [
            (form, min(edits_allowed(len(form)), 1 if folded else _FAR), frozenset(form))
            for form in forms
        ]
        # a name more letters longer or shorter than any form's allowance is no nearer
        shortest = min(len(form) - limit for form, limit, _ in allowed)
        longest = max(len(form) + limit for form, limit, _ in allowed)
        for size in range(shortest, longest + 1):
            name_allowed = edits_allowed(size)
            if name_allowed == 0:
                continue
            for name, written, letters in by_length.get(size, ()):
                for form, form_allowed, form_letters in allowed:
                    limit = min(form_allowed, name_allowed, best)
                    # lengths or letters too far apart: more than ``limit`` edits
                    if limit == 0 or not -limit <= size - len(form) <= limit:
                        continue
                    if len(letters ^ form_letters) > 2 * limit:
                        continue
                    if name.startswith(form):  # a word a name extends is another word: a
                        continue  # cockroach is no cockroachdb, stats no statsd
                    # a word one letter off a name is often another word (stuck is no stack,
                    # listview no liveview): as written, a changed letter costs two edits, so a
                    # short name allows none and a long one a single change
                    if not folded and size < LONG_FUZZY and form is not forms[0]:
                        continue  # a stem meets short names only as written (refact is no react)
                    apart = distance(form, name, limit, substitute=1 if folded else 2)
                    if apart > limit:
                        continue
                    if folded and size == len(form) and not one_sound(form, name):
                        continue  # route91: a consonant changed (вивести is no vitest)
                    if apart < best:
                        best, found = apart, {written}
                    elif apart == best:
                        found.add(written)
        if not found or len(found) > MAX_NAMES:
            return ()
        return tuple(sorted(found))
