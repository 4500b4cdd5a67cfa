"""Mutated agent files for fuzzing the roster loader (seeded: the same seed, the same files).

Seeds are real agent files (the bundled specialists, ``../shared/corpus`` when present) and a
few hand-written ones using every frontmatter field. Each mutation applies one to three
operators: byte flips and inserts, line edits, YAML structures that have crashed parsers
(huge integers, deep nesting, recursive and expanding aliases, tags, unterminated quotes),
splices of two files, and truncation.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

FULL = b"""---
name: full-fields
description: |
  Plans backend work. TRIGGERS:
  - Keywords: "FastAPI", "endpoint"
  NOT for: database schema -> database-engineer
tools: [Read, Grep, Glob, Bash]
disallowedTools: Write
model: sonnet
permissionMode: plan
maxTurns: 12
skills:
  - api-conventions
mcpServers: [github, {local: {command: node, args: [server.js]}}]
hooks:
  PreToolUse:
    - matcher: "Bash"
      hooks: [{type: command, command: "./check.sh"}]
memory: project
background: false
effort: high
isolation: worktree
color: blue
initialPrompt: "Read the README first."
domain: backend
triggers: [api, rest]
aliases: Backend Planner
---
You plan.
"""

LENIENT = b"""---
name: lenient-one
description: Use this agent when... Examples: <example>Context: user: "hi" assistant: 'ok'
  commentary: the agent fits</example> Triggers on: 'alpha', 'beta'.
model: haiku
tools:
  - Read
  - Edit
---
Body.
"""

#: Values that once crashed YAML readers or could be mistaken for good ones.
HOSTILE_VALUES: tuple[bytes, ...] = (
    b"9" * 5000,
    b"-" + b"1" * 400,
    b"[" * 3000,
    b"{" * 3000,
    b"[" * 40 + b"]" * 40,
    b"&a [*a]",
    b"&a {k: *a}",
    b"*undefined",
    b"!!python/object:os.system ls",
    b"!!binary aGVsbG8=",
    b"!!set {a, b}",
    b"2024-01-01",
    b"2024-01-01T10:00:00Z",
    b'"unterminated',
    b"'unterminated",
    b'sonnet"',
    b"~",
    b"null",
    b"1e999",
    b".nan",
    b"0x1F",
    b"|\n  block\n  text",
    b">-\n  folded\n\n  text",
    b"\t tabbed",
    b"\xff\xfe",
    b"\xed\xa0\x80",  # a lone surrogate, as UTF-8 would spell it
    b"\x00",
    b"\x1b[31mred",
    b"\xe2\x80\xa8line separator",
    b"x" * 70_000,
    b"? [complex, key]\n: value",
    b"[a, [b, c], {d: e}]",
    b"- item\n- - nested",
)

LAUGHS = b"".join(
    b"l%d: &l%d [%s]\n" % (i, i, b",".join([b"*l%d" % (i - 1)] * 9) if i else b"lol")
    for i in range(10)
)
KEYS = (b"name", b"description", b"tools", b"disallowedTools", b"model", b"permissionMode")
KEYS += (b"maxTurns", b"color", b"hooks", b"skills", b"mcpServers", b"domain", b"triggers")


def seeds(shared: Path | None = None) -> list[bytes]:
    """The seed files: hand-written, bundled and (when present) the shared corpus."""
    found = [FULL, LENIENT]
    folders = [REPO / "agents"]
    if shared is not None and (shared / "corpus").is_dir():
        folders.append(shared / "corpus")
    for folder in folders:
        found += [p.read_bytes() for p in sorted(folder.rglob("*.md"))]
    return found


Mutator = Callable[[random.Random, bytes, list[bytes]], bytes]


def flip_bytes(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not out:
            break
        out[rng.randrange(len(out))] = rng.choice(
            [0, 0x0A, 0x22, 0x27, 0x3A, 0x5B, 0xFF, 0x80, 0x09, rng.randrange(256)]
        )
    return bytes(out)


def insert_bytes(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    at = rng.randrange(len(data) + 1)
    chunk = rng.choice(
        [
            b"\x00",
            b"\xc3",
            b"---\n",
            b"\n---\n",
            b": ",
            b"\r\n",
            b"\xef\xbb\xbf",
            b"'",
            b'"',
            b"[",
            b"&x ",
            b"*x",
        ]
    )
    return data[:at] + chunk * rng.randint(1, 3) + data[at:]


def edit_lines(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data + b"\n"
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    op = rng.randrange(5)
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(j, lines[i])
    elif op == 2:
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 3:
        lines[i] = b"  " + lines[i]
    else:
        lines[i] = lines[i].lstrip()
    return b"\n".join(lines)


def hostile_value(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    """Set one frontmatter key (existing or new) to a hostile value."""
    key = rng.choice(KEYS)
    value = rng.choice(HOSTILE_VALUES)
    line = key + b": " + value
    lines = data.split(b"\n")
    for index, existing in enumerate(lines[1:40], start=1):
        if existing.startswith(key + b":"):
            lines[index] = line
            return b"\n".join(lines)
    return b"\n".join([lines[0], line, *lines[1:]])


def laughs(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    lines = data.split(b"\n")
    return b"\n".join([lines[0], LAUGHS.rstrip(b"\n"), *lines[1:]])


def splice(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    other = rng.choice(pool)
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


def truncate(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


MUTATORS: tuple[Mutator, ...] = (
    flip_bytes,
    insert_bytes,
    edit_lines,
    edit_lines,
    hostile_value,
    hostile_value,
    hostile_value,
    laughs,
    splice,
    truncate,
)


def mutants(seed: int, count: int, pool: list[bytes]) -> Iterator[bytes]:
    """``count`` mutated files, the same for the same ``seed`` and ``pool``."""
    rng = random.Random(seed)
    for _ in range(count):
        data = rng.choice(pool)
        for _ in range(rng.randint(1, 3)):
            data = rng.choice(MUTATORS)(rng, data, pool)
        yield data
