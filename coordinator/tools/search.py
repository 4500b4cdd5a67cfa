"""Grep: search file contents with a Python regular expression (Claude Code's schema)."""

from __future__ import annotations

import asyncio
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from coordinator.clip import counted
from coordinator.sanitize import safe_cut
from coordinator.tools.base import JSON, ToolContext, ToolError, ToolResult
from coordinator.tools.globbing import compile_glob, glob_key, walk_files
from coordinator.tools.matching import Matcher, kept
from coordinator.tools.workspace import (
    OpenMode,
    cap_text,
    display_path,
    open_confined,
    resolve_in_workspace,
    sniff_binary,
    unseen_test,
)

#: Files larger than this are not searched (the result names them).
GREP_MAX_FILE_BYTES = 10 * 1024 * 1024
#: Matching lines longer than this are cut in content mode.
GREP_MAX_LINE_CHARS = 500
#: How many skipped files the result names.
SKIPPED_NAMES_SHOWN = 5
MODES = ("content", "files_with_matches", "count")


class GrepTool:
    """Search file contents; three output modes like ripgrep."""

    name = "Grep"
    description = (
        "Searches file contents with a regular expression (Python `re` syntax). path is a file "
        "or directory (default: the workspace root); glob filters files (e.g. '*.py', "
        "'src/**/*.ts'; a pattern without '/' matches file names at any depth). output_mode: "
        "'files_with_matches' (default) lists matching files, 'content' shows matching lines "
        "(with line numbers when -n is true, the default), 'count' shows matches per file. "
        "-i makes the search case-insensitive. head_limit keeps only the first N entries. "
        "Binary files are skipped; files over 10 MB are skipped and named in the result."
    )
    input_schema: JSON = {  # noqa: RUF012 (read-only; Toolset.schemas() copies it)
        "type": "object",
        "properties": {
            "pattern": {"type": "string", "description": "The regular expression to search for"},
            "path": {"type": "string", "description": "File or directory to search"},
            "glob": {"type": "string", "description": "Only search files matching this glob"},
            "output_mode": {
                "type": "string",
                "enum": list(MODES),
                "description": "content, files_with_matches (default) or count",
            },
            "-i": {"type": "boolean", "description": "Case-insensitive search"},
            "-n": {
                "type": "boolean",
                "description": "Show line numbers (content mode; default true)",
            },
            "head_limit": {
                "type": "integer",
                "minimum": 1,
                "description": "Show only the first N lines or entries",
            },
        },
        "required": ["pattern"],
        "additionalProperties": False,
    }

    async def run(self, args: JSON, ctx: ToolContext) -> ToolResult:
        """Search; ToolError on an invalid regex or a path outside the workspace."""
        return await asyncio.to_thread(self._grep, args, ctx)

    def _grep(self, args: JSON, ctx: ToolContext) -> ToolResult:
        flags = re.MULTILINE | (re.IGNORECASE if args.get("-i") else 0)
        try:
            regex = re.compile(args["pattern"], flags)
        except re.error as exc:
            raise ToolError(f"invalid regular expression {args['pattern']!r}: {exc}") from None
        start = resolve_in_workspace(ctx.root, args.get("path") or ".")
        ctx.check_not_store(start, display_path(ctx.root, start))  # (the index looked at)
        if not start.exists():
            raise ToolError(f"path '{args.get('path')}' does not exist")
        mode = args.get("output_mode") or "files_with_matches"
        numbers = args.get("-n", True) is not False
        root = ctx.root.resolve()
        entries: list[str] = []
        too_big: list[str] = []
        files = _candidates(root, start, args.get("glob"), ctx)
        read = (_read_text(root, f, rel, too_big) for f, rel in files if ctx.shown(f))
        with Matcher(regex, f"the pattern {args['pattern']!r}") as matcher:
            for batch in _batches(texts for texts in read if texts is not None):
                entries += _search_batch(matcher, batch, mode, numbers)
        return ToolResult(_render(entries, too_big, args.get("head_limit")))


