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

import re

from coordinator.tools.implicit import command_tokens

#: A use of a variable in a word: ``$NAME``, ``${NAME}``, ``${NAME<op>word}`` (``:-``,
#: ``-``, ``:=``, ``=``, ``:+``, ``+``, ``:?``, ``?``).
_USE = re.compile(r"\$(?:\{([A-Za-z_]\w*)(?:(:?[-=+?])([^}]*))?\}|([A-Za-z_]\w*))")
#: ``NAME=`` starting a token (an assignment, or a program's ``NAME=value`` argument).
_ASSIGNED = re.compile(r"([A-Za-z_]\w*)=")
#: How many rounds of expansion a chain of variables gets (``a=.py; b=${a}user``).
_ROUNDS = 3
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
        line = [_expand(word, chosen) for word in words]
        if line not in expanded:
            expanded.append(line)
    return expanded


def _values(tokens: list[str]) -> dict[str, list[str]]:
    """Each variable the ``tokens`` of a line give a value, with its values in order."""
    values: dict[str, list[str]] = {}
    for i, token in enumerate(tokens):
        match = _ASSIGNED.match(token)
        if match and not token.startswith("-"):
            values.setdefault(match[1], []).append(token[match.end() :])
        elif token == "for" and i + 2 < len(tokens) and tokens[i + 2] == "in":
            name = tokens[i + 1]
            for word in tokens[i + 3 :]:
                if word in (";", "do", "&&", "||", "|", "&"):
                    break
                values.setdefault(name, []).append(word)
    return values


def _expand(word: str, chosen: dict[str, str]) -> str:
    """``word`` with each use of a variable of ``chosen`` (its value) expanded, and the
    default word of a ``${NAME:-word}`` whose name is not there; :data:`_ROUNDS` deep."""

    def one(match: re.Match[str]) -> str:
        name = match[1] or match[4]
        op, default = match[2] or "", match[3] or ""
        if name in chosen:
            return default if op.endswith("+") else chosen[name]
        return default if op.endswith(("-", "=")) else match[0]

    for _ in range(_ROUNDS):
        done = _USE.sub(one, word)
        if done == word:
            break
        word = done
    return word
