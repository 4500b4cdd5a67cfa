"""A command line that runs scripts or programs' files, read once for the permission
checks (:class:`_Line`): its simple commands in order, to a few levels of nested
strings (:func:`_parts_within`), whether one writes by redirection, the folders a
relative script may be looked up from (``cd DIR`` on the line), whether its commands may
run out of order (a pipe, a background job, a loop); and which of its programs could
write a file it does not name (:func:`_changer`: not one that leaves files alone).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from coordinator.runtime.permission_bash import _shell_script
from coordinator.runtime.shell_files import NAMED_WRITES, named_writes
from coordinator.runtime.shell_options import option_effects
from coordinator.runtime.shell_words import (
    SimpleCommand,
    built,
    commands_run_by,
    deferred_strings,
    name_at,
    plain_word,
    read_command,
    split_string,
)


def _parts_within(command: str, depth: int = 0) -> Iterator[SimpleCommand]:
    """Each simple command of ``command`` (substitutions and groups: their parts) and, to a
    few levels, of the ``sh -c``, ``eval`` and ``env -S`` strings and ``find -exec``
    commands in it."""
    for part in read_command(command).parts:
        yield part
        if depth >= 4:
            continue
        at = name_at(part.words)
        plain = [plain_word(w) for w in part.words[at:]]
        inner = [_shell_script(plain), split_string(part.words), *deferred_strings(part.words)]
        inner += [" ".join(plain[1:])] if plain[:1] == ["eval"] else []
        inner += [" ".join(w) for w in commands_run_by(part.words[at:])]
        for text in filter(None, inner):
            yield from _parts_within(text, depth + 1)


#: The folder a ``cd``/``pushd`` on the line moves to (``cd sub && sh f.sh``), and what
#: else moves it to a folder not written as such (``popd``, ``env -C``, ``sudo -D``).
_CD = re.compile(r"(?:^|[\s;&|(`{!])(?:cd|pushd)(?![\w.\-/+:,@%=^~#\]])(?:[ \t]+([^\s;&|)`}<>]+))?")
_MOVES = re.compile(r"--chdir.*|--wd.*|-[CD].*")


def _cds(parts: list[SimpleCommand]) -> list[str]:
    """Where each ``cd``/``pushd`` among ``parts`` that :data:`_CD` cannot see in the text
    moves to, read as the shell reads its words (``\\cd sub``, ``"cd" sub``, ``builtin cd
    sub``; "": a folder not written), as :data:`_CD`'s are."""
    found = []
    for part in parts:
        words = [plain_word(w) for w in part.words[name_at(part.words) :]]
        words = words[1:] if words[:1] in (["builtin"], ["command"]) else words
        if words[:1] in (["cd"], ["pushd"]):
            found.append(words[1] if len(words) > 1 else "")
    return found


@lru_cache(maxsize=64)
def _read_line(command: str) -> _Line:
    """:meth:`_Line.of`, once for a text: a check compares each script with the line's
    and its scripts' other commands, reading them again."""
    return _Line.of(command)


def _joined_folders(outer: list[str] | None, inner: list[str] | None) -> list[str] | None:
    """The folders (from the workspace) a script's commands may run from: each of the
    line's (``outer``) joined with each the script moves to (``inner``); None: unknown."""
    if outer is None or inner is None:
        return None
    return list(dict.fromkeys(o + i for o in outer for i in inner))


