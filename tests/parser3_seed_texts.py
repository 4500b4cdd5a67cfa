"""Seeded texts in (and just outside) the seed's exact shape, for comparing the seed reader
(``protocols.seed``) with the one-pass reader and the general grammar.

Used by ``tests/test_parser3_seed.py`` (a CI-sized run) and ``bench/fuzz_seed.py`` (the long
run). Each piece is one the pattern or its checks must get right: labels the plain reader
reads differently, values that hold another label, "none" words, quotes, placeholders,
paths that need the general file reader, whitespace the pattern does not take.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

SUMMARIES = (
    "✅ Done",
    "✅ Task Management API (CRUD endpoints)",
    "Task list finished",
    "✅ Status — done",
    "⛔ Started the profile endpoint, blocked on schema",
    "⚠️ Partial: needs a look",
    "✅",
    "Done with the endpoint",
    "Task list finished",
    "Status — Complete",
    "Summary - all done",
    "Files were moved",
    "Here is my report:",
    "**Bold summary**",
    "_Underlined_",
    '"Quoted summary"',
    "«Лапки»",
    "`code` first",
    "✅ [1-line task summary]",
    "✅ Key change 1",
    "3 endpoints added",
    "²nd attempt",
    "• bullet-like",
    "✅  two  spaces",
    "✅ trailing ",
    "Частково реалізовано ендпоінт",
    "What changed: a lot",
    "✅ Done — see below",
    "^caret",
)
LABELS = {
    "changes": ("Changes", "changes", "CHANGES", "Зміни", "Changes made", "Key changes", "Change"),
    "files": ("Files", "FILES", "Файли", "Files changed", "File", "files"),
    "status": ("Status", "STATUS", "Статус", "Final status", "status", "Стан"),
    "domain": ("Domain", "Домен", "Target domain", "DOMAIN"),
    "blocker": ("Blocker", "Блокер", "Reason", "Blockers"),
    "required": ("Required", "Потрібно", "Needs", "Required context", "REQUIRED"),
}
CHANGE_INLINE = (
    "",
    "",
    "none",
    "None.",
    "—",
    "-",
    "N/A",
    "Added x",
    "[x] done",
    "**",
    "`x`",
    "Nothing",
    "none yet",
    "(none)",
    "a, Status: b",
)
CHANGE_ITEMS = (
    "Added CRUD routes for tasks with pagination",
    "Changed the schema",
    "Moved persistence into TaskService",
    "Modified: app.py",
    "Status line updated",
    "Status: Blocked",
    "Files were moved",
    "Files: a.py",
    "To do later",
    "What changed — a lot",
    "none",
    "(none)",
    "N/A.",
    "Nothing",
    "`code` thing",
    "```",
    "~~~",
    "``",
    "Key change 1",
    "[x] checked item",
    "_x_ y",
    "x  y",
    "x ",
    "* star",
    "+ plus",
    "— dash",
    "\u2013",
    "**",
    "Що зроблено: x",
    "Додано схему ReportResponse",
    "Fixed: the thing",
    "Drafted GET /users/me route",
    "a, Domain: b",
    "Needs — a faster disk",
)
FILE_INLINE = (
    "",
    "none",
    "a.py",
    "-",
    "—",
    "NONE",
    "Nothing",
    "немає",
    "None",
    "N/A",
    "n/a",
    "a.py",
    "a.py, b/c.py",
    "backend/app/api/routes/tasks.py, backend/app/schemas/task.py",
    "app.py:12",
    "`a.py`",
    "./x",
    "..",
    ".none",
    "a.py,b.py",
    "a.py; b.py",
    "__init__.py",
    "x_",
    "@scope/p",
    "Dockerfile",
    "status.py",
    "files/x.py",
    "a.py (new)",
    "path/to/file1.py",
    "no files",
    "a.py, a.py",
    "a.py.",
    "dir/",
    "a.py — the app",
)
FILE_ITEMS = (
    "`a.py`",
    "a.py",
    "`none`",
    "`.none`",
    "status.py",
    "`files/x.py`",
    "Files: x",
    "**Created:**",
    "Created:",
    "`a.py:10-20`",
    "`a b.py`",
    "a.py — desc",
    "`backend/app/models/comment.py`",
    "a.py, b.py",
    "`a.py`, `b.py`",
    "``",
    "`_x_`",
    "Required.txt",
)
STATUSES = (
    "Complete",
    "Complete",
    "Blocked",
    "Blocked",
    "Needs Review",
    "Done",
    "Готово",
    "Complete | Blocked | Needs Review",
    "Blocked, Domain: database",
    "Blocked **Domain:** tests",
    "Unknown",
    "✅ Complete",
    "**Complete**",
    "complete.",
    "Blocked — waiting on the DBA",
    "Done-ish",
)
DOMAINS = (
    "Database",
    "DevOps",
    "Frontend",
    "Backend, Frontend",
    "Backend or Database",
    "n/a",
    "none",
    "Database (D1)",
    "Security",
    "**Database**",
    "Backend | Frontend",
    "maybe database?",
    "—",
    '"Database"',
    "x · Required: y",
    "База даних",
    "ML",
    "database engineer",
    "()",
)
TEXTS = (
    "b",
    "schema",
    '"Current User model schema"',
    "none",
    "n/a",
    "—",
    "«x»",
    "“x”",
    "'x'",
    "`x`",
    "a, b",
    "x; Domain: y",
    "[placeholder]",
    '""',
    "``",
    '" x "',
    "The User model fields are unknown, cannot define UserResponse",
    "Невідомо, які поля звіту показує дашборд",
    "key change 2",
    "x, Required: y",
    "'''",
)
ORDER = ("changes", "files", "status", "domain", "blocker", "required")


def _label(rng: random.Random, field: str, good: bool) -> str:
    names = LABELS[field]
    name = names[0] if good or rng.random() < 0.7 else rng.choice(names)
    return ("- " if rng.random() < 0.08 else "") + f"**{name}:**"


def _section(rng: random.Random, field: str, good: bool) -> list[str]:
    """One labelled field with its value (and bullets under Changes and Files); only pieces
    the pattern reads when ``good``."""
    good = good or rng.random() < 0.6
    if field in ("changes", "files"):
        inlines = CHANGE_INLINE if field == "changes" else FILE_INLINE
        inline = rng.choice(inlines[: 3 if good else None])
        pool = CHANGE_ITEMS if field == "changes" else FILE_ITEMS
        count = 0 if inline and rng.random() < 0.7 else rng.randint(0, 4)
        items = [rng.choice(pool[: 3 if good else None]) for _ in range(count)]
        head = f"{_label(rng, field, good)} {inline}".rstrip()
        return [head, *(f"- {item}" for item in items)]
    pool = {"status": STATUSES, "domain": DOMAINS}.get(field, TEXTS)
    value = rng.choice(pool[: 3 if good else None])
    return [f"{_label(rng, field, good)} {value}".rstrip()]


def _fields(rng: random.Random, good: bool) -> list[str]:
    """Which fields, in which order: mostly the seed's, a Blocked report's all six."""
    fields = [f for f in ORDER if f == "status" or rng.random() < 0.75]
    if good:
        # Blocker with Required is refused on a Complete report: not every time, then
        return [f for f in fields if f != "blocker" or rng.random() < 0.5]
    if rng.random() < 0.15:
        rng.shuffle(fields)
    if rng.random() < 0.1:
        fields.append(rng.choice(ORDER))  # a repeated label
    return fields


def _spoil(rng: random.Random, text: str) -> str:
    """Now and then a change the pattern does not take (whitespace, a fence, prose after)."""
    roll = rng.random() * 2
    if roll < 0.03:
        return text.replace("\n", "\r\n")
    if roll < 0.06:
        return text.replace("\n", " \n", 1)
    if roll < 0.08:
        return text.replace("- ", "  - ", 1)
    if roll < 0.10:
        return text + "Some prose after.\n"
    if roll < 0.12:
        return text.replace("** ", "**\t", 1)
    if roll < 0.14:
        return "\n" + text
    if roll < 0.16:
        return "```\n" + text + "```\n"
    return text


def seed_shaped(count: int, seed: int) -> Iterator[str]:
    """``count`` texts in the seed's shape, most of them readable, some just outside it."""
    rng = random.Random(seed)
    for _ in range(count):
        good = rng.random() < 0.5  # the other half: some pieces from anywhere
        lines: list[str] = []
        if rng.random() < 0.85:
            lines += [rng.choice(SUMMARIES[: 4 if good or rng.random() < 0.5 else None])]
            lines += [""] * rng.choice((1, 1, 1, 0, 2))
        for field in _fields(rng, good):
            lines += _section(rng, field, good)
            if rng.random() < 0.4:
                lines.append("")
        text = "\n".join(lines) + rng.choice(("\n", "\n", "", "\n\n"))
        yield text if good else _spoil(rng, text)
