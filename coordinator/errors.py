"""The three kinds of error in coordinator.

1. :class:`UserError`: the user's input is wrong (bad agent file, unknown agent, corrupt
   database, missing file). The CLI renders it as one message (plus a hint) and exits
   non-zero, 4 by default, no traceback; click's usage errors too
   (:mod:`coordinator.cli.app`). One raised in the middle of a run (the API rejecting the
   key) leaves the session interrupted.
2. :class:`RunFailure` (and the provider errors): a run could not finish (model refused,
   context window exceeded, retries exhausted). Typed, stored, and reported as the run's
   ``Failed`` outcome; a ``resumable`` one (retries exhausted) leaves the session interrupted.
3. Control flow inside the engine is not an exception: runs end in typed outcomes and the
   engine takes typed next steps (``RunOutcome``, ``NextStep``:
   :mod:`coordinator.runtime.state`; an agent's loop, ``CALL_MODEL``:
   :mod:`coordinator.runtime.agent_run`).

Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import errno
import os
import signal
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

EXIT_COMPLETE = 0
EXIT_FAILED = 1
EXIT_NEEDS_REVIEW = 2
EXIT_WAITING = 3
EXIT_USER_ERROR = 4
#: A session left interrupted, by a model outage that outlasted the retries (or a process
#: that stopped driving it): `coord resume` continues it, so a CI step may retry it later.
#: 75 is ``EX_TEMPFAIL`` of sysexits.h ("temporary failure; the user is invited to retry"),
#: as mail transfer agents and retrying job runners read it; 1 is "the agent failed".
EXIT_INTERRUPTED = 75
#: ``coord resume --question QID``: the session does not wait on question QID now (another
#: job answered it, and it may ask another): nothing was recorded. (5 is ``coord worker``'s.)
EXIT_OTHER_QUESTION = 6
#: The reader of coord's output left (``coord log ID | head``): 128 + SIGPIPE, what a shell
#: shows for a program a closed pipe ended (``git log | head``), as 130 and 143 are
#: Ctrl-C's and SIGTERM's.
EXIT_BROKEN_PIPE = 141
#: The exit codes a shell expects of a command stopped by SIGINT (Ctrl-C) and by SIGTERM;
#: a session they interrupted records them (its ``interrupted`` event's ``exit_code``), so
#: ``coord log -f`` of it exits as the stopped command did.
EXIT_SIGINT, EXIT_SIGTERM = 128 + signal.SIGINT, 128 + signal.SIGTERM


class CoordinatorError(Exception):
    """Base of every error coordinator raises on purpose."""


class UserError(CoordinatorError):
    """A mistake in the user's input, rendered at the CLI as one clear message.

    ``hint`` is an optional second sentence telling the user what to do. ``tool_hint``: the
    same advice for a client of ``coord mcp``, where ``hint`` names the CLI's flags or
    commands (``--context``, ``coord sessions``): the tools and their arguments instead.
    ``fields``: what a script reading ``--json`` needs beside the words (the ``session`` a
    resume refused and its ``status``), added to :meth:`to_json`.
    """

    exit_code: int = EXIT_USER_ERROR

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        tool_hint: str | None = None,
        exit_code: int | None = None,
        fields: Mapping[str, object] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.tool_hint = tool_hint
        self.fields = dict(fields or {})
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"

    def placed(self, where: str) -> UserError:
        """This error with ``where`` (a file and its line) before its message."""
        return UserError(
            f"{where}: {self.message}",
            hint=self.hint,
            tool_hint=self.tool_hint,
            exit_code=self.exit_code,
            fields=self.fields,
        )

    def for_tools(self) -> str:
        """The error as a client of ``coord mcp`` is told it: its hint in the tools' terms."""
        hint = self.tool_hint or self.hint
        return self.message if not hint else f"{self.message}\n{hint}"

    def to_json(self) -> dict[str, object]:
        """The error as a ``--json`` command prints it on stdout (the line still goes to
        stderr): a script reading stdout gets JSON on every path."""
        return {
            "error": self.message,
            "hint": self.hint,
            **self.fields,
            "exit_code": self.exit_code,
        }


