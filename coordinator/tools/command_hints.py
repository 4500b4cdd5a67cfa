"""What an agent is told after a sandboxed command: the note listing what the guard undid
(:func:`protected_note`), and the hints that explain a refused write (:func:`protected_hint`:
a protected path; :func:`git_hint`: a ref or the stash in a worktree run;
:func:`own_code_hint`: coord's own installation; :func:`nested_hint`: a nested workspace's
session folder), each read from the command's output; and :func:`denied_note`: the paths
the settings deny commands that the command line or its output names, with their rules.
"""

from __future__ import annotations

import re
from pathlib import Path

from coordinator.sanitize import shown_name
from coordinator.tools.base import GitAccess
from coordinator.tools.denied import Access, Denial
from coordinator.tools.workspace import (
    CLAUDE_DIR,
    COORDINATOR_DIR,
    GIT_DIR,
    PROTECTED_PATHS,
    own_code_in,
)


def protected_note(undone: list[str]) -> str:
    """The line a command's output gets when its changes to protected paths were undone."""
    return (
        "[protected paths (they shape what agents may do later) cannot be created or "
        f"replaced by a command; undone: {'; '.join(undone)}]"
    )


#: How a write to a read-only bind mount (or a move of its folder) fails in a command.
_MOUNT_ERRORS = ("Read-only file system", "Device or resource busy")


def protected_hint(output: str) -> str | None:
    """A line naming the protected paths a command's ``output`` failed to write (a read-only
    mount's error on the line naming the path), so that the agent knows why; None otherwise."""
    names = [*PROTECTED_PATHS, CLAUDE_DIR, GIT_DIR, COORDINATOR_DIR]
    named: dict[str, None] = {}
    for line in output.splitlines():
        if any(error in line for error in _MOUNT_ERRORS):
            named.update({n: None for n in names if _PATH_WORD[n].search(line)})
    hit = [n for n in named if not any(m.startswith(f"{n}/") for m in named)]
    if not hit:
        return None
    return (
        f"[{', '.join(hit)}: protected (they shape what agents may do later): commands see "
        "them read-only and cannot move their folders; reading them is allowed]"
    )


#: How git fails to write a ref, or the stash, it may not write in a worktree run.
_GIT_REFUSED = re.compile(r"cannot lock ref '|Cannot save the current status|packed-refs")


def git_hint(output: str, git: GitAccess) -> str | None:
    """In a worktree run (``git``: its access), a line saying what its git may write when
    the command's ``output`` shows a ref, the stash or ``packed-refs`` refused (``git tag``,
    ``git stash``, ``git branch``); None otherwise."""
    if not git.branch or not _GIT_REFUSED.search(output):
        return None
    return (
        f"[this worktree run's git commits only to its branch {git.branch}, which coord "
        "merges back when the run ends; tags, other branches, the stash and git's settings "
        "are the repository's, read-only to commands]"
    )


def own_code_hint(output: str, root: Path) -> str | None:
    """A line saying why a command's ``output`` failed to write coord's own installation in
    the workspace ``root`` (:func:`own_code_in`: coord run from the project's ``.venv``: an
    agent's ``pip install`` there), and what lets agents manage that environment; None when
    no read-only error names it."""
    base = root.resolve(strict=False)
    words = {
        folder: re.compile(
            rf"(?<![\w.-])({re.escape(str(folder))}|{re.escape(folder.relative_to(base).as_posix())})"
            r"(?![\w.-])"
        )
        for folder in own_code_in(base)
    }
    lines = [line for line in output.splitlines() if any(e in line for e in _MOUNT_ERRORS)]
    hit = [str(f.relative_to(base)) for f, word in words.items() if any(map(word.search, lines))]
    if not hit:
        return None
    return (
        f"[{', '.join(hit)}: coord's own installation (the coord running this session runs "
        "from it), read-only to commands: a change would run in the next coord. For agents "
        "to install packages there, run a coord installed outside the project (pipx install "
        "coordinator, or uv tool install coordinator)]"
    )


