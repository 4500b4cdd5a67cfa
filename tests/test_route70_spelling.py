"""Route70: a long Latin word (LONG_FUZZY+ letters, allowed two edits from a name) is
compared only with the names that share one of its :func:`two_deletions` strings, looked up
in an index of the names' own, not with every name of its first letter. The names kept are
every name within two edits (so the misspelt names read are the full scan's), over the
corpus rosters' vocabulary and misspellings of their names."""

from __future__ import annotations

import itertools

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import router_for
from coordinator.routing.spelling import LONG_FUZZY, NameSpellings, distance, two_deletions
from coordinator.routing.text import term_list
from tests.routing_support import CORPUS, Rosters


def _misspelt(name: str) -> list[str]:
    """Forms of ``name`` one and two edits away: a letter left out, doubled, changed, two
    neighbours swapped, and each of those once more."""

    def once(word: str) -> list[str]:
        found = [word[:i] + word[i + 1 :] for i in range(len(word))]
        found += [word[:i] + word[i] + word[i:] for i in range(len(word))]
        found += [word[:i] + "x" + word[i + 1 :] for i in range(len(word))]
        found += [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
        return found

    return [two for one in once(name)[::3] for two in once(one)[:: len(name)]]


def _words(spellings: NameSpellings, registry: Registry) -> list[str]:
    """The roster's words (its descriptions' and its index's terms) and misspellings of its
    names, LONG_FUZZY+ letters, ASCII."""
    names = sorted(spellings.written())
    words = {w for agent in registry for w in agent.description.lower().split()}
    words.update(router_for(registry).idf)
    words.update(itertools.chain.from_iterable(map(_misspelt, names)))
    return sorted(w for w in words if len(w) >= LONG_FUZZY and w.isascii() and w.isalpha())


@pytest.mark.parametrize("roster", ["bundled", *CORPUS])
def test_names_within_two_edits_are_the_full_scans(corpus_rosters: Rosters, roster: str) -> None:
    registry = corpus_rosters[roster]
    spellings = router_for(registry).spellings
    spellings.prepare()  # as a server's (a one-shot route compares a word with every name)
    checked = kept = 0
    for word in _words(spellings, registry):
        term = term_list(word)[0]
        forms = [word, term] if len(word) - len(term) == 1 else [word]
        every = spellings._by_length(False, word[:1])
        near = spellings.within_two(word[:1], forms)
        # every name within two edits of a form (a letter changed counting one: more
        # than matching counts) is kept (and some farther: two deletions each side may
        # meet where the edits overlap), in the order listed
        within = {
            entry
            for listed in every.values()
            for entry in listed
            if any(distance(form, entry[0], 2) <= 2 for form in forms)
        }
        kept_here = [entry for listed in near.values() for entry in listed]
        assert within <= set(kept_here), word
        assert all(near[size] == [e for e in every[size] if e in near[size]] for size in near)
        # so the misspelt names read are those of the full scan
        found = spellings._nearest(forms, near, folded=False) if near else ()
        assert found == spellings._nearest(forms, every, folded=False), word
        checked += 1
        kept += bool(within)
    assert checked > 200 and kept > 20  # the property was tried on near and far words


def test_two_deletions_are_every_string_less_two_letters_at_most() -> None:
    word = "playwright"
    expected = {word} | {
        "".join(c for at, c in enumerate(word) if at not in gone)
        for size in (1, 2)
        for gone in itertools.combinations(range(len(word)), size)
    }
    assert two_deletions(word) == expected
