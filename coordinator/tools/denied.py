"""The paths the settings deny Bash commands: found before each command, for its sandbox.

Claude Code's ``sandbox.filesystem.denyRead``/``denyWrite`` and its ``Read(…)``/``Edit(…)``
deny rules (merged into them: the settings reference) name paths a sandboxed command may
not read, or may not write. The runtime reads them (``coordinator.runtime.bash_denies``,
a :class:`DenyCheck`); here, before each command, they become paths (:func:`denied_paths`),
which the sandbox then hides (:attr:`Access.HIDDEN`: an empty read-only folder over a
folder, an empty file over a file) or shows read-only (:attr:`Access.READ_ONLY`: bound on
itself): ``coordinator.tools.sandbox.bwrap_argv``.

* A path without a wildcard is looked at where it is (links resolved: the sandbox mounts
  over where it leads, so no other name, ``..`` or link reaches past it).
* A denied file (named, or a pattern's match) with other hard links gets each of them in
  the workspace denied too: the whole workspace walked for them, bounded as below.
* A pattern (``*``, ``?``, ``[…]``, ``{a,b}``, a name matched at any depth) is matched
  against what the workspace holds when the command starts, walked from the pattern's
  folder (the whole workspace for a name at any depth), coord's own folders left out; a
  link to a folder outside the workspace is walked under its own name, as a file tool
  matches the path a call spells (``ext/.env`` through ``ext``), each folder it leads to
  once a walk and only where the sandbox shows it (not a folder holding the workspace, nor
  the hidden home folder); what it finds is denied where it lies, so under every name (the
  file tools read no file outside the workspace under any name). A link to a folder in the
  workspace is not followed: its files are matched under their own names, as the file
  tools read them there. At most :data:`MAX_WALK` entries a command
  (a folder unchanged since the last command's walk is not listed again, and counts one;
  a place a link leads to whose every folder is unchanged is taken as the last walk found
  it, each folder looked at, none listed; a link's text is kept while its folder is
  unchanged; each folder is looked at once a command), :data:`MAX_DENIED` paths denied.
  Past either bound the deny cannot be applied, and the command is refused
  (:class:`~coordinator.tools.base.ToolError` naming the rule): it never runs with a deny
  that does not hold. A pattern whose folder lies outside the workspace is
  not walked (the runtime says so once, when it reads it).
* A path made after the command started (by it, or meanwhile) is denied from the next
  command on; a missing path is not made by coord (a command may create it). A confined
  hook or MCP server is one such command: a server keeps the denies found when it started
  for as long as it runs (the session), so a path made later is not denied it.
* A deny naming the workspace or a folder holding it refuses every command: they run in
  it; but a ``denyRead`` the sandbox hides all of already but for the workspace (``~/``,
  the home folder being hidden) where the user's or managed settings read the workspace
  again (an ``allowRead`` holding it: Claude Code re-allows reading there); the refusal of
  such a one says so, naming the user's settings file.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from coordinator.tools.base import ToolError
from coordinator.tools.mounts import read_mounts
from coordinator.tools.workspace import COORDINATOR_DIR

#: The most entries the walks for one command's patterns look at (a folder unchanged since
#: the last command's walk counts one: :class:`_Listed`).
MAX_WALK = 1_000_000
#: How long a folder must have been unchanged for its walk to be kept (a change within the
#: same tick of the file system's clock leaves its times as they were).
_SETTLED_NS = 2_000_000_000
#: The most paths one command's denies may name (each one mount of its sandbox).
MAX_DENIED = 2_000
#: The most entries a pattern walk looks at in a folder a link leads to out of the
#: workspace, each counted (kept or not; :data:`MAX_WALK` in all such folders together):
#: past it that folder is hidden whole from the command instead (:class:`_Links`), where
#: commands can do without it.
LINK_WALK = 1_000_000


class Access(StrEnum):
    """What a sandboxed command may do with a denied path."""

    HIDDEN = "unreadable"
    READ_ONLY = "read-only"


@dataclass(frozen=True)
class Denial:
    """A path a command is denied (absolute, as found), how, and the rule that denies it
    (as the user finds it in their files)."""

    path: Path
    access: Access
    rule: str
    #: The link in the workspace it was reached through, where it is hidden whole for it
    #: (a folder a link leads to, too large to look in): the name a command would use.
    link: Path | None = None


@dataclass(frozen=True)
class Walk:
    """Where a pattern's walk starts, and how many levels below it it goes (None: all)."""

    start: Path
    depth: int | None