def nested_hint(output: str, root: Path) -> str | None:
    """A line saying why a command's ``output`` failed to remove or move a folder holding
    the session folder of a workspace nested in ``root`` (``rm -rf app`` with
    ``app/.coordinator``, coord's own: :func:`~coordinator.tools.owned.own_folders_in`):
    it is hidden from commands by an empty read-only mount, which no command can remove
    nor move (a mount, unlike a file's permissions, cannot be undone from inside), and its
    folder is kept in place so that it stays hidden; the user removes it. None otherwise."""
    from coordinator.tools import owned

    lines = [line for line in output.splitlines() if any(e in line for e in _MOUNT_ERRORS)]
    if not lines:
        return None
    base = root.resolve(strict=False)
    nested = [f.parent for f in owned.own_folders_in(base) if f.parent != base]
    words = {
        folder: re.compile(
            rf"(?<![\w.-])({re.escape(str(folder))}|{re.escape(folder.relative_to(base).as_posix())})"
            r"(?![\w-])"
        )
        for folder in nested
    }
    hit = [f.relative_to(base).as_posix() for f, w in words.items() if any(map(w.search, lines))]
    if not hit:
        return None
    names = ", ".join(hit)
    return (
        f"[{names}: a workspace nested in this one, with its own coord sessions in "
        f"{COORDINATOR_DIR}/ (hidden from commands: an empty read-only mount no command can "
        f"remove or move, so {names} can be neither removed nor moved by a command; the rest "
        f"of it is writable). To delete it, run rm -rf {names} yourself, outside coord]"
    )


_PATH_WORD = {
    n: re.compile(rf"(?<![\w.-]){re.escape(n)}(?![\w.-])")
    for n in (*PROTECTED_PATHS, CLAUDE_DIR, GIT_DIR, COORDINATOR_DIR)
}


#: The most denied paths one :func:`denied_note` names (the rest counted).
DENIED_NAMED = 5
#: What each kind of denial does to a command, as the note says it.
_DENIED_AS = {
    Access.HIDDEN: "unreadable (shown empty)",
    Access.READ_ONLY: "read-only",
}


def denied_note(denials: list[Denial], command: str, output: str, root: Path) -> str | None:
    """One line naming each path of ``denials`` (those the settings denied the command in
    the workspace ``root``) that the ``command`` line or its ``output`` names as a whole
    word (its path relative to ``root``, or its absolute path; or the link it was hidden
    whole for, :attr:`~coordinator.tools.denied.Denial.link`), what the sandbox did with it
    and the rule that denies it, with the rule's settings file; None when it names none. A
    read-only path only when the output shows a write refused (a read of it works). Names
    and rules only: what a hidden path holds is never read; a name with a line break or
    another control character escaped (:func:`~coordinator.sanitize.shown_name`)."""
    text = f"{command}\n{output}"
    refused = any(error in output for error in _MOUNT_ERRORS)
    named: list[str] = []
    for denial in denials:
        for path in (denial.link, denial.path):
            if path is None or (denial.access == Access.READ_ONLY and not refused):
                continue
            if path.name not in text:
                continue  # (its name absent: neither of its paths is there; one scan in C)
            shown = _shown_path(path, root)
            if any(_names_word(text, name) for name in dict.fromkeys((shown, str(path)))):
                named.append(f"{shown_name(shown)} {_DENIED_AS[denial.access]} under {denial.rule}")
                break
    if not named:
        return None
    more = len(named) - DENIED_NAMED
    listed = "; ".join(named[:DENIED_NAMED]) + (f"; and {more} more" if more > 0 else "")
    return f"[paths the settings deny commands: {listed}]"


def _shown_path(path: Path, root: Path) -> str:
    """``path`` as the note names it: relative to the workspace ``root``, else absolute."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _names_word(text: str, name: str) -> bool:
    """Whether ``text`` holds ``name`` as a whole word of a path (a ``/`` may follow it;
    not a letter, digit, ``.``, ``-`` or ``_`` on either side)."""
    if name not in text:  # (the common case: one scan in C)
        return False
    return re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])", text) is not None
