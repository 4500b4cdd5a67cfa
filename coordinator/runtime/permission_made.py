"""Scripts a command line makes itself before it runs them, which a deny rule reads as
made and not from the disk: one written whole from literal words first
(:func:`_literal_script`: ``printf 'echo hi\\n' > s.sh && ./s.sh``), the ``bin/activate``
of a venv the command before makes (:func:`_venv_activated`), a compiler's program built
from a named source (:func:`_compiled`); each only on a line joined by ``&&`` alone.
"""

from __future__ import annotations

import re

from coordinator.runtime.permission_line import _Line, _writes_any
from coordinator.runtime.shell_words import SimpleCommand, built, name_at, plain_word


def _literal_script(line: _Line, file: str, index: int) -> str | None:
    """The text of the script ``file`` run by the simple command ``index`` of ``line``
    when the line writes it whole from literal words before, in order (``printf 'echo
    hi\n' > s.sh && chmod +x s.sh && ./s.sh``: :func:`_literal_output`; ``>``, not
    ``>>``), names it nowhere else but in a ``chmod``, and runs before it no program that
    could write a file it does not name (:func:`_writes_any`); None otherwise (the script
    is then read as before)."""
    same, base = file.removeprefix("./"), file.rsplit("/", 1)[-1]
    if line.unordered or line.folders != [""] or not _each_after_success(line.command):
        return None
    whole = {f">{same}", f">|{same}", f">./{same}", f">|./{same}"}
    writers = [i for i, p in enumerate(line.parts) if p.writes and set(p.writes) <= whole]
    named = [
        i
        for i, p in enumerate(line.parts)
        if any(plain_word(w).removeprefix("./") == same for w in p.words)
        or any(same in w for w in p.writes)
    ]
    others = [i for i in named if i not in (*writers, index)]
    if len(writers) != 1 or writers[0] > index or line.command.count(base) != 2 + len(others):
        return None
    if any(plain_word(line.parts[i].words[0]) != "chmod" for i in others):
        return None
    before = (p for i, p in enumerate(line.parts[:index]) if i != writers[0])
    if any(_writes_any(p.words) for p in before):  # (``sed -i … *.sh``, ``tar xf``, ``enable``)
        return None
    text = _literal_output(line.parts[writers[0]].words)
    if text is None or base in text or (text.startswith("#!") and not _SHELL_BANG.match(text)):
        return None
    return text


#: A piece of a line as bash reads it, to tell :func:`_each_after_success`: a quoted
#: string, an escaped character, other plain text, or (groups) what lets a command run
#: although one before it failed or did not run (``;``, ``|``, ``||``, a newline, ``!``),
#: a ``#`` (a comment's text is not read as quotes) or a quote never closed.
_AFTER_SUCCESS = re.compile(r"""'[^']*'|"(?:[^"\\]|\\.)*"|\\.|[^'"\\#;|\n!]+|(.)""", re.DOTALL)


def _each_after_success(command: str) -> bool:
    """Whether each simple command of ``command`` runs only once every one before it ran
    and succeeded: the line joins them by ``&&`` alone (a write before a script's run then
    happened: ``printf 'echo hi\n' > s.sh && ./s.sh``, not ``false && printf ... > s.sh;
    ./s.sh`` nor ``set -C; printf ... > s.sh; ./s.sh``). A ``$'`` string, a ``#`` or a
    quote never closed: False (read as more than this reads)."""
    if "$'" in command:
        return False
    return not any(m[1] is not None for m in _AFTER_SUCCESS.finditer(command))


#: A virtual environment's activation script.
_ACTIVATE = re.compile(r"(?:\./)?(.+?)/bin/activate")


def _venv_activated(line: _Line, file: str, index: int) -> bool:
    """Whether ``file``, run by the simple command ``index`` of ``line`` (``. .venv/bin/
    activate``), is the activation script the command just before it writes: ``python3
    -m venv .venv``, ``virtualenv .venv``, ``uv venv`` (:func:`_venv_made`): the venv
    module's own script (which sets PATH and a prompt), written again each time, not the
    workspace's; only on a line of ``&&`` alone (the maker then succeeded)."""
    found = _ACTIVATE.fullmatch(file)
    if found is None or index == 0 or line.unordered or line.path_set or line.folders != [""]:
        return False
    part = line.parts[index - 1]
    words = [plain_word(w) for w in part.words[name_at(part.words) :]]
    if part.writes or not words or not _each_after_success(line.command):
        return False
    made, same = _venv_made(words), found[1].removeprefix("./").rstrip("/")
    return made is not None and made.removeprefix("./").rstrip("/") == same


#: A program found on PATH or in the system's folders (not one of the workspace's).
_SYSTEM_PROGRAM = re.compile(r"(?:(?:/usr(?:/local)?)?/bin/)?[\w.+-]+")
_PYTHON = re.compile(r"(?:\S*/)?python[\d.]*")
#: A word of a venv's maker written into its activate as it is (no quote, ``$``, glob).
_VENV_WORD = re.compile(r"[\w ./=+:@,%-]+")
#: The options of venv, virtualenv and ``uv venv`` after which each writes its activate
#: (not ``--help``, venv's ``--upgrade``, virtualenv's ``--activators``), and those that
#: take a value.
_VENV_OPTIONS = {
    "venv": frozenset(
        "--clear --copies --symlinks --system-site-packages --without-pip --upgrade-deps "
        "--prompt".split()
    ),
    "virtualenv": frozenset(
        "--clear --copies --symlinks --system-site-packages --no-pip --no-setuptools "
        "--no-wheel --no-download --prompt -p --python".split()
    ),
    "uv": frozenset("--seed --clear --system-site-packages --prompt -p --python".split()),
}
_VENV_VALUES = frozenset({"--prompt", "-p", "--python"})