class DenyCheck(Protocol):
    """The settings' denies as a command's sandbox asks them, in the workspace ``root``."""

    def named(self, root: Path) -> list[Denial]:
        """The paths named without a wildcard (as written, ``..`` folded)."""
        ...

    def walks(self, root: Path) -> list[Walk]:
        """Where the patterns' matches may lie in ``root`` (none: no pattern there)."""
        ...

    def matcher(self, root: Path) -> Callable[[str], Denial | None]:
        """The patterns' denial of a path a walk finds (its absolute text; the folders
        above it asked first), or None."""
        ...

    def reopens(self, root: Path) -> bool:
        """Whether the settings read ``root`` again within what a deny hides
        (``allowRead``)."""
        ...

    def first_pattern(self, root: Path) -> str:
        """The first pattern's rule in ``root`` (for a refusal)."""
        ...

    def reopened_in(self) -> Path:
        """The settings file (the user's) an ``allowRead`` may be added to (for a refusal)."""
        ...


def denied_paths(
    check: DenyCheck | None,
    root: Path,
    hidden: Callable[[Path], bool],
    shown: Callable[[Path], bool],
    unseen: Iterable[Path] = (),
    system: Callable[[Path], bool] = lambda path: False,
) -> list[Denial]:
    """Every path ``check`` denies a command in the workspace ``root`` (resolved), each
    where it leads, unreadable over read-only where both, none inside an unreadable folder
    (hidden with it); ToolError when one holds the
    workspace (but an unreadable one the settings read the workspace again in, which the
    sandbox shows nothing else of: ``hidden``, as ``~/`` holding a workspace in the home
    folder), or when a bound is passed (:data:`MAX_WALK`, :data:`MAX_DENIED`). A pattern's
    walk follows a link to a folder outside the workspace the sandbox ``shown`` shows
    (resolved), as a command would, but not into the folders it shows none of (``unseen``)
    nor those the command may not enter, nor the system's folders commands run with
    (``system``: ``/etc``, ``/usr``...); a folder so reached past :data:`LINK_WALK` entries
    is hidden whole instead."""
    if check is None:
        return []
    found = [d for d in check.named(root) if os.path.lexists(d.path)]
    walks = [w for w in check.walks(root) if w.start.is_relative_to(root)]
    stamps = _Stamps()
    if walks:
        sought, covers = _patterns(check, root), check.matcher(root)
        unseen_text = frozenset(map(str, unseen))
        links = _Links(str(root), shown, unseen_text, system, stamps)
        found += _matched(sought, walks, covers, (check, root), stamps, links)
        found += links.hidden_whole(check.first_pattern(root))
    linked = _linked(found)
    if linked:  # (their other names anywhere in the workspace, not only where walked)
        other = functools.partial(_link_of, linked=linked)
        key = (check, root, frozenset(linked.items()))
        found += _matched(_other_names(linked), [Walk(root, None)], other, key, stamps)
    chosen: dict[Path, Denial] = {}
    places = _Places(stamps)  # (realpath's answers, the names on the way kept as the walk's)
    for denial in found:
        real = Path(places.real(str(denial.path)))
        if real == root or root.is_relative_to(real):
            reopenable = denial.access == Access.HIDDEN and hidden(real)
            if reopenable and check.reopens(root):
                continue  # (hidden already but for the workspace, read again)
            raise ToolError(_holds_workspace(denial, root, check if reopenable else None))
        kept = chosen.get(real)
        if kept is None or (kept.access == Access.READ_ONLY and denial.access == Access.HIDDEN):
            chosen[real] = Denial(real, denial.access, denial.rule, denial.link)
    if len(chosen) > MAX_DENIED:
        raise ToolError(
            _too_many(f"more than {MAX_DENIED:,} paths match them", *_patterns(check, root))
        )
    return _outermost(chosen)