def cannot_read(what: str, path: object, why: OSError | int) -> UserError:
    """The one message for a file the user named that cannot be read, whichever command
    reads it: ``cannot read WHAT PATH: REASON``. ``what`` is the flag it was given with
    (``--batch``, ``--config``) or, for an argument, its role (``the report``); ``why`` the
    OSError, or an errno (``errno.ENOENT``, ``errno.EISDIR``) for a file checked first.

    Its hint says what to do about the reason: check the path (a relative one is named
    with the folder it was looked for in), name a file rather than a folder, make the file
    readable; none for a rarer reason (the reason itself is all there is to say)."""
    number = why if isinstance(why, int) else why.errno
    reason = os.strerror(why) if isinstance(why, int) else (why.strerror or str(why))
    return UserError(f"cannot read {what} {path}: {reason}", hint=_cannot_read_hint(number, path))


@dataclass(frozen=True)
class CommandShape:
    """What :func:`nul_argument` knows of the command a command line runs: how many of its
    first words name it (``route``: 1, ``agents validate``: 2), its options that take no
    value (``--json``) and its arguments' names in order (the last may take many)."""

    depth: int
    flags: frozenset[str] = frozenset()
    arguments: tuple[str, ...] = ()


def nul_argument(
    args: Sequence[str], shape: Callable[[], CommandShape] | None = None
) -> UserError | None:
    """The error for the first of a command line's ``args`` holding a NUL byte, naming its
    position and what it is: the option it is the value of, or (``shape`` given: it reads
    the command's, only when a NUL is found) the argument it gives (``the request``); None
    when none does. No program's argv can carry one (exec ends each argument at it), so it
    came from a caller building the list itself: as a path it would fail deep inside the
    command, as text it would be cut. The value is not shown: it may be a URL with its
    password."""
    for number, arg in enumerate(args, start=1):
        if "\x00" not in arg:
            continue
        what = _role_of(args, number - 1, None if shape is None else shape())
        of = f" ({what})" if what else ""
        return UserError(f"argument {number}{of} holds a NUL byte (U+0000), which no argument may")
    return None


def _role_of(args: Sequence[str], at: int, shape: CommandShape | None) -> str:
    """What ``args[at]`` gives: ``the value of --db``, ``the request``; "" when not known.
    Without ``shape`` an option before it is taken to take a value (``--json`` does not:
    the command's shape says so)."""
    if shape is None:
        name = _option_of(args[at], args[at - 1] if at else "")
        return f"the value of {name}" if name else ""
    positional, ended, valued = 0, False, ""
    for index in range(shape.depth, at + 1):
        word = args[index]
        if valued:  # the word after an option taking a value is that value
            if index == at:
                return f"the value of {valued}"
            valued = ""
            continue
        if not ended and word == "--":
            ended = True
        elif not ended and word.startswith("-") and word != "-":
            name = _option_of(word, "")
            if index == at:
                return f"the value of {name}" if name else ""
            valued = "" if name or word in shape.flags else word
        elif index == at:
            named = shape.arguments[min(positional, len(shape.arguments) - 1) :][:1]
            return f"the {named[0].replace('_', ' ')}" if named else ""
        else:
            positional += 1
    return ""


def _option_of(arg: str, before: str) -> str:
    """The option ``arg`` gives the value of (``--db=V``, ``-wV``, or ``--db V`` with the
    word ``before`` it); "" for none (``--`` ends the options: what follows is no value)."""
    if arg.startswith("--"):
        return arg.split("=", 1)[0] if "=" in arg else ""
    if arg.startswith("-") and len(arg) > 2:
        return arg[:2]
    if before.startswith("-") and before != "--" and not arg.startswith("-"):
        return before
    return ""


def working_folder_gone() -> UserError | None:
    """The error of a command run from a folder that no longer exists (removed or moved
    away under the shell: every relative path, and the default workspace, are read from
    it); None while it exists."""
    try:
        os.getcwd()
    except FileNotFoundError:
        return UserError(
            "the current folder no longer exists (it was removed or moved)",
            hint="cd to an existing folder (the project's) and run the command again.",
        )
    return None


def _cannot_read_hint(number: int | None, path: object) -> str | None:
    """What to do about a file that cannot be read for the reason ``number`` (an errno)."""
    if number == errno.ENOENT:
        where = "" if os.path.isabs(str(path)) else f" (relative to {os.getcwd()})"
        near = _near_name(str(path)) or _example(str(path))
        return f"Check the path{where}" + (f": did you mean {near}?" if near else ".")
    if number == errno.EISDIR:
        return "Name a file, not a folder."
    if number in (errno.EACCES, errno.EPERM):
        return "Make it readable to this user, or name another file."
    return None


#: How many names of a folder :func:`_near_name` compares at most (a huge folder is not read).
_NEAR_NAMES_READ = 2000


