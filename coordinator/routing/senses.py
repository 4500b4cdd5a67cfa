"""How a request's words are read in context: a technology homonym written as a technology
(:func:`tech_use`), a word whose neighbours choose its second sense (:func:`sense`), a
shipping event named as a moment (:func:`moment`), the everyday words, and a request that
spans every layer of a feature (:func:`spans_layers`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from coordinator.routing import carried, concepts, offtopic
from coordinator.routing.stems import stem_en, stem_uk
from coordinator.routing.text import STOPWORDS, is_cyrillic, term_list
from coordinator.routing.tuning import MAX_PLANS, MOMENT_REST
from coordinator.routing.vocab import (
    BUILT_ON,
    COMMON_WORDS,
    COMMON_WORDS_UK,
    CONTROL_WORDS,
    EVERYDAY_JARGON,
    LANGUAGE_JOINS,
    LANGUAGES,
    LAYERS,
    LEFT_AFTER,
    LEFT_BEFORE,
    LEFT_GLUE,
    LEFT_PARTS,
    LEFT_SPAN,
    MOMENT_EVENTS,
    MOMENT_GLUE,
    MOMENT_MARKERS,
    PERIOD_WORDS,
    PLAIN_AFTER,
    RUNS_ON,
    SENSE_SPAN,
    SENSES,
    SITE_WORDS,
    TECH_CONTEXT,
    TECH_HOMONYMS,
)


@carried.table
def common_terms() -> frozenset[str]:
    """The routing terms of the common English and Ukrainian words (:data:`_COMMON_TERMS`)."""
    return frozenset(stem_en(w) for w in COMMON_WORDS) | {stem_uk(w) for w in COMMON_WORDS_UK}


@carried.table
def common_uk_terms() -> frozenset[str]:
    """Round 102: the routing terms of the common Ukrainian words (:data:`COMMON_WORDS_UK`,
    their own stems: працює is прац): read as no roster term by sound (price)."""
    return frozenset(stem_uk(w) for w in COMMON_WORDS_UK)


@functools.cache
def common_words() -> frozenset[str]:
    """The common English words as written and as routing terms (a misspelt name is
    neither, :mod:`coordinator.routing.spelling`)."""
    return COMMON_WORDS | common_terms()


@carried.table
def plain_terms() -> frozenset[str]:
    """Words with an everyday meaning: common English words and the everyday words of
    developer domains (table, page: book a table)."""
    return common_terms() | concepts.concept_table().keys()


@carried.table
def everyday_terms() -> frozenset[str]:
    """Everyday words that belong to no developer domain (learn, start; not down: an outage)."""
    return common_terms() - concepts.concept_table().keys()


@carried.table
def everyday_jargon() -> frozenset[str]:
    """Round 102: the terms of everyday words that may not carry a large roster's pick alone
    (:meth:`coordinator.routing.choice_situation.SituationPicks._everyday_pick`): the common
    words and :data:`EVERYDAY_JARGON`, less the periods a cohort is counted by
    (:data:`PERIOD_WORDS`) and the technologies named as English words (go, rest: read as the
    technology when so written, :func:`tech_use`)."""
    kept = {t for w in PERIOD_WORDS | TECH_HOMONYMS for t in term_list(w)}
    found = {t for w in EVERYDAY_JARGON for t in term_list(w)}
    return (common_terms() | found) - kept


#: The tables above by the names they had as module constants (made on first use).
_COMMON_TERMS: frozenset[str]
_PLAIN_TERMS: frozenset[str]
_EVERYDAY_TERMS: frozenset[str]


#: A request that opens with one word and a colon names its subject as a label ("jest:
#: SyntaxError ...", "next: revalidate ..."): a technology, not the everyday word.
_LABEL = re.compile(r"\s*[\w.]+\s*:(?!//)")


#: Round 105: a label of two words ("go fiber: c.BodyParser ...", "ruby sidekiq: ...").
_LABEL_PAIR = re.compile(r"\s*[\w.]+\s+[\w.]+\s*:(?!//)")


def _named_pair(tokens: list[str]) -> bool:
    """Round 105: whether the request's first two words are both technologies' names (a
    language or a homonym the roster reads as one: go fiber, rust axum): a label naming its
    stack, not an everyday phrase ("next week:", "go live:")."""
    return len(tokens) > 1 and all(t in TECH_HOMONYMS or t in LANGUAGES for t in tokens[:2])


def tech_use(request: str, tokens: list[str], position: int) -> bool:
    """Whether the homonym at ``tokens[position]`` is written as a technology.

    Capitalised (not as the first word), with ``.js``, or next to a word such as app,
    framework, API or server (тести, застосунок), or the label the request opens with
    ("jest: ...", "next: revalidate ...", round 67); round 101: as written in context
    (:func:`_said_as_tech`).
    """
    word = tokens[position]
    if position == 0 and _LABEL.match(request):
        return True
    if position < 2 and _LABEL_PAIR.match(request) and _named_pair(tokens):
        return True
    near = tokens[max(0, position - 2) : position] + tokens[position + 1 : position + 3]
    if not TECH_CONTEXT.isdisjoint(near):  # in C: no generator
        return True
    if _said_as_tech(tokens, position):
        return True
    for found in re.finditer(rf"(?<![\w.]){re.escape(word)}(?!\w)", request, re.I):
        after = request[found.end() : found.end() + 3].lower()
        if after in (".js", ".rs") or (found.start() > 0 and request[found.start()].isupper()):
            return True
    return False


def _said_as_tech(tokens: list[str], position: int) -> bool:
    """Round 101: whether the homonym at ``tokens[position]`` is written as a technology by
    the words around it, unless the word before names a control it labels (the next
    button, кнопка next): joined to a language the request writes ("from python to go", "з
    python на go"); the Latin word among Ukrainian ones in a request that names software
    ("сайт на next", "каркас на go з воркерами": nobody writes the everyday English word
    there; "swift платіж" names no software); or what a site or shop is built on ("our
    site on next loads slowly", "the store runs on rails"), not a time or step ("on next
    week"); round 105: what software is said to run on ("the search ... runs on elastic")."""
    before = tokens[position - 1] if position else ""
    if before in CONTROL_WORDS:
        return False
    after = tokens[position + 1] if position + 1 < len(tokens) else ""
    if _joined_language(tokens, position):
        return True
    if (before or after) and all(is_cyrillic(w) for w in (before, after) if w):
        return offtopic.names_software(tokens, only=True)  # not "swift платіж"
    if before not in BUILT_ON or after in PLAIN_AFTER:
        return False
    if position > 1 and tokens[position - 2] in RUNS_ON:  # round 105: "it runs on elastic"
        return offtopic.names_software(tokens)
    return not SITE_WORDS.isdisjoint(tokens[max(0, position - 4) : position - 1])


def _joined_language(tokens: list[str], position: int) -> bool:
    """Whether a language the request writes stands two words before or after
    ``tokens[position]``, a joining word between (python to go, rust or go, з python на go)."""
    for step in (-1, 1):
        other = position + 2 * step
        if 0 <= other < len(tokens) and tokens[position + step] in LANGUAGE_JOINS:
            if tokens[other] in LANGUAGES and tokens[other] not in TECH_HOMONYMS:
                return True
    return False


#: An environment variable that holds a credential (OPENAI_API_KEY, STRIPE_SECRET_KEY,
#: AWS_ACCESS_KEY_ID, GITHUB_TOKEN): upper case, as such variables are written (a database
#: constraint such as users_email_key is not one).
_CREDENTIAL = (
    r"\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*?)_(?:API_KEY|ACCESS_KEY_ID|SECRET_ACCESS_KEY|"
    r"SECRET_KEY|PRIVATE_KEY|API_TOKEN|ACCESS_TOKEN|KEY|TOKEN|SECRET|PASSWORD)\b"
)


@functools.cache
def _credential() -> re.Pattern[str]:
    """:data:`_CREDENTIAL` compiled (on the first request with an underscore: import time)."""
    return re.compile(_CREDENTIAL)


def credential_owners(request: str) -> frozenset[str]:
    """The words naming whose credential an environment variable holds (openai in
    OPENAI_API_KEY): a request that moves, hides or leaks such a key is about secrets, not
    about that product, so its name counts as a homonym used plainly does."""
    if "_" not in request:  # most requests: no such variable
        return frozenset()
    parts = (part.lower() for name in _credential().findall(request) for part in name.split("_"))
    return frozenset(parts) - _CREDENTIAL_WORDS


#: Words of a credential variable's name that name no owner (API_KEY, APP_SECRET).
_CREDENTIAL_WORDS = frozenset("api app access secret private public client default".split())


@carried.table
def _senses() -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    return {
        term_list(word)[0]: (
            # a cue with no routing term (a status code such as 503) is matched as written
            frozenset(t for c in cues.split() for t in term_list(c) or (c,)),
            tuple(m.split()),
        )
        for word, (cues, m) in SENSES.items()
    }


_UNSEEN = (frozenset[str](), ())


#: Per surface word, its SENSES entry (None: the word has one sense); filled on demand.
_SENSE_OF: dict[str, tuple[frozenset[str], tuple[str, ...]] | None] = {}


def sense(tokens: list[str], position: int) -> tuple[str, ...]:
    """The words the word at ``tokens[position]`` reads as when nearby words select its
    second sense (access token: authentication), else nothing."""
    word = tokens[position]
    entry = _SENSE_OF.get(word, _UNSEEN)
    if entry is _UNSEEN:
        found = term_list(word)
        entry = _senses().get(found[0]) if len(found) == 1 else None
        if len(_SENSE_OF) < MAX_PLANS:
            _SENSE_OF[word] = entry
    if entry is None or entry is _UNSEEN:
        return ()
    cues, meaning = entry
    start = max(0, position - SENSE_SPAN)
    for at in [*range(start, position), *range(position + 1, position + 1 + SENSE_SPAN)]:
        if at >= len(tokens):
            break
        word = tokens[at]
        found = term_list(word)
        if (word in cues or not cues.isdisjoint(found)) and _cue_counts(tokens, at, found):
            return meaning
    return ()


#: Round 51: a device is a cue only as a place ("on the phone", "на мобілці", "on a
#: tablet"): "a phone column", "a column for phone numbers" hold data, not a layout.
_DEVICES = frozenset(
    t for w in "phone phones mobile tablet desktop iphone".split() for t in term_list(w)
)
_PLACES = frozenset("on in at на в у під".split())  # noqa: RUF001 - Ukrainian words


def _cue_counts(tokens: list[str], at: int, found: Sequence[str]) -> bool:
    """Whether the cue at ``tokens[at]`` (its terms ``found``) selects a second sense: any
    cue does but a device, which must follow a place word one or two words before it."""
    if not found or not _DEVICES.issuperset(found):
        return True
    return not _PLACES.isdisjoint(tokens[max(0, at - 2) : at])


_MOMENT_WORDS = MOMENT_EVENTS | MOMENT_GLUE | MOMENT_MARKERS


#: How :meth:`Router._words` reads a surface word: left out (a stopword or one letter),
#: plain (weighs fully whatever its neighbours: most words), or to be checked in context (a
#: shipping event, a technology homonym, a word with a second sense).
_SKIP, _PLAIN, _CHECK = 0, 1, 2


def _word_kind(word: str) -> int:
    """Whether ``word`` is left out, plain or checked in context (:data:`_SKIP`,
    :data:`_PLAIN`, :data:`_CHECK`); kept per word by ``reading._WORD_READS``."""
    if word in STOPWORDS or len(word) < 2:
        kind = _SKIP
    elif word in MOMENT_EVENTS or word in TECH_HOMONYMS or word in LEFT_PARTS:
        kind = _CHECK
    else:
        found = term_list(word)
        kind = _CHECK if len(found) == 1 and found[0] in _senses() else _PLAIN
    return kind


def _said_more(tokens: list[str]) -> bool:
    """Whether a request says enough besides a moment to route on (MOMENT_REST words)."""
    return sum(w not in STOPWORDS and w not in _MOMENT_WORDS for w in tokens) >= MOMENT_REST


def moment(tokens: list[str], position: int) -> bool:
    """Whether the shipping event at ``tokens[position]`` names a moment ("after the last
    release"): a marker such as after or після before it, with at most two glue words."""
    for back in range(position - 1, max(-1, position - 4), -1):
        if tokens[back] in MOMENT_MARKERS:
            return True
        if tokens[back] not in MOMENT_GLUE:
            return False
    return False


def _cues_by(cues: tuple[tuple[str, ...], ...], at: int) -> dict[str, tuple[tuple[str, ...], ...]]:
    """``cues`` by their word at ``at`` (0: the first, -1: the last), in table order."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues:
        found.setdefault(cue[at], []).append(cue)
    return {word: tuple(listed) for word, listed in found.items()}


#: LEFT_AFTER by a cue's first word, LEFT_BEFORE by its last: a position's cues are looked
#: up by the word there, not all tried.
_AFTER_BY_FIRST = _cues_by(LEFT_AFTER, 0)
_BEFORE_BY_LAST = _cues_by(LEFT_BEFORE, -1)


def left_alone(tokens: list[str], position: int) -> bool:
    """Whether the part of a feature at ``tokens[position]`` is said to be done, to come later
    or not to be touched ("the UI can come next sprint", "промпт не чіпай")."""
    after = position + 1
    while after < len(tokens) and after - position <= LEFT_SPAN and _glue(tokens, position, after):
        after += 1
    if after < len(tokens):
        for cue in _AFTER_BY_FIRST.get(tokens[after], ()):
            if tuple(tokens[after : after + len(cue)]) == cue:
                return True
    if not position:
        return False
    return any(
        tuple(tokens[max(0, position - len(cue)) : position]) == cue
        for cue in _BEFORE_BY_LAST.get(tokens[position - 1], ())
    )


def _glue(tokens: list[str], position: int, at: int) -> bool:
    """Whether ``tokens[at]`` may stand between the part at ``position`` and its cue: a glue
    word, another part ("на бекі"), or, after a Ukrainian part, a Latin name ("таблиця
    order_events вже є", "ендпоінт /ask вже є")."""
    word = tokens[at]
    if word in LEFT_GLUE or word in LEFT_PARTS:
        return True
    return word.isascii() and not tokens[position].isascii()


@carried.table
def _layers() -> tuple[frozenset[str], ...]:
    return tuple(frozenset(t for w in layer.split() for t in term_list(w)) for layer in LAYERS)


def spans_layers(sequence: Sequence[str]) -> bool:
    """Whether a request's terms name every layer a feature is built in (a table, an
    endpoint and a page: :data:`coordinator.routing.vocab.LAYERS`)."""
    for layer in _layers():  # most requests miss the first layer
        if layer.isdisjoint(sequence):
            return False
    return True


_MADE: dict[str, Callable[[], frozenset[str]]] = {
    "_COMMON_TERMS": common_terms,
    "_PLAIN_TERMS": plain_terms,
    "_EVERYDAY_TERMS": everyday_terms,
}


def __getattr__(name: str) -> object:
    """The tables made on first use, by the names they had as module constants (PEP 562)."""
    return carried.old_name(globals(), _MADE, name)