def _outermost(chosen: dict[Path, Denial]) -> list[Denial]:
    """The denials but those inside an unreadable folder (hidden with it: its empty stand-in
    has no mount point for them, and bwrap could not make one there)."""
    hidden = {p for p, d in chosen.items() if d.access == Access.HIDDEN and p.is_dir()}
    return [d for p, d in chosen.items() if not any(a in hidden for a in p.parents)]


def _holds_workspace(denial: Denial, root: Path, reopen: DenyCheck | None) -> str:
    """The refusal of a deny holding the workspace ``root``, saying where an ``allowRead``
    would read it again (``reopen``: the denies, when one would)."""
    why = (
        f"the command was not run: {denial.rule} makes {denial.path} {denial.access} to"
        f" commands, and it holds the workspace {root} they run in"
    )
    if reopen is None:
        return why
    where = reopen.reopened_in()
    return f'{why}; to read it again, add "{root}" to sandbox.filesystem.allowRead in {where}'


#: What a walk looks for, as its refusal names it, and what the user can do instead.
Sought = tuple[str, str]


def _too_many(why: str, sought: str, instead: str) -> str:
    return (
        f"the command was not run: the settings deny {sought}, looked for in the workspace"
        f" before each command, and {why}: the denies could not be applied. {instead}"
    )


def _patterns(check: DenyCheck, root: Path) -> Sought:
    """What a walk for ``check``'s patterns looks for."""
    return (
        f"paths by patterns ({check.first_pattern(root)} first)",
        "Name the paths without wildcards (./config/.env) or their folder (./secrets/).",
    )


def _other_names(linked: dict[tuple[int, int], Denial]) -> Sought:
    """What a walk for the other names of the ``linked`` files looks for."""
    first = next(iter(linked.values()))
    return (
        f"{first.path} ({first.rule}), which has other hard links, under each name",
        "Remove its other names (find . -samefile FILE) or deny its folder.",
    )


def _linked(found: Iterable[Denial]) -> dict[tuple[int, int], Denial]:
    """The denied files that have other hard links, by their device and inode."""
    linked: dict[tuple[int, int], Denial] = {}
    for denial in found:
        try:
            info = os.stat(denial.path)
        except OSError:
            continue
        if not os.path.isdir(denial.path) and info.st_nlink > 1:
            linked[(info.st_dev, info.st_ino)] = denial
    return linked


#: A folder's device, inode and times (modified, changed), as :func:`os.stat` tells them.
Stamp = tuple[int, int, int, int]


@dataclass(frozen=True)
class _Listed:
    """A folder's part of a pattern walk: its times when listed (``stamp``), how many
    entries it holds, its sub-folders to walk into and what the walk denies in it. Kept
    from one command's walk to the next while the folder's times are the same (an entry
    added, removed or renamed changes them; a command cannot set the change time back)."""

    stamp: Stamp
    entries: int
    folders: tuple[str, ...]
    denials: tuple[Denial, ...]
    #: Its links to folders (matched by no pattern), which a walk may follow.
    links: tuple[str, ...] = ()


#: The last walk's folders, by what the walk was for (:func:`_matched`'s ``key``).
_KEPT: dict[Hashable, dict[str, _Listed]] = {}

#: A folder to walk: its path as walked, how many levels below it to go (None: all), and,
#: reached through a link out of the workspace, where that link leads and where it is.
_Todo = tuple[str, int | None, str | None, str | None]

#: Each folder a walk below a link looked at, in turn, with its times then (None: no
#: folder it could look in there).
_Visits = list[tuple[str, Stamp | None]]

#: The last walk's visits below each link out of the workspace (the link as walked, where
#: it leads), by what the walk was for and the folders it skipped there (``unseen``).
_PLACES: dict[Hashable, dict[tuple[str, str], _Visits]] = {}