def _near_name(path: str) -> str | None:
    """``path`` with its last name replaced by the one closest to it in its folder
    (``offline.yml`` -> ``offline.yaml``, ``~/myagent`` -> ``~/myagents``) or, failing
    that, by the one name there it begins (``corpus/wshobson`` -> ``corpus/wshobson__agents``,
    in any case); None when no name there comes close (or the folder cannot be read)."""
    import difflib
    import itertools

    folder, name = os.path.split(path.rstrip(os.sep))
    if not name:
        return None
    try:
        with os.scandir(folder or os.curdir) as entries:
            names = [e.name for e in itertools.islice(entries, _NEAR_NAMES_READ)]
    except OSError:
        return None
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    if not close:  # a name's beginning: its one completion, as a shell's Tab gives it
        close = [n for n in names if n.casefold().startswith(name.casefold())][:2]
    return os.path.join(folder, close[0]) if len(close) == 1 else None


def _example(path: str) -> str | None:
    """The repository's copy of ``examples/NAME`` (the help's and the README's examples,
    run from a project's folder rather than from a clone), when this install has it."""
    parts = os.path.normpath(path).split(os.sep)
    if os.path.isabs(path) or len(parts) < 2 or parts[0] != "examples":
        return None
    copy = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), *parts)
    return copy if os.path.exists(copy) else None


def below_bound(
    value: float, bound: float, *, inclusive: bool = True, unit: str = ""
) -> str | None:
    """Why ``value`` is out of its range, in words a flag's or a setting's error follows
    (``--concurrency: must be at least 1 (got 0)``), or None when it is in it: at least
    ``bound`` (``inclusive``) or above it, and a number (NaN is none); ``unit`` follows
    the bound (`` seconds``)."""
    given = f"{value:g}" if isinstance(value, float) else str(value)  # 0.0 typed as 0
    if value != value:  # NaN compares as neither below nor above
        return f"must be a number (got {given})"
    if value > bound or (inclusive and value == bound):
        return None
    relation = "at least" if inclusive else "above"
    return f"must be {relation} {bound}{unit} (got {given})"


def nearest_word(word: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one of ``known`` that ``word`` reads as a typo of (compared case-blind, at
    ``difflib``'s ``cutoff``), as it is spelt in ``known``; None when none is that close
    or ``word`` is one of them."""
    import difflib

    spelt = {k.casefold(): k for k in known}
    if word.casefold() in spelt:
        return None
    near = difflib.get_close_matches(word.casefold(), list(spelt), n=1, cutoff=cutoff)
    return spelt[near[0]] if near else None


def unknown_keys(keys: Sequence[str], known: Iterable[str]) -> str:
    """What a file's unknown keys are called, in the voice of coord's other "did you
    mean" lines: ``unknown key 'agnt'; did you mean agent?``; several: ``unknown keys
    'expct' and 'zzz'; did you mean expect for expct?`` (the nearest of ``known`` for
    each key that reads as its typo: :func:`nearest_word`)."""
    known = list(known)
    quoted = [f"'{key}'" for key in keys]
    named = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    said = f"unknown key{'s' if len(keys) > 1 else ''} {named}"
    meant = [(key, near) for key in keys if (near := nearest_word(key, known))]
    if len(keys) == 1 and meant:
        return f"{said}; did you mean {meant[0][1]}?"
    if meant:
        return f"{said}; did you mean {', '.join(f'{n} for {k}' for k, n in meant)}?"
    return said


def every_mistake(subject: str, mistakes: Sequence[tuple[str, str, str | None]]) -> UserError:
    """One error for every mistake of a file (each ``(place, message, hint)``, in order;
    at least one): one alone as it always read (``place: message``), or a line each under
    a heading (``the settings have 2 mistakes:``), their hints said once each; the user
    fixes them all before running coord again."""
    if len(mistakes) == 1:
        place, message, hint = mistakes[0]
        return UserError(f"{place}: {message}", hint=hint)
    lines = [f"{subject} have {len(mistakes)} mistakes:"]
    lines += [f"  {place}: {message}" for place, message, _ in mistakes]
    hints = dict.fromkeys(hint for _, _, hint in mistakes if hint)
    return UserError("\n".join(lines), hint=" ".join(hints) or None)


class RunFailure(CoordinatorError):
    """A run ended without a result. ``kind`` is a short machine-readable reason."""

    kind: str = "failed"

    def __init__(self, message: str, *, kind: str | None = None, resumable: bool = False):
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind
        self.resumable = resumable
