"""What an allow rule pre-approves for a ``dontAsk`` agent (and an agent file's ``tools:
Bash(...)`` limit): a file tool's call when a rule covers every path it works on, a Bash
command when every simple command of it matches a rule as written or without Claude
Code's process wrappers, none writes a file by redirection, none runs a command inside
its words, and no option writes a file or runs a program that the rule does not name
(:func:`bash_unapproved`, whose reason the model reads).
"""

from __future__ import annotations

from collections.abc import Iterable

from coordinator.runtime.permission_bash import _one_command
from coordinator.runtime.permission_match import rule_matches
from coordinator.runtime.permission_paths import Call
from coordinator.runtime.permission_rules import Rule
from coordinator.runtime.shell_options import Effect, Found, option_effects
from coordinator.runtime.shell_words import (
    built,
    commands_run_by,
    defines_function,
    read_command,
    unwrapped,
)


def unapproved(allows: Iterable[Rule], call: Call) -> str | None:
    """Why ``allows`` do not cover ``call`` whole, or None when they do: a file tool's every
    path, and for Bash every simple command of the line (:func:`bash_unapproved`)."""
    allows = list(allows)
    if call.name != "Bash":
        if any(rule_matches(r, call, every=True) for r in allows):
            return None
        return "no rule covers it (every file it works on must be)"
    if any(r.tool == "Bash" and r.bare for r in allows):
        return None
    specs = [str(r.specifier).strip() for r in allows if r.tool == "Bash" and not r.bare]
    command = call.args.get("command")
    return bash_unapproved(specs, command if isinstance(command, str) else "")


def bash_unapproved(specs: list[str], command: str) -> str | None:
    """Why the ``Bash(...)`` rules ``specs`` do not approve ``command``, or None: each of its
    simple commands (quotes honoured) must match one as written or without Claude Code's
    process wrappers (``timeout``, ``time``, ``nice``, ``nohup``, ``stdbuf``), and so must
    each command ``find -exec`` runs; none may write a file by redirection (``>``, ``>>``,
    ``&>``, ``2>``…; ``/dev/null`` and copies such as ``2>&1`` are no file), since a rule
    approves a command, not the files it could overwrite; and a line running a command
    inside its words (``$(…)``, backticks, ``<(…)``, ``>(…)``) is approved by no rule; nor
    is one with an option that writes a file or runs a program (``git diff --output=F``:
    :func:`option_effects`) unless the matching rule names that option itself."""
    read = read_command(command)
    if read.unreadable is not None:
        return f"it cannot be read as a shell command ({read.unreadable})"
    if read.substitution:
        return (
            "it runs a command inside its words ($(...), backticks, <(...) or >(...)), "
            "which no rule sees"
        )
    if not read.parts:
        return "it is empty"
    for part in read.parts:
        if defines_function(part.words):  # (``sort () ( rm x ); sort``)
            return (
                f"{part.text!r} defines a function, which a later command of its name "
                "runs instead of the program: a rule approves commands, not definitions"
            )
        if part.writes:
            return (
                f"{part.text or 'it'!r} writes a file by redirection ({', '.join(part.writes)}): "
                "a rule approves a command, not the files it would overwrite (only /dev/null "
                "and copies such as 2>&1 pass)"
            )
        why = _unapproved_words(specs, part.words)
        if why is not None:
            return why
    unnamed = (_unnamed_option(specs, part.words) for part in read.parts)
    return next((why for why in unnamed if why is not None), None)


def _matched(specs: list[str], words: list[str]) -> list[tuple[str, int]]:
    """The specs that approve the simple command ``words``, each with how many wrapper
    words before the command it was matched without (0: as written)."""
    bare = unwrapped(words)
    forms = {len(words) - len(bare): bare, 0: words}
    return [
        (s, skip) for s in specs for skip, form in forms.items() if _one_command(s, " ".join(form))
    ]


def _unapproved_words(specs: list[str], words: list[str]) -> str | None:
    """Why no spec approves the simple command ``words`` (or a command it runs), or None."""
    if not _matched(specs, words):
        return f"{' '.join(words)!r} matches no rule"
    bare = unwrapped(words)
    for inner in commands_run_by(bare):
        if _unapproved_words(specs, inner) is not None:
            how = "find -exec" if bare[0].rsplit("/", 1)[-1] == "find" else "fd -x"
            return f"{' '.join(bare)!r} runs {' '.join(inner)!r} ({how}), which matches no rule"
    return None


def _unnamed_option(specs: list[str], words: list[str]) -> str | None:
    """Why the approved simple command ``words`` (or a command ``find -exec`` runs) is
    refused after all: an option that writes a file or runs a program
    (:func:`option_effects`) that no matching spec names itself; None when there is none."""
    effects = option_effects(words)
    if effects or any(map(built, words)):
        unnamed = []
        for spec, skip in _matched(specs, words):
            named = range(_named_words(spec, len(words)))
            unnamed.append(
                [e for e in effects if e.at - skip not in named]
                + _rebuilt(spec, words[skip : skip + len(named)], skip)
            )
        if all(unnamed):
            return unnamed[0][0].reason(" ".join(words))
    inner = (_unnamed_option(specs, w) for w in commands_run_by(unwrapped(words)))
    return next((why for why in inner if why is not None), None)


def _rebuilt(spec: str, named: list[str], skip: int) -> list[Found]:
    """The words of ``named`` (those ``spec`` matched by its own words, from ``skip``) that
    the shell builds when it runs and ``spec`` does not write as they are: a glob, brace list
    or expansion glued on (``git diff*``, ``git diff{tool,}``: ``git difftool``)."""
    own = spec.removesuffix(":*").split()
    return [
        Found(skip + i, word, Effect.REBUILT)
        for i, word in enumerate(named)
        if built(word) and (i >= len(own) or own[i] != word)
    ]


def _named_words(spec: str, whole: int) -> int:
    """How many first words of a command ``spec`` names as written (``sort -o:*``: 2; an
    exact rule: all ``whole``): an option among them is the user's own approval."""
    if spec.endswith(":*"):
        return len(spec[:-2].split())
    if "*" not in spec:
        return whole
    head = spec.split("*", 1)[0]
    return len(head.split()) - (not head.endswith(" ") and bool(head))
