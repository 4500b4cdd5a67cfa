"""How a deny or ask rule reads a Bash command (:func:`bash_matches`): the command
whole and every spelling of each command it runs, its compound parts, subshells,
groups, substitutions, ``sh -c``/``eval``/``env -S`` strings, here-strings a shell
reads, ``find -exec``, a program's own commands (sed's ``e``, ``git -c``), past
assignments and wrappers, a program by its path or copied under another name; and how one
``Bash(...)`` specifier matches one simple command (:func:`_one_command`: exact, the
legacy ``:*`` prefix, ``*`` wildcards, an optional trailing `` *``).
"""

from __future__ import annotations

import re
import shlex
from functools import lru_cache

from coordinator.runtime.shell_options import RUNNER_NAMES, inner_commands
from coordinator.runtime.shell_words import (
    commands_run_by,
    deferred_strings,
    here_string,
    name_at,
    read_command,
    split_string,
    split_words,
    without_data,
)
from coordinator.runtime.wildcard import wildcard_match
from coordinator.tools.wrappers import COMMAND_TAKERS, KEYWORDS, SHELLS, WRAPPERS

#: Command separators; the ``&`` of a redirection (``2>&1``, ``>&2``, ``&>f``) is none.
_SPLIT = re.compile(r"&&|\|\||(?<![<>])&(?!>)|[;|\n]")
_REDIRECT = re.compile(r"\s*(?:\d*|&)(?:>>?|<)&?\s*(?:\d+\b|[^\s;&|]+)")
#: The text of a group (``(…)``, ``$(…)``, ``<(…)``) or backticks with no group inside.
_GROUP = re.compile(r"\(([^()]*)\)|`([^`]*)`")
#: A backslash and a newline after an even number of backslashes (themselves kept).
_CONTINUATION = re.compile(r"(?<!\\)((?:\\\\)*)\\\n")
#: An innermost command substitution (``$(…)`` or backticks), taken out of a command.
_SUBSTITUTED = re.compile(r"\$\([^()]*\)|`[^`]*`")
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
#: Words that run the command in the words after them (a deny rule looks past them) and
#: the shell's keywords before a command.
_WRAPPERS = frozenset(WRAPPERS) | KEYWORDS
#: A shell's ``-c`` alone or among other one-letter options (``-lc``, ``-ec``).
_C_FLAG = re.compile(r"-[a-zA-Z]*c[a-zA-Z]*")
#: ``-c`` with its value glued on, as getopt reads ``su -c'rm x'`` (a shell takes no such).
_C_GLUED = re.compile(r"-[a-zA-Z]*?c(.+)", re.DOTALL)
#: The long options handing a shell a string, and the shortest beginning getopt takes for
#: each among su's, runuser's and script's options (``--c``; ``--se``: not ``--shell``).
_LONG_COMMANDS = (("--command", 3), ("--session-command", 4))
#: How many wrappers of one command a deny rule looks past option by option (bounded: an
#: agent's long command must not cost a spelling per word).
_WRAPPED = 8


def bash_matches(specifier: str, command: str) -> bool:
    """Whether a ``Bash(...)`` specifier covers ``command`` or any part of it, as the
    shell would run it: parts of compound commands, of subshells, groups, substitutions and
    ``sh -c``/``eval``/``env -S`` strings, with line continuations joined, quotes removed
    and the variables and wrappers (``env``, ``sudo``, ``timeout``...) before a command
    skipped."""
    text = command if isinstance(command, str) else ""
    return any(_one_command(specifier, form) for form in _command_spellings(text))


@lru_cache(maxsize=64)
def _command_spellings(command: str) -> frozenset[str]:
    """:func:`_spellings` of a whole command, found once for all of a session's rules: with
    its line continuations joined, and as written when it has any (a comment's backslash
    continues no line)."""
    joined = _joined(command)
    raw = _spellings(command, 0) if joined != command else set()
    return frozenset(_spellings(joined, 0) | raw)


def _joined(command: object) -> str:
    """``command`` with its line continuations joined, as the shell reads it (not after an
    escaped backslash: ``\\\\`` then a newline ends the command)."""
    return _CONTINUATION.sub(r"\1", command) if isinstance(command, str) else ""


