"""Files an ignore rule hides that was not there when a session's first command ran
(claude105).

A command's changes are what ``git status`` lists (:mod:`coordinator.tools.changes`), and
``git status`` leaves out what the ignore rules match: any ``.gitignore`` in the work tree
and ``.git/info/exclude``, files any command can write (``core.excludesFile`` lies in
``.git/config``, which no command changes). A command that wrote ``secret.txt`` and a
``.gitignore`` naming it (or that wrote the rule first and the file in a later command)
left it out of the run's changed files, ``coord log`` and the auditor's view.

So each snapshot also reads the rules as they are (:func:`rule_texts`: the ``.gitignore``
files git tracked under the workspace when the session first looked, those ``git status``
lists now, and ``.git/info/exclude``) and compares them with those of the session's first
snapshot of that workspace (:class:`IgnoreBase`). While they are the same, nothing more is
done: the files ignored are those the user's own rules hid when the session started
(``node_modules``, build output), not followed as before. Once they differ, each path git
lists as ignored (``--ignored=matching``: a folder a rule names as one, walked here) is
checked against the first rules, written to a throw-away repository
(``git check-ignore --no-index``, each path once a session): one they did not ignore is
listed with the status ``!!`` and followed as any other file (:func:`hidden`). The rules
of the folders above the workspace, which no command writes, are taken as they are.

Kept per process: a session resumed in another process takes its first rules again there.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import CompletedProcess

#: A rule file's name in a folder, and git's own list of rules, from the work tree's top.
RULES_NAME = ".gitignore"
EXCLUDE = ".git/info/exclude"
#: How git is run (in a folder, with these arguments, its standard input reading the bytes
#: given): :func:`coordinator.tools.changes.run_git`; None when it cannot start.
RunGit = Callable[[Path, tuple[str, ...], bytes | None], "CompletedProcess[bytes] | None"]
#: The tracked rule files under a folder, from the work tree's top.
_TRACKED = ("ls-files", "-z", "--cached", "--full-name", "--", f":(glob)**/{RULES_NAME}")


@dataclass(frozen=True)
class Rules:
    """The ignore rules of a work tree whose top is ``top``: each rule file's bytes (None:
    absent) by its path from the top; ``ignored``: what :func:`hidden` found of the files
    it checked against them (True: they ignore it), which no later change alters."""

    top: Path
    texts: Mapping[str, bytes | None]
    ignored: dict[str, bool] = field(default_factory=dict)


class IgnoreBase:
    """The ignore rules each workspace had when a session's first snapshot of it was taken
    (by workspace folder; one per session's tools, shared by its runs)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._first: dict[Path, Rules] = {}
        self._nests: dict[Path, frozenset[str]] = {}

    def first_nests(self, root: Path, now: Iterable[str]) -> frozenset[str]:
        """The repositories nested in ``root`` (as git lists them, ``X/``) at the session's
        first snapshot of it; ``now`` kept when there are none yet (review112: the files
        of one a command made since are followed, :func:`files_in`)."""
        with self._lock:
            return self._nests.setdefault(root, frozenset(now))

    def first(self, root: Path, now: Callable[[], Rules | None]) -> Rules | None:
        """The first rules kept for ``root``; ``now()`` kept when there are none yet."""
        with self._lock:
            kept = self._first.get(root)
            if kept is None:
                taken = now()
                if taken is not None:
                    self._first[root] = taken
                return taken
            return kept


def rule_texts(top: Path, root: Path, listed: Iterable[str], tracked: Iterable[str]) -> Rules:
    """The rules now: ``.git/info/exclude``, the ``.gitignore`` of each folder from ``top``
    down to ``root`` (exclusive), and the rule files ``listed`` (by git's status) or
    ``tracked``, each by its path from ``top``."""
    names = {EXCLUDE, *tracked, *(n for n in listed if _is_rules(n))}
    folder = root
    while folder != top and folder.is_relative_to(top):
        folder = folder.parent
        names.add((folder / RULES_NAME).relative_to(top).as_posix())
    return Rules(top, {name: _read(top / name) for name in sorted(names)})


def tracked_rules(root: Path, run: RunGit) -> list[str] | None:
    """The rule files git tracks under ``root``, from the top (None: git could not say)."""
    done = run(root, _TRACKED, None)
    if done is None or done.returncode != 0:
        return None
    return [os.fsdecode(n) for n in done.stdout.split(b"\0") if n]


def changed(first: Rules, listed: Iterable[str]) -> bool:
    """Whether any rule file of ``first``, or one git ``listed`` now, differs from then."""
    names = {*first.texts, *(n for n in listed if _is_rules(n))}
    return any(_read(first.top / n) != first.texts.get(n) for n in names)


def hidden(first: Rules, ignored: Iterable[str], run: RunGit, most: int) -> list[str]:
    """The files of those git lists as ``ignored`` (paths from the top; a folder ending in
    ``/``) that ``first``'s rules did not ignore: a folder they ignored is not looked into
    (no rule takes back a file in it), one they did not is walked (at most ``most``
    files). When git cannot say, every file counts (listed rather than lost)."""
    given = list(ignored)
    if not _known(first, given, run):
        return _walk_all(first.top, given, most)
    files = [n for n in given if not n.endswith("/") and not first.ignored[n]]
    for folder in (n for n in given if n.endswith("/") and not first.ignored[n]):
        files += files_in(first.top, folder.rstrip("/"), most - len(files))
        if len(files) >= most:
            return files
    if not _known(first, files, run):
        return files
    return [f for f in files if not first.ignored[f]]


def _walk_all(top: Path, names: list[str], most: int) -> list[str]:
    """The files ``names`` are (a folder's walked), at most ``most``."""
    files: list[str] = []
    for name in names:
        room = most - len(files)
        files += files_in(top, name.rstrip("/"), room) if name.endswith("/") else [name]
        if len(files) >= most:
            break
    return files


def _known(first: Rules, paths: list[str], run: RunGit) -> bool:
    """Whether ``first.ignored`` says, or now says, for each of ``paths`` (False: git
    could not say)."""
    asked = [p for p in paths if p not in first.ignored]
    return not asked or _check(first, asked, run)


def _check(first: Rules, files: list[str], run: RunGit) -> bool:
    """Note in ``first.ignored`` whether its rules ignore each of ``files`` (False: git
    could not say)."""
    import tempfile  # (here: the light commands import this module with tools.base)

    given = b"".join(os.fsencode(f) + b"\0" for f in files)
    try:
        with tempfile.TemporaryDirectory(prefix="coord-ignore-") as scratch:
            then = Path(scratch)
            made = run(then, ("init", "-q", "--template=", "."), None)
            if made is None or made.returncode != 0:
                return False
            for name, text in first.texts.items():
                if text is not None:
                    (then / name).parent.mkdir(parents=True, exist_ok=True)
                    (then / name).write_bytes(text)
            done = run(then, ("check-ignore", "--no-index", "-z", "--stdin"), given)
    except OSError:  # (no scratch folder)
        return False
    if done is None or done.returncode not in (0, 1):  # (1: none of them ignored)
        return False
    was = {os.fsdecode(n) for n in done.stdout.split(b"\0") if n}
    first.ignored.update((f, f in was) for f in files)
    return True


def files_in(top: Path, folder: str, most: int) -> list[str]:
    """The files under ``folder`` (from ``top``), links not followed, git folders skipped,
    at most ``most``."""
    found: list[str] = []
    for place, folders, names in os.walk(top / folder):
        folders[:] = [f for f in folders if f != ".git"]
        base = Path(place).relative_to(top).as_posix()
        links = [f for f in folders if os.path.islink(os.path.join(place, f))]
        found += [f"{base}/{n}" for n in (*names, *links)]
        if len(found) >= most:
            return found[:most]
    return found


def _is_rules(name: str) -> bool:
    return name == RULES_NAME or name.endswith(f"/{RULES_NAME}")


def _read(path: Path) -> bytes | None:
    """``path``'s bytes; None when it is no readable regular file (nor a link)."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return path.read_bytes()
    except OSError:
        return None
