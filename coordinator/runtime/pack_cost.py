"""What taking a pack a worktree run's command wrote would cost git, read before git reads it
(redteam115).

After each command of a worktree run coord takes the objects its commands wrote into the
repository; a pack goes to ``git index-pack`` (outside the sandbox), which inflates every
object, resolves every delta and hashes each result. A pack says nothing of that cost up
front: a 1 MB pack declaring one blob of 1 GiB of zeros cost 5.7 s of CPU (review145), and a
few kilobytes of deltas, each copying its base whole, make a chain whose every link git
builds and hashes in full. So the pack is read first, one entry at a time: each entry's
declared size (a delta's the size of the object it makes, from the delta's own header) is
added up, and the pack refused once the sum passes the caller's bound, before git reads it.
Each entry is inflated a piece at a time to find where the next starts, and refused as soon
as it inflates past what it declared (or reads far more than that), so reading costs no
more than the bound either.
"""

from __future__ import annotations

import zlib
from typing import BinaryIO

#: How much is read, or inflated, at a time.
_CHUNK = 1 << 20
#: A pack's first bytes: ``PACK``, its version (2 or 3) and its object count.
_HEADER = 12
_VERSIONS = (2, 3)
#: The kinds of a pack's entries: commit, tree, blob, tag, and the two deltas.
_OFS_DELTA, _REF_DELTA = 6, 7
_KINDS = frozenset({1, 2, 3, 4, _OFS_DELTA, _REF_DELTA})
#: The most bytes a delta's header (two sizes, 7 bits a byte) takes.
_DELTA_HEADER = 20


class PackRefused(Exception):
    """A pack git is not given: why, in words."""


class _Reader:
    """A pack read from ``fh`` a piece at a time (never copying what is left of a piece)."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh, self.view, self.pos = fh, memoryview(b""), 0

    def more(self, most: int = _CHUNK) -> memoryview:
        """At most ``most`` of the bytes read but not used yet (read more when none):
        PackRefused at the end of the file."""
        if self.pos >= len(self.view):
            self.view, self.pos = memoryview(self.fh.read(_CHUNK)), 0
            if not self.view:
                raise PackRefused("it ends before its last object")
        return self.view[self.pos : self.pos + most]

    def take(self, count: int) -> bytes:
        """The next ``count`` bytes."""
        out = b""
        while len(out) < count:
            piece = bytes(self.more(count - len(out)))
            self.pos += len(piece)
            out += piece
        return out

    def byte(self) -> int:
        c = self.more(1)[0]
        self.pos += 1
        return c


def pack_cost(fh: BinaryIO, most: int, id_bytes: int) -> int:
    """The bytes git would inflate and build taking in the pack read from ``fh`` (object ids
    of ``id_bytes``): each entry's declared size, a delta's result size too. PackRefused
    when that passes ``most`` (read no further), or the pack is no pack as git writes one."""
    reader = _Reader(fh)
    head = reader.take(_HEADER)
    version, count = int.from_bytes(head[4:8], "big"), int.from_bytes(head[8:], "big")
    if head[:4] != b"PACK" or version not in _VERSIONS:
        raise PackRefused("it is no git pack")
    total = 0
    for _ in range(count):
        total += _entry_cost(reader, id_bytes, most - total)
        if total > most:
            raise PackRefused(_too_much(most))
    return total


def _too_much(most: int) -> str:
    return f"its objects come to over {most >> 20} MiB (the worktree_max_commit_mb setting)"


def _entry_cost(reader: _Reader, id_bytes: int, left: int) -> int:
    """One entry read (its header, its base, its zlib stream): its declared size, and a
    delta's result size; a declared size past ``left`` returned before inflating anything."""
    c = reader.byte()
    kind, size, shift = (c >> 4) & 7, c & 15, 4
    while c & 0x80:
        c = reader.byte()
        size |= (c & 0x7F) << shift
        shift += 7
        if shift > 70:
            raise PackRefused("an object's size is too long")
    if kind not in _KINDS:
        raise PackRefused(f"an object is of no kind git knows ({kind})")
    if size > left:  # (the caller refuses the pack: nothing inflated)
        return size
    if kind == _REF_DELTA:
        reader.take(id_bytes)
    elif kind == _OFS_DELTA:
        while reader.byte() & 0x80:
            pass
    start = _inflated(reader, size, kind in (_OFS_DELTA, _REF_DELTA))
    if not start:
        return size
    _, at = _varint(start, 0)  # (the base's size, then the result's)
    made, _ = _varint(start, at)
    return size + made


def _inflated(reader: _Reader, size: int, delta: bool) -> bytes:
    """Inflate the entry's zlib stream of ``size`` bytes a piece at a time (its start kept
    for a delta: its header); PackRefused when it makes more, or reads far more."""
    inflate, made, start = zlib.decompressobj(), 0, b""
    bound = size + (size >> 6) + 1024  # (stored blocks: 5 bytes a 64 KiB, and zlib's 6)
    used = 0
    try:
        while not inflate.eof:
            data = reader.more(min(size + 64, _CHUNK))  # (its unused rest is copied)
            piece = inflate.decompress(data, _CHUNK)
            rest = inflate.unused_data if inflate.eof else inflate.unconsumed_tail
            eaten = len(data) - len(rest)
            reader.pos += eaten
            used += eaten
            made += len(piece)
            if delta and len(start) < _DELTA_HEADER:
                start += piece[: _DELTA_HEADER - len(start)]
            if made > size or used > bound:
                raise PackRefused("an object inflates past the size it declares")
    except zlib.error:
        raise PackRefused("an object is no zlib stream") from None
    if made != size:
        raise PackRefused("an object inflates to less than the size it declares")
    return start


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """A delta header's size at ``data[at:]`` (7 bits a byte, lowest first) and where the
    next starts; PackRefused when the header is cut short."""
    value, shift = 0, 0
    while True:
        if at >= len(data):
            raise PackRefused("a delta's header is cut short")
        c = data[at]
        value |= (c & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if not c & 0x80:
            return value, at