def _spellings(command: str, depth: int) -> set[str]:
    """Every command a deny rule should see in ``command``: it whole, each part, and
    (to a few levels) the commands nested in its groups, backticks and shell strings; no
    here-document's body that runs nothing (:func:`without_data`)."""
    command = without_data(command)
    forms = {command.strip()}
    quoted: list[str] = []
    inner = depth < 4 and bool(_RUNS_INNER.search(command))
    escaped = any(c in command for c in "'\"\\#")
    parts = read_command(command) if escaped or inner or "<<<" in command else None
    if escaped and parts is not None and parts.unreadable is None:
        quoted = [p.text for p in parts.parts]  # quotes and escapes (``-exec sh -c '…' \;``)
    if "<<<" in command and depth < 4 and parts:  # a here-string a shell reads: ``sh <<< 'x'``
        for text in filter(None, map(here_string, parts.parts)):
            forms |= _spellings(text, depth + 1)
    for sub in parts.parts if inner and parts else ():  # ``sed '1e rm x'``, ``git -c …``
        for text in inner_commands(sub.words).commands:
            forms |= _spellings(text, depth + 1)
    for part in dict.fromkeys([*_SPLIT.split(command), *quoted]):
        forms |= _part_spellings(_bare_command(part), depth)
    if depth < 4:
        for group in _GROUP.finditer(command):
            forms |= _spellings(group.group(1) or group.group(2) or "", depth + 1)
        without = _SUBSTITUTED.sub("", command)  # what runs when a substitution gives nothing
        forms |= _spellings(without, depth + 1) if without != command else set()
    return {f for f in forms if f}


def _part_spellings(part: str, depth: int) -> set[str]:
    """One simple command as written, unquoted, and from each word after a leading
    variable or wrapper; the string an ``sh -c`` or ``eval`` runs, read as a command."""
    bare = part.strip().lstrip("({!").rstrip(")} ").strip()
    try:
        words = split_words(bare)
    except ValueError:  # an unbalanced quote: the shell would refuse it anyway
        words = bare.split()
    forms = {part, bare, " ".join(words)}
    if "$'" in bare or '$"' in bare:  # ``$'rm'`` (escapes aside) is a quoted rm
        forms |= _part_spellings(bare.replace("$'", "'").replace('$"', '"'), depth)
    start, wrappers = 0, 0
    while start < len(words) and (_ASSIGNMENT.match(words[start]) or _wraps(words[start])):
        wraps = _wraps(words[start])  # (``/usr/bin/timeout`` is timeout)
        start += 1
        wrappers += wraps
        if wraps and wrappers <= _WRAPPED:  # its options may take values: try the words after
            forms |= {" ".join(words[i:]) for i in range(start, min(len(words), start + 6))}
    forms.add(" ".join(words[start:]))
    # past each wrapper's options as the table knows them (``xargs -n 1 rm``), a function's
    # heading and a case pattern (``f() { rm x; }``, ``a) rm x;;``)
    if wrappers or any(c in bare for c in "()") or "function" in bare:
        start = max(start, name_at(words))
        forms.add(" ".join(words[start:]))
    rest = words[start:]
    if rest and "/" in rest[0]:  # the program by its path: /bin/rm is rm
        forms.add(" ".join([rest[0].rsplit("/", 1)[-1], *rest[1:]]))
    forms |= _copied_programs(rest, bare)
    if depth < 4 and rest[:1] == ["eval"]:
        forms |= _spellings(" ".join(rest[1:]), depth + 1)
    if depth < 4:  # a shell's string, past wrappers or handed by one (``runuser me -c'rm'``)
        takers = [i for i in range(min(start + 1, len(words))) if _takes_command(words[i])]
        scripts = [_shell_script(words[i:]) for i in takers[: _WRAPPED + 1]]
        inner = (*scripts, split_string(words), *map(shlex.join, commands_run_by(rest)))
        inner += tuple(deferred_strings(words))  # ``trap 'rm x' EXIT``, ``alias l='rm x'``
        for text in filter(None, inner):
            forms |= _spellings(text, depth + 1)
    return forms


#: The programs that copy or link a file under another name (``cp /bin/rm p``, ``hash -p
#: /bin/rm x``), a program's file among their operands (in a ``bin`` folder: ``if=/bin/rm``),
#: and a look-up of one's file (``$(which rm)``, ``command -v rm``).
_COPIERS = frozenset({"cp", "ln", "install", "rsync", "dd", "cat", "mv", "hash", "tee"})
_PROGRAM_FILE = re.compile(r"(?:^|[=/])bin/([^/\s'\"`$()]+)$")
_LOOKED_UP = re.compile(r"\b(?:which|whereis|command\s+-[vV]|type\s+-[pPa])\s+['\"]?([\w.+-]+)")


