"""Which marketplaces an enabled plugin may come from: the managed settings'
``strictKnownMarketplaces`` (alias ``allowedMarketplaces``) and ``blockedMarketplaces``, as
Claude Code's "Manage plugins for your organization" page documents them (no file is read
here: :mod:`coordinator.roster.plugins` reads them and hands the values in).

coord installs nothing and adds no marketplace, but the lists "apply again to plugins that
are already installed, so an installed plugin whose marketplace source no longer matches
doesn't load". So, at each load:

* a plugin ``NAME@MARKETPLACE`` whose marketplace's source a ``blockedMarketplaces`` entry
  matches is not loaded (the blocklist is checked first, and matches widely: git URLs
  canonicalized, so ``git@``, ``https://``, ``.git`` and a trailing slash of one repository
  are one, a ``github`` entry blocks the equal ``git`` URL and back, an ``owner/*`` owner
  without case, an entry without ``ref`` or ``path`` every ref and path);
* while ``strictKnownMarketplaces`` is set (``[]``: every source locked out), one whose
  marketplace's source no entry matches is not loaded (exact matching: ``repo`` or ``url``,
  ``ref`` and ``path`` equal or absent on both sides, ``headers`` not compared; a ``github``
  ``owner/*`` entry any repository of that owner; ``hostPattern`` a regular expression
  searched in the host of a ``github`` (``github.com``), ``git`` or ``url`` source,
  ``pathPattern`` in the path of a ``file`` or ``directory`` one; ``skills-dir`` no
  marketplace);
* while either list restricts (an allowlist set, or a blocklist naming any source but
  ``skills-dir``), a plugin whose marketplace cannot be found is not loaded: "the common
  case is a stale ``enabledPlugins`` entry for a marketplace nobody registered".

A marketplace's source is the one Claude Code registered it from
(``~/.claude/plugins/known_marketplaces.json``), else its ``extraKnownMarketplaces`` entry
(alias ``additionalMarketplaces``) in the managed or the user's settings; never a
workspace file's (an agent could have written it, naming an allowed source for a
marketplace that has another). Either list not a list of objects (a blocklist too) locks
every marketplace out, a line saying so (a restriction must not fail open).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

#: The managed keys, Claude Code's canonical spelling first (it wins when both are set).
ALLOWED = ("strictKnownMarketplaces", "allowedMarketplaces")
BLOCKED = ("blockedMarketplaces",)
#: Where settings name a marketplace's source.
EXTRA = ("extraKnownMarketplaces", "additionalMarketplaces")
#: The entry that stands for skills-directory plugins, no marketplace.
SKILLS_DIR = "skills-dir"


class MarketSource(StrEnum):
    """A marketplace source's ``source`` (its kind) in the settings, as written there."""

    GITHUB = "github"
    GIT = "git"
    URL = "url"
    FILE = "file"
    DIRECTORY = "directory"
    #: Managed-list entries only: a regular expression for a host, or for a local path.
    HOST_PATTERN = "hostPattern"
    PATH_PATTERN = "pathPattern"


#: The source kinds that name a git repository (what the blocklist canonicalizes).
_REPOS = (MarketSource.GITHUB, MarketSource.GIT, MarketSource.URL)
_LOCAL = (MarketSource.FILE, MarketSource.DIRECTORY)
_PATTERNS = (MarketSource.HOST_PATTERN, MarketSource.PATH_PATTERN)

Source = Mapping[str, Any]


@dataclass(frozen=True)
class MarketGate:
    """The managed lists and each known marketplace's source."""

    #: ``strictKnownMarketplaces``' entries (None: not set, no allowlist).
    allowed: tuple[Source, ...] | None
    blocked: tuple[Source, ...]
    sources: Mapping[str, Source]
    problems: tuple[str, ...] = ()
    #: The list that cannot be read, when one cannot: every marketplace locked out.
    unreadable: str | None = None

    @classmethod
    def of(cls, policy: Mapping[str, Any], registered: Sequence[Mapping[str, Any]]) -> MarketGate:
        """The gate of the managed settings ``policy`` over the marketplaces of
        ``registered`` (``known_marketplaces.json``'s object, then the managed and the
        user's ``extraKnownMarketplaces`` maps: the first naming one wins)."""
        problems: list[str] = []
        allowed = _entries(policy, ALLOWED, problems)
        blocked = _entries(policy, BLOCKED, problems) or ()
        unreadable = problems[0].partition(" ")[0] if problems else None
        sources: dict[str, Source] = {}
        for found in registered:
            for name, entry in found.items():
                source = entry.get("source") if isinstance(entry, Mapping) else None
                if isinstance(source, Mapping):
                    sources.setdefault(str(name), source)
        return cls(allowed, blocked, sources, tuple(problems), unreadable)

    @property
    def restricts(self) -> bool:
        """Whether a list restricts at all (a blocklist of ``skills-dir`` alone does not)."""
        blocks = any(e.get("source") != SKILLS_DIR for e in self.blocked)
        return self.allowed is not None or blocks or self.unreadable is not None

    def refusal(self, pid: str) -> str | None:
        """Why the plugin ``pid`` (``NAME@MARKETPLACE``) does not load, or None."""
        if not self.restricts:
            return None
        if self.unreadable is not None:
            return f"plugin {pid} not loaded: the managed {self.unreadable} cannot be read"
        market = pid.partition("@")[2]
        source = self.sources.get(market)
        if source is None:
            return (
                f'plugin {pid} not loaded: its marketplace "{market}" is not registered '
                "(known_marketplaces.json, extraKnownMarketplaces) and the managed settings "
                "restrict marketplaces"
            )
        if any(blocks(entry, source) for entry in self.blocked):
            return (
                f'plugin {pid} not loaded: Marketplace "{market}" is blocked by enterprise '
                f"policy ({BLOCKED[0]})"
            )
        if self.allowed is not None and not any(allows(e, source) for e in self.allowed):
            return (
                f'plugin {pid} not loaded: Marketplace "{market}" is not in the allowed '
                f"marketplace list ({ALLOWED[0]})"
            )
        return None