@dataclass(frozen=True)
class _Line:
    """A command line running scripts, read once for all of them: its simple commands
    (:func:`_parts_within`'s order), whether one writes by a redirection, and the folders,
    from the workspace, a relative script may be looked up from (``""``, then after each
    ``cd DIR`` DIR joined in order; None when the line moves to a folder it does not name:
    ``cd`` alone, ``cd -``, ``cd ..``, ``cd $D``, ``popd``, ``env -C``)."""

    command: str
    parts: list[SimpleCommand]
    writes: bool
    folders: list[str] | None
    #: Whether its simple commands may run in another order than written, or together
    #: (:data:`_UNORDERED`: a pipe, a background job, a loop, a function, a substitution,
    #: a trap), and whether it names PATH (a program's name may then be the workspace's).
    unordered: bool
    path_set: bool

    @classmethod
    def of(cls, command: str) -> _Line:
        """The line ``command``, read."""
        parts = list(_parts_within(command))
        writes = any(p.writes for p in parts)
        unordered, path_set = bool(_UNORDERED.search(command)), "PATH" in command
        moves = [m[1] or "" for m in _CD.finditer(command)] + _cds(parts)
        if not moves and not any(_moves(p.words) for p in parts):
            return cls(command, parts, writes, [""], unordered, path_set)
        if any(_moves(p.words) for p in parts) or any(
            not d or built(d) or d.startswith(("-", "/", "~")) or ".." in d.split("/")
            for d in moves
        ):
            return cls(command, parts, writes, None, unordered, path_set)
        folders, folder = [""], ""
        for move in moves:
            folder = f"{folder}{plain_word(move).rstrip('/')}/"
            folders.append(folder)
        return cls(command, parts, writes, folders, unordered, path_set)

    @cached_property
    def named(self) -> list[str]:
        """What its simple commands write by name, as written (:func:`shell_files.named_writes`)."""
        return [w for p in self.parts for w in named_writes(p)]

    def others(self, index: int) -> list[SimpleCommand]:
        """The simple commands that may run before the command ``index`` (a script's run)
        or beside it."""
        others = self.parts if self.unordered else self.parts[:index]
        return [p for i, p in enumerate(others) if i != index]

    def places(self, file: str) -> list[str] | None:
        """Where, from the workspace, the script ``file`` run in the line may be."""
        if file.startswith("/"):
            return [file]
        return None if self.folders is None else [f"{f}{file}" for f in self.folders]


#: The programs that write no file's text of themselves (their redirections are read
#: apart, their writing options by :func:`option_effects`), and git's subcommands that do
#: not.
_LEAVES_FILES = frozenset(
    "cd pushd echo printf true false test [ [[ : export unset set shift local declare "
    "readonly ls cat grep egrep fgrep rg head tail wc pwd which type command sleep date id "
    "whoami uname basename dirname readlink realpath stat file du df ps env printenv exit "
    "return wait jobs diff cmp comm cut tr sort uniq nl jq less more sh bash . source "
    "sed gsed find fd xxd } ) fi done esac then else elif do for select case "
    "chmod chown chgrp".split()  # (a mode or an owner: no file's text)
)
#: Programs that write only the files their words name (each compared with the script),
#: unless a word is built when they run (``tee *``).
_GIT_READS = frozenset("status diff log show rev-parse ls-files grep blame branch".split())
#: A line whose simple commands may run in another order than written, or together.
_UNORDERED = re.compile(
    r"(?<![&>|])&(?![&>])|(?<!\|)\|(?!\|)|\b(?:while|until|for|select|function|trap|coproc)\b"
    r"|\(\s*\)|\$\(|`|[<>]\("
)


def _changer(words: list[str], path: bool = False) -> str | None:
    """The name of the program the simple command ``words`` runs when it could write a
    file a rule does not see (``tar xf t.tar``, ``make``, ``./build.sh``); None for one
    that leaves files alone or runs none (``cd sub``, ``echo hi``, ``git status``, ``sed
    s/a/b/ f``; its options read by :func:`option_effects`), unless ``path``: the line sets
    PATH, so the name may be a program of the workspace's."""
    at = name_at(words)
    if at >= len(words):
        return None
    name = plain_word(words[at]).rsplit("/", 1)[-1]
    following = plain_word(words[at + 1]) if at + 1 < len(words) else ""
    quiet = name in _LEAVES_FILES or (name == "git" and following in _GIT_READS)
    quiet = quiet or (name in NAMED_WRITES and not any(map(built, words[at + 1 :])))
    quiet = quiet and not path
    return None if quiet and not option_effects(words) else plain_word(words[at])


def _writes_any(words: list[str]) -> bool:
    """Whether the simple command ``words`` runs a program that could write a file it
    does not name (:func:`_changer`)."""
    return _changer(words) is not None


def _moves(words: list[str]) -> bool:
    """Whether the simple command ``words`` runs its command in another folder: ``popd``,
    or a wrapper's option before it (``env -C DIR``, ``sudo -D DIR``, ``--chdir``); not a
    command's own option (``make -C sub``, ``git -C sub``: the shell stays)."""
    at = name_at(words)
    if at < len(words) and plain_word(words[at]) == "popd":
        return True
    return any(_MOVES.fullmatch(plain_word(w)) for w in words[:at])
