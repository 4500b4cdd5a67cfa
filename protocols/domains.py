"""Canonical specialist domains and the normaliser that maps free text onto them.

The seed names six domains (Backend | Frontend | Database | Tests | Docs | DevOps); the
coordinator adds a seventh, ML (its bundled ``llm-ml-engineer``; ``AI``, ``LLM``). Models
decorate them (``Database (D1)``, ``**Database**``, ``database engineer``) or use synonyms
(``QA``, ``Documentation``, ``База даних``); :func:`canonical_domain` folds all of those onto
the canonical lower-case names and keeps anything else, cleaned and lower-cased.
"""

from __future__ import annotations

import re
from typing import Final

from protocols.hedges import HEDGE

BACKEND: Final = "backend"
FRONTEND: Final = "frontend"
DATABASE: Final = "database"
TESTS: Final = "tests"
DOCS: Final = "docs"
DEVOPS: Final = "devops"
ML: Final = "ml"

#: The seed's six domains, in the order it lists them.
SEED_DOMAINS: Final[tuple[str, ...]] = (BACKEND, FRONTEND, DATABASE, TESTS, DOCS, DEVOPS)
#: Every canonical domain: the seed's six and ML, the one extension (kept here, in one place).
CANONICAL_DOMAINS: Final[tuple[str, ...]] = (*SEED_DOMAINS, ML)

#: How each canonical domain is written in a rendered report.
DISPLAY_NAMES: Final[dict[str, str]] = {
    BACKEND: "Backend",
    FRONTEND: "Frontend",
    DATABASE: "Database",
    TESTS: "Tests",
    DOCS: "Docs",
    DEVOPS: "DevOps",
    ML: "ML",
}

# One- or two-word phrases (lower case, words joined by one space) naming a domain.
_SYNONYMS: Final[dict[str, str]] = {
    **dict.fromkeys(
        (
            "backend",
            "back end",
            "server",
            "server side",
            "api",
            "apis",
            "python",
            "fastapi",
            "бекенд",
            "сервер",
            "серверна частина",
        ),
        BACKEND,
    ),
    **dict.fromkeys(
        (
            "frontend",
            "front end",
            "ui",
            "ux",
            "ui ux",
            "client",
            "client side",
            "web ui",
            "react",
            "vue",
            "angular",
            "svelte",
            "фронтенд",
            "інтерфейс",
            "клієнтська частина",
        ),
        FRONTEND,
    ),
    **dict.fromkeys(
        (
            "database",
            "databases",
            "data base",
            "db",
            "dba",
            "sql",
            "postgres",
            "postgresql",
            "mysql",
            "sqlite",
            "schema",
            "migrations",
            "база даних",
            "бази даних",
            "бд",
            "субд",
            "схема",
            "міграції",
        ),
        DATABASE,
    ),
    **dict.fromkeys(
        (
            "tests",
            "test",
            "testing",
            "qa",
            "quality assurance",
            "quality",
            "pytest",
            "e2e",
            "тести",
            "тест",
            "тестування",
            "тестувальник",
        ),
        TESTS,
    ),
    **dict.fromkeys(
        (
            "docs",
            "doc",
            "documentation",
            "documents",
            "technical writing",
            "writer",
            "readme",
            "документація",
            "документи",
            "доки",
            "документування",
        ),
        DOCS,
    ),
    **dict.fromkeys(
        (
            "devops",
            "dev ops",
            "ops",
            "infra",
            "infrastructure",
            "deployment",
            "deploy",
            "ci",
            "ci cd",
            "cicd",
            "docker",
            "kubernetes",
            "k8s",
            "sre",
            "platform",
            "девопс",
            "інфраструктура",
            "деплой",
            "деплоймент",
            "докер",
            "розгортання",
        ),
        DEVOPS,
    ),
    **dict.fromkeys(
        (
            "ml",
            "machine learning",
            "ai",
            "ai ml",
            "llm",
            "llms",
            "llm ml",
            "mlops",
            "ml ops",
            "nlp",
            "data science",
            "машинне навчання",
            "ші",
            "штучний інтелект",
        ),
        ML,
    ),
}

