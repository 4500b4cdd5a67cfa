"""The path rules (``Read(path)``, ``Edit(path)``, ``Write(path)``) matched against the
files a call works on: a tool call as the rules see it (:class:`Call`: its name, input,
workspace and home, and the paths it names, as written and where their links lead), and
the gitignore-like patterns (``//abs``, ``~/p``, ``/p`` from the project, ``p`` at any
depth; ``*``, ``**``; a literal name also under any other name reaching the same file,
both Unicode forms). Also read by the Bash sandbox's denies
(:mod:`coordinator.runtime.bash_denies`: :func:`entry_matcher`, :func:`anchored`).
"""

from __future__ import annotations

import os
import re
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from coordinator.tools.globbing import glob_matcher
from coordinator.tools.workspace import named_on_disk

#: The argument naming the file or directory each built-in tool works on, and its default.
_PATH_ARGS: dict[str, tuple[str, str | None]] = {
    "Read": ("file_path", None),
    "Write": ("file_path", None),
    "Edit": ("file_path", None),
    "Grep": ("path", "."),
    "Glob": ("path", "."),
}


@dataclass(frozen=True)
class Call:
    """One tool call as the rules see it: its name, input, workspace and home."""

    name: str
    args: Mapping[str, Any]
    root: Path
    home: Path

    @cached_property
    def targets(self) -> list[Path]:
        """The paths the call works on (:func:`_targets`), found once for every rule."""
        return _targets(self)


def _targets(call: Call) -> list[Path]:
    """The absolute paths a file tool's call works on: as written (``.``/``..`` folded) and
    where its links lead, since the tool follows them (a link to a denied file must not
    get past its rule); none when it names none or a path the tool will refuse anyway
    (an unknown ``~user``, a NUL byte: checking must not raise). A name holding U+FFFD
    is also the file the tool takes it for (:func:`~coordinator.tools.workspace.named_on_disk`:
    a name that is not UTF-8, as the model is shown it), and where that leads."""
    key, default = _PATH_ARGS.get(call.name, ("", None))
    raw = call.args.get(key) or default
    if not isinstance(raw, str) or not raw or "\x00" in raw:
        return []
    try:
        path = Path(raw).expanduser() if raw.startswith("~") else Path(raw)
        spelled = (call.root / path) if not path.is_absolute() else path
        named = named_on_disk(spelled)
        real = named.resolve(strict=False)
    except (OSError, RuntimeError, ValueError):
        return []
    return list(dict.fromkeys([Path(_normal(spelled)), Path(_normal(named)), real]))


def path_matches(pattern: str, target: Path, root: Path, home: Path) -> bool:
    """Whether a gitignore-like path ``pattern`` covers ``target`` or a directory above it."""
    anchored, globs, literal = _prepared(pattern, root, home)
    if anchored:
        globs = tuple(dict.fromkeys([*globs, *(_real_prefix(g) for g in globs)]))
    # (matched in linear time where re would backtrack: an agent chooses the path)
    compiled = [glob_matcher(_nfc(g).lstrip("/") if anchored else _nfc(g)) for g in globs]
    if anchored and literal and not os.path.lexists(literal):
        literal = None  # no file there: no other name reaches it
    for candidate in (target, *target.parents):
        text = _nfc(str(candidate).lstrip("/"))
        if anchored and any(matches(text) for matches in compiled):
            return True
        if not anchored and not _under(candidate, root):
            continue
        if not anchored and compiled[0](_nfc(candidate.name)):
            return True
        if literal and _same_file(candidate, Path(literal) if anchored else None, literal):
            return True
    return False


def entry_matcher(pattern: str, root: Path, home: Path) -> Callable[[str], bool]:
    """:func:`path_matches` of one absolute path (its text) alone, not the folders above it
    (a walk from the top asks each of them first), its glob compiled once: for the many
    entries of a walk."""
    anchored, globs, _ = _prepared(pattern, root, home)
    if not anchored:
        name = glob_matcher(_nfc(globs[0]))
        return lambda text: name(_nfc(text.rpartition("/")[2]))
    globs = tuple(dict.fromkeys([*globs, *(_real_prefix(g) for g in globs)]))
    globs += tuple(g[: -len("/**")] for g in globs if g.endswith("/**"))  # (the folder too)
    compiled = [glob_matcher(_nfc(g).lstrip("/")) for g in globs]
    return lambda text: any(m(_nfc(text.lstrip("/"))) for m in compiled)


