"""The commands a deny or ask rule cannot read, which it therefore refuses: a command name
built only when the command runs (:func:`built_name`: ``$(echo r)m``, ``"$CMD"``, a glob,
``eval "$S"``), and commands a program reads from elsewhere (:func:`unread_input`: its
standard input, ``echo 'rm x' | sh``; a shell's startup file, ``$BASH_ENV``, ``bash -ic``;
an option that runs a program, ``tar --checkpoint-action=exec=...``; files the line writes
that a program on it runs, a makefile or git's hooks).
"""

from __future__ import annotations

import re

from coordinator.runtime.permission_bash import _GROUP, _RUNS_INNER, _SUBSTITUTED, _shell_script
from coordinator.runtime.permission_line import _parts_within, _read_line, _writes_any
from coordinator.runtime.shell_files import program_file_written
from coordinator.runtime.shell_options import Effect, inner_commands, option_effects, process_call
from coordinator.runtime.shell_words import (
    built,
    commands_run_by,
    deferred_strings,
    input_unread,
    name_at,
    plain_word,
    read_command,
    split_string,
    startup_file,
    without_data,
)

_BUILDS = re.compile(r"[$`*?\[{]")
#: Command names with a ``[`` that are no glob: the test commands.
_TESTS = frozenset({"[", "[["})
NAME_UNREAD = (
    "the command's name {name!r} is built only when the command runs (an expansion, a "
    "substitution, a glob, or eval of one), so it could not be read and checked against "
    "the rule, and it was not run: write the command's name as a plain word"
)


def built_name(command: str, depth: int = 0) -> str | None:
    """The first command name in ``command`` that the shell builds when it runs it, as
    written (``$(echo r)m``, `` `echo rm` ``, ``${X}m``, ``"$CMD"``, ``/bin/r?``, ``eval
    "$S"``), past assignments, keywords and wrappers with their options (:func:`name_at`);
    also in groups, substitutions, ``sh -c``, ``eval`` and ``env -S`` strings and ``find
    -exec``. None when every name is a plain word (a deny rule can be checked against it)."""
    if not _BUILDS.search(command):  # nothing in the line the shell builds a word from
        return None
    for part in read_command(command).parts:  # (continuations joined, not in comments)
        found = _built_part(part.words, depth)
        if found is not None:
            return found
    if depth < 4:
        if "<<" in command:  # (a body cat writes; an interpreter's that starts no program)
            command = without_data(command, _may_start)
        if "'" in command:  # (``awk '{print length($0)}'``: no group)
            literal = _LITERAL if "<<" in command or "#" in command else _LITERAL_LINES
            command = literal.sub(_emptied, command)
        for group in _GROUP.finditer(command):
            found = built_name(group.group(1) or group.group(2) or "", depth + 1)
            if found is not None:
                return found
        # a substitution's output as a word of the one around it: ``$($(echo rm)x)``
        marked = _SUBSTITUTED.sub("${SUBSTITUTED}", command)
        return built_name(marked, depth + 1) if marked != command else None
    return None


def _may_start(body: str) -> bool:
    """Whether an interpreter's here-document ``body`` may start a program: a process call
    in its language (:func:`process_call`), a backtick (perl's, ruby's, php's) or an
    ``open`` (perl's and ruby's of a pipe). Read broadly: a body it finds keeps being read
    for names the shell builds."""
    return process_call(body) is not None or "`" in body or "open" in body


#: What quotes a command's text, in the order bash reads it: an escaped character, a
#: here-document's quoted delimiter (kept), a double-quoted string (a ``$(…)`` in it
#: runs), ``$'…'``, a single-quoted string on one line (literal text: no group, no
#: substitution), any other character.
_LITERAL = re.compile(
    r"""[^\\"$'<]+|\\.|<<-?[ \t]*'[^'\n]*'|"(?:\\.|[^"\\])*"|\$'(?:\\.|[^'\\])*'|'[^'\n]*'|.""",
    re.DOTALL,
)

#: :data:`_LITERAL` with single-quoted strings over several lines, on a line with no
#: here-document and no comment (an apostrophe in either is no quote: ``don't``).
_LITERAL_LINES = re.compile(_LITERAL.pattern.replace("'[^'\\n]*'", "'[^']*'"), re.DOTALL)


def _emptied(found: re.Match[str]) -> str:
    """A single-quoted string of :data:`_LITERAL` emptied (``''``); the rest as it is."""
    text = found[0]
    return "''" if len(text) > 1 and text[0] == "'" else text