def _render(entries: list[str], too_big: list[str], head: int | None) -> str:
    note = ""
    if head is not None and len(entries) > int(head):
        note = f"\n[showing the first {head} of {len(entries)} entries]"
        entries = entries[: int(head)]
    if too_big:
        shown = ", ".join(too_big[:SKIPPED_NAMES_SHOWN])
        extra = len(too_big) - SKIPPED_NAMES_SHOWN
        more = f" and {extra} more" if extra > 0 else ""
        mb = GREP_MAX_FILE_BYTES // (1024 * 1024)
        note += f"\n[skipped {counted(len(too_big), 'file')} over {mb} MB: {shown}{more}]"
    body = "\n".join(entries) if entries else "No matches found"
    rest = "Narrow the pattern, path or glob, or set head_limit, to see the rest."
    return cap_text(body + note, what="grep output", rest=rest)


def _candidates(
    root: Path, start: Path, glob: str | None, ctx: ToolContext
) -> Iterator[tuple[Path, str]]:
    """The files to search under ``start`` (those ``glob`` matches), with their names."""
    files = _walked(start, ctx)
    if glob:
        with Matcher(compile_glob(glob), f"the glob {glob!r}") as matcher:
            yield from _confined(root, kept(matcher, files, lambda f: glob_key(glob, f[1])))
    else:
        yield from _confined(root, files)


def _walked(start: Path, ctx: ToolContext) -> Iterator[tuple[Path, str]]:
    """Every file under ``start`` with its name from there; stopped when the caller has gone."""
    skip = None if start.is_file() else len(str(start).rstrip("/")) + 1
    for file in walk_files(start):
        ctx.check_halt()  # (a thread a cancel cannot stop: it looks at each file)
        yield file, file.name if skip is None else str(file)[skip:]


def _confined(root: Path, files: Iterator[tuple[Path, str]]) -> Iterator[tuple[Path, str]]:
    """The files walked (``root`` resolved), each where it leads when in the workspace, and
    its name there. One that is no link leads to itself: the walk reached it through no
    link (a folder swapped for one since is caught as it is opened, where it leads)."""
    skip = len(str(root).rstrip("/")) + 1
    own = unseen_test(root)  # coord's own folders, the user's credentials: never shown
    for file, _ in files:
        try:
            linked = stat.S_ISLNK(os.lstat(file).st_mode)
            real = resolve_in_workspace(root, file) if linked else file
        except (ToolError, OSError):
            continue
        if not linked and own(file):
            continue
        yield real, str(file)[skip:]


#: How many files, and about how many characters, one exchange with the matching process takes.
_BATCH_FILES = 256
_BATCH_CHARS = 8 * 1024 * 1024


def _read_text(root: Path, file: Path, rel: str, too_big: list[str]) -> tuple[str, str] | None:
    """``file``'s name and text, or None: binary, unreadable, or too big (named in
    ``too_big``)."""
    try:
        with open_confined(root, file, OpenMode.READ, base=root) as fh:  # (root resolved)
            if os.fstat(fh.fileno()).st_size > GREP_MAX_FILE_BYTES:
                too_big.append(rel)
                return None
            if sniff_binary(fh):
                return None
            return rel, fh.read(GREP_MAX_FILE_BYTES + 1).decode("utf-8", errors="replace")
    except (ToolError, OSError):
        return None


def _batches(read: Iterator[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    """The files read, in batches of up to :data:`_BATCH_FILES` files or about
    :data:`_BATCH_CHARS` characters: one exchange with the matching process each."""
    batch: list[tuple[str, str]] = []
    size = 0
    for item in read:
        batch.append(item)
        size += len(item[1])
        if len(batch) == _BATCH_FILES or size >= _BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _search_batch(
    matcher: Matcher, batch: list[tuple[str, str]], mode: str, numbers: bool
) -> list[str]:
    texts = [text for _, text in batch]
    if mode == "files_with_matches":
        return [rel for (rel, _), hit in zip(batch, matcher.search(texts), strict=True) if hit]
    hits = matcher.lines(texts)
    return [
        entry
        for (rel, _), found in zip(batch, hits, strict=True)
        for entry in _matching_lines(found, rel, mode, numbers)
    ]


def _matching_lines(hits: list[tuple[int, str]], rel: str, mode: str, numbers: bool) -> list[str]:
    if mode == "count":
        return [f"{rel}:{len(hits)}"] if hits else []
    return [
        f"{rel}:{lineno}:{_cut(line)}" if numbers else f"{rel}:{_cut(line)}"
        for lineno, line in hits
    ]


def _cut(line: str) -> str:
    return line if len(line) <= GREP_MAX_LINE_CHARS else safe_cut(line, GREP_MAX_LINE_CHARS) + "…"