@lru_cache(maxsize=512)
def _prepared(pattern: str, root: Path, home: Path) -> tuple[bool, tuple[str, ...], str | None]:
    """``(anchored, globs, literal)`` of a rule's path: whether it is absolute, its glob
    (a directory's with ``/**``), and the path or name it spells when it has no wildcard."""
    anchored, glob = _anchor(pattern, root, home)
    directory = glob.endswith("/")
    if anchored:
        glob = _normal(Path(glob))
    literal = None if any(c in glob for c in "*?[") else glob.rstrip("/")
    return anchored, (glob.rstrip("/") + "/**" if directory else glob,), literal


def _nfc(text: str) -> str:
    """``text`` in Unicode's composed form: a name typed on one system and made on another
    (macOS writes decomposed names) is matched as one name."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _same_file(candidate: Path, named: Path | None, name: str) -> bool:
    """Whether ``candidate`` is the file a literal rule names (``named``, or for a name
    rule ``name`` beside it) under another name: a hard link, or on a case-insensitive or
    normalising filesystem ``.ENV`` for ``.env``."""
    try:
        return os.path.samefile(candidate, named or candidate.parent / name)
    except (OSError, ValueError):
        return False


#: ``_real_prefix``'s recent answers: a search asks once per file, so each rule's path is
#: resolved about once a second, not once per file (a link made since is seen then).
_REAL: dict[str, tuple[float, str]] = {}


def _real_prefix(glob: str) -> str:
    """An absolute ``glob`` with the directories before its first wildcard resolved, so a
    rule written through a link (``~/`` when the home directory is one, ``//tmp/...``)
    covers the resolved paths the tools work on."""
    now = time.monotonic()
    hit = _REAL.get(glob)
    if hit is not None and now - hit[0] < 1.0:
        return hit[1]
    head = re.split(r"[*?\[]", glob, maxsplit=1)[0]
    literal = head if head == glob else head.rsplit("/", 1)[0]
    try:
        real = os.path.realpath(literal or "/").rstrip("/") + glob[len(literal) :]
    except (OSError, ValueError):
        real = glob
    if len(_REAL) > 1024:
        _REAL.clear()
    _REAL[glob] = (now, real)
    return real


def anchored(pattern: str, root: Path, home: Path) -> tuple[bool, str]:
    """``(anchored, glob)`` of a rule's path, as the rules match it: an absolute glob
    (``.``/``..`` folded), or (not anchored) a name matched at any depth of the workspace."""
    absolute, glob = _anchor(pattern, root, home)
    if not absolute:
        return False, glob
    return True, _normal(Path(glob)) + ("/" if glob.endswith("/") else "")


def _anchor(pattern: str, root: Path, home: Path) -> tuple[bool, str]:
    """``(anchored, glob)``: an absolute glob, or (not anchored) a name matched at any depth
    of the workspace."""
    if pattern.startswith("//"):
        return True, pattern[1:]
    if pattern.startswith("~/"):
        return True, f"{_normal(home)}/{pattern[2:]}"
    if pattern.startswith("/"):
        return True, f"{_normal(root)}{pattern}"
    relative = pattern[2:] if pattern.startswith("./") else pattern
    if "/" not in relative.rstrip("/") and not pattern.startswith("./"):
        return False, relative.rstrip("/")
    return True, f"{_normal(root)}/{relative}"


def _normal(path: Path) -> str:
    """``path`` absolute with ``.``/``..`` folded (no symlink is followed: the tools confine
    paths themselves; this is only for matching)."""
    parts: list[str] = []
    for part in PurePosixPath(path).parts[1:]:
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    return "/" + "/".join(parts)


def _under(path: Path, root: Path) -> bool:
    return _normal(path).startswith(_normal(root).rstrip("/") + "/")
