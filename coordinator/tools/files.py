"""Read, Write, Edit and Glob with Claude Code's names and input schemas.

Every path is confined to the workspace (:mod:`coordinator.tools.workspace`). Blocking file
I/O runs in a worker thread so concurrent agents are not stalled.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from coordinator.clip import counted, line_count
from coordinator.sanitize import safe_cut, secret_span
from coordinator.status import WriteOutcome
from coordinator.tools.base import JSON, ToolContext, ToolError, ToolResult
from coordinator.tools.globbing import compile_glob, walk_files
from coordinator.tools.matching import Matcher, kept
from coordinator.tools.workspace import (
    OpenMode,
    display_path,
    make_parents,
    open_confined,
    resolve_for_write,
    resolve_in_workspace,
    sniff_binary,
    unseen_test,
)

#: Read returns at most this many lines per call (use offset/limit for more).
READ_MAX_LINES = 2000
#: Longer lines are cut to this many characters.
READ_MAX_LINE_CHARS = 2000
#: Read returns at most this many characters per call.
READ_MAX_CHARS = 50_000
#: Edit rewrites files up to this size (the whole file is held in memory).
EDIT_MAX_BYTES = 10 * 1024 * 1024
#: A line is read at most this many bytes at a time (enough for READ_MAX_LINE_CHARS), and
#: as many more as a secret begun before that may run on (:func:`_line_bytes`).
_LINE_MAX_BYTES = 4 * READ_MAX_LINE_CHARS + 4
_SKIP_CHUNK_BYTES = 1 << 18
#: How far past a cut line's start Read looks for its end: a sparse file an agent made (a
#: line, then terabytes of holes, read at some hundred MB a second) must not hold the call,
#: and the thread no cancel can stop, for hours.
READ_MAX_LINE_BYTES = 256 * 1024 * 1024
#: Surrogates that surrogateescape cannot turn back into a byte.
_LONE_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")
#: Glob lists at most this many paths.
GLOB_MAX_RESULTS = 100


def unencodable(text: str) -> str | None:
    """Where ``text`` (a command from a model's reply) holds a lone surrogate, which no
    program can be given (JSON's ``"\\ud800"``), in one phrase; None for text that encodes."""
    found = _LONE_SURROGATE.search(text)
    if found is None:
        return None
    return (
        f"character {found.start() + 1} is U+{ord(found[0]):04X}, half of a UTF-16 "
        "surrogate pair, which is no text a program can be given"
    )


def _opt_int(args: JSON, key: str) -> int | None:
    value = args.get(key)
    return None if value is None else int(value)


class ReadTool:
    """Read a text file with ``cat -n`` style line numbers."""

    name = "Read"
    description = (
        "Reads a file from the workspace. file_path is relative to the workspace root (or an "
        "absolute path inside it). Output is line-numbered like `cat -n` (number, tab, line). "
        f"By default up to {READ_MAX_LINES} lines from the start; use offset (1-based line "
        "number to start at) and limit (number of lines) for long files. Lines longer than "
        f"{READ_MAX_LINE_CHARS} characters are truncated. Binary files are not shown."
    )
    input_schema: JSON = {  # noqa: RUF012 (read-only; Toolset.schemas() copies it)
        "type": "object",
        "properties": {
            "file_path": {"type": "string", "description": "The file to read"},
            "offset": {
                "type": "integer",
                "minimum": 1,
                "description": "The line number to start reading from (1-based)",
            },
            "limit": {"type": "integer", "minimum": 1, "description": "How many lines to read"},
        },
        "required": ["file_path"],
        "additionalProperties": False,
    }

    async def run(self, args: JSON, ctx: ToolContext) -> ToolResult:
        """Read the file; ToolError when it is missing, a directory or outside the workspace."""
        return await asyncio.to_thread(self._read, args, ctx)

    def _read(self, args: JSON, ctx: ToolContext) -> ToolResult:
        path = resolve_in_workspace(ctx.root, args["file_path"])
        rel = display_path(ctx.root, path)
        ctx.check_not_store(path, rel)
        if path.is_dir():
            raise ToolError(f"'{rel}' is a directory, not a file; use Glob to list files")
        if not path.exists():
            raise ToolError(f"file '{rel}' does not exist")
        offset = max(1, _opt_int(args, "offset") or 1)
        limit = min(_opt_int(args, "limit") or READ_MAX_LINES, READ_MAX_LINES)
        with open_confined(ctx.root, path, OpenMode.READ, stores=ctx.stores) as fh:
            if sniff_binary(fh):
                size = os.fstat(fh.fileno()).st_size
                return ToolResult(f"'{rel}' is a binary file, {counted(size, 'byte')}; not shown")
            return ToolResult(_numbered(fh, rel, offset, limit))


def _lines(fh: BinaryIO) -> Iterator[str]:
    """The file's lines, each cut to READ_MAX_LINE_CHARS (plus a marker) without ever holding
    more than one bounded chunk of a long line in memory."""
    budget = _line_bytes()
    while True:
        raw = fh.readline(budget)
        if not raw:
            return
        cut = not raw.endswith(b"\n") and len(raw) == budget
        ended = _skip_line(fh) if cut else True
        line = raw.decode("utf-8", errors="replace").removesuffix("\n").removesuffix("\r")
        if cut or len(line) > READ_MAX_LINE_CHARS:
            line = safe_cut(line, READ_MAX_LINE_CHARS) + " [line truncated]"
        if not ended:
            mb = READ_MAX_LINE_BYTES // (1024 * 1024)
            yield f"{line} [it runs on past {mb} MB: the rest of the file is not read]"
            return
        yield line


def _line_bytes() -> int:
    """How much of a line is read: :data:`_LINE_MAX_BYTES` and four bytes a character of
    :func:`~coordinator.sanitize.secret_span`, so that a secret begun before the cut is
    read whole and scrubbed (cut where READ_MAX_LINE_CHARS wide characters end, 13 of a
    61-character key were kept, which no scrub recognised)."""
    return _LINE_MAX_BYTES + 4 * secret_span()


def _skip_line(fh: BinaryIO) -> bool:
    """Move past the next newline (or to the end), one bounded chunk at a time; False when
    none came within :data:`READ_MAX_LINE_BYTES`."""
    for _ in range(READ_MAX_LINE_BYTES // _SKIP_CHUNK_BYTES):
        chunk = fh.read(_SKIP_CHUNK_BYTES)
        newline = chunk.find(b"\n")
        if newline >= 0:
            fh.seek(newline + 1 - len(chunk), os.SEEK_CUR)
            return True
        if len(chunk) < _SKIP_CHUNK_BYTES:
            return True
    return False


def _numbered(fh: BinaryIO, rel: str, offset: int, limit: int) -> str:
    out: list[str] = []
    size = 0
    lineno = 0
    note = ""
    for lineno, line in enumerate(_lines(fh), start=1):
        if lineno < offset:
            continue
        if len(out) >= limit or size >= READ_MAX_CHARS:
            last = offset + len(out) - 1
            why = counted(limit, "line") if len(out) >= limit else f"{READ_MAX_CHARS:,} characters"
            note = (
                f"\n[output limited to {why}: showing lines {offset}-{last}; the file "
                f"continues; read more with offset={last + 1}]"
            )
            break
        entry = f"{lineno:>6}\t{line}"
        out.append(entry)
        size += len(entry) + 1
    if lineno == 0:
        return f"'{rel}' is empty (0 lines)"
    if not out:
        raise ToolError(f"offset {offset} is past the end of '{rel}' ({counted(lineno, 'line')})")
    return "\n".join(out) + note


class WriteTool:
    """Create or overwrite a file (parent directories are created)."""

    name = "Write"
    description = (
        "Writes a file in the workspace, creating parent directories as needed and "
        "overwriting any existing file. file_path is relative to the workspace root (or an "
        "absolute path inside it). Prefer Edit for changing part of an existing file."
    )
    input_schema: JSON = {  # noqa: RUF012 (read-only; Toolset.schemas() copies it)
        "type": "object",
        "properties": {
            "file_path": {"type": "string", "description": "The file to write"},
            "content": {"type": "string", "description": "The full content to write"},
        },
        "required": ["file_path", "content"],
        "additionalProperties": False,
    }

    async def run(self, args: JSON, ctx: ToolContext) -> ToolResult:
        """Write the file; ToolError when the path is a directory or outside the workspace."""
        return await asyncio.to_thread(self._write, args, ctx)

    def _write(self, args: JSON, ctx: ToolContext) -> ToolResult:
        path = resolve_for_write(ctx.root, args["file_path"], ctx.protected)
        rel = display_path(ctx.root, path)
        ctx.check_not_store(path, rel)
        if path.is_dir():
            raise ToolError(f"'{rel}' is a directory; give a file path")
        existed = path.exists()
        content: str = args["content"]
        data = _encoded(content)
        counts = f"({counted(line_count(content), 'line')}, {counted(len(data), 'byte')})"
        if existed and os.access(path, os.R_OK):  # opened as for any write: the same checks
            mode, stores = OpenMode.UPDATE, ctx.stores
            with open_confined(ctx.root, path, mode, ctx.protected, stores=stores) as fh:
                if _holds(fh, data):
                    return ToolResult(f"{WriteOutcome.UNCHANGED} '{rel}': {_SAME} {counts}")
                fh.truncate()
                _write_all(fh, data, rel)
            return ToolResult(f"{WriteOutcome.UPDATED} '{rel}' {counts}")
        make_parents(ctx.root, path)
        with open_confined(ctx.root, path, OpenMode.WRITE, ctx.protected, stores=ctx.stores) as fh:
            _write_all(fh, data, rel)
        verb = WriteOutcome.UPDATED if existed else WriteOutcome.CREATED
        return ToolResult(f"{verb} '{rel}' {counts}")


_SAME = "it already held this content; nothing was written"


def _holds(fh: BinaryIO, data: bytes) -> bool:
    """True when the open file holds exactly ``data``; the file is left at its start."""
    same = os.fstat(fh.fileno()).st_size == len(data) and fh.read(len(data) + 1) == data
    fh.seek(0)
    return same


def _encoded(text: str) -> bytes:
    """UTF-8 bytes; bytes a file held that were not UTF-8 (read with surrogateescape) are
    written back as they were, and lone surrogates from a model reply become U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8", errors="surrogateescape")


def _write_all(fh: BinaryIO, data: bytes, rel: str) -> None:
    try:
        fh.write(data)
        fh.flush()
    except OSError as exc:
        raise ToolError(f"cannot write '{rel}': {exc.strerror or exc}") from None


class EditTool:
    """Replace an exact string in a file; refuses ambiguous or missing matches."""

    name = "Edit"
    description = (
        "Replaces old_string with new_string in a workspace file. old_string must match the "
        "file exactly (including whitespace and indentation) and be unique in the file, "
        "unless replace_all is true, which replaces every occurrence. Include enough "
        "surrounding lines to make old_string unique. An empty old_string creates a new file."
    )
    input_schema: JSON = {  # noqa: RUF012 (read-only; Toolset.schemas() copies it)
        "type": "object",
        "properties": {
            "file_path": {"type": "string", "description": "The file to modify"},
            "old_string": {"type": "string", "description": "The exact text to replace"},
            "new_string": {"type": "string", "description": "The replacement text"},
            "replace_all": {
                "type": "boolean",
                "default": False,
                "description": "Replace every occurrence of old_string (default false)",
            },
        },
        "required": ["file_path", "old_string", "new_string"],
        "additionalProperties": False,
    }

    async def run(self, args: JSON, ctx: ToolContext) -> ToolResult:
        """Apply the edit; ToolError explains a missing or ambiguous old_string."""
        return await asyncio.to_thread(self._edit, args, ctx)

    def _edit(self, args: JSON, ctx: ToolContext) -> ToolResult:
        path = resolve_for_write(ctx.root, args["file_path"], ctx.protected)
        rel = display_path(ctx.root, path)
        ctx.check_not_store(path, rel)
        old: str = args["old_string"]
        new: str = args["new_string"]
        if old == new:
            raise ToolError("old_string and new_string are identical; nothing to change")
        if not path.exists():
            if old:
                raise ToolError(f"file '{rel}' does not exist")
            return WriteTool()._write({"file_path": str(path), "content": new}, ctx)
        if path.is_dir():
            raise ToolError(f"'{rel}' is a directory, not a file")
        with open_confined(ctx.root, path, OpenMode.UPDATE, ctx.protected, stores=ctx.stores) as fh:
            text = _editable_text(fh, rel)
            replace_all = bool(args.get("replace_all"))
            updated, count = _replaced(text, old, new, rel, replace_all=replace_all)
            fh.seek(0)
            fh.truncate()
            _write_all(fh, _encoded(updated), rel)
        return ToolResult(
            f"Edited '{rel}': replaced {count if args.get('replace_all') else 1} "
            f"occurrence{'s' if count > 1 and args.get('replace_all') else ''}"
        )


def _editable_text(fh: BinaryIO, rel: str) -> str:
    size = os.fstat(fh.fileno()).st_size
    if size > EDIT_MAX_BYTES:
        raise ToolError(
            f"'{rel}' is {size:,} bytes; Edit works on files up to {EDIT_MAX_BYTES:,} bytes"
        )
    if sniff_binary(fh):
        raise ToolError(f"'{rel}' is a binary file; Edit works on text files only")
    return fh.read(EDIT_MAX_BYTES + 1).decode("utf-8", errors="surrogateescape")


def _replaced(text: str, old: str, new: str, rel: str, *, replace_all: bool) -> tuple[str, int]:
    if not old:
        raise ToolError(f"old_string is empty but '{rel}' already exists; quote the text")
    count = text.count(old)
    if count == 0:
        raise ToolError(
            f"old_string was not found in '{rel}'; Read the file and copy the exact text "
            "(whitespace and indentation included)"
        )
    if count > 1 and not replace_all:
        raise ToolError(
            f"old_string matches {count} places in '{rel}'; add surrounding lines to make "
            "it unique, or set replace_all to true to replace all of them"
        )
    grown = len(text) + (count if replace_all else 1) * (len(new) - len(old))
    if grown > EDIT_MAX_BYTES:  # built in memory first: 10 MB of "a" each made 1 KB is 10 GB
        raise ToolError(
            f"the edit would make '{rel}' {grown:,} characters; Edit writes files up to "
            f"{EDIT_MAX_BYTES:,} bytes (make smaller edits, or write the file with Write)"
        )
    return (text.replace(old, new) if replace_all else text.replace(old, new, 1)), count


class GlobTool:
    """Find files by glob pattern; paths relative to the workspace root, sorted by name."""

    name = "Glob"
    description = (
        "Finds files by glob pattern (e.g. '**/*.py', 'src/**/*.{ts,tsx}', '*.md'), relative "
        "to path (default: the workspace root). '**' spans directories; '*' does not. Returns "
        "workspace-relative paths sorted alphabetically, at most "
        f"{GLOB_MAX_RESULTS}. Version-control, cache and dependency directories (.git, "
        "node_modules, .venv, __pycache__) are skipped."
    )
    input_schema: JSON = {  # noqa: RUF012 (read-only; Toolset.schemas() copies it)
        "type": "object",
        "properties": {
            "pattern": {"type": "string", "description": "The glob pattern to match"},
            "path": {
                "type": "string",
                "description": "Directory to search in (default: the workspace root)",
            },
        },
        "required": ["pattern"],
        "additionalProperties": False,
    }

    async def run(self, args: JSON, ctx: ToolContext) -> ToolResult:
        """List matching files."""
        return await asyncio.to_thread(self._glob, args, ctx)

    def _glob(self, args: JSON, ctx: ToolContext) -> ToolResult:
        start = resolve_in_workspace(ctx.root, args.get("path") or ".")
        ctx.check_not_store(start, display_path(ctx.root, start))  # (the index looked at)
        if not start.is_dir():
            raise ToolError(f"path '{args.get('path')}' is not a directory")
        pattern = _relative_pattern(args["pattern"], start)
        root = ctx.root.resolve()
        own = unseen_test(root)  # (the walk skips .coordinator by name only; credentials)
        found: list[str] = []
        with Matcher(compile_glob(pattern), f"the pattern {args['pattern']!r}") as matcher:
            skip = len(str(start).rstrip("/")) + 1  # (a name under it: what the glob sees)
            for file in kept(matcher, _walked(start, ctx), lambda f: str(f)[skip:]):
                if _inside(root, file) and ctx.shown(file) and not own(file):
                    found.append(display_path(root, file))
        if not found:
            return ToolResult("No files found")
        found.sort()
        shown = found[:GLOB_MAX_RESULTS]
        note = ""
        if len(found) > len(shown):
            note = f"\n[showing {len(shown)} of {len(found)} matches; narrow the pattern or path]"
        return ToolResult("\n".join(shown) + note)


def _walked(start: Path, ctx: ToolContext) -> Iterator[Path]:
    """:func:`walk_files` under ``start``, stopped when the caller has gone."""
    for file in walk_files(start):
        ctx.check_halt()  # (a thread a cancel cannot stop: it looks at each file)
        yield file


def _relative_pattern(pattern: str, start: Path) -> str:
    if not pattern.startswith("/"):
        return pattern.removeprefix("./")
    prefix = str(start).rstrip("/") + "/"
    if pattern.startswith(prefix):
        return pattern[len(prefix) :]
    raise ToolError(f"pattern '{pattern}' is outside the search path; use a relative pattern")


def _inside(root: Path, file: Path) -> bool:
    """Symlinked files count only when their target stays in the workspace."""
    if not file.is_symlink():
        return True
    try:
        resolve_in_workspace(root, file)
    except ToolError:
        return False
    return True
