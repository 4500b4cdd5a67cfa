"""Whether a program the user runs would run code an agent could have written: the file of
the workspace a command's words name, a module a Python runs or imports, a shell's ``-c``
command line looked into, then what a program reads of its working folder
(:mod:`coordinator.tools.implicit`) and the environment it runs with
(:func:`writable_file_named`). Hooks and MCP servers that would are confined.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from coordinator.tools.gitdirs import read_plain
from coordinator.tools.workspace import is_reserved, protected_entry


def writable_file_named(
    root: Path,
    words: Iterable[str],
    environ: Mapping[str, str] | None = None,
    original: Path | None = None,
) -> str | None:
    """The first of ``words`` (a command's, relative to ``root`` or absolute) that names a
    file in ``root`` an agent may write (not protected, not the coordinator's own), or, for
    a Python (``python``, ``uv run``), a module in ``root`` it runs (``-m pkg``, ``-mpkg``,
    ``-Im pkg``) or imports (``-c 'import pkg'``; run from ``root``, Python imports it from
    there); a shell's ``-c`` command line is looked into the same way. A program the user
    runs from it would run the agent's code. Failing that, a program that runs code of its
    working folder (the workspace, where hooks and servers run) without a word naming it
    (:mod:`coordinator.tools.implicit`: ``npm start``, ``make``, ``pytest``), when the
    workspace holds what it reads: ``"make, which reads Makefile"``. Failing that, the
    environment it runs with (``environ``, by default coord's own, which a user's hook
    gets) sending a loader into the workspace (the user's ``PYTHONPATH`` naming its
    ``src``, a program found there through ``PATH``:
    :func:`~coordinator.tools.implicit.environment_code`). The words are read again with
    the variables the line itself assigns expanded (``a=.pyuser; PYTHONUSERBASE=$a``:
    :func:`~coordinator.tools.shell_vars.assigned_words`). None when there is none.
    ``original``: the workspace when ``root`` is a worktree run's checkout of it, whose
    protected files an agent may have chosen too (:func:`_agents_may_write`)."""
    from coordinator.tools.shell_vars import assigned_words

    base = root.resolve(strict=False)
    workspace = original.resolve(strict=False) if original is not None else None
    for given in assigned_words(list(words)):
        found = _one_reading(_Folder(base, workspace), given, environ)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class _Folder:
    """The folder a program runs in (resolved), and the workspace it is a worktree run's
    checkout of (None: it is the workspace)."""

    base: Path
    original: Path | None = None


def _one_reading(
    folder: _Folder, given: list[str], environ: Mapping[str, str] | None
) -> str | None:
    """:func:`writable_file_named` for one reading of the words ``given``."""
    from coordinator.tools.implicit import environment_code, implicit_code

    base = folder.base
    named = _named(folder, given, _SHELL_DEPTH)
    held, where = functools.partial(_held, folder), functools.partial(_where, base)
    text = functools.partial(_head_text, base)
    env = os.environ if environ is None else environ
    found = named or implicit_code(given, held, _SHELL_DEPTH, where, text, env)
    if found is not None:
        return found
    writable = functools.partial(_agents_may_write, folder)
    return environment_code(given, env, where, writable, _SHELL_DEPTH)


def _head_text(base: Path, rel: str) -> str:
    """The first 256 KB of the workspace's regular file ``rel`` as text ("" otherwise)."""
    head = read_plain(base / rel, 256 * 1024)
    return "" if head is None else head.decode("utf-8", errors="replace")


def _where(base: Path, word: str) -> str | None:
    """What ``word`` (relative to ``base``, or absolute) names in ``base``: its path
    relative to it (``.`` for ``base``), a folder's ending in ``/``; None when it names
    nothing there."""
    if not word or "\x00" in word or len(word) > 4096:
        return None
    try:
        path = (base / word).resolve()
        if not path.is_relative_to(base) or not os.path.lexists(path):
            return None
        rel = path.relative_to(base).as_posix()
        return f"{rel}/" if path.is_dir() else rel
    except (OSError, RuntimeError, ValueError):
        return None


def _held(folder: _Folder, pattern: str, wanted: Callable[[str], bool]) -> list[str]:
    """The entries of ``folder`` matching ``pattern`` (a name or a glob; a link counts) that
    ``wanted`` keeps (given the relative name) and an agent may write
    (:func:`_agents_may_write`), relative to it."""
    base = folder.base
    if "**/" in pattern:
        return _held_below(folder, pattern, wanted)
    if not any(c in pattern for c in "*?["):
        found = [base / pattern] if os.path.lexists(base / pattern) else []
    else:
        found = sorted(base.glob(pattern))
    names = [p.relative_to(base).as_posix() for p in found]
    return [name for name in names if wanted(name) and _agents_may_write(folder, name)]


def _agents_may_write(folder: _Folder, name: str) -> bool:
    """Whether an agent may have written ``name`` (relative to the folder): neither coord's
    own nor protected, or, in a worktree run's checkout, protected but not holding what the
    workspace has at its place (:func:`_as_in_workspace`): the checkout is of HEAD, which
    any command's ``git commit`` in the workspace may have moved (redteam114: a user's
    hook running ``sh .claude/hooks/check.sh`` ran, in a worktree run, the script an
    agent's earlier command had committed, as the user)."""
    base, path = folder.base, folder.base / name
    if is_reserved(base, path):
        return False
    if protected_entry(base, path) is None:
        return True
    return folder.original is not None and not _as_in_workspace(folder, path)


#: The most of a protected file compared with the workspace's (a longer one: the agent's).
_COMPARED = 16 * 1024 * 1024


def _as_in_workspace(folder: _Folder, path: Path) -> bool:
    """Whether the file ``path`` of the worktree run's checkout ``folder`` holds the bytes
    of the file at its place in the workspace (what that leads to: the user's), both
    regular files."""
    if folder.original is None:
        return False
    try:
        theirs = (folder.original / path.relative_to(folder.base)).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    ours = read_plain(path, _COMPARED + 1)
    return ours is not None and len(ours) <= _COMPARED and ours == read_plain(theirs, len(ours) + 1)


def _held_below(where: _Folder, pattern: str, wanted: Callable[[str], bool]) -> list[str]:
    """:func:`_held` for ``FOLDER/**/NAME`` (a glob of names at any depth): the first one
    found (the walk stops there; links to folders are not followed)."""
    import fnmatch

    base = where.base
    top, name = pattern.split("**/", 1)
    for folder, dirs, files in os.walk(base / top):
        dirs.sort()
        for file in sorted(fnmatch.filter(files, name)):
            rel = Path(folder, file).relative_to(base).as_posix()
            if wanted(rel) and _agents_may_write(where, rel):
                return [rel]
    return []


#: How many shells' ``-c`` command lines inside one another are looked into.
_SHELL_DEPTH = 3
#: ``import pkg`` / ``from pkg import`` in a ``python -c`` program.
_IMPORTED = re.compile(r"(?:^|[\s;(])(?:import|from)\s+([A-Za-z_][\w.]*)")


#: The programs that add node's endings (:data:`~coordinator.tools.implicit.NODE_ENDINGS`)
#: to a script or ``-r`` module named without one, for a command that runs node.
_NODES = frozenset({"node", "nodejs"})


def _named(folder: _Folder, given: list[str], depth: int) -> str | None:
    """:func:`writable_file_named` for ``given``, shells looked into ``depth`` deep."""
    from coordinator.tools.implicit import NODE_ENDINGS  # (implicit imports not this module)

    python = _is_python(given)
    endings = NODE_ENDINGS if any(os.path.basename(w) in _NODES for w in given) else ()
    for i, word in enumerate(given):
        if not word or "\x00" in word:
            continue
        option = _python_option(given, i) if python else None
        if option is not None:
            flag, value = option
            names = _module_files(value) if flag == "m" else _imported_files(value)
        elif word.startswith("-"):
            continue
        else:
            names = [word, *(word + ending for ending in endings)]
        if any(_writable(folder, name) for name in names):
            return _as_named(folder, word)
        shell_c = i > 0 and given[i - 1].startswith("-") and "c" in given[i - 1]
        if depth and " " in word and (shell_c or "eval" in given[:i]):  # (``eval 'sh ./w'``)
            if _line_names(folder, word, depth - 1):
                return word
    return None


#: Why a protected file of a worktree run's checkout counts as an agent's, and what to do
#: (review145: a user's uncommitted edit of ``.claude/hooks/check.sh`` had the user's own
#: hook refused in every worktree run as one running "workspace code an agent can rewrite").
CHECKOUT_DIFFERS = (
    "as the run's worktree holds it, a checkout of HEAD other than the workspace's copy "
    "(an edit not committed yet, or a commit an agent's command made): commit it"
)


def _as_named(folder: _Folder, word: str) -> str:
    """``word`` (naming a file an agent may write), or, when it is a protected file of a
    worktree run's checkout holding other than the workspace, that file (relative to the
    checkout: ``$PWD/.claude/hooks/x.sh`` too) with why and what to do
    (:data:`CHECKOUT_DIFFERS`)."""
    if folder.original is None:
        return word
    try:
        path = (folder.base / word).resolve()
    except (OSError, RuntimeError, ValueError):
        return word
    if not path.is_relative_to(folder.base) or protected_entry(folder.base, path) is None:
        return word
    return f"{path.relative_to(folder.base).as_posix()} {CHECKOUT_DIFFERS}"


#: A command substitution's body in a shell line: ``$(...)`` (none nested) or backquotes.
_SUBSTITUTED = re.compile(r"\$\(([^()]*)\)|`([^`]*)`")


def _line_names(folder: _Folder, line: str, depth: int) -> bool:
    """Whether the shell command line ``line``, or a command it substitutes (``echo
    "Bearer $(./token.sh)"``: review103, a headersHelper's usual shape), names a file in
    ``base`` an agent may write (:func:`_named`)."""
    bodies = (a or b for a, b in _SUBSTITUTED.findall(line))
    for text in (line, *bodies):
        inner = _split(text)
        if inner and _named(folder, inner, depth) is not None:
            return True
    return False


def _python_option(given: list[str], i: int) -> tuple[str, str] | None:
    """``("m", module)`` or ``("c", program)`` when ``given[i]`` is (or ends) a Python
    option naming one: ``-m pkg``, ``--module pkg`` (uv run), ``-mpkg``, ``-Im pkg``."""
    word = given[i]
    if i > 0 and given[i - 1] == "--module":
        return "m", word
    prev = given[i - 1] if i > 0 else ""
    if _short_flags(prev) and prev[-1] in "mc":
        return prev[-1], word
    if _short_flags(word):
        for k, letter in enumerate(word[1:], start=1):
            if letter in "mcWX":
                rest = word[k + 1 :]
                return (letter, rest) if letter in "mc" and rest else None
    return None


def _short_flags(word: str) -> bool:
    """Whether ``word`` is a run of Python's short options (``-I``, ``-Im``, ``-msrv``)."""
    return len(word) > 1 and word[0] == "-" and word[1] != "-"


def _split(line: str) -> list[str]:
    """A shell command line's words (none when it cannot be split)."""
    import shlex

    from coordinator.tools.implicit import ansi_c_decoded

    try:
        return shlex.split(ansi_c_decoded(line))
    except ValueError:
        return []


def _is_python(words: list[str]) -> bool:
    """Whether a Python interpreter (``python3``, ``/usr/bin/python3.11``, ``uv run``) is
    among ``words``."""
    names = [Path(w).name for w in words]
    return any(n.startswith("python") for n in names) or ("uv" in names and "run" in names)


def _imported_files(program: str) -> list[str]:
    """Where the modules a ``python -c`` ``program`` imports are found, as :func:`_module_files`."""
    return [f for module in _IMPORTED.findall(program) for f in _module_files(module)]


def _module_files(module: str) -> list[str]:
    """Where ``python -m module`` finds its top package, relative to the working folder."""
    top = module.split(".")[0]
    dotted = module.replace(".", "/")
    found = [f"{top}.py", f"{top}/__init__.py", f"{top}/__main__.py", f"{dotted}.py"]
    return found if top else []


def _writable(folder: _Folder, word: str) -> bool:
    """Whether ``word`` names a file in the folder an agent may write
    (:func:`_agents_may_write`); in a worktree run's checkout, one a link there leads to in
    the workspace counts as the workspace has it (redteam114: HEAD's
    ``.claude/hooks/check.sh`` committed as a link to the agent's ``evil.sh``)."""
    base = folder.base
    try:  # (a word longer than a file's name may be: ``jq '<filter of 300 characters>'``)
        path = (base / word).resolve()
        if not path.is_relative_to(base) and folder.original is not None:
            base, folder = folder.original, _Folder(folder.original)
        if path == base or not path.is_relative_to(base) or not path.is_file():
            return False
    except (OSError, RuntimeError, ValueError):
        return False
    return _agents_may_write(folder, path.relative_to(base).as_posix())