def _built_part(words: list[str], depth: int) -> str | None:
    """:func:`built_name` of one simple command's words (quotes kept)."""
    words = [w for w in (words[0].lstrip("("), *words[1:]) if w] if words else []
    split = split_string(words) if depth < 4 else None  # ``env -S '${X}m x'``
    if split is not None and (found := built_name(split, depth + 1)) is not None:
        return found
    at = name_at(words)  # (a subshell's "(" glued to its first word taken off)
    if at >= len(words):
        return None
    name, plain = words[at], [plain_word(w) for w in words[at:]]
    if built(name) and name not in _TESTS:
        return name
    if plain[0] == "eval" and any(built(w) for w in words[at + 1 :]):
        return " ".join(words[at:])
    inner = [" ".join(plain[1:])] if plain[0] == "eval" else [_shell_script(plain) or ""]
    inner += [" ".join(w) for w in commands_run_by(words[at:])] + deferred_strings(words)
    for text in inner if depth < 4 else ():
        found = built_name(text, depth + 1)
        if found is not None:
            return found
    return None


#: A word that may name a program reading its commands from its input (a quick test).
_READS_INPUT = re.compile(
    r"(?:sh|source|xargs|parallel|sudo|doas|unshare|nsenter|chroot|firejail|fakeroot|su|runuser"
    r"|script|systemd-run|at|batch)\b|(?<![\w/.-])\.(?![\w/.-])"
)


def unread_input(command: str) -> str | None:
    """Why a program in ``command`` runs commands no rule can read, from its standard
    input (:func:`shell_words.input_unread`: ``echo 'rm x' | sh``, ``bash < f.sh``,
    ``… | xargs -L1 env``) or from a startup file (``$BASH_ENV``, ``bash -ic``'s
    ``~/.bashrc``), also in ``sh -c``, ``eval`` and ``env -S`` strings and ``find -exec``;
    None otherwise."""
    if "BASH_ENV" in command:
        return _STARTUP.format(how="BASH_ENV names a file every bash it starts runs")
    starts = process_call(command)
    if _PROGRAM_FILES.search(command) or starts:  # (git's hooks, a Makefile, package.json)
        line = _read_line(command)
        written = program_file_written(line.parts, line.folders, _writes_any, starts)
        if written is not None:
            return written
    options = " -" in command or "\t-" in command
    if not _READS_INPUT.search(command) and not _RUNS_INNER.search(command) and not options:
        return None
    parts = (
        input_unread(p)
        or _startup_unread(p.words)
        or inner_commands(p.words).unread
        or (_option_runs(p.words) if options else None)
        for p in _parts_within(command)
    )
    return next((why for why in parts if why is not None), None)


#: Options that run a command line a deny rule reads as commands (a launcher's ``-c``).
_READ_RUNS = frozenset({"-c", "--call", "--shell-mode"})


def _option_runs(words: list[str]) -> str | None:
    """Why an option of the simple command ``words`` runs a program no rule reads (``tar
    --checkpoint-action=exec=…``, ``rg --pre P``, ``git diff --ext-diff``: the ``RUNS``
    options of :func:`option_effects`), or None; fd's ``-x`` and a launcher's ``-c`` are
    read as commands instead (:func:`inner_commands`, :func:`commands_run_by`)."""
    at = name_at(words)
    if at < len(words) and plain_word(words[at]).rsplit("/", 1)[-1] in ("fd", "fdfind"):
        return None
    for found in option_effects(words):
        option = plain_word(found.option)
        if found.effect is Effect.RUNS and option.partition("=")[0] not in _READ_RUNS:
            return f"its option {option!r} runs a program, which a rule does not read"
    return None


#: A word that may name a program running commands from files a line writes
#: (:func:`shell_files.program_file_written`; an interpreter's, when the line's text
#: starts programs: :func:`shell_options.process_call`).
_PROGRAM_FILES = re.compile(r"\b(?:git|g?make|npm|npx|pnpm|pnpx|yarn|bunx?)\b")


#: Why a shell's startup file is refused (``$BASH_ENV``, ``-i``'s ``~/.bashrc``).
_STARTUP = "{how} first, a startup file no rule reads"


def _startup_unread(words: list[str]) -> str | None:
    """Why the shell ``words`` runs (``bash -ic``, ``bash -lc``, ``--rcfile F``) runs a
    startup file first (:func:`shell_words.startup_file`), or None: a login shell's
    ``~/.profile`` is as unread as an interactive one's ``~/.bashrc`` (a line can write
    either before it starts the shell; unsandboxed, an earlier call can)."""
    option = startup_file(words)
    if option is None:
        return None
    if option == "--login" or option.startswith("-a ") or (option[1:2] != "-" and "l" in option):
        read = "~/.profile or ~/.bash_profile"
    else:
        read = "its file" if option.startswith("--") else "~/.bashrc or $ENV"
    return _STARTUP.format(how=f"a shell started with {option} runs {read}")
