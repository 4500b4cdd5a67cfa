"""A command line's own shell variables, expanded where the line uses them.

A user's hook ``a=.pyuser; PYTHONUSERBASE=$a python3 ...`` or ``export X=./wrap;
GIT_SSH_COMMAND=$X git fetch`` sends a loader into the workspace as surely as one naming
the place in the assignment itself, and ``s=./check.sh; sh "$s"`` runs that script
(redteam112). The checks of what a command runs
(:func:`~coordinator.tools.command_files.writable_file_named`) read words, so the words
are read again with each variable the line itself gives a value expanded
(:func:`assigned_words`): ``NAME=value`` anywhere in it (``export``, ``readonly``,
``declare -x`` before it, or as a program's argument), a ``for NAME in ...`` loop's words,
and the default of ``${NAME:-word}`` (``${NAME-word}``, ``${NAME:=word}``) for a name the
line does not assign. The environment's own variables are not expanded (``$HOME``,
``$PATH``: coord's environment is looked at on its own).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable

from coordinator.tools.implicit import command_tokens

#: A use of a variable in a word: ``$NAME``, ``${NAME}``, ``${NAME<operation>}`` (a
#: default, ``#``/``%`` trimming, ``/`` replacing, ``:offset:length``, case), ``${!NAME}``.
_USE = re.compile(r"\$(?:\{(!?)([A-Za-z_]\w*)([^}]*)\}|([A-Za-z_]\w*))")
#: ``NAME=`` or ``NAME+=`` starting a token (an assignment, or a program's ``NAME=value``).
_ASSIGNED = re.compile(r"([A-Za-z_]\w*)(\+?)=")
#: A use giving the variable a value: ``${NAME:=word}``, ``${NAME=word}``.
_DEFAULTED = re.compile(r"\$\{([A-Za-z_]\w*):?=([^}]*)\}")
#: What ends a command (:func:`~coordinator.tools.implicit.command_tokens`'s separators).
_SEPARATORS = frozenset({";", "&&", "||", "|", "&", "\n"})
#: The builtins declaring variables, and their option making one a reference (``-n``).
_DECLARING = frozenset({"declare", "local", "typeset"})
_REFERENCE = re.compile(r"-[a-zA-Z]*n[a-zA-Z]*")
#: A default's operation: ``:-``, ``-``, ``:=``, ``=``, ``:+``, ``+``, ``:?``, ``?``.
_DEFAULT = re.compile(r"(:?)([-=+?])(.*)", re.S)
#: ``${NAME:offset}``, ``${NAME: -offset:length}``.
_SLICE = re.compile(r":\s*(-?\d+)(?::\s*(-?\d+))?")
#: A value is cut at this many characters (``a=x; a=$a$a; a=$a$a ...``).
_LONGEST = 4096
#: How long a chain of variables is followed (``a=.py; b=$a; c=${b}user``: 2).
_DEEPEST = 32
#: At most this many readings of a line (a variable with several values: a loop's).
_MOST = 8


def assigned_words(words: list[str]) -> list[list[str]]:
    """Each reading of ``words`` (a command line's, as :func:`shlex.split` gives them) with
    the variables the line assigns expanded (one per value of a variable with several, the
    others at their first; at most :data:`_MOST`); ``[words]`` when it uses no variable (a
    use of one it does not assign stays as written)."""
    if not any("$" in word for word in words):
        return [words]
    values = _values(command_tokens(words))
    readings = [{name: found[0] for name, found in values.items()}]
    for name, found in values.items():
        readings += [{**readings[0], name: value} for value in found[1:]]
    expanded: list[list[str]] = []
    for chosen in readings[:_MOST]:  # (the words without a use are the same in each)
        line = list(map(_expander(chosen), words))
        if line not in expanded:
            expanded.append(line)
    return expanded


def _values(tokens: list[str]) -> dict[str, list[str]]:
    """Each variable the ``tokens`` of a line give a value, with its values in order
    (``NAME+=word`` adds to the last one; ``${NAME:=word}`` gives one too; a name
    ``declare -n``, ``local -n`` makes a reference to another has that one's)."""
    values: dict[str, list[str]] = {}
    declaring = referring = False
    for i, token in enumerate(tokens):
        for name, word in _DEFAULTED.findall(token):
            values.setdefault(name, []).append(word)
        match = _ASSIGNED.match(token)
        if token in _SEPARATORS:
            declaring = referring = False
        elif token in _DECLARING:
            declaring = True
        elif declaring and _REFERENCE.fullmatch(token):
            referring = True
        elif match:
            found = values.setdefault(match[1], [])
            before = found[-1] if match[2] and found else ""
            given = token[match.end() :]
            found.append(f"${{{given}}}" if referring else before + given)
        elif token == "for" and i + 2 < len(tokens) and tokens[i + 2] == "in":
            for word in _until_separator(tokens[i + 3 :]):
                values.setdefault(tokens[i + 1], []).append(word)
    return values


def _until_separator(tokens: list[str]) -> list[str]:
    """The first of ``tokens`` up to a separator (a ``for`` loop's words)."""
    for i, token in enumerate(tokens):
        if token in (*_SEPARATORS, "do"):
            return tokens[:i]
    return tokens


def _expander(chosen: dict[str, str]) -> Callable[[str], str]:
    """What expands a word's uses of the variables of ``chosen`` (each value expanded once,
    as deep as a chain goes up to :data:`_DEEPEST`: ``a=.py; b=$a; c=${b}user``), each
    as the use's operation makes it (:func:`_operated`), and the default word of a
    ``${NAME:-word}`` whose name is not there."""
    resolved: dict[str, str] = {}
    going: list[str] = []

    def value(name: str) -> str:
        if name not in resolved and name not in going and len(going) < _DEEPEST:
            going.append(name)
            resolved[name] = expand(chosen[name])[:_LONGEST]
            going.pop()
        return resolved.get(name, chosen[name])

    def one(match: re.Match[str]) -> str:
        name, operation = match[2] or match[4], expand(match[3] or "")
        if match[1]:  # ``${!NAME}``: the variable NAME's value names
            name = value(name) if name in chosen else ""
        if name in chosen:
            return _operated(value(name), operation)
        default = _DEFAULT.fullmatch(operation)
        return default[3] if default and default[2] in "-=" else match[0]

    def expand(word: str) -> str:
        return _USE.sub(one, word) if "$" in word else word

    return expand


def _operated(value: str, operation: str) -> str:
    """``value`` as the operation of a ``${NAME<operation>}`` gives it: a default's,
    ``#``/``##``/``%``/``%%`` (a pattern's match trimmed), ``/``, ``//``, ``/#``, ``/%``
    (replaced), ``:offset:length``, ``^^``/``,,`` (case); as it is for any other."""
    default, cut = _DEFAULT.fullmatch(operation), _SLICE.fullmatch(operation)
    if cut:  # (before a default: ``${a:1}``, ``${a: -1}``; ``${a:-1}`` is a default)
        value = value[int(cut[1]) :]
        return value if cut[2] is None else value[: int(cut[2])]
    if default:
        empty = default[1] and not value
        return default[3] if default[2] == "+" or (empty and default[2] in "-=") else value
    if operation[:1] in ("#", "%"):
        return _trimmed(value, operation)
    if operation[:1] == "/":
        return _replaced(value, operation[1:])
    cases = {"^^": str.upper, ",,": str.lower, "^": _first(str.upper), ",": _first(str.lower)}
    return cases.get(operation, str)(value)


def _first(change: Callable[[str], str]) -> Callable[[str], str]:
    """``change`` applied to a value's first character only (``${a^}``, ``${a,}``)."""
    return lambda value: change(value[:1]) + value[1:]


def _trimmed(value: str, operation: str) -> str:
    """``value`` without the shortest (``#``, ``%``) or longest (``##``, ``%%``) start
    (``#``) or end (``%``) the pattern after the operation matches."""
    longest = operation[1:2] == operation[0]
    pattern = operation[2 if longest else 1 :]
    cuts = range(len(value) + 1)
    if operation[0] == "#":
        for i in reversed(cuts) if longest else cuts:
            if fnmatch.fnmatchcase(value[:i], pattern):
                return value[i:]
    else:
        for i in cuts if longest else reversed(cuts):
            if fnmatch.fnmatchcase(value[i:], pattern):
                return value[:i]
    return value


def _replaced(value: str, operation: str) -> str:
    """``value`` with the pattern of a ``${NAME/pattern/word}`` replaced: its first match,
    every one (``//``), at the start (``/#``) or the end (``/%``)."""
    kind = operation[:1] if operation[:1] in ("/", "#", "%") else ""
    pattern, _, word = operation[len(kind) :].partition("/")
    if not pattern:
        return value
    regex = fnmatch.translate(pattern).removeprefix("(?s:").removesuffix(")\\Z")
    regex = {"#": f"^(?:{regex})", "%": f"(?:{regex})$"}.get(kind, regex)
    return re.sub(regex, word.replace("\\", "\\\\"), value, count=0 if kind == "/" else 1)
