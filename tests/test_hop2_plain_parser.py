"""The one-pass reader of plainly written reports (``protocols.plain``) makes exactly what the
general grammar makes: the same report (or the same refusal) on every dev, hard and
canonical case, on the fuzz corpus, and on seeded texts built from the seed's format with
the pieces that change how a line is read."""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
import yaml
from report_mutations import mutations

from protocols import ReportParseError, parse_report, render_report
from protocols.drafts import scan
from protocols.labels import split_lines
from protocols.parse import _choose, _values_of, parse_general
from protocols.plain import plain_values

HARD_CASES = Path(__file__).parent / "data" / "reports-hard.yaml"


def outcome(parse: Any, text: str) -> tuple[str, Any]:
    """What ``parse`` makes of ``text``: the report's fields and raw text, or the error."""
    try:
        report = parse(text)
    except ReportParseError as exc:
        return "error", str(exc)
    return "report", (report.model_dump(), report.raw)


def differences(texts: list[str]) -> tuple[list[str], int]:
    """Texts the two readers disagree on, and how many the one-pass reader read itself."""
    wrong, plain = [], 0
    for text in texts:
        values = plain_values(text)
        if values is None:
            continue
        plain += 1
        general = _values_of(_choose(scan(split_lines(text)), split_lines(text)))
        if values != general or outcome(parse_report, text) != outcome(parse_general, text):
            wrong.append(text)
    return wrong, plain


def case_texts(path: Path) -> list[str]:
    return [c["text"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))]


def canonical_texts(texts: list[str]) -> list[str]:
    """Each readable text rendered back in the canonical format."""
    out = []
    for text in texts:
        try:
            out.append(render_report(parse_general(text)))
        except ReportParseError:
            continue
    return out


def test_hard_and_canonical_cases_read_the_same() -> None:
    texts = case_texts(HARD_CASES)
    canonical = canonical_texts(texts)
    wrong, plain = differences(texts + canonical)
    assert wrong == []
    assert plain >= len(canonical) // 2  # the canonical renderings are the plain shape


def test_dev_cases_read_the_same(shared: Path) -> None:
    texts = case_texts(shared / "reports" / "dev-cases.yaml")
    wrong, plain = differences(texts + canonical_texts(texts))
    assert wrong == []
    assert plain > 0


def test_fuzz_corpus_reads_the_same() -> None:
    texts = [text for _, text in islice(mutations(2_000, 20261130), 2_000)]
    wrong, _ = differences(texts)
    assert wrong[:3] == []


LABELS = [
    "Changes",
    "Files",
    "Status",
    "Domain",
    "Blocker",
    "Required",
    "Summary",
    "Зміни",
    "Файли",
    "Статус",
    "Домен",
    "Потрібно",
    "Key changes",
    "Files changed",
    "Reason",
    "Needs",
    "Created",
    "Notes",
    "Status (final)",
]
VALUES = [
    "Complete",
    "Blocked",
    "Needs Review",
    "Complete | Blocked | Needs Review",
    "done",
    "Готово",
    "Database",
    "devops",
    "Backend, Frontend",
    "Database or DevOps",
    "none",
    "n/a",
    "—",
    "[1-line task summary]",
    '"Current User model schema"',
    "app.py, tests/test_app.py",
    "`app/main.py:10-20` — routes",
    "a.py; b.py",
    "Blocked, Domain: database, Required: x",
    "Blocked **Domain:** tests",
    "x · Required: y",
    "**bold** value",
    "✅ ok",
    "path/to/file1.py",
]
BULLETS = [
    "Added CRUD routes",
    "[x] checked item",
    "Status line updated",
    "Files were moved",
    "**Created:**",
    "Created:",
    "app/models.py",
    "app/api.py:12 — the route",
    "Key change 1",
    "none",
    "Status: Blocked",
    "Domain — database",
    "- nested",
    "--",
    "***",
    "`code`",
    "**bold** item",
    "files: a.py",
    "✅ emoji item",
    "1. numbered",
]
PROSE = [
    "✅ Task Management API",
    "Done with the endpoint",
    "Task list finished",
    "Status — Complete",
    "Summary - all done",
    "Here is my report:",
    "The database engineer replied:",
    "Example:",
    "Status: Complete",
    "Summary — all done",
    "# Heading",
    "> quoted",
    "<consultant_answer>",
    '{"status": "complete"}',
    "```",
    "```python",
    "  indented prose",
    "\ttabbed",
    "1) numbered",
    "**Bold line**",
    "⚠️ Partial",
    "Report:",
]


