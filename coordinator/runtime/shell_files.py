"""The files a command line writes by name, and those a program on it then runs as
commands: git's hooks and settings (anything under a ``.git`` folder, a ``gitconfig``,
``git init --template=DIR``'s folder), make's makefiles (``Makefile``, ``-f F``, an
included ``*.mk``), the package managers' ``package.json`` (its scripts, lifecycle ones
too: ``pretest``) and ``.npmrc``.

A Bash deny rule reads the command line; these files it does not read, so a line that
writes one and runs its program (``printf … > .git/hooks/pre-commit; git commit``,
``cat > Makefile <<'EOF' … make``, ``npm pkg set scripts.x='rm y' && npm run x``) runs
commands no rule read: :func:`program_file_written` says so, and the rule refuses it.
What the line writes counts by name: redirections' targets, ``tee``/``touch``/``mkdir``'s
operands, a copy's or link's (``cp``, ``mv``, ``install``, ``ln``, ``rsync``, ``dd of=``)
and ``npm pkg set``'s ``package.json``; a program writing a file it does not name
(``python3 gen.py``) is its own business, as ``python3 x.py``'s commands are. make
reading its makefile from its input (``make -f -``) or ``--eval`` text reads commands no
rule reads either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from coordinator.runtime.shell_words import SimpleCommand, name_at, plain_word

#: A redirection's operator before its target, as :class:`SimpleCommand` keeps it (``2>>f``).
OPERATOR = re.compile(r"^\d*[<>&|]+")
#: The programs that write the files their operands name.
NAMED_WRITES = frozenset({"tee", "touch", "mkdir"})
#: The programs that copy or link a file to a name among their operands.
_COPIES = frozenset({"cp", "mv", "install", "ln", "rsync", "dd"})
#: A path in a git folder or a git settings file (``.git/hooks/x``, ``s/.git/config``).
_GIT_FILE = re.compile(r"(?:^|/)\.git(?:/|$)|gitconfig$")
#: make's makefiles by name (``Makefile``, ``GNUmakefile``, an included ``rules.mk``).
_MAKEFILE = re.compile(r"(?:^|/)(?:GNUmakefile|[Mm]akefile|[^/]*\.(?:mk|make))$")
#: The package managers' files whose scripts or settings they run.
_PACKAGE_FILE = re.compile(r"(?:^|/)(?:package\.json|\.npmrc|\.yarnrc(?:\.yml)?|bunfig\.toml)$")
_PACKAGERS = frozenset({"npm", "npx", "pnpm", "pnpx", "yarn", "bun", "bunx"})
_MAKES = frozenset({"make", "gmake"})
#: make's options naming a makefile (``-f F``, ``--file=F``), and those running text.
_MAKE_FILE = frozenset({"-f", "--file", "--makefile"})
_MAKE_EVAL = ("-E", "--eval")


def named_writes(part: SimpleCommand) -> list[str]:
    """The files ``part`` writes by name, as written: its redirections' targets, and
    ``tee``/``touch``/``mkdir``'s operands."""
    at = name_at(part.words)
    named = [OPERATOR.sub("", w, count=1) for w in part.writes]
    if at < len(part.words) and plain_word(part.words[at]) in NAMED_WRITES:
        named += [w for w in part.words[at + 1 :] if not plain_word(w).startswith("-")]
    return named


def _written(part: SimpleCommand) -> list[str]:
    """:func:`named_writes` of ``part`` (plain), with a copy's or link's operands (``dd``'s
    ``of=``) and ``npm pkg set``'s ``package.json``."""
    found = [plain_word(w) for w in named_writes(part)]
    at = name_at(part.words)
    words = [plain_word(w) for w in part.words[at:]]
    name = words[0].rsplit("/", 1)[-1] if words else ""
    if name in _COPIES:
        found += [w.removeprefix("of=") for w in words[1:] if not w.startswith("-")]
    elif name in _PACKAGERS and words[1:3] == ["pkg", "set"]:
        found.append("package.json")
    return found


def program_file_written(parts: Iterable[SimpleCommand]) -> str | None:
    """Why a program among ``parts`` (a line's simple commands) runs commands from a file
    the line writes by name (git's hooks and settings, a makefile, ``package.json``), or
    from text no rule reads (``make -f -``, ``make --eval``); None otherwise."""
    parts = list(parts)
    written = [w for p in parts for w in _written(p)]
    for part in parts:
        words = [plain_word(w) for w in part.words[name_at(part.words) :]]
        name = words[0].rsplit("/", 1)[-1] if words else ""
        reads = _reads(name, words)
        if reads is None:
            continue
        if isinstance(reads, str):
            return reads
        found = next((w for w in written if reads(w)), None)
        if found is not None:
            return (
                f"the command line writes {found}, which {name} then runs commands "
                "from, unread: write it in a call of its own first"
            )
    return None


def _reads(name: str, words: list[str]) -> Callable[[str], bool] | str | None:
    """Which written names the program ``name`` (its words ``words``) runs commands from,
    or why it runs text no rule reads; None for a program of none of these."""
    if name == "git":
        template = _option_value(words, ("--template",))
        return lambda w: bool(_GIT_FILE.search(w)) or (template is not None and _under(w, template))
    if name in _MAKES:
        if any(w.startswith(_MAKE_EVAL) for w in words[1:]):
            return f"{name} --eval runs make text as a recipe, which a rule does not read"
        files = _option_values(words, _MAKE_FILE)
        if any(f in ("-", "/dev/stdin") or f.startswith("/dev/fd/") for f in files):
            return f"{name} reads its makefile from its input, which a rule does not read"
        return lambda w: bool(_MAKEFILE.search(w)) or any(_under(w, f) for f in files)
    if name in _PACKAGERS:
        return lambda w: bool(_PACKAGE_FILE.search(w))
    return None


def _under(written: str, named: str) -> bool:
    """Whether the written path ``written`` is ``named`` or a path in the folder ``named``
    (both as written, ``./`` aside)."""
    written, named = written.removeprefix("./").rstrip("/"), named.removeprefix("./").rstrip("/")
    return written == named or written.startswith(f"{named}/") or named.startswith(f"{written}/")


def _option_value(words: list[str], options: tuple[str, ...]) -> str | None:
    """The value of the first of ``options`` in ``words`` (``--template=t``, ``--template
    t``), or None."""
    found = _option_values(words, frozenset(options))
    return found[0] if found else None


def _option_values(words: list[str], options: frozenset[str]) -> list[str]:
    """The values of ``options`` in ``words``: ``-f F``, ``-fF``, ``--file=F``, ``--file F``."""
    found = []
    for at, word in enumerate(words):
        option, equals, value = word.partition("=")
        if option in options and option.startswith("--") and equals:
            found.append(value)
        elif word in options and at + 1 < len(words):
            found.append(words[at + 1])
        elif word[:2] in options and not word.startswith("--") and len(word) > 2:
            found.append(word[2:])
    return found
