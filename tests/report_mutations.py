"""Seeded, derandomized mutations of real reports, for fuzzing the report parser.

Used by ``tests/test_protocols_fuzz.py`` (a CI-sized run) and ``bench/fuzz_parser.py`` (the
long run). The same seed always yields the same texts.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (
    ROOT.parent / "shared" / "reports" / "dev-cases.yaml",
    ROOT / "tests" / "data" / "reports-hard.yaml",
)

#: Lines that change how a text is read: fences, quotes, labels, groups, JSON, odd bytes.
TOKENS = (
    "```",
    "```python",
    "```markdown",
    "~~~",
    '"""',
    "'''",
    "> ",
    ">>> > ",
    "<consultant_answer>",
    "</consultant_answer>",
    "**Status:** Blocked",
    "**Status:** Complete | Blocked | Needs Review",
    "Status: Done",
    "**Domain:** Backend | Frontend",
    "**Domain:** maybe database?",
    "**Domain:** ML",
    "**Required:**",
    "**Blocker:** - a\n  - b",
    "Files:",
    "**Files:**",
    "- Created:",
    "Змінено:",
    "- `a.py:12-40` — x, y, z",
    "| File | Change |",
    "|---|---|",
    "    - nested",
    "### Status",
    "## Summary",
    "✅ ",
    "⛔",
    "{",
    "}",
    '{"status": "blocked", "domain": ["a", "b"]}',
    '{"report": {"status": "complete", "files": [1, null, {"x": 2}]}}',
    "Actually, let me fix that:",
    "The database engineer replied:",
    "For example:",
    "\x00",
    "\ud800",
    "\u200d\ufe0f",
    "\u2028",
    "\t\t",
    "[1-line task summary]",
    "---",
)
ALPHABET = "*_`#>-:|()[]{}\"'\\/.,;\u2014\u2013 \t\n\r\x00\ud800\u2705\u26d4aZ9яЄ"


def seed_texts() -> list[str]:
    """The reports mutations start from (dev cases where present, the hard set, examples)."""
    texts: list[str] = []
    for source in SOURCES:
        if source.is_file():
            texts += [str(c["text"]) for c in yaml.safe_load(source.read_text(encoding="utf-8"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/report-*.md"))]
    return texts


def _lines(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    choice = rng.randrange(5)
    if choice == 0:
        del lines[i]
    elif choice == 1:
        lines.insert(i, lines[j])
    elif choice == 2:
        lines[i], lines[j] = lines[j], lines[i]
    elif choice == 3:
        lines.insert(i, rng.choice(TOKENS))
    else:
        lines[i] = rng.choice(("> ", "  ", "- ", "**", "`", "# ")) + lines[i]
    return "\n".join(lines)


def _chars(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    choice = rng.randrange(4)
    if choice == 0:
        return text[:at] + "".join(rng.choices(ALPHABET, k=rng.randint(1, 6))) + text[at:]
    if choice == 1:
        return text[:at] + text[at + rng.randint(1, 40) :]
    if choice == 2:
        return text[:at]
    return text[:at] + rng.choice(ALPHABET[:16]) * rng.choice((50, 500, 3000)) + text[at:]


def _whole(rng: random.Random, text: str) -> str:
    choice = rng.randrange(5)
    if choice == 0:
        return text.replace("\n", rng.choice(("\r", "\r\n", "\n\n")))
    if choice == 1:
        return "\n".join("> " + line for line in text.split("\n"))
    if choice == 2:
        return f"```{rng.choice(('', 'python', 'diff', 'md'))}\n{text}\n```"
    if choice == 3:
        return text.upper() if rng.random() < 0.5 else text.lower()
    return text + "\n" + text[: rng.randrange(len(text) + 1)]


_MUTATORS: tuple[Callable[[random.Random, str], str], ...] = (_lines, _lines, _chars, _whole)


def mutate(rng: random.Random, text: str) -> str:
    """One to three random edits of ``text``."""
    for _ in range(rng.randint(1, 3)):
        text = rng.choice(_MUTATORS)(rng, text or "\n")
    return text


def mutations(count: int, seed: int = 0) -> Iterator[tuple[int, str]]:
    """``count`` mutated reports (index, text); the same seed gives the same texts."""
    rng = random.Random(seed)
    seeds = seed_texts()
    for index in range(count):
        yield index, mutate(rng, rng.choice(seeds))