def _entries(
    policy: Mapping[str, Any], keys: Sequence[str], problems: list[str]
) -> tuple[Source, ...] | None:
    """The entries of the first of ``keys`` ``policy`` sets (None: none is set); a value
    that is no list of objects gives none, a line in ``problems`` (starting with ``key``:
    every marketplace is then locked out)."""
    key = next((k for k in keys if policy.get(k) is not None), None)
    if key is None:
        return None
    value = policy[key]
    if not isinstance(value, list) or not all(isinstance(e, Mapping) for e in value):
        problems.append(
            f"{key} must be a list of marketplace sources (objects such as"
            ' {"source": "github", "repo": "owner/name"}): every marketplace locked out'
        )
        return ()
    return tuple(value)


def allows(entry: Source, source: Source) -> bool:
    """Whether the allowlist ``entry`` matches the marketplace ``source`` (exactly)."""
    kind = entry.get("source")
    if kind in _PATTERNS:
        return _pattern(entry, source)
    repo = entry.get("repo")
    if kind == MarketSource.GITHUB and isinstance(repo, str) and "*" in repo:
        owner, _, name = repo.partition("/")
        if name != "*" or not owner or "*" in owner or source.get("source") != MarketSource.GITHUB:
            return False  # (``*/plugins``, ``org/tools-*``: invalid, match nothing)
        got = str(source.get("repo", ""))
        same = got.partition("/")[0] == owner and "/" in got
        pinned = "path" not in entry or entry.get("path") == source.get("path")
        return same and entry.get("ref") == source.get("ref") and pinned
    return kind != SKILLS_DIR and _bare(entry) == _bare(source)


def blocks(entry: Source, source: Source) -> bool:
    """Whether the blocklist ``entry`` matches the marketplace ``source`` (widely)."""
    kind = entry.get("source")
    if kind in _PATTERNS:
        return _pattern(entry, source)
    if kind in _REPOS and source.get("source") in _REPOS:
        want, got = _repo(entry), _repo(source)
        if want is None or got is None:
            return False
        if want.endswith("/*"):
            owner = want[:-1]
            same = got.startswith(owner) and "/" not in got[len(owner) :]
        else:
            same = want == got
        return same and all(k not in entry or entry[k] == source.get(k) for k in ("ref", "path"))
    if kind in _LOCAL and source.get("source") in _LOCAL:
        return _local(entry) == _local(source)
    return kind != SKILLS_DIR and _bare(entry) == _bare(source)


def _pattern(entry: Source, source: Source) -> bool:
    """A ``hostPattern`` (the host of a repository source) or ``pathPattern`` (the path of
    a local one) entry, searched as a regular expression; a bad one matches nothing."""
    key = str(entry.get("source"))
    pattern = entry.get(key)
    where = _host(source) if key == MarketSource.HOST_PATTERN else _local(source)
    if not isinstance(pattern, str) or where is None:
        return False
    try:
        return re.search(pattern, where) is not None
    except re.error:
        return False


def _bare(source: Source) -> dict[str, Any]:
    return {k: v for k, v in source.items() if k != "headers"}


def _host(source: Source) -> str | None:
    """The host a ``github`` (``github.com``), ``git`` or ``url`` source is fetched from."""
    kind = source.get("source")
    if kind == MarketSource.GITHUB:
        return "github.com"
    url = source.get("url")
    if kind not in (MarketSource.GIT, MarketSource.URL) or not isinstance(url, str):
        return None
    key = _repo(source)
    return key.partition("/")[0] if key else None


def _repo(source: Source) -> str | None:
    """A repository source as ``host/owner/repo`` in lower case (no scheme, user, ``.git``
    in any case, trailing slashes or ``#ref``), as git hosts name a repository:
    ``git@github.com:o/r.git``, ``https://github.com/O/R.GIT/`` and ``https://github.com/o/r``
    are one."""
    if source.get("source") == MarketSource.GITHUB:
        repo = source.get("repo")
        text = f"github.com/{repo}" if isinstance(repo, str) and repo else None
    else:
        url = source.get("url")
        text = None
        if isinstance(url, str) and url:
            url = url.partition("#")[0]
            if "://" not in url and re.match(r"^[^/@]+@[^/:]+:", url):  # git@host:owner/repo
                user_host, _, path = url.partition(":")
                url = f"ssh://{user_host}/{path}"
            parts = urlsplit(url)
            text = f"{parts.hostname or ''}{parts.path}" if parts.hostname else None
    if text is None:
        return None
    return text.lower().rstrip("/").removesuffix(".git").rstrip("/")


def _local(source: Source) -> str | None:
    """The path of a ``file`` or ``directory`` source, normalised."""
    path = source.get("path")
    if source.get("source") not in _LOCAL or not isinstance(path, str):
        return None
    return os.path.normpath(path)
