"""What a SQLite write-ahead log left beside a database holds, read without SQLite.

On a read-only filesystem SQLite cannot make the ``-shm`` index it needs to read a ``-wal``
(:func:`coordinator.store.schema.open_file`), so a file is read alone (``immutable``) when
its log holds nothing the file lacks: :func:`unapplied_changes`. The log is read as SQLite
recovers it (https://www.sqlite.org/fileformat.html, "The Write-Ahead Log"): a 32-byte
header (magic, format version, page size, checkpoint sequence, two salts, a checksum), then
frames of a 24-byte header (page number, the database's size in pages after a commit or 0,
the salts, a cumulative checksum) and one page. A log whose header is not valid holds
nothing; its frames count up to the first whose salts or checksum do not match (an older
generation's, or torn); only those up to the last commit frame among them are committed.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from coordinator.regular import open_regular

WAL_HEADER, FRAME_HEADER = 32, 24
_MAGIC = 0x377F0682  # the low bit: checksums of big-endian words
_VERSION = 3007000
_MASK = 0xFFFFFFFF
#: A larger log is not read (its checksums would take seconds): assumed to hold changes.
MAX_READ = 64 << 20


def checksum(data: bytes, big_endian: bool, seed: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """SQLite's WAL checksum of ``data`` (a multiple of 8 bytes), continued from ``seed``."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    s1, s2 = seed
    for i in range(0, len(words), 2):
        s1 = (s1 + words[i] + s2) & _MASK
        s2 = (s2 + words[i + 1] + s1) & _MASK
    return s1, s2


def unapplied_changes(wal: Path, db: Path) -> bool:
    """Whether the log ``wal`` holds a committed change the file ``db`` lacks: False for no
    log, an empty one, one with no valid header or no committed frame (its salts no longer
    match: a log restarted after a checkpoint; a transaction that never committed), or one
    whose committed pages are all in the file as it ends (fully checkpointed). A log or
    file that cannot be read, is no regular file (a pipe or device would block the read),
    a log format this does not know, or a log over :data:`MAX_READ` bytes is assumed to."""
    try:
        with _open_regular(wal) as log, _open_regular(db) as file:
            if os.fstat(log.fileno()).st_size > MAX_READ:
                return True
            return _unapplied(log, file)
    except FileNotFoundError:
        return wal.exists()
    except OSError:
        return True


def _open_regular(path: Path) -> BinaryIO:
    """``path`` (a link followed) opened to read when it is a regular file, nothing else
    opened (:func:`~coordinator.regular.open_regular`: a named pipe neither waited on nor
    its writer released); OSError when it is no regular file."""
    return os.fdopen(open_regular(path, follow=True), "rb")


def _unapplied(log: BinaryIO, file: BinaryIO) -> bool:
    """:func:`unapplied_changes` over the open log and file."""
    head = log.read(WAL_HEADER)
    if len(head) < WAL_HEADER:
        return False
    magic, version, size, _, salt1, salt2, sum1, sum2 = struct.unpack(">8I", head)
    if magic & ~1 != _MAGIC or size & (size - 1) or not 512 <= size <= 65536:
        return False  # not a log SQLite would read: it ignores it
    if version != _VERSION:
        return True
    big = bool(magic & 1)
    if checksum(head[:24], big) != (sum1, sum2):
        return False
    pages, db_pages = _committed(log, size, big, (salt1, salt2), (sum1, sum2))
    if not pages:
        return False
    file.seek(0, 2)
    if file.tell() != db_pages * size:
        return True
    for number, offset in pages.items():
        log.seek(offset)
        file.seek((number - 1) * size)
        if log.read(size) != file.read(size):
            return True
    return False


def _committed(
    log: BinaryIO, size: int, big: bool, salts: tuple[int, int], seed: tuple[int, int]
) -> tuple[dict[int, int], int]:
    """The committed frames of a valid log: the offset of each page's last committed image
    in it, and the database's size in pages after the last commit (0: none)."""
    last: dict[int, int] = {}
    pending: dict[int, int] = {}
    pages = 0
    for offset, frame in _frames(log, size):
        number, commit, salt1, salt2, sum1, sum2 = struct.unpack(">6I", frame[:FRAME_HEADER])
        if (salt1, salt2) != salts or number == 0:
            break
        seed = checksum(frame[FRAME_HEADER:], big, checksum(frame[:8], big, seed))
        if seed != (sum1, sum2):
            break
        pending[number] = offset + FRAME_HEADER
        if commit:
            last.update(pending)
            pending.clear()
            pages = commit
    return last, pages


def _frames(log: BinaryIO, size: int) -> Iterator[tuple[int, bytes]]:
    """Each whole frame of the log after its header, with its offset."""
    offset = WAL_HEADER
    while len(frame := log.read(FRAME_HEADER + size)) == FRAME_HEADER + size:
        yield offset, frame
        offset += FRAME_HEADER + size