def _venv_made(words: list[str]) -> str | None:
    """The folder whose ``bin/activate`` the command ``words`` (unquoted) writes when it
    succeeds: ``python3 -m venv DIR``, ``virtualenv DIR``, ``uv venv [DIR]`` (``.venv``),
    a system program each, with the options of :data:`_VENV_OPTIONS` alone; else None."""
    if not _SYSTEM_PROGRAM.fullmatch(words[0]) or not all(map(_VENV_WORD.fullmatch, words)):
        return None
    name = words[0].rsplit("/", 1)[-1]
    if _PYTHON.fullmatch(words[0]) and words[1:3] == ["-m", "venv"]:
        maker, rest = "venv", words[3:]
    elif name == "virtualenv":
        maker, rest = name, words[1:]
    elif name == "uv" and words[1:2] == ["venv"]:
        maker, rest = name, words[2:]
    else:
        return None
    operands, value = [], False
    for word in rest:
        option = word.split("=", 1)[0]
        if not value and word.startswith("-") and option not in _VENV_OPTIONS[maker]:
            return None
        if not value and not word.startswith("-"):
            operands.append(word)
        value = not value and "=" not in word and option in _VENV_VALUES
    return operands[0] if operands else (".venv" if maker == "uv" else None)


#: A first line naming a shell (``#!/bin/sh``, ``#!/usr/bin/env bash``).
_SHELL_BANG = re.compile(r"#!\s*(?:/usr)?/bin/(?:env\s+)?(?:ba)?sh\s*\n")
#: printf's escapes read (any other, and any conversion but ``%%``, is not).
_PRINTF_ESCAPES = {"\\n": "\n", "\\t": "\t", "\\\\": "\\", "%%": "%"}


def _literal_output(words: list[str]) -> str | None:
    """What ``printf FORMAT`` or ``echo WORDS`` (``words``, no option, nothing the shell
    builds) writes, or None."""
    if not words or any(built(w) or "$" in w or "`" in w for w in words):
        return None
    plain = [plain_word(w) for w in words]
    if plain[0] == "echo" and not any(w.startswith("-") or "\\" in w for w in plain[1:2]):
        return None if any("\\" in w for w in plain) else " ".join(plain[1:]) + "\n"
    if plain[0] != "printf" or len(plain) != 2 or plain[1].startswith("-"):
        return None
    pieces = re.split(r"(\\.|%.)", plain[1])
    if any(p.startswith(("\\", "%")) and p not in _PRINTF_ESCAPES for p in pieces if p):
        return None
    return "".join(_PRINTF_ESCAPES.get(p, p) for p in pieces)


#: Compilers whose ``-o FILE`` is the program they build (``go build -o p``).
_COMPILERS = frozenset({"gcc", "cc", "clang", "g++", "c++", "clang++", "tcc", "rustc", "go"})
#: Compilers that name the program they build after its source (``rustc main.rs``, ``zig
#: build-exe main.zig``: ``./main``), by the source's ending.
_NAMED_AFTER_SOURCE = {"rustc": ".rs", "zig": ".zig"}


def _compiled(parts: list[SimpleCommand], file: str) -> bool:
    """Whether ``file``, run by its path, is named on the line only by a compiler's ``-o``
    (``gcc -o p p.c && ./p``) and by its run, or only by its run after a ``rustc`` or
    ``zig`` of its source (``rustc p.rs && ./p``: :data:`_NAMED_AFTER_SOURCE`): then it
    is the compiler's program."""
    same = file.removeprefix("./")
    named = [
        (part, at)
        for part in parts
        for at, word in enumerate(part.words)
        if plain_word(word).removeprefix("./") == same
    ]
    outputs = [
        (part, at)
        for part, at in named
        if at > 0
        and plain_word(part.words[at - 1]) == "-o"
        and plain_word(part.words[name_at(part.words)]).rsplit("/", 1)[-1] in _COMPILERS
    ]
    sources = [part for part in parts if _builds_after_source(part.words, same)]
    if "/" not in same and len(named) == 1 == len(sources):
        return True
    return len(outputs) == 1 and len(named) == 2


def _builds_after_source(words: list[str], program: str) -> bool:
    """Whether ``words`` compile the source of ``program`` with a compiler naming its
    program after the source (``rustc src/main.rs``: ``main``)."""
    at = name_at(words)
    name = plain_word(words[at]).rsplit("/", 1)[-1] if at < len(words) else ""
    ending = _NAMED_AFTER_SOURCE.get(name)
    return ending is not None and any(
        plain_word(w).rsplit("/", 1)[-1] == f"{program}{ending}" for w in words
    )