def _matched(
    sought: Sought,
    walks: list[Walk],
    covers: Callable[[str], Denial | None],
    key: Hashable,
    stamps: _Stamps,
    links: _Links | None = None,
) -> list[Denial]:
    """What ``covers`` denies below the walks' starts (a matched folder not walked into), a
    folder unchanged since the last walk for the same ``key`` (what ``covers`` asks) not
    listed again, none looked at twice a command (``stamps``); ToolError (naming
    ``sought``) past :data:`MAX_WALK` entries in the workspace or :data:`MAX_DENIED`
    matches. A link to a folder is walked under its name where ``links`` says where it
    leads, once for each place it leads to (a loop ends), a place whose every folder is as
    it was at the last walk taken as it was (:meth:`_Walker.again`); what is found in a
    place too large to look in is left out (it is hidden whole)."""
    places_key = (key, None if links is None else links.unseen)
    walker = _Walker(_KEPT.pop(key, {}), _PLACES.pop(places_key, {}), stamps, links, sought)
    walker.todo = [(str(w.start), w.depth, None, None) for w in walks]
    while walker.todo:
        walker.step(covers)
    _KEPT[key] = {f: v for f, v in walker.walked.items() if stamps.settled(v.stamp)}
    _PLACES[places_key] = walker.settled_visits()
    for kept in (_KEPT, _PLACES):
        while len(kept) > 8:
            del kept[next(iter(kept))]
    over = links.over if links is not None else {}
    return [d for target, d in walker.found if target not in over]


class _Walker:
    """One walk of :func:`_matched`: the last walk's listings (``kept``) and visits below
    each link (``places``), what it has walked and found, what is left to do."""

    def __init__(
        self,
        kept: dict[str, _Listed],
        places: dict[tuple[str, str], _Visits],
        stamps: _Stamps,
        links: _Links | None,
        sought: Sought,
    ) -> None:
        self.kept, self.places, self.stamps, self.links = kept, places, stamps, links
        self.sought = sought
        self.walked: dict[str, _Listed] = {}
        self.found: list[tuple[str | None, Denial]] = []
        self.matched: set[str] = set()
        self.seen = 0
        self.todo: list[_Todo] = []
        #: What this walk looked at in each place a link out of the workspace leads to.
        self.visits: dict[str, _Visits] = {}
        #: The places taken as the last walk's (their visits settled already).
        self.again_taken: set[str] = set()

    def step(self, covers: Callable[[str], Denial | None]) -> None:
        """Walk the next folder to do."""
        folder, depth, target, real = self.todo.pop()
        if folder in self.walked or depth == 0 or folder in self.matched:
            return  # (a matched folder is not walked into)
        links = self.links
        if links is not None and target is not None:
            if target in links.over or (real == target and self.again(folder, target, depth)):
                return
        outside = target is not None
        listed, fresh = _listing(folder, self.kept.get(folder), covers, self.stamps, outside, links)
        if target is not None and real is not None and depth is None:
            stamp = self.stamps.stamp(folder) if listed is None else listed.stamp
            self.visits.setdefault(target, []).append((folder, stamp))
        if listed is None:
            return
        self.walked[folder] = listed
        if target is None:
            self.seen += listed.entries if fresh else 1
        elif links is not None and not links.charge(target, listed.entries):
            return
        self.found += [(target, d) for d in listed.denials]
        self.matched.update(str(d.path) for d in listed.denials)
        _bounded(self.seen, len(self.found), self.sought)
        below = None if depth is None else depth - 1
        self.todo += _below(listed, below, target, real, links)

    def again(self, link: str, place: str, depth: int | None) -> bool:
        """Whether the walk below ``link``, which leads to ``place`` out of the workspace,
        is as the last walk's (each folder it looked at there has the same times, its
        listing kept): then taken as it was, its links out followed anew."""
        visits = self.places.get((link, place)) if depth is None else None
        if visits is None or self.links is None:
            return False
        listings: dict[str, _Listed] = {}
        for folder, stamp in visits:  # (each folder, as few steps as can be: a /usr)
            try:
                info = os.stat(folder)
                now: Stamp | None = (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)
            except (OSError, ValueError):
                now = None
            if now != stamp:
                return False
            listed = self.kept.get(folder)
            if listed is not None and listed.stamp == stamp:
                listings[folder] = listed
        self.visits[place] = visits
        self.again_taken.add(place)
        self.walked.update(listings)
        if not self.links.charge(place, sum(v.entries for v in listings.values())):
            return True
        for listed in listings.values():
            if listed.denials:
                self.found += [(place, d) for d in listed.denials]
                self.matched.update(str(d.path) for d in listed.denials)
            for inner in listed.links:
                further = self.links.follow(inner)
                if further is not None:
                    self.todo.append((inner, None, further, further))
        _bounded(self.seen, len(self.found), self.sought)
        return True

    def settled_visits(self) -> dict[tuple[str, str], _Visits]:
        """The visits below each link to keep for the next walk (by the link and where it
        leads): those whose every folder was settled (so its listing is kept)."""
        if self.links is None:
            return {}
        followed = self.links.followed
        return {
            (followed[place], place): visits
            for place, visits in self.visits.items()
            if place not in self.links.over
            and (place in self.again_taken or all(self.stamps.settled(s) for _, s in visits))
        }


