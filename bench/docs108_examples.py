"""List every example README.md and docs/*.md give a user, with file:line (docs108).

Fenced blocks (shell, YAML, JSON, plain) and every inline ``coord ...`` code span. With
``--check`` each ``coord`` command's subcommand and flags are looked up in the real command
tree (the flags ``--help`` lists) and each unknown one printed; exit 1 when any is.

    python bench/docs108_examples.py            # the list
    python bench/docs108_examples.py --check    # flags a doc names that coord lacks
"""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^(```+)(\w*)\s*$")
SPAN = re.compile(r"`(coord [^`]+)`")
#: Where a doc's shell line stops being a command: a comment, a pipe, another command.
ENDS = ("#", "|", "&&", ";", "&", ">", "2>")
#: Commands a doc shows failing on purpose (an unknown flag or command and its message).
ON_PURPOSE = frozenset({"coord log -f --bogus --help"})


@dataclass(frozen=True)
class Example:
    """One example: where it is, what kind (fence language or ``inline``) and its text."""

    file: str
    line: int
    kind: str
    text: str


def doc_files(root: Path = ROOT) -> list[Path]:
    """README.md and every page of docs/."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def examples(root: Path = ROOT) -> list[Example]:
    """Every fenced block and inline ``coord`` span of the docs, in file order."""
    found: list[Example] = []
    for path in doc_files(root):
        rel = str(path.relative_to(root))
        fence: tuple[int, str, list[str], str] | None = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = FENCE.match(line)
            if match and fence is None:
                fence = (number + 1, match.group(2) or "text", [], match.group(1))
            elif match and fence is not None and match.group(1) == fence[3]:
                found.append(Example(rel, fence[0], fence[1], "\n".join(fence[2])))
                fence = None
            elif fence is not None:
                fence[2].append(line)
            else:
                found += [Example(rel, number, "inline", m.group(1)) for m in SPAN.finditer(line)]
    return found


def commands(example: Example) -> list[tuple[int, str]]:
    """The ``coord`` command lines of an example, each with its line number."""
    if example.kind == "inline":
        return [(example.line, example.text)]
    if example.kind not in ("bash", "sh", "text", "console"):
        return []
    out: list[tuple[int, str]] = []
    for offset, line in enumerate(example.text.splitlines()):
        at = line.find("coord ")
        if at >= 0 and not line.lstrip().startswith("#"):
            out.append((example.line + offset, line[at:]))
        elif out and line.startswith(" ") and line.lstrip().startswith("["):
            # a synopsis's continuation line: the flags of the command above it
            out[-1] = (out[-1][0], f"{out[-1][1].split('#')[0]} {line.strip()}")
    return out


def words(text: str) -> list[str]:
    """A command's words up to its comment, pipe or next command ("…" placeholders kept)."""
    try:
        tokens = shlex.split(text.replace("…", "X"), comments=False)
    except ValueError:
        tokens = text.split()
    out: list[str] = []
    for at, token in enumerate(tokens):
        alternative = token == "|" and tokens[at + 1 : at + 2] != [] and tokens[at + 1][0] in "-["
        if (token in ENDS and not alternative) or token.startswith("#"):
            break
        out.append(token)
    return out


def _resolve(root: Any, tokens: list[str]) -> tuple[Any, list[str], list[str]]:
    """The click command the words name, its path and the words after it."""
    from typer._click import Context
    from typer.core import TyperGroup

    command, path, rest = root, ["coord"], tokens[1:]
    while isinstance(command, TyperGroup) and rest and not rest[0].startswith("-"):
        sub = command.get_command(Context(command), rest[0].split("|")[0])
        if sub is None:
            break
        command, path, rest = sub, [*path, rest[0]], rest[1:]
    return command, path, rest


def _known(command: Any) -> set[str]:
    return {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}


def problems(text: str, root: Any) -> list[str]:
    """What a ``coord`` command line names that the real command tree lacks."""
    tokens = words(text)
    if len(tokens) < 2 or text.strip() in ON_PURPOSE:
        return []
    command, path, rest = _resolve(root, tokens)
    if len(path) == 1 and rest and not rest[0].startswith("-"):
        return [f"no command 'coord {rest[0]}'"]
    known = _known(command) | _known(root) | {"--help"}
    flags = [
        w.split("=", 1)[0]
        for word in rest
        for w in re.split(r"[|/]", word.strip("[]"))
        if re.fullmatch(r"--?[a-zA-Z][\w-]*(=.*)?", w)
    ]
    return [f"{' '.join(path)}: no option {flag}" for flag in flags if flag not in known]


def root_command() -> Any:
    """The real ``coord`` click group, every command loaded."""
    import typer.main

    from coordinator.cli.app import app

    return typer.main.get_command(app)


def check(root: Path = ROOT) -> list[str]:
    """Every ``file:line: problem`` of the docs' ``coord`` commands."""
    group = root_command()
    return [
        f"{ex.file}:{line}: {problem}  [{text.strip()[:70]}]"
        for ex in examples(root)
        for line, text in commands(ex)
        for problem in problems(text, group)
    ]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        found = check()
        print("\n".join(found) or "every coord command and flag in the docs exists")
        return 1 if found else 0
    for ex in examples():
        first = ex.text.splitlines()[0] if ex.text else ""
        print(f"{ex.file}:{ex.line}\t{ex.kind}\t{first[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
