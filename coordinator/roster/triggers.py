# ruff: noqa: RUF001, RUF002 - Ukrainian text is intended
"""Read what an agent's description says about routing: triggers, exclusions, aliases.

Explicit triggers come from labelled blocks in English or Ukrainian::

    TRIGGERS:                          ТРИГЕРИ:
    - Keywords: "FastAPI", "backend"   - Ключові слова: "FastAPI", "backend"
    - Requests: "Create an endpoint"   - Запити: "Створи endpoint"
    - Automatically: after a change    - Автоматично: після змін ...

plus ``Triggers on: 'a', 'b'`` and ``Use PROACTIVELY for/when ...`` sentences, quoted phrases
and an optional frontmatter ``triggers:`` list. Exclusions come from a ``NOT for:`` /
``НЕ для:`` / ``Не використовувати для:`` block of ``topic → target`` lines. The target is
kept as written (a display name such as ``Database Engineer (D1)``); the registry resolves
it to an agent name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coordinator.roster.names import slug

_TRIGGER_HEADER = re.compile(r"^\s*(?:triggers?|тригери|тригер)\s*:\s*(.*)$", re.I)
_EXCLUDE_HEADER = re.compile(
    r"^\s*(?:not\s+for|не\s+для|do\s+not\s+use\s+for|don[ʼ'’]?t\s+use\s+for|"
    r"(?:коли\s+)?не\s+(?:використову|застосову)(?:вати|й|йте)(?:\s+для)?)\s*:?\s*(.*)$",
    re.I,
)
_LABEL = re.compile(
    r"^\s*[-*•]?\s*(?:keywords?|ключові\s+слова|requests?|запити|automatically|автоматично|"
    r"phrases?|фрази)\s*:\s*(.*)$",
    re.I,
)
_TRIGGERS_ON = re.compile(r"triggers?\s+on\s*:\s*(.+?)(?:\.\s|\.$|$)", re.I | re.M)
_PROACTIVELY = re.compile(
    r"use\s+(?:this\s+agent\s+)?proactively\s+(?:for|when|to|on|after)\s+(.+?)(?:\.\s|\.$|$)",
    re.I | re.M,
)
_QUOTED = re.compile(r"\"([^\"\n]{2,80})\"|“([^”\n]{2,80})”|«([^»\n]{2,80})»|'([^'\n]{2,60})'")
_ARROW = re.compile(r"\s*(?:→|->|=>|⇒|⟶)\s*")
_USE_TARGET = re.compile(r"^(.*?)\s*\((?:use|see|використовуй)\s+([^)]+)\)\s*$", re.I)
_BULLET = re.compile(r"^\s*[-*•]\s+")
_SPLIT_LIST = re.compile(r"\s*(?:,|;|\bor\b|\band\b|\bабо\b|\bчи\b)\s*", re.I)
_H1_WITH_ID = re.compile(r"^#\s+(.+?)\s*\(([A-Za-zА-Яа-я]{1,3}[0-9]{1,2})\)", re.M)
_H1 = re.compile(r"^#\s+([^\n#]+?)\s*(?:[—–:|-]\s.*)?$", re.M)
#: At most this many words in a phrase picked up from quotes (longer quotes are prose).
MAX_PHRASE_WORDS = 8


@dataclass
class DescriptionParts:
    """A description taken apart for routing.

    ``text`` is the description without its NOT-for block (so topics that belong to other
    agents do not count for this one); ``exclusions`` holds ``(topic, target_label)`` pairs,
    ``target_label`` empty when the line names no target.
    """

    text: str
    triggers: list[str] = field(default_factory=list)
    exclusions: list[tuple[str, str]] = field(default_factory=list)


def parse_description(description: str, declared: list[str] | None = None) -> DescriptionParts:
    """Take ``description`` apart into routing text, triggers and exclusions."""
    kept: list[str] = []
    triggers: list[str] = []
    exclusions: list[tuple[str, str]] = []
    mode = "text"
    for line in description.splitlines():
        if not line.strip():
            mode = "text" if mode != "text" else mode
            kept.append(line)
            continue
        header = _EXCLUDE_HEADER.match(line)
        if header and (not header.group(1) or _ARROW.search(header.group(1))):
            mode = "exclude"
            if header.group(1):
                exclusions.extend(_exclusion(header.group(1)))
            continue
        if _TRIGGER_HEADER.match(line) and not _TRIGGERS_ON.search(line):
            mode = "triggers"
            rest = _TRIGGER_HEADER.match(line)
            if rest and rest.group(1):
                triggers.extend(_phrases(rest.group(1)))
            kept.append(line)
            continue
        if mode == "exclude" and (_BULLET.match(line) or _ARROW.search(line)):
            exclusions.extend(_exclusion(_BULLET.sub("", line)))
            continue
        if mode == "exclude":
            mode = "text"
        if mode == "triggers" or _LABEL.match(line):
            label = _LABEL.match(line)
            triggers.extend(_phrases(label.group(1) if label else _BULLET.sub("", line)))
        kept.append(line)
    text = "\n".join(kept)
    triggers.extend(_inline_triggers(text))
    triggers.extend(t.strip() for t in declared or [] if t and t.strip())
    return DescriptionParts(text=text, triggers=_dedupe(triggers), exclusions=exclusions)


def _inline_triggers(text: str) -> list[str]:
    found: list[str] = []
    for match in _TRIGGERS_ON.finditer(text):
        found.extend(_phrases(match.group(1)))
    for match in _PROACTIVELY.finditer(text):
        found.extend(_split_list(match.group(1)))
    found.extend(_quoted(text))
    return found


def _phrases(text: str) -> list[str]:
    """Quoted phrases in ``text``; when nothing is quoted, its comma-separated parts."""
    quoted = _quoted(text)
    return quoted if quoted else _split_list(text)


def _quoted(text: str) -> list[str]:
    out = []
    for match in _QUOTED.finditer(text):
        phrase = next(g for g in match.groups() if g is not None).strip()
        if phrase and len(phrase.split()) <= MAX_PHRASE_WORDS:
            out.append(phrase)
    return out


def _split_list(text: str) -> list[str]:
    text = re.sub(r"\([^)]*\)", " ", text)
    parts = (p.strip(" .:-–—\"'") for p in _SPLIT_LIST.split(text))
    return [p for p in parts if p and len(p.split()) <= MAX_PHRASE_WORDS]


def _exclusion(line: str) -> list[tuple[str, str]]:
    line = line.strip().rstrip(".;")
    parts = _ARROW.split(line, maxsplit=1)
    if len(parts) == 2:
        return [(parts[0].strip(), parts[1].strip())]
    use = _USE_TARGET.match(line)
    if use:
        return [(use.group(1).strip(), use.group(2).strip())]
    return [(line, "")] if line else []


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def aliases(name: str, body: str, declared: list[str] | None = None) -> list[str]:
    """Names other agents may use for this one: its display name and short ID.

    ``database-engineer`` gets ``Database Engineer``; a body heading ``# Database Engineer
    (D1) — ...`` adds ``D1``; a frontmatter ``aliases:`` list adds its entries.
    """
    found = [" ".join(part.capitalize() for part in name.split("-") if part)]
    heading = _H1_WITH_ID.search(body)
    if heading:
        found += [
            heading.group(1).strip(),
            heading.group(2),
            f"{heading.group(1).strip()} ({heading.group(2)})",
        ]
    else:
        plain = _H1.search(body)
        if plain and slug(plain.group(1)) == slug(name):
            found.append(plain.group(1).strip())
    found += [a for a in declared or [] if a and a.strip()]
    return [a for a in _dedupe(found) if a != name]


def target_keys(label: str) -> list[str]:
    """Slugs under which a redirect label may name an agent, most specific first.

    ``Database Engineer (D1)`` -> ``database-engineer-d1``, ``database-engineer``, ``d1``.
    """
    keys = [slug(label)]
    paren = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", label)
    if paren:
        keys += [slug(paren.group(1)), slug(paren.group(2))]
    first = re.split(r"\s+(?:or|або|/)\s+|,", label)[0]
    keys.append(slug(first))
    return [k for k in _dedupe(keys) if k]