def _below(
    listed: _Listed, depth: int | None, target: str | None, real: str | None, links: _Links | None
) -> list[_Todo]:
    """What a walk goes on to below a folder it ``listed`` (``real``: where it lies, reached
    through a link out of the workspace that leads to ``target``): its sub-folders, but
    those the sandbox shows none of, and its links ``links`` follows."""
    if links is None:
        return [(f, depth, target, None) for f in listed.folders]
    if real is None:
        todo: list[_Todo] = [(f, depth, target, None) for f in listed.folders]
    else:
        places = ((f, f"{real}/{f.rpartition('/')[2]}") for f in listed.folders)
        todo = [(f, depth, target, r) for f, r in places if r not in links.unseen]
    for link in listed.links:
        place = links.follow(link)
        if place is not None:
            todo.append((link, depth, place, place))
    return todo


def _listing(
    folder: str,
    kept: _Listed | None,
    covers: Callable[[str], Denial | None],
    stamps: _Stamps,
    outside: bool,
    links: _Links | None,
) -> tuple[_Listed | None, bool]:
    """``folder``'s part of the walk (None: not a readable folder, or, ``outside`` the
    workspace, one a command may not enter), and whether it was listed now (not ``kept``,
    the last walk's, its times unchanged); its links to folders only for a walk that
    follows them (``links``)."""
    info = stamps.info(folder)  # (what is listed, a start's link followed; before listing:
    # a change meanwhile shows next time)
    if info is None or (outside and not _enterable(folder, info)):
        return None, True
    stamp = _Stamps.of(info)
    if kept is not None and kept.stamp == stamp:
        return kept, False
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except (OSError, ValueError):  # (ValueError: a name no file system holds, "\ud800")
        return None, True
    folders: list[str] = []
    leading: list[str] = []
    denials: list[Denial] = []
    for entry in entries:
        is_dir = entry.is_dir(follow_symlinks=False)
        if is_dir and entry.name == COORDINATOR_DIR:
            continue  # (hidden whole already)
        denial = covers(entry.path)
        if denial is not None:
            denials.append(denial)
        elif is_dir:
            folders.append(entry.path)
        elif links is not None and entry.is_symlink() and links.leads_to_folder(entry.path):
            leading.append(entry.path)
    listed = _Listed(stamp, len(entries), tuple(folders), tuple(denials), tuple(leading))
    return listed, True


#: How long a pattern's walk waits for the place a link out of the workspace leads to
#: (redteam103: a network mount that stopped answering held the look, in the kernel, and
#: with it every command and coord's event loop, for ever).
LOOK_SECONDS = 10.0