# Role words that decorate a domain without changing it ("database engineer").
_ROLE_WORDS: Final = frozenset(
    {
        "engineer",
        "engineering",
        "expert",
        "specialist",
        "developer",
        "dev",
        "team",
        "domain",
        "agent",
        "side",
        "work",
        "task",
        "tasks",
        "area",
        "layer",
        "інженер",
        "експерт",
        "спеціаліст",
        "розробник",
        "домен",
        "команда",
    }
)

#: The brackets :func:`drop_brackets` takes out of a domain: opener to closer.
_BRACKETS: Final = {"(": ")", "[": "]", "{": "}"}
_DECORATION = re.compile(r"[*_`\"'\u201c\u201d\u00ab\u00bb\u2018\u2019]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def drop_brackets(text: str, pairs: dict[str, str]) -> str:
    """``text`` with each bracketed span (an opener of ``pairs``, up to its first closer
    after it) replaced by a space, left to right; an opener with no closer after it stays.

    What ``re.sub(r"\\([^)]*\\)|\\[[^\\]]*\\]", " ", text)`` returns, in linear time: that
    pattern searches a closer from every opener of a run that has none (``(`` x 100 KB: 20 s).
    """
    if not any(opener in text for opener in pairs):
        return text
    last = {opener: text.rfind(closer) for opener, closer in pairs.items()}
    ahead = {opener: text.find(opener) for opener in pairs}  # the next opener of each kind
    parts: list[str] = []
    done = 0
    while True:
        for opener, at in ahead.items():
            if -1 < at < done:
                ahead[opener] = text.find(opener, done)
        # an opener at or after its kind's last closer is never closed, nor any after it
        live = [at for opener, at in ahead.items() if -1 < at < last[opener]]
        if not live:
            break
        start = min(live)
        parts += [text[done:start], " "]
        done = text.find(pairs[text[start]], start + 1) + 1
    parts.append(text[done:])
    return "".join(parts)


def _words(text: str) -> list[str]:
    cleaned = _DECORATION.sub(" ", drop_brackets(text, _BRACKETS)).lower()
    return _WORD.findall(cleaned)


#: Ukrainian case endings a noun or adjective of a domain's name may take.
_UK_ENDINGS: Final = tuple(
    "ами ями ого ому ої ій их ий ою ею єю ів їв ах ях ам ям ом ем".split()  # noqa: RUF001
    + "а я у ю і ї и о е є й".split()  # noqa: RUF001 - Ukrainian letters
)
_MIN_STEM: Final = 3


def _uk_stems(word: str) -> tuple[str, ...]:
    """``word`` without each Ukrainian case ending it may end with (a stem of three letters
    or more remaining): ``деплою`` -> ``депл``, ``депло``."""
    return tuple(
        word[: -len(ending)]
        for ending in _UK_ENDINGS
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM
    )


def _stemmings(phrase: str) -> set[str]:
    """Every way ``phrase`` reads with its words' endings dropped (each word as written, or
    one of its stems)."""
    found = {""}
    for word in phrase.split():
        found = {f"{head} {stem}".strip() for head in found for stem in (word, *_uk_stems(word))}
    return found


def _stem_table() -> dict[str, str]:
    """The Cyrillic synonyms by every stemming of them; one two domains share is dropped."""
    table: dict[str, str] = {}
    shared: set[str] = set()
    for phrase, domain in _SYNONYMS.items():
        if phrase.isascii():
            continue
        for stemmed in _stemmings(phrase):
            if table.setdefault(stemmed, domain) != domain:
                shared.add(stemmed)
    return {stemmed: domain for stemmed, domain in table.items() if stemmed not in shared}


#: How an inflected domain is read: ``Базі даних``, ``Фронтенду``, ``Документації`` and
#: ``Тестів`` name the domain their nominative names. Short synonyms (``бд``, ``ші``) are
#: only read whole.
_UK_STEMS: Final = _stem_table()


def _named(phrase: str) -> str | None:
    """The domain ``phrase`` names as written, or inflected (Cyrillic words only)."""
    found = _SYNONYMS.get(phrase)
    if found is None and not phrase.isascii():
        found = next((_UK_STEMS[s] for s in _stemmings(phrase) if s in _UK_STEMS), None)
    return found


def _lookup(words: list[str]) -> str | None:
    """The first domain named by a two-word phrase, a joined pair or a single word."""
    for i, word in enumerate(words):
        if i + 1 < len(words):
            pair = words[i + 1]
            for phrase in (f"{word} {pair}", f"{word}{pair}"):
                found = _named(phrase)
                if found is not None:
                    return found
        found = _named(word)
        if found is not None:
            return found
    return None


def canonical_domain(text: str) -> str:
    """Map a free-text domain onto its canonical lower-case name.

    ``"Database (D1)"`` → ``"database"``, ``"database engineer"`` → ``"database"``,
    ``"DevOps Expert (O1)"`` → ``"devops"``, ``"QA"`` → ``"tests"``, ``"База даних"`` →
    ``"database"``. A domain outside the six known ones is kept: lower-cased, with markup,
    parenthesised codes and role words removed (``"Security Engineer"`` → ``"security"``).
    Returns ``""`` for text with no words at all.
    """
    words = _words(text.replace("\u2019", "'"))
    found = _lookup(words)
    if found is not None:
        return found
    kept = [w for w in words if w not in _ROLE_WORDS] or words
    cleaned = _DECORATION.sub("", drop_brackets(text, _BRACKETS)).lower()
    # Keep the writer's own punctuation (``ml-ops``, ``i18n``) when no role words were dropped.
    if len(kept) == len(words):
        return " ".join(cleaned.split()).strip(" .,:;!-\u2014\u2013")
    return " ".join(kept)


_UK_OR_AND: Final = "або|чи|та|і|й"  # noqa: RUF001 - Ukrainian "or", "and"
_ALTERNATIVE: Final = re.compile(
    rf"(?<!\s)\s*(?:[|/,;&+\n]|\s(?:or|and|either|{_UK_OR_AND})\s)\s*", re.IGNORECASE
)
#: A doubted domain (:data:`protocols.hedges.HEDGE`: *maybe*, *I think*, *здається*), or
#: one not known or not chosen: ``?``, *TBD*, *unknown*, *any*, *either*, *невідомо*.
_HEDGE: Final = re.compile(
    rf"\?|\b(?:{HEDGE}|unclear|unknown|tbd|to be determined|guess|any|either|"
    r"(?:швидше|скоріше|скоріш) за все|невідомо|незрозуміло|неясно|не знаю)\b",
    re.IGNORECASE,
)


def ambiguity(text: str) -> str | None:
    """Why ``text`` does not name one domain (hedged, or several alternatives), else None.

    ``"Backend or Database"``, ``"database/devops"`` and ``"maybe database?"`` are ambiguous;
    ``"Infrastructure / CI"`` (both DevOps) and ``"Database (D1)"`` are not.
    """
    cleaned = _DECORATION.sub(" ", drop_brackets(text, _BRACKETS))
    if _HEDGE.search(cleaned):
        return "hedged"
    named = {_lookup(_words(part)) for part in _ALTERNATIVE.split(cleaned) if part.strip()}
    named.discard(None)
    return "names several domains" if len(named) > 1 else None


def display_domain(domain: str) -> str:
    """How ``domain`` (canonical) is written in a rendered report."""
    return DISPLAY_NAMES.get(domain, domain)
