"""The parse cache of agent files, and the one atomic pickle writer the caches share.

Both caches live in the user's own cache folder (``$XDG_CACHE_HOME/coordinator``), never in a
workspace. A missing, unreadable, corrupt or mis-shaped cache file is ignored and rewritten;
writing is best effort.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import coordinator
from coordinator.roster import frontmatter
from coordinator.roster.frontmatter import Frontmatter, FrontmatterError, read_file

#: Bumped whenever what a parse yields changes in a way the code digest would not catch.
CACHE_VERSION = 3
#: The cache keeps at most this many files (the least recently seen are dropped).
CACHE_MAX_ENTRIES = 20_000
Parsed = Frontmatter | FrontmatterError


def cache_file() -> Path:
    """``$XDG_CACHE_HOME/coordinator/registry.pickle`` (``~/.cache`` by default; a relative
    ``XDG_CACHE_HOME`` is ignored: :func:`~coordinator.config.user_cache_dir`)."""
    from coordinator.config import user_cache_dir

    return user_cache_dir() / "registry.pickle"


def write_pickle(path: Path, value: object, *, prefix: str) -> bool:
    """Write ``value`` to ``path`` atomically (temp file + rename); False if it failed."""
    import tempfile  # only a write needs it (most runs only read)

    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, RecursionError):
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False
    return True


def read_pickle(path: Path) -> object | None:
    """What ``path`` holds (our own cache file), or None when absent or unusable."""
    try:
        with path.open("rb") as handle:
            value: object = pickle.load(handle)  # the user's own cache, never a workspace file
    except Exception:  # any unreadable cache is simply rebuilt
        return None
    return value


def _version() -> tuple[object, ...]:
    """The cache's version: format, package version, and the parser's own source file."""
    try:
        stat = Path(frontmatter.__file__).stat()
        code: tuple[int, int] = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        code = (0, 0)
    return (CACHE_VERSION, coordinator.__version__, code)


def _valid_entry(entry: object) -> bool:
    if not (isinstance(entry, tuple) and len(entry) == 3):
        return False
    mtime, size, parsed = entry
    if not (isinstance(mtime, int) and isinstance(size, int)):
        return False
    if isinstance(parsed, FrontmatterError):
        return isinstance(parsed.message, str) and isinstance(parsed.line, int)
    return (
        isinstance(parsed, Frontmatter)
        and isinstance(parsed.meta, dict)
        and isinstance(parsed.body, str)
        and isinstance(parsed.key_lines, dict)
    )


class FileCache:
    """Parsed agent files keyed by absolute path, valid while mtime and size are unchanged.

    Only the parse of each file is cached; everything derived from it (triggers, domain,
    redirects, field checks) is recomputed on load, so code changes never serve stale derived
    data, and the parse itself is keyed by the parser's source file.
    """

    def __init__(self, path: Path | None, entries: dict[str, tuple[int, int, Parsed]]):
        self.path = path
        self.entries = entries
        self.dirty = False
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, path: Path | None = None) -> FileCache:
        """The cache at ``path`` (default :func:`cache_file`), empty if unusable."""
        path = path or cache_file()
        loaded = read_pickle(path)
        entries: dict[str, tuple[int, int, Parsed]] = {}
        if isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == _version():
            stored = loaded[1]
            if isinstance(stored, dict):
                entries = {k: v for k, v in stored.items() if _valid_entry(v)}
        return cls(path, entries)

    @classmethod
    def disabled(cls) -> FileCache:
        """A cache that stores nothing."""
        return cls(None, {})

    def read(self, path: Path) -> Parsed:
        """The parsed file, from the cache when its mtime and size still match."""
        key = str(path.absolute())
        try:
            stat = path.stat()
        except OSError:
            return read_file(path)
        hit = self.entries.get(key)
        if hit is not None and hit[0] == stat.st_mtime_ns and hit[1] == stat.st_size:
            self.hits += 1
            return hit[2]
        self.misses += 1
        parsed = read_file(path)
        self.entries.pop(key, None)
        self.entries[key] = (stat.st_mtime_ns, stat.st_size, parsed)
        self.dirty = True
        return parsed

    def save(self) -> None:
        """Write the cache atomically if it changed; failures to write are ignored."""
        if self.path is None or not self.dirty:
            return
        entries = dict(list(self.entries.items())[-CACHE_MAX_ENTRIES:])
        if write_pickle(self.path, (_version(), entries), prefix=".registry-"):
            self.dirty = False