class _Look:
    """A look at a mount point (``lstat``), in a thread of its own: one a hung mount
    holds is left behind (a daemon), and the mount asked no more while it is."""

    def __init__(self, point: str) -> None:
        self.done = threading.Event()
        threading.Thread(target=self._ask, args=(point,), daemon=True).start()

    def _ask(self, point: str) -> None:
        try:
            os.lstat(point)
        except OSError:
            pass  # (an answer all the same)
        finally:
            self.done.set()


#: The looks not answered in time, by mount point: asked no more until they are.
_UNANSWERED: dict[str, _Look] = {}


def _answers(point: str, link: str) -> None:
    """Return once the mount at ``point`` (reached through ``link``) answered a look, in
    :data:`LOOK_SECONDS` at most; ToolError past them: the denies cannot be looked for
    there, and no command runs with a deny not applied."""
    look = _UNANSWERED.pop(point, None) or _Look(point)
    if look.done.wait(LOOK_SECONDS):
        return
    _UNANSWERED[point] = look
    raise ToolError(
        f"the command was not run: {link} leads into {point}, a mount that did not answer in "
        f"{LOOK_SECONDS:g} s (a network file system not responding?), so the settings' "
        "denies could not be looked for there. Remove the link, or run again once it answers."
    )


def _is_folder(path: str) -> bool:
    """Whether ``path`` leads to a folder (a link followed; False where it cannot be read)."""
    try:
        return os.path.isdir(path)
    except ValueError:
        return False


def _enterable(folder: str, info: os.stat_result) -> bool:
    """Whether a command may pass through ``folder`` (``info``: its :func:`os.stat`). A
    command runs as coord's user without capabilities (``--cap-drop ALL``): run as root, it
    is kept out of a folder whose permission bits for it (owner, group or others) lack the
    search bit, which coord's own walk could list; one with an access list is let in (it
    may grant more). Not root, coord's own listing tells (it is refused what they are)."""
    uid = os.geteuid()
    if uid != 0:
        return True
    if info.st_uid == uid:
        bit = stat.S_IXUSR
    elif info.st_gid == os.getegid() or info.st_gid in os.getgroups():
        bit = stat.S_IXGRP
    else:
        bit = stat.S_IXOTH
    if info.st_mode & bit:
        return True
    try:
        os.getxattr(folder, "system.posix_acl_access")
    except OSError:
        return False
    return True


#: The folders a link leads to, found too large to look in (:data:`LINK_WALK`), with their
#: times then: hidden whole again while those are the same (no walk of them each command).
_TOO_LARGE: dict[str, tuple[int, int, int, int]] = {}


