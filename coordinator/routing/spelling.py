"""Product and tool names as people actually spell them (round 60).

A request names a tool in a form the roster does not hold: misspelt (playwrite, vitset,
terrafrom, elasticserch), or by ear in Cyrillic beyond the glossary. :class:`NameSpellings`
indexes, once per roster, the roster's *rare* terms (agents' name words as written, and the
terms few agents use) and meets a request word with them by edit distance scaled to length:
one edit (a swap of two neighbouring letters counts as one) from MIN_FUZZY letters, two
from LONG_FUZZY. It is a last resort, gated on every side:

- the word is one the roster otherwise does not know (no term, sub-word, typo one edit away,
  transliteration or concept domain: the caller asks only then), is no common English word
  and begins with the same letter as the name (people rarely miss the first letter);
- the name is rare in the roster, of MIN_FUZZY+ letters and no common word itself (go, next,
  rest are never targets: they are too short and too plain);
- only the nearest names count, and none when more than MAX_NAMES are equally near.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from coordinator.routing.products import PRODUCTS
from coordinator.routing.text import is_cyrillic, skeleton, term_list, transliterate

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


def product_names(vocab: Collection[str]) -> set[str]:
    """The well-known product names (:data:`coordinator.routing.products.PRODUCTS`) of
    letters only whose routing term is in ``vocab`` (the roster describes them). A product
    the roster lacks is no target: the English words a roster does not know are many, and
    one letter off such a name (stats: statsd, linked: linkerd, telegram: telegraf)."""
    found = (n for _, names in PRODUCTS for n in names.split() if n.isalpha())
    return {n for n in found if term_list(n)[0] in vocab}


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


#: A name as compared (written, or its skeleton for a Cyrillic word), as written, and its
#: letters (a quick test before the distance: each edit changes at most two letters).
_Name = tuple[str, str, frozenset[str]]


class NameSpellings:
    """A roster's names and the well-known product names, indexed by first letter."""

    def __init__(self, names: Collection[str], common: frozenset[str]):
        """Index ``names`` (agents' name words and product names, as written), leaving out
        words shorter than MIN_FUZZY and ``common`` words (as written or as terms)."""
        self._common = common
        self._written: dict[str, list[_Name]] = {}
        self._folded: dict[str, list[_Name]] = {}
        self._names = frozenset(names)
        for written in sorted(set(names)):
            if len(written) >= MIN_FUZZY and written.isascii() and written.isalpha():
                if written not in common and term_list(written)[0] not in common:
                    for index, form in (
                        (self._written, written),
                        (self._folded, skeleton(written)),
                    ):
                        index.setdefault(form[0], []).append((form, written, frozenset(form)))

    def written(self) -> frozenset[str]:
        """The names as written that misspellings are compared with."""
        return frozenset(name for names in self._written.values() for name, _, _ in names)

    def match(self, word: str, term: str) -> tuple[str, ...]:
        """The names (as written) nearest to the request ``word`` (its routing ``term``
        too: a stem may be nearer, playwrit <-> playwright), or ``()``."""
        if word in self._common or term in self._common or word in self._names:
            return ()  # a common word, or a name as written: it is no misspelling
        if is_cyrillic(word):
            if len(term) < MIN_CYRILLIC or not is_cyrillic(term):  # the glossary read it
                return ()
            forms = [skeleton(transliterate(term))]
            if "ай" in term:  # a borrowed long i: кайбана -> kibana
                forms.append(skeleton(transliterate(term.replace("ай", "и"))))
            return self._nearest(forms, self._folded.get(forms[0][:1], ()), folded=True)
        if not (word.isascii() and word.isalpha()):
            return ()
        return self._nearest([word, term], self._written.get(word[:1], ()), folded=False)

    @staticmethod
    def _nearest(forms: list[str], names: Iterable[_Name], *, folded: bool) -> tuple[str, ...]:
        """The ``names`` nearest to any of ``forms`` within their allowance, as written."""
        best, found = _FAR, set()
        for name, written, letters in names:
            for form in forms:
                limit = min(edits_allowed(len(form)), edits_allowed(len(name)), best)
                if limit == 0 or len(letters.symmetric_difference(form)) > 2 * limit:
                    continue
                if name.startswith(form):  # a word a name extends is another word: a
                    continue  # cockroach is no cockroachdb, stats no statsd
                # a short word one letter off a name is usually another word (stuck is no
                # stack): as written, only a letter left out, added or swapped counts there
                short = not folded and len(name) < LONG_FUZZY
                if short and form is not forms[0]:
                    continue  # a stem meets short names only as written (refact is no react)
                apart = distance(form, name, limit, substitute=2 if short else 1)
                if apart > limit:
                    continue
                if apart < best:
                    best, found = apart, {written}
                elif apart == best:
                    found.add(written)
        if not found or len(found) > MAX_NAMES:
            return ()
        return tuple(sorted(found))
