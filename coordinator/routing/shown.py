"""What a decision's evidence looks like to a person.

The router reads some of a request as joined words of its own: an everyday phrase
(``codereview`` for "review my PR"), an outcome frame (``outcomeshown``: something shown to
users), an HTTP API's marks (``apipath`` for "POST /tasks") and a phrase one technology
prints (``phrase:cannot read properties of undefined``). The evidence a decision carries
(``matched``: ``coord route`` and its ``--json``, the MCP server's route tool, the ``routed``
event) names each as what it stands for: ``phrase "review my pr"``, ``situation "frontend ui
component display"``, ``API path "POST /tasks"``. Only what is shown changes: the scores and
the decision never read it.
"""

from __future__ import annotations

from collections.abc import Sequence

from coordinator.routing import concepts, outcomes, signatures
from coordinator.routing.frameworks import SIGNED
from coordinator.routing.query import _Query, _Trigger
from coordinator.routing.text import is_cyrillic, term_list, words

#: How many of a situation's domain words a shown piece of evidence names.
SITUATION_WORDS = 4

#: What each HTTP mark is called when shown.
_MARK_NAMES = {signatures.API_PATH: "API path", signatures.BODY_ENCODING: "body encoding"}


def shown_words(terms: list[str], query: _Query) -> list[str]:
    """The surface words of ``terms`` (the request's terms a candidate holds, best first),
    each once, a joined word the router made of ``query``'s request shown as what it stands
    for: an outcome frame by the words of its field the candidate holds (the terms of
    ``terms`` it brought in say which), so that each candidate shows only its own evidence."""
    surface = query.surface
    words = []
    for t in terms:  # a loop, not a comprehension: this runs on a route's hot path (3.11)
        words.append(surface[t])
    if len(words) > 1:  # most candidates: one word (no repeat to drop)
        words = list(dict.fromkeys(words))
    own = query.own
    if own.issuperset(words):  # most evidence: the request's own words
        return words
    tokens, text = query.tokens, query.text
    found = []
    for w in words:
        field = None if w in own else _field(w)
        if field is None:
            found.append(w if w in own else shown(w, tokens, text))
        else:
            found.append(_situation(field, {t for t in terms if surface[t] == w}))
    return list(dict.fromkeys(found))


def _field(word: str) -> str | None:
    """The domain words of the outcome frame ``word`` is (its joined word or one of its
    routing terms), None when it is none."""
    field = outcomes.ENTRIES.get(word)
    if field is None and word.startswith("outcome"):  # a frame's routing term
        field = outcomes.situation(word)
    return field


def _situation(field: str, held: frozenset[str] | set[str] = frozenset()) -> str:
    """An outcome frame shown as ``situation "..."``: the first words of its ``field``, or,
    given ``held`` (the field's routing terms a candidate holds), the first words of the
    field the candidate holds (all of them when it holds none by a word of the field)."""
    named = list(dict.fromkeys(field.split()))
    if held:
        mine = [w for w in named if not held.isdisjoint(term_list(w))]
        named = mine or named
    return f'situation "{" ".join(named[:SITUATION_WORDS])}"'


def shown(word: str, tokens: Sequence[str] = (), request: str = "") -> str:
    """One piece of evidence as a person reads it: a phrase one technology prints, or an
    everyday phrase of ``tokens`` (the request's), as ``phrase "..."``; an outcome frame as
    ``situation "..."`` (the first words of the field it belongs to); an HTTP mark as what
    ``request`` writes (``API path "POST /tasks"``); any other word (a trigger, a word of the
    request, a piece already shown) as it is."""
    if word.startswith(SIGNED):
        return f'phrase "{word.removeprefix(SIGNED)}"'
    field = _field(word)
    if field is not None:
        return _situation(field)
    mark = _MARK_NAMES.get(word)
    if mark is not None:
        written = signatures.http_mark_written(request, word)
        return f'{mark} "{written}"' if written else mark
    phrase = concepts.written_phrase(list(tokens), word) if tokens else None
    return f'phrase "{phrase}"' if phrase else word


def shown_trigger(trigger: _Trigger, query: _Query) -> str:
    """A fired trigger as a person reads it: ``trigger "TEXT"``, and when it is written in
    another language than the words of ``query`` that fired it (a Ukrainian trigger an
    English request fired through the words they share: "Напиши Dockerfile" for "Write a
    Dockerfile"), those words too, in the request's order (a joined one as what it stands
    for): ``trigger "Напиши Dockerfile" (your words: write, dockerfile)``. The user is
    told the agent's trigger and what of their own request matched it, never only words
    they did not write."""
    text, surface = trigger.text, query.surface
    said = f'trigger "{text}"'
    cyrillic = False
    for t in trigger.terms:  # a loop, not a generator: on a route's path (3.11)
        word = surface[t]
        if not word.isascii() and is_cyrillic(word):  # most words: ASCII, no look-up
            cyrillic = True
            break
    if cyrillic == (not text.isascii() and is_cyrillic(text)):  # the request's language
        return said
    fired_by = {surface[t] for t in trigger.terms}
    tokens = query.tokens
    ordered = [w for w in dict.fromkeys(tokens) if w in fired_by]
    ordered += [shown(w, tokens, query.text) for w in sorted(fired_by.difference(ordered))]
    return f"{said} (your words: {', '.join(ordered)})"


def shown_stored(matched: list[str], request: str) -> list[str]:
    """The evidence of a ``routed`` event stored before evidence was shown this way (its
    joined words as the router made them), shown as a decision's is now, read from the
    event's ``request``."""
    tokens = words(request)
    return list(dict.fromkeys([shown(m, tokens, request) for m in matched]))