class _Links:
    """The links out of the workspace ``root`` a pattern walk follows (where they lead),
    and how much it has looked at in each place: a folder the sandbox ``shown`` shows,
    outside the workspace and not holding it (the whole host), each once. A folder in the
    workspace is walked under its own name where a pattern covers it; where none does, the
    file tools read its files under that name too (the Read tool refuses
    ``docs/keys/a.pem`` and reads ``vault/a.pem``): hiding them from commands would deny
    what the rules do not. ``unseen``: the folders (resolved) below such a place the
    sandbox shows none of (its own ``/tmp``, the hidden home folder), not walked;
    ``system``: whether a place is one of the system's folders commands run with, not
    followed: a pattern written for the workspace hid their files under every name (a link
    to ``/etc`` and ``Read(**/*.pem)`` hid the CA certificates every TLS client reads),
    which every command reads by their own names anyway (a secret there is named by a rule
    of its own: ``Read(//etc/ssl/private/**)``), redteam103."""

    def __init__(
        self,
        root: str,
        shown: Callable[[Path], bool],
        unseen: frozenset[str],
        system: Callable[[Path], bool],
        stamps: _Stamps,
    ) -> None:
        self.root, self.shown, self.unseen, self.system = root, shown, unseen, system
        self.stamps = stamps
        self.places = _Places(stamps)
        #: Each place followed, with the link it was first reached through.
        self.followed: dict[str, str] = {}
        self.looked: dict[str, int] = {}
        #: The places too large to look in, each with the link it was reached through.
        self.over: dict[str, str] = {}

    def follow(self, link: str) -> str | None:
        """Where ``link`` leads when the walk goes on there (not yet this walk); None
        otherwise. A place found too large before, its times the same, is over at once."""
        real = self.places.real(link)
        if real in self.followed or _within(real, self.root) or _within(self.root, real):
            return None
        if not self.shown(Path(real)) or self.system(Path(real)):
            return None
        self.followed[real] = link
        if real in _TOO_LARGE and _TOO_LARGE[real] == self.stamps.stamp(real):
            self.over[real] = link
        return real

    def leads_to_folder(self, link: str) -> bool:
        """Whether ``link`` leads to a folder (where :class:`_Places` says: each mount
        point on the way looked at for at most :data:`LOOK_SECONDS` first)."""
        return _is_folder(self.places.real(link))

    def charge(self, place: str, entries: int) -> bool:
        """Count ``entries`` looked at in ``place``: False once past :data:`LINK_WALK` there,
        or past :data:`MAX_WALK` in all places together (``place`` then over: hidden whole)."""
        self.looked[place] = self.looked.get(place, 0) + entries
        if self.looked[place] <= LINK_WALK and sum(self.looked.values()) <= MAX_WALK:
            return True
        self.over.setdefault(place, self.followed[place])
        stamp = self.stamps.stamp(place)
        if stamp is not None:
            _TOO_LARGE[place] = stamp
        while len(_TOO_LARGE) > 64:
            del _TOO_LARGE[next(iter(_TOO_LARGE))]
        return False

    def hidden_whole(self, rule: str) -> list[Denial]:
        """The places too large to look in, each hidden whole under ``rule``."""
        why = f"a link out of the workspace, over {LINK_WALK:,} entries to look in: hidden whole"
        return [
            Denial(Path(place), Access.HIDDEN, f"{rule} ({why})", Path(link))
            for place, link in self.over.items()
        ]


#: What each name on a link's way held when last looked at (a link's text; None: no
#: link), with the times of its folder then: kept from one command to the next while they
#: are the same (:meth:`_Stamps.target`).
_TARGETS: dict[str, tuple[Stamp, str | None]] = {}
#: The most names :data:`_TARGETS` keeps (the oldest dropped first).
_TARGETS_KEPT = 200_000


class _Stamps:
    """What one command's walks find of each folder they look at (its :func:`os.stat`;
    None: no folder there, or unreadable), each folder asked once a command: the pattern
    walk, the walk for hard links' other names, the way of each link all look at the same
    folders. What a folder held is taken as of that one look (a change after it is seen
    from the next command on, as one made during the walk always was)."""

    def __init__(self) -> None:
        self._before = time.time_ns() - _SETTLED_NS
        self._found: dict[str, os.stat_result | None] = {}

    def info(self, folder: str) -> os.stat_result | None:
        """``folder``'s :func:`os.stat` (links followed), None where there is none."""
        if folder in self._found:
            return self._found[folder]
        try:
            info: os.stat_result | None = os.stat(folder)
        except (OSError, ValueError):  # (ValueError: a name no file system holds)
            info = None
        self._found[folder] = info
        return info

    def stamp(self, folder: str) -> Stamp | None:
        """``folder``'s device, inode and times (None: gone)."""
        info = self.info(folder)
        return None if info is None else self.of(info)

    @staticmethod
    def of(info: os.stat_result) -> Stamp:
        """The stamp of a folder :func:`os.stat` told ``info`` of."""
        return (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)

    def settled(self, stamp: Stamp | None) -> bool:
        """Whether a folder's times were ``stamp``'s long enough before this command that
        a change since shows in them (a change within the same tick of the file system's
        clock leaves them as they were; None: no folder, nothing to show)."""
        return stamp is None or (stamp[2] < self._before and stamp[3] < self._before)

    def target(self, step: str, folder: str) -> str | None:
        """The text of the link ``step`` in the resolved ``folder`` (None: not a link),
        kept from the last command while the folder's times are the same and settled: its
        names cannot change without changing them, and a link's text never changes."""
        stamp = self.stamp(folder)
        kept = _TARGETS.get(step)
        if stamp is not None and kept is not None and kept[0] == stamp:
            return kept[1]
        target = os.readlink(step) if os.path.islink(step) else None
        if stamp is not None and self.settled(stamp):
            _TARGETS[step] = (stamp, target)
            while len(_TARGETS) > _TARGETS_KEPT:
                del _TARGETS[next(iter(_TARGETS))]
        return target