def _line(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        label = rng.choice(LABELS)
        value = rng.choice(VALUES) if rng.random() < 0.8 else ""
        bullet = "- " if rng.random() < 0.15 else ""
        return f"{bullet}**{label}:** {value}".rstrip()
    if kind < 0.8:
        return "- " + rng.choice(BULLETS)
    if kind < 0.9:
        return ""
    return rng.choice(PROSE)


def _tidy(rng: random.Random) -> list[str]:
    """Distinct labels, bullets only under Changes and Files: mostly the plain shape."""
    lines: list[str] = []
    good = rng.random() < 0.5  # only pieces the one-pass reader takes
    bullets = BULLETS[:4] if good else BULLETS
    labels = LABELS[:7] if good else LABELS
    for label in rng.sample(labels, rng.randint(1, 6)):
        bullet = "- " if rng.random() < 0.15 else ""
        listed = label in ("Changes", "Files", "Зміни", "Файли", "Key changes", "Files changed")
        value = "" if listed and rng.random() < 0.6 else rng.choice(VALUES)
        lines.append(f"{bullet}**{label}:** {value}".rstrip())
        if listed:
            lines += ["- " + rng.choice(bullets) for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.4:
            lines.append("")
    return lines


def generated(count: int, seed: int) -> Iterator[str]:
    """Texts in (and just outside) the seed's shape: prose, then labelled lines."""
    rng = random.Random(seed)
    for _ in range(count):
        tidy = rng.random() < 0.6
        prose = PROSE[:3] if tidy and rng.random() < 0.7 else PROSE
        head = [rng.choice(prose) for _ in range(rng.randint(0, 2))]
        body = _tidy(rng) if tidy else [_line(rng) for _ in range(rng.randint(1, 9))]
        if rng.random() < 0.7 and not any("status" in line.lower() for line in body):
            body.append(f"**Status:** {rng.choice(VALUES[:3])}")
        if rng.random() < 0.3:
            body += [f"**Domain:** {rng.choice(VALUES)}", f"**Required:** {rng.choice(VALUES)}"]
        yield "\n".join([*head, "", *body]) + rng.choice(["", "\n", "\n\n"])


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_texts_read_the_same(seed: int) -> None:
    texts = list(generated(1_500, seed))
    wrong, plain = differences(texts)
    assert wrong[:3] == []
    assert plain > len(texts) // 20  # the comparison is not vacuous


def test_the_plain_shape_gives_up_on_what_it_does_not_read() -> None:
    base = "✅ Done\n\n**Changes:**\n- x\n\n**Files:** a.py\n\n**Status:** Complete\n"
    assert plain_values(base) is not None
    for changed in (
        base.replace("- x", "  - x"),  # indentation
        base.replace("\n", "\r\n"),  # CRLF
        base + "```\n",  # a fence
        base + "Later prose\n",  # prose after the report
        base + "**Status:** Blocked\n",  # a second status
        base.replace("✅ Done", "Here is the DBA's answer:"),  # an introduction
        base.replace("- x", "- Status: Blocked"),  # a bullet that may be a label
        base.replace("**Files:** a.py", "**Files:**\n- **Created:**\n- a.py"),  # a group
    ):
        assert plain_values(changed) is None, changed