def _copied_programs(words: list[str], text: str) -> set[str]:
    """The programs whose own file the simple command ``words`` (its ``text``) copies or
    links (:data:`_COPIERS`), each as a command a rule reads: ``cp /bin/rm p`` makes
    ``p`` rm, so the line is read as running ``rm``."""
    if not words or words[0].rsplit("/", 1)[-1] not in _COPIERS:
        return set()
    found = {m[1] for w in words[1:] if (m := _PROGRAM_FILE.search(w))}
    return found | {m[1] for m in _LOOKED_UP.finditer(text)}


def _wraps(word: str) -> bool:
    """Whether ``word`` is a keyword or names a wrapper (:data:`_WRAPPERS`), by its path too."""
    return word.rsplit("/", 1)[-1] in _WRAPPERS


def _takes_command(word: str) -> bool:
    """Whether ``word`` names a program that hands a string to a shell (:data:`COMMAND_TAKERS`)."""
    return word.rsplit("/", 1)[-1] in COMMAND_TAKERS


def _shell_script(words: list[str]) -> str | None:
    """The script a shell runs with ``-c`` (``bash -c 'rm x'``, ``bash -lc 'rm x'``), or
    ``su``, ``runuser`` or ``script`` hands to one (``-c``, ``--command[=]``, su's
    ``--session-command``; as getopt reads them, a long option's unique beginning, ``--comm``,
    and a short one's value glued on, ``-qc'rm x'``)."""
    if not words or not _takes_command(words[0]):
        return None
    name = words[0].rsplit("/", 1)[-1]
    for i, word in enumerate(words):
        option, equals, value = word.partition("=")
        if any(len(option) >= n and long.startswith(option) for long, n in _LONG_COMMANDS):
            if equals:
                return value
            if i + 1 < len(words):
                return words[i + 1]
        glued = _C_GLUED.fullmatch(word) if name not in SHELLS else None
        if glued is not None:
            return glued[1]
    flag = next((i for i, w in enumerate(words) if _C_FLAG.fullmatch(w)), None)
    after = [] if flag is None else [w for w in words[flag + 1 :] if not w.startswith(("-", "+"))]
    return after[0] if after else None


#: A word that may name a program running commands its program or settings name (sed's,
#: awk's, ``git -c``, a launcher's: ``npx -c``, ``npm exec``; an interpreter's program on the
#: line: ``python3 -c``; an assignment of a variable a program runs).
_RUNS_INNER = re.compile(
    r"(?:sed|awk)\b|-c\b|--call\b|(?:npx|pnpx|bunx|uvx|npm|pnpm|yarn|bun|uv|poetry|pipx|pdm|hatch"
    r"|pipenv|conda|bundle|direnv|perf|tmux)\b"
    r"|\b(?:python|perl|ruby|node|php|lua|Rscript)"
    r"|--config-env|\bconfig\b|GIT_CONFIG|(?:PAGER|EDITOR|VISUAL|DIFF|SSH|SSH_COMMAND|ASKPASS"
    r"|PROGRAM|BROWSER|LESS|LESSOPEN|LESSCLOSE|PARAMETERS|VALUE_\d+|PROXY_COMMAND|RSYNC_RSH)="
    r"|" + RUNNER_NAMES.pattern  # (``gdb -ex 'shell …'``, ``rsync -e``, ``git rebase -x``)
)


def _bare_command(part: str) -> str:
    """``part`` without its redirections, each run of blanks one space, or one newline
    when it holds one: a newline left in a part is a quoted string's, which a shell it is
    handed to reads (``sh -c "r\\\\<newline>m f"``: ``r\\`` and a newline join)."""
    return _BLANKS.sub(lambda m: "\n" if "\n" in m[0] else " ", _REDIRECT.sub("", part)).strip()


_BLANKS = re.compile(r"\s+")


def _one_command(specifier: str, command: str) -> bool:
    if specifier.endswith(":*"):
        prefix = specifier[:-2].rstrip()
        rest = command[len(prefix) :]
        return command.startswith(prefix) and (not rest or not rest[0].isalnum())
    if "*" not in specifier:
        return command == specifier
    if specifier.endswith(" *") and specifier.count("*") == 1:  # the tail is optional
        body = specifier[:-2]
        return command == body or command.startswith(f"{body} ")
    return wildcard_match(specifier, command)