def _within(path: str, folder: str) -> bool:
    """Whether the absolute, resolved ``path`` is ``folder`` or lies in it."""
    return path == folder or path.startswith(folder.rstrip("/") + "/")


#: A path's empty, ``.`` or ``..`` name (or its end: a ``/``).
_ODD_NAME = re.compile(r"/(?:\.{0,2})(?:/|\Z)")


class _LinkLoop(Exception):
    """A link that leads back to itself on the way (:meth:`_Places.real`)."""


class _Places:
    """Where paths lead, as :func:`os.path.realpath` says, for one walk: each name on the
    way looked at once, not once a link (a path's folder is known from the links before it
    in the same folder). A pnpm ``node_modules`` holds a link a package, each through the
    same folders: 18,000 of them took ~1 s a command through ``realpath``, which looks at
    each one's every folder from ``/`` again."""

    def __init__(self, stamps: _Stamps) -> None:
        #: Each absolute path without ``.`` or ``..`` looked at, and where it leads.
        self._known: dict[str, str] = {"/": "/"}
        self._stamps = stamps
        #: The mount points not yet looked at this walk (:func:`_answers` first).
        self._mounts = {m.point for m in read_mounts() if m.point}
        self._link = ""

    def real(self, path: str) -> str:
        """``path`` (absolute) with every link on its way resolved (``realpath``'s answer,
        which is asked where this walk cannot tell: a loop, a name no file system holds);
        ToolError when a mount on its way does not answer (:func:`_answers`)."""
        self._link = path
        try:
            if _ODD_NAME.search(path):  # (. or .. in it: each name in turn)
                return self._along("/", path, frozenset())
            return self._real(path, frozenset())
        except (OSError, ValueError, RecursionError, _LinkLoop):
            return os.path.realpath(path)

    def _real(self, path: str, reading: frozenset[str]) -> str:
        """Where the absolute ``path`` (no ``.``, ``..`` or empty name) leads, ``reading``
        the links being read on the way (one read again: a loop)."""
        known = self._known.get(path)
        if known is None:
            head, _, name = path.rpartition("/")
            here = self._real(head or "/", reading)
            known = step = here.rstrip("/") + "/" + name
            if step in self._mounts:  # (a hung one holds every look below it for ever)
                _answers(step, self._link)
                self._mounts.discard(step)
            target = self._stamps.target(step, here)
            if target is not None:
                if step in reading:
                    raise _LinkLoop(step)
                known = self._along(here, target, reading | {step})
            self._known[path] = known
        return known

    def _along(self, here: str, way: str, reading: frozenset[str]) -> str:
        """Where ``way`` (a link's target, relative to the real folder ``here``) leads."""
        here = "/" if way.startswith("/") else here
        for name in way.split("/"):
            if name == "..":
                here = os.path.dirname(here)
            elif name not in ("", "."):
                here = self._real(here.rstrip("/") + "/" + name, reading)
        return here


def _bounded(seen: int, found: int, sought: Sought) -> None:
    """ToolError when a walk has looked at more than :data:`MAX_WALK` entries, or found
    more than :data:`MAX_DENIED` paths."""
    if seen > MAX_WALK:
        raise ToolError(_too_many(f"it has more than {MAX_WALK:,} entries to look at", *sought))
    if found > MAX_DENIED:
        raise ToolError(_too_many(f"more than {MAX_DENIED:,} paths match them", *sought))


def _link_of(path: str, linked: dict[tuple[int, int], Denial]) -> Denial | None:
    """The denial of the file ``path`` is another hard link of, or None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    denial = linked.get((info.st_dev, info.st_ino))
    if denial is None:
        return None
    return Denial(Path(path), denial.access, f"{denial.rule} (a hard link of {denial.path})")
