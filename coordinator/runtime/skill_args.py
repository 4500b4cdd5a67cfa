"""Which commands of an enabled plugin's SKILL.md see the plugin's folders once a Skill
call's arguments are in them (claude105).

Claude Code runs a plugin command such as ``!`${CLAUDE_PLUGIN_ROOT}/scripts/x.sh
$ARGUMENTS``` with the arguments substituted as text, unsandboxed. coord runs a plugin
skill's commands in the agent's Bash sandbox with the plugin's folder and data folder shown
read-only (claude104); review109 showed them only to the commands the SKILL.md has as
written, since arguments substituted as text can write a command of their own or close the
plugin's (``x; cat DATA/token``). That left every plugin command taking an argument unable
to find its own script.

A command the arguments fill now sees the folders too when (:func:`own_commands`) both hold:

* the arguments are **plain words** (:func:`plain`): letters, digits, white space and
  ``_ . , : = @ % + - /`` only, so substituted anywhere they are literal text (no quote,
  ``$``, backquote, operator, glob, ``~``, ``#``, ``!``, new line), never a command or a
  change to the plugin's; no word has a ``..`` part, and none, nor a part of it after
  ``=``, ``:`` or ``,`` (or ``@ % +``), nor what follows a short option's letter (``-fX``,
  review112), names (as a path, absolute or from the workspace, links followed)
  a shown folder, a place in one or a folder above one: an argument cannot point the
  plugin's program at its tokens, even through a link an agent made;
* in the command as the SKILL.md writes it, each placeholder the arguments fill comes
  after **the plugin's own program** in its simple command (:func:`runs_plugin`): the
  command (split at ``;``, ``&&``, ``||``, ``|``, ``&`` and new lines; none with a backquote
  or parenthesis: no command substitution or subshell) starts, after ``NAME=value``
  words, with a path in a shown folder, or with a known interpreter and its options and
  then such a path. The program the arguments reach is the plugin's, never one they name.

Anything else runs as review109 has it: in the agent's own context, the home hidden, as
does every command of the plugin while a link in the workspace leads in or above its
folders (:func:`~coordinator.runtime.skill_shell.linked_into`, review112). Not covered
(as for a plugin command without arguments): what the plugin's program itself does with
the words it is given (resolved from a folder it changes to, say), and workspace code it
runs (a ``conftest.py`` its test runner imports); Claude Code runs it with all the
user's powers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from coordinator.runtime.skill_shell import command_list, reaches

#: What plain arguments are made of.
_PLAIN = re.compile(r"[A-Za-z0-9_.,:=@%+/ \-]+")
#: The parts of an argument word read as paths.
_PARTS = re.compile(r"[=:,]")
#: What a program may read a path after, in one word (``--file=X``, ``@X``, ``+X``).
_TAILS = frozenset("=:,@%+")
#: What marks the N-th argument in the text rendered with markers (no SKILL.md has it).
_MARK = "\x1f"
#: Where one simple command ends and another starts (not ``&`` of ``2>&1`` or ``&>``).
_OPERATOR = re.compile(r"&&|\|\||[;|\n]|(?<![<>])&(?!>)")
#: What makes a command nest another: command substitution, subshells.
_NESTED = re.compile(r"[`()]")
#: An environment assignment before a command's program.
_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=")
#: Programs that run the file named after their options.
INTERPRETERS = frozenset(
    {"sh", "bash", "dash", "zsh", "python", "python3", "node", "ruby", "perl", "php", "bun"}
)


def own_commands(
    render: Callable[[str], str], args: str, folders: Sequence[Path], root: Path
) -> frozenset[str]:
    """The commands of a plugin skill that see its ``folders`` (read-only) when invoked with
    ``args`` (``render``: the skill's text with the given arguments substituted, ``root``:
    the workspace): those its SKILL.md has without argument, and those the arguments fill
    when :func:`plain` and :func:`runs_plugin` allow."""
    written = frozenset(command_list(render("")))
    if not args.strip() or not plain(args, folders, root):
        return written
    filled = command_list(render(args))
    count = len(args.split())
    marked = command_list(render(" ".join(f"{_MARK}{n}{_MARK}" for n in range(count))))
    if len(marked) != len(filled):
        return written
    return written | {
        done
        for done, mark in zip(filled, marked, strict=True)
        if _MARK not in mark or runs_plugin(mark, folders)
    }


def plain(args: str, folders: Sequence[Path], root: Path) -> bool:
    """Whether ``args`` are words that stay literal wherever substituted and name no place
    in (or above) ``folders``, as paths from ``root``, links followed."""
    if _PLAIN.fullmatch(args) is None:
        return False
    shown = [Path(os.path.realpath(f)) for f in folders]
    for word in args.split():
        parts = _parts(word)
        if any(".." in part.split("/") for part in parts):
            return False
        for part in filter(None, parts):
            place = Path(os.path.realpath(root / part))  # (an absolute part replaces root)
            if reaches(place, shown):
                return False
    return True


def _parts(word: str) -> set[str]:
    """What of ``word`` a program may read as a path: it whole, its parts between ``=``,
    ``:`` and ``,``, what follows any of ``=:,@%+`` (``--file=X``, ``@X``), and in a word of
    short options (``-fX``, ``-vfX``) all that follows its first letter (review112: ``-ft``
    gave a ``getopts`` script the link ``t``, ``-f/PATH`` the token's path)."""
    parts = {word, *_PARTS.split(word)}
    parts.update(word[at + 1 :] for at, char in enumerate(word) if char in _TAILS)
    if word.startswith("-") and not word.startswith("--"):
        parts.update(word[at:] for at in range(2, len(word)))
    return parts


def runs_plugin(command: str, folders: Sequence[Path]) -> bool:
    """Whether, in ``command`` (the arguments marked), every simple command holding an
    argument runs a program in ``folders`` before it (directly, or by an interpreter)."""
    if _NESTED.search(command):
        return False
    places = {str(f) for f in folders} | {os.path.realpath(f) for f in folders}
    for part in _OPERATOR.split(command):
        at = part.find(_MARK)
        if at >= 0 and not _program_in(part[:at].split(), places):
            return False
    return True


def _program_in(words: list[str], places: set[str]) -> bool:
    """Whether the command whose first ``words`` are these runs a file under ``places``."""
    bare = [w.strip("'\"") for w in words]
    at = 0
    while at < len(bare) and _ASSIGNMENT.match(bare[at]):
        at += 1
    if at < len(bare) and bare[at] in INTERPRETERS:
        at += 1
        while at < len(bare) and bare[at].startswith("-"):
            at += 1
    if at >= len(bare):
        return False
    program = bare[at]
    return ".." not in program.split("/") and any(program.startswith(f"{p}/") for p in places)
